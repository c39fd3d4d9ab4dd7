/* Tests src/app/cache.c: hits only for the same key and version, a bounded
 * budget, a large page kept apart, copies that outlive the response they
 * came from, and keys made only of what the page takes. */
#include <stdlib.h>
#include <string.h>

#include "../../src/app/cache.h"
#include "../../src/http/field.h"
#include "../../src/http/response.h"
#include "../../src/lib/arena.h"
#include "test.h"

/* Fills resp as a handler would: a 200 page with one header. */
static void
make_response(struct http_response *resp, const char *body)
{
	http_response_reset(resp);
	resp->status = 200;
	resp->content_type = "text/html; charset=utf-8";
	http_response_header(resp, "ETag", "W/\"v7\"");
	buf_puts(&resp->body, body);
}

static void
test_hit_needs_same_key_and_version(void)
{
	struct http_response resp, out;

	http_response_init(&resp);
	http_response_init(&out);
	cache_init(1 << 20);
	make_response(&resp, "<p>index</p>");
	cache_put("/blog/", 7, &resp, 0);
	http_response_reset(&resp);	/* the cache holds its own copy */

	CHECK_INT(cache_get("/blog/", 7, &out), 1);
	CHECK_INT(out.status, 200);
	CHECK_STR(out.body.data, "<p>index</p>");
	CHECK(strstr(out.headers.data, "ETag: W/\"v7\"") != NULL);
	CHECK_STR(out.content_type, "text/html; charset=utf-8");

	CHECK_INT(cache_get("/blog/", 8, &out), 0);	/* a write happened */
	CHECK_INT(cache_get("/blog/?page=2", 7, &out), 0);
	cache_free();
	http_response_free(&resp);
	http_response_free(&out);
}

static void
test_budget_bounds_the_memory(void)
{
	struct http_response resp, out;
	char body[1000], key[32];

	http_response_init(&resp);
	http_response_init(&out);
	cache_init(64 * 1024);
	memset(body, 'x', sizeof(body) - 1);
	body[sizeof(body) - 1] = '\0';
	make_response(&resp, body);
	for (int i = 0; i < 500; i++) {
		snprintf(key, sizeof(key), "/blog/?page=%d", i);
		cache_put(key, 1, &resp, 0);
		CHECK(cache_bytes_used() <= 64 * 1024);
	}
	/* The newest entry is always there. */
	CHECK_INT(cache_get("/blog/?page=499", 1, &out), 1);
	cache_free();
	CHECK_INT(cache_bytes_used(), 0);
	http_response_free(&resp);
	http_response_free(&out);
}

/*
 * A page over an eighth of the budget is kept only when large by nature (a
 * sitemap), in a slot of its own: it evicts none of the table, the next
 * large one replaces it, a newer version drops it, and one past the large
 * bound is not kept.
 */
static void
test_large_page_kept_apart(void)
{
	struct http_response resp, small, out;
	static char body[20000];
	char *huge;

	http_response_init(&resp);
	http_response_init(&small);
	http_response_init(&out);
	cache_init(64 * 1024);
	make_response(&small, "<p>index</p>");
	cache_put("/blog/", 1, &small, 0);
	memset(body, 'y', sizeof(body) - 1);
	make_response(&resp, body);
	/* Another page made large (a Markdown bomb's) is not kept at all. */
	cache_put("/blog/bomb", 1, &resp, 0);
	CHECK_INT(cache_get("/blog/bomb", 1, &out), 0);
	cache_put("/sitemap.xml", 1, &resp, 1);
	CHECK(cache_bytes_used() < 1024);	/* outside the budget */
	CHECK_INT(cache_get("/sitemap.xml", 1, &out), 1);
	CHECK_INT(out.body.len, sizeof(body) - 1);
	CHECK_INT(cache_get("/blog/", 1, &out), 1);

	cache_put("/sitemap-2.xml", 1, &resp, 1);
	CHECK_INT(cache_get("/sitemap.xml", 1, &out), 0);
	CHECK_INT(cache_get("/sitemap-2.xml", 2, &out), 0);	/* stale */
	CHECK_INT(cache_get("/sitemap-2.xml", 1, &out), 0);	/* dropped */

	huge = malloc(9 * 1024 * 1024);
	CHECK(huge != NULL);
	if (huge != NULL) {
		memset(huge, 'z', 9 * 1024 * 1024 - 1);
		huge[9 * 1024 * 1024 - 1] = '\0';
		make_response(&resp, huge);
		cache_put("/sitemap.xml", 3, &resp, 1);
		CHECK_INT(cache_get("/sitemap.xml", 3, &out), 0);
		free(huge);
	}
	cache_free();
	http_response_free(&resp);
	http_response_free(&small);
	http_response_free(&out);
}

/* The fields of the index page, as routes.c declares them. */
static const struct field key_fields[] = {
	{ "page", FIELD_PAGE_NUMBER, 0, "", FIELD_FROM_QUERY, NULL },
	{ "q", FIELD_TEXT, 200, "", FIELD_FROM_QUERY, NULL },
};

/* Returns the key of path with the fields query gives, as validated. */
static const char *
key_of(struct arena *a, const char *path, const char *query)
{
	struct field_value in[2];
	struct http_params params;
	struct buf key = { 0 };
	const char *copy;
	size_t bad;

	if (http_parse_urlencoded(a, query, strlen(query), &params) != 0 ||
	    field_validate(key_fields, 2, 3u, &params, in, &bad) != 0)
		return "(invalid)";
	copy = arena_strdup(a, cache_key(&key, path, key_fields, in, 2));
	buf_free(&key);
	return copy;
}

static void
test_key_ignores_what_the_page_does_not_take(void)
{
	struct arena a;

	arena_init(&a, 0);
	CHECK_STR(key_of(&a, "/blog/", "q=the"), key_of(&a, "/blog/",
	    "q=the&r=123"));
	CHECK_STR(key_of(&a, "/blog/", "r=1&q=the&utm_source=x"),
	    key_of(&a, "/blog/", "q=the"));
	CHECK_STR(key_of(&a, "/blog/", ""), key_of(&a, "/blog/", "x=1"));
	/* Order and spelling of the fields it takes make no new key. */
	CHECK_STR(key_of(&a, "/blog/", "page=2&q=a+b"),
	    key_of(&a, "/blog/", "q=a%20b&page=2"));
	CHECK_STR(key_of(&a, "/blog/", "%71=word"),
	    key_of(&a, "/blog/", "q=word"));
	/* What it takes does. */
	CHECK(strcmp(key_of(&a, "/blog/", "q=the"),
	    key_of(&a, "/blog/", "q=tha")) != 0);
	CHECK(strcmp(key_of(&a, "/blog/", "page=2"),
	    key_of(&a, "/blog/", "page=3")) != 0);
	CHECK(strcmp(key_of(&a, "/blog/", ""),
	    key_of(&a, "/blog/x", "")) != 0);
	/* A value cannot pass for another field: every part is encoded. */
	CHECK(strcmp(key_of(&a, "/blog/", "q=x%26page%3D2"),
	    key_of(&a, "/blog/", "q=x&page=2")) != 0);
	arena_free(&a);
}

int
main(void)
{
	TEST_RUN(test_hit_needs_same_key_and_version);
	TEST_RUN(test_budget_bounds_the_memory);
	TEST_RUN(test_large_page_kept_apart);
	TEST_RUN(test_key_ignores_what_the_page_does_not_take);
	return TEST_DONE();
}

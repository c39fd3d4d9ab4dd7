/* Tests src/app/cache.c: hits only for the same key and version, a bounded
 * budget, and copies that outlive the response they came from. */
#include <string.h>

#include "../../src/app/cache.c"
#include "../../src/http/response.h"
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
	cache_put("/blog/", 7, &resp);
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
		cache_put(key, 1, &resp);
		CHECK(cache_used <= 64 * 1024);
	}
	/* The newest entry is always there. */
	CHECK_INT(cache_get("/blog/?page=499", 1, &out), 1);
	cache_free();
	CHECK_INT(cache_used, 0);
	http_response_free(&resp);
	http_response_free(&out);
}

static void
test_oversized_page_not_cached(void)
{
	struct http_response resp, out;
	static char body[20000];

	http_response_init(&resp);
	http_response_init(&out);
	cache_init(64 * 1024);
	memset(body, 'y', sizeof(body) - 1);
	make_response(&resp, body);
	cache_put("/blog/big", 1, &resp);
	CHECK_INT(cache_get("/blog/big", 1, &out), 0);
	cache_free();
	http_response_free(&resp);
	http_response_free(&out);
}

int
main(void)
{
	TEST_RUN(test_hit_needs_same_key_and_version);
	TEST_RUN(test_budget_bounds_the_memory);
	TEST_RUN(test_oversized_page_not_cached);
	return TEST_DONE();
}

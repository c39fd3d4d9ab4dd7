/*
 * Tests src/http/router.c and field.c over blog.fcgi's own route table
 * (src/app/routes.c), plus a table with the write side's shapes: 404
 * against 405 with Allow, slug segments, literal paths before slugs, query
 * fields, form fields with an error each, and the slugs a post may not
 * have because the table's paths use them.
 */
#include <string.h>

#include "../../src/app/routes.h"
#include "../../src/http/field.h"
#include "../../src/http/router.h"
#include "../../src/lib/arena.h"
#include "test.h"

#define NROUTES(t) (sizeof(t) / sizeof((t)[0]))

static struct arena arena;

/* Returns the page routed to, -404 or -405 (with the Allow value). */
static int
routed(enum http_method method, const char *path, char *allow,
    const char **slug)
{
	struct route_match m;
	int status = route_find(routes, PAGE__MAX, method, path, &arena, &m);

	if (allow != NULL)
		route_allow_string(m.allow, allow, 64);
	if (slug != NULL)
		*slug = m.slug;
	return status == 0 ? (int)m.route : -status;
}

static void
test_read_pages_routed(void)
{
	const char *slug = NULL;

	CHECK_INT(routed(HTTP_GET, "/", NULL, NULL), PAGE_ROOT);
	CHECK_INT(routed(HTTP_GET, "/blog", NULL, NULL), PAGE_BLOG);
	CHECK_INT(routed(HTTP_GET, "/blog/", NULL, NULL), PAGE_INDEX);
	CHECK_INT(routed(HTTP_GET, "/blog/tags", NULL, NULL), PAGE_TAGS);
	CHECK_INT(routed(HTTP_GET, "/blog/feed.atom", NULL, NULL), PAGE_FEED);
	CHECK_INT(routed(HTTP_GET, "/healthz", NULL, NULL), PAGE_HEALTH);
	CHECK_INT(routed(HTTP_GET, "/blog/tag/linux", NULL, &slug), PAGE_TAG);
	CHECK_STR(slug, "linux");
	CHECK_INT(routed(HTTP_GET, "/blog/hello-world-2", NULL, &slug),
	    PAGE_POST);
	CHECK_STR(slug, "hello-world-2");
	CHECK_INT(routed(HTTP_HEAD, "/blog/hello", NULL, NULL), PAGE_POST);
}

/* Found and shared: robots, the sitemap and its parts, a tag's feed. */
static void
test_crawler_pages_routed(void)
{
	const char *slug = NULL;

	CHECK_INT(routed(HTTP_GET, "/robots.txt", NULL, NULL), PAGE_ROBOTS);
	CHECK_INT(routed(HTTP_GET, "/sitemap.xml", NULL, NULL), PAGE_SITEMAP);
	CHECK_INT(routed(HTTP_GET, "/sitemap-2.xml", NULL, &slug),
	    PAGE_SITEMAP_PART);
	CHECK_STR(slug, "2");
	CHECK_INT(routed(HTTP_GET, "/blog/tag/c-lang/feed.atom", NULL, &slug),
	    PAGE_TAG_FEED);
	CHECK_STR(slug, "c-lang");
	/* A {slug} inside a segment still takes only [a-z0-9-]. */
	CHECK_INT(routed(HTTP_GET, "/sitemap-.xml", NULL, NULL), -404);
	CHECK_INT(routed(HTTP_GET, "/sitemap-2.xml.gz", NULL, NULL), -404);
	CHECK_INT(routed(HTTP_GET, "/sitemap-2/x.xml", NULL, NULL), -404);
	CHECK_INT(routed(HTTP_GET, "/sitemap-A.xml", NULL, NULL), -404);
	CHECK_INT(routed(HTTP_GET, "/sitemap-2.xm", NULL, NULL), -404);
	CHECK_INT(routed(HTTP_GET, "/blog/tag/x/feed.atom/", NULL, NULL),
	    -404);
	CHECK_INT(routed(HTTP_POST, "/sitemap.xml", NULL, NULL), -405);
}

static void
test_unknown_paths_404(void)
{
	static const char *const paths[] = {
		"/nowhere", "/blog//", "/blog/tag/", "/blog/a/b",
		"/blog/tags/", "/healthz/", "/static", "",
		"/blog/../healthz", "/BLOG/", "/login/", "/logout/x",
		"/blog/create/x", "/blog/x/edit/", "/blog/x/remove",
		"/blog/Bad/edit",
	};

	for (size_t i = 0; i < NROUTES(paths); i++) {
		int got = routed(HTTP_GET, paths[i], NULL, NULL);

		if (got != -404)
			fprintf(stderr, "%s routed to %d\n", paths[i], got);
		CHECK_INT(got, -404);
	}
	/* "tag" is a slug like any other: a post may be called that. */
	CHECK_INT(routed(HTTP_GET, "/blog/tag", NULL, NULL), PAGE_POST);
}

static void
test_write_pages_routed(void)
{
	const char *slug = NULL;
	char allow[64];

	CHECK_INT(routed(HTTP_GET, "/blog/create", NULL, NULL), PAGE_CREATE);
	CHECK_INT(routed(HTTP_POST, "/blog/create", NULL, NULL), PAGE_CREATE);
	CHECK_INT(routed(HTTP_GET, "/login", NULL, NULL), PAGE_LOGIN);
	CHECK_INT(routed(HTTP_POST, "/login", NULL, NULL), PAGE_LOGIN);
	CHECK_INT(routed(HTTP_POST, "/logout", NULL, NULL), PAGE_LOGOUT);
	CHECK_INT(routed(HTTP_GET, "/blog/my-post/edit", NULL, &slug),
	    PAGE_EDIT);
	CHECK_STR(slug, "my-post");
	CHECK_INT(routed(HTTP_POST, "/blog/my-post/edit", NULL, NULL),
	    PAGE_EDIT);
	CHECK_INT(routed(HTTP_POST, "/blog/my-post/delete", NULL, &slug),
	    PAGE_DELETE);
	CHECK_STR(slug, "my-post");
	/* A link (GET) never deletes nor signs out. */
	CHECK_INT(routed(HTTP_GET, "/blog/my-post/delete", allow, NULL), -405);
	CHECK_STR(allow, "POST");
	CHECK_INT(routed(HTTP_GET, "/logout", allow, NULL), -405);
	CHECK_STR(allow, "POST");
	CHECK_INT(routed(HTTP_OTHER, "/login", allow, NULL), -405);
	CHECK_STR(allow, "GET, HEAD, POST");
	/* The literal wins over the post of slug "create". */
	CHECK_INT(routed(HTTP_POST, "/blog/create", NULL, NULL), PAGE_CREATE);
	CHECK_INT(routed(HTTP_POST, "/blog/some-post", allow, NULL), -405);
	CHECK_STR(allow, "GET, HEAD");
}

static void
test_reserved_slugs(void)
{
	/* Each a literal segment under /blog/ in the table. */
	CHECK(route_slug_reserved("create"));
	CHECK(route_slug_reserved("tags"));
	/* /blog/tag/edit is tag "edit", not the edit form of post "tag". */
	CHECK(route_slug_reserved("tag"));
	CHECK(!route_slug_reserved("create-2"));
	CHECK(!route_slug_reserved("creat"));
	CHECK(!route_slug_reserved("hello"));
	CHECK(!route_slug_reserved("edit"));
	CHECK(!route_slug_reserved("login"));	/* /login is not under /blog/ */
	CHECK(!route_slug_reserved("blog"));
}

static void
test_slug_segments_strict(void)
{
	char slug141[160];

	CHECK_INT(routed(HTTP_GET, "/blog/Hello", NULL, NULL), -404);
	CHECK_INT(routed(HTTP_GET, "/blog/hello_world", NULL, NULL), -404);
	CHECK_INT(routed(HTTP_GET, "/blog/hello world", NULL, NULL), -404);
	CHECK_INT(routed(HTTP_GET, "/blog/caf\xC3\xA9", NULL, NULL), -404);
	CHECK_INT(routed(HTTP_GET, "/blog/a.b", NULL, NULL), -404);
	CHECK_INT(routed(HTTP_GET, "/blog/tag/UPPER", NULL, NULL), -404);
	CHECK_INT(routed(HTTP_GET, "/blog/-", NULL, NULL), PAGE_POST);
	CHECK_INT(routed(HTTP_GET, "/blog/2026", NULL, NULL), PAGE_POST);
	memset(slug141, 'a', sizeof(slug141));
	memcpy(slug141, "/blog/", 6);
	slug141[6 + 140] = '\0';
	CHECK_INT(routed(HTTP_GET, slug141, NULL, NULL), PAGE_POST);
	slug141[6 + 140] = 'a';
	slug141[6 + 141] = '\0';
	CHECK_INT(routed(HTTP_GET, slug141, NULL, NULL), -404);
	CHECK(route_slug_valid("a-1", 3));
	CHECK(!route_slug_valid("", 0));
}

static void
test_wrong_method_405_with_allow(void)
{
	char allow[64];

	CHECK_INT(routed(HTTP_POST, "/blog/", allow, NULL), -405);
	CHECK_STR(allow, "GET, HEAD");
	CHECK_INT(routed(HTTP_OTHER, "/blog/some-post", allow, NULL), -405);
	CHECK_STR(allow, "GET, HEAD");
	CHECK_INT(routed(HTTP_POST, "/healthz", allow, NULL), -405);
	/* A bad path with a bad method is still just 404. */
	CHECK_INT(routed(HTTP_POST, "/blog/Bad", allow, NULL), -404);
}

/* The write side's shapes: one path, several entries, several methods. */
static const struct route write_routes[] = {
	{ HTTP_GET | HTTP_POST, "/blog/create", 0 },
	{ HTTP_GET, "/blog/{slug}/edit", 0 },
	{ HTTP_POST, "/blog/{slug}/edit", 0 },
	{ HTTP_POST, "/blog/{slug}/delete", 0 },
	{ HTTP_POST, "/logout", 0 },
	{ HTTP_GET, "/blog/{slug}", 0 },
};

static void
test_several_methods_and_entries(void)
{
	struct route_match m;
	char allow[64];

	CHECK_INT(route_find(write_routes, NROUTES(write_routes), HTTP_POST,
	    "/blog/create", &arena, &m), 0);
	CHECK_INT(m.route, 0);
	CHECK(m.slug == NULL);
	CHECK_INT(route_find(write_routes, NROUTES(write_routes), HTTP_POST,
	    "/blog/my-post/edit", &arena, &m), 0);
	CHECK_INT(m.route, 2);
	CHECK_STR(m.slug, "my-post");
	CHECK_INT(route_find(write_routes, NROUTES(write_routes), HTTP_HEAD,
	    "/blog/my-post/edit", &arena, &m), 0);
	CHECK_INT(m.route, 1);
	CHECK_INT(route_find(write_routes, NROUTES(write_routes), HTTP_GET,
	    "/blog/my-post/delete", &arena, &m), 405);
	route_allow_string(m.allow, allow, sizeof(allow));
	CHECK_STR(allow, "POST");
	CHECK_INT(route_find(write_routes, NROUTES(write_routes), HTTP_OTHER,
	    "/blog/my-post/edit", &arena, &m), 405);
	route_allow_string(m.allow, allow, sizeof(allow));
	CHECK_STR(allow, "GET, HEAD, POST");
	/* The literal /blog/create wins over /blog/{slug} for POST too. */
	CHECK_INT(route_find(write_routes, NROUTES(write_routes), HTTP_OTHER,
	    "/blog/create", &arena, &m), 405);
	route_allow_string(m.allow, allow, sizeof(allow));
	CHECK_STR(allow, "GET, HEAD, POST");
	CHECK_INT(route_find(write_routes, NROUTES(write_routes), HTTP_GET,
	    "/blog/Bad/edit", &arena, &m), 404);
}

/* Validates query string s for page's fields; -1 with *bad set. */
static int
validated_for(size_t page, const char *s, struct field_value *in,
    size_t *bad)
{
	struct http_params p;

	CHECK_INT(http_parse_urlencoded(&arena, s, strlen(s), &p), 0);
	return field_validate(fields, FIELD__MAX, routes[page].fields, &p, in,
	    bad);
}

/* Validates query string s for the index's fields; -1 with *bad set. */
static int
validated(const char *s, struct field_value *in, size_t *bad)
{
	return validated_for(PAGE_INDEX, s, in, bad);
}

static void
test_page_field(void)
{
	static const char *const bad_pages[] = {
		"page=0", "page=-1", "page=1.5", "page=abc", "page=",
		"page=99999999999999999999", "page=%201", "page=1e2",
	};
	struct field_value in[FIELD__MAX];
	size_t bad = 99;

	CHECK_INT(validated("page=3", in, &bad), 0);
	CHECK(in[FIELD_PAGE].present);
	CHECK_INT(in[FIELD_PAGE].number, 3);
	CHECK(!in[FIELD_Q].present);
	CHECK_INT(validated("", in, &bad), 0);
	CHECK(!in[FIELD_PAGE].present);
	for (size_t i = 0; i < NROUTES(bad_pages); i++) {
		CHECK_INT(validated(bad_pages[i], in, &bad), -1);
		CHECK_INT(bad, FIELD_PAGE);
	}
	/* The first value counts; unknown fields are ignored. */
	CHECK_INT(validated("utm=%E2%9C%93&page=2&page=zz", in, &bad), 0);
	CHECK_INT(in[FIELD_PAGE].number, 2);
}

static void
test_search_field(void)
{
	struct field_value in[FIELD__MAX];
	struct http_params p;
	char q[8 * SEARCH_Q_MAX];
	size_t bad = 99;

	CHECK_INT(validated("q=a+b&page=2", in, &bad), 0);
	CHECK_STR(in[FIELD_Q].text, "a b");
	CHECK_INT(in[FIELD_Q].len, 3);
	CHECK_INT(validated("q=", in, &bad), 0);
	CHECK(in[FIELD_Q].present);
	CHECK_STR(in[FIELD_Q].text, "");
	/* 200 characters of two bytes each pass; 201 do not. */
	strcpy(q, "q=");
	for (int i = 0; i < SEARCH_Q_MAX; i++)
		strcat(q, "%C3%A9");
	CHECK_INT(validated(q, in, &bad), 0);
	CHECK_INT(in[FIELD_Q].len, 2 * SEARCH_Q_MAX);
	strcat(q, "x");
	CHECK_INT(validated(q, in, &bad), -1);
	CHECK_INT(bad, FIELD_Q);
	/* A route that does not read q leaves it alone, valid or not. */
	CHECK_INT(http_parse_urlencoded(&arena, q, strlen(q), &p), 0);
	CHECK_INT(field_validate(fields, FIELD__MAX, routes[PAGE_TAG].fields,
	    &p, in, &bad), 0);
	CHECK(!in[FIELD_Q].present);
}

/* Reads body as route page's form fields; returns how many are wrong. */
static int
form_read(enum route_page page, const char *body, struct field_value *in)
{
	struct http_params p;

	CHECK_INT(http_parse_urlencoded(&arena, body, strlen(body), &p), 0);
	memset(in, 0, FIELD__MAX * sizeof(*in));
	(void)field_read_form(fields, FIELD__MAX, routes[page].fields, &p, in);
	return field_check_form(fields, FIELD__MAX, routes[page].fields, in,
	    &arena);
}

static void
test_form_fields_kept_per_field(void)
{
	struct field_value in[FIELD__MAX];

	CHECK_INT(form_read(PAGE_CREATE, "title=+&body=Hi&tags=a%2C+b", in),
	    1);
	CHECK_STR(in[FIELD_TITLE].error, "A title is needed.");
	CHECK_STR(in[FIELD_TITLE].text, " ");
	CHECK(in[FIELD_BODY].error == NULL);
	CHECK_STR(in[FIELD_BODY].text, "Hi");
	CHECK(in[FIELD_TAGS].error == NULL);
	CHECK(in[FIELD_TAGS].parsed != NULL);
	/* Absent: "" and checked as such, not present. */
	CHECK(!in[FIELD_CSRF].present);
	CHECK_STR(in[FIELD_CSRF].text, "");
	CHECK_INT(form_read(PAGE_CREATE, "", in), 2);
	CHECK_STR(in[FIELD_BODY].error, "A body is needed.");
	CHECK(in[FIELD_TAGS].error == NULL);
	/* A field the route does not read is not read. */
	CHECK(in[FIELD_USERNAME].text == NULL);
	CHECK_INT(form_read(PAGE_LOGIN, "username=al&password=pw&next=%2F",
	    in), 0);
	CHECK_STR(in[FIELD_USERNAME].text, "al");
	CHECK_STR(in[FIELD_PASSWORD].text, "pw");
	CHECK_STR(in[FIELD_NEXT].text, "/");
	CHECK(in[FIELD_TITLE].text == NULL);
}

static void
test_form_fields_never_a_400(void)
{
	struct field_value in[FIELD__MAX];
	size_t bad = 99;

	/* In a query string, a form's fields are the handler's to judge. */
	for (size_t i = 0; i < PAGE__MAX; i++)
		CHECK_INT(validated_for(i, "title=&body=&csrf_token=x&next=//a",
		    in, &bad), 0);
	/* Every form field is declared as one, and the query's as theirs. */
	for (size_t i = 0; i < FIELD__MAX; i++)
		CHECK_INT(fields[i].source, i <= FIELD_Q ? FIELD_FROM_QUERY :
		    FIELD_FROM_FORM);
}

int
main(void)
{
	arena_init(&arena, 0);
	TEST_RUN(test_read_pages_routed);
	TEST_RUN(test_crawler_pages_routed);
	TEST_RUN(test_unknown_paths_404);
	TEST_RUN(test_write_pages_routed);
	TEST_RUN(test_reserved_slugs);
	TEST_RUN(test_slug_segments_strict);
	TEST_RUN(test_wrong_method_405_with_allow);
	TEST_RUN(test_several_methods_and_entries);
	TEST_RUN(test_page_field);
	TEST_RUN(test_search_field);
	TEST_RUN(test_form_fields_kept_per_field);
	TEST_RUN(test_form_fields_never_a_400);
	arena_free(&arena);
	return TEST_DONE();
}

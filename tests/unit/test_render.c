/*
 * Tests src/app/render.c without a database: the Cache-Control of a page
 * (no-store for a form's token, private for an author, Vary: Cookie),
 * the conditional GET's decision (If-None-Match compared weakly, then
 * If-Modified-Since), and a page rendered in the layout or, when it
 * cannot be, a 500 outcome rather than an error page made here.
 */
#include <string.h>

#include "../../src/app/render.h"
#include "app_fake.h"
#include "test.h"

static void
test_cache_control_of_a_reader(void)
{
	struct ctx *c = fake_request(HTTP_GET, "/blog/");

	page_cache_headers(c);
	CHECK_STR(fake_header("Cache-Control"), "no-cache");
	CHECK_STR(fake_header("Vary"), "Cookie");
}

static void
test_cache_control_of_an_author(void)
{
	struct ctx *c = fake_request(HTTP_GET, "/blog/");

	fake_sign_in();
	page_cache_headers(c);
	CHECK_STR(fake_header("Cache-Control"), "private, no-cache");
	CHECK_STR(fake_header("Vary"), "Cookie");
}

static void
test_cache_control_of_a_form_with_a_token(void)
{
	struct ctx *c = fake_request(HTTP_GET, "/blog/create");

	fake_sign_in();
	c->no_store = 1;
	page_cache_headers(c);
	CHECK_STR(fake_header("Cache-Control"), "no-store");
	CHECK_INT(fake_header_count("Cache-Control"), 1);
}

static void
test_if_none_match(void)
{
	const char *etag = "W/\"00000000000000ab\"";

	CHECK(page_is_current("W/\"00000000000000ab\"", NULL, etag, 0));
	/* Weak comparison: W/ on either side is ignored. */
	CHECK(page_is_current("\"00000000000000ab\"", NULL, etag, 0));
	CHECK(page_is_current("\"x\", W/\"00000000000000ab\" ", NULL, etag,
	    0));
	CHECK(page_is_current("*", NULL, etag, 0));
	CHECK(!page_is_current("\"00000000000000ac\"", NULL, etag, 0));
	CHECK(!page_is_current("", NULL, etag, 0));
	CHECK(!page_is_current("\"00000000000000a\"", NULL, etag, 0));
	/* If-None-Match decides alone: If-Modified-Since is not read. */
	CHECK(!page_is_current("\"other\"", "Sun, 06 Nov 2044 08:49:37 GMT",
	    etag, 0));
}

static void
test_if_modified_since(void)
{
	/* Sun, 06 Nov 1994 08:49:37 GMT is 784111777. */
	const char *date = "Sun, 06 Nov 1994 08:49:37 GMT";

	CHECK(page_is_current(NULL, date, "\"e\"", 784111777));
	CHECK(page_is_current(NULL, date, "\"e\"", 784111000));
	CHECK(!page_is_current(NULL, date, "\"e\"", 784111778));
	CHECK(!page_is_current(NULL, "yesterday", "\"e\"", 0));
	CHECK(!page_is_current(NULL, NULL, "\"e\"", 0));
}

static void
test_page_rendered_in_the_layout(void)
{
	struct ctx *c = fake_request(HTTP_GET, "/blog/tags");
	struct view_dict *d = page_dict(c, "Tags — Fake blog");
	struct outcome out;

	view_show(d, "NO_TAGS");
	out = page_render(c, 200, "tags", d);
	CHECK_INT(out.kind, OUTCOME_PAGE);
	CHECK_INT(c->resp->status, 200);
	CHECK_STR(c->resp->content_type, "text/html; charset=utf-8");
	CHECK(strstr(fake_body(), "<title>Tags — Fake blog</title>") != NULL);
	CHECK(strstr(fake_body(), "href=\"/login\"") != NULL);
	CHECK(strstr(fake_body(), "name=\"csrf_token\"") == NULL);
	CHECK_STR(fake_header("Cache-Control"), "no-cache");
}

static void
test_layout_of_an_author_holds_the_token(void)
{
	struct ctx *c = fake_request(HTTP_GET, "/blog/tags");
	struct view_dict *d;

	fake_sign_in();
	d = page_dict(c, "Tags — Fake blog");
	CHECK_INT(page_render(c, 200, "tags", d).kind, OUTCOME_PAGE);
	CHECK(strstr(fake_body(), "value=\"" FAKE_TOKEN "\"") != NULL);
	CHECK(strstr(fake_body(), "alice") != NULL);
	CHECK(strstr(fake_body(), "href=\"/login\"") == NULL);
}

static void
test_search_text_kept_in_the_layout(void)
{
	struct ctx *c = fake_request(HTTP_GET, "/blog/tags");

	c->in[FIELD_Q].present = 1;
	c->in[FIELD_Q].text = "a <b>";
	CHECK_INT(page_render(c, 200, "tags", page_dict(c, "T")).kind,
	    OUTCOME_PAGE);
	CHECK(strstr(fake_body(), "value=\"a &lt;b&gt;\"") != NULL);
}

static void
test_page_that_cannot_render_is_a_500_outcome(void)
{
	struct ctx *c = fake_request(HTTP_GET, "/blog/tags");
	struct outcome out = page_render(c, 200, "no_such_page",
	    page_dict(c, "T"));

	CHECK_INT(out.kind, OUTCOME_ERROR);
	CHECK_INT(out.status, 500);
	CHECK_STR(out.text, "This page could not be shown.");
	/* Nothing rendered here: the dispatcher makes the error page. */
	CHECK(fake_header("Cache-Control") == NULL);
}

int
main(void)
{
	if (fake_init() != 0)
		return 1;
	TEST_RUN(test_cache_control_of_a_reader);
	TEST_RUN(test_cache_control_of_an_author);
	TEST_RUN(test_cache_control_of_a_form_with_a_token);
	TEST_RUN(test_if_none_match);
	TEST_RUN(test_if_modified_since);
	TEST_RUN(test_page_rendered_in_the_layout);
	TEST_RUN(test_layout_of_an_author_holds_the_token);
	TEST_RUN(test_search_text_kept_in_the_layout);
	TEST_RUN(test_page_that_cannot_render_is_a_500_outcome);
	fake_done();
	return TEST_DONE();
}

/*
 * Tests src/app/errors.c: what the dispatcher makes of each outcome
 * (outcome.h's rules): an error page dropping what the handler wrote, a
 * redirect keeping its cookies, a model failure as 503 or 500 in the
 * signed-out layout without asking the database again, 405 with Allow.
 */
#include <string.h>

#include "../../src/app/errors.h"
#include "app_fake.h"
#include "test.h"

/* Writes what a handler might have before it gave up. */
static void
half_written(struct ctx *c)
{
	c->resp->status = 200;
	c->resp->content_type = "text/plain";
	http_response_header(c->resp, "X-Half", "written");
	buf_puts(&c->resp->body, "half a page");
}

static void
test_error_outcome_is_the_error_page(void)
{
	struct ctx *c = fake_request(HTTP_GET, "/blog/nope");
	struct outcome out = outcome_error(404, "There is no such thing.");

	half_written(c);
	error_answer(c, &out);
	CHECK_INT(c->resp->status, 404);
	CHECK_STR(c->resp->content_type, "text/html; charset=utf-8");
	CHECK(strstr(fake_body(), "There is no such thing.") != NULL);
	CHECK(strstr(fake_body(), "<title>Page not found — Fake blog</title>")
	    != NULL);
	CHECK(strstr(fake_body(), "half a page") == NULL);
	CHECK(fake_header("X-Half") == NULL);
	CHECK_STR(fake_header("Cache-Control"), "no-cache");
	CHECK_STR(fake_header("Vary"), "Cookie");
}

static void
test_error_page_titles_by_status(void)
{
	static const struct {
		int status;
		const char *title;
	} cases[] = {
		{ 400, "Bad request" }, { 403, "Forbidden" },
		{ 413, "Request too large" }, { 500, "Something went wrong" },
		{ 503, "Temporarily unavailable" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ctx *c = fake_request(HTTP_GET, "/blog/");
		char want[128];

		error_page(c, cases[i].status, "Because.");
		snprintf(want, sizeof(want), "<title>%s — Fake blog</title>",
		    cases[i].title);
		CHECK_INT(c->resp->status, cases[i].status);
		CHECK(strstr(fake_body(), want) != NULL);
	}
}

static void
test_error_page_of_a_signed_in_author(void)
{
	struct ctx *c = fake_request(HTTP_GET, "/blog/nope");

	fake_sign_in();
	error_page(c, 404, "Nothing here.");
	CHECK(strstr(fake_body(), FAKE_TOKEN) != NULL);
	CHECK_STR(fake_header("Cache-Control"), "private, no-cache");
}

static void
test_redirect_keeps_the_handlers_cookies(void)
{
	struct ctx *c = fake_request(HTTP_POST, "/login");
	struct outcome out = outcome_redirect(303, "/blog/hello");

	http_response_header(c->resp, "Set-Cookie", "a=1");
	http_response_header(c->resp, "Set-Cookie", "b=2");
	buf_puts(&c->resp->body, "not sent");
	error_answer(c, &out);
	CHECK_INT(c->resp->status, 303);
	CHECK_STR(fake_header("Location"), "/blog/hello");
	CHECK_INT(fake_header_count("Set-Cookie"), 2);
	CHECK_STR(fake_header_after("Set-Cookie", 1), "b=2");
	CHECK_INT(c->resp->body.len, 0);
	CHECK(c->resp->content_type == NULL);
}

static void
test_redirect_to_an_unsafe_location_is_500(void)
{
	struct ctx *c = fake_request(HTTP_GET, "/");
	struct outcome out = outcome_redirect(303, "/blog/\r\nSet-Cookie: x=1");

	error_answer(c, &out);
	CHECK_INT(c->resp->status, 500);
	CHECK(fake_header("Location") == NULL);
	CHECK(fake_header("Set-Cookie") == NULL);
	CHECK(strstr(fake_body(), "This page could not be shown.") != NULL);
}

static void
test_database_away_is_503_signed_out(void)
{
	struct ctx *c = fake_request(HTTP_GET, "/blog/");
	struct outcome out = outcome_db_error(DB_UNAVAILABLE, "listing posts");

	/* A session cookie: only asking the database could say whose. */
	fake_cookies(SESSION_COOKIE "=" FAKE_TOKEN);
	half_written(c);
	error_answer(c, &out);
	CHECK_INT(c->resp->status, 503);
	CHECK(strstr(fake_body(), "The database is not answering. Please "
	    "try again in a moment.") != NULL);
	/* The layout did not ask the failing database who is signed in. */
	CHECK_INT(c->auth_known, 1);
	CHECK_INT(c->auth_rc, DB_UNAVAILABLE);
	CHECK(c->user == NULL);
	CHECK(strstr(fake_body(), "href=\"/login\"") != NULL);
	CHECK(fake_header("X-Half") == NULL);
}

static void
test_database_error_is_500(void)
{
	struct ctx *c = fake_request(HTTP_GET, "/blog/tags");
	struct outcome out = outcome_db_error(DB_ERROR, "listing tags");

	error_answer(c, &out);
	CHECK_INT(c->resp->status, 500);
	CHECK(strstr(fake_body(), "Something went wrong on our side. Please "
	    "try again later.") != NULL);
}

static void
test_database_error_keeps_a_known_author(void)
{
	struct ctx *c = fake_request(HTTP_POST, "/blog/x/delete");
	struct outcome out = outcome_db_error(DB_ERROR, "deleting post x");

	fake_sign_in();
	error_answer(c, &out);
	CHECK_INT(c->resp->status, 500);
	CHECK_INT(c->auth_rc, DB_OK);
	CHECK(strstr(fake_body(), FAKE_TOKEN) != NULL);
}

static void
test_page_outcome_is_left_as_made(void)
{
	struct ctx *c = fake_request(HTTP_GET, "/healthz");
	struct outcome out = outcome_page();

	half_written(c);
	error_answer(c, &out);
	CHECK_INT(c->resp->status, 200);
	CHECK_STR(fake_body(), "half a page");
	CHECK_STR(fake_header("X-Half"), "written");
}

static void
test_method_not_allowed_says_allow(void)
{
	struct ctx *c = fake_request(HTTP_GET, "/logout");

	error_method_not_allowed(c, HTTP_GET | HTTP_HEAD | HTTP_POST);
	CHECK_INT(c->resp->status, 405);
	CHECK_STR(fake_header("Allow"), "GET, HEAD, POST");
	CHECK(strstr(fake_body(), "This address only answers GET, HEAD, POST "
	    "requests.") != NULL);
}

int
main(void)
{
	if (fake_init() != 0)
		return 1;
	TEST_RUN(test_error_outcome_is_the_error_page);
	TEST_RUN(test_error_page_titles_by_status);
	TEST_RUN(test_error_page_of_a_signed_in_author);
	TEST_RUN(test_redirect_keeps_the_handlers_cookies);
	TEST_RUN(test_redirect_to_an_unsafe_location_is_500);
	TEST_RUN(test_database_away_is_503_signed_out);
	TEST_RUN(test_database_error_is_500);
	TEST_RUN(test_database_error_keeps_a_known_author);
	TEST_RUN(test_page_outcome_is_left_as_made);
	TEST_RUN(test_method_not_allowed_says_allow);
	fake_done();
	return TEST_DONE();
}

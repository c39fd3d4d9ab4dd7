/*
 * Tests src/app/auth.c's decisions without a database: who is signed in
 * when no cookie could name a session, and the guard of the pages that
 * change posts: a POST from another site or without the session's token
 * is 403, a visitor is sent to /login with next, a session the database
 * could not read is that failure, or, for a form that can show its text
 * again, AUTH_UNCHECKED.
 */
#include <string.h>

#include "../../src/app/posts_write.h"
#include "../../src/http/csrf.h"
#include "app_fake.h"
#include "test.h"

#define CROSS_SITE "This form was sent from another site, so nothing was " \
	"changed."
#define NO_TOKEN "This form has expired or did not come from this site, " \
	"so nothing was changed. Open the page again and resend it."

/* Returns auth_require_form's answer, its refusal in *out. */
static int
guard(struct outcome *out)
{
	out->kind = OUTCOME_PAGE;
	out->text = NULL;
	return auth_require_form(&fake.c, "/blog/create", out);
}

static void
test_no_cookie_is_signed_out_without_the_database(void)
{
	struct ctx *c = fake_request(HTTP_GET, "/blog/");

	CHECK(auth_user(c) == NULL);
	CHECK_INT(c->auth_known, 1);
	CHECK_INT(c->auth_rc, DB_NOT_FOUND);
	/* Not a token: never looked up. */
	c = fake_request(HTTP_GET, "/blog/");
	fake_cookies(SESSION_COOKIE "=0123; other=1");
	CHECK(auth_user(c) == NULL);
	CHECK_INT(c->auth_rc, DB_NOT_FOUND);
	/* Asked once a request. */
	fake_sign_in();
	CHECK(auth_user(c) == &fake.user);
}

static void
test_visitor_sent_to_login_with_next(void)
{
	struct outcome out;

	fake_request(HTTP_GET, "/blog/create");
	CHECK_INT(guard(&out), AUTH_REFUSED);
	CHECK_INT(out.kind, OUTCOME_REDIRECT);
	CHECK_INT(out.status, 303);
	CHECK_STR(out.text, "/login?next=%2Fblog%2Fcreate");
}

static void
test_visitor_posting_sent_to_login(void)
{
	struct outcome out;

	fake_request(HTTP_POST, "/blog/create");
	fake_form(PAGE_CREATE, "title=T&body=B&csrf_token=" FAKE_TOKEN);
	CHECK_INT(guard(&out), AUTH_REFUSED);
	CHECK_INT(out.kind, OUTCOME_REDIRECT);
}

/*
 * A post's further checks (its Markdown, at worst a megabyte of it) run
 * only for an author let through: a visitor's form is sent to sign in
 * without them, so that anyone cannot make a worker parse at will.
 */
static void
test_visitor_form_not_checked(void)
{
	struct outcome out;

	fake_request(HTTP_POST, "/blog/create");
	fake_form(PAGE_CREATE, "title=&body=&tags=%2C%2C&csrf_token="
	    FAKE_TOKEN);
	out = handle_create(&fake.c);
	CHECK_INT(out.kind, OUTCOME_REDIRECT);
	CHECK_INT(out.status, 303);
	CHECK(fake.c.in[FIELD_TITLE].error == NULL);
	CHECK(fake.c.in[FIELD_BODY].error == NULL);
	CHECK(fake.c.in[FIELD_TAGS].error == NULL);
}

static void
test_cross_site_post_refused(void)
{
	struct outcome out;

	fake_request(HTTP_POST, "/blog/create");
	fake_sign_in();
	fake_form(PAGE_CREATE, "csrf_token=" FAKE_TOKEN);
	fake.req.sec_fetch_site = "cross-site";
	CHECK_INT(guard(&out), AUTH_REFUSED);
	CHECK_INT(out.kind, OUTCOME_ERROR);
	CHECK_INT(out.status, 403);
	CHECK_STR(out.text, CROSS_SITE);

	fake_request(HTTP_POST, "/blog/create");
	fake_sign_in();
	fake_form(PAGE_CREATE, "csrf_token=" FAKE_TOKEN);
	fake.req.origin = "https://evil.example";
	CHECK_INT(guard(&out), AUTH_REFUSED);
	CHECK_STR(out.text, CROSS_SITE);
	/* Before the session: a visitor from another site is not sent on. */
	fake_request(HTTP_POST, "/blog/create");
	fake.req.origin = "null";
	CHECK_INT(guard(&out), AUTH_REFUSED);
	CHECK_INT(out.status, 403);
}

static void
test_post_needs_the_sessions_token(void)
{
	static const char *const forms[] = {
		"title=T",
		"csrf_token=",
		"csrf_token=" "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdee",
		"csrf_token=" FAKE_TOKEN "0",
		"csrf_token=x&csrf_token=" FAKE_TOKEN,
	};
	struct outcome out;

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		fake_request(HTTP_POST, "/blog/create");
		fake_sign_in();
		fake_form(PAGE_CREATE, forms[i]);
		CHECK_INT(guard(&out), AUTH_REFUSED);
		CHECK_INT(out.status, 403);
		CHECK_STR(out.text, NO_TOKEN);
	}
	fake_request(HTTP_POST, "/blog/create");
	fake_sign_in();
	fake.req.origin = FAKE_BASE_URL;
	fake.req.sec_fetch_site = "same-origin";
	fake_form(PAGE_CREATE, "title=T&csrf_token=" FAKE_TOKEN);
	CHECK_INT(guard(&out), AUTH_OK);
}

static void
test_get_needs_no_token(void)
{
	struct outcome out;

	fake_request(HTTP_GET, "/blog/create");
	fake_sign_in();
	CHECK_INT(guard(&out), AUTH_OK);
	CHECK_INT(auth_require(&fake.c, "/blog/create", &out), AUTH_OK);
}

/* Makes the request's session one the database could not read. */
static void
session_unreadable(enum http_method method)
{
	fake_request(method, "/blog/create");
	fake.c.auth_known = 1;
	fake.c.auth_rc = DB_UNAVAILABLE;
	fake_form(PAGE_CREATE, "title=T&csrf_token=" FAKE_TOKEN);
}

static void
test_unreadable_session(void)
{
	struct outcome out;

	/* A form keeps its text: the handler answers. */
	session_unreadable(HTTP_POST);
	CHECK_INT(guard(&out), AUTH_UNCHECKED);
	CHECK_INT(out.kind, OUTCOME_PAGE);
	/* Elsewhere it is the failure. */
	session_unreadable(HTTP_POST);
	CHECK_INT(auth_require(&fake.c, "/blog/x", &out), AUTH_REFUSED);
	CHECK_INT(out.kind, OUTCOME_DB_ERROR);
	CHECK_INT(out.rc, DB_UNAVAILABLE);
	CHECK_STR(out.text, "reading the session");
	session_unreadable(HTTP_GET);
	CHECK_INT(guard(&out), AUTH_REFUSED);
	CHECK_INT(out.kind, OUTCOME_DB_ERROR);
	/* Another site's POST is refused before the session matters. */
	session_unreadable(HTTP_POST);
	fake.req.sec_fetch_site = "cross-site";
	CHECK_INT(guard(&out), AUTH_REFUSED);
	CHECK_INT(out.status, 403);
}

int
main(void)
{
	if (fake_init() != 0)
		return 1;
	TEST_RUN(test_no_cookie_is_signed_out_without_the_database);
	TEST_RUN(test_visitor_sent_to_login_with_next);
	TEST_RUN(test_visitor_posting_sent_to_login);
	TEST_RUN(test_visitor_form_not_checked);
	TEST_RUN(test_cross_site_post_refused);
	TEST_RUN(test_post_needs_the_sessions_token);
	TEST_RUN(test_get_needs_no_token);
	TEST_RUN(test_unreadable_session);
	fake_done();
	return TEST_DONE();
}

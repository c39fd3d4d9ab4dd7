/*
 * app_fake.h: one request as the app layer's handlers see it (struct ctx),
 * made without a server or a database, for test_auth, test_errors and
 * test_render. Nothing here reaches the database: a test that would need
 * it belongs to tests/integration/.
 */
#ifndef TESTS_UNIT_APP_FAKE_H
#define TESTS_UNIT_APP_FAKE_H

#include <stdio.h>
#include <string.h>

#include "../../src/app/app.h"
#include "../../src/app/auth.h"
#include "../../src/http/cookie.h"
#include "../../src/view/view.h"

#define FAKE_BASE_URL "https://blog.example.org"
#define FAKE_TITLE "Fake blog"
#define FAKE_TOKEN "0123456789abcdef0123456789abcdef" \
	"0123456789abcdef0123456789abcdef"

struct fake {
	struct app app;
	struct http_request req;
	struct ctx c;
	struct signed_in user;
};

/* The one fake, static: struct app is large. (The functions are inline
 * only so that a test need not use them all.) */
static struct fake fake;

/*
 * Returns fake, reset for a request of method (HTTP_GET, HTTP_POST) to
 * path, signed out, with no cookie, header or field.
 */
static inline struct ctx *
fake_request(enum http_method method, const char *path)
{
	struct arena arena = fake.app.arena;
	struct http_response resp = fake.app.resp;
	struct buf scratch = fake.app.scratch;

	memset(&fake, 0, sizeof(fake));
	fake.app.arena = arena;
	fake.app.resp = resp;
	fake.app.scratch = scratch;
	arena_reset(&fake.app.arena);
	http_response_reset(&fake.app.resp);
	snprintf(fake.app.cfg.base_url, sizeof(fake.app.cfg.base_url), "%s",
	    FAKE_BASE_URL);
	snprintf(fake.app.cfg.blog_title, sizeof(fake.app.cfg.blog_title),
	    "%s", FAKE_TITLE);
	fake.app.cfg.per_page = 10;
	fake.req.method = method;
	fake.req.method_name = method == HTTP_POST ? "POST" : "GET";
	fake.req.uri = path;
	fake.req.path = path;
	fake.c.app = &fake.app;
	fake.c.cfg = &fake.app.cfg;
	fake.c.db = &fake.app.db;
	fake.c.arena = &fake.app.arena;
	fake.c.req = &fake.req;
	fake.c.resp = &fake.app.resp;
	return &fake.c;
}

/* Makes the request's Cookie header value. */
static inline void
fake_cookies(const char *header)
{
	http_parse_cookies(&fake.app.arena, header, &fake.req.cookies);
}

/*
 * Makes the request carry the urlencoded form body (a POST's), and reads
 * the route's form fields from it as the dispatcher does.
 */
static inline void
fake_form(enum route_page page, const char *body)
{
	if (http_parse_urlencoded(&fake.app.arena, body, strlen(body),
	    &fake.req.form) != 0)
		fprintf(stderr, "fake_form: %s does not decode\n", body);
	(void)field_read_form(fields, FIELD__MAX, routes[page].fields,
	    &fake.req.form, fake.c.in);
}

/*
 * Makes the request signed in as "alice", whose session's CSRF token is
 * FAKE_TOKEN, as auth_user would have found it.
 */
static inline void
fake_sign_in(void)
{
	fake.user.user_id = 7;
	fake.user.session_id = 42;
	fake.user.username = "alice";
	fake.user.csrf_token = FAKE_TOKEN;
	fake.c.auth_known = 1;
	fake.c.auth_rc = DB_OK;
	fake.c.user = &fake.user;
}

/*
 * Returns the value of the response header called name that comes after
 * skip others of that name (a copy in the arena), or NULL.
 */
static inline const char *
fake_header_after(const char *name, int skip)
{
	const struct buf *h = &fake.app.resp.headers;
	const char *line = h->data, *end;
	size_t n = strlen(name);

	for (; line != NULL && line < h->data + h->len; line = end + 2) {
		if ((end = strstr(line, "\r\n")) == NULL)
			break;
		if (strncmp(line, name, n) != 0 || line[n] != ':')
			continue;
		if (skip-- == 0)
			return arena_strndup(&fake.app.arena, line + n + 2,
			    (size_t)(end - line) - n - 2);
	}
	return NULL;
}

/* Returns the value of the first response header called name, or NULL. */
static inline const char *
fake_header(const char *name)
{
	return fake_header_after(name, 0);
}

/* Returns how many response headers are called name. */
static inline int
fake_header_count(const char *name)
{
	int n = 0;

	while (fake_header_after(name, n) != NULL)
		n++;
	return n;
}

/* Returns the response's body as a string ("" when empty). */
static inline const char *
fake_body(void)
{
	return fake.app.resp.body.data != NULL ? fake.app.resp.body.data : "";
}

/* Loads the real templates; returns 0, or -1 having said why. */
static inline int
fake_init(void)
{
	char err[512];

	arena_init(&fake.app.arena, 0);
	http_response_init(&fake.app.resp);
	if (view_init("templates", err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

/* Releases what fake_init and the requests took. */
static inline void
fake_done(void)
{
	arena_free(&fake.app.arena);
	http_response_free(&fake.app.resp);
	buf_free(&fake.app.scratch);
	view_shutdown();
}

#endif

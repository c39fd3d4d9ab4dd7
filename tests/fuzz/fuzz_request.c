/*
 * fuzz_request: a whole request as the web server hands it over, through
 * http_request_read (src/http/request.c: the path, the query string, the
 * cookies, Content-Length, the body and the form), then the checks that
 * come before any handler: the query fields of src/app/routes.c and the
 * route of the path.
 *
 * The input is lines: REQUEST_METHOD, REQUEST_URI, QUERY_STRING,
 * CONTENT_TYPE, CONTENT_LENGTH, HTTP_COOKIE (an empty line leaves the
 * parameter out, but for QUERY_STRING), and after them the body the server
 * holds, read back a few bytes at a time.
 *
 * Properties: the answer is 0, 400 or 413, with a reason when not 0; a
 * read request has a path from '/', decoded text everywhere, the body of
 * its Content-Length (at most max_body) and a form only when the body is
 * urlencoded; the validated fields are text within their limits; the
 * router answers 0, 404 or 405.
 */
#include <string.h>

#include "../../src/app/routes.h"
#include "../../src/http/field.h"
#include "../../src/http/request.h"
#include "../../src/http/router.h"
#include "../../src/lib/arena.h"
#include "fuzz.h"

#define MAX_BODY 1024
#define MAX_UPLOAD 4096

enum { P_METHOD, P_URI, P_QUERY, P_TYPE, P_LENGTH, P_COOKIE, P__MAX };

static const char *const param_names[P__MAX] = {
	"REQUEST_METHOD", "REQUEST_URI", "QUERY_STRING", "CONTENT_TYPE",
	"CONTENT_LENGTH", "HTTP_COOKIE",
};

struct fake {
	char *params[P__MAX];		/* NULL: absent */
	const char *body;
	size_t body_len;
	size_t body_pos;
};

static const char *
fake_param(void *ctx, const char *name)
{
	struct fake *f = ctx;

	for (size_t i = 0; i < P__MAX; i++)
		if (strcmp(name, param_names[i]) == 0)
			return f->params[i];
	return NULL;
}

/* Hands out the body in pieces of 1 to 7 bytes, as a slow client would. */
static long
fake_read(void *ctx, char *p, size_t len)
{
	struct fake *f = ctx;
	size_t n = 1 + f->body_pos % 7;

	if (n > len)
		n = len;
	if (n > f->body_len - f->body_pos)
		n = f->body_len - f->body_pos;
	memcpy(p, f->body + f->body_pos, n);
	f->body_pos += n;
	return (long)n;
}

static int
fake_write(void *ctx, const char *p, size_t len)
{
	(void)ctx;
	(void)p;
	(void)len;
	return 0;
}

/* Splits the input into the parameters and the body. */
static void
fake_fill(struct fake *f, const char *s, size_t n)
{
	size_t pos = 0;

	memset(f, 0, sizeof(*f));
	for (size_t i = 0; i < P__MAX && pos <= n; i++) {
		const char *nl = memchr(s + pos, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - (s + pos)) : n - pos;

		if (len > 0 || i == P_QUERY)
			f->params[i] = strndup(s + pos, len);
		pos += len + 1;
	}
	f->body = pos <= n ? s + pos : "";
	f->body_len = pos <= n ? n - pos : 0;
}

static void
fake_free(struct fake *f)
{
	for (size_t i = 0; i < P__MAX; i++)
		free(f->params[i]);
}

static void
check_params(const struct http_params *p)
{
	for (size_t i = 0; i < p->n; i++) {
		FUZZ_CHECK(fuzz_utf8_ok(p->v[i].name, strlen(p->v[i].name)));
		FUZZ_CHECK(strlen(p->v[i].value) == p->v[i].value_len);
		FUZZ_CHECK(fuzz_utf8_ok(p->v[i].value, p->v[i].value_len));
	}
}

/* The checks serve() makes before a handler runs. */
static void
check_routing(const struct http_request *r, struct arena *a)
{
	struct field_value in[FIELD__MAX];
	struct route_match m;
	size_t bad = FIELD__MAX;
	int rc;

	if (field_validate(fields, FIELD__MAX, ~0u, &r->query, in, &bad) != 0)
		FUZZ_CHECK(bad < FIELD__MAX);
	else
		for (size_t i = 0; i < FIELD__MAX; i++) {
			if (!in[i].present)
				continue;
			FUZZ_CHECK(fuzz_utf8_ok(in[i].text, in[i].len));
			if (fields[i].type == FIELD_PAGE_NUMBER)
				FUZZ_CHECK(in[i].number >= 1);
			else
				FUZZ_CHECK(fuzz_utf8_chars(in[i].text,
				    in[i].len) <= fields[i].max_chars);
		}
	rc = route_find(routes, PAGE__MAX, r->method, r->path, a, &m);
	FUZZ_CHECK(rc == 0 || rc == 404 || rc == 405);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct http_limits limits = { MAX_BODY, MAX_UPLOAD };
	struct http_io io = { fake_param, fake_read, fake_write, NULL };
	struct http_request r;
	struct fake f;
	struct arena a;
	const char *why = NULL;
	unsigned long long length = 0;
	int status;

	fake_fill(&f, (const char *)data, size);
	io.ctx = &f;
	arena_init(&a, 0);
	status = http_request_read(&r, &io, &a, &limits, &why);
	FUZZ_CHECK(status == 0 || status == 400 || status == 413);
	if (status != 0) {
		FUZZ_CHECK(why != NULL && why[0] != '\0');
		goto out;
	}
	FUZZ_CHECK(f.params[P_METHOD] != NULL && f.params[P_URI] != NULL);
	FUZZ_CHECK(r.path != NULL && r.path[0] == '/');
	FUZZ_CHECK(fuzz_utf8_ok(r.path, strlen(r.path)));
	check_params(&r.query);
	check_params(&r.form);
	for (size_t i = 0; i < r.cookies.n; i++)
		FUZZ_CHECK(r.cookies.v[i].name[0] != '\0');
	if (f.params[P_LENGTH] != NULL)
		FUZZ_CHECK(http_parse_content_length(f.params[P_LENGTH],
		    &length) == 0);
	if (http_content_type_is(r.content_type, "multipart/form-data")) {
		/* Left unread, for the handler to stream. */
		FUZZ_CHECK(r.body_len == 0 && r.stream != NULL &&
		    r.stream->left == length && length <= MAX_UPLOAD);
	} else {
		FUZZ_CHECK(r.stream == NULL);
		FUZZ_CHECK(r.body_len == length && length <= MAX_BODY);
		FUZZ_CHECK(r.body[r.body_len] == '\0');
		FUZZ_CHECK(memcmp(r.body, f.body, r.body_len) == 0);
	}
	if (r.form.n > 0)
		FUZZ_CHECK(http_content_type_is(r.content_type,
		    "application/x-www-form-urlencoded"));
	check_routing(&r, &a);
out:
	arena_free(&a);
	fake_free(&f);
	return 0;
}

/*
 * Tests src/http: percent-decoding, query and form parsing, cookies, the
 * request read from CGI parameters (through a fake struct http_io), and
 * the response as it goes out.
 */
#include <string.h>

#include "../../src/http/cookie.h"
#include "../../src/http/request.h"
#include "../../src/http/response.h"
#include "../../src/http/urlencode.h"
#include "../../src/lib/arena.h"
#include "../../src/lib/buf.h"
#include "test.h"

static struct arena arena;

/* Returns the decoding of s, or "(refused)". */
static const char *
decoded(const char *s, int plus_is_space)
{
	const char *d = http_url_decode(&arena, s, strlen(s), plus_is_space,
	    NULL);

	return d ? d : "(refused)";
}

static void
test_decode_escapes(void)
{
	size_t len = 0;

	CHECK_STR(decoded("a%20b", 1), "a b");
	CHECK_STR(decoded("%41%62%7e", 0), "Ab~");
	CHECK_STR(decoded("caf%C3%A9", 1), "café");
	CHECK_STR(decoded("", 1), "");
	CHECK_STR(decoded("100%25", 1), "100%");
	CHECK(http_url_decode(&arena, "a%2Bb", 5, 1, &len) != NULL);
	CHECK_INT(len, 3);
}

static void
test_decode_plus_only_in_queries(void)
{
	CHECK_STR(decoded("a+b", 1), "a b");
	CHECK_STR(decoded("a+b", 0), "a+b");
	CHECK_STR(decoded("a%2Bb", 1), "a+b");
}

static void
test_decode_refuses_bad_escapes(void)
{
	CHECK_STR(decoded("%zz", 1), "(refused)");
	CHECK_STR(decoded("%4", 1), "(refused)");
	CHECK_STR(decoded("abc%", 1), "(refused)");
	CHECK_STR(decoded("%g0", 1), "(refused)");
	CHECK_STR(decoded("%%41", 1), "(refused)");
}

static void
test_decode_refuses_what_is_not_utf8(void)
{
	CHECK_STR(decoded("%C3%28", 1), "(refused)");	/* bad sequence */
	CHECK_STR(decoded("%FF", 1), "(refused)");
	CHECK_STR(decoded("%C0%AF", 1), "(refused)");	/* overlong '/' */
	CHECK_STR(decoded("%ED%A0%80", 1), "(refused)");	/* surrogate */
	CHECK_STR(decoded("%E2%82", 1), "(refused)");	/* cut short */
	CHECK_STR(decoded("a%00b", 1), "(refused)");	/* NUL */
	CHECK_STR(decoded("\xC3\x28", 1), "(refused)");	/* raw bytes */
}

static void
test_urlencoded_pairs(void)
{
	struct http_params p;
	const char *s = "q=hello+world&page=2&&empty=&bare&q=second&x%3Dy=1";
	size_t len = 99;

	CHECK_INT(http_parse_urlencoded(&arena, s, strlen(s), &p), 0);
	CHECK_INT(p.n, 6);
	CHECK_STR(http_params_get(&p, "q", &len), "hello world");
	CHECK_INT(len, 11);
	CHECK_STR(http_params_get(&p, "page", NULL), "2");
	CHECK_STR(http_params_get(&p, "empty", &len), "");
	CHECK_INT(len, 0);
	CHECK_STR(http_params_get(&p, "bare", NULL), "");
	CHECK_STR(http_params_get(&p, "x=y", NULL), "1");
	CHECK(http_params_get(&p, "missing", NULL) == NULL);
	CHECK(http_params_get(&p, "Q", NULL) == NULL);
	CHECK_INT(http_parse_urlencoded(&arena, "", 0, &p), 0);
	CHECK_INT(p.n, 0);
	CHECK_INT(http_parse_urlencoded(&arena, "&&&", 3, &p), 0);
	CHECK_INT(p.n, 0);
}

static void
test_urlencoded_refuses_bad_values_and_names(void)
{
	struct http_params p;

	CHECK_INT(http_parse_urlencoded(&arena, "q=%zz", 5, &p), -1);
	CHECK_INT(http_parse_urlencoded(&arena, "a=1&q=%C3", 9, &p), -1);
	CHECK_INT(http_parse_urlencoded(&arena, "%4=1", 4, &p), -1);
	CHECK_INT(http_parse_urlencoded(&arena, "q=a%00", 6, &p), -1);
}

static void
test_url_encode(void)
{
	struct buf b = { 0 };

	http_url_encode(&b, "a b&c=d/é~_.-");
	CHECK_STR(b.data, "a%20b%26c%3Dd%2F%C3%A9~_.-");
	buf_clear(&b);
	http_url_encode(&b, "%+\"<>'#?");
	CHECK_STR(b.data, "%25%2B%22%3C%3E%27%23%3F");
	buf_free(&b);
}

static void
test_cookies(void)
{
	struct http_params c;

	http_parse_cookies(&arena, "session=abc123; theme=\"dark\";  "
	    "lang = en ;broken; =nameless; empty=; last=x=y", &c);
	CHECK_INT(c.n, 5);
	CHECK_STR(http_params_get(&c, "session", NULL), "abc123");
	CHECK_STR(http_params_get(&c, "theme", NULL), "dark");
	CHECK_STR(http_params_get(&c, "lang", NULL), "en");
	CHECK_STR(http_params_get(&c, "empty", NULL), "");
	CHECK_STR(http_params_get(&c, "last", NULL), "x=y");
	CHECK(http_params_get(&c, "broken", NULL) == NULL);
	http_parse_cookies(&arena, NULL, &c);
	CHECK_INT(c.n, 0);
	http_parse_cookies(&arena, "", &c);
	CHECK_INT(c.n, 0);
	http_parse_cookies(&arena, "a=%zz", &c);	/* kept as sent */
	CHECK_STR(http_params_get(&c, "a", NULL), "%zz");
}

static void
test_content_length_strict(void)
{
	unsigned long long n = 5;

	CHECK_INT(http_parse_content_length("", &n), 0);
	CHECK_INT(n, 0);
	CHECK_INT(http_parse_content_length("1048576", &n), 0);
	CHECK_INT(n, 1048576);
	CHECK_INT(http_parse_content_length("-1", &n), -1);
	CHECK_INT(http_parse_content_length("+1", &n), -1);
	CHECK_INT(http_parse_content_length(" 1", &n), -1);
	CHECK_INT(http_parse_content_length("1 ", &n), -1);
	CHECK_INT(http_parse_content_length("0x10", &n), -1);
	CHECK_INT(http_parse_content_length("99999999999999999999", &n), -1);
}

static void
test_content_type(void)
{
	const char *form = "application/x-www-form-urlencoded";

	CHECK(http_content_type_is(form, form));
	CHECK(http_content_type_is("Application/X-WWW-Form-Urlencoded ; "
	    "charset=UTF-8", form));
	CHECK(!http_content_type_is("multipart/form-data; boundary=x", form));
	CHECK(!http_content_type_is("application/x-www-form-urlencodedx",
	    form));
	CHECK(!http_content_type_is(NULL, form));
}

/* A fake web server: parameters from a NULL-ended list, a body in memory. */
struct fake {
	const char *const *params;	/* name, value, ..., NULL */
	const char *body;
	size_t body_len, body_read;
	int reads;
	struct buf out;
	struct http_io io;	/* over this fake, for a body left unread */
};

static const char *
fake_param(void *ctx, const char *name)
{
	struct fake *f = ctx;

	for (size_t i = 0; f->params[i] != NULL; i += 2)
		if (strcmp(f->params[i], name) == 0)
			return f->params[i + 1];
	return NULL;
}

static long
fake_read(void *ctx, char *p, size_t len)
{
	struct fake *f = ctx;
	size_t n = f->body_len - f->body_read;

	f->reads++;
	if (n > len)
		n = len;
	if (n > 3)
		n = 3;	/* in small pieces, as a socket may */
	memcpy(p, f->body + f->body_read, n);
	f->body_read += n;
	return (long)n;
}

static int
fake_write(void *ctx, const char *p, size_t len)
{
	buf_append(&((struct fake *)ctx)->out, p, len);
	return 0;
}

/* Reads a request from params and body; returns http_request_read's. */
static int
read_request(struct fake *f, const char *const *params, const char *body,
    size_t max_body, struct http_request *r)
{
	/* Uploads may be four times as large as forms. */
	struct http_limits limits = { max_body, 4 * max_body };
	const char *why = NULL;
	int status;

	memset(f, 0, sizeof(*f));
	f->params = params;
	f->body = body ? body : "";
	f->body_len = strlen(f->body);
	f->io = (struct http_io){ fake_param, fake_read, fake_write, f };
	status = http_request_read(r, &f->io, &arena, &limits, &why);
	CHECK((status == 0) == (why == NULL));
	return status;
}

static void
test_request_path_and_query(void)
{
	static const char *const params[] = {
		"REQUEST_METHOD", "GET",
		"REQUEST_URI", "/blog/a+b%2Dc?q=x+y&page=2",
		"QUERY_STRING", "q=x+y&page=2",
		"SCRIPT_NAME", "/ignored", "PATH_INFO", "/ignored",
		"HTTP_COOKIE", "session=tok",
		"HTTP_HOST", "example.org",
		"HTTP_IF_NONE_MATCH", "W/\"1\"",
		NULL,
	};
	struct http_request r;
	struct fake f;

	CHECK_INT(read_request(&f, params, NULL, 1024, &r), 0);
	CHECK_INT(r.method, HTTP_GET);
	CHECK_STR(r.path, "/blog/a+b-c");
	CHECK_STR(http_params_get(&r.query, "q", NULL), "x y");
	CHECK_STR(http_params_get(&r.query, "page", NULL), "2");
	CHECK_STR(http_params_get(&r.cookies, "session", NULL), "tok");
	CHECK_STR(r.host, "example.org");
	CHECK_STR(r.if_none_match, "W/\"1\"");
	CHECK(r.origin == NULL);
	CHECK_INT(r.body_len, 0);
	CHECK_INT(f.reads, 0);
}

static void
test_request_refuses_malformed(void)
{
	static const char *const no_method[] = {
		"REQUEST_URI", "/", NULL,
	};
	static const char *const bad_path[] = {
		"REQUEST_METHOD", "GET", "REQUEST_URI", "/blog/%zz", NULL,
	};
	static const char *const relative[] = {
		"REQUEST_METHOD", "GET", "REQUEST_URI", "blog/", NULL,
	};
	static const char *const bad_query[] = {
		"REQUEST_METHOD", "GET", "REQUEST_URI", "/blog/?q=%C3%28",
		"QUERY_STRING", "q=%C3%28", NULL,
	};
	static const char *const bad_length[] = {
		"REQUEST_METHOD", "POST", "REQUEST_URI", "/",
		"CONTENT_LENGTH", "12abc", NULL,
	};
	struct http_request r;
	struct fake f;

	CHECK_INT(read_request(&f, no_method, NULL, 1024, &r), 400);
	CHECK_INT(read_request(&f, bad_path, NULL, 1024, &r), 400);
	CHECK_INT(read_request(&f, relative, NULL, 1024, &r), 400);
	CHECK_INT(read_request(&f, bad_query, NULL, 1024, &r), 400);
	CHECK_INT(read_request(&f, bad_length, "x", 1024, &r), 400);
}

static void
test_request_body_read_exactly(void)
{
	static const char *const params[] = {
		"REQUEST_METHOD", "POST", "REQUEST_URI", "/blog/create",
		"CONTENT_TYPE", "application/x-www-form-urlencoded",
		"CONTENT_LENGTH", "21", NULL,
	};
	struct http_request r;
	struct fake f;

	/* 21 bytes of a longer stream: the rest is not read. */
	CHECK_INT(read_request(&f, params, "title=T%C3%A9&body=b+cEXTRA", 1024,
	    &r), 0);
	CHECK_INT(r.method, HTTP_POST);
	CHECK_INT(r.body_len, 21);
	CHECK_INT(f.body_read, 21);
	CHECK_STR(r.body, "title=T%C3%A9&body=b+");
	CHECK_STR(http_params_get(&r.form, "title", NULL), "Té");
	CHECK_STR(http_params_get(&r.form, "body", NULL), "b ");
}

static void
test_request_body_too_large_refused_unread(void)
{
	static const char *const params[] = {
		"REQUEST_METHOD", "POST", "REQUEST_URI", "/blog/create",
		"CONTENT_LENGTH", "2048", NULL,
	};
	struct http_request r;
	struct fake f;

	CHECK_INT(read_request(&f, params, "x", 1024, &r), 413);
	CHECK_INT(f.reads, 0);
}

static void
test_request_upload_left_to_stream(void)
{
	static const char *const params[] = {
		"REQUEST_METHOD", "POST", "REQUEST_URI", "/blog/media",
		"CONTENT_TYPE", "multipart/form-data; boundary=xyz",
		"CONTENT_LENGTH", "2000", NULL,
	};
	static const char *const too_large[] = {
		"REQUEST_METHOD", "POST", "REQUEST_URI", "/blog/media",
		"CONTENT_TYPE", "Multipart/Form-Data; boundary=xyz",
		"CONTENT_LENGTH", "4097", NULL,
	};
	static char body[2001];
	char got[2001];
	struct http_request r;
	struct fake f;
	size_t have = 0;
	long n;

	memset(body, 'b', 2000);
	/* Over max_body but within max_upload: not read, not refused. */
	CHECK_INT(read_request(&f, params, body, 1024, &r), 0);
	CHECK_INT(f.reads, 0);
	CHECK_INT(r.body_len, 0);
	CHECK(r.stream != NULL && r.stream->left == 2000);
	CHECK_INT(r.form.n, 0);
	while ((n = http_body_read(r.stream, got + have,
	    sizeof(got) - have)) > 0)
		have += (size_t)n;
	CHECK_INT(n, 0);
	CHECK_INT(have, 2000);
	CHECK(memcmp(got, body, 2000) == 0);

	CHECK_INT(read_request(&f, too_large, body, 1024, &r), 413);
	CHECK_INT(f.reads, 0);

	/* Drained; and a body that ends short is -1. */
	CHECK_INT(read_request(&f, params, body, 1024, &r), 0);
	CHECK_INT(http_body_drain(r.stream), 0);
	CHECK_INT(f.body_read, 2000);
	CHECK_INT(read_request(&f, params, "short", 1024, &r), 0);
	CHECK_INT(http_body_drain(r.stream), -1);
}

static void
test_request_short_body_refused(void)
{
	static const char *const params[] = {
		"REQUEST_METHOD", "POST", "REQUEST_URI", "/blog/create",
		"CONTENT_LENGTH", "10", NULL,
	};
	struct http_request r;
	struct fake f;

	CHECK_INT(read_request(&f, params, "abc", 1024, &r), 400);
}

static void
test_request_bad_form_refused(void)
{
	static const char *const params[] = {
		"REQUEST_METHOD", "POST", "REQUEST_URI", "/login",
		"CONTENT_TYPE", "application/x-www-form-urlencoded",
		"CONTENT_LENGTH", "9", NULL,
	};
	struct http_request r;
	struct fake f;

	CHECK_INT(read_request(&f, params, "title=%FF", 1024, &r), 400);
}

static void
test_request_other_methods(void)
{
	static const char *const params[] = {
		"REQUEST_METHOD", "DELETE", "REQUEST_URI", "/blog/", NULL,
	};
	struct http_request r;
	struct fake f;

	CHECK_INT(read_request(&f, params, NULL, 1024, &r), 0);
	CHECK_INT(r.method, HTTP_OTHER);
	CHECK_STR(r.method_name, "DELETE");
}

/* The fake that responses are sent to. */
static struct fake client;

/* Sends resp as method to client; returns what went out. */
static const char *
sent(struct http_response *resp, enum http_method method)
{
	struct http_io io = { fake_param, fake_read, fake_write, &client };

	buf_clear(&client.out);
	CHECK_INT(http_response_send(resp, method, &io), 0);
	return arena_strdup(&arena, client.out.data);
}

static void
test_response_headers_and_body(void)
{
	struct http_response resp;

	http_response_init(&resp);
	resp.content_type = "text/html; charset=utf-8";
	CHECK_INT(http_response_header(&resp, "ETag", "W/\"x\""), 0);
	buf_puts(&resp.body, "<p>hi</p>");
	CHECK_STR(sent(&resp, HTTP_GET), "Status: 200 OK\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n"
	    "Content-Length: 9\r\nETag: W/\"x\"\r\n\r\n<p>hi</p>");
	/* HEAD: the same headers, no body. */
	CHECK_STR(sent(&resp, HTTP_HEAD), "Status: 200 OK\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n"
	    "Content-Length: 9\r\nETag: W/\"x\"\r\n\r\n");
	http_response_reset(&resp);
	resp.status = 304;
	resp.content_type = "text/html";
	buf_puts(&resp.body, "ignored");
	CHECK_STR(sent(&resp, HTTP_GET), "Status: 304 Not Modified\r\n\r\n");
	http_response_reset(&resp);
	resp.status = 404;
	CHECK_STR(sent(&resp, HTTP_GET),
	    "Status: 404 Not Found\r\nContent-Length: 0\r\n\r\n");
	http_response_free(&resp);
}

static void
test_response_refuses_header_injection(void)
{
	struct http_response resp;

	http_response_init(&resp);
	CHECK_INT(http_response_header(&resp, "Location",
	    "/a\r\nSet-Cookie: x"), -1);
	CHECK_INT(http_response_header(&resp, "Location", "/a\nb"), -1);
	CHECK_INT(http_response_header(&resp, "Bad Name", "v"), -1);
	CHECK_INT(http_response_header(&resp, "Bad:Name", "v"), -1);
	CHECK_INT(http_response_header(&resp, "", "v"), -1);
	CHECK_INT(resp.headers.len, 0);
	CHECK_INT(http_response_header(&resp, "X-Ok", "a\tb"), 0);
	CHECK_STR(http_status_reason(413), "Content Too Large");
	CHECK_STR(http_status_reason(429), "Too Many Requests");
	CHECK_STR(http_status_reason(999), "Unknown");
	http_response_free(&resp);
}

int
main(void)
{
	arena_init(&arena, 0);
	TEST_RUN(test_decode_escapes);
	TEST_RUN(test_decode_plus_only_in_queries);
	TEST_RUN(test_decode_refuses_bad_escapes);
	TEST_RUN(test_decode_refuses_what_is_not_utf8);
	TEST_RUN(test_urlencoded_pairs);
	TEST_RUN(test_urlencoded_refuses_bad_values_and_names);
	TEST_RUN(test_url_encode);
	TEST_RUN(test_cookies);
	TEST_RUN(test_content_length_strict);
	TEST_RUN(test_content_type);
	TEST_RUN(test_request_path_and_query);
	TEST_RUN(test_request_refuses_malformed);
	TEST_RUN(test_request_body_read_exactly);
	TEST_RUN(test_request_body_too_large_refused_unread);
	TEST_RUN(test_request_upload_left_to_stream);
	TEST_RUN(test_request_short_body_refused);
	TEST_RUN(test_request_bad_form_refused);
	TEST_RUN(test_request_other_methods);
	TEST_RUN(test_response_headers_and_body);
	TEST_RUN(test_response_refuses_header_injection);
	buf_free(&client.out);
	arena_free(&arena);
	return TEST_DONE();
}

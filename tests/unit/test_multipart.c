/*
 * Tests src/http/multipart.c: the boundary of a Content-Type, and bodies
 * fed whole, split at every point and one byte at a time, with what the
 * callbacks saw written down as one transcript to compare.
 */
#include <string.h>

#include "../../src/http/multipart.h"
#include "../../src/lib/arena.h"
#include "test.h"

#define B	"----WebKitFormBoundaryAbC123xYz"
#define DASH_B	"--" B
#define CT	"multipart/form-data; boundary=" B

static struct arena arena;

/*
 * What the callbacks saw: "<name|filename|type>" at a part's beginning
 * ("-" for NULL), its data as it came, "</>" at its end.
 */
struct record {
	char text[16384];
	size_t len;
	size_t slices;		/* part_data calls */
	size_t empty_slices;	/* of them, with len 0 */
	int stop_begin;		/* stop at this part_begin (1st = 1); 0: never */
	int stop_data;		/* stop at the first part_data */
	int stop_end;		/* stop at the first part_end */
	int begins;
};

static void
record_add(struct record *r, const char *p, size_t len)
{
	if (len > sizeof(r->text) - r->len)
		len = sizeof(r->text) - r->len;
	memcpy(r->text + r->len, p, len);
	r->len += len;
}

static void
record_str(struct record *r, const char *s)
{
	record_add(r, s ? s : "-", strlen(s ? s : "-"));
}

static int
on_begin(void *ctx, const struct multipart_part *part)
{
	struct record *r = ctx;

	record_str(r, "<");
	record_str(r, part->name);
	record_str(r, "|");
	record_str(r, part->filename);
	record_str(r, "|");
	record_str(r, part->content_type);
	record_str(r, ">");
	return ++r->begins == r->stop_begin;
}

static int
on_data(void *ctx, const char *p, size_t len)
{
	struct record *r = ctx;

	r->slices++;
	if (len == 0)
		r->empty_slices++;
	record_add(r, p, len);
	return r->stop_data;
}

static int
on_end(void *ctx)
{
	struct record *r = ctx;

	record_str(r, "</>");
	return r->stop_end;
}

/* Prepares m to read a body of boundary B into r, with limits l or NULL. */
static void
start(struct multipart *m, struct record *r, const struct multipart_limits *l)
{
	struct multipart_callbacks cb = { on_begin, on_data, on_end, r };
	int stop_begin = r->stop_begin, stop_data = r->stop_data,
	    stop_end = r->stop_end;

	memset(r, 0, sizeof(*r));
	arena_reset(&arena);
	r->stop_begin = stop_begin;
	r->stop_data = stop_data;
	r->stop_end = stop_end;
	CHECK_INT(multipart_init(m, B, l, &cb, &arena), MULTIPART_OK);
}

/*
 * Feeds len bytes of body in pieces of step bytes (0: whole) and
 * finishes. Returns the outcome, what was seen in r.
 */
static enum multipart_error
parse_steps(const char *body, size_t len, size_t step,
    const struct multipart_limits *l, struct record *r)
{
	struct multipart m;
	size_t i, n;

	start(&m, r, l);
	if (step == 0)
		step = len;
	for (i = 0; i < len; i += n) {
		n = len - i < step ? len - i : step;
		multipart_feed(&m, body + i, n);
	}
	CHECK(r->empty_slices == 0);
	return multipart_finish(&m);
}

/* As parse_steps, in two pieces split at the byte at. */
static enum multipart_error
parse_split(const char *body, size_t len, size_t at,
    const struct multipart_limits *l, struct record *r)
{
	struct multipart m;

	start(&m, r, l);
	multipart_feed(&m, body, at);
	multipart_feed(&m, body + at, len - at);
	return multipart_finish(&m);
}

/* Returns the outcome of body fed whole with limits l. */
static enum multipart_error
outcome(const char *body, const struct multipart_limits *l)
{
	struct record r = { .len = 0 };

	return parse_steps(body, strlen(body), 0, l, &r);
}

/* Returns 1 if r's transcript is want. */
static int
saw(const struct record *r, const char *want, size_t want_len)
{
	return r->len == want_len && memcmp(r->text, want, want_len) == 0;
}

/* Returns the filename the part of body (one, with a filename) has. */
static const char *
filename_of(const char *disposition, enum multipart_error *e)
{
	static struct record r;
	static char body[1024];
	char *start, *end;

	snprintf(body, sizeof(body), DASH_B "\r\nContent-Disposition: %s\r\n"
	    "\r\nx\r\n" DASH_B "--\r\n", disposition);
	memset(&r, 0, sizeof(r));
	*e = parse_steps(body, strlen(body), 0, NULL, &r);
	r.text[r.len < sizeof(r.text) ? r.len : sizeof(r.text) - 1] = '\0';
	start = strchr(r.text, '|');
	end = start ? strchr(start + 1, '|') : NULL;
	if (end == NULL)
		return "(no part)";
	*end = '\0';
	return start + 1;
}

/* A text field and two files, as Chromium sends them. */
static const char browser_body[] =
	"preamble, ignored\r\n"
	DASH_B "\r\n"
	"Content-Disposition: form-data; name=\"csrf_token\"\r\n"
	"\r\n"
	"tok-123\r\n"
	DASH_B "\r\n"
	"Content-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
	"Content-Type: image/png\r\n"
	"\r\n"
	"\x89PNG\r\n\x1a\n\0\0\r\r\n--\r\n-\r\n" "--" "a" DASH_B "X"
	    "\r\n--" "----WebKitFormBoundaryAbC123xY" "Q"
	    "\r\n--" "----WebKitFormBounda" "\r\n-" "--" B "\r\n\r"
	"\r\n"
	DASH_B "\r\n"
	"Content-Disposition: form-data; name=\"file\"; filename=\"b.txt\"\r\n"
	"Content-Type: text/plain\r\n"
	"\r\n"
	"hello\r\n\r\n"
	"\r\n"
	DASH_B "--\r\n"
	"epilogue, ignored too\r\n";

static const char browser_seen[] =
	"<csrf_token|-|->tok-123</>"
	"<file|a.png|image/png>"
	"\x89PNG\r\n\x1a\n\0\0\r\r\n--\r\n-\r\n" "--" "a" DASH_B "X"
	    "\r\n--" "----WebKitFormBoundaryAbC123xY" "Q"
	    "\r\n--" "----WebKitFormBounda" "\r\n-" "--" B "\r\n\r"
	"</>"
	"<file|b.txt|text/plain>hello\r\n\r\n</>";

static void
test_boundary_from_content_type(void)
{
	char b[MULTIPART_BOUNDARY_MAX + 1];
	char long_ct[200];

	CHECK_INT(multipart_boundary(CT, b), MULTIPART_OK);
	CHECK_STR(b, B);
	CHECK_INT(multipart_boundary("multipart/form-data; boundary=\"a b:c?\"",
	    b), MULTIPART_OK);
	CHECK_STR(b, "a b:c?");
	CHECK_INT(multipart_boundary("Multipart/Form-Data;BOUNDARY=x", b),
	    MULTIPART_OK);
	CHECK_STR(b, "x");
	CHECK_INT(multipart_boundary("multipart/form-data; charset=utf-8; "
	    "boundary=yz; x=\"a;b\"", b), MULTIPART_OK);
	CHECK_STR(b, "yz");
	CHECK_INT(multipart_boundary("multipart/form-data ; boundary=q ;", b),
	    MULTIPART_OK);
	CHECK_STR(b, "q");
	/* 70 characters is the most RFC 2046 allows. */
	snprintf(long_ct, sizeof(long_ct), "multipart/form-data; boundary=%s",
	    "0123456789012345678901234567890123456789012345678901234567890123456789");
	CHECK_INT(multipart_boundary(long_ct, b), MULTIPART_OK);
	CHECK_INT(strlen(b), 70);
}

static void
test_boundary_refused(void)
{
	char b[MULTIPART_BOUNDARY_MAX + 1];
	const char *bad[] = {
		"multipart/form-data",				/* missing */
		"multipart/form-data; charset=utf-8",
		"multipart/form-data; boundary=",		/* empty */
		"multipart/form-data; boundary=\"\"",
		"multipart/form-data; boundary=\"ab \"",	/* ends in space */
		"multipart/form-data; boundary=a@b",		/* not a token */
		"multipart/form-data; boundary=\"a@b\"",	/* not bchars */
		"multipart/form-data; boundary=a*b",
		"multipart/form-data; boundary=\"a\\\"b\"",
		"multipart/form-data; boundary=\"ab",		/* unterminated */
		"multipart/form-data; boundary=a; boundary=b",	/* twice */
		"multipart/form-data; boundary = a",
		"multipart/form-data boundary=a",
		"multipart/form-datax; boundary=a",
		"multipart/mixed; boundary=a",
		"text/plain; boundary=a",
		"application/x-www-form-urlencoded",
		"",
	};
	char long_ct[200];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (multipart_boundary(bad[i], b) != MULTIPART_ERR_CONTENT_TYPE) {
			fprintf(stderr, "accepted: %s\n", bad[i]);
			CHECK(0);
		}
	}
	CHECK_INT(multipart_boundary(NULL, b), MULTIPART_ERR_CONTENT_TYPE);
	snprintf(long_ct, sizeof(long_ct), "multipart/form-data; boundary=%s",
	    "01234567890123456789012345678901234567890123456789012345678901234567890");
	CHECK_INT(multipart_boundary(long_ct, b), MULTIPART_ERR_CONTENT_TYPE);
}

static void
test_init_refuses_bad_boundary(void)
{
	struct multipart m;

	CHECK_INT(multipart_init(&m, "", NULL, NULL, &arena),
	    MULTIPART_ERR_CONTENT_TYPE);
	CHECK_INT(multipart_init(&m, "a\r\nb", NULL, NULL, &arena),
	    MULTIPART_ERR_CONTENT_TYPE);
	CHECK_INT(multipart_init(&m, NULL, NULL, NULL, &arena),
	    MULTIPART_ERR_CONTENT_TYPE);
	CHECK_INT(multipart_feed(&m, "x", 1), MULTIPART_ERR_CONTENT_TYPE);
	CHECK_INT(multipart_init(&m, "ok", NULL, NULL, &arena), MULTIPART_OK);
}

static void
test_browser_body_whole(void)
{
	static struct record r;

	CHECK_INT(parse_steps(browser_body, sizeof(browser_body) - 1, 0, NULL,
	    &r), MULTIPART_OK);
	CHECK(saw(&r, browser_seen, sizeof(browser_seen) - 1));
}

static void
test_browser_body_every_split(void)
{
	static struct record r;
	size_t len = sizeof(browser_body) - 1, bad = 0;

	for (size_t at = 0; at <= len; at++) {
		if (parse_split(browser_body, len, at, NULL, &r) !=
		    MULTIPART_OK || !saw(&r, browser_seen,
		    sizeof(browser_seen) - 1))
			bad++;
	}
	CHECK_INT(bad, 0);
}

static void
test_browser_body_every_piece_size(void)
{
	static struct record r;
	size_t len = sizeof(browser_body) - 1, bad = 0;

	for (size_t step = 1; step <= len; step++) {
		if (parse_steps(browser_body, len, step, NULL, &r) !=
		    MULTIPART_OK || !saw(&r, browser_seen,
		    sizeof(browser_seen) - 1))
			bad++;
	}
	CHECK_INT(bad, 0);
	/* One byte at a time: one slice per data byte at most. */
	CHECK_INT(parse_steps(browser_body, len, 1, NULL, &r), MULTIPART_OK);
	CHECK(r.slices > 20);
}

static void
test_curl_body(void)
{
	static struct record r;
	const char body[] =
		"--------------------------d74496d66958873e\r\n"
		"Content-Disposition: form-data; name=\"csrf_token\"\r\n"
		"\r\n"
		"abc\r\n"
		"--------------------------d74496d66958873e\r\n"
		"Content-Disposition: form-data; name=\"file\"; "
		"filename=\"x.gif\"\r\n"
		"Content-Type: image/gif\r\n"
		"\r\n"
		"GIF89a\r\n"
		"--------------------------d74496d66958873e--\r\n";
	struct multipart m;
	struct multipart_callbacks cb = { on_begin, on_data, on_end, &r };
	char b[MULTIPART_BOUNDARY_MAX + 1];
	const char want[] = "<csrf_token|-|->abc</><file|x.gif|image/gif>"
	    "GIF89a</>";

	CHECK_INT(multipart_boundary("multipart/form-data; boundary="
	    "------------------------d74496d66958873e", b), MULTIPART_OK);
	memset(&r, 0, sizeof(r));
	CHECK_INT(multipart_init(&m, b, NULL, &cb, &arena), MULTIPART_OK);
	CHECK_INT(multipart_feed(&m, body, sizeof(body) - 1), MULTIPART_OK);
	CHECK_INT(multipart_finish(&m), MULTIPART_OK);
	CHECK(saw(&r, want, sizeof(want) - 1));
}

static void
test_boundary_followed_by_other_bytes_refused(void)
{
	/* In data: "\r\n--boundary" is a delimiter, never data. */
	CHECK_INT(outcome(DASH_B "\r\nContent-Disposition: form-data; "
	    "name=f\r\n\r\nab\r\n" DASH_B "X\r\n" DASH_B "--", NULL),
	    MULTIPART_ERR_DELIMITER);
	CHECK_INT(outcome(DASH_B "x\r\n", NULL), MULTIPART_ERR_DELIMITER);
	CHECK_INT(outcome(DASH_B "-x", NULL), MULTIPART_ERR_DELIMITER);
	CHECK_INT(outcome("preamble\r\n" DASH_B "X\r\n", NULL),
	    MULTIPART_ERR_DELIMITER);
	CHECK_INT(outcome(DASH_B " -\r\n", NULL), MULTIPART_ERR_DELIMITER);
}

static void
test_preamble_padding_epilogue(void)
{
	static struct record r;
	const char body[] = "a preamble\r\n--" "----WebKitFormBoundaryAbC"
	    " is not it\r\n"
	    DASH_B " \t \r\nContent-Disposition: form-data; name=a\r\n\r\n"
	    "1\r\n" DASH_B "-- \r\n" DASH_B "\r\nepilogue";
	const char want[] = "<a|-|->1</>";

	CHECK_INT(parse_steps(body, sizeof(body) - 1, 0, NULL, &r),
	    MULTIPART_OK);
	CHECK(saw(&r, want, sizeof(want) - 1));
	CHECK_INT(parse_steps(body, sizeof(body) - 1, 1, NULL, &r),
	    MULTIPART_OK);
	CHECK(saw(&r, want, sizeof(want) - 1));
	/* The close delimiter needs nothing after it. */
	CHECK_INT(outcome(DASH_B "\r\nContent-Disposition: form-data; "
	    "name=a\r\n\r\n" "\r\n" DASH_B "--", NULL), MULTIPART_OK);
}

static void
test_no_parts(void)
{
	static struct record r;

	CHECK_INT(parse_steps(DASH_B "--\r\n", strlen(DASH_B) + 4, 0, NULL,
	    &r), MULTIPART_OK);
	CHECK_INT(r.len, 0);
}

static void
test_empty_file_part(void)
{
	static struct record r;
	const char body[] = DASH_B "\r\n"
	    "Content-Disposition: form-data; name=\"file\"; filename=\"\"\r\n"
	    "Content-Type: application/octet-stream\r\n"
	    "\r\n"
	    "\r\n" DASH_B "--\r\n";
	const char want[] = "<file||application/octet-stream></>";

	CHECK_INT(parse_steps(body, sizeof(body) - 1, 0, NULL, &r),
	    MULTIPART_OK);
	CHECK(saw(&r, want, sizeof(want) - 1));
	CHECK_INT(r.slices, 0);
}

static void
test_names_and_headers_case_insensitive(void)
{
	static struct record r;
	const char body[] = DASH_B "\r\n"
	    "CONTENT-disposition:Form-Data;NAME=\"n\";FileName=f.txt  \r\n"
	    "content-TYPE:   text/plain; charset=\"utf-8\"  \r\n"
	    "Content-Transfer-Encoding: binary\r\n"
	    "X-Unknown:\r\n"
	    "\r\n"
	    "x\r\n" DASH_B "--\r\n";
	const char want[] = "<n|f.txt|text/plain; charset=\"utf-8\">x</>";

	CHECK_INT(parse_steps(body, sizeof(body) - 1, 0, NULL, &r),
	    MULTIPART_OK);
	CHECK(saw(&r, want, sizeof(want) - 1));
}

static void
test_filename_last_component(void)
{
	enum multipart_error e;

	CHECK_STR(filename_of("form-data; name=f; "
	    "filename=\"C:\\Users\\me\\cat.jpg\"", &e), "cat.jpg");
	CHECK_INT(e, MULTIPART_OK);
	CHECK_STR(filename_of("form-data; name=f; filename=\"/etc/passwd\"",
	    &e), "passwd");
	CHECK_STR(filename_of("form-data; name=f; filename=\"a/b\\\\c\"", &e),
	    "c");
	CHECK_STR(filename_of("form-data; name=f; filename=\"dir/\"", &e), "");
	CHECK_STR(filename_of("form-data; name=f; filename=\"../..\"", &e), "");
	CHECK_STR(filename_of("form-data; name=f; filename=.", &e), "");
	CHECK_STR(filename_of("form-data; name=f; filename=...", &e), "...");
	CHECK_STR(filename_of("form-data; name=f; filename=\"\"", &e), "");
	CHECK_INT(e, MULTIPART_OK);
}

static void
test_filename_escapes(void)
{
	enum multipart_error e;

	/* Chromium and Firefox: '"' as %22, CR and LF as %0D and %0A. */
	CHECK_STR(filename_of("form-data; name=f; filename=\"say %22hi%22.png\"",
	    &e), "say \"hi\".png");
	CHECK_INT(e, MULTIPART_OK);
	CHECK_STR(filename_of("form-data; name=f; filename=\"a%0D%0ab.png\"",
	    &e), "ab.png");
	CHECK_STR(filename_of("form-data; name=f; filename=\"100%25 %41.png\"",
	    &e), "100%25 %41.png");
	CHECK_STR(filename_of("form-data; name=f; filename=\"50%\"", &e),
	    "50%");
	/* Older senders: backslash escapes of '"' and '\'. */
	CHECK_STR(filename_of("form-data; name=f; filename=\"a\\\"b\\\\c\"",
	    &e), "c");
	CHECK_STR(filename_of("form-data; name=f; filename=\"q\\\"b.png\"",
	    &e), "q\"b.png");
	CHECK_STR(filename_of("form-data; name=f; filename=caf%22.txt", &e),
	    "caf\".txt");
	CHECK_STR(filename_of("form-data; name=f; filename=\"caf\xc3\xa9.jpg\"",
	    &e), "caf\xc3\xa9.jpg");
	/* Control characters go, C1 ones too; the rest stays. */
	CHECK_STR(filename_of("form-data; name=f; "
	    "filename=\"a\tb\x7f" "c\xc2\x85" "d\xc2\xa0.png\"", &e),
	    "abcd\xc2\xa0.png");
	CHECK_INT(e, MULTIPART_OK);
}

static void
test_filename_refused(void)
{
	enum multipart_error e;

	filename_of("form-data; name=f; filename=\"caf\xe9.jpg\"", &e);
	CHECK_INT(e, MULTIPART_ERR_FILENAME);
	filename_of("form-data; name=f; filename=\"\xc0\xaf\"", &e);
	CHECK_INT(e, MULTIPART_ERR_FILENAME);
	filename_of("form-data; name=f; filename*=UTF-8''a.png", &e);
	CHECK_INT(e, MULTIPART_ERR_DISPOSITION);
	filename_of("form-data; name=f; filename=a; filename=b", &e);
	CHECK_INT(e, MULTIPART_ERR_DISPOSITION);
	filename_of("form-data; name=f; filename=\"a", &e);
	CHECK_INT(e, MULTIPART_ERR_DISPOSITION);
	filename_of("form-data; name=f; filename=\"a\" b", &e);
	CHECK_INT(e, MULTIPART_ERR_DISPOSITION);
}

static void
test_names(void)
{
	enum multipart_error e;
	static struct record r;
	const char body[] = DASH_B "\r\n"
	    "Content-Disposition: form-data; name=\"a %22b%22\"\r\n\r\n"
	    "\r\n" DASH_B "--";
	const char want[] = "<a \"b\"|-|-></>";

	CHECK_INT(parse_steps(body, sizeof(body) - 1, 0, NULL, &r),
	    MULTIPART_OK);
	CHECK(saw(&r, want, sizeof(want) - 1));
	filename_of("form-data; name=\"a%0Ab\"", &e);
	CHECK_INT(e, MULTIPART_ERR_NAME);
	filename_of("form-data; name=\"a\tb\"", &e);
	CHECK_INT(e, MULTIPART_ERR_NAME);
	filename_of("form-data; name=\"\xff\"", &e);
	CHECK_INT(e, MULTIPART_ERR_NAME);
	filename_of("form-data; name*=UTF-8''a", &e);
	CHECK_INT(e, MULTIPART_ERR_DISPOSITION);
	filename_of("form-data; name=a; name=b", &e);
	CHECK_INT(e, MULTIPART_ERR_DISPOSITION);
}

static void
test_missing_name_or_disposition(void)
{
	enum multipart_error e;

	filename_of("form-data", &e);
	CHECK_INT(e, MULTIPART_ERR_NO_NAME);
	filename_of("form-data; filename=\"a.png\"", &e);
	CHECK_INT(e, MULTIPART_ERR_NO_NAME);
	filename_of("form-data; name=\"\"", &e);
	CHECK_INT(e, MULTIPART_ERR_NO_NAME);
	filename_of("attachment; name=a", &e);
	CHECK_INT(e, MULTIPART_ERR_DISPOSITION);
	filename_of("form-data name=a", &e);
	CHECK_INT(e, MULTIPART_ERR_DISPOSITION);
	filename_of("", &e);
	CHECK_INT(e, MULTIPART_ERR_DISPOSITION);
	CHECK_INT(outcome(DASH_B "\r\nContent-Type: text/plain\r\n\r\nx\r\n"
	    DASH_B "--", NULL), MULTIPART_ERR_DISPOSITION);
	CHECK_INT(outcome(DASH_B "\r\n\r\nx\r\n" DASH_B "--", NULL),
	    MULTIPART_ERR_DISPOSITION);
	CHECK_INT(outcome(DASH_B "\r\nContent-Disposition: form-data; name=a"
	    "\r\nContent-Disposition: form-data; name=b\r\n\r\nx\r\n"
	    DASH_B "--", NULL), MULTIPART_ERR_HEADER);
}

static void
test_malformed_headers(void)
{
	/* Folded. */
	CHECK_INT(outcome(DASH_B "\r\nContent-Disposition: form-data;\r\n"
	    " name=a\r\n\r\nx\r\n" DASH_B "--", NULL), MULTIPART_ERR_HEADER);
	/* No colon; a space before it. */
	CHECK_INT(outcome(DASH_B "\r\nContent-Disposition form-data; name=a"
	    "\r\n\r\nx\r\n" DASH_B "--", NULL), MULTIPART_ERR_HEADER);
	CHECK_INT(outcome(DASH_B "\r\nContent-Disposition : form-data; name=a"
	    "\r\n\r\nx\r\n" DASH_B "--", NULL), MULTIPART_ERR_HEADER);
	/* Content-Type twice. */
	CHECK_INT(outcome(DASH_B "\r\nContent-Disposition: form-data; name=a"
	    "\r\nContent-Type: a/b\r\nContent-Type: c/d\r\n\r\nx\r\n"
	    DASH_B "--", NULL), MULTIPART_ERR_HEADER);
	/* A bare CR or LF in the headers. */
	CHECK_INT(outcome(DASH_B "\r\nContent-Disposition: form-data; name=a"
	    "\r\nX: a\rb\r\n\r\nx\r\n" DASH_B "--", NULL),
	    MULTIPART_ERR_LINE_END);
	CHECK_INT(outcome(DASH_B "\r\nContent-Disposition: form-data; name=a"
	    "\n\r\nx\r\n" DASH_B "--", NULL), MULTIPART_ERR_LINE_END);
	CHECK_INT(outcome(DASH_B "\r\nContent-Disposition: form-data; name=a"
	    "\r\n\n", NULL), MULTIPART_ERR_LINE_END);
	CHECK_INT(outcome(DASH_B "\rx", NULL), MULTIPART_ERR_LINE_END);
}

static void
test_nul_in_header_refused(void)
{
	static struct record r;
	const char body[] = DASH_B "\r\n"
	    "Content-Disposition: form-data; name=\"a\0b\"\r\n\r\n"
	    "\r\n" DASH_B "--";

	CHECK_INT(parse_steps(body, sizeof(body) - 1, 0, NULL, &r),
	    MULTIPART_ERR_HEADER);
}

static void
test_lf_only_body_refused(void)
{
	const char *body = "--" B "\n"
	    "Content-Disposition: form-data; name=\"a\"\n\n"
	    "x\n--" B "--\n";
	static struct record r;

	CHECK_INT(outcome(body, NULL), MULTIPART_ERR_LINE_END);
	CHECK_INT(parse_steps(body, strlen(body), 1, NULL, &r),
	    MULTIPART_ERR_LINE_END);
	CHECK_INT(r.len, 0);
}

static void
test_truncated_bodies(void)
{
	const char *cut[] = {
		"",
		"only a preamble\r\n",
		"--" B,
		DASH_B "\r",
		DASH_B "\r\n",
		DASH_B "\r\nContent-Disposition: form-data; na",
		DASH_B "\r\nContent-Disposition: form-data; name=a\r\n",
		DASH_B "\r\nContent-Disposition: form-data; name=a\r\n\r\n",
		DASH_B "\r\nContent-Disposition: form-data; name=a\r\n\r\nda",
		DASH_B "\r\nContent-Disposition: form-data; name=a\r\n\r\n"
		    "data\r\n--" B,
		DASH_B "\r\nContent-Disposition: form-data; name=a\r\n\r\n"
		    "data\r\n--" B "-",
		DASH_B "\r\nContent-Disposition: form-data; name=a\r\n\r\n"
		    "data\r\n--" B "\r\n",
	};

	for (size_t i = 0; i < sizeof(cut) / sizeof(cut[0]); i++) {
		struct record r;
		struct multipart m;

		memset(&r, 0, sizeof(r));
		start(&m, &r, NULL);
		CHECK_INT(multipart_feed(&m, cut[i], strlen(cut[i])),
		    MULTIPART_OK);
		if (multipart_finish(&m) != MULTIPART_ERR_TRUNCATED) {
			fprintf(stderr, "not truncated: case %zu\n", i);
			CHECK(0);
		}
	}
}

static void
test_data_held_back_at_most_a_delimiter(void)
{
	static struct record r;
	struct multipart m;
	const char head[] = DASH_B "\r\nContent-Disposition: form-data; "
	    "name=a\r\n\r\n";
	const char *delim = "\r\n" DASH_B;
	size_t dlen = strlen(delim), before;

	start(&m, &r, NULL);
	CHECK_INT(multipart_feed(&m, head, sizeof(head) - 1), MULTIPART_OK);
	before = r.len;
	CHECK_INT(multipart_feed(&m, "data", 4), MULTIPART_OK);
	CHECK_INT(r.len - before, 4);
	/* All of a delimiter but its last byte: held back, none handed on. */
	CHECK_INT(multipart_feed(&m, delim, dlen - 1), MULTIPART_OK);
	CHECK_INT(r.len - before, 4);
	/* Then not a delimiter after all: all of it is data. */
	CHECK_INT(multipart_feed(&m, "?", 1), MULTIPART_OK);
	CHECK_INT(r.len - before, 4 + dlen);
	CHECK(memcmp(r.text + before + 4, delim, dlen - 1) == 0);
	/* A CR then a split delimiter: the CR is data. */
	CHECK_INT(multipart_feed(&m, "\r\r\n--", 5), MULTIPART_OK);
	CHECK_INT(r.len - before, 4 + dlen + 1);
	CHECK_INT(multipart_feed(&m, B "--", strlen(B) + 2), MULTIPART_OK);
	CHECK_INT(multipart_finish(&m), MULTIPART_OK);
	CHECK(memcmp(r.text + r.len - 4, "\r</>", 4) == 0);
}

static void
test_limit_parts(void)
{
	struct multipart_limits l;
	const char *two = DASH_B "\r\nContent-Disposition: form-data; name=a"
	    "\r\n\r\n1\r\n" DASH_B "\r\nContent-Disposition: form-data; name=b"
	    "\r\n\r\n2\r\n" DASH_B "--\r\n";

	multipart_limits_default(&l);
	l.max_parts = 2;
	CHECK_INT(outcome(two, &l), MULTIPART_OK);
	l.max_parts = 1;
	CHECK_INT(outcome(two, &l), MULTIPART_ERR_TOO_MANY_PARTS);
	l.max_parts = 0;
	CHECK_INT(outcome(two, &l), MULTIPART_ERR_TOO_MANY_PARTS);
	CHECK_INT(outcome(DASH_B "--", &l), MULTIPART_OK);
}

static void
test_limit_header_bytes(void)
{
	struct multipart_limits l;
	const char *body = DASH_B "\r\nContent-Disposition: form-data; name=a"
	    "\r\n\r\n1\r\n" DASH_B "--\r\n";
	/* The block: its line, its CR LF, and the empty line. */
	size_t block = strlen("Content-Disposition: form-data; name=a") + 4;
	static struct record r;

	multipart_limits_default(&l);
	l.max_header_bytes = block;
	CHECK_INT(outcome(body, &l), MULTIPART_OK);
	l.max_header_bytes = block - 1;
	CHECK_INT(outcome(body, &l), MULTIPART_ERR_HEADER_TOO_LONG);
	CHECK_INT(parse_steps(body, strlen(body), 1, &l, &r),
	    MULTIPART_ERR_HEADER_TOO_LONG);
	/* Headers that never end stop at the limit, not at the body's end. */
	l.max_header_bytes = 16;
	CHECK_INT(outcome(DASH_B "\r\nX-Long: 0123456789", &l),
	    MULTIPART_ERR_HEADER_TOO_LONG);
	CHECK_STR(multipart_error_text(MULTIPART_ERR_HEADER_TOO_LONG),
	    "The upload's part headers are too long.");
}

static void
test_limit_name_and_filename(void)
{
	struct multipart_limits l;
	const char *body = DASH_B "\r\nContent-Disposition: form-data; "
	    "name=\"abcd\"; filename=\"dir/%22file%22\"\r\n\r\n1\r\n"
	    DASH_B "--\r\n";

	multipart_limits_default(&l);
	l.max_name_bytes = 4;
	l.max_filename_bytes = 6;	/* "\"file\"", decoded, from the path */
	CHECK_INT(outcome(body, &l), MULTIPART_OK);
	l.max_name_bytes = 3;
	CHECK_INT(outcome(body, &l), MULTIPART_ERR_NAME_TOO_LONG);
	l.max_name_bytes = 4;
	l.max_filename_bytes = 5;
	CHECK_INT(outcome(body, &l), MULTIPART_ERR_FILENAME_TOO_LONG);
}

static void
test_limit_body_bytes(void)
{
	static struct record r;
	struct multipart_limits l;
	size_t len = sizeof(browser_body) - 1, bad = 0;

	multipart_limits_default(&l);
	l.max_body_bytes = len;
	CHECK_INT(parse_steps(browser_body, len, 0, &l, &r), MULTIPART_OK);
	l.max_body_bytes = len - 1;
	for (size_t step = 0; step <= len; step += 7)
		if (parse_steps(browser_body, len, step, &l, &r) !=
		    MULTIPART_ERR_BODY_TOO_LARGE)
			bad++;
	CHECK_INT(bad, 0);
	/* Checked whatever came before: here, in the middle of a file. */
	l.max_body_bytes = 300;
	CHECK_INT(parse_steps(browser_body, len, 64, &l, &r),
	    MULTIPART_ERR_BODY_TOO_LARGE);
}

static void
test_callback_stops(void)
{
	static struct record r;
	size_t len = sizeof(browser_body) - 1;
	struct multipart m;

	memset(&r, 0, sizeof(r));
	r.stop_begin = 2;
	CHECK_INT(parse_steps(browser_body, len, 0, NULL, &r),
	    MULTIPART_ERR_STOPPED);
	CHECK(saw(&r, "<csrf_token|-|->tok-123</><file|a.png|image/png>",
	    strlen("<csrf_token|-|->tok-123</><file|a.png|image/png>")));
	CHECK_INT(parse_steps(browser_body, len, 3, NULL, &r),
	    MULTIPART_ERR_STOPPED);
	r.stop_begin = 0;
	r.stop_data = 1;
	CHECK_INT(parse_steps(browser_body, len, 0, NULL, &r),
	    MULTIPART_ERR_STOPPED);
	CHECK_INT(r.slices, 1);
	r.stop_data = 0;
	r.stop_end = 1;
	CHECK_INT(parse_steps(browser_body, len, 5, NULL, &r),
	    MULTIPART_ERR_STOPPED);
	/* Once stopped, it stays stopped and reads nothing more. */
	r.stop_end = 0;
	r.stop_begin = 1;
	start(&m, &r, NULL);
	CHECK_INT(multipart_feed(&m, browser_body, len), MULTIPART_ERR_STOPPED);
	CHECK_INT(multipart_feed(&m, browser_body, len), MULTIPART_ERR_STOPPED);
	CHECK_INT(multipart_finish(&m), MULTIPART_ERR_STOPPED);
	CHECK_INT(r.begins, 1);
	CHECK_INT(multipart_error_status(MULTIPART_ERR_STOPPED), 0);
}

static void
test_no_callbacks(void)
{
	struct multipart m;

	CHECK_INT(multipart_init(&m, B, NULL, NULL, &arena), MULTIPART_OK);
	CHECK_INT(multipart_feed(&m, browser_body, sizeof(browser_body) - 1),
	    MULTIPART_OK);
	CHECK_INT(multipart_finish(&m), MULTIPART_OK);
}

static void
test_error_texts_and_statuses(void)
{
	CHECK_STR(multipart_error_text(MULTIPART_OK), "");
	for (int e = 1; e < MULTIPART_ERR__MAX; e++) {
		const char *t = multipart_error_text(e);

		CHECK(t != NULL && strlen(t) > 10 && t[strlen(t) - 1] == '.');
		CHECK(multipart_error_status(e) == 400 ||
		    multipart_error_status(e) == 413 ||
		    e == MULTIPART_ERR_STOPPED);
	}
	CHECK_INT(multipart_error_status(MULTIPART_OK), 0);
	CHECK_INT(multipart_error_status(MULTIPART_ERR_TRUNCATED), 400);
	CHECK_INT(multipart_error_status(MULTIPART_ERR_LINE_END), 400);
	CHECK_INT(multipart_error_status(MULTIPART_ERR_TOO_MANY_PARTS), 413);
	CHECK_INT(multipart_error_status(MULTIPART_ERR_HEADER_TOO_LONG), 413);
	CHECK_INT(multipart_error_status(MULTIPART_ERR_NAME_TOO_LONG), 413);
	CHECK_INT(multipart_error_status(MULTIPART_ERR_FILENAME_TOO_LONG), 413);
	CHECK_INT(multipart_error_status(MULTIPART_ERR_BODY_TOO_LARGE), 413);
	CHECK(multipart_error_text(MULTIPART_ERR__MAX) != NULL);
}

int
main(void)
{
	arena_init(&arena, 0);
	TEST_RUN(test_boundary_from_content_type);
	TEST_RUN(test_boundary_refused);
	TEST_RUN(test_init_refuses_bad_boundary);
	TEST_RUN(test_browser_body_whole);
	TEST_RUN(test_browser_body_every_split);
	TEST_RUN(test_browser_body_every_piece_size);
	TEST_RUN(test_curl_body);
	TEST_RUN(test_boundary_followed_by_other_bytes_refused);
	TEST_RUN(test_preamble_padding_epilogue);
	TEST_RUN(test_no_parts);
	TEST_RUN(test_empty_file_part);
	TEST_RUN(test_names_and_headers_case_insensitive);
	TEST_RUN(test_filename_last_component);
	TEST_RUN(test_filename_escapes);
	TEST_RUN(test_filename_refused);
	TEST_RUN(test_names);
	TEST_RUN(test_missing_name_or_disposition);
	TEST_RUN(test_malformed_headers);
	TEST_RUN(test_nul_in_header_refused);
	TEST_RUN(test_lf_only_body_refused);
	TEST_RUN(test_truncated_bodies);
	TEST_RUN(test_data_held_back_at_most_a_delimiter);
	TEST_RUN(test_limit_parts);
	TEST_RUN(test_limit_header_bytes);
	TEST_RUN(test_limit_name_and_filename);
	TEST_RUN(test_limit_body_bytes);
	TEST_RUN(test_callback_stops);
	TEST_RUN(test_no_callbacks);
	TEST_RUN(test_error_texts_and_statuses);
	arena_free(&arena);
	return TEST_DONE();
}

/*
 * Tests the decoding of a form body (src/http/urlencode.c) in the cases the
 * post and login forms meet and test_http.c does not: textarea line
 * breaks, characters the form's own syntax uses, four-byte UTF-8, bodies
 * as large as a post's, and the bytes a hostile client may send raw.
 */
#include <string.h>

#include "../../src/http/urlencode.h"
#include "../../src/lib/arena.h"
#include "test.h"

static struct arena arena;

/* Parses the form s; returns the value of name, or "(refused)"/"(none)". */
static const char *
field(const char *s, const char *name, size_t *len)
{
	struct http_params p;
	const char *v;

	if (http_parse_urlencoded(&arena, s, strlen(s), &p) != 0)
		return "(refused)";
	v = http_params_get(&p, name, len);
	return v ? v : "(none)";
}

static void
test_textarea_line_breaks_kept(void)
{
	size_t len = 0;

	CHECK_STR(field("body=one%0D%0Atwo%0D%0A%0D%0A", "body", &len),
	    "one\r\ntwo\r\n\r\n");
	CHECK_INT(len, 12);
	CHECK_STR(field("body=a%09b", "body", NULL), "a\tb");
}

static void
test_form_syntax_inside_values(void)
{
	CHECK_STR(field("tags=a%2C+b%26c%3Dd", "tags", NULL), "a, b&c=d");
	CHECK_STR(field("title=1%2B1=2", "title", NULL), "1+1=2");
	/* Only the first '=' splits; ';' separates nothing. */
	CHECK_STR(field("title=a=b;c=d", "title", NULL), "a=b;c=d");
	CHECK_STR(field("next=%2Fblog%2F%3Fq%3Da%2520b", "next", NULL),
	    "/blog/?q=a%20b");
}

static void
test_first_of_repeated_fields_wins(void)
{
	CHECK_STR(field("csrf_token=good&csrf_token=evil", "csrf_token",
	    NULL), "good");
	CHECK_STR(field("title=&title=second", "title", NULL), "");
}

static void
test_four_byte_utf8_and_raw_utf8(void)
{
	size_t len = 0;

	CHECK_STR(field("title=%F0%9F%98%80", "title", &len), "\xF0\x9F\x98\x80");
	CHECK_INT(len, 4);
	/* A client may send UTF-8 without escaping it: still text. */
	CHECK_STR(field("title=\xD0\x9F\xD0\xB8", "title", NULL),
	    "\xD0\x9F\xD0\xB8");
	CHECK_STR(field("t\xC3\xA9=1", "t\xC3\xA9", NULL), "1");
}

static void
test_what_is_not_text_refused(void)
{
	CHECK_STR(field("title=%FF", "title", NULL), "(refused)");
	CHECK_STR(field("title=\xFF", "title", NULL), "(refused)");
	CHECK_STR(field("title=ok&body=%C3", "title", NULL), "(refused)");
	CHECK_STR(field("%FF=1", "x", NULL), "(refused)");
	CHECK_STR(field("title=%C0%80", "title", NULL), "(refused)");
	CHECK_STR(field("title=%F4%90%80%80", "title", NULL), "(refused)");
	CHECK_STR(field("title=%00", "title", NULL), "(refused)");
	CHECK_STR(field("title=a%", "title", NULL), "(refused)");
}

static void
test_missing_and_empty_fields(void)
{
	size_t len = 7;

	CHECK_STR(field("title=x", "body", NULL), "(none)");
	CHECK_STR(field("body", "body", &len), "");
	CHECK_INT(len, 0);
	CHECK_STR(field("=orphan&title=x", "title", NULL), "x");
}

static void
test_large_value_decoded_exactly(void)
{
	static char form[3 * 70000 + 16];
	size_t len = 0;
	char *at;

	strcpy(form, "body=");
	at = form + 5;
	for (int i = 0; i < 65536; i++) {
		memcpy(at, i % 2 ? "%41" : "b", i % 2 ? 3 : 1);
		at += i % 2 ? 3 : 1;
	}
	*at = '\0';
	CHECK(strncmp(field(form, "body", &len), "bAbA", 4) == 0);
	CHECK_INT(len, 65536);
}

/*
 * A body of a mebibyte of '&' holds no pair: the decoder's memory is that
 * of the pairs there are, not a slot for every separator (24 MiB here).
 */
static void
test_empty_pairs_cost_no_memory(void)
{
	static char amps[1024 * 1024];
	struct http_params p;
	struct arena a;

	memset(amps, '&', sizeof(amps));
	arena_init(&a, 0);
	CHECK_INT(http_parse_urlencoded(&a, amps, sizeof(amps), &p), 0);
	CHECK_INT(p.n, 0);
	CHECK(a.peak < 256 * 1024);
	memcpy(amps + sizeof(amps) - 3, "a=b", 3);
	CHECK_INT(http_parse_urlencoded(&a, amps, sizeof(amps), &p), 0);
	CHECK_INT(p.n, 1);
	CHECK_STR(http_params_get(&p, "a", NULL), "b");
	CHECK(a.peak < 256 * 1024);
	arena_free(&a);
}

int
main(void)
{
	arena_init(&arena, 0);
	TEST_RUN(test_textarea_line_breaks_kept);
	TEST_RUN(test_form_syntax_inside_values);
	TEST_RUN(test_first_of_repeated_fields_wins);
	TEST_RUN(test_four_byte_utf8_and_raw_utf8);
	TEST_RUN(test_what_is_not_text_refused);
	TEST_RUN(test_missing_and_empty_fields);
	TEST_RUN(test_large_value_decoded_exactly);
	TEST_RUN(test_empty_pairs_cost_no_memory);
	arena_free(&arena);
	return TEST_DONE();
}

/*
 * Tests src/app/post_input.c through the form fields routes.c declares
 * with its checks, from urlencoded bodies as a browser sends them: the
 * title trimmed and counted in characters, the body in bytes and within
 * the renderer's bounds, the tags field through taglist, a message for
 * each wrong field and the input kept as sent.
 */
#include <string.h>

#include "../../src/app/post_input.h"
#include "../../src/app/routes.h"
#include "../../src/lib/zone.h"
#include "test.h"

static struct arena arena;
static struct zone zone;	/* never opened: UTC */

/*
 * Reads the form body s into in as /blog/create's fields are read before
 * its handler runs; returns post_input_read's answer.
 */
static int
read_form(const char *s, struct post_input *in)
{
	struct http_params form;
	struct field_value v[FIELD__MAX];

	if (http_parse_urlencoded(&arena, s, strlen(s), &form) != 0) {
		fprintf(stderr, "form does not decode: %.40s\n", s);
		return -2;
	}
	memset(v, 0, sizeof(v));
	(void)field_read_form(fields, FIELD__MAX, routes[PAGE_CREATE].fields,
	    &form, v);
	(void)field_check_form(fields, FIELD__MAX, routes[PAGE_CREATE].fields,
	    v, &arena);
	return post_input_read(in, v, &zone);
}

/* Returns a form with title (already encoded) and a body of n 'x'. */
static const char *
form_with_body(const char *title, size_t n)
{
	size_t head = strlen("title=") + strlen(title) + strlen("&body=");
	char *s = arena_alloc(&arena, head + n + 1);

	snprintf(s, head + 1, "title=%s&body=", title);
	memset(s + head, 'x', n);
	s[head + n] = '\0';
	return s;
}

static void
test_valid_post(void)
{
	struct post_input in;

	CHECK_INT(read_form("title=++Hello%2C+world%09&body=Some+*text*%0D%0A"
	    "&tags=C%2C+linux%2C+Linux&csrf_token=x", &in), 0);
	CHECK_STR(in.draft.title, "Hello, world");
	CHECK_STR(in.title_value, "  Hello, world\t");
	CHECK_STR(in.draft.body, "Some *text*\r\n");
	CHECK_INT(in.draft.body_len, 13);
	CHECK_INT(in.draft.ntags, 2);
	CHECK_STR(in.draft.tags[0], "C");
	CHECK_STR(in.draft.tags[1], "linux");
	CHECK(in.title_error == NULL && in.body_error == NULL &&
	    in.tags_error == NULL);
}

static void
test_no_tags_is_fine(void)
{
	struct post_input in;

	CHECK_INT(read_form("title=T&body=B", &in), 0);
	CHECK_INT(in.draft.ntags, 0);
	CHECK_STR(in.tags_value, "");
	CHECK_INT(read_form("title=T&body=B&tags=+%2C+%2C", &in), 0);
	CHECK_INT(in.draft.ntags, 0);
}

static void
test_title_required(void)
{
	struct post_input in;

	CHECK_INT(read_form("title=&body=B", &in), -1);
	CHECK(in.title_error != NULL);
	CHECK(in.body_error == NULL);
	CHECK_INT(read_form("body=B", &in), -1);
	CHECK(in.title_error != NULL);
	/* Only white space, Unicode's included (U+3000, U+00A0). */
	CHECK_INT(read_form("title=+%E3%80%80%C2%A0%0A&body=B", &in), -1);
	CHECK(in.title_error != NULL);
	CHECK_STR(in.title_value, " \xE3\x80\x80\xC2\xA0\n");
}

static void
test_title_length_in_characters(void)
{
	struct post_input in;
	char title[140 * 6 + 16];

	/* 140 Cyrillic letters (280 bytes) fit; 141 do not. */
	title[0] = '\0';
	for (int i = 0; i < 140; i++)
		strcat(title, "%D0%AF");
	CHECK_INT(read_form(form_with_body(title, 1), &in), 0);
	CHECK_INT(strlen(in.draft.title), 280);
	strcat(title, "%D0%AF");
	CHECK_INT(read_form(form_with_body(title, 1), &in), -1);
	CHECK(in.title_error != NULL);
	CHECK(strstr(in.title_error, "141") != NULL);
	/* Spaces around do not count. */
	memset(title, 'a', 140);
	strcpy(title + 140, "+++");
	CHECK_INT(read_form(form_with_body(title, 1), &in), 0);
}

static void
test_title_is_one_line(void)
{
	struct post_input in;

	CHECK_INT(read_form("title=a%0Db&body=B", &in), -1);
	CHECK(in.title_error != NULL);
	CHECK_INT(read_form("title=a%07b&body=B", &in), -1);
	CHECK(in.title_error != NULL);
	/* At either end, a line break is only white space. */
	CHECK_INT(read_form("title=%0D%0Aab%0D%0A&body=B", &in), 0);
	CHECK_STR(in.draft.title, "ab");
}

static void
test_body_required(void)
{
	struct post_input in;

	CHECK_INT(read_form("title=T&body=", &in), -1);
	CHECK(in.body_error != NULL);
	CHECK(in.title_error == NULL);
	CHECK_INT(read_form("title=T&body=+%0D%0A%09", &in), -1);
	CHECK(in.body_error != NULL);
	CHECK_INT(read_form("title=T", &in), -1);
	CHECK(in.body_error != NULL);
}

static void
test_body_length_in_bytes(void)
{
	struct post_input in;

	CHECK_INT(read_form(form_with_body("T", 65535), &in), 0);
	CHECK_INT(in.draft.body_len, 65535);
	CHECK_INT(read_form(form_with_body("T", 65536), &in), -1);
	CHECK(in.body_error != NULL);
	CHECK(strstr(in.body_error, "65536") != NULL);
	/* Kept as sent, to show the form again. */
	CHECK_INT(strlen(in.body_value), 65536);
}

/* Returns "title=T&body=" and body percent-encoded, as a browser sends it. */
static const char *
form_with_raw_body(const char *body)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(body), o = 0;
	char *s = arena_alloc(&arena, strlen("title=T&body=") + 3 * len + 1);

	o += (size_t)sprintf(s, "title=T&body=");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)body[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9')) {
			s[o++] = (char)c;
			continue;
		}
		s[o++] = '%';
		s[o++] = hex[c >> 4];
		s[o++] = hex[c & 0xF];
	}
	s[o] = '\0';
	return s;
}

/* Returns n copies of unit, from the arena. */
static const char *
repeated(const char *unit, size_t n)
{
	size_t len = strlen(unit);
	char *s = arena_alloc(&arena, len * n + 1);

	for (size_t i = 0; i < n; i++)
		memcpy(s + i * len, unit, len);
	s[len * n] = '\0';
	return s;
}

/* A header row of 300 columns over 300 one-cell rows: 907 KB of cells. */
static void
test_table_bomb_refused_with_its_size(void)
{
	struct post_input in;
	char *body = arena_alloc(&arena, 2 * 300 + 4 * 300 + 2 * 300 + 3);
	size_t o = 0;

	for (int i = 0; i < 300; i++)
		o += (size_t)sprintf(body + o, "%sh", i ? "|" : "");
	body[o++] = '\n';
	for (int i = 0; i < 300; i++)
		o += (size_t)sprintf(body + o, "%s---", i ? "|" : "");
	body[o++] = '\n';
	for (int i = 0; i < 300; i++)
		o += (size_t)sprintf(body + o, "x\n");
	CHECK_INT(read_form(form_with_raw_body(body), &in), -1);
	CHECK(in.title_error == NULL && in.tags_error == NULL);
	CHECK_STR(in.body_error, "This text has a table of 300 columns and "
	    "301 rows: 90,300 cells, since every row gets a cell for each "
	    "column of the first. A table may have at most 16,384 cells; "
	    "make the table smaller.");
	/* Kept as sent, to show the form again. */
	CHECK_STR(in.body_value, body);
}

/* "]([" lines: md4c 0.4.8 is quadratic in them. */
static void
test_quadratic_brackets_refused_naming_the_paragraph(void)
{
	struct post_input in;
	const char *body = repeated("]([\n", 16000);

	CHECK_INT(read_form(form_with_raw_body(body), &in), -1);
	CHECK_STR(in.body_error, "This text has too many square brackets "
	    "([ and ]) in long paragraphs to make a page of it in good time: "
	    "the paragraph at line 1 has 32,000 of them over 16,000 lines. "
	    "Put blank lines between paragraphs, or use fewer brackets.");
	CHECK_INT(strlen(in.body_value), 64000);
}

static void
test_body_making_too_much_html_refused(void)
{
	struct post_input in;

	/* Quotes nested 60,000 deep: 1.6 MB of <blockquote>. */
	CHECK_INT(read_form(form_with_raw_body(repeated(">", 60000)), &in),
	    -1);
	CHECK_STR(in.body_error, "This text would make a page of more than "
	    "1,024 KB, the most a post may make; make it shorter, or split "
	    "it into several posts.");
}

static void
test_ordinary_table_accepted(void)
{
	struct post_input in;
	const char *row = repeated("| cell ", 20);
	const char *body = arena_printf(&arena, "%s|\n%s|\n%s", row,
	    repeated("|---", 20), repeated(arena_printf(&arena, "%s|\n", row),
	    50));

	CHECK_INT(read_form(form_with_raw_body(body), &in), 0);
	CHECK(in.body_error == NULL);
	CHECK_INT(in.draft.body_len, strlen(body));
}

static void
test_tag_errors(void)
{
	struct post_input in;
	char form[600] = "title=T&body=B&tags=ok%2C+";

	for (int i = 0; i < 101; i++)
		strcat(form, "t");
	CHECK_INT(read_form(form, &in), -1);
	CHECK(in.tags_error != NULL);
	CHECK(strstr(in.tags_error, "100 characters") != NULL);
	CHECK(in.title_error == NULL && in.body_error == NULL);
	CHECK_STR(in.tags_value + strlen(in.tags_value) - 3, "ttt");
	CHECK_INT(read_form("title=T&body=B&tags=a%01b", &in), -1);
	CHECK(in.tags_error != NULL);
	/* A name of exactly 100 is fine. */
	form[strlen(form) - 1] = '\0';
	CHECK_INT(read_form(form, &in), 0);
	CHECK_INT(in.draft.ntags, 2);
}

static void
test_every_wrong_field_named(void)
{
	struct post_input in;
	char form[400] = "title=&body=&tags=";

	for (int i = 0; i < 101; i++)
		strcat(form, "t");
	CHECK_INT(read_form(form, &in), -1);
	CHECK(in.title_error != NULL);
	CHECK(in.body_error != NULL);
	CHECK(in.tags_error != NULL);
}

int
main(void)
{
	arena_init(&arena, 0);
	TEST_RUN(test_valid_post);
	TEST_RUN(test_no_tags_is_fine);
	TEST_RUN(test_title_required);
	TEST_RUN(test_title_length_in_characters);
	TEST_RUN(test_title_is_one_line);
	TEST_RUN(test_body_required);
	TEST_RUN(test_body_length_in_bytes);
	TEST_RUN(test_table_bomb_refused_with_its_size);
	TEST_RUN(test_quadratic_brackets_refused_naming_the_paragraph);
	TEST_RUN(test_body_making_too_much_html_refused);
	TEST_RUN(test_ordinary_table_accepted);
	TEST_RUN(test_tag_errors);
	TEST_RUN(test_every_wrong_field_named);
	arena_free(&arena);
	return TEST_DONE();
}

/*
 * fuzz_frontmatter: src/lib/frontmatter.c on any file, and its dates.
 *
 * Properties: a file read has its body inside the input, running to its
 * end, and every value read is UTF-8 without NUL (checked by fuzz.h's own
 * check) on a line of the input; a refusal names a line of the input and
 * says why. A post made of the values read, written by frontmatter_emit,
 * reads back to the same values (when its front matter stays within the
 * bound). A date read is written by frontmatter_time and reads back to
 * the same instant.
 */
#include <string.h>

#include "../../src/lib/arena.h"
#include "../../src/lib/buf.h"
#include "../../src/lib/frontmatter.h"
#include "fuzz.h"

/* Returns the number of lines of the size bytes at data. */
static size_t
count_lines(const uint8_t *data, size_t size)
{
	size_t lines = 1;

	for (size_t i = 0; i < size; i++)
		if (data[i] == '\n')
			lines++;
	return lines;
}

/* Checks a value read: UTF-8, on a line of the file. */
static void
check_value(const struct frontmatter_value *v, size_t lines)
{
	if (v->text != NULL)
		FUZZ_CHECK(fuzz_utf8_ok(v->text, strlen(v->text)));
	FUZZ_CHECK(v->line <= lines);
	FUZZ_CHECK(v->text == NULL || v->line >= 2);
}

/* A date read is written and read back to the same instant. */
static void
check_date(const char *s)
{
	struct date d, again;
	char out[FRONTMATTER_TIME_BUFSZ];

	if (s == NULL || frontmatter_date(s, NULL, &d) != 0)
		return;
	frontmatter_time(&d, out);
	FUZZ_CHECK(frontmatter_date(out, NULL, &again) == 0);
	FUZZ_CHECK(date_compare(&d, &again) == 0);
}

/* Writes the values of fm as a post, reads it back, compares. */
static void
check_round_trip(const struct frontmatter *fm, struct arena *a)
{
	struct frontmatter_post p;
	struct frontmatter back;
	struct frontmatter_error err;
	struct buf b = { NULL, 0, 0 };

	memset(&p, 0, sizeof(p));
	p.title = fm->title.text != NULL ? fm->title.text : "";
	p.slug = fm->slug.text != NULL ? fm->slug.text : "";
	p.author = fm->author.text;
	p.date = (struct date){ 2026, 12, 4, 10, 0, 0, 0 };
	p.lastmod = p.date;
	p.tags = fm->tags;
	p.ntags = fm->ntags;
	p.body = fm->body;
	p.body_len = fm->body_len;
	FUZZ_CHECK(frontmatter_emit(&p, &b) == 0);
	if (b.len - p.body_len < FRONTMATTER_MAX) {
		FUZZ_CHECK(frontmatter_parse(b.data, b.len, a, &back, &err) ==
		    0);
		FUZZ_CHECK(strcmp(back.title.text != NULL ? back.title.text :
		    "", p.title) == 0);
		FUZZ_CHECK(strcmp(back.slug.text != NULL ? back.slug.text : "",
		    p.slug) == 0);
		FUZZ_CHECK(back.ntags == p.ntags);
		for (size_t i = 0; i < p.ntags; i++)
			FUZZ_CHECK(strcmp(back.tags[i], p.tags[i]) == 0);
		FUZZ_CHECK(back.body_len == p.body_len &&
		    memcmp(back.body, p.body, p.body_len) == 0);
	}
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	struct frontmatter fm;
	struct frontmatter_error err;
	struct arena a;
	size_t lines = count_lines(data, size);

	arena_init(&a, 0);
	if (frontmatter_parse(text, size, &a, &fm, &err) != 0) {
		FUZZ_CHECK(err.why[0] != '\0');
		FUZZ_CHECK(err.line <= lines);
	} else {
		FUZZ_CHECK(fm.body >= text && fm.body <= text + size);
		FUZZ_CHECK(fm.body + fm.body_len == text + size);
		FUZZ_CHECK(fm.body_line >= 3 && fm.body_line <= lines + 1);
		check_value(&fm.title, lines);
		check_value(&fm.slug, lines);
		check_value(&fm.date, lines);
		check_value(&fm.lastmod, lines);
		check_value(&fm.author, lines);
		check_value(&fm.featured_image, lines);
		check_value(&fm.draft, lines);
		FUZZ_CHECK(fm.ntags <= FRONTMATTER_TAGS_MAX);
		for (size_t i = 0; i < fm.ntags; i++)
			FUZZ_CHECK(fuzz_utf8_ok(fm.tags[i], strlen(fm.tags[i])));
		check_date(fm.date.text);
		check_date(fm.lastmod.text);
		check_round_trip(&fm, &a);
	}
	/* The dates of any bytes, too. */
	check_date(text);
	arena_free(&a);
	free(text);
	return 0;
}

/*
 * Tests src/lib/frontmatter.c: a post written and read back to the same
 * values (quotes, colons, '#', leading spaces, Unicode, words YAML would
 * read as booleans or numbers, no tags), the body kept byte for byte; the
 * dates of Hugo and Jekyll; and each way a file is refused, with its line:
 * no front matter, unclosed, TOML, aliases and anchors, depth, size,
 * invalid UTF-8, wrong shapes, keys given twice.
 */
#include <stdlib.h>
#include <string.h>

#include "../../src/lib/arena.h"
#include "../../src/lib/buf.h"
#include "../../src/lib/frontmatter.h"
#include "../../src/lib/zone.h"
#include "test.h"

static struct arena arena;

/* Parses the NUL-terminated s; returns 0 or -1, err filled. */
static int
parse(const char *s, struct frontmatter *fm, struct frontmatter_error *err)
{
	return frontmatter_parse(s, strlen(s), &arena, fm, err);
}

/* A post of title and tags, 2026-12-04T10:00:00Z. */
static struct frontmatter_post
post_of(const char *title, const char *const *tags, size_t ntags)
{
	struct frontmatter_post p;

	memset(&p, 0, sizeof(p));
	p.title = title;
	p.slug = "hello";
	p.date = (struct date){ 2026, 12, 4, 10, 0, 0, 0 };
	p.lastmod = (struct date){ 2026, 12, 5, 11, 30, 15, 123456 };
	p.tags = tags;
	p.ntags = ntags;
	p.body = "Body *text*\n";
	p.body_len = strlen(p.body);
	return p;
}

/* Emits p, parses it back, and checks every value came back. */
static void
round_trip(const struct frontmatter_post *p)
{
	struct frontmatter fm;
	struct frontmatter_error err;
	struct buf b = { NULL, 0, 0 };
	struct date d;

	CHECK_INT(frontmatter_emit(p, &b), 0);
	if (b.data == NULL)
		return;
	if (frontmatter_parse(b.data, b.len, &arena, &fm, &err) != 0) {
		fprintf(stderr, "parse failed at line %zu: %s\n%s\n", err.line,
		    err.why, b.data);
		CHECK(0);
		buf_free(&b);
		return;
	}
	CHECK_STR(fm.title.text, p->title);
	CHECK_STR(fm.slug.text, p->slug);
	CHECK_INT(fm.ntags, p->ntags);
	for (size_t i = 0; i < p->ntags && i < fm.ntags; i++)
		CHECK_STR(fm.tags[i], p->tags[i]);
	CHECK(fm.date.text != NULL &&
	    frontmatter_date(fm.date.text, NULL, &d) == 0 &&
	    date_compare(&d, &p->date) == 0 && d.usec == p->date.usec);
	CHECK(fm.lastmod.text != NULL &&
	    frontmatter_date(fm.lastmod.text, NULL, &d) == 0 &&
	    date_compare(&d, &p->lastmod) == 0);
	CHECK_STR(fm.draft.text, p->draft ? "true" : "false");
	if (p->author != NULL && p->author[0] != '\0')
		CHECK_STR(fm.author.text, p->author);
	else
		CHECK(fm.author.text == NULL && fm.author.line == 0);
	if (p->featured_image != NULL && p->featured_image[0] != '\0')
		CHECK_STR(fm.featured_image.text, p->featured_image);
	CHECK_INT(fm.body_len, p->body_len);
	CHECK(fm.body_len == p->body_len &&
	    memcmp(fm.body, p->body, p->body_len) == 0);
	buf_free(&b);
}

static void
test_emit_looks_like_hugo(void)
{
	const char *tags[] = { "c", "Tips & Tricks" };
	struct frontmatter_post p = post_of("Hello", tags, 2);
	struct buf b = { NULL, 0, 0 };

	p.author = "alice";
	CHECK_INT(frontmatter_emit(&p, &b), 0);
	CHECK_STR(b.data, "---\ntitle: Hello\nslug: hello\n"
	    "date: 2026-12-04T10:00:00Z\n"
	    "lastmod: 2026-12-05T11:30:15.123456Z\n"
	    "tags: [c, \"Tips & Tricks\"]\ndraft: false\nauthor: alice\n"
	    "---\nBody *text*\n");
	buf_free(&b);
}

static void
test_round_trip_awkward_titles(void)
{
	static const char *const titles[] = {
		"Hello: world", "a # not a comment", "  leading spaces",
		"trailing space ", "\"quoted\" and 'single'", "true", "no",
		"123", "1e5", "null", "~", "- a list?", "[flow]", "{map}",
		"Café, naïve, 東京, щука 🎉", "back\\slash", "%percent",
		"@at", "`tick`", "*star", "&amp", "!tag", "|pipe", ">fold",
		"---", "...", "key: value # comment", "tab\there",
	};

	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
		struct frontmatter_post p = post_of(titles[i], NULL, 0);

		round_trip(&p);
	}
}

static void
test_round_trip_tags_author_featured(void)
{
	const char *tags[] = { "R&D", "ünïcode", "yes", "a, b", "#hash",
	    "x: y" };
	struct frontmatter_post p = post_of("Tags", tags, 6);

	p.author = "bob.smith-2";
	p.featured_image = "/media/0123456789abcdef0123456789abcdef-"
	    "640x480.jpg";
	p.draft = 1;
	round_trip(&p);
	p.author = "1234";
	round_trip(&p);
}

static void
test_round_trip_empty_tags_and_bodies(void)
{
	struct frontmatter_post p = post_of("Empty", NULL, 0);
	struct buf b = { NULL, 0, 0 };

	CHECK_INT(frontmatter_emit(&p, &b), 0);
	CHECK(b.data != NULL && strstr(b.data, "\ntags: []\n") != NULL);
	buf_free(&b);
	p.body = "";
	p.body_len = 0;
	round_trip(&p);
	p.body = "no newline at the end";
	p.body_len = strlen(p.body);
	round_trip(&p);
	p.body = "\n\n---\nlooks like front matter\n---\n\r\n";
	p.body_len = strlen(p.body);
	round_trip(&p);
}

static void
test_body_is_every_byte_after_closing_line(void)
{
	struct frontmatter fm;
	struct frontmatter_error err;

	CHECK_INT(parse("---\ntitle: A\n---\n\nBody\n", &fm, &err), 0);
	CHECK_INT(fm.body_len, 6);
	CHECK(memcmp(fm.body, "\nBody\n", 6) == 0);
	CHECK_INT(fm.body_line, 4);
	CHECK_INT(parse("---\r\ntitle: A\r\n---\r\nBody", &fm, &err), 0);
	CHECK_STR(fm.title.text, "A");
	CHECK_INT(fm.body_len, 4);
	CHECK_INT(parse("---\ntitle: A\n---", &fm, &err), 0);
	CHECK_INT(fm.body_len, 0);
	CHECK_INT(parse("---\n---\nx", &fm, &err), 0);
	CHECK(fm.title.text == NULL);
}

static void
test_hugo_and_jekyll_fields(void)
{
	struct frontmatter fm;
	struct frontmatter_error err;

	CHECK_INT(parse("---\nTitle: \"Hugo post\"\ndate: 2026-12-04\n"
	    "tags:\n  - one\n  - two\ncategories: [news]\ndraft: yes\n"
	    "params:\n  deep: {a: [1, 2]}\nweight: 3\n---\nx", &fm, &err), 0);
	CHECK_STR(fm.title.text, "Hugo post");
	CHECK_INT(fm.title.line, 2);
	CHECK_STR(fm.date.text, "2026-12-04");
	CHECK_INT(fm.date.line, 3);
	CHECK_INT(fm.ntags, 3);
	CHECK_STR(fm.tags[0], "one");
	CHECK_STR(fm.tags[2], "news");
	CHECK_INT(fm.tags_line, 5);
	CHECK_INT(frontmatter_bool(fm.draft.text), 1);
	CHECK_INT(parse("---\ntags: single\ntitle: ~\n---\n", &fm, &err), 0);
	CHECK_INT(fm.ntags, 1);
	CHECK_STR(fm.tags[0], "single");
	CHECK(fm.title.text == NULL);
	CHECK_INT(frontmatter_bool("False"), 0);
	CHECK_INT(frontmatter_bool("maybe"), -1);
}

/* Checks s fails at line with why containing want. */
static void
refused(const char *s, size_t line, const char *want)
{
	struct frontmatter fm;
	struct frontmatter_error err;

	if (parse(s, &fm, &err) == 0) {
		fprintf(stderr, "accepted: %s\n", s);
		CHECK(0);
		return;
	}
	CHECK_INT(err.line, line);
	if (strstr(err.why, want) == NULL) {
		fprintf(stderr, "why is \"%s\", want \"%s\"\n", err.why, want);
		CHECK(0);
	}
}

static void
test_refuses_missing_or_unclosed_front_matter(void)
{
	refused("# Just Markdown\n", 1, "no front matter");
	refused("", 1, "no front matter");
	refused("---", 1, "no front matter");
	refused("---\ntitle: A\nbody\n", 1, "not closed");
	refused("+++\ntitle = \"A\"\n+++\n", 1, "TOML");
}

static void
test_refuses_aliases_and_anchors_with_line(void)
{
	refused("---\ntitle: A\na: &x [1, 2]\nb: [*x, *x]\n---\n", 3,
	    "aliases are not allowed");
	refused("---\ntitle: A\n\nb: *x\n---\n", 4, "aliases are not allowed");
	refused("---\na: &a [\"lol\",\"lol\"]\nb: &b [*a,*a,*a]\n"
	    "c: &c [*b,*b,*b]\n---\n", 2, "aliases are not allowed");
}

static void
test_refuses_depth_and_size(void)
{
	struct buf b = { NULL, 0, 0 };

	buf_puts(&b, "---\nx: ");
	for (int i = 0; i < 40; i++)
		buf_puts(&b, "[");
	for (int i = 0; i < 40; i++)
		buf_puts(&b, "]");
	buf_puts(&b, "\n---\n");
	refused(b.data, 2, "deeper than 16");
	buf_clear(&b);
	buf_puts(&b, "---\n");
	for (int i = 0; i < 3000; i++)
		buf_printf(&b, "key%d: %s\n", i, "some value to fill it");
	buf_puts(&b, "---\n");
	refused(b.data, 1, "longer than 64 KiB");
	buf_free(&b);
}

static void
test_refuses_invalid_utf8_with_line(void)
{
	refused("---\ntitle: A\n---\nfine\nbad \xC3\x28 here\n", 5,
	    "invalid UTF-8");
	refused("---\ntitle: \xFF\n---\n", 2, "invalid UTF-8");
}

static void
test_refuses_wrong_shapes_and_twice_given_keys(void)
{
	refused("---\n- a\n- b\n---\n", 2, "must be a mapping");
	refused("---\njust text\n---\n", 2, "must be a mapping");
	refused("---\ntitle: [a, b]\n---\n", 2, "one value");
	refused("---\ntitle: A\ntags: {a: b}\n---\n", 3, "list of names");
	refused("---\ntags: [[a]]\n---\n", 2, "list of names");
	refused("---\ntitle: A\nslug: a\ntitle: B\n---\n", 4,
	    "given twice (first on line 2)");
	refused("---\ntitle: A\n  bad: indent\n---\n", 3, "not valid YAML");
	refused("---\n[a]: b\n---\n", 2, "a key must be a name");
	refused("---\ntitle: A\ntags: x\ry\n---\n", 3, "CR without LF");
	refused("---\ntitle: A\xE2\x80\xA8" "B\n---\n", 2, "U+2028");
}

static void
test_dates_of_hugo_and_jekyll(void)
{
	struct zone berlin;
	struct date d;

	CHECK_INT(frontmatter_date("2026-12-04T10:00:00Z", NULL, &d), 0);
	CHECK_INT(d.hour, 10);
	CHECK_INT(frontmatter_date("2026-12-04T10:00:00+01:00", NULL, &d), 0);
	CHECK_INT(d.hour, 9);
	CHECK_INT(frontmatter_date("2026-12-04T10:00:00.5-02:30", NULL, &d),
	    0);
	CHECK_INT(d.hour, 12);
	CHECK_INT(d.minute, 30);
	CHECK_INT(d.usec, 500000);
	CHECK_INT(frontmatter_date("2026-12-04T10:00:00.123456789Z", NULL,
	    &d), 0);
	CHECK_INT(d.usec, 123456);
	CHECK_INT(frontmatter_date("2026-12-04", NULL, &d), 0);
	CHECK_INT(d.day, 4);
	CHECK_INT(d.hour, 0);
	CHECK_INT(frontmatter_date("2026-12-04 10:00", NULL, &d), 0);
	CHECK_INT(d.minute, 0);
	CHECK_INT(frontmatter_date("2026-12-04 10:00:07 +0100", NULL, &d), 0);
	CHECK_INT(d.hour, 9);
	CHECK_INT(d.second, 7);
	CHECK_INT(frontmatter_date("2026-12-31 23:30:00 -01:00", NULL, &d), 0);
	CHECK_INT(d.year, 2027);
	CHECK_INT(d.hour, 0);
	CHECK_INT(zone_open(&berlin, "Europe/Berlin"), 0);
	CHECK_INT(frontmatter_date("2026-07-01 12:00", &berlin, &d), 0);
	CHECK_INT(d.hour, 10);
	CHECK_INT(frontmatter_date("2026-07-01T12:00:00Z", &berlin, &d), 0);
	CHECK_INT(d.hour, 12);
	zone_close(&berlin);
}

static void
test_dates_refused(void)
{
	static const char *const bad[] = {
		"", "yesterday", "2026-13-01", "2026-02-29", "2026-12-4",
		"26-12-04", "2026-12-04T25:00:00Z", "2026-12-04T10:00:00X",
		"2026-12-04T10", "2026-12-04T10:00:00.Z", "0999-01-01",
		"2026-12-04 10:00:00 +1", "2026-12-04Z",
		"2026-12-04T10:00:00.1234567890Z", "2026-12-04T10:60",
	};
	struct date d;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (frontmatter_date(bad[i], NULL, &d) == 0) {
			fprintf(stderr, "date accepted: %s\n", bad[i]);
			CHECK(0);
		}
	CHECK_INT(frontmatter_date("2028-02-29", NULL, &d), 0);
}

static void
test_time_written_with_fraction_only_when_needed(void)
{
	char out[FRONTMATTER_TIME_BUFSZ];
	struct date d = { 2026, 1, 2, 3, 4, 5, 0 };

	frontmatter_time(&d, out);
	CHECK_STR(out, "2026-01-02T03:04:05Z");
	d.usec = 42;
	frontmatter_time(&d, out);
	CHECK_STR(out, "2026-01-02T03:04:05.000042Z");
}

int
main(void)
{
	arena_init(&arena, 0);
	TEST_RUN(test_emit_looks_like_hugo);
	TEST_RUN(test_round_trip_awkward_titles);
	TEST_RUN(test_round_trip_tags_author_featured);
	TEST_RUN(test_round_trip_empty_tags_and_bodies);
	TEST_RUN(test_body_is_every_byte_after_closing_line);
	TEST_RUN(test_hugo_and_jekyll_fields);
	TEST_RUN(test_refuses_missing_or_unclosed_front_matter);
	TEST_RUN(test_refuses_aliases_and_anchors_with_line);
	TEST_RUN(test_refuses_depth_and_size);
	TEST_RUN(test_refuses_invalid_utf8_with_line);
	TEST_RUN(test_refuses_wrong_shapes_and_twice_given_keys);
	TEST_RUN(test_dates_of_hugo_and_jekyll);
	TEST_RUN(test_dates_refused);
	TEST_RUN(test_time_written_with_fraction_only_when_needed);
	arena_free(&arena);
	return TEST_DONE();
}

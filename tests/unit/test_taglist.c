/* Tests src/lib/taglist.c: trimming, empty items, duplicates regardless of
 * case, the limits, and the errors that name the item. */
#include <stdio.h>
#include <string.h>

#include "../../src/lib/taglist.h"
#include "test.h"

static struct arena arena;
static struct taglist tl;
static char err[512];

/* Parses the NUL-terminated text into tl; returns what taglist_parse does. */
static int
parse(const char *text)
{
	err[0] = '\0';
	return taglist_parse(&tl, text, strlen(text), &arena, err, sizeof(err));
}

/* Writes n copies of s one after another into buf. */
static char *
repeat(char *buf, const char *s, size_t n)
{
	buf[0] = '\0';
	while (n-- > 0)
		strcat(buf, s);
	return buf;
}

static void
test_names_split_in_order(void)
{
	CHECK_INT(parse("linux,c,databases"), 0);
	CHECK_INT(tl.count, 3);
	CHECK_STR(tl.names[0], "linux");
	CHECK_STR(tl.names[1], "c");
	CHECK_STR(tl.names[2], "databases");
}

static void
test_names_trimmed(void)
{
	/* ASCII space and tab, NBSP (U+00A0), ideographic space (U+3000). */
	CHECK_INT(parse("  linux\t, \xC2\xA0" "C17\xC2\xA0,\xE3\x80\x80日本\xE3\x80\x80"),
	    0);
	CHECK_INT(tl.count, 3);
	CHECK_STR(tl.names[0], "linux");
	CHECK_STR(tl.names[1], "C17");
	CHECK_STR(tl.names[2], "日本");
}

static void
test_inner_space_runs_become_one(void)
{
	CHECK_INT(parse("open   source,web\xC2\xA0\tdev"), 0);
	CHECK_INT(tl.count, 2);
	CHECK_STR(tl.names[0], "open source");
	CHECK_STR(tl.names[1], "web dev");
}

static void
test_empty_items_dropped(void)
{
	CHECK_INT(parse(",, a ,,  , b,"), 0);
	CHECK_INT(tl.count, 2);
	CHECK_STR(tl.names[0], "a");
	CHECK_STR(tl.names[1], "b");
	CHECK_INT(parse(""), 0);
	CHECK_INT(tl.count, 0);
	CHECK_INT(parse(" , \xC2\xA0 ,"), 0);
	CHECK_INT(tl.count, 0);
}

static void
test_duplicates_merged_ignoring_case(void)
{
	CHECK_INT(parse("Linux, linux, LINUX"), 0);
	CHECK_INT(tl.count, 1);
	CHECK_STR(tl.names[0], "Linux");

	CHECK_INT(parse("Ёж, ёж, ЁЖ, Еж"), 0);
	CHECK_INT(tl.count, 2);
	CHECK_STR(tl.names[0], "Ёж");
	CHECK_STR(tl.names[1], "Еж");

	/* Full case folding; é precomposed and as e + U+0301. */
	CHECK_INT(parse("Straße, STRASSE, café, CAFE\xCC\x81"), 0);
	CHECK_INT(tl.count, 2);
	CHECK_STR(tl.names[0], "Straße");
	CHECK_STR(tl.names[1], "café");
}

static void
test_name_of_100_characters_accepted(void)
{
	char text[512], name[256];

	CHECK_INT(parse(repeat(text, "я", 100)), 0);
	CHECK_INT(tl.count, 1);
	CHECK_INT(strlen(tl.names[0]), 200);
	/* Surrounding space does not count. */
	repeat(name, "x", 100);
	snprintf(text, sizeof(text), " \t%s\xC2\xA0 ", name);
	CHECK_INT(parse(text), 0);
	CHECK_STR(tl.names[0], name);
}

static void
test_too_long_name_named(void)
{
	char text[512], name[256];

	snprintf(text, sizeof(text), "ok, %s", repeat(name, "я", 101));
	CHECK_INT(parse(text), -1);
	CHECK_INT(tl.count, 0);
	CHECK(strstr(err, "longer than 100 characters") != NULL);
	/* Quoted by its first 30 characters and an ellipsis. */
	CHECK(strstr(err, "\"" "яяяяяяяяяяяяяяяяяяяяяяяяяяяяяя" "\xE2\x80\xA6\"")
	    != NULL);
}

static void
test_too_many_tags(void)
{
	char text[512] = "";
	char one[8];

	for (int i = 1; i <= 20; i++) {
		snprintf(one, sizeof(one), "t%d,", i);
		strcat(text, one);
	}
	CHECK_INT(parse(text), 0);
	CHECK_INT(tl.count, 20);
	/* Duplicates past twenty do not count... */
	strcat(text, "T1, t20");
	CHECK_INT(parse(text), 0);
	CHECK_INT(tl.count, 20);
	/* ...a twenty-first name does. */
	strcat(text, ", t21");
	CHECK_INT(parse(text), -1);
	CHECK_INT(tl.count, 0);
	CHECK(strstr(err, "At most 20 tags") != NULL);
}

static void
test_invalid_utf8_refused(void)
{
	CHECK_INT(parse("good, bad\xC3, also"), -1);
	CHECK_STR(err, "Tag 2 is not valid UTF-8 text");
	CHECK_INT(parse("\xED\xA0\x80"), -1);
	CHECK_INT(taglist_parse(&tl, "a\0b", 3, &arena, err, sizeof(err)), -1);
	CHECK_STR(err, "Tag 1 is not valid UTF-8 text");
}

static void
test_control_characters_refused(void)
{
	CHECK_INT(parse("fine, be\x01ll"), -1);
	CHECK_STR(err, "Tag \"be\xEF\xBF\xBDll\" contains a control character");
	CHECK_INT(parse("x\x7F"), -1);
	CHECK_INT(parse("c1 \xC2\x9B" "control"), -1);	/* U+009B CSI */
	CHECK(strstr(err, "control character") != NULL);
}

static void
test_join_reads_back(void)
{
	struct taglist again;
	char *joined;

	CHECK_INT(parse(" b ,  a  c, Ёж,,"), 0);
	joined = taglist_join(&tl, &arena);
	CHECK_STR(joined, "b, a c, Ёж");
	CHECK_INT(taglist_parse(&again, joined, strlen(joined), &arena, err,
	    sizeof(err)), 0);
	CHECK_INT(again.count, 3);
	CHECK_STR(again.names[1], "a c");
	CHECK_INT(parse(""), 0);
	CHECK_STR(taglist_join(&tl, &arena), "");
}

int
main(void)
{
	arena_init(&arena, 0);
	TEST_RUN(test_names_split_in_order);
	TEST_RUN(test_names_trimmed);
	TEST_RUN(test_inner_space_runs_become_one);
	TEST_RUN(test_empty_items_dropped);
	TEST_RUN(test_duplicates_merged_ignoring_case);
	TEST_RUN(test_name_of_100_characters_accepted);
	TEST_RUN(test_too_long_name_named);
	TEST_RUN(test_too_many_tags);
	TEST_RUN(test_invalid_utf8_refused);
	TEST_RUN(test_control_characters_refused);
	TEST_RUN(test_join_reads_back);
	arena_free(&arena);
	return TEST_DONE();
}

/* Tests src/lib/slug.c: transliteration of each script, separators, the
 * 140-character cut, suffixes, and what is refused. */
#include <string.h>

#include "../../src/lib/slug.h"
#include "test.h"

/* Returns the slug of the NUL-terminated text (static storage). */
static const char *
slug_of(const char *text)
{
	static char out[SLUG_MAX + 1];

	if (slug_make(text, strlen(text), out) < 0)
		return "(error)";
	return out;
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
test_ascii_lowercased_and_joined(void)
{
	CHECK_STR(slug_of("Hello World"), "hello-world");
	CHECK_STR(slug_of("C17 in 2024"), "c17-in-2024");
	CHECK_STR(slug_of("already-a-slug"), "already-a-slug");
}

static void
test_latin_accents_folded(void)
{
	CHECK_STR(slug_of("Crème Brûlée à la carte"), "creme-brulee-a-la-carte");
	CHECK_STR(slug_of("Straße Æther Øre œuvre"), "strasse-aether-ore-oeuvre");
	CHECK_STR(slug_of("Łódź, Ağrı, Dvořák"), "lodz-agri-dvorak");
	/* The accent typed as a combining character, U+0300. */
	CHECK_STR(slug_of("cre\xCC\x80me"), "creme");
}

static void
test_cyrillic_reads_naturally(void)
{
	CHECK_STR(slug_of("Первый пост"), "pervyy-post");
	CHECK_STR(slug_of("щука"), "shchuka");
	CHECK_STR(slug_of("Ёлка"), "yelka");
	CHECK_STR(slug_of("ЖУРНАЛ"), "zhurnal");
	/* Soft and hard signs and BGN's middle dot vanish inside words. */
	CHECK_STR(slug_of("Мальчик и объект"), "malchik-i-obyekt");
	CHECK_STR(slug_of("Тсар"), "tsar");
}

static void
test_other_scripts_through_any_latin(void)
{
	CHECK_STR(slug_of("Ελληνικά γλώσσα"), "ellenika-glossa");
	CHECK_STR(slug_of("中文标题"), "zhong-wen-biao-ti");
	CHECK_STR(slug_of("ひらがな"), "hiragana");
	CHECK_STR(slug_of("हिन्दी"), "hindi");
}

static void
test_compatibility_forms_folded(void)
{
	CHECK_STR(slug_of("Ｆｕｌｌ ｗｉｄｔｈ"), "full-width");
	CHECK_STR(slug_of("ﬁne ﬂow"), "fine-flow");
	CHECK_STR(slug_of("Chapter Ⅻ"), "chapter-xii");
}

static void
test_mixed_scripts(void)
{
	CHECK_STR(slug_of("Linux и Windows: 10 причин!"),
	    "linux-i-windows-10-prichin");
	CHECK_STR(slug_of("Café 東京 Москва"), "cafe-dong-jing-moskva");
}

static void
test_nothing_left_is_empty(void)
{
	char out[SLUG_MAX + 1] = "junk";

	CHECK_INT(slug_make("\xF0\x9F\x98\x80\xF0\x9F\x8E\x89", 8, out), 0);
	CHECK_STR(out, "");
	CHECK_STR(slug_of("?!... --- ***"), "");
	CHECK_STR(slug_of("   "), "");
	CHECK_INT(slug_make("", 0, out), 0);
	CHECK_STR(out, "");
}

static void
test_separator_runs_become_one_dash(void)
{
	CHECK_STR(slug_of("  --Hello,,,   world!!  "), "hello-world");
	CHECK_STR(slug_of("a - b _ c . d"), "a-b-c-d");
	CHECK_STR(slug_of("🎉 Party 🎉 time 🎉"), "party-time");
	CHECK_STR(slug_of("don't"), "don-t");
}

static void
test_cut_at_140_without_trailing_dash(void)
{
	char text[1024], want[SLUG_MAX + 1];

	/* 139 letters, a space, more: the '-' would be the 140th character. */
	repeat(text, "a", 139);
	strcat(text, " bcd");
	repeat(want, "a", 139);
	CHECK_STR(slug_of(text), want);

	/* 17 words and a dash make 135: 5 more letters of the 18th fit. */
	repeat(text, "abcdefg ", 40);
	repeat(want, "abcdefg-", 17);
	strcat(want, "abcd");
	CHECK_STR(slug_of(text), want);

	/* 50 × "щ" is 200 letters of "shch": cut at 140, inside a group. */
	repeat(text, "щ", 50);
	repeat(want, "shch", 35);
	CHECK_STR(slug_of(text), want);
}

static void
test_long_text_that_grows(void)
{
	char text[3 * 400 + 1], want[SLUG_MAX + 1];

	/*
	 * 1,200 bytes become 2,800 units of "zhuàng ", more than the first
	 * buffer holds; 20 syllables would need a dash at the 140th place.
	 */
	repeat(text, "庄", 400);
	repeat(want, "zhuang-", 19);
	strcat(want, "zhuang");
	CHECK_STR(slug_of(text), want);
}

static void
test_invalid_utf8_refused(void)
{
	char out[SLUG_MAX + 1] = "junk";

	CHECK_INT(slug_make("abc\xC3", 4, out), -1);
	CHECK_STR(out, "");
	CHECK_INT(slug_make("a\0b", 3, out), -1);
	CHECK_INT(slug_make("\xED\xA0\x80", 3, out), -1);
}

static void
test_suffix_appended(void)
{
	char out[SLUG_MAX + 1];

	CHECK_INT(slug_with_suffix("hello-world", 2, out), 13);
	CHECK_STR(out, "hello-world-2");
	CHECK_INT(slug_with_suffix("post-7", 10, out), 9);
	CHECK_STR(out, "post-7-10");
}

static void
test_suffix_keeps_the_limit(void)
{
	char base[SLUG_MAX + 1], want[SLUG_MAX + 1], out[SLUG_MAX + 1];

	/* A full-length base loses its end, not the suffix. */
	repeat(base, "a", SLUG_MAX);
	repeat(want, "a", SLUG_MAX - 6);
	strcat(want, "-12345");
	CHECK_INT(slug_with_suffix(base, 12345, out), SLUG_MAX);
	CHECK_STR(out, want);

	/* A cut right after a '-' drops it: no "--" before the suffix. */
	repeat(base, "a", 133);
	strcat(base, "-bbbbbb");
	repeat(want, "a", 133);
	strcat(want, "-12345");
	CHECK_INT(slug_with_suffix(base, 12345, out), 139);
	CHECK_STR(out, want);

	/* The largest n still fits. */
	CHECK_INT(slug_with_suffix(base, 18446744073709551615UL, out),
	    SLUG_MAX);
	CHECK(strstr(out, "-18446744073709551615") != NULL);
}

static void
test_suffix_refuses_bad_input(void)
{
	char out[SLUG_MAX + 1] = "junk", big[SLUG_MAX + 2];

	CHECK_INT(slug_with_suffix("hello", 1, out), -1);
	CHECK_STR(out, "");
	CHECK_INT(slug_with_suffix("hello", 0, out), -1);
	CHECK_INT(slug_with_suffix("", 2, out), -1);
	CHECK_INT(slug_with_suffix("Hello", 2, out), -1);
	CHECK_INT(slug_with_suffix("-hello", 2, out), -1);
	CHECK_INT(slug_with_suffix(repeat(big, "a", SLUG_MAX + 1), 2, out), -1);
}

static void
test_valid_slugs_recognized(void)
{
	char s[SLUG_MAX + 2];

	CHECK(slug_valid("hello-world"));
	CHECK(slug_valid("post-12"));
	CHECK(slug_valid("7"));
	CHECK(slug_valid(repeat(s, "a", SLUG_MAX)));
	CHECK(!slug_valid(repeat(s, "a", SLUG_MAX + 1)));
	CHECK(!slug_valid(""));
	CHECK(!slug_valid("-a"));
	CHECK(!slug_valid("a-"));
	CHECK(!slug_valid("a--b"));
	CHECK(!slug_valid("Hello"));
	CHECK(!slug_valid("a_b"));
	CHECK(!slug_valid("feed.atom"));
	CHECK(!slug_valid("a/b"));
	CHECK(!slug_valid("\xD0\xBF"));
}

static void
test_made_slugs_are_valid(void)
{
	const char *titles[] = { "Первый пост", "Crème Brûlée", "中文标题",
	    "  --x--  ", "Ελληνικά" };

	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
		CHECK(slug_valid(slug_of(titles[i])));
}

static void
test_reopens_after_free(void)
{
	slug_free();
	CHECK_STR(slug_of("Снова"), "snova");
	CHECK_INT(slug_init(), 0);
	CHECK_INT(slug_init(), 0);
	CHECK_STR(slug_of("Снова"), "snova");
}

int
main(void)
{
	TEST_RUN(test_ascii_lowercased_and_joined);
	TEST_RUN(test_latin_accents_folded);
	TEST_RUN(test_cyrillic_reads_naturally);
	TEST_RUN(test_other_scripts_through_any_latin);
	TEST_RUN(test_compatibility_forms_folded);
	TEST_RUN(test_mixed_scripts);
	TEST_RUN(test_nothing_left_is_empty);
	TEST_RUN(test_separator_runs_become_one_dash);
	TEST_RUN(test_cut_at_140_without_trailing_dash);
	TEST_RUN(test_long_text_that_grows);
	TEST_RUN(test_invalid_utf8_refused);
	TEST_RUN(test_suffix_appended);
	TEST_RUN(test_suffix_keeps_the_limit);
	TEST_RUN(test_suffix_refuses_bad_input);
	TEST_RUN(test_valid_slugs_recognized);
	TEST_RUN(test_made_slugs_are_valid);
	TEST_RUN(test_reopens_after_free);
	slug_free();
	return TEST_DONE();
}

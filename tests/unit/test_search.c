/* Tests src/model/search.c: words out of search text, operators dropped,
 * words the index lacks left out and named, and the walk's expressions. */
#include <string.h>

#include "../../src/lib/arena.h"
#include "../../src/model/search.h"
#include "test.h"

static struct arena arena;

/*
 * Returns the FULLTEXT expression of q, "(unsearchable)" when its words
 * are all too short or too common, or "(none)".
 */
static const char *
built(const char *q)
{
	struct search s;

	switch (search_build(&arena, q, &s)) {
	case SEARCH_OK:
		return s.match;
	case SEARCH_UNSEARCHABLE:
		return "(unsearchable)";
	default:
		return "(none)";
	}
}

/* Returns the words left out of q, or "(none)". */
static const char *
ignored(const char *q)
{
	struct search s;

	search_build(&arena, q, &s);
	return s.ignored != NULL ? s.ignored : "(none)";
}

/* Returns the walk's expression for word i of q, or "(none)". */
static const char *
regex(const char *q, size_t i)
{
	struct search s;

	if (search_build(&arena, q, &s) != SEARCH_OK || i >= s.nwords)
		return "(none)";
	return s.regex[i];
}

static void
test_every_word_required(void)
{
	CHECK_STR(built("hello world"), "+hello +world");
	CHECK_STR(built("  Hello,   World!  "), "+Hello +World");
	CHECK_STR(built("foo_bar 42"), "+foo_bar +42");
}

static void
test_operators_never_reach_the_query(void)
{
	CHECK_STR(built("+apple -banana"), "+apple +banana");
	CHECK_STR(built("\"exact phrase\""), "+exact +phrase");
	CHECK_STR(built("wild* (group) ~less <lt >gt @distance"),
	    "+wild +group +less +lt +gt +distance");
	CHECK_STR(built("it's o'clock"), "+clock");
	CHECK_STR(built("100% a\\b c'd"), "+100");
	CHECK_STR(built("sql'; DROP TABLE posts; --"),
	    "+sql +DROP +TABLE +posts");
}

static void
test_nothing_to_search(void)
{
	CHECK_STR(built(""), "(none)");
	CHECK_STR(built("   "), "(none)");
	CHECK_STR(built("+ - * \" ( ) ~ < > @ ' % \\"), "(none)");
}

static void
test_multibyte_words_kept_whole(void)
{
	CHECK_STR(built("Первый пост"), "+Первый +пост");
	/* Punctuation beyond ASCII separates words, as the index's parser
	 * does: quotes and dashes are no part of a word. */
	CHECK_STR(built("café—crème"), "+café +crème");
	CHECK_STR(built("«Заметка» “word”"), "+Заметка +word");
	CHECK_STR(built("x\u00a0y z×w"), "(unsearchable)");
	/* One character, even of two bytes, is too short for the index. */
	CHECK_STR(built("é"), "(unsearchable)");
}

static void
test_short_and_stop_words_dropped(void)
{
	CHECK_STR(built("C programming"), "+programming");
	CHECK_STR(built("the art of war"), "+art +war");
	CHECK_STR(built("THE Art"), "+Art");
	CHECK_STR(built("go"), "+go");
}

static void
test_only_short_or_common_words_unsearchable(void)
{
	char word[SEARCH_WORD_MAX + 2];

	CHECK_STR(built("C"), "(unsearchable)");
	CHECK_STR(built("the who"), "(unsearchable)");
	CHECK_STR(built("x y"), "(unsearchable)");
	CHECK_STR(built("a_b"), "+a_b");
	/* Words longer than InnoDB indexes cannot be found by FULLTEXT. */
	memset(word, 'a', SEARCH_WORD_MAX + 1);
	word[SEARCH_WORD_MAX + 1] = '\0';
	CHECK_STR(built(word), "(unsearchable)");
	word[SEARCH_WORD_MAX] = '\0';
	CHECK_STR(built(word), arena_printf(&arena, "+%s", word));
}

static void
test_left_out_words_named(void)
{
	CHECK_STR(ignored("the benchmark of a x"), "the of a x");
	CHECK_STR(ignored("benchmark"), "(none)");
	CHECK_STR(ignored("THE"), "THE");
	/* Past SEARCH_WORDS_MAX words, the rest are named too. */
	CHECK_STR(built("w1 w2 w3 w4 w5 w6 w7 w8 w9 w10"),
	    "+w1 +w2 +w3 +w4 +w5 +w6 +w7 +w8");
	CHECK_STR(ignored("w1 w2 w3 w4 w5 w6 w7 w8 w9 w10"), "w9 w10");
}

static void
test_walk_regex_matches_whole_words(void)
{
	CHECK_STR(regex("99 42", 1), "(*UCP)\\b42\\b");
	CHECK_STR(regex("the benchmark xyz", 1),
	    "(*UCP)\\bx[yýÿŷÝŸŶ][zźżžŹŻŽ]\\b");
	CHECK_STR(regex("Заметка", 0), "(*UCP)\\bЗам[еёЕЁ]тка\\b");
	CHECK_STR(regex("the", 0), "(none)");
}

static void
test_walk_regex_folds_accents_as_the_index(void)
{
	/* cafe and café find the same posts, whichever the reader types. */
	CHECK_STR(regex("cafe", 0), regex("café", 0));
	CHECK_STR(regex("CAFÉ", 0), regex("cafe", 0));
	CHECK_STR(regex("елка", 0), regex("ёлка", 0));
	/* Cyrillic case is left to REGEXP's case-insensitive match. */
	CHECK_STR(regex("заметка", 0), "(*UCP)\\bзам[еёЕЁ]тка\\b");
	/* Letters the collation keeps apart stay apart. */
	CHECK_STR(regex("łódź", 0),
	    "(*UCP)\\bł[oòóôõöōŏőÒÓÔÕÖŌŎŐ][dďĎ][zźżžŹŻŽ]\\b");
}

int
main(void)
{
	arena_init(&arena, 0);
	TEST_RUN(test_every_word_required);
	TEST_RUN(test_operators_never_reach_the_query);
	TEST_RUN(test_nothing_to_search);
	TEST_RUN(test_multibyte_words_kept_whole);
	TEST_RUN(test_short_and_stop_words_dropped);
	TEST_RUN(test_only_short_or_common_words_unsearchable);
	TEST_RUN(test_left_out_words_named);
	TEST_RUN(test_walk_regex_matches_whole_words);
	TEST_RUN(test_walk_regex_folds_accents_as_the_index);
	arena_free(&arena);
	return TEST_DONE();
}

/* Tests src/model/search.c: words out of search text, operators dropped. */
#include <string.h>

#include "../../src/lib/arena.h"
#include "../../src/model/search.h"
#include "test.h"

static struct arena arena;

/* Returns the FULLTEXT expression of q, "(like) PATTERN", or "(none)". */
static const char *
built(const char *q)
{
	struct search s;

	if (search_build(&arena, q, &s) != 0)
		return "(none)";
	if (s.match != NULL)
		return s.match;
	return arena_printf(&arena, "(like) %s", s.like);
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
	CHECK_STR(built("café—crème"), "+café—crème");
	/* One character, even of two bytes, is too short for the index. */
	CHECK_STR(built("é"), "(like) %é%");
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
test_like_fallback_when_nothing_indexed(void)
{
	char word[SEARCH_WORD_MAX + 2];

	CHECK_STR(built("C"), "(like) %C%");
	CHECK_STR(built("the who"), "(like) %the who%");
	CHECK_STR(built("a_b"), "+a_b");
	CHECK_STR(built("x _"), "(like) %x !_%");
	/* Words longer than InnoDB indexes cannot be found by FULLTEXT. */
	memset(word, 'a', SEARCH_WORD_MAX + 1);
	word[SEARCH_WORD_MAX + 1] = '\0';
	CHECK_STR(built(word), arena_printf(&arena, "(like) %%%s%%", word));
	word[SEARCH_WORD_MAX] = '\0';
	CHECK_STR(built(word), arena_printf(&arena, "+%s", word));
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
	TEST_RUN(test_like_fallback_when_nothing_indexed);
	arena_free(&arena);
	return TEST_DONE();
}

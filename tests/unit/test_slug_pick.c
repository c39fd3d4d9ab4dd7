/*
 * Tests src/model/slug_pick.c without a database: the order of the slugs
 * a new post or tag tries (its own, then numbered from the next free
 * number), the fallback for a title that leaves no slug, and numbers that
 * fit within SLUG_MAX however long the title.
 */
#include <string.h>

#include "../../src/lib/slug.h"
#include "../../src/model/slug_pick.h"
#include "test.h"

static void
test_own_slug_first_then_numbers(void)
{
	struct slug_pick p;

	CHECK_INT(slug_pick_start(&p, "Hello, World!", 13, "post"), 0);
	CHECK_STR(p.slug, "hello-world");
	CHECK_INT(p.number, 0);
	CHECK_INT(slug_pick_next(&p, 1), 0);	/* nothing numbered yet */
	CHECK_STR(p.slug, "hello-world-2");
	CHECK_INT(slug_pick_next(&p, 1), 0);	/* -2 came in meanwhile */
	CHECK_STR(p.slug, "hello-world-3");
}

static void
test_next_free_number_skips_ahead(void)
{
	struct slug_pick p;

	CHECK_INT(slug_pick_start(&p, "Weekly notes", 12, "post"), 0);
	CHECK_INT(slug_pick_next(&p, 42), 0);
	CHECK_STR(p.slug, "weekly-notes-42");
	/* Never back to a number tried already. */
	CHECK_INT(slug_pick_next(&p, 7), 0);
	CHECK_STR(p.slug, "weekly-notes-43");
}

static void
test_transliterated_title(void)
{
	struct slug_pick p;
	const char *title = "Первый пост";

	CHECK_INT(slug_pick_start(&p, title, strlen(title), "post"), 0);
	CHECK_STR(p.slug, "pervyy-post");
	CHECK_STR(p.stem, "pervyy-post");
}

static void
test_fallback_numbered_from_one(void)
{
	struct slug_pick p;
	const char *emoji = "\xF0\x9F\x8E\x89 !!";

	CHECK_INT(slug_pick_start(&p, emoji, strlen(emoji), "post"), 0);
	CHECK_STR(p.base, "");
	CHECK_STR(p.slug, "post-1");
	CHECK_INT(slug_pick_next(&p, 1), 0);
	CHECK_STR(p.slug, "post-2");
	CHECK_INT(slug_pick_next(&p, 10), 0);
	CHECK_STR(p.slug, "post-10");
	CHECK_INT(slug_pick_start(&p, "", 0, "tag"), 0);
	CHECK_STR(p.slug, "tag-1");
}

static void
test_long_titles_keep_room_for_numbers(void)
{
	char title[400];
	struct slug_pick p;

	/* "aaaaa aaaaa ...": a slug of 140 characters, '-' at 5, 11, ...,
	 * 131: where the stem would be cut, so the stem drops it. */
	for (size_t i = 0; i < sizeof(title) - 1; i++)
		title[i] = i % 6 == 5 ? ' ' : 'a';
	title[sizeof(title) - 1] = '\0';
	CHECK_INT(slug_pick_start(&p, title, strlen(title), "post"), 0);
	CHECK_INT(strlen(p.slug), SLUG_MAX);
	CHECK(slug_valid(p.slug));
	/* The stem leaves room for "-9999999" and ends in no '-'. */
	CHECK_INT(strlen(p.stem), 131);
	CHECK(p.stem[130] == 'a');
	CHECK(strncmp(p.slug, p.stem, strlen(p.stem)) == 0);
	CHECK_INT(slug_pick_next(&p, SLUG_PICK_NUMBER_MAX), 0);
	CHECK(strlen(p.slug) <= SLUG_MAX);
	CHECK(slug_valid(p.slug));
	CHECK(strcmp(p.slug + strlen(p.stem), "-9999999") == 0);
}

static void
test_numbers_run_out(void)
{
	struct slug_pick p;

	CHECK_INT(slug_pick_start(&p, "x", 1, "post"), 0);
	CHECK_INT(slug_pick_next(&p, SLUG_PICK_NUMBER_MAX), 0);
	CHECK_INT(slug_pick_next(&p, 0), -1);
	CHECK_INT(slug_pick_next(&p, SLUG_PICK_NUMBER_MAX + 1), -1);
}

static void
test_invalid_utf8_refused(void)
{
	struct slug_pick p;

	CHECK_INT(slug_pick_start(&p, "a\xFF", 2, "post"), -1);
}

int
main(void)
{
	TEST_RUN(test_own_slug_first_then_numbers);
	TEST_RUN(test_next_free_number_skips_ahead);
	TEST_RUN(test_transliterated_title);
	TEST_RUN(test_fallback_numbered_from_one);
	TEST_RUN(test_long_titles_keep_room_for_numbers);
	TEST_RUN(test_numbers_run_out);
	TEST_RUN(test_invalid_utf8_refused);
	slug_free();
	return TEST_DONE();
}

/*
 * slug_pick: the slugs a new post or tag tries, in order, until the unique
 * index of its table takes one: the slug of its title or name, then that
 * slug numbered (-2, -3, ...), or, when the text leaves no slug at all,
 * the fallback numbered from 1 (post-1, tag-1). The caller inserts each
 * candidate and, when the index refuses it, asks the table for the next
 * free number (slug_pick_free_from) and moves on (slug_pick_next).
 */
#ifndef MODEL_SLUG_PICK_H
#define MODEL_SLUG_PICK_H

#include <stddef.h>

#include "../lib/slug.h"

struct arena;
struct db;
struct db_table;

/* The largest number a slug gets: the stem leaves room for its digits. */
#define SLUG_PICK_NUMBER_MAX 9999999UL
#define SLUG_PICK_NUMBER_DIGITS 7

struct slug_pick {
	/* The un-numbered slug; empty when the text left none. */
	char base[SLUG_MAX + 1];
	/*
	 * What the numbers are appended to: base (or the fallback) cut to
	 * leave room for "-" and SLUG_PICK_NUMBER_DIGITS digits, so that
	 * every numbered slug starts with "stem-", which is how the table
	 * is asked for the numbers in use.
	 */
	char stem[SLUG_MAX + 1];
	unsigned long number;		/* 0: the candidate is base */
	char slug[SLUG_MAX + 1];	/* the candidate to try now */
};

/*
 * Starts the candidates for the len bytes of UTF-8 text: its slug_make,
 * else fallback-1 (fallback must be a valid slug of a few characters).
 * Returns 0, or -1 when the text is not UTF-8 or ICU fails.
 */
int slug_pick_start(struct slug_pick *p, const char *text, size_t len,
    const char *fallback);

/*
 * Moves to the next candidate: stem-N with N the larger of the current
 * number plus one (at least 2 after base) and free_from, the number after
 * the highest the table holds. Returns 0, or -1 when N would pass
 * SLUG_PICK_NUMBER_MAX.
 */
int slug_pick_next(struct slug_pick *p, unsigned long free_from);

/*
 * Returns 1 if slug is one of p's candidates (its base, or stem-N), so
 * that a post already holding it keeps it; else 0.
 */
int slug_pick_holds(const struct slug_pick *p, const char *slug);

/*
 * The SQL that slug_pick_free_from runs for a table: one row, one column,
 * the number after the highest N of the slugs "stem-N" (N of 1 to 7
 * digits), or 1 when there are none. Parameters: the position of N in the
 * slug, a LIKE pattern "stem-%", the position again.
 */
#define SLUG_PICK_FREE_SQL(table) \
	"SELECT CAST(COALESCE(MAX(CAST(SUBSTRING(slug, ?) AS UNSIGNED)), 0) " \
	"+ 1 AS UNSIGNED) FROM " table " WHERE slug LIKE ? " \
	"AND SUBSTRING(slug, ?) REGEXP '^[0-9]{1,7}$'"

/*
 * Runs statement which of t (a SLUG_PICK_FREE_SQL in its array) for p's
 * stem and writes the first number after those in use into *out. Returns
 * DB_OK or a db_status failure.
 */
int slug_pick_free_from(struct db *db, struct arena *a,
    const struct db_table *t, unsigned which, const struct slug_pick *p,
    unsigned long *out);

#endif

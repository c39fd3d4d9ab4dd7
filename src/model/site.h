/*
 * site: the site_state row, which the database's triggers keep true
 * (migration 0005): how many posts there are, and a version that every
 * change to posts, tags or post_tags bumps. One primary-key read answers
 * "has anything changed?" for caches and ETags, and "how many posts?" for
 * the index, without counting rows.
 */
#ifndef MODEL_SITE_H
#define MODEL_SITE_H

#include "../lib/date.h"

struct arena;
struct db;
struct db_arg;
struct db_result;
struct db_table;

struct site_state {
	unsigned long long version;
	unsigned long long post_count;
	struct date changed;	/* when the version last moved (UTC) */
	/* A scheduled post's time has come and it is not shown yet: run
	 * schedule_publish_due before trusting the rest. */
	int post_due;
};

/* Fills *out; returns DB_OK or a failure (enum db_status). */
int site_get_state(struct db *db, struct arena *a, struct site_state *out);

/*
 * The columns of struct site_state, of site_state AS st, first in a
 * statement that reads them with something else (session_get_with_site);
 * and its runner: db_query_row of statement which of t, then *out filled
 * from the row's first columns. Returns DB_OK with res on the row (read
 * the rest, then db_result_free), or a failure (no row 1 is DB_ERROR).
 */
#define SITE_STATE_COLUMNS "st.version, st.post_count, st.changed_at, " \
	"st.next_due_at IS NOT NULL AND st.next_due_at <= NOW(6)"
int site_query_row(struct db *db, struct arena *a, const struct db_table *t,
    unsigned which, const struct db_arg *args, size_t nargs,
    struct db_result *res, struct site_state *out);

#endif

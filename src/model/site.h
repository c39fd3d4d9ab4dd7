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

#endif

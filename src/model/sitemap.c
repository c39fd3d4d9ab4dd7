/*
 * sitemap: the SQL of the sitemap's rows. Posts are read along posts_shown
 * (visible, publish_at, id) newest first: the first chunk from its offset,
 * each next one from where the last stopped (a keyset, never a growing
 * OFFSET), so a part of 50,000 posts costs one index range.
 */
#include "sitemap.h"

#include <stdio.h>

#include "../lib/arena.h"
#include "db.h"
#include "tables.h"

enum sitemap_stmt {
	SITEMAP_TAG_COUNT,
	SITEMAP_TAGS,
	SITEMAP_POSTS_FROM,
	SITEMAP_POSTS_AFTER,
	SITEMAP__MAX
};

/* The tags readers see with posts (tag.c's TAG_SHOWN, with posts). */
#define SITEMAP_TAGS_SHOWN \
	"FROM tags AS t JOIN tag_counts AS c ON c.tag_id = t.id " \
	"WHERE c.post_count > 0 "

/* A post's columns: where the next chunk starts, then its URL's. Forced
 * onto posts_shown: a part is a third of the table or more, where
 * MariaDB would rather read all of it and sort. */
#define SITEMAP_POST_COLUMNS \
	"SELECT id, CAST(publish_at AS CHAR), slug, " \
	"GREATEST(updated_at, publish_at) " \
	"FROM posts FORCE INDEX (posts_shown) WHERE visible = 1 "
#define SITEMAP_POST_ORDER "ORDER BY publish_at DESC, id DESC LIMIT ?"

static const char *const sitemap_sql[SITEMAP__MAX] = {
	[SITEMAP_TAG_COUNT] = "SELECT COUNT(*) " SITEMAP_TAGS_SHOWN,
	[SITEMAP_TAGS] =
	    "SELECT t.slug " SITEMAP_TAGS_SHOWN
	    "ORDER BY t.slug LIMIT ? OFFSET ?",
	[SITEMAP_POSTS_FROM] =
	    SITEMAP_POST_COLUMNS SITEMAP_POST_ORDER " OFFSET ?",
	/* The posts after (publish_at, id): older, or as old with a
	 * smaller id. */
	[SITEMAP_POSTS_AFTER] =
	    SITEMAP_POST_COLUMNS
	    "AND (publish_at < ? OR (publish_at = ? AND id < ?)) "
	    SITEMAP_POST_ORDER,
};

const struct db_table sitemap_table = { "sitemap", sitemap_sql,
    SITEMAP__MAX, NULL, 0, 0 };

/* A chunk's memory: the rows bound and their text, given back after it. */
#define SITEMAP_ARENA_BLOCK (64 * 1024)

int
sitemap_count_tags(struct db *db, unsigned long long *n)
{
	struct arena a;
	long long count = 0;
	int rc;

	arena_init(&a, SITEMAP_ARENA_BLOCK);
	rc = db_query_int(db, &a, &sitemap_table, SITEMAP_TAG_COUNT, NULL, 0,
	    &count);
	arena_free(&a);
	*n = (unsigned long long)count;
	return rc == DB_NOT_FOUND ? DB_OK : rc;
}

int
sitemap_each_tag(struct db *db, unsigned long long offset,
    unsigned long long limit, sitemap_tag_fn *fn, void *arg)
{
	struct arena a;
	int rc = DB_OK;

	arena_init(&a, SITEMAP_ARENA_BLOCK);
	while (limit > 0 && rc == DB_OK) {
		unsigned long long want = limit < SITEMAP_CHUNK ? limit :
		    SITEMAP_CHUNK, got = 0;
		struct db_arg args[] = {
			db_arg_int((long long)want), db_arg_int((long long)offset),
		};
		struct db_result res;
		int more;

		arena_reset(&a);
		if ((rc = db_query(db, &a, &sitemap_table, SITEMAP_TAGS, args, 2,
		    &res)) != DB_OK)
			break;
		while ((more = db_next(&res)) == 1 && rc == DB_OK) {
			got++;
			if (fn(db_col_text(&res, 0, &a, NULL), arg) != 0)
				rc = DB_ERROR;
		}
		db_result_free(&res);
		if (more < 0)
			rc = more;
		if (got < want)
			break;		/* no more tags */
		offset += got;
		limit -= got;
	}
	arena_free(&a);
	return rc;
}

int
sitemap_each_post(struct db *db, unsigned long long offset,
    unsigned long long limit, sitemap_post_fn *fn, void *arg)
{
	struct arena a;
	char after_time[64] = "";	/* "2026-12-04 10:00:00.000000" */
	long long after_id = 0;
	int rc = DB_OK;

	arena_init(&a, SITEMAP_ARENA_BLOCK);
	while (limit > 0 && rc == DB_OK) {
		unsigned long long want = limit < SITEMAP_CHUNK ? limit :
		    SITEMAP_CHUNK, got = 0;
		struct db_arg from[] = {
			db_arg_int((long long)want), db_arg_int((long long)offset),
		};
		struct db_arg after[4];
		struct db_result res;
		struct date lastmod;
		int more;

		arena_reset(&a);
		if (after_time[0] == '\0')
			rc = db_query(db, &a, &sitemap_table, SITEMAP_POSTS_FROM,
			    from, 2, &res);
		else {
			after[0] = db_arg_text(after_time);
			after[1] = db_arg_text(after_time);
			after[2] = db_arg_int(after_id);
			after[3] = db_arg_int((long long)want);
			rc = db_query(db, &a, &sitemap_table,
			    SITEMAP_POSTS_AFTER, after, 4, &res);
		}
		if (rc != DB_OK)
			break;
		while ((more = db_next(&res)) == 1 && rc == DB_OK) {
			got++;
			db_col_date(&res, 3, &lastmod);
			if (fn(db_col_text(&res, 2, &a, NULL), &lastmod, arg) !=
			    0)
				rc = DB_ERROR;
			after_id = db_col_int(&res, 0);
			snprintf(after_time, sizeof(after_time), "%s",
			    db_col_text(&res, 1, &a, NULL));
		}
		db_result_free(&res);
		if (more < 0)
			rc = more;
		if (got < want)
			break;		/* no more posts */
		limit -= got;
	}
	arena_free(&a);
	return rc;
}

/*
 * post: all SQL reading posts, in one array. Lists find their page's ids in
 * an index alone (posts_newest, or post_tags_tag_newest for a tag) and only
 * then read those rows, so a deep page costs an index scan, not a table scan.
 */
#include "post.h"

#include <string.h>

#include "../lib/arena.h"
#include "db.h"
#include "search.h"

enum post_stmt {
	POST_GET_BY_SLUG,
	POST_COUNT,
	POST_LIST_NEWEST,
	POST_LIST_FEED,
	POST_SEARCH_COUNT,
	POST_SEARCH,
	POST_SEARCH_LIKE_COUNT,
	POST_SEARCH_LIKE,
	POST_COUNT_BY_TAG,
	POST_LIST_BY_TAG,
	POST__MAX
};

/* Every statement selects the columns of post_fill, in its order; lists
 * only the first POST_EXCERPT_SOURCE characters of the body. */
#define POST_COLUMNS \
	"p.id, p.title, p.slug, p.body, p.created_at, p.updated_at"
#define POST_LIST_COLUMNS \
	"p.id, p.title, p.slug, LEFT(p.body, 4000), p.created_at, p.updated_at"

static const char *const post_sql[POST__MAX] = {
	[POST_GET_BY_SLUG] =
	    "SELECT " POST_COLUMNS " FROM posts AS p "
	    "WHERE p.slug = ?",
	[POST_COUNT] =
	    "SELECT COUNT(*), MAX(updated_at) FROM posts",
	[POST_LIST_NEWEST] =
	    "SELECT " POST_LIST_COLUMNS " FROM "
	    "(SELECT id FROM posts ORDER BY created_at DESC, id DESC "
	    "LIMIT ? OFFSET ?) AS page JOIN posts AS p ON p.id = page.id "
	    "ORDER BY p.created_at DESC, p.id DESC",
	[POST_LIST_FEED] =
	    "SELECT " POST_COLUMNS " FROM posts AS p "
	    "ORDER BY p.created_at DESC, p.id DESC LIMIT ?",
	[POST_SEARCH_COUNT] =
	    "SELECT COUNT(*) FROM posts "
	    "WHERE MATCH(title, body) AGAINST (? IN BOOLEAN MODE)",
	[POST_SEARCH] =
	    "SELECT " POST_LIST_COLUMNS " FROM posts AS p "
	    "WHERE MATCH(p.title, p.body) AGAINST (? IN BOOLEAN MODE) "
	    "ORDER BY p.created_at DESC, p.id DESC LIMIT ? OFFSET ?",
	[POST_SEARCH_LIKE_COUNT] =
	    "SELECT COUNT(*) FROM posts "
	    "WHERE title LIKE ? ESCAPE '!' OR body LIKE ? ESCAPE '!'",
	[POST_SEARCH_LIKE] =
	    "SELECT " POST_LIST_COLUMNS " FROM posts AS p "
	    "WHERE p.title LIKE ? ESCAPE '!' OR p.body LIKE ? ESCAPE '!' "
	    "ORDER BY p.created_at DESC, p.id DESC LIMIT ? OFFSET ?",
	[POST_COUNT_BY_TAG] =
	    "SELECT COUNT(*), MAX(p.updated_at) FROM post_tags AS pt "
	    "JOIN posts AS p ON p.id = pt.post_id WHERE pt.tag_id = ?",
	[POST_LIST_BY_TAG] =
	    "SELECT " POST_LIST_COLUMNS " FROM "
	    "(SELECT post_id FROM post_tags WHERE tag_id = ? "
	    "ORDER BY post_created_at DESC, post_id DESC LIMIT ? OFFSET ?) "
	    "AS page JOIN posts AS p ON p.id = page.post_id "
	    "ORDER BY p.created_at DESC, p.id DESC",
};

/* Maps the current row (POST_COLUMNS order) to *p. */
static void
post_fill(const struct db_result *res, struct arena *a, struct post *p)
{
	memset(p, 0, sizeof(*p));
	p->id = db_col_int(res, 0);
	p->title = db_col_text(res, 1, a, NULL);
	p->slug = db_col_text(res, 2, a, NULL);
	p->body = db_col_text(res, 3, a, &p->body_len);
	db_col_date(res, 4, &p->created);
	db_col_date(res, 5, &p->updated);
}

/* Runs a listing statement and fills out with every row. */
static int
post_list_run(struct db *db, struct arena *a, enum post_stmt which,
    const struct db_arg *args, size_t nargs, struct post_list *out)
{
	struct db_result res;
	int rc;

	out->v = NULL;
	out->n = 0;
	if ((rc = db_query(db, a, post_sql[which], args, nargs, &res)) != DB_OK)
		return rc;
	out->v = arena_calloc(a, db_num_rows(&res) + 1, sizeof(*out->v));
	while ((rc = db_next(&res)) == 1)
		post_fill(&res, a, &out->v[out->n++]);
	db_result_free(&res);
	return rc == 0 ? DB_OK : rc;
}

/* Runs a statement answering COUNT(*) [, MAX(updated_at)]. */
static int
post_stats_run(struct db *db, struct arena *a, enum post_stmt which,
    const struct db_arg *args, size_t nargs, struct post_stats *out)
{
	struct db_result res;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = db_query(db, a, post_sql[which], args, nargs, &res)) != DB_OK)
		return rc;
	if ((rc = db_next(&res)) == 1) {
		out->count = (unsigned long long)db_col_int(&res, 0);
		out->has_update = res.ncols > 1 &&
		    db_col_date(&res, 1, &out->newest_update) == 0;
		rc = DB_OK;
	} else if (rc == 0)
		rc = DB_OK;	/* COUNT always answers; be safe anyway */
	db_result_free(&res);
	return rc;
}

int
post_get_by_slug(struct db *db, struct arena *a, const char *slug,
    struct post *out)
{
	struct db_arg args[] = { db_arg_text(slug) };
	struct db_result res;
	int rc;

	rc = db_query(db, a, post_sql[POST_GET_BY_SLUG], args, 1, &res);
	if (rc != DB_OK)
		return rc;
	rc = db_next(&res);
	if (rc == 1) {
		post_fill(&res, a, out);
		rc = DB_OK;
	} else if (rc == 0)
		rc = DB_NOT_FOUND;
	db_result_free(&res);
	return rc;
}

int
post_count(struct db *db, struct arena *a, struct post_stats *out)
{
	return post_stats_run(db, a, POST_COUNT, NULL, 0, out);
}

int
post_list_newest(struct db *db, struct arena *a, unsigned long long limit,
    unsigned long long offset, struct post_list *out)
{
	struct db_arg args[] = {
		db_arg_int((long long)limit), db_arg_int((long long)offset),
	};

	return post_list_run(db, a, POST_LIST_NEWEST, args, 2, out);
}

int
post_list_feed(struct db *db, struct arena *a, unsigned long long limit,
    struct post_list *out)
{
	struct db_arg args[] = { db_arg_int((long long)limit) };

	return post_list_run(db, a, POST_LIST_FEED, args, 1, out);
}

int
post_search_count(struct db *db, struct arena *a, const struct search *s,
    unsigned long long *out)
{
	struct post_stats stats;
	int rc;

	if (s->match != NULL) {
		struct db_arg args[] = { db_arg_text(s->match) };

		rc = post_stats_run(db, a, POST_SEARCH_COUNT, args, 1, &stats);
	} else {
		struct db_arg args[] = {
			db_arg_text(s->like), db_arg_text(s->like),
		};

		rc = post_stats_run(db, a, POST_SEARCH_LIKE_COUNT, args, 2,
		    &stats);
	}
	*out = stats.count;
	return rc;
}

int
post_search(struct db *db, struct arena *a, const struct search *s,
    unsigned long long limit, unsigned long long offset,
    struct post_list *out)
{
	if (s->match != NULL) {
		struct db_arg args[] = {
			db_arg_text(s->match), db_arg_int((long long)limit),
			db_arg_int((long long)offset),
		};

		return post_list_run(db, a, POST_SEARCH, args, 3, out);
	} else {
		struct db_arg args[] = {
			db_arg_text(s->like), db_arg_text(s->like),
			db_arg_int((long long)limit),
			db_arg_int((long long)offset),
		};

		return post_list_run(db, a, POST_SEARCH_LIKE, args, 4, out);
	}
}

int
post_count_by_tag(struct db *db, struct arena *a, long long tag_id,
    struct post_stats *out)
{
	struct db_arg args[] = { db_arg_int(tag_id) };

	return post_stats_run(db, a, POST_COUNT_BY_TAG, args, 1, out);
}

int
post_list_by_tag(struct db *db, struct arena *a, long long tag_id,
    unsigned long long limit, unsigned long long offset,
    struct post_list *out)
{
	struct db_arg args[] = {
		db_arg_int(tag_id), db_arg_int((long long)limit),
		db_arg_int((long long)offset),
	};

	return post_list_run(db, a, POST_LIST_BY_TAG, args, 3, out);
}

/*
 * post: all SQL reading posts, in one array. A list reads its page's ids
 * in an index alone (posts_newest, post_tags_tag_newest, or the FULLTEXT
 * index for a search), then only those rows, by primary key: a deep page
 * costs an index scan, never a table scan, and no statement sorts rows that
 * carry a body (MariaDB 10.11 was seen to crash freeing the temporary table
 * of such a sort, with the page's ids in a derived table).
 */
#include "post.h"

#include <string.h>

#include "../lib/arena.h"
#include "db.h"
#include "search.h"

enum post_stmt {
	POST_GET_BY_SLUG,
	POST_BY_IDS,
	POST_IDS_NEWEST,
	POST_LIST_FEED,
	POST_SEARCH_COUNT,
	POST_SEARCH_IDS,
	POST_SEARCH_LIKE_COUNT,
	POST_SEARCH_LIKE_IDS,
	POST_IDS_BY_TAG,
	POST__MAX
};

/* Every statement of rows selects the columns of post_fill, in its order;
 * lists only the first POST_EXCERPT_SOURCE characters of the body. */
#define POST_COLUMNS \
	"p.id, p.title, p.slug, p.body, p.created_at, p.updated_at"
#define POST_LIST_COLUMNS \
	"p.id, p.title, p.slug, LEFT(p.body, 4000), p.created_at, p.updated_at"

static const char *const post_sql[POST__MAX] = {
	[POST_GET_BY_SLUG] =
	    "SELECT " POST_COLUMNS " FROM posts AS p "
	    "WHERE p.slug = ?",
	/* DB_IN_MAX ids; the unused ones are 0, which no post has. */
	[POST_BY_IDS] =
	    "SELECT " POST_LIST_COLUMNS " FROM posts AS p "
	    "WHERE p.id IN (" DB_IN_PLACEHOLDERS ")",
	[POST_IDS_NEWEST] =
	    "SELECT id FROM posts ORDER BY created_at DESC, id DESC "
	    "LIMIT ? OFFSET ?",
	[POST_LIST_FEED] =
	    "SELECT " POST_COLUMNS " FROM posts AS p "
	    "ORDER BY p.created_at DESC, p.id DESC LIMIT ?",
	[POST_SEARCH_COUNT] =
	    "SELECT COUNT(*) FROM posts "
	    "WHERE MATCH(title, body) AGAINST (? IN BOOLEAN MODE)",
	[POST_SEARCH_IDS] =
	    "SELECT id FROM posts "
	    "WHERE MATCH(title, body) AGAINST (? IN BOOLEAN MODE) "
	    "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
	[POST_SEARCH_LIKE_COUNT] =
	    "SELECT COUNT(*) FROM posts "
	    "WHERE title LIKE ? ESCAPE '!' OR body LIKE ? ESCAPE '!'",
	[POST_SEARCH_LIKE_IDS] =
	    "SELECT id FROM posts "
	    "WHERE title LIKE ? ESCAPE '!' OR body LIKE ? ESCAPE '!' "
	    "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
	[POST_IDS_BY_TAG] =
	    "SELECT post_id FROM post_tags WHERE tag_id = ? "
	    "ORDER BY post_created_at DESC, post_id DESC LIMIT ? OFFSET ?",
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

/* Runs a statement of rows and fills out with every row, in its order. */
static int
post_rows(struct db *db, struct arena *a, enum post_stmt which,
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

/*
 * Runs a statement of at most DB_IN_MAX ids, newest first, then reads
 * those posts and puts them in out in the same order.
 */
static int
post_page(struct db *db, struct arena *a, enum post_stmt which,
    const struct db_arg *args, size_t nargs, struct post_list *out)
{
	struct db_arg ids[DB_IN_MAX];
	struct post_list rows;
	struct db_result res;
	size_t n = 0;
	int rc;

	out->v = NULL;
	out->n = 0;
	if ((rc = db_query(db, a, post_sql[which], args, nargs, &res)) != DB_OK)
		return rc;
	while (n < DB_IN_MAX && (rc = db_next(&res)) == 1)
		ids[n++] = db_arg_int(db_col_int(&res, 0));
	db_result_free(&res);
	if (rc < 0)
		return rc;
	if (n == 0)
		return DB_OK;
	for (size_t i = n; i < DB_IN_MAX; i++)
		ids[i] = db_arg_int(0);
	if ((rc = post_rows(db, a, POST_BY_IDS, ids, DB_IN_MAX, &rows)) !=
	    DB_OK)
		return rc;
	/* Back in the order of the ids; a post deleted meanwhile is left out. */
	out->v = arena_calloc(a, n + 1, sizeof(*out->v));
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < rows.n; j++)
			if (rows.v[j].id == ids[i].i)
				out->v[out->n++] = rows.v[j];
	return DB_OK;
}

/* Runs a statement answering COUNT(*) into *out. */
static int
post_count_run(struct db *db, struct arena *a, enum post_stmt which,
    const struct db_arg *args, size_t nargs, unsigned long long *out)
{
	long long count = 0;
	int rc;

	rc = db_query_int(db, a, post_sql[which], args, nargs, &count);
	*out = (unsigned long long)count;
	return rc == DB_NOT_FOUND ? DB_OK : rc;
}

int
post_get_by_slug(struct db *db, struct arena *a, const char *slug,
    struct post *out)
{
	struct db_arg args[] = { db_arg_text(slug) };
	struct db_result res;
	int rc;

	rc = db_query_row(db, a, post_sql[POST_GET_BY_SLUG], args, 1, &res);
	if (rc != DB_OK)
		return rc;
	post_fill(&res, a, out);
	db_result_free(&res);
	return DB_OK;
}

int
post_list_newest(struct db *db, struct arena *a, unsigned long long limit,
    unsigned long long offset, struct post_list *out)
{
	struct db_arg args[] = {
		db_arg_int((long long)limit), db_arg_int((long long)offset),
	};

	return post_page(db, a, POST_IDS_NEWEST, args, 2, out);
}

int
post_list_feed(struct db *db, struct arena *a, unsigned long long limit,
    struct post_list *out)
{
	struct db_arg args[] = { db_arg_int((long long)limit) };

	return post_rows(db, a, POST_LIST_FEED, args, 1, out);
}

int
post_search_count(struct db *db, struct arena *a, const struct search *s,
    unsigned long long *out)
{
	if (s->match != NULL) {
		struct db_arg args[] = { db_arg_text(s->match) };

		return post_count_run(db, a, POST_SEARCH_COUNT, args, 1, out);
	} else {
		struct db_arg args[] = {
			db_arg_text(s->like), db_arg_text(s->like),
		};

		return post_count_run(db, a, POST_SEARCH_LIKE_COUNT, args, 2,
		    out);
	}
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

		return post_page(db, a, POST_SEARCH_IDS, args, 3, out);
	} else {
		struct db_arg args[] = {
			db_arg_text(s->like), db_arg_text(s->like),
			db_arg_int((long long)limit),
			db_arg_int((long long)offset),
		};

		return post_page(db, a, POST_SEARCH_LIKE_IDS, args, 4, out);
	}
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

	return post_page(db, a, POST_IDS_BY_TAG, args, 3, out);
}

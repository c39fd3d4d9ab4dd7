/*
 * post: all SQL reading posts, in one array. A reader's list holds the
 * posts readers see only, asking visible = 1 of an index (visibility.h).
 * A list reads its page's ids
 * in an index alone (posts_shown, post_tags_tag_shown, or the FULLTEXT
 * index for a search), then only those rows, by primary key: a deep page
 * costs an index scan, never a table scan, and no statement sorts rows that
 * carry a body (MariaDB 10.11 was seen to crash freeing the temporary table
 * of such a sort, with the page's ids in a derived table).
 *
 * A search picks its way by how common its words are (README, "Search"):
 * InnoDB's FULLTEXT index returns matches in no useful order and reads a
 * word's whole list even under a LIMIT (100 ms for a word in 100,000
 * posts), so it serves only words in few posts; words common among the
 * newest posts are found by walking posts_shown, checking each post.
 */
#include "post.h"

#include <stddef.h>
#include <string.h>

#include "../lib/arena.h"
#include "db.h"
#include "search.h"
#include "tables.h"
#include "visibility.h"

enum post_stmt {
	POST_GET_BY_SLUG,
	POST_BY_IDS,
	POST_IDS_NEWEST,
	POST_LIST_FEED,
	POST_SEARCH_COUNT,
	POST_SEARCH_IDS,
	POST_WALK_START,
	POST_SEARCH_WALK,
	POST_COUNT_SINCE,
	POST_IDS_BY_TAG,
	POST_DRAFTS,
	POST_SCHEDULED,
	POST_TRASH,
	POST_EXPORT,
	POST_EXPORT_COUNT,
	POST__MAX
};

/* Every statement of rows selects the columns of post_fill, in its order;
 * lists only the first ? (POST_EXCERPT_SOURCE) characters of the body. */
#define POST_MORE_COLUMNS \
	"p.created_at, p.updated_at, p.publish_at, p.trashed_at, " \
	"p.state = 'published', p.visible, p.revision, " \
	"COALESCE(u.username, ''), COALESCE(p.featured_image, '') " \
	"FROM posts AS p " \
	"LEFT JOIN users AS u ON u.id = p.author_id "
#define POST_COLUMNS \
	"p.id, p.title, p.slug, p.body, " POST_MORE_COLUMNS
#define POST_LIST_COLUMNS \
	"p.id, p.title, p.slug, LEFT(p.body, ?), " POST_MORE_COLUMNS

/* One word of the walk: its regex twice, or '' twice (search.h). */
#define WALK_WORD \
	"AND (? = '' OR CONCAT_WS(' ', title, body) REGEXP ?) "

static const char *const post_sql[POST__MAX] = {
	[POST_GET_BY_SLUG] =
	    "SELECT " POST_COLUMNS "WHERE p.slug = ?",
	/* POST_EXCERPT_SOURCE, then DB_IN_MAX ids; the unused ones are 0,
	 * which no post has. */
	[POST_BY_IDS] =
	    "SELECT " POST_LIST_COLUMNS
	    "WHERE p.id IN (" DB_IN_PLACEHOLDERS ")",
	[POST_IDS_NEWEST] =
	    "SELECT id FROM posts WHERE visible = 1 "
	    "ORDER BY publish_at DESC, id DESC LIMIT ? OFFSET ?",
	[POST_LIST_FEED] =
	    "SELECT " POST_COLUMNS "WHERE p.visible = 1 "
	    "ORDER BY p.publish_at DESC, p.id DESC LIMIT ?",
	[POST_SEARCH_COUNT] =
	    "SELECT COUNT(*) FROM posts "
	    "WHERE MATCH(title, body) AGAINST (? IN BOOLEAN MODE) "
	    "AND visible = 1",
	[POST_SEARCH_IDS] =
	    "SELECT id FROM posts "
	    "WHERE MATCH(title, body) AGAINST (? IN BOOLEAN MODE) "
	    "AND visible = 1 "
	    "ORDER BY publish_at DESC, id DESC LIMIT ? OFFSET ?",
	/*
	 * The walk: its window starts at the publish_at of its last post
	 * (OFFSET window - 1), so that the walk is a range of posts_shown
	 * read backwards (a bound computed in the walk's own statement left
	 * MariaDB scanning the whole index; and when the window is a third
	 * of the table, both statements would rather read all of it and
	 * sort, unless forced). An empty pair of slots ('', '') requires nothing and
	 * skips the REGEXP.
	 */
	[POST_WALK_START] =
	    "SELECT CAST(publish_at AS CHAR) "
	    "FROM posts FORCE INDEX (posts_shown) WHERE visible = 1 "
	    "ORDER BY publish_at DESC, id DESC LIMIT 1 OFFSET ?",
	[POST_SEARCH_WALK] =
	    "SELECT id, CAST(publish_at AS CHAR) "
	    "FROM posts FORCE INDEX (posts_shown) "
	    "WHERE visible = 1 AND publish_at >= ? "
	    WALK_WORD WALK_WORD WALK_WORD WALK_WORD
	    WALK_WORD WALK_WORD WALK_WORD WALK_WORD
	    "ORDER BY publish_at DESC, id DESC LIMIT ? OFFSET ?",
	/* How many posts a walk read to reach a post of that time. */
	[POST_COUNT_SINCE] =
	    "SELECT COUNT(*) FROM posts "
	    "WHERE visible = 1 AND publish_at >= ?",
	[POST_IDS_BY_TAG] =
	    "SELECT post_id FROM post_tags "
	    "WHERE tag_id = ? AND post_visible = 1 "
	    "ORDER BY post_publish_at DESC, post_id DESC LIMIT ? OFFSET ?",
	/* The author's lists (POST_UNSEEN_MAX + 1 rows), few rows each. */
	[POST_DRAFTS] =
	    "SELECT " POST_LIST_COLUMNS
	    "WHERE p.state = 'draft' AND p.trashed_at IS NULL "
	    "ORDER BY p.updated_at DESC, p.id DESC LIMIT ?",
	[POST_SCHEDULED] =
	    "SELECT " POST_LIST_COLUMNS "WHERE " POST_SCHEDULED_SQL " "
	    "ORDER BY p.publish_at, p.id LIMIT ?",
	[POST_TRASH] =
	    "SELECT " POST_LIST_COLUMNS "WHERE p.trashed_at IS NOT NULL "
	    "ORDER BY p.trashed_at DESC, p.id DESC LIMIT ?",
	/* Every post but the trashed, whole, by id from after an id. */
	[POST_EXPORT] =
	    "SELECT " POST_COLUMNS "WHERE p.trashed_at IS NULL AND p.id > ? "
	    "ORDER BY p.id LIMIT ?",
	[POST_EXPORT_COUNT] =
	    "SELECT COUNT(*) FROM posts WHERE trashed_at IS NULL",
};

/* A post's members, in the order of POST_COLUMNS. */
const struct db_table post_table = DB_TABLE("post", post_sql, POST__MAX,
    struct post, DB_INT(struct post, id), DB_TEXT(struct post, title),
    DB_TEXT(struct post, slug), DB_TEXT_LEN(struct post, body, body_len),
    DB_DATE(struct post, created), DB_DATE(struct post, updated),
    DB_DATE(struct post, publish_at), DB_DATE(struct post, trashed_at),
    DB_INT(struct post, published), DB_INT(struct post, visible),
    DB_INT(struct post, revision), DB_TEXT(struct post, author),
    DB_TEXT(struct post, featured_image));

/* Runs a statement of rows and fills out with every row, in its order. */
static int
post_rows(struct db *db, struct arena *a, enum post_stmt which,
    const struct db_arg *args, size_t nargs, struct post_list *out)
{
	void *v;
	int rc;

	rc = db_list(db, a, &post_table, which, args, nargs, &v, &out->n);
	out->v = v;
	return rc;
}

/* What POST_BY_IDS reads of a body to have all of it. */
#define POST_BODY_WHOLE 65535

/*
 * Runs a statement of at most DB_IN_MAX ids, newest first, then reads
 * those posts (body_chars of their bodies) and puts them in out in the
 * same order.
 */
static int
post_page_of(struct db *db, struct arena *a, enum post_stmt which,
    const struct db_arg *args, size_t nargs, long long body_chars,
    struct post_list *out)
{
	/* POST_BY_IDS's parameters: the excerpt's length, then the ids. */
	struct db_arg by_ids[1 + DB_IN_MAX], *ids = by_ids + 1;
	struct post_list rows;
	struct db_result res;
	size_t n = 0;
	int rc;

	out->v = NULL;
	out->n = 0;
	rc = db_query(db, a, &post_table, which, args, nargs, &res);
	if (rc != DB_OK)
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
	by_ids[0] = db_arg_int(body_chars);
	if ((rc = post_rows(db, a, POST_BY_IDS, by_ids, 1 + DB_IN_MAX,
	    &rows)) != DB_OK)
		return rc;
	/* Back in the order of the ids; a post deleted meanwhile is left out. */
	out->v = arena_calloc(a, n + 1, sizeof(*out->v));
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < rows.n; j++)
			if (rows.v[j].id == ids[i].i)
				out->v[out->n++] = rows.v[j];
	return DB_OK;
}

/* post_page_of for a list: the start of each body, for its excerpt. */
static int
post_page(struct db *db, struct arena *a, enum post_stmt which,
    const struct db_arg *args, size_t nargs, struct post_list *out)
{
	return post_page_of(db, a, which, args, nargs, POST_EXCERPT_SOURCE,
	    out);
}

/* Runs a statement answering COUNT(*) into *out. */
static int
post_count_run(struct db *db, struct arena *a, enum post_stmt which,
    const struct db_arg *args, size_t nargs, unsigned long long *out)
{
	long long count = 0;
	int rc;

	rc = db_query_int(db, a, &post_table, which, args, nargs, &count);
	*out = (unsigned long long)count;
	return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum post_standing
post_standing(const struct post *p)
{
	if (p->trashed_at.year != 0)
		return POST_STANDING_TRASHED;
	if (p->visible)
		return POST_STANDING_VISIBLE;
	return p->published ? POST_STANDING_SCHEDULED : POST_STANDING_DRAFT;
}

int
post_list_unseen(struct db *db, struct arena *a, enum post_unseen which,
    struct post_list *out)
{
	static const enum post_stmt stmt[] = {
		[POST_UNSEEN_DRAFTS] = POST_DRAFTS,
		[POST_UNSEEN_SCHEDULED] = POST_SCHEDULED,
		[POST_UNSEEN_TRASH] = POST_TRASH,
	};
	struct db_arg args[] = {
		db_arg_int(POST_EXCERPT_SOURCE), db_arg_int(POST_UNSEEN_MAX + 1),
	};

	return post_rows(db, a, stmt[which], args, 2, out);
}

int
post_get_by_slug(struct db *db, struct arena *a, const char *slug,
    struct post *out)
{
	return db_get_by_text(db, a, &post_table, POST_GET_BY_SLUG, slug, out);
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

/* The walk's WALK_WORD slots. */
_Static_assert(SEARCH_WORDS_MAX == 8, "POST_SEARCH_WALK has 8 word slots");

/* The probe: the newest posts it reads, and the matches it looks for. */
#define PROBE_POSTS 1000
#define PROBE_MATCHES 20

/*
 * Sets *start to the publish_at of the window-th newest of post_count
 * posts: where a walk of window posts stops. With no more posts than
 * that, to a time before any, without reading the index.
 */
static int
walk_start(struct db *db, struct arena *a, unsigned long long window,
    unsigned long long post_count, const char **start)
{
	struct db_arg args[] = { db_arg_int((long long)window - 1) };
	struct db_result res;
	int rc;

	*start = "1000-01-01 00:00:00";
	if (post_count <= window)
		return DB_OK;
	rc = db_query_row(db, a, &post_table, POST_WALK_START, args, 1, &res);
	if (rc == DB_NOT_FOUND)
		return DB_OK;
	if (rc != DB_OK)
		return rc;
	*start = db_col_text(&res, 0, a, NULL);
	db_result_free(&res);
	return DB_OK;
}

/* Fills the arguments of POST_SEARCH_WALK into args (1 + 16 + 2). */
static void
walk_args(const struct search *s, const char *start,
    unsigned long long limit, unsigned long long offset, struct db_arg *args)
{
	size_t n = 0;

	args[n++] = db_arg_text(start);
	for (size_t i = 0; i < SEARCH_WORDS_MAX; i++) {
		const char *re = i < s->nwords ? s->regex[i] : "";

		args[n++] = db_arg_text(re);
		args[n++] = db_arg_text(re);
	}
	args[n++] = db_arg_int((long long)limit);
	args[n++] = db_arg_int((long long)offset);
}

/*
 * Returns in *common whether the words of s are in more than about
 * POST_SEARCH_EXACT_MAX of the post_count posts, estimated from how many of
 * the newest PROBE_POSTS hold them: at most PROBE_POSTS rows read.
 */
static int
search_is_common(struct db *db, struct arena *a, const struct search *s,
    unsigned long long post_count, int *common)
{
	struct db_arg args[2 + 2 * SEARCH_WORDS_MAX + 1];
	struct db_result res;
	const char *start, *last = NULL;
	unsigned long long found = 0;
	long long examined = PROBE_POSTS;
	int rc;

	*common = 0;
	if ((rc = walk_start(db, a, PROBE_POSTS, post_count, &start)) !=
	    DB_OK)
		return rc;
	walk_args(s, start, PROBE_MATCHES, 0, args);
	rc = db_query(db, a, &post_table, POST_SEARCH_WALK, args,
	    sizeof(args) / sizeof(args[0]), &res);
	if (rc != DB_OK)
		return rc;
	while ((rc = db_next(&res)) == 1) {
		found++;
		last = db_col_text(&res, 1, a, NULL);
	}
	db_result_free(&res);
	if (rc < 0)
		return rc;
	if (found == PROBE_MATCHES) {
		/* Stopped early: how far did it read? */
		struct db_arg since[] = { db_arg_text(last) };

		rc = db_query_int(db, a, &post_table, POST_COUNT_SINCE, since, 1,
		    &examined);
		if (rc != DB_OK)
			return rc == DB_NOT_FOUND ? DB_ERROR : rc;
		if (examined < 1)
			examined = 1;
	}
	*common = found * post_count / (unsigned long long)examined >
	    POST_SEARCH_EXACT_MAX;
	return DB_OK;
}

/* The page of a search through the FULLTEXT index: counted, sorted. */
static int
search_exact(struct db *db, struct arena *a, const struct search *s,
    unsigned long long limit, unsigned long long offset,
    struct post_search_page *out)
{
	struct db_arg count_args[] = { db_arg_text(s->match) };
	struct db_arg args[] = {
		db_arg_text(s->match), db_arg_int((long long)limit),
		db_arg_int((long long)offset),
	};
	int rc;

	rc = post_count_run(db, a, POST_SEARCH_COUNT, count_args, 1,
	    &out->total);
	if (rc != DB_OK || offset >= out->total)
		return rc;
	return post_page(db, a, POST_SEARCH_IDS, args, 3, &out->posts);
}

/*
 * The page of a search by the walk over the newest POST_SEARCH_WALK_MAX
 * posts: one post more than the page, to know whether another follows.
 */
static int
search_walk(struct db *db, struct arena *a, const struct search *s,
    unsigned long long post_count, unsigned long long limit,
    unsigned long long offset, struct post_search_page *out)
{
	struct db_arg args[2 + 2 * SEARCH_WORDS_MAX + 1];
	const char *start;
	int rc;

	out->approximate = 1;
	if (offset + limit >= POST_SEARCH_WALK_MAX)
		return DB_OK;		/* past the walk: no such page */
	if ((rc = walk_start(db, a, POST_SEARCH_WALK_MAX, post_count,
	    &start)) != DB_OK)
		return rc;
	walk_args(s, start, limit + 1, offset, args);
	rc = post_page(db, a, POST_SEARCH_WALK, args,
	    sizeof(args) / sizeof(args[0]), &out->posts);
	if (rc != DB_OK)
		return rc;
	out->total = offset + out->posts.n;
	if (out->posts.n > limit)
		out->posts.n = limit;
	return DB_OK;
}

int
post_search(struct db *db, struct arena *a, const struct search *s,
    unsigned long long post_count, unsigned long long limit,
    unsigned long long offset, struct post_search_page *out)
{
	int common = 0, rc;

	memset(out, 0, sizeof(*out));
	if (s->nwords == 0)
		return DB_OK;
	/* With few posts, the index is quick whatever the words. */
	if (post_count > PROBE_POSTS &&
	    (rc = search_is_common(db, a, s, post_count, &common)) != DB_OK)
		return rc;
	if (common)
		return search_walk(db, a, s, post_count, limit, offset, out);
	return search_exact(db, a, s, limit, offset, out);
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

int
post_list_feed_by_tag(struct db *db, struct arena *a, long long tag_id,
    unsigned long long limit, struct post_list *out)
{
	struct db_arg args[] = {
		db_arg_int(tag_id), db_arg_int((long long)limit), db_arg_int(0),
	};

	return post_page_of(db, a, POST_IDS_BY_TAG, args, 3, POST_BODY_WHOLE,
	    out);
}

int
post_list_export(struct db *db, struct arena *a, long long after_id,
    unsigned long long limit, struct post_list *out)
{
	struct db_arg args[] = {
		db_arg_int(after_id), db_arg_int((long long)limit),
	};

	return post_rows(db, a, POST_EXPORT, args, 2, out);
}

int
post_count_export(struct db *db, struct arena *a, unsigned long long *n)
{
	return post_count_run(db, a, POST_EXPORT_COUNT, NULL, 0, n);
}

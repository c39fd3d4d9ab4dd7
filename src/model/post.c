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
 * A reader's page reads its posts in one statement, each with its
 * author, its tags (packed into one column by a subquery: post_tags_of)
 * and its rendering from post_html when that is current (the body is
 * then left out of a list). The index and a tag's page read their page's
 * ids in a derived table and the rows by primary key beside it, with no
 * ORDER BY over the rows: they are put in order here (post_sort_newest).
 *
 * A search picks its way by how common its words are (README, "Search"):
 * InnoDB's FULLTEXT index returns matches in no useful order and reads a
 * word's whole list even under a LIMIT (100 ms for a word in 100,000
 * posts), so it serves only words in few posts; words common among the
 * newest posts are found by walking posts_shown, checking each post.
 */
#include "post.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/arena.h"
#include "../lib/date.h"
#include "db.h"
#include "search.h"
#include "tables.h"
#include "tag.h"
#include "visibility.h"

enum post_stmt {
	POST_GET_BY_SLUG,
	POST_BY_IDS,
	POST_BY_IDS_WHOLE,
	POST_PAGE_NEWEST,
	POST_PAGE_BY_TAG,
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

/* Every statement of rows selects the columns of post_table, in its order;
 * lists only the first ? (POST_EXCERPT_SOURCE) characters of the body. */
#define POST_ROW_COLUMNS \
	"p.created_at, p.updated_at, p.publish_at, p.trashed_at, " \
	"p.state = 'published', p.visible, p.revision, " \
	"COALESCE(u.username, ''), COALESCE(p.featured_image, '') "
#define POST_AUTHOR_JOIN \
	"LEFT JOIN users AS u ON u.id = p.author_id "
#define POST_MORE_COLUMNS \
	POST_ROW_COLUMNS "FROM posts AS p " POST_AUTHOR_JOIN
#define POST_COLUMNS \
	"p.id, p.title, p.slug, p.body, " POST_MORE_COLUMNS
#define POST_LIST_COLUMNS \
	"p.id, p.title, p.slug, LEFT(p.body, ?), " POST_MORE_COLUMNS

/*
 * A reader's statement selects post_table's columns, then the columns of
 * post_read_extra: the post's tags (a subquery packing them into one
 * column, as post_tags_unpack reads them: id, name's and slug's lengths
 * in bytes, the name and the slug, for each tag by name), whether its
 * rendering is current, its html, excerpt and description (NULL where
 * the statement reads none) and CRC32 of its body. Its rendering comes
 * from a join whose one parameter is POST_RENDERER.
 */
#define POST_TAGS_PACKED \
	", (SELECT GROUP_CONCAT(CONCAT(t.id, ',', LENGTH(t.name), ',', " \
	"LENGTH(t.slug), ',', t.name, t.slug) ORDER BY t.name, t.id " \
	"SEPARATOR '') FROM post_tags AS pt JOIN tags AS t " \
	"ON t.id = pt.tag_id WHERE pt.post_id = p.id), h.post_id IS NOT NULL, "
#define POST_HTML_JOIN \
	"LEFT JOIN post_html AS h ON h.post_id = p.id AND h.renderer = ? " \
	"AND h.source_updated_at = p.updated_at " \
	"AND h.source_crc = CRC32(p.body) "
/* The post page and the feeds: the whole body, the html, the description. */
#define POST_READ_WHOLE \
	"p.id, p.title, p.slug, p.body, " POST_ROW_COLUMNS POST_TAGS_PACKED \
	"h.html, NULL, h.description, CRC32(p.body) "
/* The lists: the excerpt, and the body only when that is not current
 * (whole: the reader renders all of it, to store it). */
#define POST_READ_LIST \
	"p.id, p.title, p.slug, IF(h.post_id IS NULL, p.body, ''), " \
	POST_ROW_COLUMNS POST_TAGS_PACKED \
	"NULL, h.excerpt, NULL, CRC32(p.body) "
/* A page's rows beside its ids, a derived table pg of one column, id. */
#define POST_PAGE_JOINS \
	") AS pg JOIN posts AS p ON p.id = pg.id " POST_AUTHOR_JOIN \
	POST_HTML_JOIN

/* One word of the walk: its regex twice, or '' twice (search.h). */
#define WALK_WORD \
	"AND (? = '' OR CONCAT_WS(' ', title, body) REGEXP ?) "

static const char *const post_sql[POST__MAX] = {
	/* POST_RENDERER, the slug. */
	[POST_GET_BY_SLUG] =
	    "SELECT " POST_READ_WHOLE "FROM posts AS p " POST_AUTHOR_JOIN
	    POST_HTML_JOIN "WHERE p.slug = ?",
	/* POST_RENDERER, then DB_IN_MAX ids; the unused ones are 0, which
	 * no post has. */
	[POST_BY_IDS] =
	    "SELECT " POST_READ_LIST "FROM posts AS p " POST_AUTHOR_JOIN
	    POST_HTML_JOIN "WHERE p.id IN (" DB_IN_PLACEHOLDERS ")",
	[POST_BY_IDS_WHOLE] =
	    "SELECT " POST_READ_WHOLE "FROM posts AS p " POST_AUTHOR_JOIN
	    POST_HTML_JOIN "WHERE p.id IN (" DB_IN_PLACEHOLDERS ")",
	/* Limit, offset, POST_RENDERER. */
	[POST_PAGE_NEWEST] =
	    "SELECT " POST_READ_LIST "FROM (SELECT id FROM posts "
	    "WHERE visible = 1 ORDER BY publish_at DESC, id DESC "
	    "LIMIT ? OFFSET ?" POST_PAGE_JOINS,
	/* The tag, limit, offset, POST_RENDERER. */
	[POST_PAGE_BY_TAG] =
	    "SELECT " POST_READ_LIST "FROM (SELECT post_id AS id "
	    "FROM post_tags WHERE tag_id = ? AND post_visible = 1 "
	    "ORDER BY post_publish_at DESC, post_id DESC "
	    "LIMIT ? OFFSET ?" POST_PAGE_JOINS,
	/* POST_RENDERER, the limit. */
	[POST_LIST_FEED] =
	    "SELECT " POST_READ_WHOLE "FROM posts AS p " POST_AUTHOR_JOIN
	    POST_HTML_JOIN "WHERE p.visible = 1 "
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

/*
 * Reads the number written at *at up to a ',' into *out, moving *at past
 * the ','; returns 0, or -1 if there is none within end.
 */
static int
packed_number(const char **at, const char *end, unsigned long long *out)
{
	const char *s = *at;

	*out = 0;
	if (s >= end || *s < '0' || *s > '9')
		return -1;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		if (*out > 1000000000000ULL)
			return -1;
		*out = *out * 10 + (unsigned long long)(*s - '0');
	}
	if (s >= end || *s != ',')
		return -1;
	*at = s + 1;
	return 0;
}

/*
 * Reads the tag at *at of the len bytes at packed (POST_TAGS_PACKED:
 * "id,name length,slug length,nameslug") into *t (when not NULL, the
 * strings copied from a), moving *at past it. Returns 0, or -1 if the
 * bytes there are no tag.
 */
static int
packed_tag(const char *packed, size_t len, size_t *at, struct arena *a,
    struct tag *t)
{
	const char *s = packed + *at, *end = packed + len;
	unsigned long long id, name_len, slug_len;

	if (packed_number(&s, end, &id) != 0 ||
	    packed_number(&s, end, &name_len) != 0 ||
	    packed_number(&s, end, &slug_len) != 0 ||
	    name_len > (size_t)(end - s) ||
	    slug_len > (size_t)(end - s) - name_len)
		return -1;
	if (t != NULL) {
		t->id = (long long)id;
		t->name = arena_strndup(a, s, name_len);
		t->slug = arena_strndup(a, s + name_len, slug_len);
		t->count = 0;
	}
	*at = (size_t)(s - packed) + name_len + slug_len;
	return 0;
}

/*
 * Fills p's tags from the len bytes at packed, as POST_TAGS_PACKED makes
 * them. Returns 0, or -1 if they are not that (cut short, say).
 */
static int
post_tags_unpack(struct post *p, const char *packed, size_t len,
    struct arena *a)
{
	size_t at = 0, n = 0;

	while (at < len) {
		if (packed_tag(packed, len, &at, a, NULL) != 0)
			return -1;
		n++;
	}
	p->tags = arena_calloc(a, n + 1, sizeof(*p->tags));
	p->ntags = 0;
	for (at = 0; at < len; p->ntags++)
		(void)packed_tag(packed, len, &at, a, &p->tags[p->ntags]);
	p->tags_read = 1;
	return 0;
}

/*
 * Fills p from the current row of a reader's statement (POST_READ_WHOLE,
 * POST_READ_LIST). Returns DB_OK, or DB_ERROR if its tags cannot be read.
 */
static int
post_read_row(struct db *db, const struct db_result *res, struct arena *a,
    struct post *p)
{
	/* Its own columns come after post_table's. */
	const unsigned x = post_table.ncols;
	const char *packed;
	size_t len;

	memset(p, 0, sizeof(*p));
	db_fill(res, 0, post_table.cols, post_table.ncols, a, p);
	packed = db_col_text(res, x, a, &len);
	if (post_tags_unpack(p, packed, len, a) != 0) {
		snprintf(db->error, sizeof(db->error), "post %lld: its tags "
		    "came packed in a way they cannot be read (%zu bytes)",
		    p->id, len);
		return DB_ERROR;
	}
	p->rendered = db_col_int(res, x + 1) != 0;
	if (p->rendered && !db_col_is_null(res, x + 2))
		p->html = db_col_text(res, x + 2, a, NULL);
	if (p->rendered && !db_col_is_null(res, x + 3))
		p->excerpt = db_col_text(res, x + 3, a, NULL);
	if (p->rendered && !db_col_is_null(res, x + 4))
		p->description = db_col_text(res, x + 4, a, NULL);
	p->body_crc = db_col_int(res, x + 5);
	return DB_OK;
}

/* Runs a reader's statement and fills out with its rows, in their order. */
static int
post_read(struct db *db, struct arena *a, enum post_stmt which,
    const struct db_arg *args, size_t nargs, struct post_list *out)
{
	struct db_result res;
	int rc;

	out->v = NULL;
	out->n = 0;
	if ((rc = db_query(db, a, &post_table, which, args, nargs, &res)) !=
	    DB_OK)
		return rc;
	out->v = arena_calloc(a, db_num_rows(&res) + 1, sizeof(*out->v));
	while ((rc = db_next(&res)) == 1)
		if ((rc = post_read_row(db, &res, a, &out->v[out->n++])) !=
		    DB_OK)
			break;
	db_result_free(&res);
	return rc < 0 ? rc : DB_OK;
}

/* qsort's order of posts: newest first, by publish time, then id. */
static int
post_newer_first(const void *a, const void *b)
{
	const struct post *p = a, *q = b;
	int c = date_compare(&q->publish_at, &p->publish_at);

	if (c != 0)
		return c;
	return (q->id > p->id) - (q->id < p->id);
}

/*
 * Runs a reader's statement of a page (POST_PAGE_JOINS: its rows in no
 * order) and puts its rows newest first.
 */
static int
post_read_page(struct db *db, struct arena *a, enum post_stmt which,
    const struct db_arg *args, size_t nargs, struct post_list *out)
{
	int rc = post_read(db, a, which, args, nargs, out);

	if (rc == DB_OK && out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), post_newer_first);
	return rc;
}

/*
 * Runs a statement of at most DB_IN_MAX ids, newest first, then reads
 * those posts with by_ids (POST_BY_IDS, POST_BY_IDS_WHOLE) and puts them
 * in out in the same order.
 */
static int
post_page_of(struct db *db, struct arena *a, enum post_stmt which,
    const struct db_arg *args, size_t nargs, enum post_stmt by_ids,
    struct post_list *out)
{
	/* by_ids' parameters: the renderer, then the ids. */
	struct db_arg params[1 + DB_IN_MAX], *ids = params + 1;
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
	params[0] = db_arg_int(POST_RENDERER);
	if ((rc = post_read(db, a, by_ids, params, 1 + DB_IN_MAX, &rows)) !=
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

/* post_page_of for a list: each post's excerpt. */
static int
post_page(struct db *db, struct arena *a, enum post_stmt which,
    const struct db_arg *args, size_t nargs, struct post_list *out)
{
	return post_page_of(db, a, which, args, nargs, POST_BY_IDS, out);
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
	struct db_arg args[] = {
		db_arg_int(POST_RENDERER), db_arg_text(slug),
	};
	struct db_result res;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = db_query_row(db, a, &post_table, POST_GET_BY_SLUG, args, 2,
	    &res)) != DB_OK)
		return rc;
	rc = post_read_row(db, &res, a, out);
	db_result_free(&res);
	return rc;
}

int
post_list_newest(struct db *db, struct arena *a, unsigned long long limit,
    unsigned long long offset, struct post_list *out)
{
	struct db_arg args[] = {
		db_arg_int((long long)limit), db_arg_int((long long)offset),
		db_arg_int(POST_RENDERER),
	};

	return post_read_page(db, a, POST_PAGE_NEWEST, args, 3, out);
}

int
post_list_feed(struct db *db, struct arena *a, unsigned long long limit,
    struct post_list *out)
{
	struct db_arg args[] = {
		db_arg_int(POST_RENDERER), db_arg_int((long long)limit),
	};

	return post_read(db, a, POST_LIST_FEED, args, 2, out);
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
		db_arg_int((long long)offset), db_arg_int(POST_RENDERER),
	};

	return post_read_page(db, a, POST_PAGE_BY_TAG, args, 4, out);
}

int
post_list_feed_by_tag(struct db *db, struct arena *a, long long tag_id,
    unsigned long long limit, struct post_list *out)
{
	struct db_arg args[] = {
		db_arg_int(tag_id), db_arg_int((long long)limit), db_arg_int(0),
	};

	return post_page_of(db, a, POST_IDS_BY_TAG, args, 3,
	    POST_BY_IDS_WHOLE, out);
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

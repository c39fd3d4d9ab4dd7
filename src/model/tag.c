/*
 * tag: all SQL reading tags, in one array. The tags of a page of posts come
 * from one statement with a fixed list of TAG_POSTS_PER_QUERY placeholders,
 * the unused ones bound to 0 (no post has id 0), so that it is prepared once.
 */
#include "tag.h"

#include <string.h>

#include "../lib/arena.h"
#include "db.h"
#include "post.h"

enum tag_stmt {
	TAG_GET_BY_SLUG,
	TAG_LIST_WITH_COUNTS,
	TAGS_FOR_POSTS,
	TAG__MAX
};

static const char *const tag_sql[TAG__MAX] = {
	[TAG_GET_BY_SLUG] =
	    "SELECT id, name, slug FROM tags WHERE slug = ?",
	[TAG_LIST_WITH_COUNTS] =
	    "SELECT t.id, t.name, t.slug, COUNT(pt.post_id) FROM tags AS t "
	    "LEFT JOIN post_tags AS pt ON pt.tag_id = t.id "
	    "GROUP BY t.id, t.name, t.slug ORDER BY t.name, t.id",
	/* TAG_POSTS_PER_QUERY (100) placeholders, in rows of ten. */
	[TAGS_FOR_POSTS] =
	    "SELECT pt.post_id, t.id, t.name, t.slug FROM post_tags AS pt "
	    "JOIN tags AS t ON t.id = pt.tag_id WHERE pt.post_id IN ("
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	    "ORDER BY pt.post_id, t.name, t.id",
};

/* Maps the current row (id, name, slug from column first) to *t. */
static void
tag_fill(const struct db_result *res, unsigned first, struct arena *a,
    struct tag *t)
{
	memset(t, 0, sizeof(*t));
	t->id = db_col_int(res, first);
	t->name = db_col_text(res, first + 1, a, NULL);
	t->slug = db_col_text(res, first + 2, a, NULL);
}

int
tag_get_by_slug(struct db *db, struct arena *a, const char *slug,
    struct tag *out)
{
	struct db_arg args[] = { db_arg_text(slug) };
	struct db_result res;
	int rc;

	rc = db_query(db, a, tag_sql[TAG_GET_BY_SLUG], args, 1, &res);
	if (rc != DB_OK)
		return rc;
	rc = db_next(&res);
	if (rc == 1) {
		tag_fill(&res, 0, a, out);
		rc = DB_OK;
	} else if (rc == 0)
		rc = DB_NOT_FOUND;
	db_result_free(&res);
	return rc;
}

int
tag_list_with_counts(struct db *db, struct arena *a, struct tag **out,
    size_t *n)
{
	struct db_result res;
	int rc;

	*out = NULL;
	*n = 0;
	rc = db_query(db, a, tag_sql[TAG_LIST_WITH_COUNTS], NULL, 0, &res);
	if (rc != DB_OK)
		return rc;
	*out = arena_calloc(a, db_num_rows(&res) + 1, sizeof(**out));
	while ((rc = db_next(&res)) == 1) {
		tag_fill(&res, 0, a, &(*out)[*n]);
		(*out)[*n].count = db_col_int(&res, 3);
		(*n)++;
	}
	db_result_free(&res);
	return rc == 0 ? DB_OK : rc;
}

/* Returns the post of id among the n posts, or NULL. */
static struct post *
find_post(struct post *posts, size_t n, long long id)
{
	for (size_t i = 0; i < n; i++)
		if (posts[i].id == id)
			return &posts[i];
	return NULL;
}

/* tags_for_posts for at most TAG_POSTS_PER_QUERY posts. */
static int
tags_for_some_posts(struct db *db, struct arena *a, struct post *posts,
    size_t n)
{
	struct db_arg args[TAG_POSTS_PER_QUERY];
	struct db_result res;
	long long *row_post;
	struct tag *row_tag;
	size_t rows = 0;
	int rc;

	for (size_t i = 0; i < TAG_POSTS_PER_QUERY; i++)
		args[i] = db_arg_int(i < n ? posts[i].id : 0);
	rc = db_query(db, a, tag_sql[TAGS_FOR_POSTS], args,
	    TAG_POSTS_PER_QUERY, &res);
	if (rc != DB_OK)
		return rc;
	row_post = arena_calloc(a, db_num_rows(&res) + 1, sizeof(*row_post));
	row_tag = arena_calloc(a, db_num_rows(&res) + 1, sizeof(*row_tag));
	while ((rc = db_next(&res)) == 1) {
		row_post[rows] = db_col_int(&res, 0);
		tag_fill(&res, 1, a, &row_tag[rows]);
		rows++;
	}
	db_result_free(&res);
	if (rc != 0)
		return rc;

	/* Count each post's tags, then hand out slices of one array. */
	for (size_t i = 0; i < n; i++)
		posts[i].ntags = 0;
	for (size_t r = 0; r < rows; r++) {
		struct post *p = find_post(posts, n, row_post[r]);

		if (p != NULL)
			p->ntags++;
	}
	for (size_t i = 0; i < n; i++) {
		posts[i].tags = arena_calloc(a, posts[i].ntags + 1,
		    sizeof(*posts[i].tags));
		posts[i].ntags = 0;
	}
	for (size_t r = 0; r < rows; r++) {
		struct post *p = find_post(posts, n, row_post[r]);

		if (p != NULL)
			p->tags[p->ntags++] = row_tag[r];
	}
	return DB_OK;
}

int
tags_for_posts(struct db *db, struct arena *a, struct post *posts, size_t n)
{
	for (size_t done = 0; done < n; done += TAG_POSTS_PER_QUERY) {
		size_t some = n - done < TAG_POSTS_PER_QUERY ?
		    n - done : TAG_POSTS_PER_QUERY;
		int rc = tags_for_some_posts(db, a, posts + done, some);

		if (rc != DB_OK)
			return rc;
	}
	return DB_OK;
}

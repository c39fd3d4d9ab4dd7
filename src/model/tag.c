/*
 * tag: all SQL of tags, in one array. The tags of a page of posts come
 * from one statement with a fixed list of TAG_POSTS_PER_QUERY placeholders,
 * the unused ones bound to 0 (no post has id 0), so that it is prepared
 * once. A new tag is looked up, inserted if missing, and looked up again
 * when the unique index on its name says it came in meanwhile.
 */
#include "tag.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../lib/arena.h"
#include "db.h"
#include "post.h"
#include "slug_pick.h"
#include "tables.h"

/* Slugs a new tag tries before giving up: each after the highest in use. */
#define TAG_SLUG_ATTEMPTS 20

enum tag_stmt {
	TAG_GET_BY_SLUG,
	TAG_LIST_WITH_COUNTS,
	TAGS_FOR_POSTS,
	TAG_ID_BY_NAME,
	TAG_INSERT,
	TAG_SLUG_FREE,
	TAG__MAX
};

/* Readers see the tag t counted in c (index post_tags_tag_shown). */
#define TAG_SHOWN \
	"(c.post_count > 0 OR NOT EXISTS (SELECT 1 FROM post_tags AS pt " \
	"WHERE pt.tag_id = t.id))"

static const char *const tag_sql[TAG__MAX] = {
	/*
	 * The counts are kept by triggers (migrations 0005, 0007), of the
	 * posts readers see. A tag only posts readers do not see have is
	 * not shown to readers at all (its name would tell of a draft); one
	 * with no posts at all is, with 0.
	 */
	[TAG_GET_BY_SLUG] =
	    "SELECT t.id, t.name, t.slug, c.post_count FROM tags AS t "
	    "JOIN tag_counts AS c ON c.tag_id = t.id "
	    "WHERE t.slug = ? AND " TAG_SHOWN,
	[TAG_LIST_WITH_COUNTS] =
	    "SELECT t.id, t.name, t.slug, c.post_count FROM tags AS t "
	    "JOIN tag_counts AS c ON c.tag_id = t.id WHERE " TAG_SHOWN " "
	    "ORDER BY t.name, t.id",
	[TAGS_FOR_POSTS] =
	    "SELECT pt.post_id, t.id, t.name, t.slug FROM post_tags AS pt "
	    "JOIN tags AS t ON t.id = pt.tag_id WHERE pt.post_id IN ("
	    DB_IN_PLACEHOLDERS ") ORDER BY pt.post_id, t.name, t.id",
	[TAG_ID_BY_NAME] =
	    "SELECT id FROM tags WHERE name = ?",
	[TAG_INSERT] =
	    "INSERT INTO tags (name, slug) VALUES (?, ?)",
	[TAG_SLUG_FREE] = SLUG_PICK_FREE_SQL("tags"),
};

/* A tag's members, in the order its statements select them. */
const struct db_table tag_table = DB_TABLE("tag", tag_sql, TAG__MAX,
    struct tag, DB_INT(struct tag, id), DB_TEXT(struct tag, name),
    DB_TEXT(struct tag, slug), DB_INT(struct tag, count));

int
tag_get_by_slug(struct db *db, struct arena *a, const char *slug,
    struct tag *out)
{
	return db_get_by_text(db, a, &tag_table, TAG_GET_BY_SLUG, slug, out);
}

int
tag_list_with_counts(struct db *db, struct arena *a, struct tag **out,
    size_t *n)
{
	void *v;
	int rc;

	rc = db_list(db, a, &tag_table, TAG_LIST_WITH_COUNTS, NULL, 0, &v, n);
	*out = v;
	return rc;
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
	rc = db_query(db, a, &tag_table, TAGS_FOR_POSTS, args,
	    TAG_POSTS_PER_QUERY, &res);
	if (rc != DB_OK)
		return rc;
	row_post = arena_calloc(a, db_num_rows(&res) + 1, sizeof(*row_post));
	row_tag = arena_calloc(a, db_num_rows(&res) + 1, sizeof(*row_tag));
	while ((rc = db_next(&res)) == 1) {
		row_post[rows] = db_col_int(&res, 0);
		/* The tag's columns but its count, after the post's id. */
		db_fill(&res, 1, tag_table.cols, 3, a, &row_tag[rows]);
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
	for (size_t i = 0; i < n; i++)
		posts[i].tags_read = 1;
	return DB_OK;
}

int
tags_for_posts(struct db *db, struct arena *a, struct post *posts, size_t n)
{
	size_t unread = 0;

	for (size_t i = 0; i < n; i++)
		if (!posts[i].tags_read)
			unread++;
	if (unread == 0)
		return DB_OK;
	for (size_t done = 0; done < n; done += TAG_POSTS_PER_QUERY) {
		size_t some = n - done < TAG_POSTS_PER_QUERY ?
		    n - done : TAG_POSTS_PER_QUERY;
		int rc = tags_for_some_posts(db, a, posts + done, some);

		if (rc != DB_OK)
			return rc;
	}
	return DB_OK;
}

/* Writes the id of the tag called name into *id; DB_OK, DB_NOT_FOUND. */
static int
tag_id_by_name(struct db *db, struct arena *a, const char *name,
    long long *id)
{
	struct db_arg args[] = { db_arg_text(name) };

	return db_query_int(db, a, &tag_table, TAG_ID_BY_NAME, args, 1, id);
}

int
tag_find_or_create(struct db *db, struct arena *a, const char *name,
    long long *id)
{
	struct slug_pick pick;
	struct db_change made;
	unsigned long free_from;
	int rc;

	if ((rc = tag_id_by_name(db, a, name, id)) != DB_NOT_FOUND)
		return rc;
	if (slug_pick_start(&pick, name, strlen(name), "tag") != 0) {
		snprintf(db->error, sizeof(db->error), "no slug could be made "
		    "of the tag name \"%s\"", name);
		return DB_ERROR;
	}
	for (int attempt = 0; attempt < TAG_SLUG_ATTEMPTS; attempt++) {
		struct db_arg args[] = {
			db_arg_text(name), db_arg_text(pick.slug),
		};

		rc = db_exec(db, a, &tag_table, TAG_INSERT, args, 2, &made);
		if (rc == DB_OK) {
			*id = made.id;
			return DB_OK;
		}
		if (rc != DB_DUPLICATE)
			return rc;
		/*
		 * Either the name came in meanwhile (a post saved at the same
		 * time; READ COMMITTED shows it now) or the slug is taken.
		 */
		if ((rc = tag_id_by_name(db, a, name, id)) != DB_NOT_FOUND)
			return rc;
		if ((rc = slug_pick_free_from(db, a, &tag_table, TAG_SLUG_FREE,
		    &pick, &free_from)) != DB_OK)
			return rc;
		if (slug_pick_next(&pick, free_from) != 0)
			break;
	}
	snprintf(db->error, sizeof(db->error), "no free slug for the tag "
	    "\"%s\" after %d attempts", name, TAG_SLUG_ATTEMPTS);
	return DB_ERROR;
}

/*
 * post_write: all SQL writing posts and their tag links, in one array.
 * A post and its tags are written in one transaction, retried whole when
 * the server picks it to give way in a deadlock (two posts making the same
 * new tags in opposite orders).
 */
#include "post.h"

#include <stdio.h>
#include <string.h>

#include "../lib/arena.h"
#include "db.h"
#include "slug_pick.h"
#include "tag.h"
#include "tables.h"

/* Times a transaction is tried when the server answers DB_DEADLOCK. */
#define POST_TX_ATTEMPTS 3

/* Slugs a new post tries before giving up: each after the highest in use. */
#define POST_SLUG_ATTEMPTS 50

enum post_write_stmt {
	POST_INSERT,
	POST_SLUG_FREE,
	POST_LOCK_BY_SLUG,
	POST_UPDATE,
	POST_DELETE,
	POST_TAGS_CLEAR,
	POST_TAG_ADD,
	POST_WRITE__MAX
};

static const char *const post_write_sql[POST_WRITE__MAX] = {
	/* created_at and updated_at: their defaults, the same instant. */
	[POST_INSERT] =
	    "INSERT INTO posts (title, slug, body) VALUES (?, ?, ?)",
	[POST_SLUG_FREE] = SLUG_PICK_FREE_SQL("posts"),
	[POST_LOCK_BY_SLUG] =
	    "SELECT id FROM posts WHERE slug = ? FOR UPDATE",
	/* Set, not left to ON UPDATE: a change of tags alone counts too. */
	[POST_UPDATE] =
	    "UPDATE posts SET title = ?, body = ?, "
	    "updated_at = CURRENT_TIMESTAMP(6) WHERE id = ?",
	/* post_tags goes with it: ON DELETE CASCADE. */
	[POST_DELETE] =
	    "DELETE FROM posts WHERE slug = ?",
	[POST_TAGS_CLEAR] =
	    "DELETE FROM post_tags WHERE post_id = ?",
	/* post_created_at is the post's created_at, read in the same step. */
	[POST_TAG_ADD] =
	    "INSERT INTO post_tags (post_id, tag_id, post_created_at) "
	    "SELECT id, ?, created_at FROM posts WHERE id = ?",
};

const struct db_table post_write_table = {
	"post writes", post_write_sql, POST_WRITE__MAX, NULL, 0, 0
};

/*
 * Inserts the post of d under the first free slug; DB_OK with its id and
 * slug, or a failure.
 */
static int
post_insert(struct db *db, struct arena *a, const struct post_draft *d,
    post_slug_reserved_fn *reserved, long long *id, const char **slug)
{
	struct slug_pick pick;
	struct db_change made;
	unsigned long free_from;
	int rc;

	if (slug_pick_start(&pick, d->title, strlen(d->title), "post") != 0) {
		snprintf(db->error, sizeof(db->error), "no slug could be made "
		    "of the title \"%s\"", d->title);
		return DB_ERROR;
	}
	for (int attempt = 0; attempt < POST_SLUG_ATTEMPTS; attempt++) {
		if (reserved == NULL || !reserved(pick.slug)) {
			struct db_arg args[] = {
				db_arg_text(d->title), db_arg_text(pick.slug),
				db_arg_text_len(d->body, d->body_len),
			};

			rc = db_exec(db, a, &post_write_table, POST_INSERT, args,
			    3, &made);
			if (rc == DB_OK) {
				*id = made.id;
				*slug = arena_strdup(a, pick.slug);
				return DB_OK;
			}
			if (rc != DB_DUPLICATE)
				return rc;
		}
		if ((rc = slug_pick_free_from(db, a, &post_write_table,
		    POST_SLUG_FREE, &pick, &free_from)) != DB_OK)
			return rc;
		if (slug_pick_next(&pick, free_from) != 0)
			break;
	}
	snprintf(db->error, sizeof(db->error), "no free slug for the title "
	    "\"%s\" after %d attempts", d->title, POST_SLUG_ATTEMPTS);
	return DB_ERROR;
}

/* Returns whether id is one of the n ids at v. */
static int
post_id_listed(const long long *v, size_t n, long long id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == id)
			return 1;
	return 0;
}

/*
 * Links the post of id to the tags of d, making the missing ones. Names
 * the form holds apart may be one tag to the database (its collation also
 * ignores accents: "cafe" and "café"): each tag is linked once.
 */
static int
post_tags_add(struct db *db, struct arena *a, long long id,
    const struct post_draft *d)
{
	long long *linked = arena_calloc(a, d->ntags + 1, sizeof(*linked));
	struct db_arg args[2];
	size_t nlinked = 0;
	long long tag;
	int rc;

	for (size_t i = 0; i < d->ntags; i++) {
		if ((rc = tag_find_or_create(db, a, d->tags[i], &tag)) != DB_OK)
			return rc;
		if (post_id_listed(linked, nlinked, tag))
			continue;
		args[0] = db_arg_int(tag);
		args[1] = db_arg_int(id);
		if ((rc = db_exec(db, a, &post_write_table, POST_TAG_ADD, args,
		    2, NULL)) != DB_OK)
			return rc;
		linked[nlinked++] = tag;
	}
	return DB_OK;
}

/* Commits when rc is DB_OK, else rolls back; returns the outcome. */
static int
post_finish(struct db *db, int rc)
{
	if (rc == DB_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

static int
post_create_once(struct db *db, struct arena *a, const struct post_draft *d,
    post_slug_reserved_fn *reserved, const char **slug)
{
	long long id = 0;
	int rc;

	if ((rc = db_begin(db)) != DB_OK)
		return rc;
	rc = post_insert(db, a, d, reserved, &id, slug);
	if (rc == DB_OK)
		rc = post_tags_add(db, a, id, d);
	return post_finish(db, rc);
}

int
post_create(struct db *db, struct arena *a, const struct post_draft *d,
    post_slug_reserved_fn *reserved, const char **slug)
{
	int rc = DB_DEADLOCK;

	for (int i = 0; i < POST_TX_ATTEMPTS && rc == DB_DEADLOCK; i++)
		rc = post_create_once(db, a, d, reserved, slug);
	return rc;
}

static int
post_update_once(struct db *db, struct arena *a, const char *slug,
    const struct post_draft *d)
{
	struct db_arg by_slug[] = { db_arg_text(slug) };
	long long id = 0;
	int rc;

	if ((rc = db_begin(db)) != DB_OK)
		return rc;
	rc = db_query_int(db, a, &post_write_table, POST_LOCK_BY_SLUG, by_slug,
	    1, &id);
	if (rc == DB_OK) {
		struct db_arg args[] = {
			db_arg_text(d->title),
			db_arg_text_len(d->body, d->body_len), db_arg_int(id),
		};

		rc = db_exec(db, a, &post_write_table, POST_UPDATE, args, 3,
		    NULL);
	}
	if (rc == DB_OK) {
		struct db_arg args[] = { db_arg_int(id) };

		rc = db_exec(db, a, &post_write_table, POST_TAGS_CLEAR, args, 1,
		    NULL);
	}
	if (rc == DB_OK)
		rc = post_tags_add(db, a, id, d);
	return post_finish(db, rc);
}

int
post_update(struct db *db, struct arena *a, const char *slug,
    const struct post_draft *d)
{
	int rc = DB_DEADLOCK;

	for (int i = 0; i < POST_TX_ATTEMPTS && rc == DB_DEADLOCK; i++)
		rc = post_update_once(db, a, slug, d);
	return rc;
}

int
post_delete(struct db *db, struct arena *a, const char *slug)
{
	struct db_arg args[] = { db_arg_text(slug) };
	struct db_change gone;
	int rc;

	rc = db_exec(db, a, &post_write_table, POST_DELETE, args, 1, &gone);
	if (rc == DB_OK && gone.rows == 0)
		rc = DB_NOT_FOUND;
	return rc;
}

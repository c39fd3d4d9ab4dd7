/*
 * post_write: all SQL writing posts, their tag links and their renderings
 * (post_html), in one array.
 * A post and its tags are written in one transaction, retried whole when
 * the server picks it to give way in a deadlock (two posts making the same
 * new tags in opposite orders).
 */
#include "post.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../lib/arena.h"
#include "../lib/taglist.h"
#include "db.h"
#include "media.h"
#include "slug_pick.h"
#include "tag.h"
#include "tables.h"
#include "visibility.h"

/* POST_TAGS_LINK's ids: TAGLIST_MAX of them. */
#define TAG_IDS_TEN "?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
#define TAG_IDS_PLACEHOLDERS TAG_IDS_TEN ", " TAG_IDS_TEN
_Static_assert(TAGLIST_MAX == 20, "POST_TAGS_LINK has 20 tag ids");

/* Times a transaction is tried when the server answers DB_DEADLOCK. */
#define POST_TX_ATTEMPTS 3

/* Slugs a post tries before giving up: each after the highest in use. */
#define POST_SLUG_ATTEMPTS 50

enum post_write_stmt {
	POST_INSERT,
	POST_SLUG_FREE,
	POST_LOCK_BY_SLUG,
	POST_SET_SLUG,
	POST_UPDATE,
	POST_SETTLE,
	POST_NEXT_DUE,
	POST_TRASH_SLUG,
	POST_RESTORE_SLUG,
	POST_TAGS_CLEAR,
	POST_TAG_ADD,
	POST_IMPORT_INSERT,
	POST_IMPORT_REPLACE,
	POST_TAGS_LINK,
	POST_HTML_PUT,
	POST_WRITE__MAX
};

/*
 * The form's publish time: '' when not given, else a DATETIME's text
 * (post_time_arg); and the state, 'draft' or 'published'.
 */
#define GIVEN_TIME "CAST(NULLIF(?, '') AS DATETIME(6))"

static const char *const post_write_sql[POST_WRITE__MAX] = {
	/*
	 * created_at and updated_at: their defaults, the same instant.
	 * Hidden until POST_SETTLE, once its tags are linked. Parameters:
	 * title, slug, body, featured image, state, time, state, state,
	 * author (0: none).
	 */
	[POST_INSERT] =
	    "INSERT INTO posts (title, slug, body, featured_image, state, "
	    "publish_at, first_published_at, author_id, visible) "
	    "VALUES (?, ?, ?, NULLIF(?, ''), ?, COALESCE(" GIVEN_TIME ", "
	    "IF(? = 'published', NOW(6), NULL)), "
	    "IF(? = 'published', NOW(6), NULL), NULLIF(?, 0), 0)",
	[POST_SLUG_FREE] = SLUG_PICK_FREE_SQL("posts"),
	/* id, revision, whether it was ever published */
	[POST_LOCK_BY_SLUG] =
	    "SELECT id, revision, first_published_at IS NOT NULL "
	    "FROM posts WHERE slug = ? FOR UPDATE",
	[POST_SET_SLUG] =
	    "UPDATE posts SET slug = ?, updated_at = updated_at WHERE id = ?",
	/*
	 * Set, not left to ON UPDATE: a change of tags alone counts too.
	 * The time: the form's; else, published, the post's own while
	 * readers see it and now if they do not yet; else (a draft) none.
	 * Parameters: title, body, featured image, state, time, state,
	 * state, id. The rule last: MariaDB assigns left to right.
	 */
	[POST_UPDATE] =
	    "UPDATE posts SET title = ?, body = ?, "
	    "featured_image = NULLIF(?, ''), state = ?, "
	    "publish_at = COALESCE(" GIVEN_TIME ", "
	    "IF(? = 'published', IF(visible, publish_at, NOW(6)), NULL)), "
	    "first_published_at = IF(? = 'published', "
	    "COALESCE(first_published_at, NOW(6)), first_published_at), "
	    "revision = revision + 1, updated_at = CURRENT_TIMESTAMP(6), "
	    POST_VISIBLE_SET " WHERE id = ?",
	/* The rule applied to a post just written; its times kept. */
	[POST_SETTLE] =
	    "UPDATE posts SET updated_at = updated_at, " POST_VISIBLE_SET
	    " WHERE id = ?",
	[POST_NEXT_DUE] = POST_NEXT_DUE_SET,
	[POST_TRASH_SLUG] =
	    "UPDATE posts SET trashed_at = NOW(6), updated_at = updated_at, "
	    POST_VISIBLE_SET " WHERE slug = ? AND trashed_at IS NULL",
	[POST_RESTORE_SLUG] =
	    "UPDATE posts SET trashed_at = NULL, updated_at = updated_at, "
	    POST_VISIBLE_SET " WHERE slug = ? AND trashed_at IS NOT NULL",
	[POST_TAGS_CLEAR] =
	    "DELETE FROM post_tags WHERE post_id = ?",
	/* Its copy of the post's visibility and time: a trigger's (0007). */
	[POST_TAG_ADD] =
	    "INSERT INTO post_tags (tag_id, post_id) VALUES (?, ?)",
	/*
	 * ./blogctl import: a post with its own slug and times, visible by
	 * the rule at once (its tags, linked after, copy it). Parameters:
	 * title, slug, body, featured image, state, publish time ('' for
	 * none), first published (the same, or ''), author (0: none),
	 * created, updated.
	 */
	/* An expression of a VALUES list reads the columns set before it in
	 * the list: the rule sees this row's state, trashed_at and
	 * publish_at (a derived table cost a third of the server's time). */
	[POST_IMPORT_INSERT] =
	    "INSERT INTO posts (title, slug, body, featured_image, state, "
	    "publish_at, first_published_at, author_id, created_at, "
	    "updated_at, trashed_at, visible) "
	    "VALUES (?, ?, ?, NULLIF(?, ''), ?, " GIVEN_TIME ", " GIVEN_TIME ", "
	    "NULLIF(?, 0), CAST(? AS DATETIME(6)), CAST(? AS DATETIME(6)), "
	    "NULL, " POST_VISIBLE_SQL ")",
	/* The same for the post of id, its author kept unless given. */
	[POST_IMPORT_REPLACE] =
	    "UPDATE posts SET title = ?, body = ?, "
	    "featured_image = NULLIF(?, ''), state = ?, "
	    "publish_at = " GIVEN_TIME ", first_published_at = " GIVEN_TIME
	    ", author_id = COALESCE(NULLIF(?, 0), author_id), "
	    "created_at = CAST(? AS DATETIME(6)), "
	    "updated_at = CAST(? AS DATETIME(6)), revision = revision + 1, "
	    "visible = 0 WHERE id = ?",
	/*
	 * Links a post (the first parameter) to up to TAGLIST_MAX tags by
	 * id, in one statement; the unused ids are 0, which no tag has, and
	 * an id given twice is linked once.
	 */
	[POST_TAGS_LINK] =
	    "INSERT INTO post_tags (tag_id, post_id) SELECT id, ? FROM tags "
	    "WHERE id IN (" TAG_IDS_PLACEHOLDERS ")",
	/*
	 * A rendering of a post (post_html_put): its id, the renderer, the
	 * updated_at and CRC32 of the body it was made from, then html,
	 * excerpt and description. It waits a second at most for a lock (a
	 * writer saving the post): a reader has a page to answer. A post
	 * deleted meanwhile: the foreign key refuses it.
	 */
	[POST_HTML_PUT] =
	    "SET STATEMENT innodb_lock_wait_timeout = 1 FOR "
	    "INSERT INTO post_html (post_id, renderer, source_updated_at, "
	    "source_crc, html, excerpt, description) "
	    "VALUES (?, ?, CAST(? AS DATETIME(6)), ?, ?, ?, ?) "
	    "ON DUPLICATE KEY UPDATE renderer = VALUES(renderer), "
	    "source_updated_at = VALUES(source_updated_at), "
	    "source_crc = VALUES(source_crc), html = VALUES(html), "
	    "excerpt = VALUES(excerpt), description = VALUES(description)",
};

const struct db_table post_write_table = {
	"post writes", post_write_sql, POST_WRITE__MAX, NULL, 0, 0
};

/* Returns d's state as the posts.state column spells it. */
static const char *
post_state_arg(const struct post_draft *d)
{
	return d->publish ? "published" : "draft";
}

/* Returns t as DATETIME text, or "" when year 0 (not given). */
static const char *
post_date_arg(struct arena *a, const struct date *t)
{
	if (t->year == 0)
		return "";
	return arena_printf(a, "%04d-%02d-%02d %02d:%02d:%02d.%06ld", t->year,
	    t->month, t->day, t->hour, t->minute, t->second, t->usec);
}

/* Returns d's publish time as DATETIME text, or "" when not given. */
static const char *
post_time_arg(struct arena *a, const struct post_draft *d)
{
	return post_date_arg(a, &d->publish_at);
}

/* Tries to give the post a candidate slug: an INSERT or an UPDATE. */
typedef int post_slug_try_fn(struct db *db, struct arena *a, const char *slug,
    const void *arg, long long *id);

/*
 * Gives a post the first free slug made from title (try runs the
 * statement that takes it: the unique index decides). DB_OK with the slug
 * in *slug (and try's id), or a failure.
 */
static int
post_slug_claim(struct db *db, struct arena *a, const char *title,
    post_slug_reserved_fn *reserved, post_slug_try_fn *try, const void *arg,
    long long *id, const char **slug)
{
	struct slug_pick pick;
	unsigned long free_from;
	int rc;

	if (slug_pick_start(&pick, title, strlen(title), "post") != 0) {
		snprintf(db->error, sizeof(db->error), "no slug could be made "
		    "of the title \"%s\"", title);
		return DB_ERROR;
	}
	for (int attempt = 0; attempt < POST_SLUG_ATTEMPTS; attempt++) {
		if (reserved == NULL || !reserved(pick.slug)) {
			rc = try(db, a, pick.slug, arg, id);
			if (rc == DB_OK) {
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
	    "\"%s\" after %d attempts", title, POST_SLUG_ATTEMPTS);
	return DB_ERROR;
}

/* post_slug_try_fn of a new post: inserts the draft at arg. */
static int
post_insert_try(struct db *db, struct arena *a, const char *slug,
    const void *arg, long long *id)
{
	const struct post_draft *d = arg;
	const char *state = post_state_arg(d);
	struct db_arg args[] = {
		db_arg_text(d->title), db_arg_text(slug),
		db_arg_text_len(d->body, d->body_len),
		db_arg_text(d->featured_image), db_arg_text(state),
		db_arg_text(post_time_arg(a, d)), db_arg_text(state),
		db_arg_text(state), db_arg_int(d->author_id),
	};
	struct db_change made;
	int rc;

	rc = db_exec(db, a, &post_write_table, POST_INSERT, args,
	    sizeof(args) / sizeof(args[0]), &made);
	if (rc == DB_OK)
		*id = made.id;
	return rc;
}

/* post_slug_try_fn of a draft retitled: moves the post of *id to slug. */
static int
post_rename_try(struct db *db, struct arena *a, const char *slug,
    const void *arg, long long *id)
{
	struct db_arg args[] = { db_arg_text(slug), db_arg_int(*id) };

	(void)arg;
	return db_exec(db, a, &post_write_table, POST_SET_SLUG, args, 2, NULL);
}

/*
 * Applies the rule of visibility to the post of id, just written, and
 * records when the next scheduled post comes due.
 */
static int
post_settle(struct db *db, struct arena *a, long long id)
{
	struct db_arg args[] = { db_arg_int(id) };
	int rc;

	if (id != 0 && (rc = db_exec(db, a, &post_write_table, POST_SETTLE,
	    args, 1, NULL)) != DB_OK)
		return rc;
	return db_exec(db, a, &post_write_table, POST_NEXT_DUE, NULL, 0, NULL);
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
	rc = post_slug_claim(db, a, d->title, reserved, post_insert_try, d,
	    &id, slug);
	if (rc == DB_OK)
		rc = post_tags_add(db, a, id, d);
	if (rc == DB_OK)
		rc = media_link_post(db, a, id, d->images);
	if (rc == DB_OK)
		rc = post_settle(db, a, id);
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

/*
 * Moves a post never published to a slug of its new title, unless its
 * slug is one already (*slug stays).
 */
static int
post_follow_title(struct db *db, struct arena *a, long long id,
    const char *title, post_slug_reserved_fn *reserved, const char **slug)
{
	struct slug_pick pick;

	if (slug_pick_start(&pick, title, strlen(title), "post") == 0 &&
	    slug_pick_holds(&pick, *slug))
		return DB_OK;
	return post_slug_claim(db, a, title, reserved, post_rename_try, NULL,
	    &id, slug);
}

static int
post_update_once(struct db *db, struct arena *a, const char *slug,
    const struct post_draft *d, post_slug_reserved_fn *reserved,
    const char **new_slug)
{
	struct db_arg by_slug[] = { db_arg_text(slug) };
	const char *state = post_state_arg(d), *time = post_time_arg(a, d);
	struct db_result row;
	long long id, revision, ever_published;
	int rc;

	*new_slug = slug;
	if ((rc = db_begin(db)) != DB_OK)
		return rc;
	rc = db_query_row(db, a, &post_write_table, POST_LOCK_BY_SLUG, by_slug,
	    1, &row);
	if (rc != DB_OK) {
		db_rollback(db);
		return rc;
	}
	id = db_col_int(&row, 0);
	revision = db_col_int(&row, 1);
	ever_published = db_col_int(&row, 2);
	db_result_free(&row);
	if (d->revision != 0 && d->revision != revision) {
		db_rollback(db);
		return DB_CONFLICT;
	}
	if (!ever_published)
		rc = post_follow_title(db, a, id, d->title, reserved, new_slug);
	if (rc == DB_OK) {
		struct db_arg args[] = {
			db_arg_text(d->title),
			db_arg_text_len(d->body, d->body_len),
			db_arg_text(d->featured_image), db_arg_text(state),
			db_arg_text(time), db_arg_text(state), db_arg_text(state),
			db_arg_int(id),
		};

		rc = db_exec(db, a, &post_write_table, POST_UPDATE, args,
		    sizeof(args) / sizeof(args[0]), NULL);
	}
	if (rc == DB_OK) {
		struct db_arg args[] = { db_arg_int(id) };

		rc = db_exec(db, a, &post_write_table, POST_TAGS_CLEAR, args, 1,
		    NULL);
	}
	if (rc == DB_OK)
		rc = post_tags_add(db, a, id, d);
	if (rc == DB_OK)
		rc = media_link_post(db, a, id, d->images);
	if (rc == DB_OK)
		rc = post_settle(db, a, 0);
	return post_finish(db, rc);
}

int
post_update(struct db *db, struct arena *a, const char *slug,
    const struct post_draft *d, post_slug_reserved_fn *reserved,
    const char **new_slug)
{
	int rc = DB_DEADLOCK;

	for (int i = 0; i < POST_TX_ATTEMPTS && rc == DB_DEADLOCK; i++)
		rc = post_update_once(db, a, slug, d, reserved, new_slug);
	return rc;
}

/* Runs a trash statement on the post of slug, then post_settle. */
static int
post_trash_move(struct db *db, struct arena *a, enum post_write_stmt which,
    const char *slug)
{
	struct db_arg args[] = { db_arg_text(slug) };
	struct db_change moved;
	int rc;

	if ((rc = db_begin(db)) != DB_OK)
		return rc;
	rc = db_exec(db, a, &post_write_table, which, args, 1, &moved);
	if (rc == DB_OK && moved.rows == 0)
		rc = DB_NOT_FOUND;
	if (rc == DB_OK)
		rc = post_settle(db, a, 0);
	return post_finish(db, rc);
}

int
post_trash(struct db *db, struct arena *a, const char *slug)
{
	return post_trash_move(db, a, POST_TRASH_SLUG, slug);
}

int
post_restore(struct db *db, struct arena *a, const char *slug)
{
	return post_trash_move(db, a, POST_RESTORE_SLUG, slug);
}

/*
 * Writes the post of p: a new row, or (id not 0) the row of id replaced.
 * Sets *id to the row's.
 */
static int
post_import_row(struct db *db, struct arena *a, const struct post_import *p,
    long long *id)
{
	const struct post_draft *d = &p->draft;
	const char *time = post_time_arg(a, d);
	const char *first = d->publish ? time : "";
	struct db_arg args[] = {
		db_arg_text(d->title), db_arg_text(p->slug),
		db_arg_text_len(d->body, d->body_len),
		db_arg_text(d->featured_image), db_arg_text(post_state_arg(d)),
		db_arg_text(time), db_arg_text(first),
		db_arg_int(d->author_id),
		db_arg_text(post_date_arg(a, &p->created)),
		db_arg_text(post_date_arg(a, &p->updated)), db_arg_int(*id),
	};
	struct db_change made;
	int rc;

	if (*id != 0) {
		/* The replace has no slug: every argument but the second. */
		memmove(args + 1, args + 2, sizeof(args) - 2 * sizeof(args[0]));
		return db_exec(db, a, &post_write_table, POST_IMPORT_REPLACE,
		    args, sizeof(args) / sizeof(args[0]) - 1, NULL);
	}
	rc = db_exec(db, a, &post_write_table, POST_IMPORT_INSERT, args,
	    sizeof(args) / sizeof(args[0]) - 1, &made);
	if (rc == DB_OK)
		*id = made.id;
	return rc;
}

/*
 * Links the post of id to the tags of d in one statement, their ids in
 * ids (0: not known yet, found or made now and written there).
 */
static int
post_tags_link(struct db *db, struct arena *a, long long id,
    const struct post_draft *d, long long *ids)
{
	struct db_arg args[1 + TAGLIST_MAX];
	int rc;

	if (d->ntags > TAGLIST_MAX) {
		snprintf(db->error, sizeof(db->error), "more than %d tags",
		    TAGLIST_MAX);
		return DB_ERROR;
	}
	if (d->ntags == 0)
		return DB_OK;
	args[0] = db_arg_int(id);
	for (size_t i = 0; i < TAGLIST_MAX; i++) {
		if (i < d->ntags && ids[i] == 0 &&
		    (rc = tag_find_or_create(db, a, d->tags[i], &ids[i])) !=
		    DB_OK)
			return rc;
		args[1 + i] = db_arg_int(i < d->ntags ? ids[i] : 0);
	}
	return db_exec(db, a, &post_write_table, POST_TAGS_LINK, args,
	    1 + TAGLIST_MAX, NULL);
}

/*
 * Returns whether p may be scheduled: published, its time later than a
 * minute ago (the database's clock decides; this only spares the
 * statement that records the next one due for the others).
 */
static int
post_import_maybe_scheduled(const struct post_import *p)
{
	struct timespec now;

	if (!p->draft.publish)
		return 0;
	clock_gettime(CLOCK_REALTIME, &now);
	return date_to_unix(&p->draft.publish_at) > (long long)now.tv_sec - 60;
}

static int
post_import_once(struct db *db, struct arena *a, const struct post_import *p,
    int replace, int *replaced, long long *ids)
{
	struct db_arg by_slug[] = { db_arg_text(p->slug) };
	struct db_result row;
	long long id = 0;
	int rc = DB_OK;

	*replaced = 0;
	if ((rc = db_begin(db)) != DB_OK)
		return rc;
	/* Without replace, the unique index alone says the slug is taken. */
	if (replace) {
		rc = db_query_row(db, a, &post_write_table, POST_LOCK_BY_SLUG,
		    by_slug, 1, &row);
		if (rc == DB_OK) {
			id = db_col_int(&row, 0);
			db_result_free(&row);
			*replaced = 1;
		} else if (rc == DB_NOT_FOUND)
			rc = DB_OK;
	}
	if (rc == DB_OK)
		rc = post_import_row(db, a, p, &id);
	if (rc == DB_OK && *replaced) {
		struct db_arg args[] = { db_arg_int(id) };

		rc = db_exec(db, a, &post_write_table, POST_TAGS_CLEAR, args, 1,
		    NULL);
	}
	if (rc == DB_OK)
		rc = post_tags_link(db, a, id, &p->draft, ids);
	if (rc == DB_OK && (*replaced || (p->draft.images != NULL &&
	    p->draft.images->n > 0)))
		rc = media_link_post(db, a, id, p->draft.images);
	/* A new post was made visible by the rule already. */
	if (rc == DB_OK && *replaced) {
		struct db_arg args[] = { db_arg_int(id) };

		rc = db_exec(db, a, &post_write_table, POST_SETTLE, args, 1,
		    NULL);
	}
	if (rc == DB_OK && (*replaced || post_import_maybe_scheduled(p)))
		rc = db_exec(db, a, &post_write_table, POST_NEXT_DUE, NULL, 0,
		    NULL);
	return post_finish(db, rc);
}

int
post_import(struct db *db, struct arena *a, const struct post_import *p,
    int replace, int *replaced)
{
	long long ids[TAGLIST_MAX];
	int rc = DB_DEADLOCK;

	for (int i = 0; i < POST_TX_ATTEMPTS && rc == DB_DEADLOCK; i++) {
		/* Ids made by a transaction undone are not ids. */
		for (size_t k = 0; k < TAGLIST_MAX; k++)
			ids[k] = p->tag_ids != NULL && k < p->draft.ntags ?
			    p->tag_ids[k] : 0;
		rc = post_import_once(db, a, p, replace, replaced, ids);
	}
	if (rc == DB_OK && p->tag_ids != NULL)
		for (size_t k = 0; k < p->draft.ntags && k < TAGLIST_MAX; k++)
			p->tag_ids[k] = ids[k];
	return rc;
}

int
post_html_put(struct db *db, struct arena *a, const struct post *p,
    const struct post_rendering *r)
{
	struct db_arg args[] = {
		db_arg_int(p->id), db_arg_int(r->renderer),
		db_arg_text(post_date_arg(a, &p->updated)),
		db_arg_int(p->body_crc), db_arg_text(r->html),
		db_arg_text(r->excerpt), db_arg_text(r->description),
	};

	return db_exec(db, a, &post_write_table, POST_HTML_PUT, args,
	    sizeof(args) / sizeof(args[0]), NULL);
}

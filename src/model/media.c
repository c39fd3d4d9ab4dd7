/*
 * media: all SQL of the media and post_media tables, in one array, and the
 * scan of a post's text for the images it shows.
 */
#include "media.h"

#include <stddef.h>

#include "../lib/arena.h"
#include "db.h"
#include "tables.h"

enum media_stmt {
	MEDIA_INSERT,
	MEDIA_GET,
	MEDIA_GET_BY_HASH,
	MEDIA_COUNT,
	MEDIA_LIST_NEWEST,
	MEDIA_LOCK,
	MEDIA_USERS,
	MEDIA_DELETE,
	MEDIA_UNLINK_POST,
	MEDIA_LINK_POST,
	MEDIA_HASHES,
	MEDIA_STMT__MAX
};

#define MEDIA_COLUMNS \
	"id, hash, name, type, width, height, bytes, created_at"

static const char *const media_sql[MEDIA_STMT__MAX] = {
	/* The same bytes uploaded again (or by two authors at once) keep
	 * the first row; LAST_INSERT_ID(id) hands back its id either way. */
	[MEDIA_INSERT] =
	    "INSERT INTO media (hash, name, type, width, height, bytes, "
	    "uploaded_by) VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, 0)) "
	    "ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)",
	[MEDIA_GET] =
	    "SELECT " MEDIA_COLUMNS " FROM media WHERE id = ?",
	[MEDIA_GET_BY_HASH] =
	    "SELECT " MEDIA_COLUMNS " FROM media WHERE hash = ?",
	[MEDIA_COUNT] =
	    "SELECT COUNT(*) FROM media",
	[MEDIA_LIST_NEWEST] =
	    "SELECT " MEDIA_COLUMNS " FROM media "
	    "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
	[MEDIA_LOCK] =
	    "SELECT " MEDIA_COLUMNS " FROM media WHERE id = ? FOR UPDATE",
	[MEDIA_USERS] =
	    "SELECT p.slug, p.title FROM post_media AS pm "
	    "JOIN posts AS p ON p.id = pm.post_id WHERE pm.media_id = ? "
	    "ORDER BY p.title, p.id LIMIT 20",	/* MEDIA_USERS_MAX */
	[MEDIA_DELETE] =
	    "DELETE FROM media WHERE id = ?",
	[MEDIA_UNLINK_POST] =
	    "DELETE FROM post_media WHERE post_id = ?",
	[MEDIA_LINK_POST] = (
	    "INSERT IGNORE INTO post_media (post_id, media_id) "
	    "SELECT ?, id FROM media WHERE hash = ?"),	/* (): for clang */
	[MEDIA_HASHES] =
	    "SELECT hash FROM media",
};

/* An image's members, in the order MEDIA_COLUMNS selects them. */
const struct db_table media_table = DB_TABLE("media", media_sql, MEDIA_STMT__MAX,
    struct media, DB_INT(struct media, id), DB_TEXT(struct media, hash),
    DB_TEXT(struct media, name), DB_TEXT(struct media, type),
    DB_INT(struct media, width), DB_INT(struct media, height),
    DB_INT(struct media, bytes), DB_DATE(struct media, created));

/* media_add's transaction, begun. */
static int
media_add_in(struct db *db, struct arena *a, struct media *v, size_t n,
    long long user_id)
{
	struct db_change added;
	int rc;

	for (size_t i = 0; i < n; i++) {
		struct db_arg args[] = {
			db_arg_text(v[i].hash), db_arg_text(v[i].name),
			db_arg_text(v[i].type), db_arg_int(v[i].width),
			db_arg_int(v[i].height), db_arg_int(v[i].bytes),
			db_arg_int(user_id),
		};

		if ((rc = db_exec(db, a, &media_table, MEDIA_INSERT, args,
		    sizeof(args) / sizeof(args[0]), &added)) != DB_OK)
			return rc;
		v[i].id = added.id;
	}
	return DB_OK;
}

int
media_add(struct db *db, struct arena *a, struct media *v, size_t n,
    long long user_id)
{
	int rc;

	if ((rc = db_begin(db)) != DB_OK)
		return rc;
	if ((rc = media_add_in(db, a, v, n, user_id)) != DB_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
}

int
media_get(struct db *db, struct arena *a, long long id, struct media *out)
{
	struct db_arg args[] = { db_arg_int(id) };

	return db_get(db, a, &media_table, MEDIA_GET, args, 1, out);
}

int
media_get_by_hash(struct db *db, struct arena *a, const char *hash,
    struct media *out)
{
	return db_get_by_text(db, a, &media_table, MEDIA_GET_BY_HASH, hash,
	    out);
}

int
media_count(struct db *db, struct arena *a, unsigned long long *n)
{
	long long count;
	int rc;

	rc = db_query_int(db, a, &media_table, MEDIA_COUNT, NULL, 0, &count);
	if (rc == DB_OK)
		*n = (unsigned long long)count;
	return rc;
}

int
media_list_newest(struct db *db, struct arena *a, unsigned long long limit,
    unsigned long long offset, struct media **out, size_t *n)
{
	struct db_arg args[] = {
		db_arg_int((long long)limit), db_arg_int((long long)offset),
	};
	void *v;
	int rc;

	rc = db_list(db, a, &media_table, MEDIA_LIST_NEWEST, args, 2, &v, n);
	*out = v;
	return rc;
}

/* Fills *users (*n) with the posts that show image id, by title. */
static int
media_users(struct db *db, struct arena *a, long long id,
    struct media_user **users, size_t *n)
{
	struct db_arg args[] = { db_arg_int(id) };
	struct db_result res;
	int rc, more;

	if ((rc = db_query(db, a, &media_table, MEDIA_USERS, args, 1, &res)) !=
	    DB_OK)
		return rc;
	*users = arena_alloc(a, (db_num_rows(&res) + 1) * sizeof(**users));
	*n = 0;
	while ((more = db_next(&res)) == 1) {
		(*users)[*n].slug = db_col_text(&res, 0, a, NULL);
		(*users)[*n].title = db_col_text(&res, 1, a, NULL);
		(*n)++;
	}
	db_result_free(&res);
	return more < 0 ? more : DB_OK;
}

/* media_delete's transaction, begun. */
static int
media_delete_in(struct db *db, struct arena *a, long long id,
    struct media *gone, struct media_user **users, size_t *nusers)
{
	struct db_arg args[] = { db_arg_int(id) };
	int rc;

	/* The row locked first: a post saved meanwhile that shows the
	 * image waits for this transaction, and then finds no image. */
	if ((rc = db_get(db, a, &media_table, MEDIA_LOCK, args, 1, gone)) !=
	    DB_OK)
		return rc;
	if ((rc = media_users(db, a, id, users, nusers)) != DB_OK)
		return rc;
	if (*nusers > 0)
		return DB_CONFLICT;
	return db_exec(db, a, &media_table, MEDIA_DELETE, args, 1, NULL);
}

int
media_delete(struct db *db, struct arena *a, long long id, struct media *gone,
    struct media_user **users, size_t *nusers)
{
	int rc;

	*users = NULL;
	*nusers = 0;
	if ((rc = db_begin(db)) != DB_OK)
		return rc;
	rc = media_delete_in(db, a, id, gone, users, nusers);
	if (rc != DB_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
}

int
media_link_post(struct db *db, struct arena *a, long long post_id,
    const struct media_refs *refs)
{
	struct db_arg of_post[] = { db_arg_int(post_id) }, link[2];
	int rc;

	if ((rc = db_exec(db, a, &media_table, MEDIA_UNLINK_POST, of_post, 1,
	    NULL)) != DB_OK)
		return rc;
	link[0] = db_arg_int(post_id);
	for (size_t i = 0; i < refs->n; i++) {
		link[1] = db_arg_text(refs->hash[i]);
		if ((rc = db_exec(db, a, &media_table, MEDIA_LINK_POST, link, 2,
		    NULL)) != DB_OK)
			return rc;
	}
	return DB_OK;
}

int
media_hashes(struct db *db, struct arena *a,
    int (*each)(const char *hash, void *ctx), void *ctx)
{
	struct db_result res;
	int rc, more;

	if ((rc = db_query(db, a, &media_table, MEDIA_HASHES, NULL, 0, &res)) !=
	    DB_OK)
		return rc;
	while ((more = db_next(&res)) == 1)
		if (each(db_col_text(&res, 0, a, NULL), ctx) != 0)
			break;
	db_result_free(&res);
	return more < 0 ? more : DB_OK;
}

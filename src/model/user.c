/* user: all SQL of users, in one array. */
#include "user.h"

#include <stddef.h>

#include "db.h"
#include "tables.h"

enum user_stmt {
	USER_GET_BY_NAME,
	USER_INSERT,
	USER_LOCK_BY_NAME,
	USER_SET_PASSWORD,
	USER_END_SESSIONS,
	USER_UNSET_AUTHOR,
	USER_DELETE,
	USER__MAX
};

static const char *const user_sql[USER__MAX] = {
	[USER_GET_BY_NAME] =
	    "SELECT id, username, password_hash FROM users WHERE username = ?",
	[USER_INSERT] =
	    "INSERT INTO users (username, password_hash) VALUES (?, ?)",
	[USER_LOCK_BY_NAME] =
	    "SELECT id FROM users WHERE username = ? FOR UPDATE",
	[USER_SET_PASSWORD] =
	    "UPDATE users SET password_hash = ? WHERE id = ?",
	[USER_END_SESSIONS] =
	    "DELETE FROM sessions WHERE user_id = ?",
	/* ON DELETE SET NULL would do this too, but foreign-key actions fire
	 * no triggers: the site's version would stay, and cached pages would
	 * keep the byline. updated_at stays: the post itself did not change. */
	[USER_UNSET_AUTHOR] = (
	    "UPDATE posts SET author_id = NULL, updated_at = updated_at "
	    "WHERE author_id = ?"),	/* (): one string, for clang */
	/* sessions go with it: ON DELETE CASCADE. */
	[USER_DELETE] =
	    "DELETE FROM users WHERE id = ?",
};

/* A user's members, in the order USER_GET_BY_NAME selects them. */
const struct db_table user_table = DB_TABLE("user", user_sql, USER__MAX,
    struct user, DB_INT(struct user, id), DB_TEXT(struct user, username),
    DB_TEXT(struct user, password_hash));

int
user_get_by_name(struct db *db, struct arena *a, const char *name,
    struct user *out)
{
	return db_get_by_text(db, a, &user_table, USER_GET_BY_NAME, name, out);
}

int
user_insert(struct db *db, struct arena *a, const char *name,
    const char *password_hash)
{
	struct db_arg args[] = {
		db_arg_text(name), db_arg_text(password_hash),
	};

	return db_exec(db, a, &user_table, USER_INSERT, args, 2, NULL);
}

/* user_set_password's transaction, begun. */
static int
user_set_password_in(struct db *db, struct arena *a, const char *name,
    const char *password_hash)
{
	struct db_arg by_name[] = { db_arg_text(name) }, set[2], of_user[1];
	long long id;
	int rc;

	if ((rc = db_query_int(db, a, &user_table, USER_LOCK_BY_NAME, by_name,
	    1, &id)) != DB_OK)
		return rc;
	set[0] = db_arg_text(password_hash);
	set[1] = db_arg_int(id);
	of_user[0] = db_arg_int(id);
	if ((rc = db_exec(db, a, &user_table, USER_SET_PASSWORD, set, 2,
	    NULL)) != DB_OK)
		return rc;
	return db_exec(db, a, &user_table, USER_END_SESSIONS, of_user, 1, NULL);
}

int
user_set_password(struct db *db, struct arena *a, const char *name,
    const char *password_hash)
{
	int rc;

	if ((rc = db_begin(db)) != DB_OK)
		return rc;
	if ((rc = user_set_password_in(db, a, name, password_hash)) != DB_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
}

/* user_delete's transaction, begun. */
static int
user_delete_in(struct db *db, struct arena *a, const char *name,
    unsigned long long *posts_kept)
{
	struct db_arg by_name[] = { db_arg_text(name) }, of_user[1];
	struct db_change unset;
	long long id;
	int rc;

	if ((rc = db_query_int(db, a, &user_table, USER_LOCK_BY_NAME, by_name,
	    1, &id)) != DB_OK)
		return rc;
	of_user[0] = db_arg_int(id);
	if ((rc = db_exec(db, a, &user_table, USER_UNSET_AUTHOR, of_user, 1,
	    &unset)) != DB_OK)
		return rc;
	*posts_kept = unset.rows;
	return db_exec(db, a, &user_table, USER_DELETE, of_user, 1, NULL);
}

int
user_delete(struct db *db, struct arena *a, const char *name,
    unsigned long long *posts_kept)
{
	int rc;

	*posts_kept = 0;
	if ((rc = db_begin(db)) != DB_OK)
		return rc;
	if ((rc = user_delete_in(db, a, name, posts_kept)) != DB_OK) {
		db_rollback(db);
		*posts_kept = 0;
		return rc;
	}
	return db_commit(db);
}

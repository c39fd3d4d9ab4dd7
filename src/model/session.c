/* session: all SQL of sessions, in one array. Times are the server's UTC. */
#include "session.h"

#include <stddef.h>
#include <string.h>

#include "db.h"
#include "site.h"
#include "tables.h"

enum session_stmt {
	SESSION_GET,
	SESSION_GET_WITH_SITE,
	SESSION_INSERT,
	SESSION_DELETE,
	SESSION_DELETE_EXPIRED,
	SESSION__MAX
};

static const char *const session_sql[SESSION__MAX] = {
	[SESSION_GET] =
	    "SELECT s.id, s.user_id, u.username, s.csrf_token "
	    "FROM sessions AS s JOIN users AS u ON u.id = s.user_id "
	    "WHERE s.token_hash = ? AND s.expires_at > CURRENT_TIMESTAMP(6)",
	/* The site's row, and the session's when there is one. */
	[SESSION_GET_WITH_SITE] =
	    "SELECT " SITE_STATE_COLUMNS ", s.id, s.user_id, u.username, "
	    "s.csrf_token FROM site_state AS st "
	    "LEFT JOIN (sessions AS s JOIN users AS u ON u.id = s.user_id) "
	    "ON s.token_hash = ? AND s.expires_at > CURRENT_TIMESTAMP(6) "
	    "WHERE st.id = 1",
	[SESSION_INSERT] =
	    "INSERT INTO sessions "
	    "(token_hash, user_id, csrf_token, expires_at) "
	    "VALUES (?, ?, ?, CURRENT_TIMESTAMP(6) + INTERVAL ? SECOND)",
	[SESSION_DELETE] =
	    "DELETE FROM sessions WHERE token_hash = ?",
	[SESSION_DELETE_EXPIRED] =
	    "DELETE FROM sessions WHERE expires_at <= CURRENT_TIMESTAMP(6)",
};

/* A session's members, in the order SESSION_GET selects them. */
const struct db_table session_table = DB_TABLE("session", session_sql,
    SESSION__MAX, struct session, DB_INT(struct session, id),
    DB_INT(struct session, user_id), DB_TEXT(struct session, username),
    DB_TEXT(struct session, csrf_token));

int
session_get(struct db *db, struct arena *a,
    const unsigned char hash[SESSION_HASH_BYTES], struct session *out)
{
	struct db_arg args[] = { db_arg_blob(hash, SESSION_HASH_BYTES) };

	return db_get(db, a, &session_table, SESSION_GET, args, 1, out);
}

int
session_get_with_site(struct db *db, struct arena *a,
    const unsigned char hash[SESSION_HASH_BYTES], struct session *out,
    struct site_state *site)
{
	struct db_arg args[] = { db_arg_blob(hash, SESSION_HASH_BYTES) };
	struct db_result res;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = site_query_row(db, a, &session_table, SESSION_GET_WITH_SITE,
	    args, 1, &res, site);
	if (rc != DB_OK)
		return rc;
	rc = DB_NOT_FOUND;
	if (!db_col_is_null(&res, 4)) {
		out->id = db_col_int(&res, 4);
		out->user_id = db_col_int(&res, 5);
		out->username = db_col_text(&res, 6, a, NULL);
		out->csrf_token = db_col_text(&res, 7, a, NULL);
		rc = DB_OK;
	}
	db_result_free(&res);
	return rc;
}

/* session_create's statements, in the transaction begun. */
static int
session_create_in(struct db *db, struct arena *a, long long user_id,
    const unsigned char hash[SESSION_HASH_BYTES], const char *csrf_token,
    long ttl_seconds, const unsigned char *old_hash)
{
	struct db_arg insert[] = {
		db_arg_blob(hash, SESSION_HASH_BYTES), db_arg_int(user_id),
		db_arg_text(csrf_token), db_arg_int(ttl_seconds),
	};
	int rc;

	if (old_hash != NULL) {
		struct db_arg old[] = {
			db_arg_blob(old_hash, SESSION_HASH_BYTES),
		};

		if ((rc = db_exec(db, a, &session_table, SESSION_DELETE, old, 1,
		    NULL)) != DB_OK)
			return rc;
	}
	if ((rc = db_exec(db, a, &session_table, SESSION_DELETE_EXPIRED, NULL,
	    0, NULL)) != DB_OK)
		return rc;
	return db_exec(db, a, &session_table, SESSION_INSERT, insert, 4, NULL);
}

int
session_create(struct db *db, struct arena *a, long long user_id,
    const unsigned char hash[SESSION_HASH_BYTES], const char *csrf_token,
    long ttl_seconds, const unsigned char *old_hash)
{
	int rc;

	if ((rc = db_begin(db)) != DB_OK)
		return rc;
	if ((rc = session_create_in(db, a, user_id, hash, csrf_token,
	    ttl_seconds, old_hash)) != DB_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
}

int
session_delete(struct db *db, struct arena *a,
    const unsigned char hash[SESSION_HASH_BYTES])
{
	struct db_arg args[] = { db_arg_blob(hash, SESSION_HASH_BYTES) };

	return db_exec(db, a, &session_table, SESSION_DELETE, args, 1, NULL);
}

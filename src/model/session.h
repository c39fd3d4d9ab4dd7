/*
 * session: the sessions table, the signed-in browsers. A row holds the
 * SHA-256 of the token in the browser's cookie (never the token), the
 * user, the session's CSRF token and when it expires; an expired row is
 * never answered and is deleted at the next sign-in. Same conventions as
 * post.h.
 */
#ifndef MODEL_SESSION_H
#define MODEL_SESSION_H

#define SESSION_HASH_BYTES 32	/* crypto_hash_sha256_BYTES */

struct arena;
struct db;
struct site_state;

struct session {
	long long id;
	long long user_id;
	const char *username;
	const char *csrf_token;	/* 64 hex digits */
};

/*
 * Fills *out with the unexpired session whose token hashes to hash, and its
 * user's name. DB_OK, DB_NOT_FOUND or a failure.
 */
int session_get(struct db *db, struct arena *a,
    const unsigned char hash[SESSION_HASH_BYTES], struct session *out);

/*
 * session_get and site_get_state (site.h) in one statement: fills *site,
 * and *out as session_get does. Returns DB_OK (a session), DB_NOT_FOUND
 * (none, *site filled all the same) or a failure.
 */
int session_get_with_site(struct db *db, struct arena *a,
    const unsigned char hash[SESSION_HASH_BYTES], struct session *out,
    struct site_state *site);

/*
 * Starts a session of user_id for ttl_seconds under the token hash with the
 * csrf_token; in the same transaction ends the session of old_hash (the one
 * the browser had, or NULL) and deletes every expired one. DB_OK or a
 * failure.
 */
int session_create(struct db *db, struct arena *a, long long user_id,
    const unsigned char hash[SESSION_HASH_BYTES], const char *csrf_token,
    long ttl_seconds, const unsigned char *old_hash);

/* Ends the session of hash: DB_OK (whether or not it existed) or a failure. */
int session_delete(struct db *db, struct arena *a,
    const unsigned char hash[SESSION_HASH_BYTES]);

#endif

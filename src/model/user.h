/*
 * user: the users table, the authors who may sign in. Same conventions as
 * post.h: strings from the arena, answers as enum db_status.
 */
#ifndef MODEL_USER_H
#define MODEL_USER_H

struct arena;
struct db;

#define USER_NAME_MAX 64	/* characters of users.username */

struct user {
	long long id;
	const char *username;		/* as stored */
	const char *password_hash;	/* crypto_pwhash_str's string */
};

/*
 * Fills *out with the user called name (compared as users.username's
 * collation does: regardless of case). DB_OK, DB_NOT_FOUND or a failure.
 */
int user_get_by_name(struct db *db, struct arena *a, const char *name,
    struct user *out);

/*
 * Adds a user with the password hash. Returns DB_OK, DB_DUPLICATE when
 * the name is taken, or a failure.
 */
int user_insert(struct db *db, struct arena *a, const char *name,
    const char *password_hash);

/*
 * Sets the password hash of the user called name and ends every session of
 * theirs, in one transaction. DB_OK, DB_NOT_FOUND or a failure.
 */
int user_set_password(struct db *db, struct arena *a, const char *name,
    const char *password_hash);

/*
 * Deletes the user called name with every session of theirs (ON DELETE
 * CASCADE), in one transaction; their posts stay, with no author (no
 * byline), and *posts_kept says how many. DB_OK, DB_NOT_FOUND or a failure.
 */
int user_delete(struct db *db, struct arena *a, const char *name,
    unsigned long long *posts_kept);

#endif

/*
 * password: Argon2id password hashes through libsodium (crypto_pwhash_str),
 * and the rules a new password must meet.
 */
#ifndef LIB_PASSWORD_H
#define LIB_PASSWORD_H

#include <stddef.h>

#define PASSWORD_HASH_MAX 128	/* crypto_pwhash_STRBYTES, NUL included */
#define PASSWORD_MIN_LENGTH 8	/* characters */
#define PASSWORD_MAX_LENGTH 1024	/* bytes: bounds the hashing work */

/* Returns 0 once libsodium is ready, -1 if it cannot start. */
int password_init(void);

/*
 * Returns NULL if password is acceptable for a new account, else a sentence
 * saying why not.
 */
const char *password_check_new(const char *password);

/* Writes the Argon2id hash of password into out; returns 0 or -1 (memory). */
int password_hash(const char *password, char out[PASSWORD_HASH_MAX]);

/*
 * Returns 1 if password matches hash, else 0. When hash is NULL (no such
 * user) it still does the same work against a fixed hash and returns 0, so
 * a wrong name and a wrong password take the same time.
 */
int password_verify(const char *hash, const char *password);

#endif

/*
 * token: the random tokens a browser holds and the cookies that carry
 * them: a signed-in session's token, which its cookie carries (only the
 * token's SHA-256 is stored, so a copy of the database opens no session),
 * the random CSRF tokens, and the Set-Cookie values that hand a cookie out
 * and take it back. (The sessions table is model/session.h.)
 */
#ifndef HTTP_TOKEN_H
#define HTTP_TOKEN_H

#include <stddef.h>

struct arena;

#define SESSION_TOKEN_BYTES 32			/* 256 random bits */
#define SESSION_TOKEN_HEX (2 * SESSION_TOKEN_BYTES)	/* its cookie form */
#define SESSION_TOKEN_HASH_BYTES 32		/* crypto_hash_sha256_BYTES */
#define SESSION_COOKIE "blog_session"
#define SESSION_TTL_SECONDS (14L * 24 * 60 * 60)	/* 14 days */

struct session_token {
	char hex[SESSION_TOKEN_HEX + 1];	/* what the cookie carries */
	unsigned char hash[SESSION_TOKEN_HASH_BYTES];	/* SHA-256 of the
							   token's bytes */
};

/* Returns 0 once libsodium is ready, -1 if it cannot start. */
int token_random_init(void);

/*
 * Writes SESSION_TOKEN_BYTES random bytes (libsodium's randombytes) as
 * lowercase hex into out: a session token, a CSRF token.
 */
void token_random_hex(char out[SESSION_TOKEN_HEX + 1]);

/* Fills t with a new random token and its hash (token_random_init first). */
void token_new(struct session_token *t);

/*
 * Reads the value of a session cookie into t: exactly SESSION_TOKEN_HEX
 * lowercase hex digits. Returns 0, or -1 (t cleared) for anything else.
 */
int token_parse(const char *value, struct session_token *t);

/* The cookies' attributes, as token_set_cookie writes them. */
struct token_cookie {
	const char *name;
	const char *path;	/* "/" */
	long max_age;		/* seconds; 0 removes it; -1: none, so the
				   cookie lasts until the browser closes */
	const char *same_site;	/* "Lax", "Strict" */
	int secure;		/* only over https */
};

/*
 * Returns the value of a Set-Cookie header (from a) giving the cookie c
 * the value (empty to remove it): "name=value; Path=/; Max-Age=N;
 * HttpOnly; SameSite=Lax", and "; Secure" when c->secure.
 */
char *token_set_cookie(struct arena *a, const struct token_cookie *c,
    const char *value);

/* Returns whether base_url is https://, so cookies must be Secure. */
int token_url_is_secure(const char *base_url);

#endif

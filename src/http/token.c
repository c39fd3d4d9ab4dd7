/* token: random tokens from libsodium; cookies as RFC 6265 writes them. */
#include "token.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../lib/arena.h"

int
token_random_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void
token_random_hex(char out[SESSION_TOKEN_HEX + 1])
{
	unsigned char raw[SESSION_TOKEN_BYTES];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(out, SESSION_TOKEN_HEX + 1, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
}

/* Fills t->hash from t->hex, which holds SESSION_TOKEN_HEX hex digits. */
static void
token_hash(struct session_token *t)
{
	unsigned char raw[SESSION_TOKEN_BYTES];

	sodium_hex2bin(raw, sizeof(raw), t->hex, SESSION_TOKEN_HEX, NULL, NULL,
	    NULL);
	crypto_hash_sha256(t->hash, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
}

void
token_new(struct session_token *t)
{
	token_random_hex(t->hex);
	token_hash(t);
}

int
token_parse(const char *value, struct session_token *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; value[i] != '\0'; i++) {
		char c = value[i];

		if (i == SESSION_TOKEN_HEX ||
		    !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return -1;
	}
	if (i != SESSION_TOKEN_HEX)
		return -1;
	memcpy(t->hex, value, SESSION_TOKEN_HEX + 1);
	token_hash(t);
	return 0;
}

char *
token_set_cookie(struct arena *a, const struct token_cookie *c,
    const char *value)
{
	char max_age[32] = "";

	if (c->max_age >= 0)
		snprintf(max_age, sizeof(max_age), "; Max-Age=%ld", c->max_age);
	return arena_printf(a, "%s=%s; Path=%s%s; HttpOnly; SameSite=%s%s",
	    c->name, value, c->path, max_age, c->same_site,
	    c->secure ? "; Secure" : "");
}

int
token_url_is_secure(const char *base_url)
{
	return strncasecmp(base_url, "https://", 8) == 0;
}

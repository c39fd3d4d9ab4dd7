/*
 * password: libsodium's Argon2id with its interactive limits, which keep a
 * login well under a second on a small machine.
 */
#include "password.h"

#include <sodium.h>
#include <string.h>

#include "utf8.h"

/* A hash of a random password nobody knows, verified when a user is unknown. */
static char password_dummy_hash[PASSWORD_HASH_MAX];

int
password_init(void)
{
	unsigned char secret[32];

	if (sodium_init() < 0)
		return -1;
	if (password_dummy_hash[0] != '\0')
		return 0;
	randombytes_buf(secret, sizeof(secret));
	if (crypto_pwhash_str(password_dummy_hash, (const char *)secret,
	    sizeof(secret), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return -1;
	sodium_memzero(secret, sizeof(secret));
	return 0;
}

const char *
password_check_new(const char *password)
{
	size_t len = strlen(password);

	if (len > PASSWORD_MAX_LENGTH)
		return "The password is longer than 1024 bytes.";
	if (!utf8_valid(password, len))
		return "The password is not valid UTF-8.";
	if (utf8_length(password, len) < PASSWORD_MIN_LENGTH)
		return "The password needs at least 8 characters.";
	return NULL;
}

int
password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
	return crypto_pwhash_str(out, password, strlen(password),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0 ? 0 : -1;
}

int
password_verify(const char *hash, const char *password)
{
	size_t len = strlen(password);
	int match;

	if (len > PASSWORD_MAX_LENGTH)
		len = PASSWORD_MAX_LENGTH;	/* same work, and it cannot match */
	match = crypto_pwhash_str_verify(hash ? hash : password_dummy_hash,
	    password, len) == 0;
	return hash != NULL && match && strlen(password) <= PASSWORD_MAX_LENGTH;
}

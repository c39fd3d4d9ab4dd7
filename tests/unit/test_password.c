/* Tests src/lib/password.c: Argon2id hashes that verify, rules for new ones. */
#include <string.h>

#include "../../src/lib/password.h"
#include "test.h"

static void
test_hash_verifies_only_its_password(void)
{
	char hash[PASSWORD_HASH_MAX], again[PASSWORD_HASH_MAX];

	CHECK_INT(password_hash("correct horse", hash), 0);
	CHECK(strncmp(hash, "$argon2id$", 10) == 0);
	CHECK(password_verify(hash, "correct horse"));
	CHECK(!password_verify(hash, "correct horsE"));
	CHECK(!password_verify(hash, ""));
	CHECK_INT(password_hash("correct horse", again), 0);
	CHECK(strcmp(hash, again) != 0);	/* salted */
}

static void
test_unknown_user_never_verifies(void)
{
	CHECK(!password_verify(NULL, "anything"));
	CHECK(!password_verify(NULL, ""));
}

static void
test_new_password_rules(void)
{
	char huge[PASSWORD_MAX_LENGTH + 2];

	CHECK(password_check_new("short") != NULL);
	CHECK(password_check_new("пароль12") == NULL);	/* 8 characters */
	CHECK(password_check_new("парол12") != NULL);	/* 7 */
	CHECK(password_check_new("bad\xC0\xAFutf8 ok") != NULL);
	memset(huge, 'a', sizeof(huge) - 1);
	huge[sizeof(huge) - 1] = '\0';
	CHECK(password_check_new(huge) != NULL);
}

int
main(void)
{
	if (password_init() != 0)
		return 1;
	TEST_RUN(test_hash_verifies_only_its_password);
	TEST_RUN(test_unknown_user_never_verifies);
	TEST_RUN(test_new_password_rules);
	return TEST_DONE();
}

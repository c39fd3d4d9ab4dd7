/*
 * Tests src/http/token.c: session tokens (random, 256 bits, in hex; what
 * the database keeps is the SHA-256 of their bytes), reading a cookie's
 * token strictly, and the Set-Cookie values with their attributes.
 */
#include <string.h>

#include "../../src/http/token.h"
#include "../../src/lib/arena.h"
#include "test.h"

static struct arena arena;

static int
is_lower_hex(const char *s)
{
	return strspn(s, "0123456789abcdef") == strlen(s);
}

static void
test_new_tokens_are_random_hex(void)
{
	struct session_token a, b;

	token_new(&a);
	token_new(&b);
	CHECK_INT(strlen(a.hex), 64);
	CHECK(is_lower_hex(a.hex));
	CHECK(strcmp(a.hex, b.hex) != 0);
	CHECK(memcmp(a.hash, b.hash, sizeof(a.hash)) != 0);
}

static void
test_hash_is_sha256_of_the_token_bytes(void)
{
	/* The token of bytes 00..1f; its SHA-256 from sha256sum. */
	static const char hex[] = "000102030405060708090a0b0c0d0e0f"
	    "101112131415161718191a1b1c1d1e1f";
	static const unsigned char want[32] = {
		0x63, 0x0d, 0xcd, 0x29, 0x66, 0xc4, 0x33, 0x66,
		0x91, 0x12, 0x54, 0x48, 0xbb, 0xb2, 0x5b, 0x4f,
		0xf4, 0x12, 0xa4, 0x9c, 0x73, 0x2d, 0xb2, 0xc8,
		0xab, 0xc1, 0xb8, 0x58, 0x1b, 0xd7, 0x10, 0xdd,
	};
	struct session_token t, again;

	CHECK_INT(token_parse(hex, &t), 0);
	CHECK_STR(t.hex, hex);
	CHECK(memcmp(t.hash, want, sizeof(want)) == 0);
	/* A new token's hash is the hash of its own hex. */
	token_new(&t);
	CHECK_INT(token_parse(t.hex, &again), 0);
	CHECK(memcmp(t.hash, again.hash, sizeof(t.hash)) == 0);
}

static void
test_cookie_token_read_strictly(void)
{
	static const char *const bad[] = {
		"", "abc", "0001",
		/* 63 and 65 digits */
		"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1",
		"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f0",
		/* upper case, a non-hex letter, a space */
		"000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
		"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1g",
		"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1 ",
	};
	struct session_token t;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&t, 0x55, sizeof(t));
		CHECK_INT(token_parse(bad[i], &t), -1);
		CHECK_STR(t.hex, "");
	}
}

static void
test_session_cookie_attributes(void)
{
	struct token_cookie c = {
		.name = "blog_session", .path = "/", .max_age = 1209600,
		.same_site = "Lax", .secure = 0,
	};

	CHECK_STR(token_set_cookie(&arena, &c, "abc"),
	    "blog_session=abc; Path=/; Max-Age=1209600; HttpOnly; SameSite=Lax");
	c.secure = 1;
	CHECK_STR(token_set_cookie(&arena, &c, "abc"),
	    "blog_session=abc; Path=/; Max-Age=1209600; HttpOnly; "
	    "SameSite=Lax; Secure");
	/* Taking it back: empty, and expired at once. */
	c.max_age = 0;
	c.secure = 0;
	CHECK_STR(token_set_cookie(&arena, &c, ""),
	    "blog_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
}

static void
test_browser_session_cookie_has_no_max_age(void)
{
	struct token_cookie c = {
		.name = "blog_csrf", .path = "/login", .max_age = -1,
		.same_site = "Strict", .secure = 0,
	};

	CHECK_STR(token_set_cookie(&arena, &c, "t"),
	    "blog_csrf=t; Path=/login; HttpOnly; SameSite=Strict");
}

static void
test_secure_only_for_https(void)
{
	CHECK(token_url_is_secure("https://blog.example.org"));
	CHECK(token_url_is_secure("HTTPS://blog.example.org/x"));
	CHECK(!token_url_is_secure("http://127.0.0.1:8080"));
	CHECK(!token_url_is_secure("httpsx://a"));
}

static void
test_ttl_is_fourteen_days(void)
{
	CHECK_INT(SESSION_TTL_SECONDS, 14 * 86400);
	CHECK_INT(SESSION_TOKEN_BYTES * 8, 256);
}

int
main(void)
{
	arena_init(&arena, 0);
	if (token_random_init() != 0) {
		fputs("libsodium cannot start\n", stderr);
		return 1;
	}
	TEST_RUN(test_new_tokens_are_random_hex);
	TEST_RUN(test_hash_is_sha256_of_the_token_bytes);
	TEST_RUN(test_cookie_token_read_strictly);
	TEST_RUN(test_session_cookie_attributes);
	TEST_RUN(test_browser_session_cookie_has_no_max_age);
	TEST_RUN(test_secure_only_for_https);
	TEST_RUN(test_ttl_is_fourteen_days);
	arena_free(&arena);
	return TEST_DONE();
}

/* Tests src/lib/hash.c against FNV-1a's published 64-bit test vectors. */
#include "../../src/lib/hash.h"
#include "test.h"

static void
test_known_vectors(void)
{
	CHECK(hash_string(HASH_START, "") == 0xcbf29ce484222325ULL);
	CHECK(hash_string(HASH_START, "a") == 0xaf63dc4c8601ec8cULL);
	CHECK(hash_string(HASH_START, "foobar") == 0x85944171f73967e8ULL);
}

static void
test_continues_where_it_stopped(void)
{
	CHECK(hash_string(hash_string(HASH_START, "foo"), "bar") ==
	    hash_string(HASH_START, "foobar"));
}

int
main(void)
{
	TEST_RUN(test_known_vectors);
	TEST_RUN(test_continues_where_it_stopped);
	return TEST_DONE();
}

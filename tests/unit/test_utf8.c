/* Tests src/lib/utf8.c against the malformed sequences of RFC 3629. */
#include "../../src/lib/utf8.h"
#include "test.h"

#define VALID(lit) utf8_valid(lit, sizeof(lit) - 1)

static void
test_accepts_well_formed_text(void)
{
	CHECK(VALID(""));
	CHECK(VALID("plain ascii"));
	CHECK(VALID("Первый пост"));
	CHECK(VALID("日本語"));
	CHECK(VALID("\xF0\x9F\x98\x80"));	/* U+1F600 */
	CHECK(VALID("\xF4\x8F\xBF\xBF"));	/* U+10FFFF */
}

static void
test_rejects_malformed_sequences(void)
{
	CHECK(!VALID("\x80"));			/* lone continuation */
	CHECK(!VALID("\xC0\xAF"));		/* overlong '/' */
	CHECK(!VALID("\xE0\x80\xAF"));		/* overlong */
	CHECK(!VALID("\xED\xA0\x80"));		/* surrogate U+D800 */
	CHECK(!VALID("\xF4\x90\x80\x80"));	/* above U+10FFFF */
	CHECK(!VALID("\xF5\x80\x80\x80"));
	CHECK(!VALID("\xD0"));			/* truncated */
	CHECK(!VALID("ab\xE6\x97"));		/* truncated at the end */
	CHECK(!VALID("\xFF"));
	CHECK(!utf8_valid("a\0b", 3));		/* NUL */
}

static void
test_counts_code_points(void)
{
	CHECK_INT(utf8_length("Первый", 12), 6);
	CHECK_INT(utf8_length("abc", 3), 3);
}

int
main(void)
{
	TEST_RUN(test_accepts_well_formed_text);
	TEST_RUN(test_rejects_malformed_sequences);
	TEST_RUN(test_counts_code_points);
	return TEST_DONE();
}

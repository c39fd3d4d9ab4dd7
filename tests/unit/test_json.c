/*
 * Tests src/lib/json.c: status --json and an upload's answer must stay
 * valid JSON whatever a name or a path holds.
 */
#include <string.h>

#include "../../src/lib/buf.h"
#include "../../src/lib/json.h"
#include "test.h"

/* Returns s as a JSON string (static storage until the next call). */
static const char *
quoted(const char *s)
{
	static struct buf out;

	buf_clear(&out);
	json_string(&out, s);
	return out.data;
}

static void
test_plain_text_is_only_quoted(void)
{
	CHECK_STR(quoted(""), "\"\"");
	CHECK_STR(quoted("0001_create_posts"), "\"0001_create_posts\"");
}

static void
test_quotes_backslashes_and_controls_are_escaped(void)
{
	CHECK_STR(quoted("say \"hi\""), "\"say \\\"hi\\\"\"");
	CHECK_STR(quoted("C:\\dir"), "\"C:\\\\dir\"");
	CHECK_STR(quoted("a\nb\tc\rd"), "\"a\\nb\\tc\\rd\"");
	CHECK_STR(quoted("\x01\x1f"), "\"\\u0001\\u001f\"");
	CHECK_STR(quoted("/slash/"), "\"/slash/\"");
}

static void
test_utf8_passes_and_invalid_bytes_are_replaced(void)
{
	CHECK_STR(quoted("Первый пост ✓"), "\"Первый пост ✓\"");
	CHECK_STR(quoted("\xF0\x9F\x98\x80"), "\"\xF0\x9F\x98\x80\"");
	CHECK_STR(quoted("a\xff" "b"), "\"a\\ufffdb\"");
	CHECK_STR(quoted("\xC0\xAF"), "\"\\ufffd\\ufffd\"");	/* overlong */
	CHECK_STR(quoted("x\xE6\x97"), "\"x\\ufffd\\ufffd\"");	/* cut short */
}

static void
test_null_is_null(void)
{
	struct buf out = { NULL, 0, 0 };

	json_string_or_null(&out, NULL);
	CHECK_STR(out.data, "null");
	buf_free(&out);
}

int
main(void)
{
	TEST_RUN(test_plain_text_is_only_quoted);
	TEST_RUN(test_quotes_backslashes_and_controls_are_escaped);
	TEST_RUN(test_utf8_passes_and_invalid_bytes_are_replaced);
	TEST_RUN(test_null_is_null);
	return TEST_DONE();
}

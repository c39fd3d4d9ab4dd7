/*
 * fuzz_slug: src/lib/slug.c (ICU transliteration and the ASCII cut) on any
 * title, and the "-N" suffixes of a taken slug.
 *
 * Properties: valid UTF-8 always gets a slug or 0, anything else -1; a
 * slug is [a-z0-9-]{1,140} with no '-' at either end or twice in a row
 * (checked here, then by slug_valid); the slug of a slug is itself;
 * slug_with_suffix keeps the suffix whole within 140 characters.
 */
#include <limits.h>
#include <string.h>

#include "../../src/lib/slug.h"
#include "fuzz.h"

/* Returns whether s is [a-z0-9]+ runs joined by single '-', 1-140 long. */
static int
slug_shape_ok(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len > SLUG_MAX || s[0] == '-' || s[len - 1] == '-')
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-'))
			return 0;
		if (c == '-' && s[i + 1] == '-')
			return 0;
	}
	return 1;
}

static void
check_suffix(const char *base, unsigned long n)
{
	char out[SLUG_MAX + 1], suffix[32];
	int len = slug_with_suffix(base, n, out);
	size_t slen;

	if (n < 2) {
		FUZZ_CHECK(len == -1 && out[0] == '\0');
		return;
	}
	FUZZ_CHECK(len > 0 && (size_t)len == strlen(out));
	FUZZ_CHECK(slug_shape_ok(out));
	slen = (size_t)snprintf(suffix, sizeof(suffix), "-%lu", n);
	FUZZ_CHECK((size_t)len > slen &&
	    strcmp(out + len - slen, suffix) == 0);
	/* What is kept of the base is its beginning. */
	FUZZ_CHECK(strncmp(out, base, (size_t)len - slen) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	char out[SLUG_MAX + 1], again[SLUG_MAX + 1];
	unsigned long n = 0;
	int len;

	len = slug_make(text, size, out);
	if (!fuzz_utf8_ok(text, size)) {
		FUZZ_CHECK(len == -1 && out[0] == '\0');
		return 0;
	}
	FUZZ_CHECK(len >= 0);
	FUZZ_CHECK((size_t)len == strlen(out));
	if (len == 0)
		return 0;
	FUZZ_CHECK(slug_shape_ok(out));
	FUZZ_CHECK(slug_valid(out));
	FUZZ_CHECK(slug_make(out, (size_t)len, again) == len);
	FUZZ_CHECK(strcmp(again, out) == 0);

	/* A suffix number from the first bytes, the largest ones included. */
	for (size_t i = 0; i < size && i < sizeof(n); i++)
		n = n << 8 | data[i];
	check_suffix(out, n);
	check_suffix(out, ULONG_MAX);
	check_suffix(out, 2);
	return 0;
}

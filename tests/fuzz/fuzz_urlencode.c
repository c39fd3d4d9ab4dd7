/*
 * fuzz_urlencode: src/http/urlencode.c on any bytes: percent-decoding
 * (paths and queries) and the name=value&... lists of query strings and
 * form bodies, plus src/lib/utf8.c, which decides what is text.
 *
 * Properties: whatever decodes is UTF-8 without NUL and no longer than its
 * input; a malformed %-escape is always refused; encoding what decoded and
 * decoding it again gives it back; every pair of a parsed list is text and
 * http_params_get finds the first of a name; utf8_valid agrees with the
 * harness's own reading of RFC 3629.
 */
#include <string.h>

#include "../../src/http/urlencode.h"
#include "../../src/lib/arena.h"
#include "../../src/lib/buf.h"
#include "../../src/lib/utf8.h"
#include "fuzz.h"

/* What http_url_encode may write: the unreserved characters and escapes. */
#define URL_SAFE "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
	"0123456789-._~%"

/* Returns whether the n bytes at s hold a '%' without two hex digits. */
static int
has_bad_escape(const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdefABCDEF";

	for (size_t i = 0; i < n; i++)
		if (s[i] == '%' && (n - i < 3 || s[i + 1] == '\0' ||
		    s[i + 2] == '\0' || strchr(hex, s[i + 1]) == NULL ||
		    strchr(hex, s[i + 2]) == NULL))
			return 1;
	return 0;
}

/* Decodes s one way, checks the result and that it survives a round trip. */
static void
check_decode(struct arena *a, const char *s, size_t n, int plus_is_space)
{
	struct buf enc = { NULL, 0, 0 };
	size_t len = 0, len2 = 0;
	char *d, *back;

	d = http_url_decode(a, s, n, plus_is_space, &len);
	if (has_bad_escape(s, n))
		FUZZ_CHECK(d == NULL);
	if (d == NULL)
		return;
	FUZZ_CHECK(len <= n);
	FUZZ_CHECK(strlen(d) == len);
	FUZZ_CHECK(fuzz_utf8_ok(d, len));
	if (memchr(s, '%', n) == NULL && (!plus_is_space ||
	    memchr(s, '+', n) == NULL))
		FUZZ_CHECK(len == n && memcmp(d, s, n) == 0);

	http_url_encode(&enc, d);
	for (size_t i = 0; i < enc.len; i++)
		FUZZ_CHECK(strchr(URL_SAFE, enc.data[i]) != NULL);
	back = http_url_decode(a, enc.data ? enc.data : "", enc.len,
	    plus_is_space, &len2);
	FUZZ_CHECK(back != NULL);
	FUZZ_CHECK(len2 == len && memcmp(back, d, len) == 0);
	buf_free(&enc);
}

static void
check_list(struct arena *a, const char *s, size_t n)
{
	struct http_params p;
	size_t amps = 0;

	for (size_t i = 0; i < n; i++)
		if (s[i] == '&')
			amps++;
	if (http_parse_urlencoded(a, s, n, &p) != 0)
		return;
	FUZZ_CHECK(p.n <= amps + 1);
	for (size_t i = 0; i < p.n; i++) {
		const char *got;
		size_t len;

		FUZZ_CHECK(p.v[i].name != NULL && p.v[i].value != NULL);
		FUZZ_CHECK(fuzz_utf8_ok(p.v[i].name, strlen(p.v[i].name)));
		FUZZ_CHECK(strlen(p.v[i].value) == p.v[i].value_len);
		FUZZ_CHECK(fuzz_utf8_ok(p.v[i].value, p.v[i].value_len));
		got = http_params_get(&p, p.v[i].name, &len);
		FUZZ_CHECK(got != NULL);
		/* The first pair of that name answers. */
		for (size_t j = 0; j < i; j++)
			if (strcmp(p.v[j].name, p.v[i].name) == 0) {
				FUZZ_CHECK(got == p.v[j].value);
				break;
			}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct arena a;

	arena_init(&a, 0);
	FUZZ_CHECK(utf8_valid(s, size) == fuzz_utf8_ok(s, size));
	if (fuzz_utf8_ok(s, size))
		FUZZ_CHECK(utf8_length(s, size) == fuzz_utf8_chars(s, size));
	check_decode(&a, s, size, 0);
	check_decode(&a, s, size, 1);
	check_list(&a, s, size);
	arena_free(&a);
	return 0;
}

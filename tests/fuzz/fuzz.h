/*
 * fuzz.h: what the libFuzzer harnesses share: a property check that stops
 * the run (libFuzzer then saves the input), a NUL-terminated copy of the
 * input, and a UTF-8 check written apart from src/lib/utf8.c, so that a
 * harness never trusts the code it is testing to judge its output.
 */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The libFuzzer entry point every harness defines. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stops the run on a property that does not hold: abort() is a crash. */
#define FUZZ_CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, \
		    __LINE__, #cond); \
		abort(); \
	} \
} while (0)

/*
 * Returns a malloc'd copy of the input with a NUL after it (the caller
 * frees it), for functions that take C strings. Its own allocation, so
 * that a read past the NUL is a heap overflow for AddressSanitizer.
 */
static inline char *
fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/*
 * Returns 1 if the n bytes at p are UTF-8 as RFC 3629 defines it (no
 * overlong forms, no surrogates, nothing past U+10FFFF) without a NUL
 * byte, else 0: the table of well-formed byte sequences, checked lead
 * byte by lead byte.
 */
static inline int
fuzz_utf8_ok(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0, more, k;
	unsigned lo, hi;

	while (i < n) {
		unsigned c = s[i];

		lo = 0x80;
		hi = 0xBF;
		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			more = 1;
		else if (c == 0xE0) {
			more = 2;
			lo = 0xA0;
		} else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
			more = 2;
		else if (c == 0xED) {
			more = 2;
			hi = 0x9F;
		} else if (c == 0xF0) {
			more = 3;
			lo = 0x90;
		} else if (c >= 0xF1 && c <= 0xF3)
			more = 3;
		else if (c == 0xF4) {
			more = 3;
			hi = 0x8F;
		} else
			return 0;
		if (n - i - 1 < more || s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (k = 2; k <= more; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
		i += more + 1;
	}
	return 1;
}

/* Returns the number of code points in the n bytes of UTF-8 at p. */
static inline size_t
fuzz_utf8_chars(const char *p, size_t n)
{
	size_t i, chars = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)p[i] & 0xC0) != 0x80)
			chars++;
	return chars;
}

#endif

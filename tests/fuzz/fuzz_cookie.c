/*
 * fuzz_cookie: src/http/cookie.c on any Cookie header.
 *
 * Properties: one pair per ';'-separated piece that has an '=' and a name
 * (counted here apart from the parser), in order; a name is not empty and
 * holds no '=' or ';' and no space at either end; a value holds no ';' and
 * value_len is its length.
 */
#include <string.h>

#include "../../src/http/cookie.h"
#include "../../src/lib/arena.h"
#include "fuzz.h"

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Returns the number of pieces of header that make a pair. */
static size_t
count_pairs(const char *header)
{
	size_t pairs = 0;

	for (const char *p = header; ; ) {
		size_t len = strcspn(p, ";");
		const char *eq = memchr(p, '=', len);

		if (eq != NULL) {
			const char *name = p;

			while (name < eq && is_blank(*name))
				name++;
			if (name < eq)
				pairs++;
		}
		if (p[len] == '\0')
			return pairs;
		p += len + 1;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *header = fuzz_string(data, size);
	struct http_params c;
	struct arena a;
	const char *from = header, *found;

	arena_init(&a, 0);
	http_parse_cookies(&a, header, &c);
	FUZZ_CHECK(c.n == count_pairs(header));
	for (size_t i = 0; i < c.n; i++) {
		const char *name = c.v[i].name, *value = c.v[i].value;
		size_t len = strlen(name);

		FUZZ_CHECK(len > 0);
		FUZZ_CHECK(strpbrk(name, "=;") == NULL);
		FUZZ_CHECK(!is_blank(name[0]) && !is_blank(name[len - 1]));
		FUZZ_CHECK(strlen(value) == c.v[i].value_len);
		FUZZ_CHECK(strchr(value, ';') == NULL);
		/* In order: each name is in the header after the one before. */
		found = strstr(from, name);
		FUZZ_CHECK(found != NULL);
		from = found + 1;
	}
	http_parse_cookies(&a, NULL, &c);
	FUZZ_CHECK(c.n == 0);
	arena_free(&a);
	free(header);
	return 0;
}

/*
 * urlencode: strict percent-decoding, and the name=value lists of queries
 * and forms; encoding is lib/percent.c's.
 */
#include "urlencode.h"

#include <string.h>

#include "../lib/arena.h"
#include "../lib/buf.h"
#include "../lib/percent.h"
#include "../lib/utf8.h"

/* Returns the value of a hexadecimal digit, or -1. */
static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
http_url_decode(struct arena *a, const char *s, size_t len,
    int plus_is_space, size_t *outlen)
{
	char *out = arena_alloc(a, len + 1);
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%') {
			int hi, lo;

			if (len - i < 3)
				return NULL;
			hi = hex_value(s[i + 1]);
			lo = hex_value(s[i + 2]);
			if (hi < 0 || lo < 0)
				return NULL;
			out[n++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (s[i] == '+' && plus_is_space) {
			out[n++] = ' ';
		} else {
			out[n++] = s[i];
		}
	}
	out[n] = '\0';
	if (!utf8_valid(out, n))
		return NULL;
	if (outlen != NULL)
		*outlen = n;
	return out;
}

int
http_parse_urlencoded(struct arena *a, const char *s, size_t len,
    struct http_params *out)
{
	size_t count = 0, n = 0;

	/*
	 * Count the pairs first so that the array is one allocation: only
	 * those that are there, so that a body of '&' costs nothing.
	 */
	for (size_t i = 0; i < len; i++)
		if (s[i] != '&' && (i == 0 || s[i - 1] == '&'))
			count++;
	out->v = arena_calloc(a, count + 1, sizeof(*out->v));
	out->n = 0;
	for (size_t start = 0; start < len; ) {
		const char *pair = s + start, *amp, *eq;
		size_t pairlen;
		struct http_param *p;

		amp = memchr(pair, '&', len - start);
		pairlen = amp ? (size_t)(amp - pair) : len - start;
		start += pairlen + 1;
		if (pairlen == 0)
			continue;
		eq = memchr(pair, '=', pairlen);
		p = &out->v[n];
		p->name = http_url_decode(a, pair, eq ? (size_t)(eq - pair) :
		    pairlen, 1, NULL);
		if (eq != NULL)
			p->value = http_url_decode(a, eq + 1,
			    pairlen - (size_t)(eq + 1 - pair), 1,
			    &p->value_len);
		else {
			p->value = "";
			p->value_len = 0;
		}
		if (p->name == NULL || p->value == NULL)
			return -1;
		n++;
	}
	out->n = n;
	return 0;
}

const char *
http_params_get(const struct http_params *p, const char *name, size_t *len)
{
	for (size_t i = 0; i < p->n; i++) {
		if (strcmp(p->v[i].name, name) == 0) {
			if (len != NULL)
				*len = p->v[i].value_len;
			return p->v[i].value;
		}
	}
	return NULL;
}

void
http_url_encode(struct buf *out, const char *s)
{
	percent_encode(out, s, strlen(s), PERCENT_UNRESERVED);
}

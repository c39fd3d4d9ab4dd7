/*
 * urlencode: percent-encoding both ways, and the name=value&... lists of
 * query strings and application/x-www-form-urlencoded bodies. Everything
 * decoded is checked to be UTF-8 without NUL, so handlers only ever see text.
 */
#ifndef HTTP_URLENCODE_H
#define HTTP_URLENCODE_H

#include <stddef.h>

struct arena;
struct buf;

/* One decoded name=value pair. */
struct http_param {
	const char *name;
	const char *value;
	size_t value_len;
};

/* The pairs of a query string, a form body or a Cookie header, in order. */
struct http_params {
	struct http_param *v;
	size_t n;
};

/*
 * Decodes the len bytes at s: %XX escapes, and '+' as a space when
 * plus_is_space (query strings and forms; not paths). Returns a new
 * NUL-terminated string from a, its length in *outlen when outlen is not
 * NULL; or NULL if an escape is malformed ("%zz", "%4") or the result is not
 * UTF-8 or holds a NUL byte.
 */
char *http_url_decode(struct arena *a, const char *s, size_t len,
    int plus_is_space, size_t *outlen);

/*
 * Parses "name=value&name=value" (';' is not a separator; empty pairs are
 * skipped; a pair without '=' has an empty value) into out, names and
 * values decoded with plus_is_space. Returns 0, or -1 if any name or value
 * does not decode.
 */
int http_parse_urlencoded(struct arena *a, const char *s, size_t len,
    struct http_params *out);

/*
 * Returns the value of the first pair called name, its length in *len when
 * len is not NULL; or NULL if there is none.
 */
const char *http_params_get(const struct http_params *p, const char *name,
    size_t *len);

/*
 * Appends s percent-encoded for a URL's query or path segment: everything
 * but the unreserved characters A-Z a-z 0-9 - . _ ~ becomes %XX.
 */
void http_url_encode(struct buf *out, const char *s);

#endif

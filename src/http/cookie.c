/* cookie: a forgiving reader of the Cookie header (RFC 6265, section 5.4). */
#include "cookie.h"

#include <string.h>

#include "../lib/arena.h"

static int
is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Narrows [*s, *s + *len) to drop the spaces at both ends. */
static void
trim(const char **s, size_t *len)
{
	while (*len > 0 && is_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && is_space((*s)[*len - 1]))
		(*len)--;
}

void
http_parse_cookies(struct arena *a, const char *header,
    struct http_params *out)
{
	size_t count = 1, n = 0;
	const char *p = header;

	out->v = NULL;
	out->n = 0;
	if (header == NULL)
		return;
	for (const char *c = header; *c; c++)
		if (*c == ';')
			count++;
	out->v = arena_calloc(a, count, sizeof(*out->v));
	while (*p != '\0') {
		const char *end = strchr(p, ';'), *eq, *name, *value;
		size_t len = end ? (size_t)(end - p) : strlen(p), namelen,
		    valuelen;

		eq = memchr(p, '=', len);
		if (eq != NULL) {
			name = p;
			namelen = (size_t)(eq - p);
			value = eq + 1;
			valuelen = len - namelen - 1;
			trim(&name, &namelen);
			trim(&value, &valuelen);
			if (valuelen >= 2 && value[0] == '"' &&
			    value[valuelen - 1] == '"') {
				value++;
				valuelen -= 2;
			}
			if (namelen > 0) {
				out->v[n].name = arena_strndup(a, name,
				    namelen);
				out->v[n].value = arena_strndup(a, value,
				    valuelen);
				out->v[n].value_len = valuelen;
				n++;
			}
		}
		p += len;
		if (*p == ';')
			p++;
	}
	out->n = n;
}

/* router: pattern matching over the route table. */
#include "router.h"

#include <stdio.h>
#include <string.h>

#include "../lib/arena.h"

#define SLUG_PLACEHOLDER "{slug}"

int
route_slug_valid(const char *s, size_t len)
{
	if (len == 0 || len > ROUTE_SLUG_MAX)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

/*
 * Returns whether path matches pattern, pointing *slug and *slug_len at the
 * {slug} segment of path when there is one.
 */
static int
pattern_matches(const char *pattern, const char *path, const char **slug,
    size_t *slug_len)
{
	const size_t placeholder_len = strlen(SLUG_PLACEHOLDER);

	*slug = NULL;
	*slug_len = 0;
	while (*pattern != '\0') {
		if (strncmp(pattern, SLUG_PLACEHOLDER, placeholder_len) == 0) {
			/* It runs to the end of the segment, or to the
			 * pattern's next character ("/sitemap-{slug}.xml"). */
			const char stop[] = { '/', pattern[placeholder_len],
			    '\0' };
			size_t len = strcspn(path, stop);

			if (!route_slug_valid(path, len))
				return 0;
			*slug = path;
			*slug_len = len;
			path += len;
			pattern += placeholder_len;
			continue;
		}
		if (*pattern != *path)
			return 0;
		pattern++;
		path++;
	}
	return *path == '\0';
}

/* Returns the methods an entry accepts, HEAD included wherever GET is. */
static unsigned
route_methods(const struct route *r)
{
	return r->methods & HTTP_GET ? r->methods | HTTP_HEAD : r->methods;
}

int
route_find(const struct route *routes, size_t n, enum http_method method,
    const char *path, struct arena *a, struct route_match *out)
{
	const char *pattern = NULL, *slug = NULL;
	size_t slug_len = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		const char *s;
		size_t len;

		if (pattern == NULL) {
			if (!pattern_matches(routes[i].pattern, path, &s, &len))
				continue;
			pattern = routes[i].pattern;
			slug = s;
			slug_len = len;
		} else if (strcmp(routes[i].pattern, pattern) != 0)
			continue;
		out->allow |= route_methods(&routes[i]);
		if (route_methods(&routes[i]) & method) {
			out->route = i;
			out->slug = slug ? arena_strndup(a, slug, slug_len) :
			    NULL;
			return 0;
		}
	}
	return pattern == NULL ? 404 : 405;
}

void
route_allow_string(unsigned methods, char *out, size_t outlen)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {
		{ HTTP_GET, "GET" },
		{ HTTP_HEAD, "HEAD" },
		{ HTTP_POST, "POST" },
	};
	size_t used = 0;

	if (outlen == 0)
		return;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int n;

		if (!(methods & names[i].bit))
			continue;
		n = snprintf(out + used, outlen - used, "%s%s",
		    used ? ", " : "", names[i].name);
		if (n < 0 || (size_t)n >= outlen - used)
			return;
		used += (size_t)n;
	}
}

/*
 * fuzz_router: src/http/router.c with blog.fcgi's own table
 * (src/app/routes.c), on any method and path.
 *
 * The first byte picks the method, the rest is the path. Properties: the
 * answer is 0, 404 or 405; a found route accepts the method, and its
 * pattern with the {slug} filled in is the path again, the slug being
 * [a-z0-9-]{1,140}; a 405 names the path's methods, not this one; a 404
 * is a 404 for every method. route_allow_string never writes past its
 * buffer and always ends it; route_slug_reserved is 1 only for a segment
 * of the table.
 */
#include <string.h>

#include "../../src/app/routes.h"
#include "../../src/http/router.h"
#include "../../src/lib/arena.h"
#include "fuzz.h"

static const enum http_method methods[] = {
	HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_OTHER,
};
#define NMETHODS (sizeof(methods) / sizeof(methods[0]))

/* Returns the pattern with "{slug}" replaced by slug, malloc'd. */
static char *
fill_pattern(const char *pattern, const char *slug)
{
	const char *hole = strstr(pattern, "{slug}");
	size_t plen = strlen(pattern), slen;
	char *out;

	if (hole == NULL || slug == NULL)
		return strdup(pattern);
	slen = strlen(slug);
	out = malloc(plen - 6 + slen + 1);
	FUZZ_CHECK(out != NULL);
	memcpy(out, pattern, (size_t)(hole - pattern));
	memcpy(out + (hole - pattern), slug, slen);
	strcpy(out + (hole - pattern) + slen, hole + 6);
	return out;
}

static void
check_found(const struct route_match *m, enum http_method method,
    const char *path)
{
	const struct route *r;
	unsigned accepted;
	char *filled;

	FUZZ_CHECK(m->route < PAGE__MAX);
	r = &routes[m->route];
	accepted = r->methods & HTTP_GET ? r->methods | HTTP_HEAD : r->methods;
	FUZZ_CHECK(accepted & method);
	FUZZ_CHECK((m->slug != NULL) == (strstr(r->pattern, "{slug}") != NULL));
	if (m->slug != NULL)
		FUZZ_CHECK(route_slug_valid(m->slug, strlen(m->slug)));
	filled = fill_pattern(r->pattern, m->slug);
	FUZZ_CHECK(strcmp(filled, path) == 0);
	free(filled);
}

/*
 * Returns whether s is a whole segment after "/blog/" of a pattern (the
 * empty one of "/blog/" too: route_slug_reserved is asked about slugs).
 */
static int
is_segment(const char *s)
{
	size_t len = strlen(s);

	for (size_t i = 0; i < PAGE__MAX; i++) {
		const char *p = routes[i].pattern;

		if (strncmp(p, "/blog/", 6) == 0 &&
		    strncmp(p + 6, s, len) == 0 &&
		    (p[6 + len] == '\0' || p[6 + len] == '/'))
			return 1;
	}
	return 0;
}

static void
check_allow_string(unsigned allow, size_t outlen)
{
	char *out = malloc(outlen ? outlen : 1);

	FUZZ_CHECK(out != NULL);
	route_allow_string(allow, out, outlen);
	if (outlen > 0)
		FUZZ_CHECK(memchr(out, '\0', outlen) != NULL);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum http_method method;
	struct route_match m, other;
	struct arena a;
	char *path;
	int rc;

	if (size < 1)
		return 0;
	method = methods[data[0] % NMETHODS];
	path = fuzz_string(data + 1, size - 1);
	arena_init(&a, 0);

	rc = route_find(routes, PAGE__MAX, method, path, &a, &m);
	FUZZ_CHECK(rc == 0 || rc == 404 || rc == 405);
	if (rc == 0)
		check_found(&m, method, path);
	if (rc == 405)
		FUZZ_CHECK(m.allow != 0 && !(m.allow & method));
	if (rc == 404)
		for (size_t i = 0; i < NMETHODS; i++)
			FUZZ_CHECK(route_find(routes, PAGE__MAX, methods[i],
			    path, &a, &other) == 404);
	check_allow_string(m.allow | (unsigned)data[0], (size_t)data[0] % 24);

	if (route_slug_reserved(path))
		FUZZ_CHECK(is_segment(path));
	arena_free(&a);
	free(path);
	return 0;
}

/*
 * router: finds the route of a request in a table of {methods, pattern,
 * query fields}, and answers 404 and 405 from the table alone, so that no
 * handler runs for a path or method it does not serve.
 *
 * A pattern is a literal path in which a segment may hold "{slug}",
 * matching only [a-z0-9-]{1,140}: "/blog/tag/{slug}", "/blog/{slug}/edit",
 * "/sitemap-{slug}.xml" (it runs to the segment's end, or to the
 * character that follows it in the pattern).
 */
#ifndef HTTP_ROUTER_H
#define HTTP_ROUTER_H

#include <stddef.h>

#include "request.h"

#define ROUTE_SLUG_MAX 140

struct arena;

struct route {
	unsigned methods;	/* enum http_method bits; GET implies HEAD */
	const char *pattern;
	unsigned fields;	/* query fields read: bits 1u << field */
};

struct route_match {
	size_t route;		/* index of the matching entry */
	const char *slug;	/* the {slug} segment, or NULL */
	unsigned allow;		/* methods of the path, when 405 */
};

/*
 * Finds the entry for method and path among the n routes. Literal patterns
 * and earlier entries win: the first pattern matching the path decides,
 * and only entries with that same pattern are considered for the method.
 * Returns 0 with out->route (and out->slug), 404 when no pattern matches,
 * or 405 with the path's methods in out->allow.
 */
int route_find(const struct route *routes, size_t n, enum http_method method,
    const char *path, struct arena *a, struct route_match *out);

/* Writes the value of an Allow header for methods: "GET, HEAD, POST". */
void route_allow_string(unsigned methods, char *out, size_t outlen);

/* Returns whether the len bytes at s are a slug: [a-z0-9-]{1,140}. */
int route_slug_valid(const char *s, size_t len);

#endif

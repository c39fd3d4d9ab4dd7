/*
 * routes: the one table of blog.fcgi's pages (kcgi style): an enum of pages
 * ending in PAGE__MAX, the methods, path pattern and query fields of each,
 * and the query fields with their validators. The handlers, indexed by the
 * same enum, are in main.c.
 */
#ifndef APP_ROUTES_H
#define APP_ROUTES_H

#include "../http/field.h"
#include "../http/router.h"

enum route_page {
	PAGE_ROOT,		/* / -> /blog/ */
	PAGE_BLOG,		/* /blog -> /blog/ */
	PAGE_INDEX,		/* /blog/, ?page=, ?q= */
	PAGE_TAGS,
	PAGE_FEED,
	PAGE_HEALTH,
	PAGE_TAG,		/* /blog/tag/{slug} */
	PAGE_POST,		/* /blog/{slug}: after the literals */
	PAGE__MAX
};

enum route_field {
	FIELD_PAGE,		/* a page number of a list */
	FIELD_Q,		/* search text */
	FIELD__MAX
};

/* The longest search text, in characters. */
#define SEARCH_Q_MAX 200

extern const struct route routes[PAGE__MAX];
extern const struct field fields[FIELD__MAX];

#endif

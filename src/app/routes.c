/*
 * routes: the table. Literal patterns come before the {slug} patterns they
 * would also match ("/blog/tags" before "/blog/{slug}"), since the first
 * match decides. The write side's pages (create, edit, delete, login,
 * logout) join the table when they exist; until then they are 404.
 */
#include "routes.h"

#define FIELD_BIT(f) (1u << (f))

const struct route routes[PAGE__MAX] = {
	[PAGE_ROOT] = { HTTP_GET, "/", 0 },
	[PAGE_BLOG] = { HTTP_GET, "/blog", 0 },
	[PAGE_INDEX] = { HTTP_GET, "/blog/",
	    FIELD_BIT(FIELD_PAGE) | FIELD_BIT(FIELD_Q) },
	[PAGE_TAGS] = { HTTP_GET, "/blog/tags", 0 },
	[PAGE_FEED] = { HTTP_GET, "/blog/feed.atom", 0 },
	[PAGE_HEALTH] = { HTTP_GET, "/healthz", 0 },
	[PAGE_TAG] = { HTTP_GET, "/blog/tag/{slug}", FIELD_BIT(FIELD_PAGE) },
	[PAGE_POST] = { HTTP_GET, "/blog/{slug}", 0 },
};

const struct field fields[FIELD__MAX] = {
	[FIELD_PAGE] = { "page", FIELD_PAGE_NUMBER, 0,
	    "The page number must be a whole number from 1 up." },
	[FIELD_Q] = { "q", FIELD_TEXT, SEARCH_Q_MAX,
	    "The search text must be at most 200 characters." },
};

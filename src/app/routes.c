/*
 * routes: the table. Literal patterns come before the {slug} patterns they
 * would also match ("/blog/tags" before "/blog/{slug}"), since the first
 * match decides. The forms' fields are not here: their handlers check them,
 * as a wrong one is answered by the form again (422, 401) or 403, not 400.
 */
#include "routes.h"

#include <string.h>

#define FIELD_BIT(f) (1u << (f))

const struct route routes[PAGE__MAX] = {
	[PAGE_ROOT] = { HTTP_GET, "/", 0 },
	[PAGE_BLOG] = { HTTP_GET, "/blog", 0 },
	[PAGE_INDEX] = { HTTP_GET, "/blog/",
	    FIELD_BIT(FIELD_PAGE) | FIELD_BIT(FIELD_Q) },
	[PAGE_TAGS] = { HTTP_GET, "/blog/tags", 0 },
	[PAGE_FEED] = { HTTP_GET, "/blog/feed.atom", 0 },
	[PAGE_HEALTH] = { HTTP_GET, "/healthz", 0 },
	[PAGE_CREATE] = { HTTP_GET | HTTP_POST, "/blog/create", 0 },
	[PAGE_LOGIN] = { HTTP_GET | HTTP_POST, "/login", 0 },
	[PAGE_LOGOUT] = { HTTP_POST, "/logout", 0 },
	[PAGE_TAG] = { HTTP_GET, "/blog/tag/{slug}", FIELD_BIT(FIELD_PAGE) },
	[PAGE_POST] = { HTTP_GET, "/blog/{slug}", 0 },
	[PAGE_EDIT] = { HTTP_GET | HTTP_POST, "/blog/{slug}/edit", 0 },
	[PAGE_DELETE] = { HTTP_POST, "/blog/{slug}/delete", 0 },
};

const unsigned char page_versioned[PAGE__MAX] = {
	[PAGE_INDEX] = 1,
	[PAGE_TAGS] = 1,
	[PAGE_FEED] = 1,
	[PAGE_TAG] = 1,
	[PAGE_POST] = 1,
};

const struct field fields[FIELD__MAX] = {
	[FIELD_PAGE] = { "page", FIELD_PAGE_NUMBER, 0,
	    "The page number must be a whole number from 1 up." },
	[FIELD_Q] = { "q", FIELD_TEXT, SEARCH_Q_MAX,
	    "The search text must be at most 200 characters." },
};

int
route_slug_reserved(const char *slug)
{
	static const char blog[] = "/blog/";
	size_t len = strlen(slug);

	for (size_t i = 0; i < PAGE__MAX; i++) {
		const char *segment = routes[i].pattern;

		if (strncmp(segment, blog, sizeof(blog) - 1) != 0)
			continue;
		segment += sizeof(blog) - 1;
		/* "{slug}" is never a slug: its braces are not [a-z0-9-]. */
		if (strcspn(segment, "/") == len &&
		    strncmp(segment, slug, len) == 0)
			return 1;
	}
	return 0;
}

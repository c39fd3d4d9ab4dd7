/*
 * routes: the one table of blog.fcgi's pages (kcgi style): an enum of pages
 * ending in PAGE__MAX, the methods, path pattern and fields of each, and
 * every field a page reads, query and form, with its validator. The
 * handlers, indexed by the same enum, are in dispatch.c.
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
	PAGE_ROBOTS,		/* /robots.txt */
	PAGE_SITEMAP,		/* /sitemap.xml: the sitemap, or its index */
	PAGE_SITEMAP_PART,	/* /sitemap-{slug}.xml: {slug}, the part */
	PAGE_CREATE,		/* /blog/create: a new post */
	PAGE_PREVIEW,		/* /blog/preview: the post form, shown */
	PAGE_MANAGE,		/* /blog/manage: drafts, scheduled, trash */
	PAGE_MEDIA,		/* /blog/media: images, and uploads */
	PAGE_LOGIN,
	PAGE_LOGOUT,
	PAGE_TAG,		/* /blog/tag/{slug} */
	PAGE_TAG_FEED,		/* /blog/tag/{slug}/feed.atom */
	PAGE_POST,		/* /blog/{slug}: after the literals */
	PAGE_EDIT,		/* /blog/{slug}/edit */
	PAGE_DELETE,		/* /blog/{slug}/delete: to the trash */
	PAGE_RESTORE,		/* /blog/{slug}/restore: from the trash */
	PAGE_MEDIA_DELETE,	/* /blog/media/{slug}/delete: {slug}, its id */
	PAGE__MAX
};

/* The fields, in the order a query string's make a cache key (cache.h). */
enum route_field {
	FIELD_PAGE,		/* query: a page number of a list */
	FIELD_Q,		/* query: search text */
	FIELD_TITLE,		/* form: a post's title */
	FIELD_BODY,		/* form: a post's Markdown */
	FIELD_TAGS,		/* form: a post's tags, comma-separated */
	FIELD_STATUS,		/* form: draft or published */
	FIELD_PUBLISH_AT,	/* form: when readers see it (local time) */
	FIELD_REVISION,		/* form: the revision it was opened at */
	FIELD_FEATURED_IMAGE,	/* form: a /media/ URL shown above it */
	FIELD_USERNAME,		/* form: signing in */
	FIELD_PASSWORD,
	FIELD_NEXT,		/* form: where to go once signed in */
	FIELD_CSRF,		/* form: every form's token (csrf.h) */
	FIELD__MAX
};

/* The longest search text, in characters. */
#define SEARCH_Q_MAX 200

extern const struct route routes[PAGE__MAX];
/* Every field; a route reads those whose bit (1u << field) it holds. */
/* The bit of field f in a route's mask of fields. */
#define FIELD_BIT(f) (1u << (f))

extern const struct field fields[FIELD__MAX];

/*
 * 1 for the pages that show only what the site's version covers (posts,
 * tags, counts), so that the version alone answers a conditional GET and
 * picks the cached copy: see page_answer_known in app.h.
 */
extern const unsigned char page_versioned[PAGE__MAX];

/*
 * 1 for the versioned pages whose answers are megabytes by nature (a
 * sitemap of 50,000 URLs): the page cache keeps one such answer beside its
 * table (cache.h), which no other page may fill.
 */
extern const unsigned char page_large[PAGE__MAX];

/*
 * 1 for the authors' pages (forms, their lists, the actions): never in a
 * search engine's index (noindex) and disallowed in /robots.txt.
 */
extern const unsigned char page_for_authors[PAGE__MAX];

/*
 * 1 for the pages that read a multipart/form-data body themselves, as it
 * comes (an upload); any other page answers such a body with 415.
 */
extern const unsigned char page_takes_upload[PAGE__MAX];

/*
 * Returns 1 if slug is a literal segment of a path under /blog/ in the
 * table ("create", "tags", "tag"): a post called that could not be
 * reached, or would hide a page. Else 0.
 */
int route_slug_reserved(const char *slug);

#endif

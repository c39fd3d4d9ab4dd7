/*
 * routes: the table. Literal patterns come before the {slug} patterns they
 * would also match ("/blog/tags" before "/blog/{slug}"), since the first
 * match decides. A wrong query field is a 400 before any handler; a wrong
 * form field is kept for its handler, which answers with the form again
 * (422, 401) or 403.
 */
#include "routes.h"

#include <string.h>

#include "../http/csrf.h"
#include "post_input.h"

#define POST_FORM (FIELD_BIT(FIELD_TITLE) | FIELD_BIT(FIELD_BODY) | \
	FIELD_BIT(FIELD_TAGS) | FIELD_BIT(FIELD_STATUS) | \
	FIELD_BIT(FIELD_PUBLISH_AT) | FIELD_BIT(FIELD_REVISION) | \
	FIELD_BIT(FIELD_FEATURED_IMAGE) | FIELD_BIT(FIELD_CSRF))
#define LOGIN_FORM (FIELD_BIT(FIELD_USERNAME) | FIELD_BIT(FIELD_PASSWORD) | \
	FIELD_BIT(FIELD_NEXT) | FIELD_BIT(FIELD_CSRF))

const struct route routes[PAGE__MAX] = {
	[PAGE_ROOT] = { HTTP_GET, "/", 0 },
	[PAGE_BLOG] = { HTTP_GET, "/blog", 0 },
	[PAGE_INDEX] = { HTTP_GET, "/blog/",
	    FIELD_BIT(FIELD_PAGE) | FIELD_BIT(FIELD_Q) },
	[PAGE_TAGS] = { HTTP_GET, "/blog/tags", 0 },
	[PAGE_FEED] = { HTTP_GET, "/blog/feed.atom", 0 },
	[PAGE_HEALTH] = { HTTP_GET, "/healthz", 0 },
	[PAGE_ROBOTS] = { HTTP_GET, "/robots.txt", 0 },
	[PAGE_SITEMAP] = { HTTP_GET, "/sitemap.xml", 0 },
	[PAGE_SITEMAP_PART] = { HTTP_GET, "/sitemap-{slug}.xml", 0 },
	[PAGE_CREATE] = { HTTP_GET | HTTP_POST, "/blog/create", POST_FORM },
	[PAGE_PREVIEW] = { HTTP_POST, "/blog/preview", POST_FORM },
	[PAGE_MANAGE] = { HTTP_GET, "/blog/manage", 0 },
	/* A POST's fields are in its multipart body: media.c reads them. */
	[PAGE_MEDIA] = { HTTP_GET | HTTP_POST, "/blog/media",
	    FIELD_BIT(FIELD_PAGE) },
	[PAGE_LOGIN] = { HTTP_GET | HTTP_POST, "/login", LOGIN_FORM },
	[PAGE_LOGOUT] = { HTTP_POST, "/logout", FIELD_BIT(FIELD_CSRF) },
	[PAGE_TAG] = { HTTP_GET, "/blog/tag/{slug}", FIELD_BIT(FIELD_PAGE) },
	[PAGE_TAG_FEED] = { HTTP_GET, "/blog/tag/{slug}/feed.atom", 0 },
	[PAGE_POST] = { HTTP_GET, "/blog/{slug}", 0 },
	[PAGE_EDIT] = { HTTP_GET | HTTP_POST, "/blog/{slug}/edit", POST_FORM },
	[PAGE_DELETE] = { HTTP_POST, "/blog/{slug}/delete",
	    FIELD_BIT(FIELD_CSRF) },
	[PAGE_RESTORE] = { HTTP_POST, "/blog/{slug}/restore",
	    FIELD_BIT(FIELD_CSRF) },
	[PAGE_MEDIA_DELETE] = { HTTP_POST, "/blog/media/{slug}/delete",
	    FIELD_BIT(FIELD_CSRF) },
};

const unsigned char page_takes_upload[PAGE__MAX] = {
	[PAGE_MEDIA] = 1,
};

const unsigned char page_versioned[PAGE__MAX] = {
	[PAGE_INDEX] = 1,
	[PAGE_TAGS] = 1,
	[PAGE_FEED] = 1,
	[PAGE_ROBOTS] = 1,
	[PAGE_SITEMAP] = 1,
	[PAGE_SITEMAP_PART] = 1,
	[PAGE_TAG] = 1,
	[PAGE_TAG_FEED] = 1,
	[PAGE_POST] = 1,
};

const unsigned char page_large[PAGE__MAX] = {
	[PAGE_SITEMAP] = 1,
	[PAGE_SITEMAP_PART] = 1,
};

const unsigned char page_for_authors[PAGE__MAX] = {
	[PAGE_CREATE] = 1,
	[PAGE_PREVIEW] = 1,
	[PAGE_MANAGE] = 1,
	[PAGE_MEDIA] = 1,
	[PAGE_LOGIN] = 1,
	[PAGE_LOGOUT] = 1,
	[PAGE_EDIT] = 1,
	[PAGE_DELETE] = 1,
	[PAGE_RESTORE] = 1,
	[PAGE_MEDIA_DELETE] = 1,
};

/*
 * A form's text arrives UTF-8 without NUL (http_parse_urlencoded refuses
 * anything else): this is a safeguard.
 */
#define NOT_UTF8 "The form sent text that is not UTF-8."

/*
 * Name, type, bound (0: none here), the sentence for a value of the wrong
 * type or length, where it comes from, and a further check. The post
 * form's bounds are post_input.h's; username, password, next and the
 * token are judged by their handlers (auth.c, login.c), since a wrong one
 * is 401 or 403 and must not say which.
 */
const struct field fields[FIELD__MAX] = {
	[FIELD_PAGE] = { "page", FIELD_PAGE_NUMBER, 0,
	    "The page number must be a whole number from 1 up.",
	    FIELD_FROM_QUERY, NULL },
	[FIELD_Q] = { "q", FIELD_TEXT, SEARCH_Q_MAX,
	    "The search text must be at most 200 characters.",
	    FIELD_FROM_QUERY, NULL },
	[FIELD_TITLE] = { "title", FIELD_TEXT, 0, NOT_UTF8, FIELD_FROM_FORM,
	    post_title_check },
	[FIELD_BODY] = { "body", FIELD_TEXT, 0, NOT_UTF8, FIELD_FROM_FORM,
	    post_body_check },
	[FIELD_TAGS] = { "tags", FIELD_TEXT, 0, NOT_UTF8, FIELD_FROM_FORM,
	    post_tags_check },
	[FIELD_STATUS] = { "status", FIELD_TEXT, 0, NOT_UTF8, FIELD_FROM_FORM,
	    post_status_check },
	[FIELD_PUBLISH_AT] = { "publish_at", FIELD_TEXT, 0, NOT_UTF8,
	    FIELD_FROM_FORM, post_publish_at_check },
	[FIELD_REVISION] = { "revision", FIELD_TEXT, 0, NOT_UTF8,
	    FIELD_FROM_FORM, post_revision_check },
	[FIELD_FEATURED_IMAGE] = { "featured_image", FIELD_TEXT, 0, NOT_UTF8,
	    FIELD_FROM_FORM, post_featured_image_check },
	[FIELD_USERNAME] = { "username", FIELD_TEXT, 0, NOT_UTF8,
	    FIELD_FROM_FORM, NULL },
	[FIELD_PASSWORD] = { "password", FIELD_TEXT, 0, NOT_UTF8,
	    FIELD_FROM_FORM, NULL },
	[FIELD_NEXT] = { "next", FIELD_TEXT, 0, NOT_UTF8, FIELD_FROM_FORM,
	    NULL },
	[FIELD_CSRF] = { CSRF_FIELD, FIELD_TEXT, 0, NOT_UTF8,
	    FIELD_FROM_FORM, NULL },
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

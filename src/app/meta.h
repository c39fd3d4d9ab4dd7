/*
 * meta: what a page's <head> tells search engines, feed readers and link
 * previews (SPEC, "Found and shared"): its canonical URL, description,
 * Open Graph and Twitter card, feeds, noindex, and a post's JSON-LD.
 * layout.tpl is the one place they are written; page_dict (render.h)
 * sets every page's, and a handler changes what differs for its page.
 */
#ifndef APP_META_H
#define APP_META_H

#include "app.h"

struct post;
struct tag;
struct view_dict;

/* The most characters of a post's description (its excerpt). */
#define META_DESCRIPTION_CHARS 160

/*
 * Sets the head of any page in d: canonical from the request's path,
 * [blog] description, og:type website, og:title doc_title, the site's
 * feed, a Twitter summary card, and noindex when c->noindex or
 * c->unpublished says so.
 */
void meta_page(struct ctx *c, struct view_dict *d, const char *doc_title);

/* Returns the absolute URL of path ("/blog/x?page=2") from base_url. */
const char *meta_url(struct ctx *c, const char *path);

/* Sets the canonical URL (and og:url) to the absolute one of path. */
void meta_canonical(struct ctx *c, struct view_dict *d, const char *path);

/* Returns the title of tag t's page (its first) and of its feed. */
const char *meta_tag_title(struct ctx *c, const struct tag *t);

/* Adds the feed of tag t beside the site's. */
void meta_tag_feed(struct ctx *c, struct view_dict *d, const struct tag *t);

/*
 * Sets the head of post p's page: its excerpt as the description, og:type
 * article with its title, times and tags, its featured image (og:image,
 * summary_large_image) and its JSON-LD BlogPosting.
 */
void meta_post(struct ctx *c, struct view_dict *d, const struct post *p);

#endif

/*
 * sitemap: /sitemap.xml (sitemaps.org 0.9) and its parts, and
 * /robots.txt, which points crawlers to it and away from the authors'
 * pages (SPEC, "Found and shared").
 */
#ifndef APP_SITEMAP_H
#define APP_SITEMAP_H

#include "app.h"
#include "outcome.h"

/* The most URLs in one sitemap: sitemaps.org's limit. */
#define SITEMAP_URLS_MAX 50000

/*
 * The sitemap: the index, every tag readers see with posts, every post
 * readers see with its lastmod; past SITEMAP_URLS_MAX URLs, a sitemap
 * index of its parts.
 */
struct outcome handle_sitemap(struct ctx *c);

/* Part {slug} of a sitemap past SITEMAP_URLS_MAX URLs; else 404. */
struct outcome handle_sitemap_part(struct ctx *c);

/* robots.txt: the sitemap's address, and the authors' pages disallowed. */
struct outcome handle_robots(struct ctx *c);

#endif

/*
 * sitemap: the rows /sitemap.xml lists (SPEC, "Found and shared"): the
 * tags readers see with posts, and every post readers see with the time it
 * last changed. Read SITEMAP_CHUNK rows at a time, each chunk's memory
 * given back before the next, so that a sitemap of 50,000 posts never
 * holds more than one chunk of rows. Same conventions as post.h.
 */
#ifndef MODEL_SITEMAP_H
#define MODEL_SITEMAP_H

#include "../lib/date.h"

struct db;

/* Rows read by one statement. */
#define SITEMAP_CHUNK 1000

/* Called with each row's slug (and a post's time); returns 0 to go on. */
typedef int sitemap_tag_fn(const char *slug, void *arg);
typedef int sitemap_post_fn(const char *slug, const struct date *lastmod,
    void *arg);

/* Writes into *n how many tags readers see with posts. */
int sitemap_count_tags(struct db *db, unsigned long long *n);

/*
 * Calls fn for limit of the tags readers see with posts, by slug, from
 * offset. Returns DB_OK, a failure, or DB_ERROR when fn stopped it.
 */
int sitemap_each_tag(struct db *db, unsigned long long offset,
    unsigned long long limit, sitemap_tag_fn *fn, void *arg);

/*
 * Calls fn for limit of the posts readers see, newest first (as the
 * index lists them), from offset, with the later of their last change and
 * their publish time. Returns as sitemap_each_tag.
 */
int sitemap_each_post(struct db *db, unsigned long long offset,
    unsigned long long limit, sitemap_post_fn *fn, void *arg);

#endif

/*
 * cache: whole responses of read-only pages for readers who are not signed
 * in, kept by each worker. An entry is good for one site version (the
 * site_state row, which every write bumps), so a page changed by a write is
 * never served stale: the version is read on every request, and a newer one
 * misses.
 */
#ifndef APP_CACHE_H
#define APP_CACHE_H

#include <stddef.h>

struct buf;
struct field;
struct field_value;
struct http_response;

/*
 * Writes into out (cleared first) and returns the cache key of a page: its
 * path, then name=value for each of the n fields (defs, in) that the page
 * took and the request gave, in the table's order, every part
 * percent-encoded. Parameters the page does not take, their order and
 * how they were spelt (%71=x or q=x, page=01) make no new key, so a
 * client cannot miss the cache at will (&r=123).
 */
const char *cache_key(struct buf *out, const char *path,
    const struct field *defs, const struct field_value *in, size_t n);

/* Prepares an empty cache holding at most budget bytes of responses. */
void cache_init(size_t budget);

/*
 * Copies the response stored for key (see cache_key) at version into resp
 * and returns 1; returns 0 when there is none.
 */
int cache_get(const char *key, unsigned long long version,
    struct http_response *resp);

/*
 * Stores a copy of resp (a 200) under key for version. A response of more
 * than an eighth of the budget is stored only when large_ok (a page whose
 * answers are large by nature: a sitemap), in a slot of its own.
 */
void cache_put(const char *key, unsigned long long version,
    const struct http_response *resp, int large_ok);

/* Returns how many bytes the table's responses take now (not counting the
 * one large response kept beside it: cache.c). */
size_t cache_bytes_used(void);

/* Releases every entry. */
void cache_free(void);

#endif

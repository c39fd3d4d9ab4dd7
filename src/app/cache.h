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

struct http_response;

/* Prepares an empty cache holding at most budget bytes of responses. */
void cache_init(size_t budget);

/*
 * Copies the response stored for key (a request URI) at version into resp
 * and returns 1; returns 0 when there is none.
 */
int cache_get(const char *key, unsigned long long version,
    struct http_response *resp);

/* Stores a copy of resp (a 200) under key for version. */
void cache_put(const char *key, unsigned long long version,
    const struct http_response *resp);

/* Releases every entry. */
void cache_free(void);

#endif

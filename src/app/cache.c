/*
 * cache: a direct-mapped table of responses. A key has one slot, found by
 * its hash; a newer response for another key in the same slot replaces the
 * old one. When the bytes held would pass the budget, everything goes: the
 * table refills with what is read now, and a worker's memory stays bounded.
 *
 * A response too large for the table (more than an eighth of the budget) of
 * a page whose answers are large by nature (a sitemap of thousands of
 * posts) has one slot of its own, outside the budget: the last one stored,
 * up to CACHE_LARGE_MAX bytes. It is dropped once a request finds it
 * stale, so it holds memory only while current.
 */
#include "cache.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/field.h"
#include "../http/response.h"
#include "../http/urlencode.h"
#include "../lib/buf.h"
#include "../lib/hash.h"

#define CACHE_SLOTS 1024
#define CACHE_KEY_MAX 4096	/* longer keys are not cached */
#define CACHE_LARGE_MAX (8 * 1024 * 1024)	/* a sitemap of 50,000 URLs
						   is about 6 MB */

struct cache_entry {
	char *key;			/* NULL: the slot is empty */
	unsigned long long version;
	int status;
	const char *content_type;	/* a static string, as in responses */
	char *headers;
	size_t headers_len;
	char *body;
	size_t body_len;
	size_t bytes;			/* what this entry counts against budget */
};

static struct cache_entry cache_slots[CACHE_SLOTS];
static struct cache_entry cache_large;	/* not counted in cache_used */
static size_t cache_budget, cache_used;

void
cache_init(size_t budget)
{
	cache_free();
	cache_budget = budget;
}

/* Returns the slot that key is kept in. */
static struct cache_entry *
cache_slot(const char *key)
{
	return &cache_slots[hash_string(HASH_START, key) % CACHE_SLOTS];
}

const char *
cache_key(struct buf *out, const char *path, const struct field *defs,
    const struct field_value *in, size_t n)
{
	buf_clear(out);
	http_url_encode(out, path);
	for (size_t i = 0; i < n; i++) {
		if (!in[i].present)
			continue;
		buf_puts(out, "&");
		http_url_encode(out, defs[i].name);
		buf_puts(out, "=");
		if (defs[i].type == FIELD_PAGE_NUMBER)
			buf_printf(out, "%llu", in[i].number);
		else
			http_url_encode(out, in[i].text);
	}
	return out->data;
}

/* Releases entry e of the table, or the large one. */
static void cache_drop(struct cache_entry *e);

/* Releases every entry of the table (not the large one). */
static void
cache_empty_table(void)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		cache_drop(&cache_slots[i]);
	cache_used = 0;
}


static void
cache_drop(struct cache_entry *e)
{
	if (e->key == NULL)
		return;
	if (e != &cache_large)
		cache_used -= e->bytes;
	free(e->key);
	free(e->headers);
	free(e->body);
	memset(e, 0, sizeof(*e));
}

int
cache_get(const char *key, unsigned long long version,
    struct http_response *resp)
{
	struct cache_entry *e = cache_slot(key);

	if (cache_large.key != NULL && strcmp(cache_large.key, key) == 0) {
		if (cache_large.version != version) {
			cache_drop(&cache_large);	/* stale for good */
			return 0;
		}
		e = &cache_large;
	}
	if (e->key == NULL || e->version != version || strcmp(e->key, key) != 0)
		return 0;
	http_response_clear(resp);
	resp->status = e->status;
	resp->content_type = e->content_type;
	buf_append(&resp->headers, e->headers, e->headers_len);
	buf_append(&resp->body, e->body, e->body_len);
	return 1;
}

/* Returns a malloc'd copy of the len bytes at p, or NULL. */
static char *
cache_copy(const char *p, size_t len)
{
	char *copy = malloc(len + 1);

	if (copy != NULL) {
		if (len > 0)
			memcpy(copy, p, len);
		copy[len] = '\0';
	}
	return copy;
}

void
cache_put(const char *key, unsigned long long version,
    const struct http_response *resp, int large_ok)
{
	struct cache_entry *e = cache_slot(key);
	size_t key_len = strlen(key);
	size_t bytes = key_len + resp->headers.len + resp->body.len +
	    sizeof(*e);

	if (key_len > CACHE_KEY_MAX || cache_budget == 0 ||
	    bytes > CACHE_LARGE_MAX)
		return;
	if (bytes > cache_budget / 8) {
		/* One page may not crowd out the rest; nor may a page made
		 * large by its posts (a Markdown bomb) hold megabytes. */
		if (!large_ok)
			return;
		e = &cache_large;
		cache_drop(e);
	} else {
		cache_drop(e);
		if (cache_used + bytes > cache_budget)
			cache_empty_table();
	}
	e->key = cache_copy(key, key_len);
	e->headers = cache_copy(resp->headers.data, resp->headers.len);
	e->body = cache_copy(resp->body.data, resp->body.len);
	if (e->key == NULL || e->headers == NULL || e->body == NULL) {
		free(e->key);
		free(e->headers);
		free(e->body);
		memset(e, 0, sizeof(*e));
		return;		/* out of memory: simply not cached */
	}
	e->version = version;
	e->status = resp->status;
	e->content_type = resp->content_type;
	e->headers_len = resp->headers.len;
	e->body_len = resp->body.len;
	e->bytes = bytes;
	if (e != &cache_large)
		cache_used += bytes;
}

void
cache_free(void)
{
	cache_empty_table();
	cache_drop(&cache_large);
}

size_t
cache_bytes_used(void)
{
	return cache_used;
}

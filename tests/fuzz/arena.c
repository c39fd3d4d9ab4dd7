/*
 * arena for the fuzz targets: src/lib/arena.h's interface with one malloc
 * per allocation, of exactly the size asked for. src/lib/arena.c carves
 * many allocations out of one block, so a write one byte past a string
 * lands in its neighbour and AddressSanitizer cannot see it; here every
 * allocation has red zones of its own. Linked instead of src/lib/arena.c.
 */
#include "../../src/lib/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One allocation, remembered so that arena_reset can free it. */
struct arena_block {
	struct arena_block *next;
	void *data;
};

/* Returns malloc(size), aborting as arena.c does when memory runs out. */
static void *
checked_malloc(size_t size)
{
	void *p = malloc(size);

	if (p == NULL) {
		fputs("arena: out of memory\n", stderr);
		abort();
	}
	return p;
}

void
arena_init(struct arena *a, size_t block_size)
{
	a->head = NULL;
	a->block_size = block_size;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	struct arena_block *b = checked_malloc(sizeof(*b));

	/* malloc(0) may be NULL; arena.c hands out one byte then too. */
	b->data = checked_malloc(size ? size : 1);
	b->next = a->head;
	a->head = b;
	return b->data;
}

void *
arena_calloc(struct arena *a, size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	p = arena_alloc(a, n * size);
	memset(p, 0, n * size);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void
arena_reset(struct arena *a)
{
	arena_free(a);
}

void
arena_free(struct arena *a)
{
	struct arena_block *b = a->head;

	while (b != NULL) {
		struct arena_block *next = b->next;

		free(b->data);
		free(b);
		b = next;
	}
	a->head = NULL;
}

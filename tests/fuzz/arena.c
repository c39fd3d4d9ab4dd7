/*
 * arena for the fuzz targets: src/lib/arena.h's interface with one malloc
 * per allocation, of exactly the size asked for. src/lib/arena.c carves
 * many allocations out of one block, so a write one byte past a string
 * lands in its neighbour and AddressSanitizer cannot see it; here every
 * allocation has red zones of its own. Linked instead of src/lib/arena.c
 * (src/lib/arena_copy.c's copies sit on top of either).
 */
#include "../../src/lib/arena.h"

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

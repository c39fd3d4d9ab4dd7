/*
 * arena: a chain of blocks with a bump pointer. Large requests get a block of
 * their own so they never waste the rest of an ordinary one. It counts the
 * bytes it holds, so that arena_trim knows when a request was large enough
 * to hand memory back to the system. (The copies built on arena_alloc are
 * in arena_copy.c, so that the fuzz targets can replace this file alone.)
 */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__		/* defined by the headers above */
#include <malloc.h>
#endif

#define ARENA_DEFAULT_BLOCK (64 * 1024)
#define ARENA_ALIGN _Alignof(max_align_t)

struct arena_block {
	struct arena_block *next;	/* older block */
	size_t size;			/* usable bytes in data */
	size_t used;
	_Alignas(max_align_t) unsigned char data[];
};

void
arena_init(struct arena *a, size_t block_size)
{
	a->head = NULL;
	a->block_size = block_size ? block_size : ARENA_DEFAULT_BLOCK;
	a->held = a->peak = 0;
}

/* Returns a new block of size usable bytes, counted in a's held bytes. */
static struct arena_block *
arena_block_new(struct arena *a, size_t size)
{
	struct arena_block *b = malloc(sizeof(*b) + size);

	if (b == NULL) {
		fputs("arena: out of memory\n", stderr);
		abort();
	}
	a->held += sizeof(*b) + size;
	if (a->held > a->peak)
		a->peak = a->held;
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	struct arena_block *b = a->head;
	size_t start;

	if (size == 0)
		size = 1;
	if (size > SIZE_MAX - ARENA_ALIGN) {
		fputs("arena: allocation too large\n", stderr);
		abort();
	}
	size = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if (b != NULL && b->size - b->used >= size) {
		start = b->used;
		b->used += size;
		return b->data + start;
	}
	if (size > a->block_size / 4) {
		/* A big allocation gets its own block, behind the current one. */
		struct arena_block *big = arena_block_new(a, size);

		big->used = size;
		if (b == NULL) {
			a->head = big;
		} else {
			big->next = b->next;
			b->next = big;
		}
		return big->data;
	}
	b = arena_block_new(a, a->block_size);
	b->next = a->head;
	a->head = b;
	b->used = size;
	return b->data;
}

void
arena_reset(struct arena *a)
{
	struct arena_block *b = a->head, *keep = NULL;

	/* Keep one ordinary block: the next request most likely needs it. */
	while (b != NULL) {
		struct arena_block *next = b->next;

		if (keep == NULL && b->size == a->block_size) {
			keep = b;
			keep->used = 0;
			keep->next = NULL;
		} else {
			free(b);
		}
		b = next;
	}
	a->head = keep;
	a->held = keep != NULL ? sizeof(*keep) + keep->size : 0;
}

void
arena_free(struct arena *a)
{
	struct arena_block *b = a->head;

	while (b != NULL) {
		struct arena_block *next = b->next;

		free(b);
		b = next;
	}
	a->head = NULL;
	a->held = 0;
}

int
arena_trim(struct arena *a, int released)
{
	int grew = a->peak > ARENA_KEEP;

	a->peak = a->held;
	if (!grew && !released)
		return 0;
#ifdef __GLIBC__
	/* Also the pages freed in the middle of the heap, not just its top. */
	malloc_trim(0);
#endif
	return 1;
}

/*
 * arena: request-lifetime memory. Everything a request allocates comes from
 * one arena and is released at once by arena_reset, so a long-lived worker
 * never leaks and never frees piecemeal.
 */
#ifndef LIB_ARENA_H
#define LIB_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;	/* newest block, allocations come from here */
	size_t block_size;		/* size of ordinary blocks */
	size_t held;			/* bytes of the blocks held now */
	size_t peak;			/* the most held since arena_trim */
};

/* What one request may have held and leave to the process (arena_trim). */
#define ARENA_KEEP	(1024 * 1024)

/* Prepares an empty arena whose blocks are block_size bytes (0: a default). */
void arena_init(struct arena *a, size_t block_size);

/*
 * Returns size bytes aligned for any type; aborts if malloc fails or size
 * is past what memory can hold.
 */
void *arena_alloc(struct arena *a, size_t size);

/*
 * Returns a zeroed array of n elements of size bytes; aborts, as
 * arena_alloc does, if malloc fails or n * size overflows.
 */
void *arena_calloc(struct arena *a, size_t n, size_t size);

/* Returns a NUL-terminated copy of the len bytes at s. */
char *arena_strndup(struct arena *a, const char *s, size_t len);

/* Returns a NUL-terminated copy of s. */
char *arena_strdup(struct arena *a, const char *s);

/* Returns a printf-formatted string. */
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Releases everything but the first block, which is kept for the next request. */
void arena_reset(struct arena *a);

/* Releases everything. */
void arena_free(struct arena *a);

/*
 * At the end of a request, after arena_reset: hands the memory the
 * process has freed back to the system when the arena held more than
 * ARENA_KEEP bytes since the last call, or when released says the caller
 * has just freed large buffers of its own (buf_trim). glibc keeps freed
 * memory for reuse, so without this a worker would stay as large as its
 * largest request. Returns 1 if it handed memory back, else 0.
 */
int arena_trim(struct arena *a, int released);

#endif

/*
 * buf: a growable byte buffer for output that is built piece by piece
 * (a response body, a rendered page). Always NUL-terminated.
 */
#ifndef LIB_BUF_H
#define LIB_BUF_H

#include <stddef.h>

struct buf {
	char *data;	/* NUL-terminated when cap > 0 */
	size_t len;
	size_t cap;
};

/* Appends len bytes; aborts only if malloc fails. */
void buf_append(struct buf *b, const char *s, size_t len);

/* Appends a NUL-terminated string. */
void buf_puts(struct buf *b, const char *s);

/* Appends a printf-formatted string. */
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Empties the buffer, keeping its memory. */
void buf_clear(struct buf *b);

/* Releases the memory. */
void buf_free(struct buf *b);

/*
 * The capacity a buffer reused for every request may keep between them:
 * a buffer that one large answer grew past it gives its memory back, so
 * that the worker does not stay that large for good.
 */
#define BUF_KEEP	(1024 * 1024)

/*
 * Empties the buffer, and releases its memory when its capacity is over
 * BUF_KEEP. Returns 1 if it released it, else 0.
 */
int buf_trim(struct buf *b);

#endif

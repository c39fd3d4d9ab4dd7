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

#endif

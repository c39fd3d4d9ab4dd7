/*
 * response: an HTTP response built in memory (status, headers, body) and
 * sent once, so that a handler can change its mind (an error page instead
 * of a half-written one) until the very end. Its buffers live as long as
 * the worker and are reused by every request.
 */
#ifndef HTTP_RESPONSE_H
#define HTTP_RESPONSE_H

#include "../lib/buf.h"
#include "request.h"

struct http_response {
	int status;			/* 200 unless set */
	const char *content_type;	/* a static string; NULL for none */
	struct buf headers;		/* more "Name: value\r\n" lines */
	struct buf body;
	struct buf head;		/* the header block, built by send */
};

/* Prepares an empty response (status 200, no headers, no body). */
void http_response_init(struct http_response *resp);

/* Empties resp for the next request, keeping its memory. */
void http_response_reset(struct http_response *resp);

/* Drops the headers and body written so far, keeping the memory. */
void http_response_clear(struct http_response *resp);

/*
 * Empties resp once it is sent, releasing each buffer that grew past
 * BUF_KEEP (buf_trim). Returns 1 if any was released, else 0.
 */
int http_response_trim(struct http_response *resp);

/*
 * Adds a header. Returns 0, or -1 (nothing added) if name is not a token or
 * value holds a control character such as CR or LF.
 */
int http_response_header(struct http_response *resp, const char *name,
    const char *value);

/*
 * Writes the response through io: Status, Content-Type, Content-Length,
 * the added headers, then the body unless method is HEAD or the status
 * has none (1xx, 204, 304). Returns 0, or -1 if writing failed.
 */
int http_response_send(struct http_response *resp, enum http_method method,
    const struct http_io *io);

/* Returns the reason phrase of status ("Not Found"), or "Unknown". */
const char *http_status_reason(int status);

/* Releases the memory. */
void http_response_free(struct http_response *resp);

#endif

/*
 * request: one HTTP request as the web server hands it over (CGI/FastCGI
 * parameters and the body), read once into a struct whose strings live in
 * the request's arena. Malformed input is refused here, before any handler.
 */
#ifndef HTTP_REQUEST_H
#define HTTP_REQUEST_H

#include <stddef.h>

#include "urlencode.h"

struct arena;

/* Where a request comes from and its response goes: FastCGI or plain CGI. */
struct http_io {
	/* Returns the parameter (environment variable) called name, or NULL. */
	const char *(*param)(void *ctx, const char *name);
	/* Reads at most len body bytes; returns how many, 0 at the end, -1. */
	long (*read)(void *ctx, char *p, size_t len);
	/* Writes len bytes of the response; returns 0 or -1. */
	int (*write)(void *ctx, const char *p, size_t len);
	void *ctx;
};

/* Methods, as bits so that a route can accept several. */
enum http_method {
	HTTP_GET = 1 << 0,
	HTTP_HEAD = 1 << 1,
	HTTP_POST = 1 << 2,
	HTTP_OTHER = 1 << 3,	/* anything else: always 405 or 404 */
};

/* A body left unread: how much of it is still to come, and from where. */
struct http_body_stream {
	unsigned long long left;
	const struct http_io *io;
};

struct http_request {
	enum http_method method;
	const char *method_name;	/* as sent, e.g. "PUT" */
	const char *uri;		/* REQUEST_URI as sent, for logs */
	const char *path;		/* decoded ('+' kept), from '/' */
	const char *query_string;	/* QUERY_STRING as sent, "" if none */
	struct http_params query;	/* QUERY_STRING, decoded */
	struct http_params form;	/* a urlencoded body, decoded */
	struct http_params cookies;
	const char *content_type;	/* NULL when absent */
	const char *body;		/* exactly body_len bytes, NUL after */
	size_t body_len;
	/* A multipart/form-data body, left unread for its handler to
	 * stream (http_body_read); NULL when the body was read whole. */
	struct http_body_stream *stream;
	const char *host;		/* headers: NULL when absent */
	const char *origin;
	const char *sec_fetch_site;
	const char *if_none_match;
	const char *if_modified_since;
	const char *accept;
	const char *remote_addr;	/* the client's address, NULL if unknown */
};

/* The largest bodies a request may have. */
struct http_limits {
	size_t max_body;		/* read whole: forms */
	size_t max_upload;		/* multipart/form-data, streamed */
};

/*
 * Reads the request from io into r, refusing a body larger than its limit
 * before reading it. A multipart/form-data body is not read: r->stream
 * says how long it is. Returns 0, or the HTTP status to answer (400, 413)
 * with a sentence for the user in *why.
 */
int http_request_read(struct http_request *r, const struct http_io *io,
    struct arena *a, const struct http_limits *limits, const char **why);

/*
 * Reads at most len bytes of a body http_request_read left unread. Returns
 * how many, 0 at its end, or -1 when the body ends short of its
 * Content-Length (the client went away).
 */
long http_body_read(struct http_body_stream *s, char *p, size_t len);

/* Reads and drops what is left of such a body. Returns 0 or -1. */
int http_body_drain(struct http_body_stream *s);

/*
 * Parses a Content-Length value strictly (decimal digits only, no sign or
 * spaces; empty means 0). Returns 0 with the number in *out, or -1.
 */
int http_parse_content_length(const char *s, unsigned long long *out);

/*
 * Returns whether the media type of a Content-Type value (before any ';',
 * case-insensitive) is type.
 */
int http_content_type_is(const char *content_type, const char *type);

#endif

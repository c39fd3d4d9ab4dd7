/*
 * request: the CGI meta-variables of RFC 3875 (which FastCGI passes as
 * parameters) turned into a checked struct http_request.
 */
#include "request.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "../lib/arena.h"
#include "cookie.h"

/* Returns a copy of the parameter, or NULL when it is absent. */
static const char *
param_copy(const struct http_io *io, struct arena *a, const char *name)
{
	const char *v = io->param(io->ctx, name);

	return v ? arena_strdup(a, v) : NULL;
}

static enum http_method
method_from_name(const char *name)
{
	if (strcmp(name, "GET") == 0)
		return HTTP_GET;
	if (strcmp(name, "HEAD") == 0)
		return HTTP_HEAD;
	if (strcmp(name, "POST") == 0)
		return HTTP_POST;
	return HTTP_OTHER;
}

int
http_parse_content_length(const char *s, unsigned long long *out)
{
	unsigned long long n = 0;

	for (; *s != '\0'; s++) {
		unsigned digit;

		if (*s < '0' || *s > '9')
			return -1;
		digit = (unsigned)(*s - '0');
		if (n > (ULLONG_MAX - digit) / 10)
			return -1;
		n = n * 10 + digit;
	}
	*out = n;
	return 0;
}

int
http_content_type_is(const char *content_type, const char *type)
{
	size_t len;

	if (content_type == NULL)
		return 0;
	len = strcspn(content_type, ";");
	while (len > 0 && (content_type[len - 1] == ' ' ||
	    content_type[len - 1] == '\t'))
		len--;
	return len == strlen(type) && strncasecmp(content_type, type, len) == 0;
}

/* Splits REQUEST_URI at '?' and decodes the path; 0 or -1. */
static int
read_path(struct http_request *r, struct arena *a)
{
	size_t len = strcspn(r->uri, "?#");

	if (len == 0 || r->uri[0] != '/')
		return -1;
	r->path = http_url_decode(a, r->uri, len, 0, NULL);
	return r->path ? 0 : -1;
}

/* Reads exactly len bytes of body; 0, or -1 if the body came up short. */
static int
read_body(struct http_request *r, const struct http_io *io, struct arena *a,
    size_t len)
{
	char *body = arena_alloc(a, len + 1);
	size_t got = 0;

	while (got < len) {
		long n = io->read(io->ctx, body + got, len - got);

		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	body[len] = '\0';
	r->body = body;
	r->body_len = len;
	return 0;
}

int
http_request_read(struct http_request *r, const struct http_io *io,
    struct arena *a, const struct http_limits *limits, const char **why)
{
	const char *query, *length;
	unsigned long long content_length = 0;

	memset(r, 0, sizeof(*r));
	r->body = "";
	r->method_name = param_copy(io, a, "REQUEST_METHOD");
	r->uri = param_copy(io, a, "REQUEST_URI");
	if (r->method_name == NULL || r->uri == NULL) {
		*why = "The request has no method or address.";
		return 400;
	}
	r->method = method_from_name(r->method_name);
	if (read_path(r, a) != 0) {
		*why = "The address is not valid: a malformed %-escape or "
		    "text that is not UTF-8.";
		return 400;
	}
	query = param_copy(io, a, "QUERY_STRING");
	r->query_string = query != NULL ? query : "";
	if (query != NULL && http_parse_urlencoded(a, query, strlen(query),
	    &r->query) != 0) {
		*why = "The query string is not valid: a malformed %-escape "
		    "or text that is not UTF-8.";
		return 400;
	}
	http_parse_cookies(a, io->param(io->ctx, "HTTP_COOKIE"), &r->cookies);
	r->content_type = param_copy(io, a, "CONTENT_TYPE");
	r->host = param_copy(io, a, "HTTP_HOST");
	r->origin = param_copy(io, a, "HTTP_ORIGIN");
	r->sec_fetch_site = param_copy(io, a, "HTTP_SEC_FETCH_SITE");
	r->if_none_match = param_copy(io, a, "HTTP_IF_NONE_MATCH");
	r->if_modified_since = param_copy(io, a, "HTTP_IF_MODIFIED_SINCE");
	r->accept = param_copy(io, a, "HTTP_ACCEPT");
	r->remote_addr = param_copy(io, a, "REMOTE_ADDR");

	length = io->param(io->ctx, "CONTENT_LENGTH");
	if (length != NULL && http_parse_content_length(length,
	    &content_length) != 0) {
		*why = "The request's Content-Length is not a number.";
		return 400;
	}
	if (http_content_type_is(r->content_type, "multipart/form-data")) {
		if (content_length > limits->max_upload) {
			*why = "The upload is larger than this site accepts.";
			return 413;
		}
		r->stream = arena_alloc(a, sizeof(*r->stream));
		r->stream->left = content_length;
		r->stream->io = io;
		return 0;
	}
	if (content_length > limits->max_body ||
	    content_length > SIZE_MAX - 1) {
		*why = "The request's body is larger than this site accepts.";
		return 413;
	}
	if (content_length > 0 && read_body(r, io, a,
	    (size_t)content_length) != 0) {
		*why = "The request's body is shorter than its Content-Length.";
		return 400;
	}
	if (http_content_type_is(r->content_type,
	    "application/x-www-form-urlencoded") &&
	    http_parse_urlencoded(a, r->body, r->body_len, &r->form) != 0) {
		*why = "The form's data is not valid: a malformed %-escape or "
		    "text that is not UTF-8.";
		return 400;
	}
	return 0;
}

long
http_body_read(struct http_body_stream *s, char *p, size_t len)
{
	long n;

	if (s->left == 0)
		return 0;
	if (len > s->left)
		len = (size_t)s->left;
	if ((n = s->io->read(s->io->ctx, p, len)) <= 0)
		return -1;
	s->left -= (unsigned long long)n;
	return n;
}

int
http_body_drain(struct http_body_stream *s)
{
	char sink[16384];
	long n;

	while ((n = http_body_read(s, sink, sizeof(sink))) > 0)
		;
	return n == 0 ? 0 : -1;
}

/* response: CGI response headers (RFC 3875, section 6) and the body. */
#include "response.h"

#include <string.h>

void
http_response_init(struct http_response *resp)
{
	memset(resp, 0, sizeof(*resp));
	resp->status = 200;
}

void
http_response_clear(struct http_response *resp)
{
	buf_clear(&resp->headers);
	buf_clear(&resp->body);
	resp->content_type = NULL;
}

void
http_response_reset(struct http_response *resp)
{
	http_response_clear(resp);
	buf_clear(&resp->head);
	resp->status = 200;
}

int
http_response_trim(struct http_response *resp)
{
	int released = 0;

	released |= buf_trim(&resp->headers);
	released |= buf_trim(&resp->body);
	released |= buf_trim(&resp->head);
	http_response_reset(resp);
	return released;
}

/* Returns whether c may appear in a header name (RFC 9110 tchar). */
static int
is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("!#$%&'*+-.^_`|~",
	    c) != NULL);
}

int
http_response_header(struct http_response *resp, const char *name,
    const char *value)
{
	if (*name == '\0')
		return -1;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (!is_tchar(*p))
			return -1;
	for (const unsigned char *p = (const unsigned char *)value; *p; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7F)
			return -1;
	buf_printf(&resp->headers, "%s: %s\r\n", name, value);
	return 0;
}

/* Returns whether a response with this status carries no body at all. */
static int
status_has_no_body(int status)
{
	return (status >= 100 && status < 200) || status == 204 ||
	    status == 304;
}

int
http_response_send(struct http_response *resp, enum http_method method,
    const struct http_io *io)
{
	int bodiless = status_has_no_body(resp->status);

	buf_clear(&resp->head);
	buf_printf(&resp->head, "Status: %d %s\r\n", resp->status,
	    http_status_reason(resp->status));
	if (!bodiless) {
		if (resp->content_type != NULL)
			buf_printf(&resp->head, "Content-Type: %s\r\n",
			    resp->content_type);
		buf_printf(&resp->head, "Content-Length: %zu\r\n",
		    resp->body.len);
	}
	buf_append(&resp->head, resp->headers.data ? resp->headers.data : "",
	    resp->headers.len);
	buf_puts(&resp->head, "\r\n");
	if (io->write(io->ctx, resp->head.data, resp->head.len) != 0)
		return -1;
	if (bodiless || method == HTTP_HEAD || resp->body.len == 0)
		return 0;
	return io->write(io->ctx, resp->body.data, resp->body.len);
}

const char *
http_status_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

void
http_response_free(struct http_response *resp)
{
	buf_free(&resp->headers);
	buf_free(&resp->body);
	buf_free(&resp->head);
}

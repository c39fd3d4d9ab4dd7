/*
 * render: answering with a page. The layout's values, rendering through
 * the view, and conditional GET (ETag, Last-Modified, 304).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../lib/date.h"
#include "../lib/log.h"
#include "../view/view.h"
#include "app.h"

#define HTML_TYPE "text/html; charset=utf-8"

struct view_dict *
page_dict(struct ctx *c, const char *doc_title)
{
	struct view_dict *d = view_dict_new();
	const struct field_value *q = &c->in[FIELD_Q];

	view_set(d, "DOC_TITLE", doc_title);
	view_set(d, "BLOG_TITLE", c->cfg->blog_title);
	view_set(d, "SEARCH_Q", q->present ? q->text : "");
	/* Signing in comes with the write side. */
	view_show(d, "SIGNED_OUT");
	return d;
}

void
page_render(struct ctx *c, int status, const char *page, struct view_dict *d)
{
	struct http_response *resp = c->resp;

	buf_clear(&resp->body);
	if (view_render_page(page, d, &resp->body) != 0) {
		view_dict_free(d);
		log_error("%s %s: rendering template %s.tpl failed",
		    c->req->method_name, c->req->uri, page);
		app_error(c, 500, "This page could not be shown.");
		return;
	}
	view_dict_free(d);
	resp->status = status;
	resp->content_type = HTML_TYPE;
	/* Pages change whenever a post does: revalidate every time. */
	http_response_header(resp, "Cache-Control", "no-cache");
}

#define FNV_OFFSET_BASIS 0xcbf29ce484222325ULL

/* Returns the 64-bit FNV-1a hash of s continued from h. */
static uint64_t
fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/*
 * Returns whether the If-None-Match list holds etag, comparing weakly (W/
 * ignored), as RFC 9110 asks for GET and HEAD.
 */
static int
etag_listed(const char *list, const char *etag)
{
	const char *opaque = strncmp(etag, "W/", 2) == 0 ? etag + 2 : etag;
	size_t len = strlen(opaque);

	while (*list != '\0') {
		size_t n;

		while (*list == ' ' || *list == '\t' || *list == ',')
			list++;
		if (*list == '*')
			return 1;
		if (strncmp(list, "W/", 2) == 0)
			list += 2;
		n = strcspn(list, ",");
		while (n > 0 && (list[n - 1] == ' ' || list[n - 1] == '\t'))
			n--;
		if (n == len && strncmp(list, opaque, len) == 0)
			return 1;
		list += strcspn(list, ",");
	}
	return 0;
}

int
page_not_modified(struct ctx *c, const char *version,
    const struct date *last_modified)
{
	const struct http_request *req = c->req;
	char etag[32], date[DATE_BUFSZ];
	long long since;
	int current = 0;

	/* The layout shows the blog's title too. */
	snprintf(etag, sizeof(etag), "W/\"%016llx\"", (unsigned long long)
	    fnv1a(fnv1a(FNV_OFFSET_BASIS, version), c->cfg->blog_title));
	http_response_header(c->resp, "ETag", etag);
	if (last_modified != NULL) {
		date_http(last_modified, date, sizeof(date));
		http_response_header(c->resp, "Last-Modified", date);
	}
	if (req->if_none_match != NULL)
		current = etag_listed(req->if_none_match, etag);
	else if (req->if_modified_since != NULL && last_modified != NULL &&
	    date_parse_http(req->if_modified_since, &since) == 0)
		current = date_to_unix(last_modified) <= since;
	if (!current)
		return 0;
	c->resp->status = 304;
	buf_clear(&c->resp->body);
	http_response_header(c->resp, "Cache-Control", "no-cache");
	return 1;
}

void
app_redirect(struct ctx *c, int status, const char *location)
{
	http_response_clear(c->resp);
	c->resp->status = status;
	if (http_response_header(c->resp, "Location", location) != 0) {
		log_error("%s %s: refused a redirect to an unsafe location",
		    c->req->method_name, c->req->uri);
		app_error(c, 500, "This page could not be shown.");
	}
}

/*
 * errors: the error pages (error.tpl in the layout) and the one place a
 * database failure becomes a log line and a 500 or 503.
 */
#include <stdio.h>

#include "../lib/log.h"
#include "../view/view.h"
#include "app.h"

/* Returns the page's title for status. */
static const char *
error_title(int status)
{
	switch (status) {
	case 400: return "Bad request";
	case 403: return "Forbidden";
	case 404: return "Page not found";
	case 405: return "Method not allowed";
	case 413: return "Request too large";
	case 503: return "Temporarily unavailable";
	default: return "Something went wrong";
	}
}

void
app_error(struct ctx *c, int status, const char *message)
{
	struct http_response *resp = c->resp;
	struct view_dict *d;
	char doc_title[512];

	http_response_clear(resp);
	resp->status = status;
	snprintf(doc_title, sizeof(doc_title), "%s — %s", error_title(status),
	    c->cfg->blog_title);
	d = page_dict(c, doc_title);
	view_set_int(d, "STATUS", status);
	view_set(d, "ERROR_TITLE", error_title(status));
	view_set(d, "ERROR_MESSAGE", message);
	if (view_render_page("error", d, &resp->body) == 0) {
		resp->content_type = "text/html; charset=utf-8";
	} else {
		/* Even the error page failed: say it in plain text. */
		log_error("%s %s: rendering template error.tpl failed",
		    c->req->method_name ? c->req->method_name : "-",
		    c->req->uri ? c->req->uri : "-");
		buf_clear(&resp->body);
		buf_printf(&resp->body, "%d %s\n", status, message);
		resp->content_type = "text/plain; charset=utf-8";
	}
	view_dict_free(d);
	page_cache_headers(c);
}

void
app_db_error(struct ctx *c, int rc, const char *doing)
{
	log_error("%s %s: %s: %s", c->req->method_name, c->req->uri, doing,
	    c->db->error);
	/* The error page's layout must not ask the failing database who is
	 * signed in (and wait for it again): it shows the signed-out one. */
	if (!c->auth_known) {
		c->auth_known = 1;
		c->auth_rc = rc;
	}
	if (rc == DB_UNAVAILABLE)
		app_error(c, 503, "The database is not answering. Please try "
		    "again in a moment.");
	else
		app_error(c, 500, "Something went wrong on our side. Please "
		    "try again later.");
}

void
app_method_not_allowed(struct ctx *c, unsigned allow)
{
	char methods[64];

	route_allow_string(allow, methods, sizeof(methods));
	app_error(c, 405, arena_printf(c->arena, "This address only answers "
	    "%s requests.", methods));
	http_response_header(c->resp, "Allow", methods);
}

/*
 * errors: the error pages (error.tpl in the layout), redirects, and the
 * one place a database failure becomes a log line and a 500 or 503: what
 * the dispatcher makes of a handler's outcome when it is not a page.
 */
#include <stdio.h>

#include "../lib/log.h"
#include "../view/view.h"
#include "errors.h"
#include "render.h"

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
error_page(struct ctx *c, int status, const char *message)
{
	struct http_response *resp = c->resp;
	struct view_dict *d;
	char doc_title[512];

	http_response_clear(resp);
	resp->status = status;
	c->noindex = 1;
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

/* Answers a model failure rc while doing: see outcome.h. */
static void
db_error_page(struct ctx *c, int rc, const char *doing)
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
		error_page(c, 503, "The database is not answering. Please try "
		    "again in a moment.");
	else
		error_page(c, 500, "Something went wrong on our side. Please "
		    "try again later.");
}

/*
 * Answers a redirect with status to location, keeping the headers the
 * handler added (its cookies).
 */
static void
redirect(struct ctx *c, int status, const char *location)
{
	buf_clear(&c->resp->body);
	c->resp->content_type = NULL;
	c->resp->status = status;
	if (http_response_header(c->resp, "Location", location) != 0) {
		log_error("%s %s: refused a redirect to an unsafe location",
		    c->req->method_name, c->req->uri);
		error_page(c, 500, "This page could not be shown.");
	}
}

void
error_answer(struct ctx *c, const struct outcome *out)
{
	switch (out->kind) {
	case OUTCOME_PAGE:
		break;
	case OUTCOME_REDIRECT:
		redirect(c, out->status, out->text);
		break;
	case OUTCOME_ERROR:
		error_page(c, out->status, out->text);
		break;
	case OUTCOME_DB_ERROR:
		db_error_page(c, out->rc, out->text);
		break;
	}
}

void
error_method_not_allowed(struct ctx *c, unsigned allow)
{
	char methods[64];

	route_allow_string(allow, methods, sizeof(methods));
	error_page(c, 405, arena_printf(c->arena, "This address only answers "
	    "%s requests.", methods));
	http_response_header(c->resp, "Allow", methods);
}

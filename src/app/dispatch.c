/*
 * dispatch: one request, end to end (ARCHITECTURE.md): read, route, check
 * the fields, run the handler, answer its outcome (errors.c: the only
 * place an error page is rendered), send, and reset the request's memory.
 */
#include <string.h>

#include "../lib/log.h"
#include "dispatch.h"
#include "errors.h"
#include "feed.h"
#include "health.h"
#include "login.h"
#include "manage.h"
#include "media.h"
#include "posts.h"
#include "posts_write.h"
#include "render.h"
#include "replica.h"
#include "sitemap.h"
#include "tags.h"

/* The handlers, indexed by the pages of routes.h, by file. */
static struct outcome (*const handlers[PAGE__MAX])(struct ctx *) = {
	[PAGE_ROOT] = handle_root, [PAGE_BLOG] = handle_root,
	[PAGE_INDEX] = handle_index, [PAGE_POST] = handle_post,
	[PAGE_TAGS] = handle_tags, [PAGE_TAG] = handle_tag,
	[PAGE_FEED] = handle_feed, [PAGE_TAG_FEED] = handle_tag_feed,
	[PAGE_ROBOTS] = handle_robots, [PAGE_SITEMAP] = handle_sitemap,
	[PAGE_SITEMAP_PART] = handle_sitemap_part,
	[PAGE_HEALTH] = handle_health,
	[PAGE_CREATE] = handle_create, [PAGE_EDIT] = handle_edit,
	[PAGE_PREVIEW] = handle_preview, [PAGE_MANAGE] = handle_manage,
	[PAGE_DELETE] = handle_delete, [PAGE_RESTORE] = handle_restore,
	[PAGE_LOGIN] = handle_login, [PAGE_LOGOUT] = handle_logout,
	[PAGE_MEDIA] = handle_media, [PAGE_MEDIA_DELETE] = handle_media_delete,
};

/*
 * Makes route's page for c into *out: returns 1 when page_answer_known
 * answered it (a 304, a kept page, a failure), 0 when the handler did.
 */
static int
page_make(struct ctx *c, size_t route, struct outcome *out)
{
	if (page_versioned[route] && page_answer_known(c, out))
		return 1;
	*out = handlers[route](c);
	return 0;
}

/*
 * Answers the request in c for the route m found, its query fields
 * checked: reads its form fields (from the body of a POST, else from the
 * query string, as a GET form sends them), answers a conditional GET of a
 * versioned page or runs the handler, and turns the outcome into c->resp.
 */
static void
run(struct ctx *c, const struct route_match *m)
{
	const struct http_request *req = c->req;
	struct outcome out;
	int answered;

	c->slug = m->slug;
	c->noindex = page_for_authors[m->route];
	(void)field_read_form(fields, FIELD__MAX, routes[m->route].fields,
	    req->method == HTTP_POST ? &req->form : &req->query, c->in);
	answered = page_make(c, m->route, &out);
	if (replica_failed(c, &out)) {
		/* The replica failed half-way through a reader's page: the
		 * page again, from the primary. */
		http_response_reset(c->resp);
		answered = page_make(c, m->route, &out);
	}
	error_answer(c, &out);
	if (answered)
		return;
	if (page_versioned[m->route])
		page_remember(c, page_large[m->route]);
	if (req->method == HTTP_POST)
		page_publish_writes(c);
}

void
dispatch_request(struct app *app, const struct http_io *io)
{
	struct http_request req;
	struct route_match match;
	struct ctx c;
	const struct http_limits limits = {
		app->cfg.max_body, app->cfg.max_upload
	};
	const char *why = NULL;
	size_t bad;
	int status;

	memset(&c, 0, sizeof(c));
	c.app = app;
	c.cfg = &app->cfg;
	c.db = &app->db;
	c.arena = &app->arena;
	c.req = &req;
	c.resp = &app->resp;
	http_response_reset(&app->resp);

	status = http_request_read(&req, io, &app->arena, &limits, &why);
	if (status != 0)
		error_page(&c, status, why);
	else if ((status = route_find(routes, PAGE__MAX, req.method, req.path,
	    &app->arena, &match)) == 404)
		error_page(&c, 404, "There is no page at this address.");
	else if (status == 405)
		error_method_not_allowed(&c, match.allow);
	else if (field_validate(fields, FIELD__MAX, routes[match.route].fields,
	    &req.query, c.in, &bad) != 0)
		error_page(&c, 400, fields[bad].error);
	else if (req.stream != NULL && !page_takes_upload[match.route])
		error_page(&c, 415, "This page takes no file uploads.");
	else
		run(&c, &match);
	/* What a handler left of an upload is read, so that the web server
	 * hears the answer rather than a closed connection. */
	if (req.stream != NULL && http_body_drain(req.stream) != 0)
		log_error("%s %s: the upload ended short (client gone?)",
		    req.method_name, req.uri);
	if (http_response_send(&app->resp, req.method, io) != 0)
		log_error("%s %s: the response could not be sent "
		    "(client gone?)",
		    req.method_name ? req.method_name : "-",
		    req.uri ? req.uri : "-");
	arena_reset(&app->arena);
	/* One large answer must not leave the worker large for good ('|':
	 * both buffers are trimmed). */
	arena_trim(&app->arena, http_response_trim(&app->resp) |
	    buf_trim(&app->scratch));
}

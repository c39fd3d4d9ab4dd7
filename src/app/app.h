/*
 * app: what blog.fcgi's handlers share: the process (configuration, the
 * database connection, scratch memory) and the request being answered.
 * How a request is answered is dispatch.h; the helpers a handler answers
 * with are auth.h, render.h and list.h, and what it returns outcome.h.
 */
#ifndef APP_APP_H
#define APP_APP_H

#include "../http/request.h"
#include "../http/response.h"
#include "../lib/arena.h"
#include "../lib/buf.h"
#include "../lib/config.h"
#include "../lib/zone.h"
#include "../model/db.h"
#include "../model/site.h"
#include "routes.h"

struct signed_in;

/* The worker process: created once at start. */
struct app {
	struct config cfg;
	struct zone zone;		/* [blog] timezone's, for every time shown */
	struct db db;			/* the primary */
	/* [database.replica]'s connection, when config.ini names one:
	 * cfg with the replica's address and account (replica.h). */
	struct config replica_cfg;
	struct db replica;
	struct arena arena;		/* reset after every request */
	struct http_response resp;
	struct buf scratch;		/* Markdown, excerpts, URLs */
};

/* One request, as a handler sees it: inputs checked, output to fill. */
struct ctx {
	struct app *app;
	const struct config *cfg;
	struct db *db;			/* the primary's, or for an anonymous
					   reader's page the replica's */
	struct arena *arena;
	const struct http_request *req;
	struct http_response *resp;
	const char *slug;		/* the route's {slug}, or NULL */
	struct field_value in[FIELD__MAX];	/* the route's fields, checked
						   (routes.h) */

	/* auth_user's answer, looked up once (auth.h). */
	int auth_known;
	int auth_rc;			/* DB_OK, DB_NOT_FOUND or a failure */
	const struct signed_in *user;	/* NULL when signed out */

	int no_store;			/* the page holds a form's token */
	/* Search engines are to leave the page out of their index: an
	 * author's page, a search, an error. */
	int noindex;
	/* The page shows what readers may not see (a draft, a preview):
	 * private, no-store, noindex. */
	int unpublished;

	/* The site's version and post count, read by page_answer_known. */
	struct site_state site;
	/* Apache may serve this page as a copy (pagefile.h), and the copy
	 * of this version is made. */
	int copy;
	int copy_made;
};

#endif

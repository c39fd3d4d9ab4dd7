/*
 * app: what blog.fcgi's handlers share: the process (configuration, the
 * database connection, scratch memory) and the request being answered,
 * plus the helpers every handler uses to answer (pages in the layout,
 * errors, redirects, conditional GET).
 */
#ifndef APP_APP_H
#define APP_APP_H

#include "../http/request.h"
#include "../http/response.h"
#include "../lib/arena.h"
#include "../lib/buf.h"
#include "../lib/config.h"
#include "../model/db.h"
#include "routes.h"

struct date;
struct page;
struct post_list;
struct view_dict;

/* The worker process: created once at start. */
struct app {
	struct config cfg;
	struct db db;
	struct arena arena;		/* reset after every request */
	struct http_response resp;
	struct buf scratch;		/* Markdown, excerpts, URLs */
};

/* One request, as a handler sees it: inputs checked, output to fill. */
struct ctx {
	struct app *app;
	const struct config *cfg;
	struct db *db;
	struct arena *arena;
	const struct http_request *req;
	struct http_response *resp;
	const char *slug;		/* the route's {slug}, or NULL */
	struct field_value in[FIELD__MAX];	/* the route's query fields */
};

/* Handlers: each answers through c->resp (routes.h has their pages). */
void handle_root(struct ctx *c);
void handle_index(struct ctx *c);
void handle_post(struct ctx *c);
void handle_tag(struct ctx *c);
void handle_tags(struct ctx *c);
void handle_feed(struct ctx *c);
void handle_health(struct ctx *c);

/* render.c */

/*
 * Returns a new dictionary for a page in the layout, with the layout's
 * values set: DOC_TITLE from doc_title, BLOG_TITLE, SEARCH_Q, and the
 * signed-out section.
 */
struct view_dict *page_dict(struct ctx *c, const char *doc_title);

/*
 * Renders templates/page.tpl in the layout with d (then freed) as the
 * response with status, as HTML. A failure to render becomes a 500 page.
 */
void page_render(struct ctx *c, int status, const char *page,
    struct view_dict *d);

/*
 * Sends Last-Modified (when last_modified is not NULL) and an ETag made
 * from version (a string naming everything the page shows), and returns 1
 * with a 304 response when the request's If-None-Match or, without it,
 * If-Modified-Since says the client's copy is current; else 0.
 */
int page_not_modified(struct ctx *c, const char *version,
    const struct date *last_modified);

/*
 * Renders a list of posts (the index, a search, a tag's page): heading,
 * page p of the list, pagination links to path with q (may be NULL) kept,
 * and empty_message when there are no posts.
 */
void list_render(struct ctx *c, const char *doc_title, const char *heading,
    const struct post_list *posts, const struct page *p, const char *path,
    const char *q, const char *empty_message);

/* Answers a redirect (301, 302, 303) to location. */
void app_redirect(struct ctx *c, int status, const char *location);

/* errors.c */

/*
 * Answers an error page (error.tpl) with status and one sentence for the
 * user; anything written so far is dropped.
 */
void app_error(struct ctx *c, int status, const char *message);

/*
 * Answers a model failure: logs one line with the request, what was being
 * done and the database's reason, and answers 503 (DB_UNAVAILABLE) or 500.
 */
void app_db_error(struct ctx *c, int rc, const char *doing);

/* Answers 405 with Allow listing the path's methods. */
void app_method_not_allowed(struct ctx *c, unsigned allow);

#endif

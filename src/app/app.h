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
#include "../http/token.h"
#include "../lib/arena.h"
#include "../lib/buf.h"
#include "../lib/config.h"
#include "../model/db.h"
#include "../model/site.h"
#include "routes.h"

struct date;
struct page;
struct post;
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

/* The author signed in on a request, from its session cookie. */
struct signed_in {
	long long user_id;
	long long session_id;
	const char *username;
	const char *csrf_token;		/* the session's; every POST has it */
	struct session_token token;	/* the cookie's */
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

	/* auth_user's answer, looked up once. */
	int auth_known;
	int auth_rc;			/* DB_OK, DB_NOT_FOUND or a failure */
	const struct signed_in *user;	/* NULL when signed out */

	int no_store;			/* the page holds a form's token */

	/* The site's version and post count, read by page_answer_known. */
	struct site_state site;
};

/* Handlers: each answers through c->resp (routes.h has their pages). */
void handle_root(struct ctx *c);
void handle_index(struct ctx *c);
void handle_post(struct ctx *c);
void handle_tag(struct ctx *c);
void handle_tags(struct ctx *c);
void handle_feed(struct ctx *c);
void handle_health(struct ctx *c);
void handle_create(struct ctx *c);
void handle_edit(struct ctx *c);
void handle_delete(struct ctx *c);
void handle_login(struct ctx *c);
void handle_logout(struct ctx *c);

/* auth.c */

/*
 * Returns the author signed in on the request (its session cookie names an
 * unexpired session), or NULL; the session is looked up once a request. A
 * database failure counts as signed out here (c->auth_rc says which).
 */
const struct signed_in *auth_user(struct ctx *c);

/*
 * Lets only a signed-in author through to a page that changes posts.
 * A POST must come from this site (Origin, Sec-Fetch-Site) and carry the
 * session's csrf_token, else 403; a visitor not signed in is sent to
 * /login?next=return_to (303). Returns 0 to go on, or -1 having answered.
 */
int auth_require(struct ctx *c, const char *return_to);

/*
 * auth_require for a form that can show again what was sent: a POST from
 * this site whose session the database could not read (c->auth_rc:
 * DB_UNAVAILABLE or DB_ERROR, logged) gets AUTH_UNCHECKED and no answer
 * yet, rather than the error page.
 */
#define AUTH_UNCHECKED 1
int auth_require_form(struct ctx *c, const char *return_to);

/* posts.c */

/*
 * Reads the post of the route's slug with its tags into *post. Returns 0,
 * or -1 having answered 404 (no such post) or the error page of a database
 * failure, logged as doing the slug.
 */
int post_load(struct ctx *c, struct post *post, const char *doing);

/* render.c */

/*
 * Returns a new dictionary for a page in the layout, with the layout's
 * values set: DOC_TITLE from doc_title, BLOG_TITLE, SEARCH_Q, and either
 * SIGNED_IN (with USERNAME and CSRF_TOKEN, seen by the page too) or
 * SIGNED_OUT.
 */
struct view_dict *page_dict(struct ctx *c, const char *doc_title);

/*
 * Renders templates/page.tpl in the layout with d (then freed) as the
 * response with status, as HTML, with page_cache_headers. A failure to
 * render becomes a 500 page.
 */
void page_render(struct ctx *c, int status, const char *page,
    struct view_dict *d);

/*
 * Adds the Cache-Control of an HTML page: "no-store" for a form holding
 * a token (c->no_store), "private, no-cache" for a signed-in author,
 * "no-cache" for everyone else; and Vary: Cookie.
 */
void page_cache_headers(struct ctx *c);

/*
 * For a page that shows only what the site's version covers (routes.h,
 * page_versioned): reads the version (one primary-key read), sends an ETag
 * and Last-Modified made from it, and answers at once, returning 1, with a
 * 304 when the client's copy is current, with the worker's cached copy for a
 * reader who is not signed in, or with an error page when the version cannot
 * be read. Returns 0 when the handler must make the page.
 */
int page_answer_known(struct ctx *c);

/* Keeps the page just made in the worker's cache, when it may be shared. */
void page_remember(struct ctx *c);

/*
 * Renders a list of posts (the index, a search, a tag's page): heading,
 * page p of the list, pagination links to path with q (may be NULL) kept,
 * and empty_message when there are no posts.
 */
void list_render(struct ctx *c, const char *doc_title, const char *heading,
    const struct post_list *posts, const struct page *p, const char *path,
    const char *q, const char *empty_message);

/* What a search says above its list (list_render_notes). */
struct list_notes {
	const char *count;	/* how many posts match, or NULL */
	const char *ignored;	/* the words left out, or NULL */
	const char *pages;	/* what "Page N of" says when the count is
				   an estimate ("more than 100"), or NULL */
};

/* list_render with notes above the list. */
void list_render_notes(struct ctx *c, const char *doc_title,
    const char *heading, const struct post_list *posts, const struct page *p,
    const char *path, const char *q, const char *empty_message,
    const struct list_notes *notes);

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

/*
 * render: answering with a page in the layout, and conditional GET (ETag,
 * Last-Modified, 304, the worker's cached copy). Uses auth.h to know who
 * is signed in; a page that cannot be made is an outcome, never an error
 * page rendered here.
 */
#ifndef APP_RENDER_H
#define APP_RENDER_H

#include "app.h"
#include "outcome.h"

struct date;
struct view_dict;

/*
 * Returns a new dictionary for a page in the layout, with the layout's
 * values set: DOC_TITLE from doc_title, BLOG_TITLE, SEARCH_Q, the head's
 * (meta.h), and either SIGNED_IN (with USERNAME and CSRF_TOKEN, seen by
 * the page too) or SIGNED_OUT.
 */
struct view_dict *page_dict(struct ctx *c, const char *doc_title);

/*
 * Renders templates/page.tpl in the layout with d (then freed) as the
 * response with status, as HTML, with page_cache_headers. Returns
 * outcome_page, or a 500 error when it cannot be rendered (logged).
 */
struct outcome page_render(struct ctx *c, int status, const char *page,
    struct view_dict *d);

/*
 * Sets prefix_ISO (RFC 3339, UTC) and prefix_HUMAN ("3 December 2026", in
 * the blog's time zone) in d for the time utc.
 */
void page_set_date(struct ctx *c, struct view_dict *d, const char *prefix,
    const struct date *utc);

/* page_set_date with the time of day: "3 December 2026, 09:00". */
void page_set_time(struct ctx *c, struct view_dict *d, const char *prefix,
    const struct date *utc);

/*
 * Adds the Cache-Control of an HTML page: "private, no-store" for a page
 * readers may not see (c->unpublished), "no-store" for a form holding a
 * token (c->no_store), "private, no-cache" for a signed-in author,
 * "no-cache" for everyone else; and Vary: Cookie.
 */
void page_cache_headers(struct ctx *c);

/*
 * For a page that shows only what the site's version covers (routes.h,
 * page_versioned): reads the version (one primary-key read; first showing
 * the scheduled posts whose time has come, when it says some are: so no
 * page, cached or made, is from before their time), sends an ETag
 * and Last-Modified (the version's, or for a page Apache serves readers
 * as a copy, the copy's: pagefile.h), and returns 1 with the answer in
 * *out when there is one at once: a 304 when the client's copy is current
 * (page_is_current), the worker's cached copy (a signed-in author's own,
 * for the session), or the failure to read the version. Returns 0 when
 * the handler must make the page.
 */
int page_answer_known(struct ctx *c, struct outcome *out);

/*
 * Returns whether the client's copy is current: its If-None-Match lists
 * etag (compared weakly, W/ ignored, as RFC 9110 asks for GET and HEAD),
 * or, without If-None-Match, its If-Modified-Since (an HTTP date, in
 * if_modified_since, NULL when absent) is not before changed (Unix time).
 */
int page_is_current(const char *if_none_match, const char *if_modified_since,
    const char *etag, long long changed);

/*
 * Keeps the page just made (a 200 that holds no form's token and nothing
 * unpublished) in the worker's cache, a signed-in author's under the
 * session's own key; large_ok: even when large (routes.h, page_large). A
 * reader's page (not signed in, GET) is also kept as a file for Apache
 * (pagefile.h), and answered with its validators: a 304 when the client
 * has it.
 */
void page_remember(struct ctx *c, int large_ok);

/*
 * After a request that may have written (a POST): makes the site's version
 * now the one whose copies Apache serves (pagefile_publish), and the one
 * below which the replica is not read (replica.h), so that the very next
 * request on this host sees the write. One primary-key read.
 */
void page_publish_writes(struct ctx *c);

#endif

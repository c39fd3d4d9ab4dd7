/*
 * auth: who is signed in on a request, and the guard of the pages that
 * change posts. It answers only with outcomes (outcome.h), never a page.
 */
#ifndef APP_AUTH_H
#define APP_AUTH_H

#include "../http/token.h"
#include "app.h"
#include "outcome.h"

/* The author signed in on a request, from its session cookie. */
struct signed_in {
	long long user_id;
	long long session_id;
	const char *username;
	const char *csrf_token;		/* the session's; every POST has it */
	struct session_token token;	/* the cookie's */
};

/*
 * Returns the author signed in on the request (its session cookie names an
 * unexpired session), or NULL; the session is looked up once a request. A
 * database failure counts as signed out here (c->auth_rc says which; it is
 * logged).
 */
const struct signed_in *auth_user(struct ctx *c);

/*
 * Returns whether c's request carries a session cookie, whether or not it
 * names a live session: an author's request, read from the primary
 * (replica.h).
 */
int auth_cookie_given(struct ctx *c);

/*
 * auth_user and site_get_state (site.h) at once: one statement when the
 * request names a session not looked up yet. Fills *site; returns DB_OK,
 * or the failure to read the site's state (an author's failed read is
 * auth_user's, as there).
 */
int auth_user_and_site(struct ctx *c, struct site_state *site);

/* What auth_require and auth_require_form return. */
#define AUTH_OK 0		/* go on */
#define AUTH_REFUSED (-1)	/* *refusal says how to answer */
#define AUTH_UNCHECKED 1	/* auth_require_form only: see there */

/*
 * Lets only a signed-in author through to a page that changes posts.
 * A POST must come from this site (Origin, Sec-Fetch-Site) and carry the
 * session's token (the route's FIELD_CSRF), else 403; a visitor not signed
 * in is sent to /login?next=return_to (303); a session the database could
 * not read is that failure. Returns AUTH_OK, or AUTH_REFUSED with the
 * answer in *refusal.
 */
int auth_require(struct ctx *c, const char *return_to,
    struct outcome *refusal);

/*
 * auth_require for a form that can show again what was sent: a POST from
 * this site whose session the database could not read (c->auth_rc:
 * DB_UNAVAILABLE or DB_ERROR, logged) gets AUTH_UNCHECKED and no
 * *refusal, rather than the error page.
 */
int auth_require_form(struct ctx *c, const char *return_to,
    struct outcome *refusal);

/* Returns the 403 for a state-changing request another site made. */
struct outcome auth_refuse_cross_site(void);

/* Returns the 403 for a form without this site's token. */
struct outcome auth_refuse_token(void);

#endif

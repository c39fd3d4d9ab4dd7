/*
 * auth: who is signed in, and the guard of the pages that change posts. A
 * session is a random token in an HttpOnly cookie naming a row of the
 * sessions table (its SHA-256 there); every POST must come from this site
 * and carry the session's token. Signing in and out is login.c.
 */
#include "../http/csrf.h"
#include "../http/urlencode.h"
#include "../lib/log.h"
#include "../model/session.h"
#include "../model/site.h"
#include "auth.h"

_Static_assert(SESSION_TOKEN_HASH_BYTES == SESSION_HASH_BYTES,
    "the cookie's token hash is what the sessions table keeps");

/*
 * Reads the request's session cookie into *token: returns 0, or -1 when
 * there is none (or it is not a token).
 */
static int
session_cookie(struct ctx *c, struct session_token *token)
{
	const char *cookie = http_params_get(&c->req->cookies, SESSION_COOKIE,
	    NULL);

	return cookie == NULL || token_parse(cookie, token) != 0 ? -1 : 0;
}

/* Keeps what reading the session answered (rc, and s when DB_OK) as the
 * request's author. */
static void
auth_keep(struct ctx *c, int rc, const struct session *s,
    const struct session_token *token)
{
	struct signed_in *user;

	c->auth_rc = rc;
	if (rc != DB_OK) {
		if (rc != DB_NOT_FOUND)
			log_error("%s %s: reading the session: %s",
			    c->req->method_name, c->req->uri, c->db->error);
		return;
	}
	user = arena_calloc(c->arena, 1, sizeof(*user));
	user->user_id = s->user_id;
	user->session_id = s->id;
	user->username = s->username;
	user->csrf_token = s->csrf_token;
	user->token = *token;
	c->user = user;
}

const struct signed_in *
auth_user(struct ctx *c)
{
	struct session_token token;
	struct session s;

	if (c->auth_known)
		return c->user;
	c->auth_known = 1;
	c->auth_rc = DB_NOT_FOUND;
	if (session_cookie(c, &token) != 0)
		return NULL;
	auth_keep(c, session_get(c->db, c->arena, token.hash, &s), &s,
	    &token);
	return c->user;
}

int
auth_cookie_given(struct ctx *c)
{
	struct session_token token;

	return session_cookie(c, &token) == 0;
}

int
auth_user_and_site(struct ctx *c, struct site_state *site)
{
	struct session_token token;
	struct session s;
	int rc;

	if (c->auth_known || session_cookie(c, &token) != 0) {
		(void)auth_user(c);
		return site_get_state(c->db, c->arena, site);
	}
	c->auth_known = 1;
	rc = session_get_with_site(c->db, c->arena, token.hash, &s, site);
	auth_keep(c, rc, &s, &token);
	return rc == DB_NOT_FOUND ? DB_OK : rc;
}

struct outcome
auth_refuse_cross_site(void)
{
	return outcome_error(403, "This form was sent from another site, so "
	    "nothing was changed.");
}

struct outcome
auth_refuse_token(void)
{
	return outcome_error(403, "This form has expired or did not come "
	    "from this site, so nothing was changed. Open the page again and "
	    "resend it.");
}

/* Returns the 303 to the login form, which sends the browser on to path. */
static struct outcome
redirect_to_login(struct ctx *c, const char *path)
{
	struct buf *url = &c->app->scratch;

	buf_clear(url);
	buf_puts(url, "/login?next=");
	http_url_encode(url, path);
	return outcome_redirect(303, arena_strdup(c->arena, url->data));
}

int
auth_require(struct ctx *c, const char *return_to, struct outcome *refusal)
{
	int rc = auth_require_form(c, return_to, refusal);

	if (rc == AUTH_UNCHECKED) {
		*refusal = outcome_db_error(c->auth_rc, "reading the session");
		return AUTH_REFUSED;
	}
	return rc;
}

int
auth_require_form(struct ctx *c, const char *return_to,
    struct outcome *refusal)
{
	const struct signed_in *user;
	const struct field_value *token = &c->in[FIELD_CSRF];

	if (c->req->method == HTTP_POST &&
	    !csrf_same_origin(c->req, c->cfg->base_url)) {
		*refusal = auth_refuse_cross_site();
		return AUTH_REFUSED;
	}
	if ((user = auth_user(c)) == NULL) {
		if (c->auth_rc == DB_NOT_FOUND)
			*refusal = redirect_to_login(c, return_to);
		else if (c->req->method == HTTP_POST)
			return AUTH_UNCHECKED;
		else
			*refusal = outcome_db_error(c->auth_rc,
			    "reading the session");
		return AUTH_REFUSED;
	}
	if (c->req->method == HTTP_POST &&
	    !csrf_token_matches(user->csrf_token, token->text, token->len)) {
		*refusal = auth_refuse_token();
		return AUTH_REFUSED;
	}
	return AUTH_OK;
}

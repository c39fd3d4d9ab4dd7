/*
 * auth: who is signed in, signing in and out (/login, /logout), and the
 * guard of the pages that change posts. A session is a random token in an
 * HttpOnly cookie naming a row of the sessions table (its SHA-256 there);
 * every POST must come from this site and carry a token only its pages
 * hold: the session's, or before signing in, the login form's own, which
 * must match the cookie the form came with (double submit). Guessing is
 * bounded twice: an address with too many recent failures is refused
 * before any password is checked (model/login_failure.h), and only a few
 * checks run at once on a host (lib/hashslot.h), so guessers cannot take
 * every worker from the readers.
 */
#include <stdio.h>
#include <string.h>

#include "../http/csrf.h"
#include "../http/redirect.h"
#include "../http/token.h"
#include "../http/urlencode.h"
#include "../lib/hashslot.h"
#include "../lib/log.h"
#include "../lib/password.h"
#include "../model/login_failure.h"
#include "../model/session.h"
#include "../model/user.h"
#include "../view/view.h"
#include "app.h"

_Static_assert(SESSION_TOKEN_HASH_BYTES == SESSION_HASH_BYTES,
    "the cookie's token hash is what the sessions table keeps");

/* The one message of a failed sign-in: it never says which field was wrong. */
#define LOGIN_FAILED "That username and password do not match an author " \
	"of this blog."

/* The refusals that come before any password is checked. */
#define LOGIN_THROTTLED "Too many failed sign-ins from your address; try " \
	"again in %ld minute%s."
#define LOGIN_BUSY "Too many sign-ins are being checked right now; try " \
	"again in a moment."

/* What checking a username and password came to. */
enum login_outcome {
	LOGIN_MATCH,
	LOGIN_NO_MATCH,
	LOGIN_BUSY_SLOTS,	/* no hashing slot came free: nothing checked */
	LOGIN_DB_FAILED,	/* reading the user failed: *rc says how */
	LOGIN_BROKEN,		/* libsodium cannot start */
};

/* Returns the session cookie's attributes for the site at c->cfg. */
static struct token_cookie
session_cookie_of(const struct ctx *c, long max_age)
{
	struct token_cookie sc = {
		.name = SESSION_COOKIE, .path = "/", .max_age = max_age,
		.same_site = "Lax",
		.secure = token_url_is_secure(c->cfg->base_url),
	};

	return sc;
}

/*
 * Returns the login form's cookie's attributes: sent only to /login and
 * only from this site's own pages, gone when the browser closes.
 */
static struct token_cookie
login_cookie_of(const struct ctx *c, long max_age)
{
	struct token_cookie sc = {
		.name = CSRF_COOKIE, .path = "/login", .max_age = max_age,
		.same_site = "Strict",
		.secure = token_url_is_secure(c->cfg->base_url),
	};

	return sc;
}

/* Adds a Set-Cookie header for sc with value (empty: removes it). */
static void
set_cookie(struct ctx *c, const struct token_cookie *sc, const char *value)
{
	http_response_header(c->resp, "Set-Cookie",
	    token_set_cookie(c->arena, sc, value));
}

const struct signed_in *
auth_user(struct ctx *c)
{
	struct signed_in *user;
	struct session_token token;
	struct session s;
	const char *cookie;

	if (c->auth_known)
		return c->user;
	c->auth_known = 1;
	c->auth_rc = DB_NOT_FOUND;
	cookie = http_params_get(&c->req->cookies, SESSION_COOKIE, NULL);
	if (cookie == NULL || token_parse(cookie, &token) != 0)
		return NULL;
	c->auth_rc = session_get(c->db, c->arena, token.hash, &s);
	if (c->auth_rc != DB_OK) {
		if (c->auth_rc != DB_NOT_FOUND)
			log_error("%s %s: reading the session: %s",
			    c->req->method_name, c->req->uri, c->db->error);
		return NULL;
	}
	user = arena_calloc(c->arena, 1, sizeof(*user));
	user->user_id = s.user_id;
	user->session_id = s.id;
	user->username = s.username;
	user->csrf_token = s.csrf_token;
	user->token = token;
	c->user = user;
	return user;
}

/* Answers 403 for a state-changing request another site made. */
static void
refuse_cross_site(struct ctx *c)
{
	app_error(c, 403, "This form was sent from another site, so nothing "
	    "was changed.");
}

/* Answers 403 for a form without this site's token. */
static void
refuse_token(struct ctx *c)
{
	app_error(c, 403, "This form has expired or did not come from this "
	    "site, so nothing was changed. Open the page again and resend "
	    "it.");
}

/* Answers 303 to the login form, which sends the browser on to path. */
static void
redirect_to_login(struct ctx *c, const char *path)
{
	struct buf *url = &c->app->scratch;

	buf_clear(url);
	buf_puts(url, "/login?next=");
	http_url_encode(url, path);
	app_redirect(c, 303, arena_strdup(c->arena, url->data));
}

int
auth_require(struct ctx *c, const char *return_to)
{
	int rc = auth_require_form(c, return_to);

	if (rc == AUTH_UNCHECKED) {
		app_db_error(c, c->auth_rc, "reading the session");
		return -1;
	}
	return rc;
}

int
auth_require_form(struct ctx *c, const char *return_to)
{
	const struct signed_in *user;
	const char *token;
	size_t len = 0;

	if (c->req->method == HTTP_POST &&
	    !csrf_same_origin(c->req, c->cfg->base_url)) {
		refuse_cross_site(c);
		return -1;
	}
	if ((user = auth_user(c)) == NULL) {
		if (c->auth_rc == DB_NOT_FOUND)
			redirect_to_login(c, return_to);
		else if (c->req->method == HTTP_POST)
			return AUTH_UNCHECKED;
		else
			app_db_error(c, c->auth_rc, "reading the session");
		return -1;
	}
	if (c->req->method == HTTP_POST) {
		token = http_params_get(&c->req->form, CSRF_FIELD, &len);
		if (!csrf_token_matches(user->csrf_token, token, len)) {
			refuse_token(c);
			return -1;
		}
	}
	return 0;
}

/*
 * Returns the login form's token: the one its cookie holds, or a new one
 * handed out in a new cookie.
 */
static const char *
login_token(struct ctx *c)
{
	const char *cookie = http_params_get(&c->req->cookies, CSRF_COOKIE,
	    NULL);
	struct token_cookie sc = login_cookie_of(c, -1);
	char *token;

	if (csrf_token_well_formed(cookie))
		return cookie;
	token = arena_alloc(c->arena, SESSION_TOKEN_HEX + 1);
	token_random_hex(token);
	set_cookie(c, &sc, token);
	return token;
}

/* Returns the `next` the request asks for when it is a local path, else "". */
static const char *
login_next(const struct http_params *params)
{
	const char *next = http_params_get(params, "next", NULL);

	return http_local_path_valid(next) ? next : "";
}

/* Answers 303 to the local path next (login_next), or to /blog/ if empty. */
static void
redirect_local(struct ctx *c, const char *next)
{
	struct buf *url = &c->app->scratch;

	buf_clear(url);
	http_location_append(url, next[0] != '\0' ? next : "/blog/");
	app_redirect(c, 303, arena_strdup(c->arena, url->data));
}

/* Answers the login form with status, the username kept and error shown. */
static void
login_form(struct ctx *c, int status, const char *username, const char *next,
    const char *error)
{
	struct view_dict *d;
	const char *token = login_token(c);

	/*
	 * The page's one CSRF_TOKEN is the login form's, so its layout is
	 * the signed-out one (no logout form wanting the session's token),
	 * even for an author signing in again.
	 */
	c->auth_known = 1;
	c->user = NULL;
	d = page_dict(c, arena_printf(c->arena, "Sign in — %s",
	    c->cfg->blog_title));
	view_set(d, "USERNAME_VALUE", username);
	view_set(d, "NEXT", next);
	view_set(d, "CSRF_TOKEN", token);
	if (error != NULL)
		view_set(view_add_section(d, "LOGIN_ERROR"), "ERROR_MESSAGE",
		    error);
	c->no_store = 1;
	page_render(c, status, "login", d);
}

/*
 * Checks the form's username and password, filling *user on a match.
 * Whatever the name, the same Argon2id work is done, so the answer takes
 * as long for an unknown user as for a wrong password. The work is done
 * in a hashing slot, after the user is read; when none comes free in
 * HASHSLOT_WAIT_MS nothing is checked (LOGIN_BUSY_SLOTS).
 */
static enum login_outcome
login_check(struct ctx *c, const char *username, const char *password,
    struct user *user, int *rc)
{
	size_t len = strlen(username);
	int match;

	*rc = DB_NOT_FOUND;
	if (len > 0 && len <= 4 * USER_NAME_MAX)
		*rc = user_get_by_name(c->db, c->arena, username, user);
	if (*rc != DB_OK && *rc != DB_NOT_FOUND)
		return LOGIN_DB_FAILED;
	if (hashslot_take(HASHSLOT_WAIT_MS) != 0)
		return LOGIN_BUSY_SLOTS;
	/* The unknown user's hash is made once a process: in the slot too. */
	if (password_init() != 0) {
		hashslot_give();
		return LOGIN_BROKEN;
	}
	match = password_verify(*rc == DB_OK ? user->password_hash : NULL,
	    password);
	hashslot_give();
	return match ? LOGIN_MATCH : LOGIN_NO_MATCH;
}

/*
 * Answers the login form with status and message, and Retry-After: the
 * seconds after which trying again may work.
 */
static void
login_refuse(struct ctx *c, int status, long retry_after,
    const char *username, const char *next, const char *message)
{
	login_form(c, status, username, next, message);
	http_response_header(c->resp, "Retry-After", arena_printf(c->arena,
	    "%ld", retry_after));
}

/*
 * Answers 429 when the client's address (address) has failed to sign in
 * too often lately, or the error page when that cannot be read. Returns 0
 * to go on, -1 having answered.
 */
static int
login_throttle(struct ctx *c, const char *address, const char *username,
    const char *next)
{
	long wait, minutes;
	int rc;

	if ((rc = login_failure_wait(c->db, c->arena, address, &wait)) !=
	    DB_OK) {
		app_db_error(c, rc, arena_printf(c->arena, "reading the failed "
		    "sign-ins of %s", address));
		return -1;
	}
	if (wait == 0)
		return 0;
	minutes = (wait + 59) / 60;
	login_refuse(c, 429, wait, username, next, arena_printf(c->arena,
	    LOGIN_THROTTLED, minutes, minutes == 1 ? "" : "s"));
	return -1;
}

/* POST /login: a new session for the author, or the form again. */
static void
login_submit(struct ctx *c)
{
	const struct http_params *form = &c->req->form;
	const char *cookie, *token, *username, *password, *next;
	struct user *user = arena_calloc(c->arena, 1, sizeof(*user));
	struct session_token old, fresh;
	struct token_cookie sc;
	char csrf[SESSION_TOKEN_HEX + 1];
	char address[LOGIN_FAILURE_ADDRESS_MAX];
	size_t len = 0;
	int rc, had_session;

	if (!csrf_same_origin(c->req, c->cfg->base_url)) {
		refuse_cross_site(c);
		return;
	}
	cookie = http_params_get(&c->req->cookies, CSRF_COOKIE, NULL);
	token = http_params_get(form, CSRF_FIELD, &len);
	if (!csrf_token_matches(cookie, token, len)) {
		refuse_token(c);
		return;
	}
	username = http_params_get(form, "username", NULL);
	if (username == NULL)
		username = "";
	password = http_params_get(form, "password", NULL);
	next = login_next(form);
	login_failure_key(c->req->remote_addr, address);
	if (login_throttle(c, address, username, next) != 0)
		return;
	switch (login_check(c, username, password ? password : "", user,
	    &rc)) {
	case LOGIN_MATCH:
		break;
	case LOGIN_NO_MATCH:
		if ((rc = login_failure_insert(c->db, c->arena, address)) !=
		    DB_OK) {
			app_db_error(c, rc, arena_printf(c->arena, "recording "
			    "a failed sign-in from %s", address));
			return;
		}
		login_form(c, 401, username, next, LOGIN_FAILED);
		return;
	case LOGIN_BUSY_SLOTS:
		login_refuse(c, 503, 1, username, next, LOGIN_BUSY);
		return;
	case LOGIN_DB_FAILED:
		app_db_error(c, rc, "reading a user to sign in");
		return;
	case LOGIN_BROKEN:
		log_error("%s %s: libsodium cannot start", c->req->method_name,
		    c->req->uri);
		app_error(c, 500, "Signing in is not possible right now.");
		return;
	}

	/*
	 * A new session every time, never one the browser brought along.
	 * The address's failures stay: knowing one password must not buy
	 * more guesses at the others.
	 */
	cookie = http_params_get(&c->req->cookies, SESSION_COOKIE, NULL);
	had_session = cookie != NULL && token_parse(cookie, &old) == 0;
	token_new(&fresh);
	token_random_hex(csrf);
	rc = session_create(c->db, c->arena, user->id, fresh.hash, csrf,
	    SESSION_TTL_SECONDS, had_session ? old.hash : NULL);
	if (rc != DB_OK) {
		app_db_error(c, rc, arena_printf(c->arena, "starting a "
		    "session for user %lld", user->id));
		return;
	}
	redirect_local(c, next);
	sc = session_cookie_of(c, SESSION_TTL_SECONDS);
	set_cookie(c, &sc, fresh.hex);
	sc = login_cookie_of(c, 0);
	set_cookie(c, &sc, "");
}

void
handle_login(struct ctx *c)
{
	/* libsodium's randomness, once a process. */
	if (token_random_init() != 0) {
		log_error("%s %s: libsodium cannot start", c->req->method_name,
		    c->req->uri);
		app_error(c, 500, "Signing in is not possible right now.");
		return;
	}
	if (c->req->method == HTTP_POST)
		login_submit(c);
	else if (auth_user(c) != NULL)
		redirect_local(c, login_next(&c->req->query));
	else
		login_form(c, 200, "", login_next(&c->req->query), NULL);
}

void
handle_logout(struct ctx *c)
{
	const struct signed_in *user;
	struct token_cookie sc = session_cookie_of(c, 0);
	int rc;

	if (!csrf_same_origin(c->req, c->cfg->base_url)) {
		refuse_cross_site(c);
		return;
	}
	if ((user = auth_user(c)) == NULL && c->auth_rc != DB_NOT_FOUND) {
		app_db_error(c, c->auth_rc, "reading the session to end it");
		return;
	}
	if (user != NULL) {
		size_t len = 0;
		const char *token = http_params_get(&c->req->form, CSRF_FIELD,
		    &len);

		if (!csrf_token_matches(user->csrf_token, token, len)) {
			refuse_token(c);
			return;
		}
		if ((rc = session_delete(c->db, c->arena, user->token.hash)) !=
		    DB_OK) {
			app_db_error(c, rc, "ending a session");
			return;
		}
	}
	/* Signed out already (expired, or another tab): just say so. */
	app_redirect(c, 303, "/blog/");
	set_cookie(c, &sc, "");
}

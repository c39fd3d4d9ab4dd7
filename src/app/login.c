/*
 * login: signing in (/login) and out (/logout). Before signing in, the
 * login form's POST must carry the form's own token, which must match the
 * cookie the form came with (double submit); a new session gets a new
 * random token in an HttpOnly cookie (auth.h reads it back). Guessing is
 * bounded twice: an address with too many recent failures is refused
 * before any password is checked (model/login_failure.h), and only a few
 * checks run at once on a host (lib/hashslot.h), so guessers cannot take
 * every worker from the readers.
 */
#include <stdio.h>
#include <string.h>

#include "../http/csrf.h"
#include "../http/redirect.h"
#include "../lib/hashslot.h"
#include "../lib/log.h"
#include "../lib/password.h"
#include "../model/login_failure.h"
#include "../model/session.h"
#include "../model/user.h"
#include "../view/view.h"
#include "auth.h"
#include "login.h"
#include "render.h"

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

/* The two cookies this file hands out. */
enum login_cookie {
	COOKIE_SESSION,		/* the signed-in session's token */
	COOKIE_FORM,		/* the login form's token (double submit) */
};

/*
 * Their attributes but Max-Age and Secure: the login form's is sent only
 * to /login and only from this site's own pages.
 */
static const struct token_cookie cookies[] = {
	[COOKIE_SESSION] = { SESSION_COOKIE, "/", 0, "Lax", 0 },
	[COOKIE_FORM] = { CSRF_COOKIE, "/login", 0, "Strict", 0 },
};

/*
 * Adds a Set-Cookie header giving cookie which value (empty: removes it)
 * for max_age seconds (0 removes it, -1 until the browser closes), Secure
 * when the site is https.
 */
static void
set_cookie(struct ctx *c, enum login_cookie which, const char *value,
    long max_age)
{
	struct token_cookie tc = cookies[which];

	tc.max_age = max_age;
	tc.secure = token_url_is_secure(c->cfg->base_url);
	http_response_header(c->resp, "Set-Cookie",
	    token_set_cookie(c->arena, &tc, value));
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
	char *token;

	if (csrf_token_well_formed(cookie))
		return cookie;
	token = arena_alloc(c->arena, SESSION_TOKEN_HEX + 1);
	token_random_hex(token);
	set_cookie(c, COOKIE_FORM, token, -1);
	return token;
}

/* Returns the `next` the request asks for when it is a local path, else "". */
static const char *
login_next(const struct ctx *c)
{
	const char *next = c->in[FIELD_NEXT].text;

	return http_local_path_valid(next) ? next : "";
}

/* Returns the 303 to the local path next (login_next), or to /blog/. */
static struct outcome
redirect_local(struct ctx *c, const char *next)
{
	struct buf *url = &c->app->scratch;

	buf_clear(url);
	http_location_append(url, next[0] != '\0' ? next : "/blog/");
	return outcome_redirect(303, arena_strdup(c->arena, url->data));
}

/* Returns the login form with status, the username kept and error shown. */
static struct outcome
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
	return page_render(c, status, "login", d);
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
 * Returns the login form with status and message, and Retry-After: the
 * seconds after which trying again may work.
 */
static struct outcome
login_refuse(struct ctx *c, int status, long retry_after,
    const char *username, const char *next, const char *message)
{
	struct outcome out = login_form(c, status, username, next, message);

	http_response_header(c->resp, "Retry-After", arena_printf(c->arena,
	    "%ld", retry_after));
	return out;
}

/*
 * Returns 0 to go on, or -1 with *refused: the 429 when the client's
 * address (address) has failed to sign in too often lately, or the
 * failure to read that.
 */
static int
login_throttle(struct ctx *c, const char *address, const char *username,
    const char *next, struct outcome *refused)
{
	long wait, minutes;
	int rc;

	if ((rc = login_failure_wait(c->db, c->arena, address, &wait)) !=
	    DB_OK) {
		*refused = outcome_db_error(rc, arena_printf(c->arena,
		    "reading the failed sign-ins of %s", address));
		return -1;
	}
	if (wait == 0)
		return 0;
	minutes = (wait + 59) / 60;
	*refused = login_refuse(c, 429, wait, username, next,
	    arena_printf(c->arena, LOGIN_THROTTLED, minutes,
	    minutes == 1 ? "" : "s"));
	return -1;
}

/* Returns the 500 of a libsodium that cannot start, logged. */
static struct outcome
login_broken(struct ctx *c)
{
	log_error("%s %s: libsodium cannot start", c->req->method_name,
	    c->req->uri);
	return outcome_error(500, "Signing in is not possible right now.");
}

/* POST /login: a new session for the author, or the form again. */
static struct outcome
login_submit(struct ctx *c)
{
	const struct field_value *token = &c->in[FIELD_CSRF];
	const char *cookie, *username, *next;
	struct user *user = arena_calloc(c->arena, 1, sizeof(*user));
	struct session_token old, fresh;
	struct outcome refused;
	char csrf[SESSION_TOKEN_HEX + 1];
	char address[LOGIN_FAILURE_ADDRESS_MAX];
	int rc, had_session;

	if (!csrf_same_origin(c->req, c->cfg->base_url))
		return auth_refuse_cross_site();
	cookie = http_params_get(&c->req->cookies, CSRF_COOKIE, NULL);
	if (!csrf_token_matches(cookie, token->text, token->len))
		return auth_refuse_token();
	username = c->in[FIELD_USERNAME].text;
	next = login_next(c);
	login_failure_key(c->req->remote_addr, address);
	if (login_throttle(c, address, username, next, &refused) != 0)
		return refused;
	switch (login_check(c, username, c->in[FIELD_PASSWORD].text, user,
	    &rc)) {
	case LOGIN_MATCH:
		break;
	case LOGIN_NO_MATCH:
		if ((rc = login_failure_insert(c->db, c->arena, address)) !=
		    DB_OK)
			return outcome_db_error(rc, arena_printf(c->arena,
			    "recording a failed sign-in from %s", address));
		return login_form(c, 401, username, next, LOGIN_FAILED);
	case LOGIN_BUSY_SLOTS:
		return login_refuse(c, 503, 1, username, next, LOGIN_BUSY);
	case LOGIN_DB_FAILED:
		return outcome_db_error(rc, "reading a user to sign in");
	case LOGIN_BROKEN:
		return login_broken(c);
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
	if (rc != DB_OK)
		return outcome_db_error(rc, arena_printf(c->arena, "starting "
		    "a session for user %lld", user->id));
	set_cookie(c, COOKIE_SESSION, fresh.hex, SESSION_TTL_SECONDS);
	set_cookie(c, COOKIE_FORM, "", 0);
	return redirect_local(c, next);
}

struct outcome
handle_login(struct ctx *c)
{
	/* libsodium's randomness, once a process. */
	if (token_random_init() != 0)
		return login_broken(c);
	if (c->req->method == HTTP_POST)
		return login_submit(c);
	if (auth_user(c) != NULL)
		return redirect_local(c, login_next(c));
	return login_form(c, 200, "", login_next(c), NULL);
}

struct outcome
handle_logout(struct ctx *c)
{
	const struct signed_in *user;
	const struct field_value *token = &c->in[FIELD_CSRF];
	int rc;

	if (!csrf_same_origin(c->req, c->cfg->base_url))
		return auth_refuse_cross_site();
	if ((user = auth_user(c)) == NULL && c->auth_rc != DB_NOT_FOUND)
		return outcome_db_error(c->auth_rc,
		    "reading the session to end it");
	if (user != NULL) {
		if (!csrf_token_matches(user->csrf_token, token->text,
		    token->len))
			return auth_refuse_token();
		if ((rc = session_delete(c->db, c->arena, user->token.hash)) !=
		    DB_OK)
			return outcome_db_error(rc, "ending a session");
	}
	/* Signed out already (expired, or another tab): just say so. */
	set_cookie(c, COOKIE_SESSION, "", 0);
	return outcome_redirect(303, "/blog/");
}

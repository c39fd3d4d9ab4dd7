/* login: signing in (/login) and out (/logout). */
#ifndef APP_LOGIN_H
#define APP_LOGIN_H

#include "app.h"
#include "outcome.h"

/*
 * The handlers (routes.h has their pages): each returns its outcome
 * (outcome.h): the login form made in c->resp (200, 401, 429, 503), a
 * 303 with the session's cookie set, or a refusal.
 */
struct outcome handle_login(struct ctx *c);
struct outcome handle_logout(struct ctx *c);

#endif

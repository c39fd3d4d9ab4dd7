/* login: signing in (/login) and out (/logout). */
#ifndef APP_LOGIN_H
#define APP_LOGIN_H

#include "app.h"
#include "outcome.h"

struct outcome handle_login(struct ctx *c);
struct outcome handle_logout(struct ctx *c);

#endif

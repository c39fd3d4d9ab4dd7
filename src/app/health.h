/* health: /healthz, for load balancers and monitors. */
#ifndef APP_HEALTH_H
#define APP_HEALTH_H

#include "app.h"
#include "outcome.h"

/*
 * Returns the page made in c->resp: 200 "ok", or 503 when the database
 * does not answer.
 */
struct outcome handle_health(struct ctx *c);

#endif

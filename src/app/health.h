/* health: /healthz, for load balancers and monitors. */
#ifndef APP_HEALTH_H
#define APP_HEALTH_H

#include "app.h"
#include "outcome.h"

struct outcome handle_health(struct ctx *c);

#endif

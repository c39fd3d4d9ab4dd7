/*
 * errors: turning an outcome that is not a page into the response: the
 * error pages (error.tpl in the layout), redirects, and the one place a
 * database failure becomes a log line and a 500 or 503. Only the
 * dispatcher calls it.
 */
#ifndef APP_ERRORS_H
#define APP_ERRORS_H

#include "app.h"
#include "outcome.h"

/*
 * Makes c->resp the answer out stands for, following outcome.h's rules
 * (OUTCOME_PAGE: left as the handler made it).
 */
void error_answer(struct ctx *c, const struct outcome *out);

/*
 * Answers an error page (error.tpl) with status and one sentence for the
 * user; anything written so far is dropped.
 */
void error_page(struct ctx *c, int status, const char *message);

/* Answers 405 with Allow listing the path's methods. */
void error_method_not_allowed(struct ctx *c, unsigned allow);

#endif

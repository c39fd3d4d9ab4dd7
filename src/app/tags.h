/* tags: a tag's page (its posts, paginated as the index) and every tag. */
#ifndef APP_TAGS_H
#define APP_TAGS_H

#include "app.h"
#include "outcome.h"

/*
 * The handlers (routes.h has their pages): each returns its outcome
 * (outcome.h), having made the page in c->resp when it is one.
 */
struct outcome handle_tag(struct ctx *c);
struct outcome handle_tags(struct ctx *c);

#endif

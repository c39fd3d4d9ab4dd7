/*
 * posts_write: the pages that change posts, for signed-in authors only:
 * /blog/create, /blog/<slug>/edit, /blog/preview (which changes nothing),
 * /blog/<slug>/delete (to the trash) and /blog/<slug>/restore.
 */
#ifndef APP_POSTS_WRITE_H
#define APP_POSTS_WRITE_H

#include "app.h"
#include "outcome.h"

/*
 * The handlers (routes.h has their pages): each returns its outcome
 * (outcome.h): the form (again, 422, or with the text kept, 503/500) made
 * in c->resp, a 303 to the post, a 303 to /login, or a refusal.
 */
struct outcome handle_create(struct ctx *c);
struct outcome handle_edit(struct ctx *c);
struct outcome handle_preview(struct ctx *c);
struct outcome handle_delete(struct ctx *c);
struct outcome handle_restore(struct ctx *c);

#endif

/*
 * posts_write: the pages that change posts, for signed-in authors only:
 * /blog/create, /blog/<slug>/edit and /blog/<slug>/delete.
 */
#ifndef APP_POSTS_WRITE_H
#define APP_POSTS_WRITE_H

#include "app.h"
#include "outcome.h"

struct outcome handle_create(struct ctx *c);
struct outcome handle_edit(struct ctx *c);
struct outcome handle_delete(struct ctx *c);

#endif

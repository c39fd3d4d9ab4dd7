/*
 * manage: /blog/manage, for signed-in authors: what readers do not see
 * (drafts, scheduled posts, the trash), each with its actions.
 */
#ifndef APP_MANAGE_H
#define APP_MANAGE_H

#include "app.h"
#include "outcome.h"

struct outcome handle_manage(struct ctx *c);

#endif

/* feed: /blog/feed.atom and each tag's, the newest posts as Atom 1.0. */
#ifndef APP_FEED_H
#define APP_FEED_H

#include "app.h"
#include "outcome.h"

/* Returns the feed made in c->resp, or why it could not be made. */
struct outcome handle_feed(struct ctx *c);

/* The feed of the tag {slug}: 404 when readers see no such tag. */
struct outcome handle_tag_feed(struct ctx *c);

#endif

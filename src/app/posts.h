/*
 * posts: the pages of posts: / and /blog (to /blog/), the index
 * (newest first, paginated), a search of it, and one post.
 */
#ifndef APP_POSTS_H
#define APP_POSTS_H

#include "app.h"
#include "outcome.h"

struct post;

/* The handlers (routes.h has their pages); each returns its outcome. */
struct outcome handle_root(struct ctx *c);
struct outcome handle_index(struct ctx *c);
struct outcome handle_post(struct ctx *c);

/*
 * Reads the post of the route's slug with its tags into *post, whether
 * readers see it or not. Returns 0, or -1 with *failed the 404 (no such
 * post) or the database failure, logged as doing the slug.
 */
int post_load(struct ctx *c, struct post *post, const char *doing,
    struct outcome *failed);

/*
 * Renders post.tpl for post, under banner when not NULL: the post page,
 * and its preview (the same template, the same Markdown call).
 */
struct outcome post_page(struct ctx *c, const struct post *post,
    const char *banner);

#endif

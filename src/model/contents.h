/*
 * contents: what ./blogctl restore asks a blog's database before and after
 * it loads a dump: whether the blog is empty, and a site version past every
 * page blog.fcgi may have cached of the blog it replaced. Each call opens
 * its own connection (db_open_now) and closes it.
 */
#ifndef MODEL_CONTENTS_H
#define MODEL_CONTENTS_H

#include <stddef.h>

struct arena;
struct config;

/* What the blog holds; a table that does not exist holds nothing. */
struct blog_contents {
	unsigned long long posts, users, media;
	unsigned long long version;	/* site_state's, 0 without one */
	int tables;			/* posts, users, media that exist */
};

/*
 * Reads what cfg's blog holds. Returns 0, or -1 with why in err (errlen
 * bytes).
 */
int contents_read(const struct config *cfg, struct arena *a,
    struct blog_contents *out, char *err, size_t errlen);

/*
 * Empties post_html (the stored renderings: made again by readers) and
 * moves the site's version past both its own and past (the replaced
 * blog's), so that no page cached or ETag given for the old blog matches
 * the new. Returns 0, or -1 with why in err.
 */
int contents_move_version_past(const struct config *cfg, struct arena *a,
    unsigned long long past, char *err, size_t errlen);

#endif

/*
 * url: the link and image targets a post may have, and how they are
 * written into an attribute. The one place that decides which schemes a
 * reader's browser may be sent to from a post.
 */
#ifndef VIEW_URL_H
#define VIEW_URL_H

#include <stddef.h>

struct buf;

/*
 * Returns whether a decoded URL (character references already read, as
 * the browser will) may be a link or image target: http, https and mailto,
 * or no scheme at all. A colon before the first '/', '?' or '#' starts a
 * scheme, so any other colon there ("javascript:", " data:",
 * "java\tscript:") is refused outright, whatever the browser might make
 * of it.
 */
int url_allowed(const char *s, size_t len);

/*
 * Appends an allowed URL for a quoted attribute: the characters a URL may
 * hold as they are ('%' too, so encoded URLs stay as written), '&' and
 * '\'' as references, every other byte (space, control, quote, angle
 * bracket, backslash, non-ASCII) percent-encoded, so the browser sees the
 * scheme url_allowed() checked.
 */
void url_put(struct buf *out, const char *s, size_t len);

#endif

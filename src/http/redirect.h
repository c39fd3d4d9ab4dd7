/*
 * redirect: where a browser may be sent back to. After signing in, the
 * login form sends the browser to its `next` field, which anyone can set
 * in a link: only a path on this site is followed, never another site
 * ("//evil.example", "/\evil.example", "https://evil.example") nor a
 * script ("javascript:...").
 */
#ifndef HTTP_REDIRECT_H
#define HTTP_REDIRECT_H

struct buf;

#define REDIRECT_PATH_MAX 2048	/* bytes of a path kept in `next` */

/*
 * Returns 1 if s is a local path to redirect to: it starts with exactly
 * one '/', holds no '\' (browsers read it as '/'), no control character
 * (browsers drop tabs and line breaks from URLs, so "/\t/evil" would be
 * "//evil") and is at most REDIRECT_PATH_MAX bytes; else 0.
 */
int http_local_path_valid(const char *s);

/*
 * Appends the local path s (http_local_path_valid) as a Location value:
 * bytes a URL cannot hold as they are (space, non-ASCII, " < > ` { | }
 * ^) percent-encoded; '%' and the rest kept, since s is a URL already.
 */
void http_location_append(struct buf *out, const char *s);

#endif

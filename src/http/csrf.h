/*
 * csrf: telling a form this site served from a request another site made
 * the browser send. Two checks on every state-changing request: where it
 * comes from (Sec-Fetch-Site and Origin, which browsers set and pages
 * cannot forge) and a token that only this site's pages hold: the
 * session's (synchronizer token) once signed in, and before that, on the
 * login form, one the page got together with a cookie (double submit).
 */
#ifndef HTTP_CSRF_H
#define HTTP_CSRF_H

#include <stddef.h>

#include "request.h"

#define CSRF_FIELD "csrf_token"		/* the forms' hidden field */
#define CSRF_COOKIE "blog_csrf"		/* the login form's double submit */
#define CSRF_TOKEN_HEX 64		/* characters of a token */
#define CSRF_ORIGIN_MAX 512

/* Returns 1 if s is a token as this site makes them: 64 lowercase hex. */
int csrf_token_well_formed(const char *s);

/*
 * Returns 1 if the len bytes at submitted are the token expected (both
 * CSRF_TOKEN_HEX characters), comparing in constant time; else 0, also
 * when either is missing (NULL) or of another length.
 */
int csrf_token_matches(const char *expected, const char *submitted,
    size_t len);

/*
 * Writes the origin of the absolute http(s) URL into out: the scheme and
 * the host in lowercase, and the port unless it is the scheme's default
 * ("https://Example.org:443/blog" is "https://example.org"). Returns 0,
 * or -1 if url is not such a URL or out is too small.
 */
int csrf_origin_of(const char *url, char *out, size_t outlen);

/*
 * Returns 1 if request r may change something on the site at base_url:
 * its Sec-Fetch-Site is not "cross-site" and its Origin, when sent, is
 * base_url's origin ("null" never is); else 0.
 */
int csrf_same_origin(const struct http_request *r, const char *base_url);

#endif

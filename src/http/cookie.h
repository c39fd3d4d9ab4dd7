/*
 * cookie: the Cookie request header, "name=value; name2=value2", as pairs.
 * Values are kept as sent (cookies carry opaque tokens; nothing is decoded).
 */
#ifndef HTTP_COOKIE_H
#define HTTP_COOKIE_H

#include "urlencode.h"

struct arena;

/*
 * Parses header (may be NULL) into out, in order. Pairs without '=' or with
 * an empty name are skipped, spaces around names and values are trimmed and
 * one pair of double quotes around a value is removed. Never fails.
 */
void http_parse_cookies(struct arena *a, const char *header,
    struct http_params *out);

#endif

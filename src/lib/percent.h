/*
 * percent: percent-encoding (RFC 3986, section 2.1), the one encoder of the
 * query strings, the Location header and the links in a post. Each caller
 * says which bytes a URL may hold as they are where it writes; every other
 * byte goes out as %XX, upper-case hex.
 */
#ifndef LIB_PERCENT_H
#define LIB_PERCENT_H

#include <stddef.h>

struct buf;

/* The unreserved characters but letters and digits, kept everywhere. */
#define PERCENT_UNRESERVED	"-._~"

/*
 * Appends the len bytes at s to out: ASCII letters and digits, and the
 * bytes in keep, as they are; every other byte (NUL too) as %XX.
 */
void percent_encode(struct buf *out, const char *s, size_t len,
    const char *keep);

#endif

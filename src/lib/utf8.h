/* utf8: checking that bytes are well-formed UTF-8. */
#ifndef LIB_UTF8_H
#define LIB_UTF8_H

#include <stddef.h>

/*
 * Returns 1 if the len bytes at s are well-formed UTF-8 (no overlong forms,
 * no surrogates, nothing above U+10FFFF, no NUL byte), else 0.
 */
int utf8_valid(const char *s, size_t len);

/* Returns the number of code points in the len bytes of valid UTF-8 at s. */
size_t utf8_length(const char *s, size_t len);

#endif

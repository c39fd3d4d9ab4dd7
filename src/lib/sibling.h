/*
 * sibling: where a program finds what the project keeps beside it (the
 * templates, blog-image): in $BLOG_ROOT when set, else in the directory of
 * the running program, else in the working directory.
 */
#ifndef LIB_SIBLING_H
#define LIB_SIBLING_H

#include <stddef.h>

/* Writes the path of name, found as above, into out (outlen bytes). */
void sibling_path(const char *name, char *out, size_t outlen);

#endif

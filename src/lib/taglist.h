/*
 * taglist: the post form's `tags` field, comma-separated names, checked
 * and turned into the list of distinct names a post gets.
 */
#ifndef LIB_TAGLIST_H
#define LIB_TAGLIST_H

#include <stddef.h>

#include "arena.h"

#define TAGLIST_MAX 20		/* distinct tags on one post */
#define TAGLIST_NAME_MAX 100	/* characters (code points) in one name */

struct taglist {
	size_t count;
	char *names[TAGLIST_MAX];	/* UTF-8, NUL-terminated, in the arena */
};

/*
 * Splits the len bytes at text on ',' into tl, in the order given. Each
 * name is trimmed of Unicode white space, with each run of it inside
 * turned into one space; empty names are dropped; a name equal to an
 * earlier one but for case (or Unicode canonical equivalence) is dropped,
 * the first spelling kept. The names are copied into a. Returns 0, or -1
 * with a message for the form in err: a name that is not UTF-8, has a
 * control character or is longer than TAGLIST_NAME_MAX characters (each
 * named), or more than TAGLIST_MAX tags. tl is empty after an error.
 */
int taglist_parse(struct taglist *tl, const char *text, size_t len,
    struct arena *a, char *err, size_t errlen);

/*
 * Returns the names joined by ", " in a, as the form's `tags` field shows
 * them: taglist_parse reads it back to the same list.
 */
char *taglist_join(const struct taglist *tl, struct arena *a);

#endif

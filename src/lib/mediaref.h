/*
 * mediaref: the uploaded images a post's text shows, found by their
 * /media/ URLs (medianame.h says what a name is): which rows of post_media
 * a post has, so that an image in use cannot be deleted.
 */
#ifndef LIB_MEDIAREF_H
#define LIB_MEDIAREF_H

#include <stddef.h>

#include "medianame.h"

/* The images a post may show, at most (in its body and featured). */
#define MEDIA_PER_POST_MAX 100

/* The hashes of the images a post shows, each once. */
struct media_refs {
	size_t n;
	char hash[MEDIA_PER_POST_MAX][MEDIANAME_HASH_LEN + 1];
};

/*
 * Adds to refs the hash of every /media/ URL in the len bytes of text (an
 * original's or a copy's name right after "/media/", wherever it stands),
 * each once. Returns 0, or -1 when that would make more than
 * MEDIA_PER_POST_MAX (refs then holds the first of them).
 */
int media_refs_scan(const char *text, size_t len, struct media_refs *refs);

#endif

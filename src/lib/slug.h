/*
 * slug: the ASCII names in URLs (/blog/<slug>, /blog/tag/<slug>), made from
 * a title or a tag name by transliterating it to Latin through ICU. One
 * transliterator serves the whole process: it is opened at the first use
 * (or by slug_init) and closed by slug_free. Not for use from several
 * threads at once.
 */
#ifndef LIB_SLUG_H
#define LIB_SLUG_H

#include <stddef.h>

#define SLUG_MAX 140	/* characters in a slug, suffix included */

/*
 * Opens the transliterator now rather than at the first slug_make, so a
 * process pays for it at start. Returns 0, or -1 if ICU cannot open it.
 */
int slug_init(void);

/*
 * Writes the slug of the len bytes of UTF-8 text into out: the text in
 * ASCII Latin (Cyrillic after BGN/PCGN: "щука" is "shchuka"), lowercase,
 * each run of characters other than [a-z0-9] one '-', no '-' at either
 * end, cut to at most SLUG_MAX characters. Returns the slug's length;
 * 0 when nothing is left (emoji, punctuation: the caller names it post-N);
 * -1 when the text is not valid UTF-8 or ICU fails. out is always
 * NUL-terminated, empty unless the result is positive.
 */
int slug_make(const char *text, size_t len, char out[SLUG_MAX + 1]);

/*
 * Writes "base-n" into out, for the n-th post wanting the slug base
 * (n >= 2). The base is cut, never the suffix, so the result stays within
 * SLUG_MAX characters and ends in neither '-' nor half a suffix. Returns
 * the result's length, or -1 (out empty) if base is not a valid slug or
 * n < 2.
 */
int slug_with_suffix(const char *base, unsigned long n,
    char out[SLUG_MAX + 1]);

/*
 * Returns 1 if s is a slug slug_make or slug_with_suffix could have made
 * (1 to SLUG_MAX characters of [a-z0-9] in runs joined by single '-'),
 * else 0: a check for slugs that come from a URL.
 */
int slug_valid(const char *s);

/* Closes the transliterator; a later slug_make opens it again. */
void slug_free(void);

#endif

/*
 * entity: HTML character references ("&amp;", "&#233;", "&#xE9;") as md4c
 * reports them, decoded to UTF-8 for the places where the browser will not
 * decode them for us: link targets we check, and plain-text excerpts; and
 * text escaped into references, for HTML and XML written without a
 * template (the Markdown renderer, the sitemap).
 */
#ifndef VIEW_ENTITY_H
#define VIEW_ENTITY_H

#include <stddef.h>

struct buf;

/*
 * Decodes the len bytes at ref, one whole reference from '&' to ';', into
 * UTF-8 at out. Numeric references to nothing printable (NUL, surrogates,
 * past U+10FFFF, control characters other than tab and line breaks) decode
 * to U+FFFD. Returns the number of bytes written (1 to 4), or 0 if ref is
 * not a reference or names a character this table does not know.
 */
size_t entity_decode(const char *ref, size_t len, char out[4]);

/*
 * Appends the len bytes at s with '&', '<', '>', '"' and '\'' as
 * references: safe as HTML or XML text and in a quoted attribute.
 */
void entity_escape(struct buf *out, const char *s, size_t len);

#endif

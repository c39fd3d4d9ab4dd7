/* json: the little of JSON the blog writes: escaped strings. */
#ifndef LIB_JSON_H
#define LIB_JSON_H

struct buf;

/*
 * Appends s as a JSON string: quoted, with '"', '\' and control characters
 * escaped, and each byte that is not part of valid UTF-8 (a file name can
 * hold anything) replaced by U+FFFD, so the output is always valid JSON.
 */
void json_string(struct buf *out, const char *s);

/*
 * json_string for JSON inside an HTML element (a JSON-LD data block): '<',
 * '>' and '&' escaped as \u003c and the like too, so that no text of the
 * string can close the element or open a comment.
 */
void json_string_in_html(struct buf *out, const char *s);

/* Appends s as a JSON string, or null when s is NULL. */
void json_string_or_null(struct buf *out, const char *s);

#endif

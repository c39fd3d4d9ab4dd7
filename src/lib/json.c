/*
 * json: JSON string escaping, for ./migrate status --json, the answer to
 * an upload from the post form's script, and a post page's JSON-LD.
 */
#include "json.h"

#include <stddef.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"

/* Returns the length of the UTF-8 sequence a lead byte announces, or 0. */
static size_t
sequence_length(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

/* The characters escaped by name; other controls are escaped by number. */
static const char *const escapes[] = {
	['"'] = "\\\"",
	['\\'] = "\\\\",
	['\n'] = "\\n",
	['\r'] = "\\r",
	['\t'] = "\\t",
};

/* Appends s as a JSON string; in_html: '<', '>', '&' escaped too. */
static void
json_put_string(struct buf *out, const char *s, int in_html)
{
	size_t len = strlen(s), i = 0, n;

	buf_puts(out, "\"");
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		n = sequence_length(c);
		if (c < sizeof(escapes) / sizeof(escapes[0]) &&
		    escapes[c] != NULL)
			buf_puts(out, escapes[c]);
		else if (c < 0x20 || (in_html && (c == '<' || c == '>' ||
		    c == '&')))
			buf_printf(out, "\\u%04x", c);
		else if (n == 0 || i + n > len || !utf8_valid(s + i, n))
			buf_puts(out, "\\ufffd");
		else {
			buf_append(out, s + i, n);
			i += n;
			continue;
		}
		i++;
	}
	buf_puts(out, "\"");
}

void
json_string(struct buf *out, const char *s)
{
	json_put_string(out, s, 0);
}

void
json_string_in_html(struct buf *out, const char *s)
{
	json_put_string(out, s, 1);
}

void
json_string_or_null(struct buf *out, const char *s)
{
	if (s == NULL)
		buf_puts(out, "null");
	else
		json_string(out, s);
}

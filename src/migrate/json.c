/* json: string escaping for status --json. */
#include "json.h"

#include <stddef.h>
#include <string.h>

#include "../lib/buf.h"
#include "../lib/utf8.h"

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

void
json_string(struct buf *out, const char *s)
{
	size_t len = strlen(s), i = 0, n;

	buf_puts(out, "\"");
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"':
			buf_puts(out, "\\\"");
			break;
		case '\\':
			buf_puts(out, "\\\\");
			break;
		case '\n':
			buf_puts(out, "\\n");
			break;
		case '\r':
			buf_puts(out, "\\r");
			break;
		case '\t':
			buf_puts(out, "\\t");
			break;
		default:
			if (c < 0x20) {
				buf_printf(out, "\\u%04x", c);
				break;
			}
			n = sequence_length(c);
			if (n == 0 || i + n > len || !utf8_valid(s + i, n)) {
				buf_puts(out, "\\ufffd");
				break;
			}
			buf_append(out, s + i, n);
			i += n;
			continue;
		}
		i++;
	}
	buf_puts(out, "\"");
}

void
json_string_or_null(struct buf *out, const char *s)
{
	if (s == NULL)
		buf_puts(out, "null");
	else
		json_string(out, s);
}

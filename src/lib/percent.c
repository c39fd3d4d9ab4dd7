/* percent: percent-encoding by a caller's set of bytes to keep. */
#include "percent.h"

#include <string.h>

#include "buf.h"

/* Returns whether c goes out as it is: a letter, a digit or in keep. */
static int
percent_kept(unsigned char c, const char *keep)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr(keep, c) != NULL);
}

void
percent_encode(struct buf *out, const char *s, size_t len, const char *keep)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, start = 0;
	unsigned char c;
	char esc[3];

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (percent_kept(c, keep))
			continue;
		buf_append(out, s + start, i - start);
		esc[0] = '%';
		esc[1] = hex[c >> 4];
		esc[2] = hex[c & 0x0F];
		buf_append(out, esc, 3);
		start = i + 1;
	}
	buf_append(out, s + start, len - start);
}

/* redirect: checking and writing local paths. */
#include "redirect.h"

#include <string.h>

#include "../lib/buf.h"

int
http_local_path_valid(const char *s)
{
	size_t len;

	if (s == NULL || s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return 0;
	for (len = 0; s[len] != '\0'; len++) {
		unsigned char c = (unsigned char)s[len];

		if (len == REDIRECT_PATH_MAX || c < 0x20 || c == 0x7F ||
		    c == '\\')
			return 0;
	}
	return 1;
}

void
http_location_append(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char esc[3];

		if (*p > 0x20 && *p < 0x7F && strchr("\"<>`{|}^", *p) == NULL) {
			buf_append(out, (const char *)p, 1);
			continue;
		}
		esc[0] = '%';
		esc[1] = hex[*p >> 4];
		esc[2] = hex[*p & 0x0F];
		buf_append(out, esc, 3);
	}
}

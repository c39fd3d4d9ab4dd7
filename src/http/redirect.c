/* redirect: checking and writing local paths. */
#include "redirect.h"

#include <string.h>

#include "../lib/buf.h"
#include "../lib/percent.h"

/*
 * The printable ASCII a Location value keeps: all but letters and digits,
 * less " < > ` { | } ^ (and the space, which is not printable here).
 */
#define LOCATION_KEEP	"!#$%&'()*+,-./:;=?@[\\]_~"

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
	percent_encode(out, s, strlen(s), LOCATION_KEEP);
}

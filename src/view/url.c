/* url: the schemes a post may link to, and URLs written for attributes. */
#include "url.h"

#include <string.h>
#include <strings.h>

#include "../lib/buf.h"
#include "../lib/percent.h"

/* What a URL in a post keeps as it is, besides letters and digits. */
#define URL_KEEP	"-._~:/?#[]@!$()*+,;=%"

int
url_allowed(const char *s, size_t len)
{
	static const char *const schemes[] = { "http", "https", "mailto" };
	size_t i, k;

	for (i = 0; i < len; i++) {
		if (s[i] == '/' || s[i] == '?' || s[i] == '#')
			return 1;
		if (s[i] != ':')
			continue;
		for (k = 0; k < sizeof(schemes) / sizeof(schemes[0]); k++)
			if (strlen(schemes[k]) == i &&
			    strncasecmp(s, schemes[k], i) == 0)
				return 1;
		return 0;
	}
	return 1;
}

void
url_put(struct buf *out, const char *s, size_t len)
{
	size_t n;

	/* Runs between the two bytes that become references. */
	while (len > 0) {
		for (n = 0; n < len && s[n] != '&' && s[n] != '\''; n++)
			continue;
		percent_encode(out, s, n, URL_KEEP);
		if (n == len)
			break;
		buf_puts(out, s[n] == '&' ? "&amp;" : "&#39;");
		s += n + 1;
		len -= n + 1;
	}
}

/* media_img: an uploaded image's <img> attributes, from its name. */
#include "media_img.h"

#include <stdio.h>
#include <string.h>

#include "../lib/medianame.h"

#define MEDIA_PREFIX "/media/"

/* Appends "/media/NAME Ww" for m (a copy when m->copy) to out at *at. */
static void
srcset_add(struct media_img *out, size_t *at, const struct medianame *m,
    unsigned w)
{
	char name[MEDIANAME_MAX];

	if (medianame_format(m, name) < 0 || *at >= sizeof(out->srcset))
		return;
	*at += (size_t)snprintf(out->srcset + *at, sizeof(out->srcset) - *at,
	    "%s" MEDIA_PREFIX "%s %uw", *at > 0 ? ", " : "", name, w);
}

int
media_img_of(const char *url, size_t len, struct media_img *out)
{
	const size_t plen = sizeof(MEDIA_PREFIX) - 1;
	unsigned widths[MEDIANAME_COPIES];
	struct medianame m, each;
	size_t ncopies, at = 0;

	if (len <= plen || strncmp(url, MEDIA_PREFIX, plen) != 0 ||
	    medianame_parse(url + plen, len - plen, &m) != 0)
		return -1;
	out->width = m.copy != 0 ? m.copy : m.width;
	/* A copy keeps the original's shape, rounded to whole pixels. */
	out->height = m.copy != 0 ? (unsigned)(((unsigned long long)m.height *
	    m.copy + m.width / 2) / m.width) : m.height;
	if (out->height == 0)
		out->height = 1;
	out->srcset[0] = '\0';
	ncopies = medianame_copies(m.width, widths);
	each = m;
	for (size_t i = 0; i < ncopies; i++) {
		each.copy = widths[i];
		srcset_add(out, &at, &each, widths[i]);
	}
	each.copy = 0;
	srcset_add(out, &at, &each, m.width);
	return 0;
}

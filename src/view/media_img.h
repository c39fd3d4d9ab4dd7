/*
 * media_img: what an <img> of an uploaded image carries besides src and
 * alt, read from its URL alone (lib/medianame.h), so that a page shows
 * its images at their size, from the copy that fits, with no query:
 * width and height (the layout keeps their room before they load), and
 * srcset over the copies and the original with the sizes of the column.
 * Used by the Markdown renderer and the post page's featured image.
 */
#ifndef VIEW_MEDIA_IMG_H
#define VIEW_MEDIA_IMG_H

#include <stddef.h>

/* The column's width the images fill (static/style.css: --column, with
 * the page's padding on a phone). */
#define MEDIA_IMG_SIZES "(max-width: 41rem) calc(100vw - 3rem), 38rem"

/* Room for the srcset of an original and all its copies. */
#define MEDIA_IMG_SRCSET_MAX 512

struct media_img {
	unsigned width;		/* of the file the URL names */
	unsigned height;
	char srcset[MEDIA_IMG_SRCSET_MAX];	/* "/media/... 480w, ..." */
};

/*
 * Fills out for the URL of len bytes when it is "/media/" and a name
 * medianame_parse takes (an original's or a copy's). Returns 0, or -1 when
 * the URL is not an uploaded image's.
 */
int media_img_of(const char *url, size_t len, struct media_img *out);

#endif

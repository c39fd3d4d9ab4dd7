/*
 * medianame: the names of stored images, which say all a page needs to
 * show one, so that a post's images cost no query:
 *
 *	<hash>-<W>x<H>.<ext>		the original, W by H pixels, upright
 *	<hash>-<W>x<H>-<w>w.<ext>	its copy w pixels wide
 *
 * <hash> is 32 lower-case hex digits (BLAKE2b-128 of the uploaded bytes),
 * <ext> one of jpg, png, gif, webp, and the copies are those of 480, 960
 * and 1920 pixels narrower than W. Numbers are decimal without leading
 * zeros. Pure functions, no I/O: src/view reads names with them, src/media
 * makes them.
 */
#ifndef LIB_MEDIANAME_H
#define LIB_MEDIANAME_H

#include <stddef.h>

#define MEDIANAME_HASH_LEN 32		/* hex digits of the hash */
#define MEDIANAME_MAX 64		/* bytes of the longest name, NUL included */
#define MEDIANAME_DIM_MAX 10000000	/* pixels on a side: libvips' limit */
#define MEDIANAME_COPIES 3		/* copy widths there are */

/* What an image is, known from its bytes (src/media sniffs them). */
enum media_type {
	MEDIA_NONE,
	MEDIA_JPEG,
	MEDIA_PNG,
	MEDIA_GIF,
	MEDIA_WEBP,
	MEDIA__MAX
};

/* The widths of the copies, narrowest first: 480, 960, 1920. */
extern const unsigned medianame_widths[MEDIANAME_COPIES];

/* One stored file, as its name tells it. */
struct medianame {
	char		 hash[MEDIANAME_HASH_LEN + 1];
	unsigned	 width;		/* the original's, even in a copy's name */
	unsigned	 height;
	enum media_type	 type;
	unsigned	 copy;		/* the copy's width; 0 for the original */
};

/* Returns the extension of type ("jpg", "png", "gif", "webp"), or NULL. */
const char *medianame_ext(enum media_type type);

/* Returns the Content-Type of type ("image/jpeg", ...), or NULL. */
const char *medianame_mime(enum media_type type);

/*
 * Returns the number of copies an original width wide has (0 to
 * MEDIANAME_COPIES), their widths written to widths, narrowest first: the
 * copy widths less than width.
 */
size_t medianame_copies(unsigned width, unsigned widths[MEDIANAME_COPIES]);

/* Returns 1 if s (len bytes) is MEDIANAME_HASH_LEN lower-case hex digits. */
int medianame_hash_valid(const char *s, size_t len);

/*
 * Writes the name of m into out. Returns its length, or -1 (out empty)
 * if m could not have been stored: a bad hash, a side of 0 or over
 * MEDIANAME_DIM_MAX, no such type, or a copy width that is not one of
 * medianame_copies(m->width).
 */
int medianame_format(const struct medianame *m, char out[MEDIANAME_MAX]);

/*
 * Reads the name s (len bytes, no NUL needed: a span of a URL will do).
 * Returns 0 with out filled, or -1 if s is not exactly a name
 * medianame_format makes; nothing else passes (no path, no upper case, no
 * other extension, no copy the image would not have).
 */
int medianame_parse(const char *s, size_t len, struct medianame *out);

#endif

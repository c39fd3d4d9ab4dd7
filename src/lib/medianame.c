/*
 * medianame: making and reading the names of stored images. The reader is
 * strict (one spelling per image) because names come back in URLs and
 * Markdown, and a name it accepts is used as a file name.
 */
#include "medianame.h"

#include <stdio.h>
#include <string.h>

const unsigned medianame_widths[MEDIANAME_COPIES] = { 480, 960, 1920 };

static const char *const medianame_exts[MEDIA__MAX] = {
	[MEDIA_JPEG] = "jpg",
	[MEDIA_PNG] = "png",
	[MEDIA_GIF] = "gif",
	[MEDIA_WEBP] = "webp",
};

static const char *const medianame_mimes[MEDIA__MAX] = {
	[MEDIA_JPEG] = "image/jpeg",
	[MEDIA_PNG] = "image/png",
	[MEDIA_GIF] = "image/gif",
	[MEDIA_WEBP] = "image/webp",
};

const char *
medianame_ext(enum media_type type)
{
	if (type <= MEDIA_NONE || type >= MEDIA__MAX)
		return NULL;
	return medianame_exts[type];
}

const char *
medianame_mime(enum media_type type)
{
	if (type <= MEDIA_NONE || type >= MEDIA__MAX)
		return NULL;
	return medianame_mimes[type];
}

size_t
medianame_copies(unsigned width, unsigned widths[MEDIANAME_COPIES])
{
	size_t n = 0;

	for (size_t i = 0; i < MEDIANAME_COPIES; i++)
		if (medianame_widths[i] < width)
			widths[n++] = medianame_widths[i];
	return n;
}

int
medianame_hash_valid(const char *s, size_t len)
{
	if (len != MEDIANAME_HASH_LEN)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* Returns 1 if an original width wide has a copy copy wide (0: none). */
static int
copy_valid(unsigned width, unsigned copy)
{
	unsigned widths[MEDIANAME_COPIES];
	size_t n = medianame_copies(width, widths);

	if (copy == 0)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (widths[i] == copy)
			return 1;
	return 0;
}

/* Returns 1 if m names a file that could be stored, else 0. */
static int
name_valid(const struct medianame *m)
{
	return medianame_hash_valid(m->hash, strlen(m->hash)) &&
	    m->width >= 1 && m->width <= MEDIANAME_DIM_MAX &&
	    m->height >= 1 && m->height <= MEDIANAME_DIM_MAX &&
	    medianame_ext(m->type) != NULL && copy_valid(m->width, m->copy);
}

int
medianame_format(const struct medianame *m, char out[MEDIANAME_MAX])
{
	int n;

	out[0] = '\0';
	if (!name_valid(m))
		return -1;
	if (m->copy == 0)
		n = snprintf(out, MEDIANAME_MAX, "%s-%ux%u.%s", m->hash,
		    m->width, m->height, medianame_ext(m->type));
	else
		n = snprintf(out, MEDIANAME_MAX, "%s-%ux%u-%uw.%s", m->hash,
		    m->width, m->height, m->copy, medianame_ext(m->type));
	if (n < 0 || n >= MEDIANAME_MAX) {
		out[0] = '\0';
		return -1;
	}
	return n;
}

/*
 * Reads a decimal number from 1 to MEDIANAME_DIM_MAX without leading zeros
 * at s[*at], s being len bytes. Returns it with *at past its digits, or 0
 * if there is none such.
 */
static unsigned
read_number(const char *s, size_t len, size_t *at)
{
	unsigned long v = 0;
	size_t i = *at;

	if (i >= len || s[i] < '1' || s[i] > '9')
		return 0;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		v = v * 10 + (unsigned long)(s[i] - '0');
		if (v > MEDIANAME_DIM_MAX)
			return 0;
	}
	*at = i;
	return (unsigned)v;
}

/* Returns 1 if s[*at] is c, moving *at past it; else 0. */
static int
read_char(const char *s, size_t len, size_t *at, char c)
{
	if (*at >= len || s[*at] != c)
		return 0;
	(*at)++;
	return 1;
}

int
medianame_parse(const char *s, size_t len, struct medianame *out)
{
	struct medianame m;
	size_t at = MEDIANAME_HASH_LEN;
	enum media_type t;

	memset(out, 0, sizeof(*out));
	memset(&m, 0, sizeof(m));
	if (len < MEDIANAME_HASH_LEN || !medianame_hash_valid(s,
	    MEDIANAME_HASH_LEN))
		return -1;
	memcpy(m.hash, s, MEDIANAME_HASH_LEN);
	if (!read_char(s, len, &at, '-') ||
	    (m.width = read_number(s, len, &at)) == 0 ||
	    !read_char(s, len, &at, 'x') ||
	    (m.height = read_number(s, len, &at)) == 0)
		return -1;
	if (read_char(s, len, &at, '-') &&
	    ((m.copy = read_number(s, len, &at)) == 0 ||
	    !read_char(s, len, &at, 'w')))
		return -1;
	if (!read_char(s, len, &at, '.'))
		return -1;
	for (t = MEDIA_NONE + 1; t < MEDIA__MAX; t++) {
		const char *ext = medianame_exts[t];

		if (len - at == strlen(ext) && memcmp(s + at, ext,
		    len - at) == 0)
			break;
	}
	if (t == MEDIA__MAX)
		return -1;
	m.type = t;
	if (!copy_valid(m.width, m.copy))
		return -1;
	*out = m;
	return 0;
}

/*
 * convert: the child's work for image_store, the only code that calls
 * libvips. It trusts nothing of the upload but what the parent sniffed:
 * only the four loaders are left unblocked, the header is checked before
 * a pixel is decoded, and every image goes through vips_thumbnail, which
 * applies the orientation, converts to sRGB and shrinks on load. Metadata
 * is dropped before saving (all but a short list of harmless fields) and
 * the savers are told to strip it too. Files are written through a
 * descriptor this file owns, so that a failed write (the disk) is told
 * from a failed decode (the image).
 */
#include "convert.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vips/vips.h>

#include "../lib/medianame.h"

/* The longest temp name: the prefix store.c makes, then a name. */
#define CONVERT_PATH_MAX 128

/* The loaders a child may use; every other one is blocked. */
static const char *const convert_loaders[] = {
	"VipsForeignLoadJpeg",
	"VipsForeignLoadPng",
	"VipsForeignLoadNsgif",
	"VipsForeignLoadWebp",
};

/*
 * The metadata an image keeps on its way to a saver: how an animation is
 * laid out and timed, and a PNG's bit depth. Nothing here says where,
 * when or by whom; all else goes, since a saver's "strip" alone is not
 * trusted (libvips 8.14's WebP saver keeps EXIF and ICC despite it).
 */
static const char *const convert_kept[] = {
	"page-height",
	"n-pages",
	"delay",
	"loop",
	"gif-delay",
	"gif-loop",
	"bits-per-sample",
	"palette-bit-depth",
};

/* A file being written: its descriptor and the first error writing it. */
struct sink {
	int	fd;
	int	error;
};

/* Sets the report's status, and its detail: what, then libvips' error. */
static void
fail(struct convert_report *r, enum image_status status, const char *what)
{
	const char *err = vips_error_buffer();
	size_t len;

	r->status = status;
	snprintf(r->detail, sizeof(r->detail), "%s%s%s", what,
	    err[0] != '\0' ? ": " : "", err);
	/* libvips ends each message with a newline; one line is enough. */
	len = strcspn(r->detail, "\n");
	r->detail[len] = '\0';
	vips_error_clear();
}

/*
 * Drops what GLib and libvips would print: what matters comes back as an
 * error, and the parent logs it once (a fatal message still aborts).
 */
static void
ignore_log(const gchar *domain, GLogLevelFlags level, const gchar *message,
    gpointer arg)
{
	(void)domain;
	(void)level;
	(void)message;
	(void)arg;
}

/* Returns 0 once libvips is started and fenced in, else -1. */
static int
start_vips(void)
{
	/*
	 * An image libvips would rather decode to a temporary file (for
	 * random access) stays in memory instead: under RLIMIT_AS, where a
	 * killed child leaves nothing behind in /tmp.
	 */
	if (setenv("VIPS_DISC_THRESHOLD", "1000g", 1) != 0)
		return -1;
	/*
	 * libvips 8.14 loads its optional modules (HEIF, JPEG XL, PDF,
	 * ImageMagick, OpenSlide) from $VIPSHOME/lib/vips-modules-8.14.
	 * Pointing VIPSHOME where there are none keeps them and their
	 * libraries out of the child: they would be blocked anyway, and
	 * cost 0.3 s and some 40 MiB of address space each time.
	 */
	if (setenv("VIPSHOME", "/nonexistent", 1) != 0)
		return -1;
	g_log_set_default_handler(ignore_log, NULL);
	if (vips_init("blog-media") != 0)
		return -1;
	vips_concurrency_set(1);
	vips_cache_set_max(0);
	vips_cache_set_max_mem(0);
	vips_cache_set_max_files(0);
	vips_block_untrusted_set(TRUE);
	vips_operation_block_set("VipsForeignLoad", TRUE);
	for (size_t i = 0; i < G_N_ELEMENTS(convert_loaders); i++)
		vips_operation_block_set(convert_loaders[i], FALSE);
	return 0;
}

/*
 * Opens the header of the upload; frames of an animation are all loaded.
 * Returns the image, no pixel decoded yet, or NULL.
 */
static VipsImage *
load_header(const struct convert_job *job)
{
	VipsImage *img = NULL;
	int rc = -1;

	switch (job->type) {
	case MEDIA_JPEG:
		rc = vips_jpegload(job->src, &img, "fail_on",
		    VIPS_FAIL_ON_TRUNCATED, NULL);
		break;
	case MEDIA_PNG:
		rc = vips_pngload(job->src, &img, "fail_on",
		    VIPS_FAIL_ON_TRUNCATED, NULL);
		break;
	case MEDIA_GIF:
		rc = vips_gifload(job->src, &img, "n", -1, "fail_on",
		    VIPS_FAIL_ON_TRUNCATED, NULL);
		break;
	case MEDIA_WEBP:
		rc = vips_webpload(job->src, &img, "n", -1, "fail_on",
		    VIPS_FAIL_ON_TRUNCATED, NULL);
		break;
	default:
		break;
	}
	return rc == 0 ? img : NULL;
}

/*
 * Returns the upload upright, sRGB, width pixels wide (never wider than it
 * is), every frame of an animation; libvips decodes it as it is saved.
 * NULL if it cannot be opened.
 */
static VipsImage *
load_upright(const struct convert_job *job, int width)
{
	VipsSource *source;
	VipsImage *img = NULL;
	int animated = job->type == MEDIA_GIF || job->type == MEDIA_WEBP;
	int rc;

	if ((source = vips_source_new_from_file(job->src)) == NULL)
		return NULL;
	/*
	 * vips_thumbnail_source of 8.14 does not pass its own "fail_on" to
	 * the loader (a cut JPEG comes out grey at the bottom), so it goes
	 * in the loader's options, with "n=-1" for every frame.
	 */
	rc = vips_thumbnail_source(source, &img, width,
	    "height", VIPS_MAX_COORD,
	    "size", VIPS_SIZE_DOWN,
	    "export_profile", "srgb",
	    "option_string", animated ? "n=-1,fail_on=truncated" :
	    "fail_on=truncated",
	    NULL);
	g_object_unref(source);
	return rc == 0 ? img : NULL;
}

/* Returns 1 if the metadata field name is one to keep, else 0. */
static int
kept(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(convert_kept); i++)
		if (strcmp(name, convert_kept[i]) == 0)
			return 1;
	return 0;
}

/*
 * Returns a copy of in (the same pixels) with only the kept metadata, or
 * NULL.
 */
static VipsImage *
without_metadata(VipsImage *in)
{
	VipsImage *out;
	char **fields;

	if (vips_copy(in, &out, NULL) != 0)
		return NULL;
	fields = vips_image_get_fields(out);
	for (size_t i = 0; fields[i] != NULL; i++)
		if (!kept(fields[i]))
			vips_image_remove(out, fields[i]);
	g_strfreev(fields);
	return out;
}

/* Returns 0 once all of the len bytes at data are in s's file, else -1. */
static int
sink_put(struct sink *s, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(s->fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			s->error = n < 0 ? errno : EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The "write" signal of a custom target: data to the sink's file. */
static gint64
sink_write(VipsTargetCustom *target, const void *data, gint64 len,
    gpointer arg)
{
	(void)target;
	if (len < 0 || sink_put(arg, data, (size_t)len) != 0)
		return -1;
	return len;
}

/* Returns the little-endian 32-bit number at p. */
static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/*
 * Removes the EXIF, XMP and ICC chunks from the WebP file in the len
 * bytes at b, and their flags from its VP8X chunk: libvips 8.14 writes an
 * EXIF chunk whatever "strip" says. Returns the new length, or 0 if b is
 * not a RIFF WebP file made of whole chunks.
 */
static size_t
webp_drop_metadata(unsigned char *b, size_t len)
{
	size_t in = 12, out = 12;

	if (len < 12 || memcmp(b, "RIFF", 4) != 0 ||
	    memcmp(b + 8, "WEBP", 4) != 0)
		return 0;
	while (in < len) {
		size_t size, whole;

		if (len - in < 8)
			return 0;
		size = le32(b + in + 4);
		whole = 8 + size + (size & 1);
		if (whole > len - in)
			return 0;
		if (memcmp(b + in, "EXIF", 4) != 0 &&
		    memcmp(b + in, "XMP ", 4) != 0 &&
		    memcmp(b + in, "ICCP", 4) != 0) {
			/* VP8X flags: 0x20 ICC, 0x08 EXIF, 0x04 XMP. */
			if (memcmp(b + in, "VP8X", 4) == 0 && size >= 1)
				b[in + 8] &= (unsigned char)~(0x20 | 0x08 |
				    0x04);
			memmove(b + out, b + in, whole);
			out += whole;
		}
		in += whole;
	}
	b[4] = (unsigned char)(out - 8);
	b[5] = (unsigned char)((out - 8) >> 8);
	b[6] = (unsigned char)((out - 8) >> 16);
	b[7] = (unsigned char)((out - 8) >> 24);
	return out;
}

/* Returns 0 once img is in s's file as WebP with no metadata, else -1. */
static int
save_webp(VipsImage *img, struct sink *s)
{
	void *buf = NULL;
	size_t len = 0;
	int rc;

	/* libwebp makes the whole file in memory anyway. */
	if (vips_webpsave_buffer(img, &buf, &len, "Q", 80, "strip", TRUE,
	    NULL) != 0)
		return -1;
	if ((len = webp_drop_metadata(buf, len)) == 0) {
		vips_error("convert", "webpsave made no RIFF WebP file");
		rc = -1;
	} else
		rc = sink_put(s, buf, len);
	g_free(buf);
	return rc;
}

/*
 * Returns 0 once img is in s's file, as type, with no metadata, else -1.
 * An indexed PNG (palette set) stays indexed: libimagequant gives back
 * the same colours when there are 256 or fewer, and the file its size.
 */
static int
save_as(enum media_type type, int palette, VipsImage *img, struct sink *s)
{
	VipsTargetCustom *target;
	int rc = -1;

	if (type == MEDIA_WEBP)
		return save_webp(img, s);
	target = vips_target_custom_new();
	g_signal_connect(target, "write", G_CALLBACK(sink_write), s);
	switch (type) {
	case MEDIA_JPEG:
		rc = vips_jpegsave_target(img, VIPS_TARGET(target), "Q", 82,
		    "interlace", TRUE, "optimize_coding", TRUE,
		    "strip", TRUE, NULL);
		break;
	case MEDIA_PNG:
		rc = vips_pngsave_target(img, VIPS_TARGET(target),
		    "compression", 6, "palette", palette, "strip", TRUE,
		    NULL);
		break;
	case MEDIA_GIF:
		rc = vips_gifsave_target(img, VIPS_TARGET(target),
		    "strip", TRUE, NULL);
		break;
	default:
		break;
	}
	g_object_unref(target);
	return rc;
}

/*
 * Writes img under the temp name of m, synced. Returns 0, or -1 with the
 * report failed: IMAGE_FAILED for the disk, IMAGE_UNDECODABLE when the
 * pixels would not decode.
 */
static int
save(const struct convert_job *job, int palette, VipsImage *img,
    const struct medianame *m, struct convert_report *r)
{
	char name[MEDIANAME_MAX], path[CONVERT_PATH_MAX];
	struct sink sink = { -1, 0 };
	int rc;

	if (medianame_format(m, name) < 0) {
		snprintf(r->detail, sizeof(r->detail),
		    "no name for %ux%u", m->width, m->height);
		r->status = IMAGE_UNDECODABLE;
		return -1;
	}
	snprintf(path, sizeof(path), "%s%s", job->prefix, name);
	sink.fd = openat(job->dirfd, path, O_WRONLY | O_CREAT | O_EXCL |
	    O_CLOEXEC, 0644);
	if (sink.fd < 0) {
		snprintf(r->detail, sizeof(r->detail), "creating %s: %s",
		    path, strerror(errno));
		r->status = IMAGE_FAILED;
		return -1;
	}
	rc = save_as(job->type, palette, img, &sink);
	if (rc == 0 && sink.error == 0 && fsync(sink.fd) != 0)
		sink.error = errno;
	if (close(sink.fd) != 0 && sink.error == 0 && rc == 0)
		sink.error = errno;
	if (sink.error != 0) {
		snprintf(r->detail, sizeof(r->detail), "writing %s: %s",
		    path, strerror(sink.error));
		r->status = IMAGE_FAILED;
		vips_error_clear();
		return -1;
	}
	if (rc != 0) {
		fail(r, IMAGE_UNDECODABLE, name);
		return -1;
	}
	return 0;
}

/*
 * Checks the header against the pixel limit and fills the report's
 * upright size, and *palette: whether the image is an indexed PNG.
 * Returns 0, or -1 with the report failed.
 */
static int
check_header(const struct convert_job *job, struct convert_report *r,
    int *palette)
{
	VipsImage *img;
	unsigned w, h, page;

	if ((img = load_header(job)) == NULL) {
		fail(r, IMAGE_UNDECODABLE, "reading the header");
		return -1;
	}
	w = (unsigned)vips_image_get_width(img);
	h = (unsigned)vips_image_get_height(img);
	page = (unsigned)vips_image_get_page_height(img);
	r->pages = page > 0 ? h / page : 1;
	r->pixels = (uint64_t)w * h;
	*palette = job->type == MEDIA_PNG &&
	    vips_image_get_typeof(img, "palette-bit-depth") != 0;
	if (vips_image_get_orientation_swap(img)) {
		r->width = page;
		r->height = w;
	} else {
		r->width = w;
		r->height = page;
	}
	g_object_unref(img);
	if (r->pixels > job->max_pixels) {
		r->status = IMAGE_TOO_MANY_PIXELS;
		snprintf(r->detail, sizeof(r->detail),
		    "%u x %u x %u frames", w, page, r->pages);
		return -1;
	}
	return 0;
}

/*
 * Writes the upload at width pixels wide as the copy copy (0: the
 * original), indexed if palette. Returns 0, or -1 with the report failed.
 */
static int
write_one(const struct convert_job *job, unsigned width, unsigned copy,
    int palette, struct convert_report *r)
{
	struct medianame m;
	VipsImage *img, *bare;
	int rc;

	if ((img = load_upright(job, (int)width)) == NULL) {
		fail(r, IMAGE_UNDECODABLE, "opening");
		return -1;
	}
	if ((bare = without_metadata(img)) == NULL) {
		fail(r, IMAGE_UNDECODABLE, "dropping metadata");
		g_object_unref(img);
		return -1;
	}
	g_object_unref(img);
	img = bare;
	if ((unsigned)vips_image_get_width(img) != width ||
	    (copy == 0 && (unsigned)vips_image_get_page_height(img) !=
	    r->height)) {
		snprintf(r->detail, sizeof(r->detail),
		    "wanted %u wide, got %dx%d", width,
		    vips_image_get_width(img), vips_image_get_page_height(img));
		r->status = IMAGE_UNDECODABLE;
		g_object_unref(img);
		return -1;
	}
	memset(&m, 0, sizeof(m));
	memcpy(m.hash, job->hash, MEDIANAME_HASH_LEN);
	m.width = r->width;
	m.height = r->height;
	m.type = job->type;
	m.copy = copy;
	rc = save(job, palette, img, &m, r);
	g_object_unref(img);
	return rc;
}

void
convert_run(const struct convert_job *job, struct convert_report *r)
{
	unsigned widths[MEDIANAME_COPIES];
	size_t n;
	int palette = 0;

	memset(r, 0, sizeof(*r));
	r->status = IMAGE_OK;
	if (start_vips() != 0) {
		fail(r, IMAGE_FAILED, "starting libvips");
		return;
	}
	if (check_header(job, r, &palette) != 0 ||
	    write_one(job, r->width, 0, palette, r) != 0)
		return;
	n = medianame_copies(r->width, widths);
	for (size_t i = 0; i < n; i++)
		if (write_one(job, widths[i], widths[i], palette, r) != 0)
			return;
}

/*
 * Tests src/lib/medianame.c (the names of stored images, made and read
 * back, and every name that is not one refused) and src/media (images
 * stored through a child process that runs ./blog-image, which the
 * Makefile builds first: types, copies, orientation, metadata, refusals,
 * limits, and what is left on disk when it fails; blog-image without the
 * store, and the store without blog-image).
 *
 * The inputs are made with libvips in a child of their own, so that this
 * process, like a worker, never initialises libvips: forking a process
 * whose libvips has threads would hand the store's child a broken libvips.
 * Stored files are checked with exiftool, which knows nothing of libvips.
 * TEST_IMAGE_VERBOSE=1 prints why each refusal was made.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <vips/vips.h>

#include "../../src/lib/medianame.h"
#include "../../src/media/convert.h"
#include "../../src/media/image.h"
#include "../../src/media/job.h"
#include "test.h"

/* The decoder, as make builds it; the tests run from the project root. */
#define HELPER "./blog-image"

static const char hash[] = "3f2a0000111122223333444455556666";

/* Returns 0 if s parses, -1 if refused: a test's shorthand. */
static int
parses(const char *s)
{
	struct medianame m;

	return medianame_parse(s, strlen(s), &m);
}

static void
test_name_of_original_and_copy(void)
{
	struct medianame m = { "", 4000, 3000, MEDIA_JPEG, 0 };
	char out[MEDIANAME_MAX];

	memcpy(m.hash, hash, sizeof(hash));
	CHECK_INT(medianame_format(&m, out), 32 + 14);
	CHECK_STR(out, "3f2a0000111122223333444455556666-4000x3000.jpg");
	m.copy = 960;
	CHECK(medianame_format(&m, out) > 0);
	CHECK_STR(out, "3f2a0000111122223333444455556666-4000x3000-960w.jpg");
	m.type = MEDIA_WEBP;
	m.copy = 1920;
	m.width = MEDIANAME_DIM_MAX;
	m.height = MEDIANAME_DIM_MAX;
	CHECK(medianame_format(&m, out) > 0);
	CHECK_STR(out, "3f2a0000111122223333444455556666-10000000x10000000"
	    "-1920w.webp");
	CHECK(strlen(out) < MEDIANAME_MAX);
}

static void
test_names_round_trip(void)
{
	static const enum media_type types[] = { MEDIA_JPEG, MEDIA_PNG,
	    MEDIA_GIF, MEDIA_WEBP };
	static const unsigned sizes[][2] = { { 1, 1 }, { 480, 10 },
	    { 481, 7 }, { 1921, 1080 }, { 300, 9999999 } };
	char out[MEDIANAME_MAX];
	struct medianame m, back;
	unsigned widths[MEDIANAME_COPIES];

	memset(&m, 0, sizeof(m));
	memcpy(m.hash, hash, sizeof(hash));
	for (size_t t = 0; t < 4; t++)
		for (size_t s = 0; s < 5; s++) {
			size_t n;

			m.type = types[t];
			m.width = sizes[s][0];
			m.height = sizes[s][1];
			n = medianame_copies(m.width, widths);
			for (size_t c = 0; c <= n; c++) {
				m.copy = c < n ? widths[c] : 0;
				CHECK(medianame_format(&m, out) > 0);
				CHECK_INT(medianame_parse(out, strlen(out),
				    &back), 0);
				CHECK_STR(back.hash, hash);
				CHECK_INT(back.width, m.width);
				CHECK_INT(back.height, m.height);
				CHECK_INT(back.type, m.type);
				CHECK_INT(back.copy, m.copy);
			}
		}
}

static void
test_copies_only_narrower_than_the_original(void)
{
	unsigned w[MEDIANAME_COPIES];

	CHECK_INT(medianame_copies(300, w), 0);
	CHECK_INT(medianame_copies(480, w), 0);
	CHECK_INT(medianame_copies(481, w), 1);
	CHECK_INT(w[0], 480);
	CHECK_INT(medianame_copies(700, w), 1);
	CHECK_INT(medianame_copies(1920, w), 2);
	CHECK_INT(w[1], 960);
	CHECK_INT(medianame_copies(4000, w), 3);
	CHECK_INT(w[0], 480);
	CHECK_INT(w[2], 1920);
}

static void
test_parse_reads_a_span(void)
{
	const char *url = "/media/3f2a0000111122223333444455556666-700x500"
	    "-480w.png\" alt";
	struct medianame m;

	CHECK_INT(medianame_parse(url + 7, 32 + 17, &m), 0);
	CHECK_INT(m.width, 700);
	CHECK_INT(m.height, 500);
	CHECK_INT(m.copy, 480);
	CHECK_INT(m.type, MEDIA_PNG);
	CHECK_STR(medianame_ext(m.type), "png");
	CHECK_STR(medianame_mime(m.type), "image/png");
	CHECK_STR(medianame_mime(MEDIA_WEBP), "image/webp");
	CHECK(medianame_ext(MEDIA_NONE) == NULL);
	CHECK(medianame_mime(MEDIA__MAX) == NULL);
}

static void
test_parse_refuses_bad_hashes(void)
{
	CHECK_INT(parses("3F2A0000111122223333444455556666-10x10.jpg"), -1);
	CHECK_INT(parses("3f2a000011112222333344445555666-10x10.jpg"), -1);
	CHECK_INT(parses("3f2a00001111222233334444555566667-10x10.jpg"), -1);
	CHECK_INT(parses("3f2a000011112222333344445555666g-10x10.jpg"), -1);
	CHECK_INT(parses("-10x10.jpg"), -1);
	CHECK_INT(parses(""), -1);
	CHECK(medianame_hash_valid(hash, 32));
	CHECK(!medianame_hash_valid(hash, 31));
	CHECK(!medianame_hash_valid("3f2a0000111122223333444455556 66",
	    32));
}

static void
test_parse_refuses_bad_dimensions(void)
{
	CHECK_INT(parses("3f2a0000111122223333444455556666-0x10.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x0.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-010x10.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10000001x1.jpg"),
	    -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-99999999999999999"
	    "999x1.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10X10.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-x10.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666--10x10.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-+10x10.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.jpg"), 0);
}

static void
test_parse_refuses_copies_it_would_not_make(void)
{
	CHECK_INT(parses("3f2a0000111122223333444455556666-700x5-480w.jpg"),
	    0);
	CHECK_INT(parses("3f2a0000111122223333444455556666-480x5-480w.jpg"),
	    -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-700x5-960w.jpg"),
	    -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-4000x5-500w.jpg"),
	    -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-4000x5-0480w.jpg"),
	    -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-4000x5-480.jpg"),
	    -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-4000x5-w.jpg"),
	    -1);
}

static void
test_parse_refuses_other_extensions(void)
{
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.jpeg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.JPG"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.svg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10."), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.jp"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.jpgx"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.webp"), 0);
}

static void
test_parse_refuses_path_characters(void)
{
	const char nul[] = "3f2a0000111122223333444455556666-10x10.jpg\0.png";

	CHECK_INT(parses("../3f2a0000111122223333444455556666-10x10.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.jpg/"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.jpg/../x"),
	    -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10/.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.jpg?x=1"),
	    -1);
	CHECK_INT(parses(" 3f2a0000111122223333444455556666-10x10.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.jpg "), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.jpg%00"), -1);
	CHECK_INT(medianame_parse(nul, sizeof(nul) - 1, &(struct medianame){
	    0 }), -1);
}

static void
test_format_refuses_what_cannot_be_stored(void)
{
	struct medianame m = { "", 700, 500, MEDIA_PNG, 960 };
	char out[MEDIANAME_MAX] = "x";

	memcpy(m.hash, hash, sizeof(hash));
	CHECK_INT(medianame_format(&m, out), -1);
	CHECK_STR(out, "");
	m.copy = 0;
	m.type = MEDIA_NONE;
	CHECK_INT(medianame_format(&m, out), -1);
	m.type = MEDIA_GIF;
	m.width = 0;
	CHECK_INT(medianame_format(&m, out), -1);
	m.width = 10;
	m.hash[3] = 'A';
	CHECK_INT(medianame_format(&m, out), -1);
	m.hash[3] = '/';
	CHECK_INT(medianame_format(&m, out), -1);
}

/*
 * The media tests' scene: a directory of inputs and one of stored images,
 * under a temporary directory removed at the end.
 */
static char root[64], in_dir[96], media_dir[96];

/* Writes dir/name into out (PATH_LEN bytes). */
#define PATH_LEN 256
static void
path_of(char out[PATH_LEN], const char *dir, const char *name)
{
	snprintf(out, PATH_LEN, "%s/%s", dir, name);
}

/* Returns a width x height sRGB image of noise (bands 3 or 4), or NULL. */
static VipsImage *
fixture_noise(int width, int height, int bands)
{
	VipsImage *band[4], *joined = NULL, *bytes = NULL, *out = NULL;
	int n = 0;

	for (; n < bands; n++)
		if (vips_gaussnoise(&band[n], width, height, "sigma", 40.0,
		    "mean", 128.0, NULL) != 0)
			goto done;
	if (vips_bandjoin(band, &joined, bands, NULL) != 0 ||
	    vips_cast_uchar(joined, &bytes, NULL) != 0 ||
	    vips_copy(bytes, &out, "interpretation",
	    VIPS_INTERPRETATION_sRGB, NULL) != 0)
		out = NULL;
done:
	while (n-- > 0)
		g_object_unref(band[n]);
	if (joined != NULL)
		g_object_unref(joined);
	if (bytes != NULL)
		g_object_unref(bytes);
	return out;
}

/* Returns 0 once a width x height noise image is saved as name, else -1. */
static int
fixture(const char *name, int width, int height, int bands)
{
	char path[PATH_LEN];
	VipsImage *img;
	int rc;

	path_of(path, in_dir, name);
	if ((img = fixture_noise(width, height, bands)) == NULL)
		return -1;
	rc = vips_image_write_to_file(img, path, NULL);
	g_object_unref(img);
	return rc;
}

/* Returns 0 once name is a 3-frame animation width x height, else -1. */
static int
fixture_animation(const char *name, int width, int height)
{
	static int delays[3] = { 100, 100, 100 };
	VipsImage *frame[3], *strip = NULL, *anim = NULL;
	char path[PATH_LEN];
	int rc = -1;

	path_of(path, in_dir, name);
	if ((frame[0] = fixture_noise(width, height, 3)) == NULL)
		return -1;
	if (vips_invert(frame[0], &frame[1], NULL) != 0) {
		g_object_unref(frame[0]);
		return -1;
	}
	frame[2] = frame[0];
	if (vips_arrayjoin(frame, &strip, 3, "across", 1, NULL) == 0 &&
	    vips_copy(strip, &anim, NULL) == 0) {
		vips_image_set_int(anim, "page-height", height);
		vips_image_set_array_int(anim, "delay", delays, 3);
		rc = vips_image_write_to_file(anim, path, NULL);
	}
	if (anim != NULL)
		g_object_unref(anim);
	if (strip != NULL)
		g_object_unref(strip);
	g_object_unref(frame[1]);
	g_object_unref(frame[0]);
	return rc;
}

/* Writes the len bytes at data to dir/name. Returns 0, or -1. */
static int
write_file(const char *dir, const char *name, const void *data, size_t len)
{
	char path[PATH_LEN];
	FILE *f;
	int rc;

	path_of(path, dir, name);
	if ((f = fopen(path, "wb")) == NULL)
		return -1;
	rc = fwrite(data, 1, len, f) == len ? 0 : -1;
	return fclose(f) == 0 ? rc : -1;
}

/* Reads up to max bytes of dir/name into buf. Returns how many, or -1. */
static long
read_file(const char *dir, const char *name, unsigned char *buf, size_t max)
{
	char path[PATH_LEN];
	FILE *f;
	size_t n;

	path_of(path, dir, name);
	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	n = fread(buf, 1, max, f);
	fclose(f);
	return (long)n;
}

/* Runs the shell command cmd. Returns 0 if it succeeded, else -1. */
static int
run(const char *cmd)
{
	int status = system(cmd);

	return status != -1 && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0 ? 0 : -1;
}

/*
 * Makes the inputs in a child that initialises libvips (never this
 * process). Returns 0, or -1.
 */
static int
make_fixtures(void)
{
	pid_t pid;
	int status;

	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		int rc = vips_init("test_image") != 0 ||
		    fixture("wide.jpg", 2000, 1000, 3) != 0 ||
		    fixture("small.png", 300, 200, 4) != 0 ||
		    fixture("indexed.png[palette]", 640, 480, 3) != 0 ||
		    fixture("mid.jpg", 700, 500, 3) != 0 ||
		    fixture("photo.webp", 1000, 750, 3) != 0 ||
		    fixture("turned.jpg", 1200, 800, 3) != 0 ||
		    fixture("big.jpg", 3000, 2000, 3) != 0 ||
		    fixture("tiny.png", 16, 16, 3) != 0 ||
		    fixture_animation("anim.gif", 600, 400) != 0 ||
		    fixture_animation("anim.webp", 600, 400) != 0;

		_exit(rc);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return -1;
	return 0;
}

/* Returns the CRC-32 of PNG (and zlib) of the len bytes at p. */
static uint32_t
crc32_png(const unsigned char *p, size_t len)
{
	uint32_t crc = 0xffffffffU;

	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = crc & 1 ? (crc >> 1) ^ 0xedb88320U : crc >> 1;
	}
	return crc ^ 0xffffffffU;
}

/* Writes the big-endian 32-bit n at p. */
static void
put_be32(unsigned char *p, uint32_t n)
{
	p[0] = (unsigned char)(n >> 24);
	p[1] = (unsigned char)(n >> 16);
	p[2] = (unsigned char)(n >> 8);
	p[3] = (unsigned char)n;
}

/*
 * Makes bomb.png: tiny.png with an IHDR claiming 100000 x 100000 pixels
 * (its CRC made right, so only the size is a lie). Returns 0, or -1.
 */
static int
make_bomb(void)
{
	static unsigned char png[65536];
	long n = read_file(in_dir, "tiny.png", png, sizeof(png));

	if (n < 33 || memcmp(png + 12, "IHDR", 4) != 0)
		return -1;
	put_be32(png + 16, 100000);
	put_be32(png + 20, 100000);
	put_be32(png + 29, crc32_png(png + 12, 17));
	return write_file(in_dir, "bomb.png", png, (size_t)n);
}

/* Makes the not-images and the damaged images. Returns 0, or -1. */
static int
make_refusals(void)
{
	static const char svg[] = "<?xml version=\"1.0\"?>\n<svg xmlns="
	    "\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
	    "<script>alert(1)</script></svg>\n";
	static const char text[] = "Not a picture, whatever its name says.\n";
	static const char html[] = "<!DOCTYPE html><html><body><img src=x "
	    "onerror=alert(1)></body></html>\n";
	static unsigned char jpeg[1 << 20];
	long n = read_file(in_dir, "wide.jpg", jpeg, sizeof(jpeg));

	if (n < 4096)
		return -1;
	return write_file(in_dir, "drawing.svg", svg, sizeof(svg) - 1) ||
	    write_file(in_dir, "notes.jpg", text, sizeof(text) - 1) ||
	    write_file(in_dir, "page.html", html, sizeof(html) - 1) ||
	    write_file(in_dir, "empty.jpg", "", 0) ||
	    write_file(in_dir, "cut.jpg", jpeg, (size_t)n / 3) ? -1 : 0;
}

/* Puts the EXIF orientation 6, GPS, a comment and XMP on turned.jpg. */
static int
make_turned(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "exiftool -q -overwrite_original -n "
	    "-Orientation=6 -GPSLatitude=48.8584 -GPSLatitudeRef=N "
	    "-GPSLongitude=2.2945 -GPSLongitudeRef=E -Comment=secret "
	    "-XMP:Creator=someone '%s/turned.jpg' >/dev/null 2>&1", in_dir);
	return run(cmd);
}

/* Returns 0 once the scene is set, else -1. */
static int
setup(void)
{
	snprintf(root, sizeof(root), "/tmp/test_image.XXXXXX");
	if (mkdtemp(root) == NULL || chmod(root, 0755) != 0)
		return -1;
	snprintf(in_dir, sizeof(in_dir), "%s/in", root);
	snprintf(media_dir, sizeof(media_dir), "%s/media", root);
	if (mkdir(in_dir, 0755) != 0 || mkdir(media_dir, 0755) != 0)
		return -1;
	if (make_fixtures() != 0 || make_bomb() != 0 ||
	    make_refusals() != 0 || make_turned() != 0)
		return -1;
	return 0;
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	run(cmd);
}

/* Empties the media directory (stored files and temp files alike). */
static void
empty_media(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -m 755 '%s'",
	    media_dir, media_dir);
	run(cmd);
}

/* Returns the number of entries of dir, dot files included, or -1. */
static int
count_files(const char *dir)
{
	char cmd[256];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof(cmd), "ls -A '%s' | wc -l", dir);
	if ((p = popen(cmd, "r")) == NULL)
		return -1;
	if (fscanf(p, "%d", &n) != 1)
		n = -1;
	pclose(p);
	return n;
}

/*
 * Runs exiftool with args on path, its output in out (len bytes, NUL
 * terminated). Returns 0, or -1.
 */
static int
exiftool(const char *args, const char *path, char *out, size_t len)
{
	char cmd[512];
	size_t n;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "exiftool %s '%s' 2>/dev/null", args, path);
	if ((p = popen(cmd, "r")) == NULL)
		return -1;
	n = fread(out, 1, len - 1, p);
	out[n] = '\0';
	return pclose(p) == 0 ? 0 : -1;
}

/* Returns "WxH" of the stored file name, as exiftool reads it. */
static const char *
stored_size(const char *name)
{
	static char out[64];
	char path[PATH_LEN];

	path_of(path, media_dir, name);
	if (exiftool("-s3 -ImageSize", path, out, sizeof(out)) != 0)
		return "(unreadable)";
	out[strcspn(out, "\n")] = '\0';
	return out;
}

/* Returns what exiftool says of the stored file name's tag. */
static const char *
stored_tag(const char *name, const char *tag)
{
	static char out[128];
	char path[PATH_LEN], args[64];

	path_of(path, media_dir, name);
	snprintf(args, sizeof(args), "-s3 -%s", tag);
	if (exiftool(args, path, out, sizeof(out)) != 0)
		return "(unreadable)";
	out[strcspn(out, "\n")] = '\0';
	return out;
}

/* Stores the input name with limits l (NULL: defaults). */
static enum image_status
store(const char *name, const struct image_limits *l,
    struct image_result *r)
{
	char path[PATH_LEN], why[IMAGE_WHY_MAX];
	enum image_status s;

	path_of(path, in_dir, name);
	s = image_store(path, media_dir, l, r, why, sizeof(why));
	if (s != IMAGE_OK && getenv("TEST_IMAGE_VERBOSE") != NULL)
		fprintf(stderr, "%s: %s (%s)\n", name, why, r->detail);
	return s;
}

/*
 * Checks a stored image: its name is hash-WxH.ext of the input's bytes,
 * its files are there (and nothing else), each of the size its name
 * says and of the input's type.
 */
static void
check_stored(const char *input, const struct image_result *r,
    enum media_type type, unsigned w, unsigned h, size_t ncopies)
{
	char path[PATH_LEN], hex[MEDIANAME_HASH_LEN + 1], want[MEDIANAME_MAX];
	struct medianame m = { "", w, h, type, 0 };
	struct image_files files;
	struct stat st;

	path_of(path, in_dir, input);
	CHECK_INT(image_hash_file(path, hex), 0);
	CHECK_STR(r->hash, hex);
	memcpy(m.hash, hex, sizeof(hex));
	CHECK(medianame_format(&m, want) > 0);
	CHECK_STR(r->name, want);
	CHECK_INT(r->type, type);
	CHECK_INT(r->width, w);
	CHECK_INT(r->height, h);
	CHECK_INT(r->ncopies, ncopies);
	CHECK_INT(image_files(media_dir, hex, &files), 0);
	CHECK_INT(files.n, 1 + ncopies);
	CHECK_INT(count_files(media_dir), 1 + ncopies);
	CHECK_STR(files.name[0], r->name);
	path_of(path, media_dir, r->name);
	CHECK(stat(path, &st) == 0 && (uint64_t)st.st_size == r->bytes);
	snprintf(want, sizeof(want), "%ux%u", w, h);
	CHECK_STR(stored_size(r->name), want);
	CHECK_STR(stored_tag(r->name, "MIMEType"), medianame_mime(type));
	for (size_t i = 0; i < r->ncopies && i < ncopies; i++) {
		unsigned cw = r->copy_width[i];
		unsigned ch = (unsigned)((double)h * cw / w + 0.5);
		char lo[32], hi[32];
		const char *got;

		CHECK_INT(cw, medianame_widths[i]);
		m.copy = cw;
		CHECK(medianame_format(&m, want) > 0);
		CHECK_STR(r->copy[i], want);
		CHECK_STR(files.name[1 + i], want);
		/* libvips may round the copy's height either way. */
		snprintf(want, sizeof(want), "%ux%u", cw, ch);
		snprintf(lo, sizeof(lo), "%ux%u", cw, ch - 1);
		snprintf(hi, sizeof(hi), "%ux%u", cw, ch + 1);
		got = stored_size(r->copy[i]);
		CHECK(strcmp(got, want) == 0 || strcmp(got, lo) == 0 ||
		    strcmp(got, hi) == 0);
		CHECK_STR(stored_tag(r->copy[i], "MIMEType"),
		    medianame_mime(type));
	}
}

static void
test_sniff_knows_the_four_by_their_bytes(void)
{
	CHECK_INT(image_sniff("\xff\xd8\xff\xe0", 4), MEDIA_JPEG);
	CHECK_INT(image_sniff("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), MEDIA_PNG);
	CHECK_INT(image_sniff("GIF87a", 6), MEDIA_GIF);
	CHECK_INT(image_sniff("GIF89a\x01\x00", 8), MEDIA_GIF);
	CHECK_INT(image_sniff("RIFF\x10\0\0\0WEBPVP8 ", 16), MEDIA_WEBP);
	CHECK_INT(image_sniff("RIFF\x10\0\0\0WAVEfmt ", 16), MEDIA_NONE);
	CHECK_INT(image_sniff("\xff\xd8", 2), MEDIA_NONE);
	CHECK_INT(image_sniff("\x89PNG\r\n\x1a", 7), MEDIA_NONE);
	CHECK_INT(image_sniff("GIF88a", 6), MEDIA_NONE);
	CHECK_INT(image_sniff("<svg xmlns=", 11), MEDIA_NONE);
	CHECK_INT(image_sniff("<?xml versi", 11), MEDIA_NONE);
	CHECK_INT(image_sniff("BM\0\0\0\0", 6), MEDIA_NONE);
	CHECK_INT(image_sniff("II*\0", 4), MEDIA_NONE);
	CHECK_INT(image_sniff("", 0), MEDIA_NONE);
}

static void
test_hash_is_blake2b_128(void)
{
	char hex[MEDIANAME_HASH_LEN + 1], path[PATH_LEN];

	CHECK_INT(write_file(root, "abc", "abc", 3), 0);
	path_of(path, root, "abc");
	CHECK_INT(image_hash_file(path, hex), 0);
	CHECK_STR(hex, "cf4ab791c62b8d2b2109c90275287816");
	CHECK_INT(write_file(root, "empty", "", 0), 0);
	path_of(path, root, "empty");
	CHECK_INT(image_hash_file(path, hex), 0);
	CHECK_STR(hex, "cae66941d9efbd404e4d88758ea67670");
	path_of(path, root, "missing");
	CHECK_INT(image_hash_file(path, hex), -1);
	CHECK_INT(errno, ENOENT);
}

static void
test_jpeg_stored_with_all_copies(void)
{
	struct image_result r;

	empty_media();
	CHECK_INT(store("wide.jpg", NULL, &r), IMAGE_OK);
	CHECK(!r.existed);
	CHECK(r.peak_kib > 0);
	check_stored("wide.jpg", &r, MEDIA_JPEG, 2000, 1000, 3);
	CHECK_STR(stored_tag(r.name, "EncodingProcess"),
	    "Progressive DCT, Huffman coding");
}

static void
test_png_stays_png_without_copies(void)
{
	struct image_result r;

	empty_media();
	CHECK_INT(store("small.png", NULL, &r), IMAGE_OK);
	check_stored("small.png", &r, MEDIA_PNG, 300, 200, 0);
	CHECK_STR(stored_tag(r.name, "ColorType"), "RGB with Alpha");
}

static void
test_indexed_png_stays_indexed(void)
{
	struct image_result r;

	empty_media();
	CHECK_INT(store("indexed.png", NULL, &r), IMAGE_OK);
	check_stored("indexed.png", &r, MEDIA_PNG, 640, 480, 1);
	CHECK_STR(stored_tag(r.name, "ColorType"), "Palette");
	CHECK_STR(stored_tag(r.copy[0], "ColorType"), "Palette");
}

static void
test_700_pixels_get_only_480w(void)
{
	struct image_result r;

	empty_media();
	CHECK_INT(store("mid.jpg", NULL, &r), IMAGE_OK);
	check_stored("mid.jpg", &r, MEDIA_JPEG, 700, 500, 1);
}

static void
test_gif_keeps_its_animation(void)
{
	struct image_result r;

	empty_media();
	CHECK_INT(store("anim.gif", NULL, &r), IMAGE_OK);
	check_stored("anim.gif", &r, MEDIA_GIF, 600, 400, 1);
	CHECK_STR(stored_tag(r.name, "FrameCount"), "3");
	CHECK_STR(stored_tag(r.copy[0], "FrameCount"), "3");
}

static void
test_webp_stored_with_copies(void)
{
	struct image_result r;

	empty_media();
	CHECK_INT(store("photo.webp", NULL, &r), IMAGE_OK);
	check_stored("photo.webp", &r, MEDIA_WEBP, 1000, 750, 2);
}

static void
test_animated_webp_stays_animated(void)
{
	struct image_result r;

	empty_media();
	CHECK_INT(store("anim.webp", NULL, &r), IMAGE_OK);
	check_stored("anim.webp", &r, MEDIA_WEBP, 600, 400, 1);
	CHECK_STR(stored_tag(r.name, "WebP_Flags"), "Animation");
	CHECK_STR(stored_tag(r.copy[0], "WebP_Flags"), "Animation");
}

static void
test_same_bytes_twice_stored_once(void)
{
	static unsigned char bytes[1 << 20];
	struct image_result first, again;
	char path[PATH_LEN];
	long n;

	empty_media();
	CHECK_INT(store("wide.jpg", NULL, &first), IMAGE_OK);
	n = read_file(in_dir, "wide.jpg", bytes, sizeof(bytes));
	CHECK(n > 0 && write_file(in_dir, "same-bytes.bin", bytes,
	    (size_t)n) == 0);
	CHECK_INT(store("same-bytes.bin", NULL, &again), IMAGE_OK);
	CHECK(again.existed);
	CHECK_INT(again.peak_kib, 0);	/* no child: nothing decoded */
	CHECK_STR(again.name, first.name);
	CHECK_INT(again.bytes, first.bytes);
	CHECK_INT(again.ncopies, 3);
	CHECK_STR(again.copy[2], first.copy[2]);
	CHECK_INT(count_files(media_dir), 4);

	/* A copy gone, the bytes are stored again, the copy with them. */
	path_of(path, media_dir, first.copy[1]);
	CHECK_INT(unlink(path), 0);
	CHECK_INT(store("wide.jpg", NULL, &again), IMAGE_OK);
	CHECK(!again.existed);
	CHECK_STR(again.name, first.name);
	CHECK_INT(count_files(media_dir), 4);
}

static void
test_not_images_are_unsupported(void)
{
	static const char *const names[] = { "drawing.svg", "notes.jpg",
	    "page.html", "empty.jpg" };
	struct image_result r;
	char why[IMAGE_WHY_MAX], path[PATH_LEN];

	empty_media();
	for (size_t i = 0; i < 4; i++) {
		CHECK_INT(store(names[i], NULL, &r), IMAGE_UNSUPPORTED);
		CHECK_INT(image_status_http(IMAGE_UNSUPPORTED), 415);
		CHECK_INT(r.peak_kib, 0);	/* refused before any child */
	}
	path_of(path, in_dir, "notes.jpg");
	CHECK_INT(image_store(path, media_dir, NULL, &r, why, sizeof(why)),
	    IMAGE_UNSUPPORTED);
	CHECK_STR(why, "The file is not a JPEG, PNG, GIF or WebP image.");
	CHECK_INT(count_files(media_dir), 0);
}

static void
test_truncated_jpeg_does_not_decode(void)
{
	struct image_result r;

	empty_media();
	CHECK_INT(store("cut.jpg", NULL, &r), IMAGE_UNDECODABLE);
	CHECK_INT(image_status_http(IMAGE_UNDECODABLE), 422);
	CHECK(r.detail[0] != '\0');
	CHECK_STR(r.name, "");
	CHECK_INT(count_files(media_dir), 0);
}

static void
test_pixel_bomb_refused_from_header(void)
{
	struct image_result r;
	char why[IMAGE_WHY_MAX], path[PATH_LEN];

	empty_media();
	path_of(path, in_dir, "bomb.png");
	CHECK_INT(image_store(path, media_dir, NULL, &r, why, sizeof(why)),
	    IMAGE_TOO_MANY_PIXELS);
	CHECK_INT(image_status_http(IMAGE_TOO_MANY_PIXELS), 422);
	CHECK_STR(why, "The image is 100000 × 100000 pixels, more than the "
	    "40 million pixels allowed.");
	CHECK_INT(r.width, 100000);
	/* 10^10 pixels decoded would take 30 GB and far more than this. */
	CHECK(r.millis < 5000);
	CHECK(r.peak_kib < 256 * 1024);
	CHECK_INT(count_files(media_dir), 0);
	if (getenv("TEST_IMAGE_VERBOSE") != NULL)
		fprintf(stderr, "bomb refused in %ld ms, child peak %ld KiB\n",
		    r.millis, r.peak_kib);
}

/* Returns 1 if exiftool finds any metadata worth hiding in name, else 0. */
static int
has_metadata(const char *name)
{
	static const char *const groups[] = { "[EXIF]", "[XMP]", "[IPTC]",
	    "[ICC_Profile]", "[MakerNotes]", "[Photoshop]" };
	char out[16384], path[PATH_LEN];

	path_of(path, media_dir, name);
	if (exiftool("-a -G0 -s", path, out, sizeof(out)) != 0)
		return 1;
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (strstr(out, groups[i]) != NULL)
			return 1;
	return strstr(out, "GPS") != NULL || strstr(out, "Comment") != NULL ||
	    strstr(out, "secret") != NULL || strstr(out, "someone") != NULL;
}

static void
test_orientation_applied_metadata_gone(void)
{
	struct image_result r;
	char path[PATH_LEN], out[16384];

	/* The input has what must go, or this would prove nothing. */
	path_of(path, in_dir, "turned.jpg");
	CHECK_INT(exiftool("-a -G0 -s", path, out, sizeof(out)), 0);
	CHECK(strstr(out, "GPSLatitude") != NULL);
	CHECK(strstr(out, "Rotate 90 CW") != NULL);
	CHECK(strstr(out, "secret") != NULL);
	CHECK(strstr(out, "someone") != NULL);

	empty_media();
	CHECK_INT(store("turned.jpg", NULL, &r), IMAGE_OK);
	check_stored("turned.jpg", &r, MEDIA_JPEG, 800, 1200, 1);
	CHECK(!has_metadata(r.name));
	CHECK(!has_metadata(r.copy[0]));

	/* Every format's saver, not only JPEG's. */
	for (size_t i = 0; i < 4; i++) {
		static const char *const names[] = { "small.png", "anim.gif",
		    "photo.webp", "anim.webp" };

		CHECK_INT(store(names[i], NULL, &r), IMAGE_OK);
		CHECK(!has_metadata(r.name));
		for (size_t c = 0; c < r.ncopies; c++)
			CHECK(!has_metadata(r.copy[c]));
	}
}

static void
test_memory_limit_kills_quietly(void)
{
	struct image_limits l;
	struct image_result r;
	enum image_status s;

	empty_media();
	image_limits_default(&l);
	l.max_memory = 32 << 20;
	s = store("big.jpg", &l, &r);
	CHECK_INT(image_status_http(s), 422);
	CHECK_INT(count_files(media_dir), 0);
	/* The same image with room enough: the limit was the reason. */
	CHECK_INT(store("big.jpg", NULL, &r), IMAGE_OK);
	CHECK_INT(count_files(media_dir), 4);
}

static void
test_deadline_kills_and_reaps(void)
{
	struct image_limits l;
	struct image_result r;
	char why[IMAGE_WHY_MAX], path[PATH_LEN];

	empty_media();
	image_limits_default(&l);
	l.max_seconds = 0;
	path_of(path, in_dir, "wide.jpg");
	CHECK_INT(image_store(path, media_dir, &l, &r, why, sizeof(why)),
	    IMAGE_TOO_SLOW);
	CHECK_INT(image_status_http(IMAGE_TOO_SLOW), 422);
	CHECK_STR(why, "The image took more than 0 seconds to read.");
	CHECK_INT(count_files(media_dir), 0);
	errno = 0;
	CHECK_INT(waitpid(-1, NULL, WNOHANG), -1);	/* no zombie */
	CHECK_INT(errno, ECHILD);
}

/*
 * Stores wide.jpg into dir as the user nobody when this runs as root
 * (root writes anywhere). Returns the status.
 */
static enum image_status
store_unprivileged(const char *dir)
{
	struct image_result r;
	char why[IMAGE_WHY_MAX], path[PATH_LEN];
	pid_t pid;
	int status;

	path_of(path, in_dir, "wide.jpg");
	if (geteuid() != 0)
		return image_store(path, dir, NULL, &r, why, sizeof(why));
	if ((pid = fork()) == 0) {
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(100);
		_exit((int)image_store(path, dir, NULL, &r, why,
		    sizeof(why)));
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return IMAGE__MAX;
	return (enum image_status)WEXITSTATUS(status);
}

static void
test_unwritable_directory_fails(void)
{
	struct image_result r;
	char path[PATH_LEN], missing[PATH_LEN];

	empty_media();
	CHECK_INT(chmod(media_dir, 0555), 0);
	CHECK_INT(store_unprivileged(media_dir), IMAGE_FAILED);
	CHECK_INT(image_status_http(IMAGE_FAILED), 500);
	CHECK_INT(chmod(media_dir, 0755), 0);
	CHECK_INT(count_files(media_dir), 0);

	path_of(missing, root, "no-such-dir");
	path_of(path, in_dir, "wide.jpg");
	CHECK_INT(image_store(path, missing, NULL, &r, NULL, 0), IMAGE_FAILED);
	CHECK(strstr(r.detail, "no-such-dir") != NULL);
}

static volatile sig_atomic_t chld_seen;

static void
on_chld(int sig)
{
	(void)sig;
	chld_seen++;
}

static void
test_caller_sigchld_kept(void)
{
	struct sigaction sa, old, now;
	struct image_result r;
	sigset_t mask;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_chld;
	sigemptyset(&sa.sa_mask);
	CHECK_INT(sigaction(SIGCHLD, &sa, &old), 0);
	chld_seen = 0;
	empty_media();
	CHECK_INT(store("small.png", NULL, &r), IMAGE_OK);
	CHECK(r.peak_kib > 0);
	CHECK(chld_seen >= 1);	/* the handler still hears of children */
	CHECK_INT(sigaction(SIGCHLD, NULL, &now), 0);
	CHECK(now.sa_handler == on_chld);
	CHECK_INT(sigprocmask(SIG_BLOCK, NULL, &mask), 0);
	CHECK(!sigismember(&mask, SIGCHLD));

	/* SIG_IGN would reap the child before image_store could. */
	sa.sa_handler = SIG_IGN;
	CHECK_INT(sigaction(SIGCHLD, &sa, NULL), 0);
	empty_media();
	CHECK_INT(store("small.png", NULL, &r), IMAGE_OK);
	CHECK(r.peak_kib > 0);
	CHECK_INT(sigaction(SIGCHLD, NULL, &now), 0);
	CHECK(now.sa_handler == SIG_IGN);
	CHECK_INT(sigaction(SIGCHLD, &old, NULL), 0);
	errno = 0;
	CHECK_INT(waitpid(-1, NULL, WNOHANG), -1);
	CHECK_INT(errno, ECHILD);
}

static void
test_files_listed_and_deleted(void)
{
	struct image_result r;
	struct image_files files;

	empty_media();
	CHECK_INT(store("wide.jpg", NULL, &r), IMAGE_OK);
	CHECK_INT(store("small.png", NULL, &r), IMAGE_OK);
	CHECK_INT(store("wide.jpg", NULL, &r), IMAGE_OK);
	CHECK_INT(image_files(media_dir, r.hash, &files), 0);
	CHECK_INT(files.n, 4);
	CHECK_STR(files.name[0], r.name);
	CHECK_STR(files.name[1], r.copy[0]);
	CHECK_STR(files.name[3], r.copy[2]);
	CHECK_INT(image_delete(media_dir, r.hash), 4);
	CHECK_INT(count_files(media_dir), 1);	/* small.png's */
	CHECK_INT(image_delete(media_dir, r.hash), 0);
	CHECK_INT(image_files(media_dir, r.hash, &files), 0);
	CHECK_INT(files.n, 0);
	errno = 0;
	CHECK_INT(image_files(media_dir, "../etc", &files), -1);
	CHECK_INT(errno, EINVAL);
	CHECK_INT(image_delete(media_dir, "3F2A0000111122223333444455556666"),
	    -1);
}

static void
test_sweep_removes_old_temp_files(void)
{
	struct timespec old[2] = { { 0, 0 }, { 0, 0 } };
	char path[PATH_LEN];

	empty_media();
	CHECK_INT(write_file(media_dir, ".tmp-0123456789abcdef-x.jpg", "x",
	    1), 0);
	CHECK_INT(write_file(media_dir, ".tmp-fedcba9876543210-y.jpg", "y",
	    1), 0);
	CHECK_INT(write_file(media_dir, "3f2a0000111122223333444455556666"
	    "-10x10.jpg", "z", 1), 0);
	old[0].tv_sec = old[1].tv_sec = time(NULL) - 7200;
	path_of(path, media_dir, ".tmp-0123456789abcdef-x.jpg");
	CHECK_INT(utimensat(AT_FDCWD, path, old, 0), 0);
	path_of(path, media_dir, "3f2a0000111122223333444455556666-10x10.jpg");
	CHECK_INT(utimensat(AT_FDCWD, path, old, 0), 0);
	CHECK_INT(image_sweep(media_dir, 3600), 1);
	CHECK_INT(count_files(media_dir), 2);
	CHECK_INT(image_sweep(media_dir, 3600), 0);
}

static void
test_missing_helper_fails_leaving_nothing(void)
{
	struct image_result r, first;
	char path[PATH_LEN], why[IMAGE_WHY_MAX];

	empty_media();
	CHECK_INT(store("wide.jpg", NULL, &first), IMAGE_OK);
	errno = 0;
	CHECK_INT(image_init("/nonexistent/blog-image"), -1);
	CHECK_INT(errno, ENOENT);

	/* What must be decoded is refused, before any child or file. */
	path_of(path, in_dir, "small.png");
	CHECK_INT(image_store(path, media_dir, NULL, &r, why, sizeof(why)),
	    IMAGE_FAILED);
	CHECK_INT(image_status_http(IMAGE_FAILED), 500);
	CHECK(strstr(r.detail, "/nonexistent/blog-image") != NULL);
	CHECK(strstr(r.detail, strerror(ENOENT)) != NULL);
	CHECK_STR(why, "The image could not be saved; please try again "
	    "later.");
	CHECK_STR(r.name, "");
	CHECK_INT(r.peak_kib, 0);
	CHECK_INT(count_files(media_dir), 4);	/* wide.jpg's, no more */

	/* What needs no decoding still works: refusals, bytes stored. */
	CHECK_INT(store("notes.jpg", NULL, &r), IMAGE_UNSUPPORTED);
	CHECK_INT(store("wide.jpg", NULL, &r), IMAGE_OK);
	CHECK(r.existed);
	CHECK_STR(r.name, first.name);

	/* Neither a file that is not executable nor a directory will do. */
	path_of(path, in_dir, "tiny.png");
	errno = 0;
	CHECK_INT(image_init(path), -1);
	CHECK_INT(errno, EACCES);
	errno = 0;
	CHECK_INT(image_init(in_dir), -1);
	CHECK_INT(errno, EACCES);
	empty_media();
	CHECK_INT(store("small.png", NULL, &r), IMAGE_FAILED);
	CHECK(strstr(r.detail, "not an executable file") != NULL);
	CHECK_INT(count_files(media_dir), 0);

	CHECK_INT(image_init(HELPER), 0);
	CHECK_INT(store("small.png", NULL, &r), IMAGE_OK);
	CHECK_INT(count_files(media_dir), 1);
}

/*
 * Runs HELPER with argv (argv[0] included), stdin from in_fd, the report
 * pipe's write end as descriptor 10 and the media directory as 11, what it
 * prints in out (len bytes). Returns its exit status, or -1 if it did not
 * exit; *report is what came on the pipe.
 */
static int
run_helper(int in_fd, char *const argv[], struct convert_report *report,
    char *out, size_t len)
{
	int rep[2], msg[2], dir, status;
	ssize_t n;
	size_t got = 0;
	pid_t pid;

	memset(report, 0, sizeof(*report));
	out[0] = '\0';
	if (pipe2(rep, O_CLOEXEC) != 0 || pipe2(msg, O_CLOEXEC) != 0)
		return -1;
	if ((dir = open(media_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	if ((pid = fork()) == 0) {
		/*
		 * dup2 leaves the copies open across the exec, but not when
		 * a descriptor is already in place (under valgrind, say), so
		 * it is given copies from above 11.
		 */
		if ((rep[1] = fcntl(rep[1], F_DUPFD_CLOEXEC, 12)) < 0 ||
		    (dir = fcntl(dir, F_DUPFD_CLOEXEC, 12)) < 0 ||
		    dup2(in_fd, 0) < 0 || dup2(msg[1], 1) < 0 ||
		    dup2(msg[1], 2) < 0 || dup2(rep[1], 10) < 0 ||
		    dup2(dir, 11) < 0)
			_exit(99);
		execv(HELPER, argv);
		_exit(98);
	}
	close(rep[1]);
	close(msg[1]);
	close(dir);
	while (got + 1 < len && (n = read(msg[0], out + got,
	    len - 1 - got)) > 0)
		got += (size_t)n;
	out[got] = '\0';
	if (read(rep[0], report, sizeof(*report)) != sizeof(*report))
		memset(report, 0, sizeof(*report));
	close(msg[0]);
	close(rep[0]);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* A command line as store.c writes it, to spoil one argument of. */
static char *helper_argv[JOB_ARGC + 1];
static char helper_src[PATH_LEN];

/* Fills helper_argv with a job that stores wide.jpg. */
static void
good_job(void)
{
	static char *const good[JOB_ARGC] = { "blog-image", "10", "11", NULL,
	    ".tmp-0123456789abcdef-", "3f2a0000111122223333444455556666",
	    "jpg", "40000000", "1073741824" };

	path_of(helper_src, in_dir, "wide.jpg");
	memcpy(helper_argv, good, sizeof(good));
	helper_argv[3] = helper_src;
	helper_argv[JOB_ARGC] = NULL;
}

/*
 * Checks that HELPER, given helper_argv with argument i set to value,
 * refuses with a message naming the argument and writes no report.
 */
static void
refused_argument(int i, const char *value, int null, const char *said)
{
	struct convert_report r;
	char out[2048];

	good_job();
	helper_argv[i] = (char *)value;
	CHECK_INT(run_helper(null, helper_argv, &r, out, sizeof(out)),
	    JOB_EXIT_USAGE);
	CHECK(strstr(out, said) != NULL);
	CHECK(strstr(out, "usage: blog-image") != NULL);
	CHECK_INT(r.status, 0);
	if (strstr(out, said) == NULL)
		fprintf(stderr, "argument %d \"%s\": wanted \"%s\" in: %s\n",
		    i, value, said, out);
}

static void
test_helper_by_hand_refused_with_a_message(void)
{
	static char *const none[] = { "blog-image", NULL };
	static char *const help[] = { "blog-image", "--help", NULL };
	struct convert_report r;
	char out[2048], huge[PATH_MAX + 2];
	int null, master, slave;

	empty_media();
	CHECK((null = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0);
	CHECK_INT(run_helper(null, none, &r, out, sizeof(out)),
	    JOB_EXIT_USAGE);
	CHECK(strstr(out, "usage: blog-image REPORT_FD DIR_FD UPLOAD") !=
	    NULL);
	CHECK(strstr(out, "not a command to run by hand") != NULL);
	CHECK_INT(run_helper(null, help, &r, out, sizeof(out)),
	    JOB_EXIT_USAGE);
	CHECK(strstr(out, "usage: blog-image") != NULL);

	/* From a terminal, even a good command line is refused. */
	good_job();
	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	CHECK(master >= 0 && grantpt(master) == 0 && unlockpt(master) == 0);
	slave = master >= 0 ? open(ptsname(master), O_RDWR | O_NOCTTY |
	    O_CLOEXEC) : -1;
	CHECK(slave >= 0 && isatty(slave));
	CHECK_INT(run_helper(slave, helper_argv, &r, out, sizeof(out)),
	    JOB_EXIT_USAGE);
	CHECK(strstr(out, "blog-image: not a command") != NULL);
	CHECK_INT(r.status, 0);
	if (slave >= 0)
		close(slave);
	if (master >= 0)
		close(master);

	/* Every argument is checked. */
	memset(huge, 'a', sizeof(huge) - 1);
	huge[sizeof(huge) - 1] = '\0';
	refused_argument(1, "1", null, "REPORT_FD: 1 is stdin, stdout or "
	    "stderr");
	refused_argument(1, "+10", null, "REPORT_FD: \"+10\" is not a "
	    "descriptor number");
	refused_argument(1, "99", null, "REPORT_FD: 99 is not open");
	refused_argument(1, "11", null, "REPORT_FD: 11 is not a pipe");
	refused_argument(2, "10", null, "DIR_FD: 10 is not a directory");
	refused_argument(2, "4294967307", null, "DIR_FD: \"4294967307\" is "
	    "not a descriptor number");
	refused_argument(3, "", null, "UPLOAD: empty");
	refused_argument(3, huge, null, "UPLOAD: empty, or longer");
	refused_argument(4, "../../etc/", null, "PREFIX: not .tmp-");
	refused_argument(4, ".tmp-01/../-", null, "PREFIX: not .tmp-");
	refused_argument(4, ".tmp-0123456789abcdef0123456789-", null,
	    "PREFIX: not .tmp-");
	refused_argument(4, ".tmp-0123", null, "PREFIX: not .tmp-");
	refused_argument(5, "3F2A0000111122223333444455556666", null,
	    "HASH: not 32");
	refused_argument(5, "../3f2a000011112222333344445555666", null,
	    "HASH: not 32");
	refused_argument(6, "jpeg", null, "TYPE: not jpg, png, gif or webp");
	refused_argument(6, "svg", null, "TYPE: not jpg");
	refused_argument(7, "-1", null, "MAX_PIXELS: not a decimal number");
	refused_argument(7, "40 million", null, "MAX_PIXELS: not a decimal");
	refused_argument(8, "18446744073709551616", null,
	    "MAX_MEMORY: not a decimal number");
	refused_argument(8, "", null, "MAX_MEMORY: not a decimal number");
	CHECK_INT(count_files(media_dir), 0);
	close(null);
}

static void
test_helper_alone_reports_and_leaves_temps(void)
{
	struct convert_report r;
	char out[2048];
	int null;

	empty_media();
	good_job();
	CHECK((null = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0);
	CHECK_INT(run_helper(null, helper_argv, &r, out, sizeof(out)), 0);
	CHECK_STR(out, "");
	CHECK_INT(r.status, IMAGE_OK);
	CHECK_INT(r.width, 2000);
	CHECK_INT(r.height, 1000);
	CHECK_INT(r.pages, 1);
	/* The original and three copies, under the prefix, for the store. */
	CHECK_INT(count_files(media_dir), 4);
	CHECK_INT(image_sweep(media_dir, -1), 4);

	/* A pixel limit on the command line is the one it applies. */
	good_job();
	helper_argv[7] = "1999999";
	CHECK_INT(run_helper(null, helper_argv, &r, out, sizeof(out)), 0);
	CHECK_INT(r.status, IMAGE_TOO_MANY_PIXELS);
	CHECK_INT(r.pixels, 2000000);
	CHECK_INT(count_files(media_dir), 0);
	close(null);
}

int
main(void)
{
	TEST_RUN(test_name_of_original_and_copy);
	TEST_RUN(test_names_round_trip);
	TEST_RUN(test_copies_only_narrower_than_the_original);
	TEST_RUN(test_parse_reads_a_span);
	TEST_RUN(test_parse_refuses_bad_hashes);
	TEST_RUN(test_parse_refuses_bad_dimensions);
	TEST_RUN(test_parse_refuses_copies_it_would_not_make);
	TEST_RUN(test_parse_refuses_other_extensions);
	TEST_RUN(test_parse_refuses_path_characters);
	TEST_RUN(test_format_refuses_what_cannot_be_stored);
	if (setup() != 0) {
		fprintf(stderr, "test_image: cannot make the fixtures\n");
		teardown();
		return 1;
	}
	if (image_init(HELPER) != 0) {
		fprintf(stderr, "test_image: %s: %s (make blog-image)\n",
		    HELPER, strerror(errno));
		teardown();
		return 1;
	}
	TEST_RUN(test_sniff_knows_the_four_by_their_bytes);
	TEST_RUN(test_hash_is_blake2b_128);
	TEST_RUN(test_jpeg_stored_with_all_copies);
	TEST_RUN(test_png_stays_png_without_copies);
	TEST_RUN(test_indexed_png_stays_indexed);
	TEST_RUN(test_700_pixels_get_only_480w);
	TEST_RUN(test_gif_keeps_its_animation);
	TEST_RUN(test_webp_stored_with_copies);
	TEST_RUN(test_animated_webp_stays_animated);
	TEST_RUN(test_same_bytes_twice_stored_once);
	TEST_RUN(test_not_images_are_unsupported);
	TEST_RUN(test_truncated_jpeg_does_not_decode);
	TEST_RUN(test_pixel_bomb_refused_from_header);
	TEST_RUN(test_orientation_applied_metadata_gone);
	TEST_RUN(test_memory_limit_kills_quietly);
	TEST_RUN(test_deadline_kills_and_reaps);
	TEST_RUN(test_unwritable_directory_fails);
	TEST_RUN(test_caller_sigchld_kept);
	TEST_RUN(test_files_listed_and_deleted);
	TEST_RUN(test_sweep_removes_old_temp_files);
	TEST_RUN(test_missing_helper_fails_leaving_nothing);
	TEST_RUN(test_helper_by_hand_refused_with_a_message);
	TEST_RUN(test_helper_alone_reports_and_leaves_temps);
	teardown();
	return TEST_DONE();
}

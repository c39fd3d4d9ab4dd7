/*
 * image: the media layer's interface. Uploaded images are recognised by
 * their bytes, hashed, and stored under the names of lib/medianame.h:
 * re-encoded without metadata, upright, with copies 480, 960 and 1920
 * pixels wide (those narrower than the original).
 *
 * Decoding is the riskiest code the blog runs, so image_store does none of
 * it in the caller: it forks a child per image that execs blog-image, the
 * one program linked with libvips (the caller never loads it), under
 * limits of memory (RLIMIT_AS), CPU (RLIMIT_CPU) and wall clock (the
 * parent kills it), and reads back a fixed report through a pipe. The
 * caller opens blog-image once with image_init, and is expected to be
 * single-threaded (a prefork worker). Its SIGCHLD handler, if any, keeps
 * working: the parent waits only for its own child's pid, with SIGCHLD
 * held off meanwhile.
 */
#ifndef MEDIA_IMAGE_H
#define MEDIA_IMAGE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../lib/medianame.h"

#define IMAGE_SNIFF_LEN 12	/* bytes image_sniff needs to tell them all */
#define IMAGE_FILES_MAX 8	/* names image_files returns at most */
#define IMAGE_WHY_MAX 160	/* bytes of a why, NUL included: enough */
#define IMAGE_TEMP_MARK ".tmp-"	/* how temp files in media_dir start */

/* What image_store may spend on one image. */
struct image_limits {
	uint64_t max_pixels;	/* width x height x frames; 40 million */
	uint64_t max_memory;	/* bytes blog-image may map beyond what it
				   has mapped once started; 1 GiB */
	unsigned max_seconds;	/* wall clock, and CPU, per image; 30 */
};

/* How a store went; image_status_http maps it to a response status. */
enum image_status {
	IMAGE_OK,
	IMAGE_UNSUPPORTED,	/* 415: not JPEG, PNG, GIF or WebP bytes */
	IMAGE_TOO_MANY_PIXELS,	/* 422: refused from the header alone */
	IMAGE_UNDECODABLE,	/* 422: damaged, cut short, or the child died */
	IMAGE_TOO_SLOW,		/* 422: over max_seconds */
	IMAGE_FAILED,		/* 500: the disk, fork, pipe or blog-image
				   failed */
	IMAGE__MAX
};

/* An image as stored. */
struct image_result {
	char		 hash[MEDIANAME_HASH_LEN + 1];
	enum media_type	 type;
	unsigned	 width;		/* the stored original, upright */
	unsigned	 height;	/* of one frame, for an animation */
	uint64_t	 bytes;		/* the stored original's size */
	char		 name[MEDIANAME_MAX];	/* the original */
	size_t		 ncopies;
	unsigned	 copy_width[MEDIANAME_COPIES];	/* narrowest first */
	char		 copy[MEDIANAME_COPIES][MEDIANAME_MAX];
	int		 existed;	/* the same bytes were stored already */
	long		 peak_kib;	/* the child's peak RSS; 0: no child */
	long		 millis;	/* the child's wall time */
	char		 detail[IMAGE_WHY_MAX];	/* for the log, on failure */
};

/* The names stored for one hash, the original first. */
struct image_files {
	size_t	n;
	char	name[IMAGE_FILES_MAX][MEDIANAME_MAX];
};

/*
 * Opens the program blog-image at helper_path (next to blog.fcgi) for
 * image_store to run, once, before the process gives up its privileges:
 * it is run from the descriptor, so the path need not be reachable
 * afterwards. Calling it again replaces the one opened before. Returns 0,
 * or -1 with errno set if it cannot be opened or is not an executable
 * file; the process may go on without it.
 *
 * Until an image_init has succeeded (never called, or failed), image_store
 * still refuses what is not an image (IMAGE_UNSUPPORTED) and answers bytes
 * stored already, but any image it would have to decode is IMAGE_FAILED,
 * with the reason (image_init's) in result->detail and no file written.
 */
int image_init(const char *helper_path);

/* Fills l with the defaults above. */
void image_limits_default(struct image_limits *l);

/* Returns the HTTP status for s: 200, 415, 422 or 500. */
int image_status_http(enum image_status s);

/*
 * Returns the type of an image starting with the len bytes of head (give
 * it IMAGE_SNIFF_LEN when the file has as many), from their magic bytes
 * alone; MEDIA_NONE for anything else (SVG, HTML, text, other images).
 */
enum media_type image_sniff(const void *head, size_t len);

/*
 * Hashes the file at path, streamed, into hex (BLAKE2b-128, lower case:
 * the names' <hash>). Returns 0, or -1 with errno set if it cannot be read.
 */
int image_hash_file(const char *path, char hex[MEDIANAME_HASH_LEN + 1]);

/*
 * Stores the image in the file upload_path into the directory media_dir,
 * under limits (NULL: the defaults). Its bytes decide its type; its hash
 * its name, so bytes stored before are answered from the directory
 * (existed set) without decoding them again. Every file is written under
 * a temporary name in media_dir and renamed into place, the original
 * last; on any failure none of this call's files is left.
 *
 * The original keeps its format (JPEG quality 82, progressive; PNG
 * compression 6, an indexed PNG kept indexed; WebP quality 80, lossy; GIF
 * re-quantised), animations keep every frame, colour is converted to sRGB
 * and all metadata dropped after the EXIF orientation is applied. Copies
 * are made with shrink-on-load where the format has it (JPEG, WebP) and a
 * Lanczos kernel.
 *
 * Returns IMAGE_OK with result filled, or another status with a sentence
 * for the uploader in why (why_len bytes, IMAGE_WHY_MAX is enough) and
 * what happened, for the log, in result->detail.
 */
enum image_status image_store(const char *upload_path, const char *media_dir,
    const struct image_limits *limits, struct image_result *result,
    char *why, size_t why_len);

/*
 * image_store, but the files are named by hash (MEDIANAME_HASH_LEN hex
 * digits) rather than by the upload's own: for ./blogctl import, whose
 * file is an image stored and exported before, its name's hash that of
 * the bytes first uploaded, which these re-encoded ones are not; so the
 * links that name it stay the same. Whether the decoded size is the
 * name's is the caller's to check.
 */
enum image_status image_store_as(const char *upload_path, const char *hash,
    const char *media_dir, const struct image_limits *limits,
    struct image_result *result, char *why, size_t why_len);

/*
 * Lists the files of media_dir stored for hash: the original first, then
 * the copies narrowest first (at most IMAGE_FILES_MAX names). Returns 0,
 * or -1 with errno set (EINVAL for a hash that is not one).
 */
int image_files(const char *media_dir, const char *hash,
    struct image_files *out);

/*
 * Removes every file of media_dir stored for hash, the original first.
 * Returns the number removed (0 when there was none), or -1 with errno set.
 */
int image_delete(const char *media_dir, const char *hash);

/*
 * Removes the temporary files of stores that never finished (their worker
 * killed) last changed more than age seconds ago. Returns the number
 * removed, or -1 with errno set.
 */
int image_sweep(const char *media_dir, time_t age);

#endif

/*
 * convert: the child's half of image_store (store.c forks and execs
 * blog-image, whose main.c runs convert.c to decode), and the only file
 * that calls libvips. Internal to src/media; linked into blog-image alone.
 */
#ifndef MEDIA_CONVERT_H
#define MEDIA_CONVERT_H

#include <stdint.h>

#include "image.h"

/* What the child is to do. */
struct convert_job {
	const char	*src;		/* the upload */
	int		 dirfd;		/* media_dir, open */
	const char	*prefix;	/* temp name: prefix + final name */
	const char	*hash;		/* the upload's, in hex */
	enum media_type	 type;		/* sniffed by the parent */
	uint64_t	 max_pixels;
};

/*
 * What the child tells the parent, written whole in one write (it is far
 * under PIPE_BUF). Names are not sent: the parent makes them from hash,
 * width and height as the child did, so a child cannot make it rename any
 * other file.
 */
struct convert_report {
	int		 status;	/* enum image_status */
	unsigned	 width;		/* the stored original, upright */
	unsigned	 height;	/* of one frame */
	unsigned	 pages;		/* frames */
	uint64_t	 pixels;	/* width x height x frames, from the header */
	char		 detail[IMAGE_WHY_MAX];	/* what failed, for the log */
};

/*
 * Runs in blog-image, under its limits: initialises libvips (one thread, no
 * cache, only the JPEG, PNG, GIF and WebP loaders), refuses an image of
 * more than job->max_pixels from its header, then writes the original and
 * its copies to job->dirfd under job->prefix + their names, each synced.
 * Fills report (status IMAGE_OK, IMAGE_TOO_MANY_PIXELS, IMAGE_UNDECODABLE
 * or IMAGE_FAILED when a write failed); files it wrote are left for the
 * parent, which renames or removes them.
 */
void convert_run(const struct convert_job *job, struct convert_report *report);

#endif

/*
 * job: the hand-over of one image from store.c to blog-image, the program
 * that decodes it (src/media/main.c), written and read in this one file so
 * that both sides of the exec agree. Internal to src/media.
 *
 * The job travels as blog-image's command line:
 *
 *   blog-image REPORT_FD DIR_FD UPLOAD PREFIX HASH TYPE MAX_PIXELS MAX_MEMORY
 *
 * REPORT_FD is the write end of a pipe for the report, DIR_FD the media
 * directory, both inherited open; TYPE is the extension of the sniffed
 * type (jpg, png, gif, webp); the numbers are decimal.
 */
#ifndef MEDIA_JOB_H
#define MEDIA_JOB_H

#include <stdint.h>
#include <sys/resource.h>

#include "convert.h"

#define JOB_ARGC 9		/* blog-image's name and its 8 arguments */
#define JOB_PREFIX_MAX 32	/* bytes of a temp prefix, NUL included */
#define JOB_EXIT_USAGE 2	/* blog-image refused its command line */

/* One image's job, as blog-image receives it. */
struct job {
	struct convert_job convert;	/* for convert_run */
	int		 report_fd;	/* the report goes there */
	uint64_t	 max_memory;	/* bytes it may map beyond what
					   it has mapped once started */
};

/* A job as a command line: argv points into the rest. */
struct job_line {
	char	*argv[JOB_ARGC + 1];	/* NULL-terminated, for exec */
	char	 report_fd[16];
	char	 dir_fd[16];
	char	 max_pixels[24];
	char	 max_memory[24];
};

/*
 * Writes job as the command line of the program name into line, whose
 * argv then points into line and into job's strings (keep both). Returns
 * 0, or -1 if job_parse would refuse it (a field out of bounds).
 */
int job_format(const struct job *job, const char *name,
    struct job_line *line);

/*
 * Reads a job from blog-image's argc and argv, checking every argument:
 * the descriptors open and of the right kind (a pipe, a directory), the
 * upload a path, the prefix one store.c makes, the hash and type valid,
 * the numbers decimal without sign or overflow. The job's strings point
 * into argv. Returns 0, or -1 with the first wrong argument and why in
 * why (why_len bytes).
 */
int job_parse(int argc, char *argv[], struct job *job, char *why,
    size_t why_len);

/*
 * Writes the report r to fd (the pipe store.c reads), whole: it is far
 * under PIPE_BUF, so in one write unless a signal cuts in. Nothing to do
 * if it fails: the reader then sees no report.
 */
void job_report(int fd, const struct convert_report *r);

/* Lowers a resource limit to soft and hard, never above the hard one. */
void job_lower_limit(int resource, rlim_t soft, rlim_t hard);

#endif

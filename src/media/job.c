/*
 * job: blog-image's command line, made by store.c (job_format) and read
 * back by blog-image (job_parse) with the same checks, and the one limit
 * helper both sides of the exec use.
 */
#include "job.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/medianame.h"

/* The arguments' names, for the usage line and for what is wrong. */
static const char *const job_args[JOB_ARGC] = {
	"blog-image", "REPORT_FD", "DIR_FD", "UPLOAD", "PREFIX", "HASH",
	"TYPE", "MAX_PIXELS", "MAX_MEMORY",
};

/* Returns 1 if s is a path worth opening: not empty, under PATH_MAX. */
static int
upload_valid(const char *s)
{
	size_t len = strlen(s);

	return len > 0 && len < PATH_MAX;
}

/*
 * Returns 1 if s is a temp prefix as store.c makes them: IMAGE_TEMP_MARK,
 * then lower-case hex digits and dashes, ending in a dash, shorter than
 * JOB_PREFIX_MAX. Nothing that could name another directory.
 */
static int
prefix_valid(const char *s)
{
	size_t mark = strlen(IMAGE_TEMP_MARK), len = strlen(s);

	if (len >= JOB_PREFIX_MAX || len <= mark ||
	    strncmp(s, IMAGE_TEMP_MARK, mark) != 0 || s[len - 1] != '-')
		return 0;
	for (size_t i = mark; i < len; i++)
		if (!(s[i] >= '0' && s[i] <= '9') &&
		    !(s[i] >= 'a' && s[i] <= 'f') && s[i] != '-')
			return 0;
	return 1;
}

/* Returns the type whose extension is s, or MEDIA_NONE. */
static enum media_type
type_of(const char *s)
{
	for (int t = MEDIA_NONE + 1; t < MEDIA__MAX; t++)
		if (strcmp(s, medianame_ext((enum media_type)t)) == 0)
			return (enum media_type)t;
	return MEDIA_NONE;
}

/*
 * Reads s, decimal digits only (no sign, no space), into *out. Returns 0,
 * or -1 if s is not one or is over UINT64_MAX.
 */
static int
number(const char *s, uint64_t *out)
{
	uint64_t n = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		unsigned d;

		if (*s < '0' || *s > '9')
			return -1;
		d = (unsigned)(*s - '0');
		if (n > (UINT64_MAX - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	*out = n;
	return 0;
}

/*
 * Reads the descriptor number s into *fd and checks it is open, above
 * stdio, and of the kind wanted (S_IFIFO open for writing, or S_IFDIR).
 * Returns 0, or -1 with why filled.
 */
static int
descriptor(const char *s, mode_t kind, int *fd, char *why, size_t why_len)
{
	struct stat st;
	uint64_t n;
	int flags;

	if (number(s, &n) != 0 || n > INT_MAX) {
		snprintf(why, why_len, "\"%s\" is not a descriptor number", s);
		return -1;
	}
	*fd = (int)n;
	if (*fd < 3) {
		snprintf(why, why_len, "%d is stdin, stdout or stderr", *fd);
		return -1;
	}
	if ((flags = fcntl(*fd, F_GETFL)) < 0 || fstat(*fd, &st) != 0) {
		snprintf(why, why_len, "%d is not open: %s", *fd,
		    strerror(errno));
		return -1;
	}
	if ((st.st_mode & S_IFMT) != kind) {
		snprintf(why, why_len, "%d is not %s", *fd,
		    kind == S_IFIFO ? "a pipe" : "a directory");
		return -1;
	}
	if (kind == S_IFIFO && (flags & O_ACCMODE) == O_RDONLY) {
		snprintf(why, why_len, "%d is not open for writing", *fd);
		return -1;
	}
	return 0;
}

int
job_format(const struct job *job, const char *name, struct job_line *line)
{
	const struct convert_job *c = &job->convert;
	const char *ext = medianame_ext(c->type);

	if (job->report_fd < 3 || c->dirfd < 3 ||
	    job->report_fd == c->dirfd || !upload_valid(c->src) ||
	    !prefix_valid(c->prefix) || ext == NULL ||
	    !medianame_hash_valid(c->hash, strlen(c->hash)))
		return -1;
	snprintf(line->report_fd, sizeof(line->report_fd), "%d",
	    job->report_fd);
	snprintf(line->dir_fd, sizeof(line->dir_fd), "%d", c->dirfd);
	snprintf(line->max_pixels, sizeof(line->max_pixels), "%llu",
	    (unsigned long long)c->max_pixels);
	snprintf(line->max_memory, sizeof(line->max_memory), "%llu",
	    (unsigned long long)job->max_memory);
	line->argv[0] = (char *)name;
	line->argv[1] = line->report_fd;
	line->argv[2] = line->dir_fd;
	line->argv[3] = (char *)c->src;
	line->argv[4] = (char *)c->prefix;
	line->argv[5] = (char *)c->hash;
	line->argv[6] = (char *)ext;
	line->argv[7] = line->max_pixels;
	line->argv[8] = line->max_memory;
	line->argv[9] = NULL;
	return 0;
}

/* Writes "ARG: " and the reason of argument i into why. */
static int
refuse(int i, const char *reason, char *why, size_t why_len)
{
	snprintf(why, why_len, "%s: %s", job_args[i], reason);
	return -1;
}

int
job_parse(int argc, char *argv[], struct job *job, char *why,
    size_t why_len)
{
	struct convert_job *c = &job->convert;
	char reason[IMAGE_WHY_MAX];

	memset(job, 0, sizeof(*job));
	if (argc != JOB_ARGC) {
		snprintf(why, why_len, "%d arguments, not %d", argc - 1,
		    JOB_ARGC - 1);
		return -1;
	}
	if (descriptor(argv[1], S_IFIFO, &job->report_fd, reason,
	    sizeof(reason)) != 0)
		return refuse(1, reason, why, why_len);
	if (descriptor(argv[2], S_IFDIR, &c->dirfd, reason,
	    sizeof(reason)) != 0)
		return refuse(2, reason, why, why_len);
	if (c->dirfd == job->report_fd)
		return refuse(2, "the same descriptor as REPORT_FD", why,
		    why_len);
	if (!upload_valid(argv[3]))
		return refuse(3, "empty, or longer than a path may be", why,
		    why_len);
	c->src = argv[3];
	if (!prefix_valid(argv[4]))
		return refuse(4, "not " IMAGE_TEMP_MARK " and hex digits "
		    "ending in -", why, why_len);
	c->prefix = argv[4];
	if (!medianame_hash_valid(argv[5], strlen(argv[5])))
		return refuse(5, "not 32 lower-case hex digits", why, why_len);
	c->hash = argv[5];
	if ((c->type = type_of(argv[6])) == MEDIA_NONE)
		return refuse(6, "not jpg, png, gif or webp", why, why_len);
	if (number(argv[7], &c->max_pixels) != 0)
		return refuse(7, "not a decimal number", why, why_len);
	if (number(argv[8], &job->max_memory) != 0)
		return refuse(8, "not a decimal number", why, why_len);
	return 0;
}

void
job_lower_limit(int resource, rlim_t soft, rlim_t hard)
{
	struct rlimit rl;

	if (getrlimit(resource, &rl) != 0)
		return;
	if (rl.rlim_max != RLIM_INFINITY && hard > rl.rlim_max)
		hard = rl.rlim_max;
	if (soft > hard)
		soft = hard;
	rl.rlim_cur = soft;
	rl.rlim_max = hard;
	setrlimit(resource, &rl);
}

void
job_report(int fd, const struct convert_report *r)
{
	const char *p = (const char *)r;
	size_t len = sizeof(*r);

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		len -= (size_t)n;
	}
}

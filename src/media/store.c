/*
 * store: image_init and image_store, the parent's half. It sniffs and
 * hashes the upload, answers from the directory when the bytes are stored
 * already, forks a child under limits that execs blog-image to decode and
 * write (main.c, convert.c), waits for its report until a deadline, then
 * renames the child's files into place or removes them. The parent reads
 * the upload's first bytes and hashes it, and decodes nothing; it never
 * loads libvips either, since only blog-image links it.
 */
#include "image.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <sodium.h>

#include "convert.h"
#include "job.h"

/* ".tmp-", 16 hex digits, "-": unique to one call, on any host. */
#define STORE_PREFIX_MAX JOB_PREFIX_MAX
#define STORE_TEMP_MAX (STORE_PREFIX_MAX + MEDIANAME_MAX)

/*
 * Where the child puts what blog-image inherits: the report pipe and the
 * media directory (open across the exec, named on its command line), and
 * blog-image itself (closed by the exec).
 */
#define CHILD_REPORT_FD 3
#define CHILD_DIR_FD 4
#define CHILD_HELPER_FD 5

/* blog-image, opened by image_init; the detail of a store without it. */
static int helper_fd = -1;
static char helper_why[IMAGE_WHY_MAX] = "no blog-image to decode with: "
    "image_init was never called";

/* How the child ended, as the parent saw it. */
struct child_end {
	int		got_report;	/* the whole report came */
	int		timed_out;	/* killed at the deadline */
	int		status;		/* as wait4 gives it */
	struct rusage	ru;
};

/* Returns the milliseconds from now until deadline, at least 0. */
static int
ms_left(const struct timespec *deadline)
{
	struct timespec now;
	long long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long long)(deadline->tv_sec - now.tv_sec) * 1000 +
	    (deadline->tv_nsec - now.tv_nsec) / 1000000;
	return ms < 0 ? 0 : ms > 1000000 ? 1000000 : (int)ms;
}

/* Returns the milliseconds since start. */
static long
ms_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)((now.tv_sec - start->tv_sec) * 1000 +
	    (now.tv_nsec - start->tv_nsec) / 1000000);
}

/*
 * Leaves the child only stderr, /dev/null for stdin and stdout (a FastCGI
 * worker listens on fd 0), and the descriptors report, dir and helper,
 * moved to CHILD_REPORT_FD, CHILD_DIR_FD and CHILD_HELPER_FD, the first
 * two to be inherited by blog-image. The worker's sockets (the web server,
 * the database) are gone before the upload is read. Returns 0, or -1 if a
 * descriptor could not be moved.
 */
static int
keep_only(int report, int dir, int helper)
{
	int null, above = CHILD_HELPER_FD + 1;

	/* Copies above the three places first, so that none is lost. */
	if ((report = fcntl(report, F_DUPFD_CLOEXEC, above)) < 0 ||
	    (dir = fcntl(dir, F_DUPFD_CLOEXEC, above)) < 0 ||
	    (helper = fcntl(helper, F_DUPFD_CLOEXEC, above)) < 0)
		return -1;
	if ((null = open("/dev/null", O_RDWR | O_CLOEXEC)) >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		if (null > 2)
			close(null);
	}
	/* dup2 clears close-on-exec; dup3 keeps it for blog-image's own. */
	if (dup2(report, CHILD_REPORT_FD) < 0 || dup2(dir, CHILD_DIR_FD) < 0 ||
	    dup3(helper, CHILD_HELPER_FD, O_CLOEXEC) < 0)
		return -1;
	close_range((unsigned)above, ~0U, 0);
	return 0;
}

/*
 * The child: fences itself in and becomes blog-image with the command
 * line line, which converts and reports on wfd. If the exec fails, it
 * reports that itself. Runs nothing of the caller's (no atexit, no stdio
 * flush, no database goodbye). Never returns.
 */
static void
child(int wfd, int dirfd, const struct job_line *line,
    const struct image_limits *l, pid_t parent)
{
	struct convert_report r;
	sigset_t none;

	/*
	 * Dies with the worker (this survives the exec); leads a group of its
	 * own, so that the deadline's kill takes whatever it may have started
	 * too.
	 */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	setpgid(0, 0);
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (keep_only(wfd, dirfd, helper_fd) != 0)
		_exit(1);
	/*
	 * These count from here, loading blog-image's libraries included;
	 * RLIMIT_AS is blog-image's to set, over what it has mapped once
	 * started (a sanitizer's shadow memory could not be mapped under it).
	 */
	job_lower_limit(RLIMIT_CORE, 0, 0);
	job_lower_limit(RLIMIT_CPU, l->max_seconds,
	    (rlim_t)l->max_seconds + 1);
	fexecve(CHILD_HELPER_FD, line->argv, environ);
	memset(&r, 0, sizeof(r));
	r.status = IMAGE_FAILED;
	snprintf(r.detail, sizeof(r.detail), "running blog-image: %s",
	    strerror(errno));
	job_report(CHILD_REPORT_FD, &r);
	_exit(0);
}

/*
 * Reads the child's report from fd until the deadline. Returns 1 when it
 * came whole, 0 when the child closed the pipe first, -1 at the deadline.
 */
static int
read_report(int fd, struct convert_report *r, const struct timespec *deadline)
{
	char *p = (char *)r;
	size_t got = 0;

	while (got < sizeof(*r)) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		int n = poll(&pfd, 1, ms_left(deadline));
		ssize_t k;

		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			return -1;
		if (n < 0)
			return 0;
		k = read(fd, p + got, sizeof(*r) - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return 0;
		got += (size_t)k;
	}
	return 1;
}

/*
 * Waits for the child pid to end, killing it (and whatever it started) at
 * the deadline, and reaps it. Only pid is waited for: the caller's other
 * children are left to it.
 */
static void
reap(pid_t pid, const struct timespec *deadline, struct child_end *end)
{
	const struct timespec tick = { 0, 1000000 };
	siginfo_t info;

	if (end->timed_out) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
	}
	for (;;) {
		memset(&info, 0, sizeof(info));
		/* WNOWAIT: until reaped, pid names the child's group. */
		if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT |
		    (end->timed_out ? 0 : WNOHANG)) != 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (info.si_pid == pid)
			break;
		if (ms_left(deadline) == 0) {
			end->timed_out = 1;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			continue;
		}
		nanosleep(&tick, NULL);
	}
	kill(-pid, SIGKILL);
	while (wait4(pid, &end->status, 0, &end->ru) < 0 && errno == EINTR)
		;
}

/*
 * Runs blog-image with the command line line in a child under l, dirfd
 * being the job's media directory, filling r and the child's measures in
 * res. Returns IMAGE_OK when the report came whole (its own status is
 * r's), else how the child ended.
 */
static enum image_status
run_child(int dirfd, const struct job_line *line,
    const struct image_limits *l, struct convert_report *r,
    struct image_result *res)
{
	struct child_end end;
	struct sigaction dfl, old_chld;
	struct timespec start, deadline;
	sigset_t chld, old_mask;
	pid_t pid, parent = getpid();
	int p[2], got;

	memset(&end, 0, sizeof(end));
	if (pipe2(p, O_CLOEXEC) != 0) {
		snprintf(res->detail, sizeof(res->detail), "pipe: %s",
		    strerror(errno));
		return IMAGE_FAILED;
	}
	/*
	 * SIGCHLD is held off and its action is the default while the child
	 * lives, so that neither the caller's handler nor SIG_IGN's automatic
	 * reaping takes the child from us; both come back as they were.
	 */
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old_mask);
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGCHLD, &dfl, &old_chld);
	clock_gettime(CLOCK_MONOTONIC, &start);
	deadline = start;
	deadline.tv_sec += l->max_seconds;
	if ((pid = fork()) == 0) {
		close(p[0]);
		child(p[1], dirfd, line, l, parent);
	}
	close(p[1]);
	if (pid < 0) {
		snprintf(res->detail, sizeof(res->detail), "fork: %s",
		    strerror(errno));
		close(p[0]);
		sigaction(SIGCHLD, &old_chld, NULL);
		sigprocmask(SIG_SETMASK, &old_mask, NULL);
		return IMAGE_FAILED;
	}
	setpgid(pid, pid);
	got = read_report(p[0], r, &deadline);
	close(p[0]);
	end.got_report = got == 1;
	end.timed_out = got == -1;
	reap(pid, &deadline, &end);
	sigaction(SIGCHLD, &old_chld, NULL);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);

	res->millis = ms_since(&start);
	res->peak_kib = end.ru.ru_maxrss;
	if (end.timed_out || (WIFSIGNALED(end.status) &&
	    WTERMSIG(end.status) == SIGXCPU)) {
		snprintf(res->detail, sizeof(res->detail),
		    "killed after %ld ms", res->millis);
		return IMAGE_TOO_SLOW;
	}
	if (WIFSIGNALED(end.status)) {
		snprintf(res->detail, sizeof(res->detail),
		    "the converter died of signal %d (%s)",
		    WTERMSIG(end.status), strsignal(WTERMSIG(end.status)));
		return IMAGE_UNDECODABLE;
	}
	/* blog-image refused its command line, or the loader refused it. */
	if (!end.got_report && (WEXITSTATUS(end.status) == JOB_EXIT_USAGE ||
	    WEXITSTATUS(end.status) == 127)) {
		snprintf(res->detail, sizeof(res->detail),
		    "blog-image would not start (exit %d); it said why on "
		    "stderr", WEXITSTATUS(end.status));
		return IMAGE_FAILED;
	}
	if (!end.got_report || WEXITSTATUS(end.status) != 0) {
		snprintf(res->detail, sizeof(res->detail),
		    "the converter exited with %d %s", WEXITSTATUS(end.status),
		    end.got_report ? "after its report" : "without a report");
		return IMAGE_UNDECODABLE;
	}
	return IMAGE_OK;
}

/* Fills the names of res from its hash, type, width and height. */
static int
name_result(struct image_result *res)
{
	struct medianame m;

	memset(&m, 0, sizeof(m));
	memcpy(m.hash, res->hash, sizeof(m.hash));
	m.width = res->width;
	m.height = res->height;
	m.type = res->type;
	if (medianame_format(&m, res->name) < 0)
		return -1;
	res->ncopies = medianame_copies(res->width, res->copy_width);
	for (size_t i = 0; i < res->ncopies; i++) {
		m.copy = res->copy_width[i];
		if (medianame_format(&m, res->copy[i]) < 0)
			return -1;
	}
	return 0;
}

/*
 * Fills res from the files already stored for its hash. Returns 1 when
 * the original and all its copies are there, else 0 (store it again).
 */
static int
stored_already(const char *media_dir, int dirfd, struct image_result *res)
{
	struct image_files files;
	struct medianame m;
	struct stat st;

	if (image_files(media_dir, res->hash, &files) != 0 || files.n == 0 ||
	    medianame_parse(files.name[0], strlen(files.name[0]), &m) != 0 ||
	    m.copy != 0 || m.type != res->type)
		return 0;
	res->width = m.width;
	res->height = m.height;
	if (name_result(res) != 0 || files.n != 1 + res->ncopies)
		return 0;
	for (size_t i = 0; i < res->ncopies; i++)
		if (strcmp(files.name[i + 1], res->copy[i]) != 0)
			return 0;
	if (fstatat(dirfd, res->name, &st, 0) != 0)
		return 0;
	res->bytes = (uint64_t)st.st_size;
	res->existed = 1;
	return 1;
}

/* Removes what is left in dirfd of the files named prefix + name. */
static void
remove_temps(int dirfd, const char *prefix)
{
	struct dirent *de;
	DIR *d;
	int fd;

	if ((fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL)
		if (strncmp(de->d_name, prefix, strlen(prefix)) == 0)
			unlinkat(dirfd, de->d_name, 0);
	closedir(d);
}

/*
 * Removes the first n files install placed, the original (the last one
 * placed) first, so that what is left is never taken for a stored image.
 */
static void
unplace(int dirfd, const struct image_result *res, size_t n)
{
	if (n > res->ncopies)
		unlinkat(dirfd, res->name, 0);
	for (size_t i = 0; i < n && i < res->ncopies; i++)
		unlinkat(dirfd, res->copy[i], 0);
}

/*
 * Renames the child's files into place, the copies first so that an
 * original is never there without them, then syncs the directory. Returns
 * IMAGE_OK, or IMAGE_FAILED with nothing of this call left in place.
 */
static enum image_status
install(int dirfd, const char *prefix, struct image_result *res)
{
	char tmp[STORE_TEMP_MAX];
	const char *name;
	struct stat st;
	size_t i;

	for (i = 0; i <= res->ncopies; i++) {
		name = i < res->ncopies ? res->copy[i] : res->name;
		snprintf(tmp, sizeof(tmp), "%s%s", prefix, name);
		if (renameat(dirfd, tmp, dirfd, name) != 0) {
			snprintf(res->detail, sizeof(res->detail),
			    "renaming %s: %s", tmp, strerror(errno));
			unplace(dirfd, res, i);
			return IMAGE_FAILED;
		}
	}
	if (fsync(dirfd) != 0 || fstatat(dirfd, res->name, &st, 0) != 0) {
		snprintf(res->detail, sizeof(res->detail), "syncing %s: %s",
		    res->name, strerror(errno));
		unplace(dirfd, res, i);
		return IMAGE_FAILED;
	}
	res->bytes = (uint64_t)st.st_size;
	return IMAGE_OK;
}

/* Writes the uploader's sentence for status s into why. */
static void
explain(enum image_status s, const struct convert_report *r,
    const struct image_limits *l, char *why, size_t why_len)
{
	char limit[32], frames[32] = "";

	if (why_len == 0)
		return;
	switch (s) {
	case IMAGE_OK:
		why[0] = '\0';
		break;
	case IMAGE_UNSUPPORTED:
		snprintf(why, why_len,
		    "The file is not a JPEG, PNG, GIF or WebP image.");
		break;
	case IMAGE_TOO_MANY_PIXELS:
		if (l->max_pixels % 1000000 == 0)
			snprintf(limit, sizeof(limit), "%llu million",
			    (unsigned long long)(l->max_pixels / 1000000));
		else
			snprintf(limit, sizeof(limit), "%llu",
			    (unsigned long long)l->max_pixels);
		if (r->pages > 1)
			snprintf(frames, sizeof(frames), " in %u frames",
			    r->pages);
		snprintf(why, why_len, "The image is %u × %u pixels%s, more "
		    "than the %s pixels allowed.", r->width, r->height,
		    frames, limit);
		break;
	case IMAGE_TOO_SLOW:
		snprintf(why, why_len, "The image took more than %u seconds "
		    "to read.", l->max_seconds);
		break;
	case IMAGE_UNDECODABLE:
		snprintf(why, why_len, "The image could not be read: it may "
		    "be damaged, cut short, or too large to decode.");
		break;
	default:
		snprintf(why, why_len, "The image could not be saved; please "
		    "try again later.");
		break;
	}
}

/* Reads up to IMAGE_SNIFF_LEN bytes of path. Returns how many, or -1. */
static ssize_t
read_head(const char *path, unsigned char head[IMAGE_SNIFF_LEN])
{
	ssize_t n, got = 0;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	while (got < IMAGE_SNIFF_LEN) {
		n = read(fd, head + got, (size_t)(IMAGE_SNIFF_LEN - got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	close(fd);
	return n < 0 ? -1 : got;
}

/* Converts upload to dirfd through blog-image and installs the result. */
static enum image_status
convert(const char *upload, int dirfd, const struct image_limits *l,
    struct convert_report *r, struct image_result *res)
{
	unsigned char rnd[8];
	char prefix[STORE_PREFIX_MAX], hex[2 * sizeof(rnd) + 1];
	struct job job;
	struct job_line line;
	enum image_status s;

	if (helper_fd < 0) {
		memcpy(res->detail, helper_why, sizeof(res->detail));
		return IMAGE_FAILED;
	}
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	snprintf(prefix, sizeof(prefix), "%s%s-", IMAGE_TEMP_MARK, hex);
	memset(&job, 0, sizeof(job));
	job.convert.src = upload;
	job.convert.dirfd = CHILD_DIR_FD;	/* where the child puts it */
	job.convert.prefix = prefix;
	job.convert.hash = res->hash;
	job.convert.type = res->type;
	job.convert.max_pixels = l->max_pixels;
	job.report_fd = CHILD_REPORT_FD;
	job.max_memory = l->max_memory;
	if (job_format(&job, "blog-image", &line) != 0) {
		snprintf(res->detail, sizeof(res->detail),
		    "cannot write blog-image's command line for %s", upload);
		return IMAGE_FAILED;
	}
	if ((s = run_child(dirfd, &line, l, r, res)) == IMAGE_OK) {
		s = r->status >= IMAGE_OK && r->status < IMAGE__MAX &&
		    r->status != IMAGE_UNSUPPORTED ? r->status :
		    IMAGE_UNDECODABLE;
		r->detail[sizeof(r->detail) - 1] = '\0';
		memcpy(res->detail, r->detail, sizeof(res->detail));
	}
	if (s == IMAGE_OK) {
		res->width = r->width;
		res->height = r->height;
		if (name_result(res) != 0) {
			snprintf(res->detail, sizeof(res->detail),
			    "no name for %ux%u", r->width, r->height);
			s = IMAGE_UNDECODABLE;
		} else
			s = install(dirfd, prefix, res);
	}
	remove_temps(dirfd, prefix);
	return s;
}

int
image_init(const char *helper_path)
{
	struct stat st;
	int fd, saved;

	if (helper_fd >= 0) {
		close(helper_fd);
		helper_fd = -1;
	}
	if ((fd = open(helper_path, O_RDONLY | O_CLOEXEC)) < 0 ||
	    fstat(fd, &st) != 0) {
		saved = errno;
		snprintf(helper_why, sizeof(helper_why), "no blog-image to "
		    "decode with: %s: %s", helper_path, strerror(saved));
		if (fd >= 0)
			close(fd);
		errno = saved;
		return -1;
	}
	if (!S_ISREG(st.st_mode) || (st.st_mode & 0111) == 0) {
		snprintf(helper_why, sizeof(helper_why), "no blog-image to "
		    "decode with: %s: not an executable file", helper_path);
		close(fd);
		errno = EACCES;
		return -1;
	}
	helper_fd = fd;
	helper_why[0] = '\0';
	return 0;
}

/*
 * Sniffs the upload's type into res and its hash: the given one (NULL:
 * the upload's own). Returns IMAGE_OK, or why not with res->detail.
 */
static enum image_status
identify(const char *upload_path, const char *hash, struct image_result *res)
{
	unsigned char head[IMAGE_SNIFF_LEN];
	ssize_t n;

	if (sodium_init() < 0) {
		snprintf(res->detail, sizeof(res->detail),
		    "libsodium would not start");
		return IMAGE_FAILED;
	}
	if ((n = read_head(upload_path, head)) < 0) {
		snprintf(res->detail, sizeof(res->detail), "reading %s: %s",
		    upload_path, strerror(errno));
		return IMAGE_FAILED;
	}
	if ((res->type = image_sniff(head, (size_t)n)) == MEDIA_NONE) {
		snprintf(res->detail, sizeof(res->detail),
		    "the first bytes are of no accepted type");
		return IMAGE_UNSUPPORTED;
	}
	if (hash != NULL) {
		if (!medianame_hash_valid(hash, strlen(hash))) {
			snprintf(res->detail, sizeof(res->detail),
			    "not a hash: %s", hash);
			return IMAGE_FAILED;
		}
		memcpy(res->hash, hash, sizeof(res->hash));
		return IMAGE_OK;
	}
	if (image_hash_file(upload_path, res->hash) != 0) {
		snprintf(res->detail, sizeof(res->detail), "hashing %s: %s",
		    upload_path, strerror(errno));
		return IMAGE_FAILED;
	}
	return IMAGE_OK;
}

/*
 * image_store and image_store_as: hash is the name's to keep, or NULL to
 * hash the upload.
 */
static enum image_status
store(const char *upload_path, const char *hash, const char *media_dir,
    const struct image_limits *limits, struct image_result *res,
    char *why, size_t why_len)
{
	struct image_limits def;
	struct convert_report r;
	enum image_status s;
	int dirfd = -1;

	memset(res, 0, sizeof(*res));
	memset(&r, 0, sizeof(r));
	if (limits == NULL) {
		image_limits_default(&def);
		limits = &def;
	}
	s = identify(upload_path, hash, res);
	if (s == IMAGE_OK && (dirfd = open(media_dir, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) < 0) {
		snprintf(res->detail, sizeof(res->detail), "opening %s: %s",
		    media_dir, strerror(errno));
		s = IMAGE_FAILED;
	} else if (s == IMAGE_OK && !stored_already(media_dir, dirfd, res))
		s = convert(upload_path, dirfd, limits, &r, res);
	if (dirfd >= 0)
		close(dirfd);
	if (s != IMAGE_OK) {
		/* Nothing is stored; only a refused size is worth saying. */
		res->name[0] = '\0';
		res->ncopies = 0;
		res->bytes = 0;
		res->width = s == IMAGE_TOO_MANY_PIXELS ? r.width : 0;
		res->height = s == IMAGE_TOO_MANY_PIXELS ? r.height : 0;
	}
	explain(s, &r, limits, why, why_len);
	return s;
}

enum image_status
image_store(const char *upload_path, const char *media_dir,
    const struct image_limits *limits, struct image_result *res,
    char *why, size_t why_len)
{
	return store(upload_path, NULL, media_dir, limits, res, why, why_len);
}

enum image_status
image_store_as(const char *upload_path, const char *hash,
    const char *media_dir, const struct image_limits *limits,
    struct image_result *res, char *why, size_t why_len)
{
	return store(upload_path, hash, media_dir, limits, res, why, why_len);
}

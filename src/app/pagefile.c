/*
 * pagefile: the copies Apache serves (pagefile.h). Every file is written
 * under a temporary name and renamed into place, so Apache sees a whole
 * copy or none; every path is relative to the directory's descriptor,
 * opened once before the fork.
 */
#include "pagefile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../http/response.h"
#include "../lib/log.h"

#define GENERATION_FILE "generation"
#define PAGEFILE_PATH_MAX 200	/* of a path or a query, as Apache's rules */
#define PAGEFILE_DEPTH_MAX 8	/* directories under a version's */
/* The clock's round is a quarter of a second: samples for the grace. */
#define SWEEP_SAMPLES 32

static int pages_fd = -1;
static size_t pages_budget;
/* What this worker wrote into the version it last wrote into. */
static unsigned long long written_version;
static size_t written_bytes;
static unsigned temp_count;
static int full_logged;

/* Returns whether c may begin a segment of a copy's path, or follow a
 * '.' in one. */
static int
path_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* Returns whether c may be in a copy's query. */
static int
query_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("=&%+._-", c) != NULL;
}

int
pagefile_name(char *out, size_t size, const char *path, const char *query)
{
	size_t plen, qlen, i;
	int n;

	if (query == NULL)
		query = "";
	if (path[0] != '/')
		return -1;
	path++;
	plen = strlen(path);
	qlen = strlen(query);
	if (plen == 0 || plen > PAGEFILE_PATH_MAX || qlen > PAGEFILE_PATH_MAX)
		return -1;
	for (i = 0; i < plen; i++) {
		/* '.' and '/' only between [a-z0-9-], and '/' last. */
		if (path_char(path[i]))
			continue;
		if ((path[i] != '.' && path[i] != '/') || i == 0 ||
		    !path_char(path[i - 1]) || (!path_char(path[i + 1]) &&
		    !(path[i] == '/' && i + 1 == plen)))
			return -1;
	}
	for (i = 0; i < qlen; i++)
		if (query[i] == '\0' || !query_char(query[i]))
			return -1;
	n = snprintf(out, size, "%s@%s", path, query);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/*
 * Reads the version the generation file names into *version: returns 1,
 * or 0 for "none" (or no file), -1 when it cannot be read.
 */
static int
generation_read(unsigned long long *version)
{
	char text[64];
	ssize_t n;
	int fd = openat(pages_fd, GENERATION_FILE, O_RDONLY | O_CLOEXEC);

	*version = 0;
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n < 0)
		return -1;
	text[n] = '\0';
	return sscanf(text, "current v%llu", version) == 1 ? 1 : 0;
}

/* Writes into *stamp what st says of a copy. */
static void
stamp_of(const struct stat *st, struct pagefile_stamp *stamp)
{
	stamp->size = (unsigned long long)st->st_size;
	stamp->mtime_usec = (long long)st->st_mtim.tv_sec * 1000000 +
	    st->st_mtim.tv_nsec / 1000;
}

/*
 * Writes len bytes of p as the file name (relative to pages_fd) by way
 * of a temporary file in the directory dir ("" for pages_fd itself), and
 * its stamp into *stamp unless NULL. Returns 0, or -1 with errno set and
 * nothing left behind.
 */
static int
file_replace(const char *dir, const char *name, const char *p, size_t len,
    struct pagefile_stamp *stamp)
{
	struct stat st;
	char temp[64];
	int fd, saved;
	size_t done = 0;

	snprintf(temp, sizeof(temp), "%s%s.tmp-%ld-%u", dir,
	    dir[0] != '\0' ? "/" : "", (long)getpid(), temp_count++);
	if ((fd = openat(pages_fd, temp, O_WRONLY | O_CREAT | O_EXCL |
	    O_CLOEXEC, 0640)) < 0)
		return -1;
	while (done < len) {
		ssize_t n = write(fd, p + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			goto fail;
		}
		done += (size_t)n;
	}
	if (stamp != NULL) {
		if (fstat(fd, &st) != 0)
			goto fail;
		stamp_of(&st, stamp);
	}
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (renameat(pages_fd, temp, pages_fd, name) == 0)
		return 0;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlinkat(pages_fd, temp, 0);
	errno = saved;
	return -1;
}

/* Makes each directory of the file name's path (relative to pages_fd);
 * returns 0 or -1. */
static int
make_parents(const char *name)
{
	char dir[PAGEFILE_PATH_MAX * 2 + 64];
	const char *slash = name;

	while ((slash = strchr(slash, '/')) != NULL) {
		size_t len = (size_t)(slash - name);

		if (len >= sizeof(dir))
			return -1;
		memcpy(dir, name, len);
		dir[len] = '\0';
		if (mkdirat(pages_fd, dir, 0750) != 0 && errno != EEXIST)
			return -1;
		slash++;
	}
	return 0;
}

/*
 * Removes the directory name under the directory at_fd, and all it holds,
 * depth directories deep at most. Returns 0 or -1.
 */
static int
remove_tree(int at_fd, const char *name, int depth)
{
	struct dirent *de;
	DIR *d;
	int fd, rc = 0;

	if (depth > PAGEFILE_DEPTH_MAX)
		return -1;
	fd = openat(at_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (unlinkat(fd, de->d_name, 0) == 0 || errno == ENOENT)
			continue;
		if ((errno == EISDIR || errno == EPERM) &&
		    remove_tree(fd, de->d_name, depth + 1) == 0)
			continue;
		rc = -1;
	}
	closedir(d);
	if (unlinkat(at_fd, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
		rc = -1;
	return rc;
}

/*
 * Calls fn(version, arg) for each version's directory in the directory.
 */
static void
each_version(void (*fn)(unsigned long long, const char *, void *), void *arg)
{
	struct dirent *de;
	DIR *d;
	int fd = openat(pages_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0 || (d = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		unsigned long long v;
		char tail;

		if (sscanf(de->d_name, "v%llu%c", &v, &tail) == 1)
			fn(v, de->d_name, arg);
	}
	closedir(d);
}

/* each_version: removes a version's directory (arg: NULL for any, else
 * the version to keep and all below it). */
static void
remove_version(unsigned long long v, const char *name, void *arg)
{
	const unsigned long long *above = arg;

	if (above == NULL || v > *above)
		remove_tree(pages_fd, name, 0);
}

/* Writes the generation file: "current vV", or "current none" when
 * version is 0 and none is set. Returns 0 or -1. */
static int
generation_write(unsigned long long version, int none)
{
	char text[64];
	int n = none ? snprintf(text, sizeof(text), "current none\n") :
	    snprintf(text, sizeof(text), "current v%llu\n", version);

	return file_replace("", GENERATION_FILE, text, (size_t)n, NULL);
}

int
pagefile_open(const char *dir, size_t budget)
{
	if (pages_fd >= 0)
		close(pages_fd);
	pages_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pages_fd < 0) {
		log_error("%s: %s; pages will not be served as files", dir,
		    strerror(errno));
		return -1;
	}
	if (generation_write(0, 1) != 0) {
		log_error("%s/%s: %s; pages will not be served as files", dir,
		    GENERATION_FILE, strerror(errno));
		close(pages_fd);
		pages_fd = -1;
		return -1;
	}
	each_version(remove_version, NULL);
	pages_budget = budget;
	return 0;
}

int
pagefile_on(void)
{
	return pages_fd >= 0;
}

/* Writes into file (size bytes) the copy's name under pages_fd, its
 * version's directory into dir (32 bytes); returns 0, or -1 when the
 * address has no copy. */
static int
copy_name(char *file, size_t size, char *dir, const char *path,
    const char *query, unsigned long long version)
{
	char name[PAGEFILE_PATH_MAX * 2 + 64];
	int n;

	if (pagefile_name(name, sizeof(name), path, query) != 0)
		return -1;
	snprintf(dir, 32, "v%llu", version);
	n = snprintf(file, size, "%s/%s", dir, name);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int
pagefile_keep(const char *path, const char *query,
    unsigned long long version, const struct http_response *resp,
    struct pagefile_stamp *stamp)
{
	char file[PAGEFILE_PATH_MAX * 2 + 96], dir[32];
	const char *body = resp->body.data;
	size_t len = resp->body.len;

	if (pages_fd < 0 || resp->status != 200 ||
	    copy_name(file, sizeof(file), dir, path, query, version) != 0)
		return -1;
	if (version != written_version) {
		written_version = version;
		written_bytes = 0;
	}
	if (written_bytes + len > pages_budget)
		return -1;
	if (file_replace(dir, file, body, len, stamp) != 0 &&
	    (errno != ENOENT || make_parents(file) != 0 ||
	    file_replace(dir, file, body, len, stamp) != 0)) {
		if ((errno == ENOSPC || errno == EDQUOT) && !full_logged) {
			log_error("pages as files: %s; pages are served by "
			    "blog.fcgi only until there is room",
			    strerror(errno));
			full_logged = 1;
		}
		return -1;
	}
	written_bytes += len;
	return 0;
}

int
pagefile_stamp(const char *path, const char *query,
    unsigned long long version, struct pagefile_stamp *stamp)
{
	char file[PAGEFILE_PATH_MAX * 2 + 96], dir[32];
	struct stat st;

	if (pages_fd < 0 ||
	    copy_name(file, sizeof(file), dir, path, query, version) != 0 ||
	    fstatat(pages_fd, file, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
	    !S_ISREG(st.st_mode))
		return -1;
	stamp_of(&st, stamp);
	return 0;
}

void
pagefile_etag(const struct pagefile_stamp *stamp, char *out, size_t size)
{
	snprintf(out, size, "\"%llx-%llx\"", stamp->size,
	    (unsigned long long)stamp->mtime_usec);
}

int
pagefile_publish(unsigned long long version, int older_too)
{
	unsigned long long current;
	int lock_fd, known, rc = 0;

	if (pages_fd < 0)
		return 0;
	/* A descriptor of its own: flock's lock belongs to the open file,
	 * which the forked workers would otherwise share. */
	lock_fd = openat(pages_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (lock_fd < 0 || flock(lock_fd, LOCK_EX) != 0) {
		log_error("pages as files: locking: %s", strerror(errno));
		if (lock_fd >= 0)
			close(lock_fd);
		return -1;
	}
	known = generation_read(&current);
	if (known < 0)
		rc = -1;
	else if (known == 1 && version == current)
		rc = PAGEFILE_KEPT;
	else if (known == 1 && version < current && !older_too)
		rc = PAGEFILE_OLDER;
	else {
		/*
		 * Copies of versions above this one would be served when the
		 * version climbs to theirs, made from another blog: a version
		 * gone back, or one named after the copies were off (the
		 * database may have been restored meanwhile). Off first, then
		 * gone, then this version.
		 */
		if (known == 1 && version < current &&
		    generation_write(0, 1) != 0)
			rc = -1;
		else {
			each_version(remove_version, &version);
			rc = generation_write(version, 0) == 0 ?
			    PAGEFILE_MOVED : -1;
		}
	}
	if (rc < 0)
		log_error("pages as files: the current version: %s",
		    strerror(errno));
	close(lock_fd);		/* and the lock with it */
	return rc;
}

void
pagefile_withdraw(void)
{
	unsigned long long current;
	int lock_fd;

	if (pages_fd < 0)
		return;
	lock_fd = openat(pages_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (lock_fd < 0 || flock(lock_fd, LOCK_EX) != 0) {
		log_error("pages as files: locking: %s", strerror(errno));
		if (lock_fd >= 0)
			close(lock_fd);
		return;
	}
	if (generation_read(&current) != 0 && generation_write(0, 1) != 0)
		log_error("pages as files: turning them off: %s",
		    strerror(errno));
	close(lock_fd);
}

/* each_version: removes a version below *arg's. */
static void
remove_below(unsigned long long v, const char *name, void *arg)
{
	if (v < *(const unsigned long long *)arg)
		remove_tree(pages_fd, name, 0);
}

void
pagefile_sweep(double now)
{
	/* The current version as the clock saw it, round by round. */
	static struct { double at; unsigned long long version; }
	    seen[SWEEP_SAMPLES];
	static unsigned next;
	unsigned long long current, old = 0;
	unsigned i;

	if (pages_fd < 0 || generation_read(&current) != 1)
		return;
	seen[next % SWEEP_SAMPLES].at = now;
	seen[next % SWEEP_SAMPLES].version = current;
	next++;
	/*
	 * Every version below one that was current GRACE seconds ago has
	 * been superseded for at least that long (the current version only
	 * climbs, but when restored from elsewhere: pagefile_publish).
	 */
	for (i = 0; i < SWEEP_SAMPLES && i < next; i++)
		if (now - seen[i].at >= PAGEFILE_GRACE_SECONDS &&
		    seen[i].version > old && seen[i].version <= current)
			old = seen[i].version;
	if (old > 0)
		each_version(remove_below, &old);
}

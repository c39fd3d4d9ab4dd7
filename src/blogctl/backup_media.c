/* backup_media: images staged for a backup, installed by a restore. */
#include "backup_media.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "../lib/medianame.h"
#include "../media/image.h"
#include "backup_child.h"
#include "backup_manifest.h"

#define COPY_BUF 65536
#define RESTORE_TEMP IMAGE_TEMP_MARK "restore-"

/* Returns 1 if name is a stored image's file, else 0. */
static int
stored_name(const char *name)
{
	struct medianame m;

	return medianame_parse(name, strlen(name), &m) == 0;
}

/* Writes all len bytes of buf to fd; returns 0, or -1 with errno set. */
static int
write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) < 0) {
			if (errno == EINTR && !child_interrupted)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Copies the file name of from_dir into a new file to_name of to_dir,
 * with mode. Returns 0, or -1 with errno set (and no file to_name left).
 */
static int
copy_file(int from_dir, const char *name, int to_dir, const char *to_name,
    mode_t mode)
{
	char buf[COPY_BUF];
	int in, out, rc = 0, saved;
	ssize_t n;

	if ((in = openat(from_dir, name, O_RDONLY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0)
		return -1;
	if ((out = openat(to_dir, to_name, O_WRONLY | O_CREAT | O_EXCL |
	    O_CLOEXEC, mode)) < 0) {
		saved = errno;
		close(in);
		errno = saved;
		return -1;
	}
	while (rc == 0 && (n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR && !child_interrupted)
			continue;
		if (n < 0 || write_all(out, buf, (size_t)n) != 0)
			rc = -1;
	}
	saved = errno;
	if (rc == 0 && (fchmod(out, mode) != 0 || fsync(out) != 0)) {
		saved = errno;
		rc = -1;
	}
	if (close(out) != 0 && rc == 0) {
		saved = errno;
		rc = -1;
	}
	close(in);
	if (rc != 0)
		unlinkat(to_dir, to_name, 0);
	errno = saved;
	return rc;
}

int
media_stage_open(struct media_stage *s, const char *media_dir)
{
	memset(s, 0, sizeof(*s));
	if (child_temp_dir(media_dir, MEDIA_STAGE_PREFIX, s->dir,
	    sizeof(s->dir)) != 0) {
		fprintf(stderr, "blogctl: making a staging directory in %s: "
		    "%s\n", media_dir, strerror(errno));
		s->dir[0] = '\0';
		return -1;
	}
	snprintf(s->files, sizeof(s->files), "%s/%s", s->dir, MANIFEST_MEDIA);
	if (mkdir(s->files, 0700) != 0) {
		fprintf(stderr, "blogctl: making %s: %s\n", s->files,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Stages the file name of the directory from into to: a link, else a
 * copy. Returns 1 if it was staged now, 0 if it was already or is gone,
 * -1 with errno set.
 */
static int
stage_one(struct media_stage *s, int from, int to, const char *name)
{
	struct stat st;

	if (linkat(from, name, to, name, 0) == 0) {
		s->files_n++;
		return 1;
	}
	if (errno == EEXIST || errno == ENOENT)
		return 0;
	if (errno != EXDEV && errno != EPERM && errno != EMLINK &&
	    errno != EOPNOTSUPP)
		return -1;
	if (fstatat(from, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return errno == ENOENT ? 0 : -1;
	if (copy_file(from, name, to, name, st.st_mode & 0777) != 0)
		return errno == ENOENT || errno == EEXIST ? 0 : -1;
	s->files_n++;
	s->copied++;
	return 1;
}

int
media_stage_add(struct media_stage *s, const char *media_dir,
    size_t *added)
{
	struct dirent *de;
	DIR *d;
	int to, rc = 0, one;

	*added = 0;
	if ((d = opendir(media_dir)) == NULL) {
		fprintf(stderr, "blogctl: reading %s: %s\n", media_dir,
		    strerror(errno));
		return -1;
	}
	if ((to = open(s->files, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		fprintf(stderr, "blogctl: opening %s: %s\n", s->files,
		    strerror(errno));
		closedir(d);
		return -1;
	}
	while (rc == 0 && !child_interrupted && (de = readdir(d)) != NULL) {
		if (!stored_name(de->d_name))
			continue;
		one = stage_one(s, dirfd(d), to, de->d_name);
		if (one < 0) {
			fprintf(stderr, "blogctl: staging %s/%s: %s\n",
			    media_dir, de->d_name, strerror(errno));
			rc = -1;
		} else
			*added += (size_t)one;
	}
	close(to);
	closedir(d);
	return child_interrupted ? -1 : rc;
}

int
media_stage_has(const struct media_stage *s, const char *name)
{
	char path[sizeof(s->files) + MEDIANAME_MAX + 1];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", s->files, name);
	return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int
media_file_sha256(int dirfd, const char *name, unsigned char out[32],
    unsigned long long *bytes)
{
	crypto_hash_sha256_state sha;
	unsigned char buf[COPY_BUF];
	unsigned long long total = 0;
	int fd, saved;
	ssize_t n;

	if ((fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return -1;
	crypto_hash_sha256_init(&sha);
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR && !child_interrupted)
			continue;
		if (n < 0) {
			saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		crypto_hash_sha256_update(&sha, buf, (size_t)n);
		total += (unsigned long long)n;
	}
	close(fd);
	crypto_hash_sha256_final(&sha, out);
	if (bytes != NULL)
		*bytes = total;
	return 0;
}

int
media_stage_hash(const struct media_stage *s, struct manifest *m,
    unsigned long long *bytes)
{
	char member[MANIFEST_MEMBER_MAX];
	unsigned char sha[32];
	unsigned long long size;
	struct dirent *de;
	DIR *d;
	int rc = 0;

	if ((d = opendir(s->files)) == NULL) {
		fprintf(stderr, "blogctl: reading %s: %s\n", s->files,
		    strerror(errno));
		return -1;
	}
	while (rc == 0 && !child_interrupted && (de = readdir(d)) != NULL) {
		if (!stored_name(de->d_name))
			continue;
		if (media_file_sha256(dirfd(d), de->d_name, sha, &size) != 0) {
			fprintf(stderr, "blogctl: reading %s/%s: %s\n",
			    s->files, de->d_name, strerror(errno));
			rc = -1;
			break;
		}
		snprintf(member, sizeof(member), "%s/%s", MANIFEST_MEDIA,
		    de->d_name);
		if (manifest_add(m, member, sha) != 0) {
			fputs("blogctl: out of memory\n", stderr);
			rc = -1;
		}
		*bytes += size;
	}
	closedir(d);
	return child_interrupted ? -1 : rc;
}

int
media_stage_sweep(const char *media_dir)
{
	char path[CONFIG_PATH_MAX + 300];
	time_t now = time(NULL);
	struct dirent *de;
	struct stat st;
	int removed = 0;
	DIR *d;

	if ((d = opendir(media_dir)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, MEDIA_STAGE_PREFIX,
		    strlen(MEDIA_STAGE_PREFIX)) != 0 ||
		    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) !=
		    0 || !S_ISDIR(st.st_mode) ||
		    now - st.st_mtime <= MEDIA_STAGE_ABANDONED)
			continue;
		snprintf(path, sizeof(path), "%s/%s", media_dir, de->d_name);
		if (child_remove_tree(path) == 0) {
			fprintf(stderr, "blogctl: removed %s, left by a backup "
			    "that did not finish\n", path);
			removed++;
		}
	}
	closedir(d);
	return removed;
}

void
media_stage_remove(struct media_stage *s)
{
	if (s->dir[0] != '\0' && child_remove_tree(s->dir) != 0 &&
	    errno != ENOENT)
		fprintf(stderr, "blogctl: removing %s: %s (remove it by "
		    "hand)\n", s->dir, strerror(errno));
	s->dir[0] = '\0';
}

/*
 * Installs the file name of from into to (whose owner is st's): a copy
 * under a temporary name, then the rename. Returns 0, or -1 with errno.
 */
static int
install_one(int from, int to, const struct stat *st, const char *name)
{
	char temp[sizeof(RESTORE_TEMP) + MEDIANAME_MAX];
	int fd, saved;

	snprintf(temp, sizeof(temp), "%s%s", RESTORE_TEMP, name);
	unlinkat(to, temp, 0);	/* one left by a restore cut short */
	if (copy_file(from, name, to, temp, 0644) != 0)
		return -1;
	if (geteuid() == 0 && (fd = openat(to, temp, O_RDONLY | O_NOFOLLOW |
	    O_CLOEXEC)) >= 0) {
		/* The web server's, as the directory is. */
		if (fchown(fd, st->st_uid, st->st_gid) != 0) {
			saved = errno;
			close(fd);
			unlinkat(to, temp, 0);
			errno = saved;
			return -1;
		}
		close(fd);
	}
	if (renameat(to, temp, to, name) != 0) {
		saved = errno;
		unlinkat(to, temp, 0);
		errno = saved;
		return -1;
	}
	return 0;
}

int
media_install(const char *from, const char *media_dir, size_t *installed)
{
	struct dirent *de;
	struct stat st;
	int to, rc = 0;
	DIR *d;

	*installed = 0;
	if ((to = open(media_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    fstat(to, &st) != 0) {
		fprintf(stderr, "blogctl: opening %s: %s\n", media_dir,
		    strerror(errno));
		if (to >= 0)
			close(to);
		return -1;
	}
	if ((d = opendir(from)) == NULL) {
		fprintf(stderr, "blogctl: reading %s: %s\n", from,
		    strerror(errno));
		close(to);
		return -1;
	}
	while (rc == 0 && !child_interrupted && (de = readdir(d)) != NULL) {
		if (!stored_name(de->d_name))
			continue;
		if (install_one(dirfd(d), to, &st, de->d_name) != 0) {
			fprintf(stderr, "blogctl: writing %s/%s: %s\n",
			    media_dir, de->d_name, strerror(errno));
			rc = -1;
		} else
			(*installed)++;
	}
	closedir(d);
	if (rc == 0 && fsync(to) != 0) {
		fprintf(stderr, "blogctl: syncing %s: %s\n", media_dir,
		    strerror(errno));
		rc = -1;
	}
	close(to);
	return child_interrupted ? -1 : rc;
}

/*
 * image: what the media layer knows without decoding an image: its type
 * from the first bytes, its hash, the limits, and the files a hash has in
 * the media directory (listing, deleting, sweeping up temp files). The
 * decoding itself is in store.c and convert.c.
 */
#include "image.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

void
image_limits_default(struct image_limits *l)
{
	l->max_pixels = 40000000;
	l->max_memory = 1024ULL * 1024 * 1024;
	l->max_seconds = 30;
}

int
image_status_http(enum image_status s)
{
	switch (s) {
	case IMAGE_OK:
		return 200;
	case IMAGE_UNSUPPORTED:
		return 415;
	case IMAGE_TOO_MANY_PIXELS:
	case IMAGE_UNDECODABLE:
	case IMAGE_TOO_SLOW:
		return 422;
	default:
		return 500;
	}
}

enum media_type
image_sniff(const void *head, size_t len)
{
	const unsigned char *b = head;

	if (len >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
		return MEDIA_JPEG;
	if (len >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return MEDIA_PNG;
	if (len >= 6 && (memcmp(b, "GIF87a", 6) == 0 ||
	    memcmp(b, "GIF89a", 6) == 0))
		return MEDIA_GIF;
	if (len >= 12 && memcmp(b, "RIFF", 4) == 0 &&
	    memcmp(b + 8, "WEBP", 4) == 0)
		return MEDIA_WEBP;
	return MEDIA_NONE;
}

int
image_hash_file(const char *path, char hex[MEDIANAME_HASH_LEN + 1])
{
	unsigned char buf[65536], hash[MEDIANAME_HASH_LEN / 2];
	crypto_generichash_state st;
	ssize_t n;
	int fd, saved;

	hex[0] = '\0';
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	crypto_generichash_init(&st, NULL, 0, sizeof(hash));
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		crypto_generichash_update(&st, buf, (unsigned long long)n);
	}
	close(fd);
	crypto_generichash_final(&st, hash, sizeof(hash));
	sodium_bin2hex(hex, MEDIANAME_HASH_LEN + 1, hash, sizeof(hash));
	return 0;
}

/* Orders the names of one hash: the original first, then by copy width. */
static int
compare_names(const void *a, const void *b)
{
	struct medianame ma, mb;

	medianame_parse(a, strlen(a), &ma);
	medianame_parse(b, strlen(b), &mb);
	if (ma.copy != mb.copy)
		return ma.copy < mb.copy ? -1 : 1;
	return strcmp(a, b);
}

int
image_files(const char *media_dir, const char *hash, struct image_files *out)
{
	struct dirent *de;
	struct medianame m;
	DIR *d;

	out->n = 0;
	if (!medianame_hash_valid(hash, strlen(hash))) {
		errno = EINVAL;
		return -1;
	}
	if ((d = opendir(media_dir)) == NULL)
		return -1;
	errno = 0;
	while ((de = readdir(d)) != NULL && out->n < IMAGE_FILES_MAX) {
		if (medianame_parse(de->d_name, strlen(de->d_name), &m) != 0 ||
		    strcmp(m.hash, hash) != 0)
			continue;
		memcpy(out->name[out->n++], de->d_name,
		    strlen(de->d_name) + 1);
	}
	closedir(d);
	qsort(out->name, out->n, sizeof(out->name[0]), compare_names);
	return 0;
}

/* Returns 0 once media_dir's entries are on disk, else -1. */
static int
sync_dir(const char *media_dir)
{
	int fd, rc;

	if ((fd = open(media_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int
image_delete(const char *media_dir, const char *hash)
{
	struct image_files files;
	int removed = 0;

	/*
	 * The list is sorted, the original first, so a delete cut short
	 * leaves copies with no original: the hash is no longer stored, and
	 * storing it again writes them over.
	 */
	do {
		if (image_files(media_dir, hash, &files) != 0)
			return -1;
		for (size_t i = 0; i < files.n; i++) {
			char path[PATH_MAX];

			if ((size_t)snprintf(path, sizeof(path), "%s/%s",
			    media_dir, files.name[i]) >= sizeof(path)) {
				errno = ENAMETOOLONG;
				return -1;
			}
			if (unlink(path) != 0 && errno != ENOENT)
				return -1;
			removed++;
		}
	} while (files.n == IMAGE_FILES_MAX);
	if (removed > 0 && sync_dir(media_dir) != 0)
		return -1;
	return removed;
}

int
image_sweep(const char *media_dir, time_t age)
{
	struct dirent *de;
	struct stat st;
	time_t now = time(NULL);
	int removed = 0, dfd;
	DIR *d;

	if ((d = opendir(media_dir)) == NULL)
		return -1;
	dfd = dirfd(d);
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, IMAGE_TEMP_MARK,
		    strlen(IMAGE_TEMP_MARK)) != 0)
			continue;
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode) || now - st.st_mtime <= age)
			continue;
		if (unlinkat(dfd, de->d_name, 0) == 0)
			removed++;
	}
	closedir(d);
	return removed;
}

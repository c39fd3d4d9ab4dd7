/* media_sweep: the files of [media] dir that no row names, removed. */
#include "media_sweep.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../lib/arena.h"
#include "../lib/config.h"
#include "../lib/medianame.h"
#include "../media/image.h"
#include "../model/db.h"
#include "../model/media.h"

/* The hashes the rows name, sorted for bsearch. */
struct hash_set {
	char (*v)[MEDIANAME_HASH_LEN + 1];
	size_t n, cap;
	int full;		/* out of memory: the set is not whole */
};

/* media_hashes's callback: adds hash to the set. */
static int
set_add(const char *hash, void *ctx)
{
	struct hash_set *s = ctx;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		void *v = realloc(s->v, cap * sizeof(*s->v));

		if (v == NULL) {
			s->full = 1;
			return -1;
		}
		s->v = v;
		s->cap = cap;
	}
	snprintf(s->v[s->n++], sizeof(s->v[0]), "%s", hash);
	return 0;
}

static int
hash_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Returns whether the file name of dir (fd) was last changed long ago. */
static int
old_enough(int dir, const char *name, time_t now)
{
	struct stat st;

	return fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(st.st_mode) && now - st.st_mtime > MEDIA_SWEEP_AGE;
}

/* Removes (or lists) the files whose hash s lacks; returns how many, or
 * -1 with errno set. */
static long
sweep_dir(const char *path, const struct hash_set *s, int dry_run)
{
	time_t now = time(NULL);
	struct dirent *de;
	struct medianame m;
	long removed = 0;
	DIR *d;

	if ((d = opendir(path)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (medianame_parse(de->d_name, strlen(de->d_name), &m) != 0 ||
		    bsearch(m.hash, s->v, s->n, sizeof(s->v[0]), hash_cmp) !=
		    NULL || !old_enough(dirfd(d), de->d_name, now))
			continue;
		if (!dry_run && unlinkat(dirfd(d), de->d_name, 0) != 0) {
			fprintf(stderr, "blogctl: removing %s/%s: %s\n", path,
			    de->d_name, strerror(errno));
			continue;
		}
		printf("%s %s\n", dry_run ? "would remove" : "removed",
		    de->d_name);
		removed++;
	}
	closedir(d);
	return removed;
}

int
media_sweep(struct db *db, struct arena *a, int dry_run)
{
	const char *dir = db->cfg->media_dir;
	struct hash_set s = { NULL, 0, 0, 0 };
	long removed;
	int rc, temps = 0;

	/* A set not whole would have files of images in use removed. */
	if ((rc = media_hashes(db, a, set_add, &s)) != DB_OK || s.full) {
		fprintf(stderr, "blogctl: reading the images' rows: %s\n",
		    s.full ? "out of memory" : db->error);
		free(s.v);
		return 1;
	}
	qsort(s.v, s.n, sizeof(s.v[0]), hash_cmp);
	removed = sweep_dir(dir, &s, dry_run);
	free(s.v);
	if (removed >= 0 && !dry_run)
		temps = image_sweep(dir, MEDIA_SWEEP_AGE);
	if (removed < 0 || temps < 0) {
		fprintf(stderr, "blogctl: sweeping %s: %s\n", dir,
		    strerror(errno));
		return 1;
	}
	printf("%s %ld file%s no image names, and %d unfinished upload%s, "
	    "in %s\n", dry_run ? "would remove" : "removed", removed,
	    removed == 1 ? "" : "s", temps, temps == 1 ? "" : "s", dir);
	return 0;
}

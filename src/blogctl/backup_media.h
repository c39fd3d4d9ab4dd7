/*
 * backup_media: the image files of a backup and of a restore.
 *
 * A backup stages them: every stored file of [media] dir is hard-linked
 * into a private staging directory inside it (.backup-XXXXXX: a name no
 * upload makes, Apache serves, or sweep-media removes), so that an image
 * deleted while the backup runs keeps its bytes there; a file is copied
 * instead where it cannot be linked (another file system). Files are
 * never changed in place (a name is a hash of the upload), so a link is
 * as good as a copy. One left by a killed backup is removed by the next
 * backup, a day later (sweep-media leaves it alone: it is not an image's
 * name).
 *
 * A restore installs them: each copied under a temporary name in [media]
 * dir (.tmp-restore-<name>, which sweep-media removes if left) and renamed
 * into place, mode 0644 and owned as the directory is, so that the web
 * server may read it.
 */
#ifndef BLOGCTL_BACKUP_MEDIA_H
#define BLOGCTL_BACKUP_MEDIA_H

#include <stddef.h>

#include "../lib/config.h"

struct manifest;

#define MEDIA_STAGE_PREFIX ".backup-"
#define MEDIA_STAGE_ABANDONED (24 * 3600)	/* no backup runs this long */

struct media_stage {
	char dir[CONFIG_PATH_MAX + 32];		/* media_dir/.backup-XXXXXX */
	char files[CONFIG_PATH_MAX + 48];	/* dir/media */
	size_t files_n;				/* staged */
	size_t copied;				/* of them, copied, not linked */
};

/*
 * Makes the staging directory of media_dir. Returns 0, or -1 after saying
 * why (s->dir is then empty).
 */
int media_stage_open(struct media_stage *s, const char *media_dir);

/*
 * Stages the stored files of media_dir that are not staged yet; *added
 * says how many. Returns 0, or -1 after saying why.
 */
int media_stage_add(struct media_stage *s, const char *media_dir,
    size_t *added);

/* Returns 1 if the file name is staged, else 0. */
int media_stage_has(const struct media_stage *s, const char *name);

/*
 * Adds every staged file to m as media/<name> with its SHA-256, and their
 * size to *bytes. Returns 0, or -1 after saying why.
 */
int media_stage_hash(const struct media_stage *s, struct manifest *m,
    unsigned long long *bytes);

/*
 * Removes the staging directories of media_dir that backups killed
 * before they could (last changed more than MEDIA_STAGE_ABANDONED
 * seconds ago), saying so. Returns how many.
 */
int media_stage_sweep(const char *media_dir);

/* Removes the staging directory, if there is one. */
void media_stage_remove(struct media_stage *s);

/*
 * Computes the SHA-256 of the file name in the directory dirfd (its size
 * into *bytes unless NULL). Returns 0, or -1 with errno set.
 */
int media_file_sha256(int dirfd, const char *name, unsigned char out[32],
    unsigned long long *bytes);

/*
 * Installs every file of the directory from into media_dir; *installed
 * says how many. Returns 0, or -1 after saying why.
 */
int media_install(const char *from, const char *media_dir,
    size_t *installed);

#endif

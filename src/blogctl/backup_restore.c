/*
 * backup_restore: ./blogctl restore FILE [--force]. Everything about the
 * archive is checked first, in a private directory, while nothing of the
 * blog has been touched: tar lists it (only the members a backup has, and
 * room for them where they are to be extracted),
 * extracts it, and every member is hashed against its MANIFEST. Then the
 * blog must be empty, or --force given. Then the images are put in
 * place, then the database is loaded (its rows name the images: files
 * before rows, as an upload writes them), then the site's version moves
 * past the old blog's, for blog.fcgi's caches.
 */
#include "backup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "../model/contents.h"
#include "backup_child.h"
#include "backup_manifest.h"
#include "backup_media.h"

#define LISTING_MAX (64u << 20)	/* bytes of tar's list of members */

struct restore_run {
	const char *file;
	int force;
	char work[CONFIG_PATH_MAX];	/* the private directory */
	struct manifest manifest;
	size_t images;			/* files in media/ */
};

/* Returns NULL if name (a line of tar --list) may be a member, else it. */
static const char *
member_problem(const char *name)
{
	struct medianame m;
	const char *image;

	if (strcmp(name, MANIFEST_NAME) == 0 ||
	    strcmp(name, MANIFEST_DATABASE) == 0 ||
	    strcmp(name, MANIFEST_MEDIA "/") == 0)
		return NULL;
	if (strncmp(name, MANIFEST_MEDIA "/", strlen(MANIFEST_MEDIA) + 1) !=
	    0)
		return name;
	image = name + strlen(MANIFEST_MEDIA) + 1;
	return medianame_parse(image, strlen(image), &m) == 0 ? NULL : name;
}

/*
 * Returns whether the private directory's file system has room for bytes
 * (said why when not): an archive may unpack to far more than its size.
 */
static int
work_has_room(const struct restore_run *r, unsigned long long bytes)
{
	struct statvfs fs;
	unsigned long long avail;

	if (statvfs(r->work, &fs) != 0)
		return 1;	/* unknown: extracting will say */
	avail = (unsigned long long)fs.f_bavail * fs.f_frsize;
	if (bytes <= avail)
		return 1;
	fprintf(stderr, "blogctl: %s unpacks to %llu MB, and %s has %llu MB "
	    "free: set TMPDIR to a roomier place\n", r->file, bytes >> 20,
	    r->work, avail >> 20);
	return 0;
}

/*
 * Lists the archive: it must be a gzip'd tar of only MANIFEST,
 * database.sql and media/<image name>, which fit where they are to be
 * extracted. Returns 0 or -1 (said why).
 */
static int
list_archive(const struct restore_run *r)
{
	char *text, *line, *next;
	int manifest = 0, database = 0, rc = 0;
	unsigned long long total = 0, size;
	struct child c;
	size_t len;

	child_init(&c, "tar");
	child_arg(&c, "--list");
	child_arg(&c, "--verbose");	/* "mode uid/gid size date time name" */
	child_arg(&c, "--numeric-owner");
	child_arg(&c, "--gzip");
	child_arg(&c, "--file");
	child_arg(&c, r->file);
	if (child_output(&c, LISTING_MAX, &text, &len) != 0) {
		fprintf(stderr, "blogctl: %s is not a whole gzip'd tar "
		    "archive (tar says why above)\n", r->file);
		return -1;
	}
	for (line = text; rc == 0 && line < text + len; line = next) {
		const char *bad;
		int at = -1;

		if ((next = strchr(line, '\n')) == NULL)
			next = text + len;
		else
			*next++ = '\0';
		if (sscanf(line, "%*s %*s %llu %*s %*s %n", &size, &at) < 1 ||
		    at < 0) {
			fprintf(stderr, "blogctl: %s: tar lists '%s', which "
			    "is not a member's line\n", r->file, line);
			rc = -1;
			break;
		}
		total += size;
		line += at;
		if ((bad = member_problem(line)) != NULL) {
			fprintf(stderr, "blogctl: %s holds '%s', which no "
			    "backup has\n", r->file, bad);
			rc = -1;
		}
		manifest += strcmp(line, MANIFEST_NAME) == 0;
		database += strcmp(line, MANIFEST_DATABASE) == 0;
	}
	free(text);
	if (rc == 0 && (manifest != 1 || database != 1)) {
		fprintf(stderr, "blogctl: %s has %s %s; a backup has one of "
		    "each of MANIFEST and database.sql\n", r->file,
		    manifest + database < 2 ? "no" : "a second",
		    manifest != 1 ? MANIFEST_NAME : MANIFEST_DATABASE);
		rc = -1;
	}
	if (rc == 0 && !work_has_room(r, total))
		rc = -1;
	return rc;
}

/* Extracts the archive into the private directory; 0 or -1. */
static int
extract_archive(const struct restore_run *r)
{
	struct child c;

	child_init(&c, "tar");
	child_arg(&c, "--extract");
	child_arg(&c, "--gzip");
	child_arg(&c, "--file");
	child_arg(&c, r->file);
	child_arg(&c, "--directory");
	child_arg(&c, r->work);
	child_arg(&c, "--no-same-owner");
	child_arg(&c, "--no-same-permissions");
	if (child_run(&c, -1, -1) == 0)
		return 0;
	fprintf(stderr, "blogctl: %s could not be extracted (tar says why "
	    "above)\n", r->file);
	return -1;
}

/* Reads work/MANIFEST into r->manifest; 0 or -1 (said why). */
static int
read_manifest(struct restore_run *r)
{
	char path[sizeof(r->work) + 16], err[512];
	struct stat st;
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", r->work, MANIFEST_NAME);
	if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "blogctl: %s: MANIFEST is not a file\n",
		    r->file);
		return -1;
	}
	rc = manifest_read(&r->manifest, f, err, sizeof(err));
	fclose(f);
	if (rc != 0)
		fprintf(stderr, "blogctl: %s: %s\n", r->file, err);
	return rc;
}

/*
 * Checks the member name (in the directory dirfd) against the MANIFEST:
 * a file it lists, with the hash it gives. Returns 0 or -1 (said why).
 */
static int
check_member(struct restore_run *r, int dirfd, const char *file,
    const char *member)
{
	struct manifest_file *mf = manifest_find(&r->manifest, member);
	unsigned char sha[32];
	char hex[65];
	struct stat st;

	if (mf == NULL) {
		fprintf(stderr, "blogctl: %s: %s is not in the MANIFEST\n",
		    r->file, member);
		return -1;
	}
	if (fstatat(dirfd, file, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
	    !S_ISREG(st.st_mode) ||
	    media_file_sha256(dirfd, file, sha, NULL) != 0) {
		fprintf(stderr, "blogctl: %s: %s is not a file that can be "
		    "read\n", r->file, member);
		return -1;
	}
	manifest_hex(sha, hex);
	if (strcmp(hex, mf->sha256) != 0) {
		fprintf(stderr, "blogctl: %s: %s is damaged: its SHA-256 is "
		    "not the MANIFEST's\n", r->file, member);
		return -1;
	}
	mf->seen = 1;
	return 0;
}

/* Checks every image of work/media; 0 or -1 (said why). */
static int
check_images(struct restore_run *r)
{
	char dir[sizeof(r->work) + 16], member[MANIFEST_MEMBER_MAX];
	struct dirent *de;
	struct stat st;
	int rc = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/%s", r->work, MANIFEST_MEDIA);
	if (lstat(dir, &st) != 0 && errno == ENOENT)
		return 0;	/* no image at all */
	if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || (d = opendir(dir)) == NULL) {
		fprintf(stderr, "blogctl: %s: media is not a directory\n",
		    r->file);
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (strlen(de->d_name) >= MEDIANAME_MAX) {
			fprintf(stderr, "blogctl: %s: media/%.64s... is not "
			    "an image's name\n", r->file, de->d_name);
			rc = -1;
			break;
		}
		snprintf(member, sizeof(member), "%s/%.*s", MANIFEST_MEDIA,
		    MEDIANAME_MAX, de->d_name);
		rc = check_member(r, dirfd(d), de->d_name, member);
		r->images++;
	}
	closedir(d);
	return rc;
}

/* Checks the extracted archive against its MANIFEST; 0 or -1. */
static int
check_archive(struct restore_run *r)
{
	int work, rc;

	if (read_manifest(r) != 0)
		return -1;
	if ((work = open(r->work, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		fprintf(stderr, "blogctl: opening %s: %s\n", r->work,
		    strerror(errno));
		return -1;
	}
	rc = check_member(r, work, MANIFEST_DATABASE, MANIFEST_DATABASE);
	close(work);
	if (rc != 0 || check_images(r) != 0)
		return -1;
	for (size_t i = 0; i < r->manifest.nfiles; i++)
		if (!r->manifest.files[i].seen) {
			fprintf(stderr, "blogctl: %s: the MANIFEST lists %s, "
			    "which the archive lacks\n", r->file,
			    r->manifest.files[i].name);
			return -1;
		}
	return 0;
}

/*
 * Refuses a blog that holds anything, unless --force. Fills *old.
 * Returns 0, or -1 after saying why.
 */
static int
check_target(const struct restore_run *r, struct blogctl *b,
    struct blog_contents *old)
{
	char err[2048];

	memset(old, 0, sizeof(*old));
	if (contents_read(&b->cfg, &b->arena, old, err, sizeof(err)) != 0) {
		fprintf(stderr, "blogctl: %s\nblogctl: cannot tell whether "
		    "the blog is empty; nothing changed\n", err);
		return -1;
	}
	if (old->posts + old->users + old->media == 0 || r->force)
		return 0;
	fprintf(stderr, "blogctl: the blog's database '%s' is not empty: it "
	    "holds %llu post%s, %llu user%s and %llu image%s. A restore "
	    "replaces all of it; 'blogctl restore %s --force' would. Nothing "
	    "changed.\n", b->cfg.db_name, old->posts,
	    old->posts == 1 ? "" : "s", old->users, old->users == 1 ? "" : "s",
	    old->media, old->media == 1 ? "" : "s", r->file);
	return -1;
}

/* Loads work/database.sql with the mariadb client; 0 or -1. */
static int
load_database(const struct restore_run *r, const struct config *cfg)
{
	char path[sizeof(r->work) + 16];
	struct child c;
	int fd, rc;

	snprintf(path, sizeof(path), "%s/%s", r->work, MANIFEST_DATABASE);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		fprintf(stderr, "blogctl: opening %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	child_init(&c, "mariadb");
	child_db_account(&c, cfg);
	child_arg(&c, "--batch");
	child_arg(&c, "--default-character-set=utf8mb4");
	child_arg(&c, cfg->db_name);
	rc = child_run(&c, fd, -1);
	close(fd);
	return rc;
}

/* The steps, in order; returns EXIT_SUCCESS or EXIT_FAILURE. */
static int
run_restore(struct restore_run *r, struct blogctl *b)
{
	char images[sizeof(r->work) + 16], err[2048];
	struct blog_contents old;
	const char *base = getenv("TMPDIR");
	size_t installed = 0;

	if (base == NULL || base[0] != '/')
		base = "/tmp";
	if (child_temp_dir(base, "blogctl-restore-", r->work,
	    sizeof(r->work)) != 0) {
		fprintf(stderr, "blogctl: making a private directory in %s: "
		    "%s\n", base, strerror(errno));
		r->work[0] = '\0';
		return EXIT_FAILURE;
	}
	if (list_archive(r) != 0 || extract_archive(r) != 0 ||
	    check_archive(r) != 0) {
		fprintf(stderr, "blogctl: %s was refused; nothing changed\n",
		    r->file);
		return EXIT_FAILURE;
	}
	if (check_target(r, b, &old) != 0)
		return EXIT_FAILURE;
	snprintf(images, sizeof(images), "%s/%s", r->work, MANIFEST_MEDIA);
	if (r->images > 0 && media_install(images, b->cfg.media_dir,
	    &installed) != 0) {
		fprintf(stderr, "blogctl: restoring the images failed after "
		    "%zu of %zu; the database is unchanged (the images put in "
		    "place are unused: sweep-media removes them)\n", installed,
		    r->images);
		return EXIT_FAILURE;
	}
	if (load_database(r, &b->cfg) != 0) {
		fprintf(stderr, "blogctl: loading database.sql failed; the "
		    "database may be half restored: run the restore again with "
		    "--force once the cause is fixed\n");
		return EXIT_FAILURE;
	}
	if (contents_move_version_past(&b->cfg, &b->arena, old.version, err,
	    sizeof(err)) != 0) {
		fprintf(stderr, "blogctl: %s\n", err);
		return EXIT_FAILURE;
	}
	printf("restored %llu post%s, %llu user%s and %llu image%s (%zu "
	    "files) of '%s' as of %s (schema version %u) into '%s'\n",
	    r->manifest.posts, r->manifest.posts == 1 ? "" : "s",
	    r->manifest.users, r->manifest.users == 1 ? "" : "s",
	    r->manifest.media, r->manifest.media == 1 ? "" : "s", installed,
	    r->manifest.database, r->manifest.created_at,
	    r->manifest.schema_version, b->cfg.db_name);
	return EXIT_SUCCESS;
}

int
cmd_restore(struct blogctl *b, int argc, char *argv[])
{
	struct restore_run *r;
	const char *file = NULL;
	int force = 0, status;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--force") == 0 && !force)
			force = 1;
		else if (argv[i][0] != '-' && argv[i][0] != '\0' &&
		    file == NULL)
			file = argv[i];
		else {
			fprintf(stderr, "blogctl: restore takes a FILE and "
			    "--force, once each; not '%s'\n", argv[i]);
			return EXIT_USAGE;
		}
	}
	if (file == NULL) {
		fprintf(stderr, "blogctl: restore needs the FILE to read\n");
		return EXIT_USAGE;
	}
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		fputs("blogctl: out of memory\n", stderr);
		return EXIT_FAILURE;
	}
	r->file = file;
	r->force = force;
	umask(077);
	child_catch_signals();
	status = run_restore(r, b);
	if (status != EXIT_SUCCESS && child_interrupted)
		fputs("blogctl: interrupted\n", stderr);
	if (r->work[0] != '\0' && child_remove_tree(r->work) != 0 &&
	    errno != ENOENT)
		fprintf(stderr, "blogctl: removing %s: %s (remove it by "
		    "hand)\n", r->work, strerror(errno));
	manifest_free(&r->manifest);
	free(r);
	return status;
}

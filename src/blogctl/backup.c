/*
 * backup: ./blogctl backup FILE, in the order that makes the archive one
 * moment's blog: the images staged (linked) first, then the database's
 * snapshot dumped, then the images that appeared meanwhile staged too
 * (an upload writes its files before its row, so a row in the snapshot
 * has its files by the end of the dump). Then the MANIFEST, the tar, the
 * rename; the staging and the private directory go, whatever happened.
 */
#include "backup.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "backup_child.h"
#include "backup_dump.h"
#include "backup_manifest.h"
#include "backup_media.h"

/* What one run has made, to be removed at the end. */
struct backup_run {
	const char *file;
	char temp_file[CONFIG_PATH_MAX + 8];	/* FILE.tmp */
	char work[CONFIG_PATH_MAX];		/* the private directory */
	struct media_stage stage;
	struct dump_summary dump;
	struct manifest manifest;
	int staged;		/* media dir exists: stage is in use */
	int tty;		/* progress on standard error */
	unsigned long long media_bytes;
};

/* Says what is being done, on a terminal only. */
static void
progress(const struct backup_run *r, const char *fmt, ...)
{
	va_list ap;

	if (!r->tty)
		return;
	va_start(ap, fmt);
	fputs("backup: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* TMPDIR, else /tmp: where the private directory goes. */
static const char *
temp_base(void)
{
	const char *t = getenv("TMPDIR");

	return t != NULL && t[0] == '/' ? t : "/tmp";
}

/* Stages the images present now; returns 0 or -1 (said why). */
static int
stage(struct backup_run *r, const char *media_dir, const char *when)
{
	size_t added;

	if (!r->staged)
		return 0;
	if (media_stage_add(&r->stage, media_dir, &added) != 0)
		return -1;
	progress(r, "%s: %zu image file%s linked", when, added,
	    added == 1 ? "" : "s");
	return 0;
}

/* Dumps the database into work/database.sql; returns 0 or -1. */
static int
dump(struct backup_run *r, const struct config *cfg)
{
	char path[sizeof(r->work) + 32];
	int fd, rc;

	snprintf(path, sizeof(path), "%s/%s", r->work, MANIFEST_DATABASE);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) < 0) {
		fprintf(stderr, "blogctl: creating %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	progress(r, "dumping the database '%s'", cfg->db_name);
	rc = dump_database(cfg, fd, &r->dump);
	if (close(fd) != 0 && rc == 0) {
		fprintf(stderr, "blogctl: writing %s: %s\n", path,
		    strerror(errno));
		rc = -1;
	}
	if (rc == 0)
		progress(r, "dumped %llu bytes: %llu posts, %llu users, "
		    "%llu images", r->dump.bytes, r->dump.posts, r->dump.users,
		    r->dump.media);
	return rc;
}

/*
 * Every image a row of the snapshot names must be staged. One is missing
 * only if it was uploaded after the first staging and deleted before the
 * second, both while the dump ran. Returns 0, or -1 after saying so.
 */
static int
check_images(const struct backup_run *r)
{
	for (size_t i = 0; i < r->dump.nnames; i++) {
		if (r->staged && media_stage_has(&r->stage, r->dump.names[i]))
			continue;
		fprintf(stderr, "blogctl: the image %s, which the database "
		    "names, has no file%s; was it deleted while the backup "
		    "ran? Run the backup again\n", r->dump.names[i],
		    r->staged ? "" : " ([media] dir does not exist)");
		return -1;
	}
	return 0;
}

/* Writes work/MANIFEST; returns 0 or -1 (said why). */
static int
write_manifest(struct backup_run *r, const struct config *cfg,
    time_t taken)
{
	struct manifest *m = &r->manifest;
	char path[sizeof(r->work) + 32];
	struct tm tm;
	FILE *f;
	int rc;

	gmtime_r(&taken, &tm);
	strftime(m->created_at, sizeof(m->created_at), "%Y-%m-%dT%H:%M:%SZ",
	    &tm);
	snprintf(m->database, sizeof(m->database), "%s", cfg->db_name);
	m->schema_version = r->dump.schema_version;
	m->posts = r->dump.posts;
	m->users = r->dump.users;
	m->media = r->dump.media;
	if (manifest_add(m, MANIFEST_DATABASE, r->dump.sha256) != 0) {
		fputs("blogctl: out of memory\n", stderr);
		return -1;
	}
	progress(r, "hashing the image files");
	if (r->staged && media_stage_hash(&r->stage, m, &r->media_bytes) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/%s", r->work, MANIFEST_NAME);
	if ((f = fopen(path, "wx")) == NULL) {
		fprintf(stderr, "blogctl: creating %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	rc = manifest_write(m, f);
	if (fclose(f) != 0)
		rc = -1;
	if (rc != 0)
		fprintf(stderr, "blogctl: writing %s: %s\n", path,
		    strerror(errno));
	return rc;
}

/* Writes the archive into FILE.tmp with tar; returns 0 or -1. */
static int
write_archive(struct backup_run *r)
{
	char file[sizeof(r->temp_file) + 16];
	char images[sizeof(r->work) + sizeof(r->stage.dir)];
	struct child c;

	snprintf(file, sizeof(file), "--file=%s", r->temp_file);
	snprintf(images, sizeof(images), "%s", r->staged ? r->stage.dir :
	    r->work);
	if (!r->staged) {
		char empty[sizeof(r->work) + 16];

		snprintf(empty, sizeof(empty), "%s/%s", r->work,
		    MANIFEST_MEDIA);
		if (mkdir(empty, 0700) != 0) {
			fprintf(stderr, "blogctl: making %s: %s\n", empty,
			    strerror(errno));
			return -1;
		}
	}
	progress(r, "writing %s", r->temp_file);
	child_init(&c, "tar");
	child_arg(&c, "--create");
	child_arg(&c, "--gzip");
	child_arg(&c, file);
	child_arg(&c, "--format=gnu");
	child_arg(&c, "--owner=0");
	child_arg(&c, "--group=0");
	child_arg(&c, "--numeric-owner");
	child_arg(&c, "--sort=name");
	child_arg(&c, "--directory");
	child_arg(&c, r->work);
	child_arg(&c, MANIFEST_NAME);
	child_arg(&c, MANIFEST_DATABASE);
	child_arg(&c, "--directory");
	child_arg(&c, images);
	child_arg(&c, MANIFEST_MEDIA);
	return child_run(&c, -1, -1);
}

/* Makes FILE.tmp durable and renames it to FILE; returns 0 or -1. */
static int
commit_archive(const struct backup_run *r, off_t *size)
{
	char dir[sizeof(r->temp_file)];
	struct stat st;
	int fd;

	if ((fd = open(r->temp_file, O_RDONLY | O_CLOEXEC)) < 0 ||
	    fsync(fd) != 0 || fstat(fd, &st) != 0) {
		fprintf(stderr, "blogctl: syncing %s: %s\n", r->temp_file,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	*size = st.st_size;
	if (rename(r->temp_file, r->file) != 0) {
		fprintf(stderr, "blogctl: renaming %s to %s: %s\n",
		    r->temp_file, r->file, strerror(errno));
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s", r->file);
	if ((fd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >=
	    0) {
		fsync(fd);
		close(fd);
	}
	return 0;
}

/* The steps, in order; returns 0 or -1 (each says why it failed). */
static int
run_backup(struct backup_run *r, const struct config *cfg, off_t *size)
{
	struct stat st;
	time_t taken;

	if (child_temp_dir(temp_base(), "blogctl-backup-", r->work,
	    sizeof(r->work)) != 0) {
		fprintf(stderr, "blogctl: making a private directory in %s: "
		    "%s\n", temp_base(), strerror(errno));
		r->work[0] = '\0';
		return -1;
	}
	if (stat(cfg->media_dir, &st) == 0) {
		r->staged = 1;
		media_stage_sweep(cfg->media_dir);
		if (media_stage_open(&r->stage, cfg->media_dir) != 0)
			return -1;
	} else if (errno != ENOENT) {
		fprintf(stderr, "blogctl: %s: %s\n", cfg->media_dir,
		    strerror(errno));
		return -1;
	}
	if (stage(r, cfg->media_dir, "before the dump") != 0)
		return -1;
	taken = time(NULL);
	if (dump(r, cfg) != 0 ||
	    stage(r, cfg->media_dir, "after the dump") != 0 ||
	    check_images(r) != 0 || write_manifest(r, cfg, taken) != 0 ||
	    write_archive(r) != 0)
		return -1;
	return commit_archive(r, size);
}

/* Removes what the run made but FILE. */
static void
clean_up(struct backup_run *r, int failed)
{
	if (failed)
		unlink(r->temp_file);
	if (r->staged)
		media_stage_remove(&r->stage);
	if (r->work[0] != '\0' && child_remove_tree(r->work) != 0 &&
	    errno != ENOENT)
		fprintf(stderr, "blogctl: removing %s: %s (remove it by "
		    "hand)\n", r->work, strerror(errno));
	dump_summary_free(&r->dump);
	manifest_free(&r->manifest);
}

int
cmd_backup(struct blogctl *b, int argc, char *argv[])
{
	struct backup_run *r;
	off_t size = 0;
	int failed;

	if (argc != 1 || argv[0][0] == '-' || argv[0][0] == '\0') {
		fprintf(stderr, "blogctl: backup takes one argument, the FILE "
		    "to write\n");
		return EXIT_USAGE;
	}
	if (strlen(argv[0]) + 5 > sizeof(r->temp_file)) {
		fprintf(stderr, "blogctl: %s: the name is too long\n", argv[0]);
		return EXIT_FAILURE;
	}
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		fputs("blogctl: out of memory\n", stderr);
		return EXIT_FAILURE;
	}
	r->file = argv[0];
	snprintf(r->temp_file, sizeof(r->temp_file), "%s.tmp", r->file);
	r->tty = isatty(STDERR_FILENO);
	umask(077);		/* the archive holds the password hashes */
	child_catch_signals();
	failed = run_backup(r, &b->cfg, &size) != 0;
	if (!failed)
		printf("backed up %llu post%s, %llu user%s and %llu image%s "
		    "(%zu files) of '%s' as of %s to %s (%lld bytes)\n",
		    r->manifest.posts, r->manifest.posts == 1 ? "" : "s",
		    r->manifest.users, r->manifest.users == 1 ? "" : "s",
		    r->manifest.media, r->manifest.media == 1 ? "" : "s",
		    r->manifest.nfiles - 1, b->cfg.db_name,
		    r->manifest.created_at, r->file, (long long)size);
	clean_up(r, failed);
	if (failed)
		fprintf(stderr, "blogctl: %sno backup written to %s\n",
		    child_interrupted ? "interrupted; " : "", r->file);
	free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/*
 * export: ./blogctl export DIR (export.h). Reads the posts a page of
 * EXPORT_PAGE at a time, by id, all inside one db_begin_snapshot, writes
 * each as a file of its own, and copies each image a post names (its
 * original and copies, as the media dir holds them) once.
 */
#include "export.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/arena.h"
#include "../lib/buf.h"
#include "../lib/config.h"
#include "../lib/frontmatter.h"
#include "../lib/mediaref.h"
#include "../media/image.h"
#include "../model/post.h"
#include "../model/tag.h"

/* Posts read by one statement. */
#define EXPORT_PAGE 100

/* The hashes of the images copied already, sorted. */
struct hash_set {
	char (*v)[MEDIANAME_HASH_LEN + 1];
	size_t n, cap;
};

/* What one export did, and where it goes. */
struct exporter {
	struct blogctl *b;
	const char *dir;
	struct hash_set done;
	unsigned long long posts, images, files, missing;
	int progress;		/* stderr is a terminal */
};

/*
 * Adds hash to s unless there. Returns 1 when added, 0 when it was there,
 * -1 out of memory.
 */
static int
hash_set_add(struct hash_set *s, const char *hash)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(s->v[mid], hash);

		if (c == 0)
			return 0;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		void *v = realloc(s->v, cap * sizeof(*s->v));

		if (v == NULL)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	memmove(s->v + lo + 1, s->v + lo, (s->n - lo) * sizeof(*s->v));
	snprintf(s->v[lo], sizeof(s->v[lo]), "%s", hash);
	s->n++;
	return 1;
}

/* Makes directory path unless it exists. Returns 0, or -1 with errno. */
static int
make_dir(const char *path)
{
	struct stat st;

	if (mkdir(path, 0755) == 0)
		return 0;
	if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	if (errno == EEXIST)
		errno = ENOTDIR;
	return -1;
}

/* Makes directory path and those above it that are missing, as mkdir -p. */
static int
make_dirs(const char *path)
{
	char buf[CONFIG_PATH_MAX];
	size_t len = strlen(path);

	if (len == 0 || len >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, len + 1);
	for (size_t i = 1; i < len; i++) {
		if (buf[i] != '/' || buf[i - 1] == '/')
			continue;
		buf[i] = '\0';
		if (make_dir(buf) != 0)
			return -1;
		buf[i] = '/';
	}
	return make_dir(buf);
}

/* Writes all len bytes at p to fd. Returns 0, or -1 with errno. */
static int
write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Opens a temporary file beside path for writing into tmp (of tmp_len).
 * Returns the descriptor, or -1 with errno.
 */
static int
open_temp(const char *path, char *tmp, size_t tmp_len)
{
	const char *slash = strrchr(path, '/');
	int dlen = slash != NULL ? (int)(slash - path + 1) : 0;

	snprintf(tmp, tmp_len, "%.*s.%s.tmp-%ld", dlen, path, path + dlen,
	    (long)getpid());
	return open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

/* Closes fd and renames tmp to path, or removes tmp when rc failed. */
static int
finish_temp(int fd, const char *tmp, const char *path, int rc)
{
	int saved;

	if (close(fd) != 0 && rc == 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) == 0)
		return 0;
	saved = errno;
	unlink(tmp);
	errno = saved;
	return -1;
}

/* Writes the len bytes at p as the file path, through a temporary one. */
static int
write_file(const char *path, const char *p, size_t len)
{
	char tmp[4096 + 64];
	int fd;

	if ((fd = open_temp(path, tmp, sizeof(tmp))) < 0)
		return -1;
	return finish_temp(fd, tmp, path, write_all(fd, p, len));
}

/* Copies the file from to the file to, through a temporary one. */
static int
copy_file(const char *from, const char *to)
{
	char tmp[4096 + 64], chunk[65536];
	ssize_t n;
	int in, out, rc = 0;

	if ((in = open(from, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if ((out = open_temp(to, tmp, sizeof(tmp))) < 0) {
		close(in);
		return -1;
	}
	while (rc == 0 && (n = read(in, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		rc = n < 0 ? -1 : write_all(out, chunk, (size_t)n);
	}
	close(in);
	return finish_temp(out, tmp, to, rc);
}

/* Copies every file stored for hash into DIR/media, once per export. */
static int
export_image(struct exporter *x, const char *hash, const char *slug)
{
	const char *media_dir = x->b->cfg.media_dir;
	struct image_files files;
	char from[CONFIG_PATH_MAX + MEDIANAME_MAX + 8], to[2 * CONFIG_PATH_MAX];
	int added;

	if ((added = hash_set_add(&x->done, hash)) <= 0) {
		if (added < 0)
			fputs("blogctl: out of memory\n", stderr);
		return added;
	}
	if (image_files(media_dir, hash, &files) != 0 || files.n == 0) {
		fprintf(stderr, "blogctl: warning: post '%s' shows the image "
		    "%s, which %s does not hold; its link is exported as it "
		    "is\n", slug, hash, media_dir);
		x->missing++;
		return 0;
	}
	snprintf(to, sizeof(to), "%s/media", x->dir);
	if (make_dir(to) != 0) {
		fprintf(stderr, "blogctl: %s: %s\n", to, strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < files.n; i++) {
		snprintf(from, sizeof(from), "%s/%s", media_dir, files.name[i]);
		snprintf(to, sizeof(to), "%s/media/%s", x->dir, files.name[i]);
		if (copy_file(from, to) != 0) {
			fprintf(stderr, "blogctl: copying %s to %s: %s\n", from,
			    to, strerror(errno));
			return -1;
		}
		x->files++;
	}
	x->images++;
	return 0;
}

/* Writes the images post p shows. */
static int
export_images(struct exporter *x, const struct post *p)
{
	struct media_refs refs;

	refs.n = 0;
	/* At most MEDIA_PER_POST_MAX: the form saved no more. */
	media_refs_scan(p->body, p->body_len, &refs);
	media_refs_scan(p->featured_image, strlen(p->featured_image), &refs);
	for (size_t i = 0; i < refs.n; i++)
		if (export_image(x, refs.hash[i], p->slug) != 0)
			return -1;
	return 0;
}

/* Writes post p as DIR/posts/YYYY-MM-DD-SLUG.md. */
static int
export_post(struct exporter *x, const struct post *p, struct buf *file)
{
	struct arena *a = &x->b->arena;
	struct frontmatter_post fp;
	const char **tags;
	char path[4096];

	memset(&fp, 0, sizeof(fp));
	tags = arena_calloc(a, p->ntags + 1, sizeof(*tags));
	for (size_t i = 0; i < p->ntags; i++)
		tags[i] = p->tags[i].name;
	fp.title = p->title;
	fp.slug = p->slug;
	/* A draft never given a time: its creation's. */
	fp.date = p->publish_at.year != 0 ? p->publish_at : p->created;
	fp.lastmod = p->updated;
	fp.tags = tags;
	fp.ntags = p->ntags;
	fp.draft = !p->published;
	fp.author = p->author;
	fp.featured_image = p->featured_image;
	fp.body = p->body;
	fp.body_len = p->body_len;
	buf_clear(file);
	if (frontmatter_emit(&fp, file) != 0) {
		fprintf(stderr, "blogctl: post '%s' could not be written as "
		    "YAML\n", p->slug);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/posts/%04d-%02d-%02d-%s.md", x->dir,
	    fp.date.year, fp.date.month, fp.date.day, p->slug);
	if (write_file(path, file->data, file->len) != 0) {
		fprintf(stderr, "blogctl: writing %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	x->posts++;
	return export_images(x, p);
}

/* Says why a database call failed; returns -1. */
static int
db_failed(struct db *db, const char *doing)
{
	fprintf(stderr, "blogctl: %s: %s\n", doing, db->error);
	return -1;
}

/* Writes every post, a page at a time, inside the snapshot. */
static int
export_all(struct exporter *x, unsigned long long total)
{
	struct db *db = &x->b->db;
	struct arena *a = &x->b->arena;
	struct buf file = { NULL, 0, 0 };
	long long after = 0;
	int rc = 0;

	for (;;) {
		struct post_list page;

		arena_reset(a);
		if (post_list_export(db, a, after, EXPORT_PAGE, &page) != DB_OK)
			rc = db_failed(db, "reading the posts");
		else if (tags_for_posts(db, a, page.v, page.n) != DB_OK)
			rc = db_failed(db, "reading the tags");
		if (rc != 0 || page.n == 0)
			break;
		for (size_t i = 0; i < page.n && rc == 0; i++)
			rc = export_post(x, &page.v[i], &file);
		if (rc != 0)
			break;
		after = page.v[page.n - 1].id;
		if (x->progress)
			fprintf(stderr, "\r  %llu/%llu posts", x->posts, total);
	}
	if (x->progress && x->posts > 0)
		fputc('\n', stderr);
	buf_free(&file);
	return rc;
}

int
export_command(struct blogctl *b, int argc, char *argv[])
{
	struct exporter x;
	char path[4096];
	unsigned long long total = 0;
	int rc;

	if (argc != 1 || argv[0][0] == '\0' || argv[0][0] == '-') {
		fputs("blogctl: export takes one argument, the directory to "
		    "write to\n", stderr);
		return EXIT_USAGE;
	}
	memset(&x, 0, sizeof(x));
	x.b = b;
	x.dir = argv[0];
	x.progress = isatty(STDERR_FILENO);
	snprintf(path, sizeof(path), "%s/posts", x.dir);
	if (make_dirs(x.dir) != 0 || make_dir(path) != 0) {
		fprintf(stderr, "blogctl: cannot make %s: %s\n", path,
		    strerror(errno));
		return EXIT_FAILURE;
	}
	if (db_begin_snapshot(&b->db) != DB_OK) {
		db_failed(&b->db, "starting the snapshot");
		return EXIT_FAILURE;
	}
	rc = post_count_export(&b->db, &b->arena, &total) != DB_OK ?
	    db_failed(&b->db, "counting the posts") : export_all(&x, total);
	if (rc == 0 && db_commit(&b->db) != DB_OK)
		rc = db_failed(&b->db, "ending the snapshot");
	db_rollback(&b->db);
	free(x.done.v);
	if (rc != 0) {
		fprintf(stderr, "blogctl: export stopped after %llu posts\n",
		    x.posts);
		return EXIT_FAILURE;
	}
	printf("exported %llu post%s and %llu image%s (%llu files) to %s",
	    x.posts, x.posts == 1 ? "" : "s", x.images,
	    x.images == 1 ? "" : "s", x.files, x.dir);
	if (x.missing > 0)
		printf("; %llu image%s not found", x.missing,
		    x.missing == 1 ? "" : "s");
	putchar('\n');
	return EXIT_SUCCESS;
}

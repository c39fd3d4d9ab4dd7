/*
 * import_post: one file of ./blogctl import (import_post.h). Every check
 * comes first: the file's size before it is read, then its front matter
 * (frontmatter.h), its dates, its slug, the post form's own checks
 * (post_input.h: the same bounds and messages), its author; then the
 * images it names that the blog lacks go through image_store_as, the
 * upload's code, each with its media row; then the post, its tags and its
 * images' rows in one transaction (post_import). A failure after images
 * were stored removes them again.
 */
#include "import_post.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../app/post_input.h"
#include "../app/routes.h"
#include "../http/field.h"
#include "../lib/arena.h"
#include "../lib/frontmatter.h"
#include "../lib/mediaref.h"
#include "../lib/slug.h"
#include "../lib/taglist.h"
#include "../media/image.h"
#include "../model/media.h"
#include "../model/post.h"
#include "../model/user.h"

/* The images one file stored, to be removed again if it fails. */
struct stored {
	size_t n;
	long long id[MEDIA_PER_POST_MAX];	/* their rows */
	char hash[MEDIA_PER_POST_MAX][MEDIANAME_HASH_LEN + 1];
	int new_files[MEDIA_PER_POST_MAX];	/* not in the media dir before */
};

/* One file's import as it goes. */
struct job {
	struct importer *im;
	const char *path, *name, *media_dir;
	struct import_result *r;
	struct frontmatter fm;
	struct post_import post;
	struct media_refs images;
	struct stored stored;
	size_t missing;		/* images named but found nowhere */
	int no_author;		/* the author named is no user */
};

/* Marks the file failed at line (0: the whole file); returns -1. */
static int
fail(struct job *j, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct job *j, size_t line, const char *fmt, ...)
{
	va_list ap;

	j->r->outcome = IMPORT_FAILED;
	j->r->line = line;
	va_start(ap, fmt);
	vsnprintf(j->r->why, sizeof(j->r->why), fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * Reads the file whole into a malloc'd buffer with a NUL after it, once
 * stat says it can be a post. Returns 0 with *text and *len, or -1.
 */
static int
read_file(struct job *j, char **text, size_t *len)
{
	struct stat st;
	size_t got = 0;
	char *buf;
	int fd;

	/* O_NONBLOCK: a FIFO given as a PATH is refused, not waited on. */
	if ((fd = open(j->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0 ||
	    fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return fail(j, 0, "cannot be read: %s", strerror(errno));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return fail(j, 0, "not a regular file");
	}
	if (st.st_size > FRONTMATTER_FILE_MAX) {
		close(fd);
		return fail(j, 0, "%lld bytes, more than a post can be (%d "
		    "at most: %d KiB of front matter, 65,535 bytes of body); "
		    "not read", (long long)st.st_size, FRONTMATTER_FILE_MAX,
		    FRONTMATTER_MAX / 1024);
	}
	if ((buf = malloc((size_t)st.st_size + 2)) == NULL) {
		close(fd);
		return fail(j, 0, "out of memory");
	}
	/* One byte more than stat said, to see a file that grew. */
	while (got <= (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size + 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n < 0)
				got = SIZE_MAX;
			break;
		}
		got += (size_t)n;
	}
	close(fd);
	if (got > (size_t)st.st_size) {
		free(buf);
		return fail(j, 0, got == SIZE_MAX ? "cannot be read" :
		    "changed while it was read");
	}
	buf[got] = '\0';
	*text = buf;
	*len = got;
	return 0;
}

/* Runs a post form check on the len bytes of text; returns its why. */
static const char *
form_check(const char *(*check)(struct field_value *, struct arena *),
    const char *text, size_t len, struct arena *a, const void **parsed)
{
	struct field_value v;
	const char *why;

	memset(&v, 0, sizeof(v));
	v.present = 1;
	v.text = text;
	v.len = len;
	why = check(&v, a);
	*parsed = v.parsed;
	return why;
}

/*
 * Returns the date of a file name that starts "YYYY-MM-DD-" (Jekyll's),
 * a time of z, in *d; 0, or -1 when it does not.
 */
static int
name_date(const char *base, const struct zone *z, struct date *d)
{
	char day[11];

	if (strlen(base) < 11 || base[10] != '-')
		return -1;
	memcpy(day, base, 10);
	day[10] = '\0';
	return frontmatter_date(day, z, d);
}

/* Returns the file name of path without directories. */
static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/*
 * Writes the slug into j->post.slug: the front matter's, else (Hugo) the
 * file's name without its extension and Jekyll's date, or for a page
 * bundle (.../name/index.md) its directory's name; made valid by
 * slug_make. Fails on a slug the blog's own paths use.
 */
static int
read_slug(struct job *j)
{
	struct arena *a = &j->im->b->arena;
	char out[SLUG_MAX + 1], *stem;
	const char *from, *dot;
	struct date d;
	size_t line = j->fm.slug.line;

	if (j->fm.slug.text != NULL)
		from = j->fm.slug.text;
	else {
		stem = arena_strdup(a, j->path);
		from = base_name(stem);
		if ((dot = strrchr(from, '.')) != NULL && dot != from)
			stem[dot - stem] = '\0';
		if (strcmp(from, "index") == 0 && from != stem) {
			stem[from - stem - 1] = '\0';
			from = base_name(stem);
		}
		if (name_date(from, NULL, &d) == 0)
			from += 11;
	}
	if (slug_make(from, strlen(from), out) <= 0)
		return fail(j, line, "no slug can be made of '%s': give one "
		    "as slug:", from);
	if (route_slug_reserved(out))
		return fail(j, line, "the slug '%s' is one of the blog's own "
		    "paths (/blog/%s): give another as slug:", out, out);
	j->post.slug = arena_strdup(a, out);
	snprintf(j->r->slug, sizeof(j->r->slug), "%s", out);
	return 0;
}

/* Sets *now to the current time, UTC. */
static void
time_now(struct date *now)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	date_from_unix((long long)ts.tv_sec, now);
	now->usec = ts.tv_nsec / 1000;
}

/* Reads one date value into *d; fails naming its line. */
static int
read_date(struct job *j, const struct frontmatter_value *v, struct date *d)
{
	if (frontmatter_date(v->text, &j->im->zone, d) == 0)
		return 0;
	return fail(j, v->line, "'%s' is not a date: write 2026-12-04, "
	    "2026-12-04 10:00, 2026-12-04 10:00:00 +0100 or "
	    "2026-12-04T10:00:00Z (a time without a zone is the blog's, %s)",
	    v->text, j->im->b->cfg.blog_timezone);
}

/*
 * Reads the state and times: draft (true or false; absent, false); date
 * (absent: the date of a Jekyll file name, else now) and lastmod
 * (absent: date). A published post's time is date, so that one of the
 * future is scheduled; a draft keeps no time, and date is its creation.
 */
static int
read_times(struct job *j)
{
	struct post_draft *d = &j->post.draft;
	struct date date, lastmod;
	int draft = 0;

	if (j->fm.draft.text != NULL &&
	    (draft = frontmatter_bool(j->fm.draft.text)) < 0)
		return fail(j, j->fm.draft.line, "draft must be true or false, "
		    "not '%s'", j->fm.draft.text);
	if (j->fm.date.text != NULL) {
		if (read_date(j, &j->fm.date, &date) != 0)
			return -1;
	} else if (name_date(base_name(j->path), &j->im->zone, &date) != 0)
		time_now(&date);
	lastmod = date;
	if (j->fm.lastmod.text != NULL &&
	    read_date(j, &j->fm.lastmod, &lastmod) != 0)
		return -1;
	d->publish = !draft;
	memset(&d->publish_at, 0, sizeof(d->publish_at));
	if (!draft)
		d->publish_at = date;
	j->post.created = date;
	j->post.updated = lastmod;
	return 0;
}

/* Reads the tags as the form's tags field would take them. */
static int
read_tags(struct job *j)
{
	struct arena *a = &j->im->b->arena;
	const struct taglist *tl;
	const char *joined = "", *why;
	const void *parsed;

	for (size_t i = 0; i < j->fm.ntags; i++) {
		if (strchr(j->fm.tags[i], ',') != NULL)
			return fail(j, j->fm.tags_line, "the tag '%s' has a "
			    "comma, which no tag may have", j->fm.tags[i]);
		joined = arena_printf(a, "%s%s%s", joined, i > 0 ? ", " : "",
		    j->fm.tags[i]);
	}
	if ((why = form_check(post_tags_check, joined, strlen(joined), a,
	    &parsed)) != NULL)
		return fail(j, j->fm.tags_line, "%s", why);
	tl = parsed;
	j->post.draft.tags = tl->names;
	j->post.draft.ntags = tl->count;
	return 0;
}

/* Reads the title, body, tags, featured image and the images shown. */
static int
read_content(struct job *j)
{
	struct arena *a = &j->im->b->arena;
	struct post_draft *d = &j->post.draft;
	const struct frontmatter *fm = &j->fm;
	const char *why;
	const void *parsed;

	if (fm->title.text == NULL)
		return fail(j, 1, "no title: the front matter needs title:");
	if ((why = form_check(post_title_check, fm->title.text,
	    strlen(fm->title.text), a, &parsed)) != NULL)
		return fail(j, fm->title.line, "%s", why);
	d->title = parsed;
	if ((why = form_check(post_body_check, fm->body, fm->body_len, a,
	    &parsed)) != NULL)
		return fail(j, fm->body_line, "%s", why);
	d->body = fm->body;
	d->body_len = fm->body_len;
	j->images = *(const struct media_refs *)parsed;
	d->featured_image = "";
	if (fm->featured_image.text != NULL) {
		if ((why = form_check(post_featured_image_check,
		    fm->featured_image.text, strlen(fm->featured_image.text),
		    a, &parsed)) != NULL)
			return fail(j, fm->featured_image.line, "%s", why);
		d->featured_image = parsed != NULL ? parsed : "";
		if (media_refs_scan(d->featured_image,
		    strlen(d->featured_image), &j->images) != 0)
			return fail(j, fm->featured_image.line, "A post can "
			    "show at most 100 uploaded images; this one shows "
			    "more.");
	}
	d->images = &j->images;
	return read_tags(j);
}

/* Reads the author: a user of the blog, or no byline (said in a note). */
static int
read_author(struct job *j)
{
	struct blogctl *b = j->im->b;
	struct user u;
	int rc;

	j->post.draft.author_id = 0;
	if (j->fm.author.text == NULL)
		return 0;
	rc = user_get_by_name(&b->db, &b->arena, j->fm.author.text, &u);
	if (rc == DB_OK)
		j->post.draft.author_id = u.id;
	else if (rc == DB_NOT_FOUND)
		j->no_author = 1;
	else
		return fail(j, j->fm.author.line, "reading the users: %s",
		    b->db.error);
	return 0;
}

/*
 * Returns where key is in the n sorted strings of v (*found 1), or where
 * it would go (*found 0).
 */
static size_t
sorted_find(char *const *v, size_t n, const char *key, int *found)
{
	size_t lo = 0, hi = n;

	*found = 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(v[mid], key);

		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Returns where slug is in s, or where it would go (*found 0). */
static size_t
seen_find(const struct import_seen *s, const char *slug, int *found)
{
	return sorted_find(s->slug, s->n, slug, found);
}

/* Records that the file name had slug in this import. */
static void
seen_add(struct import_seen *s, const char *slug, const char *name)
{
	size_t at;
	int found;

	at = seen_find(s, slug, &found);
	if (found)
		return;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		char **v = realloc(s->slug, cap * sizeof(*v)), **f;

		if (v == NULL)
			return;
		s->slug = v;
		if ((f = realloc(s->file, cap * sizeof(*f))) == NULL)
			return;
		s->file = f;
		s->cap = cap;
	}
	memmove(s->slug + at + 1, s->slug + at, (s->n - at) * sizeof(char *));
	memmove(s->file + at + 1, s->file + at, (s->n - at) * sizeof(char *));
	s->slug[at] = strdup(slug);
	s->file[at] = strdup(name);
	if (s->slug[at] == NULL || s->file[at] == NULL) {
		free(s->slug[at]);
		free(s->file[at]);
		memmove(s->slug + at, s->slug + at + 1,
		    (s->n - at) * sizeof(char *));
		memmove(s->file + at, s->file + at + 1,
		    (s->n - at) * sizeof(char *));
		return;
	}
	s->n++;
}

/* Returns where name is in t, or where it would go (*found 0). */
static size_t
tags_find(const struct import_tags *t, const char *name, int *found)
{
	return sorted_find(t->name, t->n, name, found);
}

/* Remembers the id of the tag called name (out of memory: forgotten). */
static void
tags_add(struct import_tags *t, const char *name, long long id)
{
	size_t at;
	int found;
	char *copy;

	at = tags_find(t, name, &found);
	if (found || id == 0)
		return;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		char **v = realloc(t->name, cap * sizeof(*v));
		long long *ids;

		if (v == NULL)
			return;
		t->name = v;
		if ((ids = realloc(t->id, cap * sizeof(*ids))) == NULL)
			return;
		t->id = ids;
		t->cap = cap;
	}
	if ((copy = strdup(name)) == NULL)
		return;
	memmove(t->name + at + 1, t->name + at, (t->n - at) * sizeof(char *));
	memmove(t->id + at + 1, t->id + at, (t->n - at) * sizeof(long long));
	t->name[at] = copy;
	t->id[at] = id;
	t->n++;
}

/* Fills the known ids of the post's tags (0 for the others). */
static void
tags_known(struct job *j)
{
	const struct import_tags *t = &j->im->tags;
	struct post_draft *d = &j->post.draft;
	size_t at;
	int found;

	j->post.tag_ids = arena_calloc(&j->im->b->arena, d->ntags + 1,
	    sizeof(*j->post.tag_ids));
	for (size_t i = 0; i < d->ntags; i++) {
		at = tags_find(t, d->tags[i], &found);
		j->post.tag_ids[i] = found ? t->id[at] : 0;
	}
}

void
import_free(struct importer *im)
{
	struct import_seen *s = &im->seen;
	struct import_tags *t = &im->tags;

	for (size_t i = 0; i < s->n; i++) {
		free(s->slug[i]);
		free(s->file[i]);
	}
	free(s->slug);
	free(s->file);
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < t->n; i++)
		free(t->name[i]);
	free(t->name);
	free(t->id);
	memset(t, 0, sizeof(*t));
}

/* Returns the media.type column's word for t. */
static const char *
type_column(enum media_type t)
{
	switch (t) {
	case MEDIA_JPEG:
		return "jpeg";
	case MEDIA_PNG:
		return "png";
	case MEDIA_GIF:
		return "gif";
	default:
		return "webp";
	}
}

/* Removes the images this file stored, rows and files. */
static void
unstore(struct job *j)
{
	struct blogctl *b = j->im->b;
	struct media gone;
	struct media_user *users;
	size_t nusers;

	for (size_t i = 0; i < j->stored.n; i++) {
		if (j->stored.id[i] != 0 && media_delete(&b->db, &b->arena,
		    j->stored.id[i], &gone, &users, &nusers) != DB_OK)
			continue;	/* another post shows it now: kept */
		if (j->stored.new_files[i])
			image_delete(b->cfg.media_dir, j->stored.hash[i]);
	}
	j->stored.n = 0;
}

/*
 * Returns 1 if path, inside the directory dir, resolves to a file in it
 * (no symlink leads out of it), else 0.
 */
static int
stays_inside(const char *path, const char *dir)
{
	char real_path[PATH_MAX], real_dir[PATH_MAX];
	size_t n;

	if (realpath(path, real_path) == NULL ||
	    realpath(dir, real_dir) == NULL)
		return 0;
	n = strlen(real_dir);
	return strncmp(real_path, real_dir, n) == 0 && real_path[n] == '/';
}

/* Stores the image of hash from the import's media dir (found in files). */
static int
store_image(struct job *j, const char *hash, const struct image_files *files)
{
	struct blogctl *b = j->im->b;
	struct image_limits limits;
	struct image_result res;
	struct medianame m;
	struct media row;
	char path[PATH_MAX + MEDIANAME_MAX], why[IMAGE_WHY_MAX];
	size_t k = j->stored.n;
	enum image_status s;

	if (medianame_parse(files->name[0], strlen(files->name[0]), &m) != 0 ||
	    m.copy != 0) {
		j->missing++;	/* copies without their original */
		return 0;
	}
	snprintf(path, sizeof(path), "%s/%s", j->media_dir, files->name[0]);
	if (!stays_inside(path, j->media_dir))
		return fail(j, 0, "media/%s leads out of %s (a symlink): "
		    "refused", files->name[0], j->media_dir);
	image_limits_default(&limits);
	limits.max_pixels = b->cfg.max_pixels;
	s = image_store_as(path, hash, b->cfg.media_dir, &limits, &res, why,
	    sizeof(why));
	if (s != IMAGE_OK)
		return fail(j, 0, "media/%s: %s (%s)", files->name[0], why,
		    res.detail);
	j->stored.id[k] = 0;
	memcpy(j->stored.hash[k], hash, sizeof(j->stored.hash[k]));
	j->stored.new_files[k] = !res.existed;
	j->stored.n++;
	if (res.width != m.width || res.height != m.height)
		return fail(j, 0, "media/%s is %u × %u pixels, not the size "
		    "its name says", files->name[0], res.width, res.height);
	memset(&row, 0, sizeof(row));
	row.hash = res.hash;
	row.name = res.name;
	row.type = type_column(res.type);
	row.width = res.width;
	row.height = res.height;
	row.bytes = (long long)res.bytes;
	if (media_add(&b->db, &b->arena, &row, 1, j->post.draft.author_id) !=
	    DB_OK)
		return fail(j, 0, "media/%s: the database refused its row: %s",
		    files->name[0], b->db.error);
	j->stored.id[k] = row.id;
	return 0;
}

/*
 * Gives the blog every image the post names that it lacks and the import's
 * media dir has; the others keep their links as written (a note says how
 * many). The featured image must be the blog's once done.
 */
static int
store_images(struct job *j)
{
	struct blogctl *b = j->im->b;
	struct image_files files;
	struct media m;
	int rc;

	for (size_t i = 0; i < j->images.n; i++) {
		const char *hash = j->images.hash[i];

		rc = media_get_by_hash(&b->db, &b->arena, hash, &m);
		if (rc == DB_OK)
			continue;	/* in the library: reused */
		if (rc != DB_NOT_FOUND)
			return fail(j, 0, "reading the images: %s",
			    b->db.error);
		if (image_files(j->media_dir, hash, &files) != 0 ||
		    files.n == 0) {
			j->missing++;
			continue;
		}
		if (store_image(j, hash, &files) != 0)
			return -1;
	}
	if (j->post.draft.featured_image[0] != '\0') {
		struct media_refs f;

		f.n = 0;
		media_refs_scan(j->post.draft.featured_image,
		    strlen(j->post.draft.featured_image), &f);
		rc = f.n == 1 ? media_get_by_hash(&b->db, &b->arena, f.hash[0],
		    &m) : DB_NOT_FOUND;
		if (rc == DB_NOT_FOUND)
			return fail(j, j->fm.featured_image.line, "the "
			    "featured image %s is neither the blog's nor in "
			    "%s", j->post.draft.featured_image, j->media_dir);
		if (rc != DB_OK)
			return fail(j, 0, "reading the images: %s",
			    b->db.error);
	}
	return 0;
}

/* Checks the slug against this import's and the blog's posts. */
static int
check_slug_free(struct job *j, int *exists)
{
	struct blogctl *b = j->im->b;
	struct post p;
	size_t at;
	int found, rc;

	at = seen_find(&j->im->seen, j->post.slug, &found);
	if (found)
		return fail(j, j->fm.slug.line, "the slug '%s' is also that of "
		    "%s, earlier in this import", j->post.slug,
		    j->im->seen.file[at]);
	/*
	 * Asked before images are stored for a post that would be skipped;
	 * else the transaction's insert finds out by itself.
	 */
	*exists = 0;
	if (j->im->update || j->images.n == 0)
		return 0;
	rc = post_get_by_slug(&b->db, &b->arena, j->post.slug, &p);
	if (rc != DB_OK && rc != DB_NOT_FOUND)
		return fail(j, 0, "reading the posts: %s", b->db.error);
	*exists = rc == DB_OK;
	return 0;
}

/* Writes the note of a file imported: what was left out. */
static void
note(struct job *j)
{
	char *w = j->r->why;
	size_t len = sizeof(j->r->why), n = 0;

	w[0] = '\0';
	if (j->no_author)
		n += (size_t)snprintf(w + n, len - n, "no user '%s': imported "
		    "without a byline", j->fm.author.text);
	if (j->missing > 0 && n < len)
		snprintf(w + n, len - n, "%s%zu image%s named but not found: "
		    "links kept as written", n > 0 ? "; " : "", j->missing,
		    j->missing == 1 ? "" : "s");
}

/* The checks, the images, the transaction. */
static int
import_checked(struct job *j, const char *text, size_t len)
{
	struct blogctl *b = j->im->b;
	struct frontmatter_error err;
	int exists = 0, replaced = 0, rc;

	if (frontmatter_parse(text, len, &b->arena, &j->fm, &err) != 0)
		return fail(j, err.line, "%s", err.why);
	if (read_slug(j) != 0 || read_content(j) != 0 || read_times(j) != 0 ||
	    read_author(j) != 0 || check_slug_free(j, &exists) != 0)
		return -1;
	seen_add(&j->im->seen, j->post.slug, j->name);
	if (exists && !j->im->update) {
		j->r->outcome = IMPORT_SKIPPED;
		snprintf(j->r->why, sizeof(j->r->why), "slug %s exists "
		    "(--update replaces it)", j->post.slug);
		return 0;
	}
	if (store_images(j) != 0)
		return -1;
	tags_known(j);
	rc = post_import(&b->db, &b->arena, &j->post, j->im->update,
	    &replaced);
	if (rc == DB_OK)
		for (size_t i = 0; i < j->post.draft.ntags; i++)
			tags_add(&j->im->tags, j->post.draft.tags[i],
			    j->post.tag_ids[i]);
	if (rc == DB_DUPLICATE) {
		j->r->outcome = IMPORT_SKIPPED;
		snprintf(j->r->why, sizeof(j->r->why), "slug %s exists "
		    "(--update replaces it)", j->post.slug);
		return -1;	/* its images are not needed */
	}
	if (rc != DB_OK)
		return fail(j, 0, "the database refused it: %s", b->db.error);
	j->r->outcome = replaced ? IMPORT_UPDATED : IMPORT_IMPORTED;
	note(j);
	return 0;
}

void
import_post(struct importer *im, const char *path, const char *name,
    const char *media_dir, struct import_result *r)
{
	struct job *j;
	char *text = NULL;
	size_t len = 0;

	memset(r, 0, sizeof(*r));
	arena_reset(&im->b->arena);
	j = arena_calloc(&im->b->arena, 1, sizeof(*j));
	j->im = im;
	j->path = path;
	j->name = name;
	j->media_dir = media_dir;
	j->r = r;
	if (read_file(j, &text, &len) != 0)
		return;
	if (import_checked(j, text, len) != 0)
		unstore(j);
	free(text);
}

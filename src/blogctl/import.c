/*
 * import: ./blogctl import [--update] PATH... (import.h). Finds the files
 * of each PATH: a file as it is; a directory walked for *.md and
 * *.markdown, in sorted order (byte order of their paths), where a symlink
 * whose target is outside the PATH is refused and Hugo's section pages
 * (_index.md) are skipped. Each file's images are looked for in media/
 * beside it: in the PATH given (a directory) or its parent's when it has
 * none, so that DIR, DIR/posts and DIR/posts/x.md of an export all find
 * DIR/media. Prints a line per file and a summary (import_post.c does the
 * rest).
 */
#include "import.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/sibling.h"
#include "../lib/slug.h"
#include "../lib/zone.h"
#include "../media/image.h"
#include "import_post.h"

/* A file found, and what is known of it before it is read. */
struct found {
	char *path;		/* as the walk reached it */
	const char *refused;	/* a why: a symlink out, a loop; or NULL */
	int section;		/* Hugo's _index.md */
};

struct found_list {
	struct found *v;
	size_t n, cap;
};

/* The tally of the summary. */
struct tally {
	unsigned long long n[IMPORT_FAILED + 1];
};

/* Adds a file to l; returns 0 or -1 out of memory. */
static int
found_add(struct found_list *l, const char *path, const char *refused,
    int section)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		void *v = realloc(l->v, cap * sizeof(*l->v));

		if (v == NULL)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	if ((l->v[l->n].path = strdup(path)) == NULL)
		return -1;
	l->v[l->n].refused = refused;
	l->v[l->n].section = section;
	l->n++;
	return 0;
}

static void
found_free(struct found_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].path);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int
found_cmp(const void *a, const void *b)
{
	return strcmp(((const struct found *)a)->path,
	    ((const struct found *)b)->path);
}

/* Returns whether name ends in .md or .markdown. */
static int
is_markdown(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot != NULL && dot != name && (strcasecmp(dot, ".md") == 0 ||
	    strcasecmp(dot, ".markdown") == 0);
}

/* Returns whether the resolved path is root or inside it. */
static int
inside(const char *real, const char *root)
{
	size_t n = strlen(root);

	if (strcmp(root, "/") == 0)
		return 1;
	return strncmp(real, root, n) == 0 &&
	    (real[n] == '\0' || real[n] == '/');
}

/* The most directories deep a walk goes. */
#define WALK_DEPTH_MAX 32

/*
 * Adds the Markdown files under dir (resolved root) to l, depth levels
 * down. Returns 0, or -1 after saying why.
 */
static int
walk(const char *dir, const char *root, int depth, struct found_list *l)
{
	struct dirent **names;
	int n, rc = 0;

	if ((n = scandir(dir, &names, NULL, alphasort)) < 0) {
		fprintf(stderr, "blogctl: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		char path[PATH_MAX], real[PATH_MAX];
		struct stat st;

		if (rc != 0 || name[0] == '.')
			continue;	/* ., .., hidden files and temp files */
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (lstat(path, &st) != 0)
			continue;
		if (S_ISLNK(st.st_mode)) {
			if (realpath(path, real) == NULL ||
			    stat(real, &st) != 0) {
				if (is_markdown(name))
					rc = found_add(l, path, "a symlink to "
					    "nothing", 0);
				continue;
			}
			if (!inside(real, root)) {
				if (is_markdown(name) || S_ISDIR(st.st_mode))
					rc = found_add(l, path, "a symlink "
					    "that leads out of the PATH given: "
					    "refused", 0);
				continue;
			}
			if (S_ISDIR(st.st_mode))
				continue;	/* reached by its own path */
		}
		if (S_ISDIR(st.st_mode)) {
			if (depth >= WALK_DEPTH_MAX)
				rc = found_add(l, path, "directories nested "
				    "too deep", 0);
			else
				rc = walk(path, root, depth + 1, l);
		} else if (S_ISREG(st.st_mode) && is_markdown(name))
			rc = found_add(l, path, NULL,
			    strncmp(name, "_index.", 7) == 0);
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/*
 * Writes into out the media/ directory of a PATH: in it (when a
 * directory) or in the directory holding it, else in that one's parent.
 */
static void
media_dir_of(const char *arg, int is_dir, char *out, size_t outlen)
{
	char base[PATH_MAX], *slash;
	struct stat st;

	snprintf(base, sizeof(base), "%s", arg);
	if (!is_dir) {
		if ((slash = strrchr(base, '/')) != NULL)
			*slash = '\0';
		else
			snprintf(base, sizeof(base), ".");
	}
	snprintf(out, outlen, "%s/media", base);
	if (stat(out, &st) == 0 && S_ISDIR(st.st_mode))
		return;
	snprintf(out, outlen, "%s/../media", base);
}

/* Prints the line of a file. */
static void
report(const char *name, const struct import_result *r)
{
	switch (r->outcome) {
	case IMPORT_IMPORTED:
	case IMPORT_UPDATED:
		printf("%-9s %s → /blog/%s%s%s%s\n", r->outcome ==
		    IMPORT_IMPORTED ? "imported" : "updated", name, r->slug,
		    r->why[0] != '\0' ? " (" : "", r->why,
		    r->why[0] != '\0' ? ")" : "");
		break;
	case IMPORT_SKIPPED:
		printf("%-9s %s: %s\n", "skipped", name, r->why);
		break;
	default:
		if (r->line > 0)
			printf("%-9s %s:%zu: %s\n", "failed", name, r->line,
			    r->why);
		else
			printf("%-9s %s: %s\n", "failed", name, r->why);
		break;
	}
	fflush(stdout);
}

/* Imports the files of one PATH. Returns 0, or -1 if it cannot be read. */
static int
import_path(struct importer *im, const char *arg, struct tally *t)
{
	struct found_list l = { NULL, 0, 0 };
	struct import_result r;
	char root[PATH_MAX], media[PATH_MAX + 16];
	struct stat st;

	if (stat(arg, &st) != 0 || realpath(arg, root) == NULL) {
		printf("%-9s %s: %s\n", "failed", arg, strerror(errno));
		t->n[IMPORT_FAILED]++;
		return 0;
	}
	media_dir_of(arg, S_ISDIR(st.st_mode), media, sizeof(media));
	if (!S_ISDIR(st.st_mode)) {
		if (found_add(&l, arg, NULL, 0) != 0)
			return -1;
	} else if (walk(arg, root, 0, &l) != 0) {
		found_free(&l);
		return -1;
	}
	qsort(l.v, l.n, sizeof(*l.v), found_cmp);
	for (size_t i = 0; i < l.n; i++) {
		const struct found *f = &l.v[i];

		memset(&r, 0, sizeof(r));
		if (f->refused != NULL) {
			r.outcome = IMPORT_FAILED;
			snprintf(r.why, sizeof(r.why), "%s", f->refused);
		} else if (f->section) {
			r.outcome = IMPORT_SKIPPED;
			snprintf(r.why, sizeof(r.why), "a section page "
			    "(_index.md), not a post");
		} else
			import_post(im, f->path, f->path, media, &r);
		report(f->path, &r);
		t->n[r.outcome]++;
	}
	found_free(&l);
	return 0;
}

int
import_command(struct blogctl *b, int argc, char *argv[])
{
	struct importer im;
	struct tally t;
	char helper[PATH_MAX + 32];
	int first = 0, rc = 0;

	memset(&im, 0, sizeof(im));
	memset(&t, 0, sizeof(t));
	for (; first < argc && argv[first][0] == '-'; first++) {
		if (strcmp(argv[first], "--") == 0) {
			first++;
			break;
		}
		if (strcmp(argv[first], "--update") != 0) {
			fprintf(stderr, "blogctl: import: unknown option %s\n",
			    argv[first]);
			return EXIT_USAGE;
		}
		im.update = 1;
	}
	if (first == argc) {
		fputs("blogctl: import needs a PATH: a file or a directory\n",
		    stderr);
		return EXIT_USAGE;
	}
	im.b = b;
	if (zone_open(&im.zone, b->cfg.blog_timezone) != 0) {
		fprintf(stderr, "blogctl: [blog] timezone %s is not known\n",
		    b->cfg.blog_timezone);
		return EXIT_FAILURE;
	}
	sibling_path("blog-image", helper, sizeof(helper));
	if (image_init(helper) != 0)
		fprintf(stderr, "blogctl: warning: %s: %s; files with images "
		    "the blog lacks will fail\n", helper, strerror(errno));
	for (int i = first; i < argc && rc == 0; i++)
		rc = import_path(&im, argv[i], &t);
	printf("%llu imported, %llu updated, %llu skipped, %llu failed\n",
	    t.n[IMPORT_IMPORTED], t.n[IMPORT_UPDATED], t.n[IMPORT_SKIPPED],
	    t.n[IMPORT_FAILED]);
	import_free(&im);
	zone_close(&im.zone);
	slug_free();
	if (rc != 0)
		fputs("blogctl: import stopped: out of memory\n", stderr);
	return rc != 0 || t.n[IMPORT_FAILED] > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}

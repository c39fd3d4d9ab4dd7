/*
 * import_post: one file of ./blogctl import made a post (import.h): read,
 * checked as the post form checks, its images stored, then written in one
 * transaction. import.c finds the files and prints the report.
 */
#ifndef BLOGCTL_IMPORT_POST_H
#define BLOGCTL_IMPORT_POST_H

#include <stddef.h>

#include "../lib/zone.h"
#include "blogctl.h"

/* What became of a file. */
enum import_outcome {
	IMPORT_IMPORTED,
	IMPORT_UPDATED,
	IMPORT_SKIPPED,
	IMPORT_FAILED,
};

/* The slugs of this import so far, and the files that had them. */
struct import_seen {
	char **slug;
	char **file;
	size_t n, cap;
};

/* The ids of the tags this import has written, by name (sorted). */
struct import_tags {
	char **name;
	long long *id;
	size_t n, cap;
};

/* What one import shares across its files. */
struct importer {
	struct blogctl *b;
	struct zone zone;		/* [blog] timezone */
	int update;			/* --update: replace posts of a slug */
	struct import_seen seen;
	struct import_tags tags;
};

/* The outcome of one file, for its report line. */
struct import_result {
	enum import_outcome outcome;
	size_t line;			/* IMPORT_FAILED: 0 for the whole file */
	char why[512];			/* failed or skipped: why; else a note */
	char slug[160];			/* the post's, when known */
};

/*
 * Imports the file at path (shown as name), whose images are looked for
 * in media_dir (which may not exist). Fills *r. Nothing of a failed file
 * is left: its images newly stored are removed again.
 */
void import_post(struct importer *im, const char *path, const char *name,
    const char *media_dir, struct import_result *r);

/* Frees what im->seen and im->tags hold. */
void import_free(struct importer *im);

#endif

/*
 * validate: the migrations directory checked without a database, every
 * problem at once (./migrate validate): file names, numbering (no gaps, no
 * two files with one number), each file's sections and statements. The
 * reader (script.h) stops at a file's first problem, so a file gets one
 * line from it; the directory gets one per file. No output and no
 * database here: the command prints the report and compares checksums.
 */
#ifndef MIGRATE_VALIDATE_H
#define MIGRATE_VALIDATE_H

#include <stddef.h>

#include "../lib/buf.h"
#include "script.h"

struct arena;

/* A file whose name is a migration's. */
struct validate_file {
	struct script script;	/* version, name, path; the rest if read */
	int read;		/* its checksum is the file's */
	int parsed;		/* its sections and statements are fine */
	int duplicate;		/* another file has its number */
};

struct validate {
	const char *dir;
	struct validate_file *files;	/* valid names, by number, then name */
	size_t count;
	struct buf report;	/* one line per problem or warning */
	size_t problems;	/* lines that fail the check */
	size_t warnings;	/* lines that do not */
};

/*
 * Checks every file of directory path into v (memory from a; free
 * v->report with buf_free). Returns 0, or -1 when the directory cannot be
 * read (the reason, as the one problem, in v->report).
 */
int validate_dir(struct arena *a, const char *path, struct validate *v);

/*
 * Checks the numbering of v->files (sorted): appends a problem for each
 * number shared by several files and for each run of missing numbers from
 * 1 to the highest, and marks the duplicates.
 */
void validate_numbering(struct validate *v);

/*
 * Checks one file whose text was read into f->script (or could not be:
 * why, the reader's message). Appends its problem and warnings to v.
 */
void validate_file(struct validate *v, const struct validate_file *f,
    const char *why);

/*
 * Fills dir with the files that were read and whose numbers are unique,
 * for comparing with the version table (plan_build).
 */
void validate_scripts(struct arena *a, const struct validate *v,
    struct script_dir *dir);

#endif

/*
 * validate: the checks of ./migrate validate that need no database. Unlike
 * script_dir_read, which stops at the first problem because a command must
 * not run on a broken directory, this goes on and lists them all.
 */
#include "validate.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/arena.h"

/* Appends a problem line to v's report. */
static void
problem(struct validate *v, const char *line)
{
	buf_printf(&v->report, "%s\n", line);
	v->problems++;
}

/* Orders files by number, then name, for qsort. */
static int
file_compare(const void *x, const void *y)
{
	const struct validate_file *a = x, *b = y;

	if (a->script.version != b->script.version)
		return a->script.version < b->script.version ? -1 : 1;
	return strcmp(a->script.name, b->script.name);
}

/* Orders names as strcmp does, for qsort. */
static int
name_compare(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/*
 * Returns whether name looks meant as a migration without being read as
 * one: four digits and '_', but not ending in .sql.
 */
static int
looks_like_migration(const char *name)
{
	size_t len = strlen(name);

	if (len >= 4 && strcmp(name + len - 4, ".sql") == 0)
		return 0;
	return strspn(name, "0123456789") >= 4 &&
	    name[strspn(name, "0123456789")] == '_';
}

/*
 * Lists the entries of v->dir that are not hidden, sorted, into *names
 * and *count. Returns 0, or -1 with the reason in v->report.
 */
static int
list_names(struct arena *a, struct validate *v, char ***names, size_t *count)
{
	char **items = NULL, **grown;
	size_t cap = 0, n = 0;
	struct dirent *e;
	DIR *d;

	if ((d = opendir(v->dir)) == NULL) {
		buf_printf(&v->report, "%s: cannot open the migrations "
		    "directory: %s (run ./migrate at the project root, or name "
		    "the directory with --dir)\n", v->dir, strerror(errno));
		v->problems++;
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			grown = arena_alloc(a, cap * sizeof(*grown));
			if (n > 0)
				memcpy(grown, items, n * sizeof(*grown));
			items = grown;
		}
		items[n++] = arena_strdup(a, e->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(items, n, sizeof(*items), name_compare);
	*names = items;
	*count = n;
	return 0;
}

/* Keeps the entries named as migrations in v->files; reports the rest. */
static void
collect_files(struct arena *a, struct validate *v, char **names, size_t n)
{
	char why[512];
	size_t i, len;

	v->files = arena_calloc(a, n ? n : 1, sizeof(*v->files));
	for (i = 0; i < n; i++) {
		struct validate_file *f = &v->files[v->count];

		len = strlen(names[i]);
		if (looks_like_migration(names[i])) {
			buf_printf(&v->report, "%s/%s: warning: not read: a "
			    "migration's name ends in .sql\n", v->dir,
			    names[i]);
			v->warnings++;
			continue;
		}
		if (len < 4 || strcmp(names[i] + len - 4, ".sql") != 0)
			continue;
		if (script_parse_name(names[i], &f->script.version, why,
		    sizeof(why)) != 0) {
			buf_printf(&v->report, "%s/%s: %s\n", v->dir, names[i],
			    why);
			v->problems++;
			continue;
		}
		f->script.name = arena_strndup(a, names[i], len - 4);
		f->script.path = arena_printf(a, "%s/%s", v->dir, names[i]);
		v->count++;
	}
	if (v->count > 1)
		qsort(v->files, v->count, sizeof(*v->files), file_compare);
}

/* Returns the last component of path. */
static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Appends the problem of numbers from to to (from <= to) having no file. */
static void
report_gap(struct validate *v, unsigned from, unsigned to,
    const struct validate_file *before, const struct validate_file *after)
{
	if (from == to)
		buf_printf(&v->report, "%s: no migration numbered %04u",
		    v->dir, from);
	else
		buf_printf(&v->report, "%s: no migrations numbered %04u to "
		    "%04u", v->dir, from, to);
	if (before == NULL)
		buf_printf(&v->report, " (the first is %s): numbers start at "
		    "0001 and leave no gaps\n", base_name(after->script.path));
	else
		buf_printf(&v->report, " (between %s and %s): renumber the "
		    "files after the gap\n", base_name(before->script.path),
		    base_name(after->script.path));
	v->problems++;
}

void
validate_numbering(struct validate *v)
{
	const struct validate_file *prev = NULL;
	size_t i, j;

	for (i = 0; i < v->count; i = j) {
		struct validate_file *f = &v->files[i];
		unsigned expect = prev ? prev->script.version + 1 : 1;

		if (f->script.version > expect)
			report_gap(v, expect, f->script.version - 1, prev, f);
		for (j = i + 1; j < v->count &&
		    v->files[j].script.version == f->script.version; j++)
			continue;
		if (j - i > 1) {
			size_t k;

			buf_printf(&v->report, "%s: %zu files numbered %04u:",
			    v->dir, j - i, f->script.version);
			for (k = i; k < j; k++) {
				v->files[k].duplicate = 1;
				buf_printf(&v->report, "%s %s", k > i ? "," : "",
				    base_name(v->files[k].script.path));
			}
			buf_puts(&v->report, "; give all but one of them the "
			    "next free numbers\n");
			v->problems++;
		}
		prev = &v->files[j - 1];
	}
}

void
validate_file(struct validate *v, const struct validate_file *f,
    const char *why)
{
	const struct script *s = &f->script;

	if (why != NULL) {
		problem(v, why);
		return;
	}
	if (s->down.count == 0) {
		buf_printf(&v->report, "%s:%u: warning: the down section is "
		    "empty: a downgrade past %s removes its row and reverts "
		    "nothing\n", s->path, s->down.line, s->name);
		v->warnings++;
	}
}

int
validate_dir(struct arena *a, const char *path, struct validate *v)
{
	char err[4096], **names;
	size_t n, i;

	memset(v, 0, sizeof(*v));
	v->dir = arena_strdup(a, path);
	if (list_names(a, v, &names, &n) != 0)
		return -1;
	collect_files(a, v, names, n);
	validate_numbering(v);
	for (i = 0; i < v->count; i++) {
		struct validate_file *f = &v->files[i];
		int rc;

		rc = script_load(a, f->script.path, &f->script, err,
		    sizeof(err));
		f->read = f->script.checksum[0] != '\0';
		f->parsed = rc == 0;
		validate_file(v, f, rc == 0 ? NULL : err);
	}
	return 0;
}

void
validate_scripts(struct arena *a, const struct validate *v,
    struct script_dir *dir)
{
	size_t i;

	memset(dir, 0, sizeof(*dir));
	dir->path = v->dir;
	dir->scripts = arena_calloc(a, v->count ? v->count : 1,
	    sizeof(*dir->scripts));
	for (i = 0; i < v->count; i++)
		if (v->files[i].read && !v->files[i].duplicate)
			dir->scripts[dir->count++] = v->files[i].script;
}

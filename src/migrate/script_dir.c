/*
 * script_dir: the migrations directory: its NNNN_name.sql files listed,
 * ordered by number (two with one number refused), and read.
 */
#include "script.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/arena.h"

static int
script_compare(const void *x, const void *y)
{
	const struct script *a = x, *b = y;

	if (a->version != b->version)
		return a->version < b->version ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* Lists dir's migration files, named but not read. Returns 0 or -1. */
static int
dir_list(struct arena *a, struct script_dir *dir, char *err, size_t errlen)
{
	struct script *items = NULL, *grown;
	size_t cap = 0;
	struct dirent *e;
	char why[512];
	DIR *d;

	if ((d = opendir(dir->path)) == NULL) {
		snprintf(err, errlen, "%s: cannot open the migrations "
		    "directory: %s (run ./migrate at the project root, or "
		    "name the directory with --dir)", dir->path,
		    strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		struct script s;
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.' || len < 4 ||
		    strcmp(e->d_name + len - 4, ".sql") != 0)
			continue;
		memset(&s, 0, sizeof(s));
		if (script_parse_name(e->d_name, &s.version, why,
		    sizeof(why)) != 0) {
			snprintf(err, errlen, "%s/%s: %s", dir->path,
			    e->d_name, why);
			closedir(d);
			return -1;
		}
		s.name = arena_strndup(a, e->d_name, len - 4);
		s.path = arena_printf(a, "%s/%s", dir->path, e->d_name);
		if (dir->count == cap) {
			cap = cap ? cap * 2 : 16;
			grown = arena_alloc(a, cap * sizeof(*grown));
			if (dir->count > 0)
				memcpy(grown, items,
				    dir->count * sizeof(*grown));
			items = grown;
		}
		items[dir->count++] = s;
	}
	closedir(d);
	dir->scripts = items;
	return 0;
}

int
script_dir_read(struct arena *a, const char *path, int names_only,
    struct script_dir *dir, char *err, size_t errlen)
{
	size_t i;

	memset(dir, 0, sizeof(*dir));
	dir->path = arena_strdup(a, path);
	if (dir_list(a, dir, err, errlen) != 0)
		return -1;
	if (dir->count > 1)
		qsort(dir->scripts, dir->count, sizeof(*dir->scripts),
		    script_compare);
	for (i = 1; i < dir->count; i++) {
		if (dir->scripts[i].version == dir->scripts[i - 1].version) {
			snprintf(err, errlen, "%s and %s have the same number "
			    "%u: give one of them the next free number",
			    dir->scripts[i - 1].path, dir->scripts[i].path,
			    dir->scripts[i].version);
			return -1;
		}
	}
	for (i = 0; i < dir->count && !names_only; i++)
		if (script_load(a, dir->scripts[i].path, &dir->scripts[i], err,
		    errlen) != 0)
			return -1;
	return 0;
}

const struct script *
script_dir_find(const struct script_dir *dir, unsigned version)
{
	size_t i;

	for (i = 0; i < dir->count; i++)
		if (dir->scripts[i].version == version)
			return &dir->scripts[i];
	return NULL;
}

/*
 * plan: the migration files against the version table. Decides what is
 * applied, pending, edited since, missing, out of order or dirty, and what
 * an upgrade or a downgrade would run; refuses, with the reason and what to
 * do next, when running it would not be safe. No database and no output
 * here: the runner reads the table and prints.
 */
#ifndef MIGRATE_PLAN_H
#define MIGRATE_PLAN_H

#include <stddef.h>

#include "../model/migration.h"
#include "script.h"

struct arena;
struct buf;

/* An applied migration: its row and its file. */
struct plan_applied {
	const struct migration *row;
	const struct script *file;	/* NULL: the file is missing */
	int changed;			/* the file's checksum is not the row's */
};

/* A migration file without a row. */
struct plan_pending {
	const struct script *file;
	int out_of_order;		/* numbered below the current version */
};

struct plan {
	const char *dir;		/* the migrations directory */
	struct plan_applied *applied;	/* in the order they were applied */
	size_t napplied;
	struct plan_pending *pending;	/* by version */
	size_t npending;
	unsigned current;		/* highest applied version, 0: none */
	const struct plan_applied *dirty; /* one left dirty, or NULL */
	size_t nchanged;
	size_t nmissing;
	size_t nout_of_order;
};

/* Fills p from the files of dir and the version table's rows. */
void plan_build(struct arena *a, const struct script_dir *dir,
    const struct migration *rows, size_t nrows, struct plan *p);

/* Returns the highest applied version below version, or 0. */
unsigned plan_previous(const struct plan *p, unsigned version);

/*
 * Appends what the dirty migration e went through and how to repair it,
 * naming the statement it stopped at and the ./migrate force to run after
 * (previous: the version the database is at without e).
 */
void plan_explain_dirty(const struct plan_applied *e, unsigned previous,
    struct buf *out);

/*
 * Chooses what an upgrade runs: the pending files up to target (every one
 * when has_target is 0), by version, into *list (from a) and *count.
 * Returns 0, or -1 with the reason it refuses in msg: a dirty migration,
 * an edited applied file, a pending file below the current version, a
 * target that is not a migration or is below the current version.
 */
int plan_upgrade(struct arena *a, const struct plan *p, int has_target,
    unsigned target, const struct script ***list, size_t *count,
    struct buf *msg);

/*
 * Chooses what a downgrade reverts: the applied migrations above target
 * (only the last one applied when has_target is 0), last applied first,
 * into *list and *count. Returns 0, or -1 with the reason it refuses in
 * msg: a dirty migration, a missing file to revert, a target that is not
 * 0 or an applied version, or is not below the current one.
 */
int plan_downgrade(struct arena *a, const struct plan *p, int has_target,
    unsigned target, const struct plan_applied ***list, size_t *count,
    struct buf *msg);

/*
 * Appends a warning for each section of s that MariaDB cannot apply
 * atomically (several DDL statements, or DDL mixed with data changes).
 * Returns how many it appended.
 */
size_t plan_warn_atomicity(const struct script *s, struct buf *out);

#endif

/*
 * plan: comparing files with rows and choosing the steps. Every refusal
 * names the migrations concerned and ends with what to run next.
 */
#include "plan.h"

#include <string.h>

#include "../lib/arena.h"
#include "../lib/buf.h"

void
plan_build(struct arena *a, const struct script_dir *dir,
    const struct migration *rows, size_t nrows, struct plan *p)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	p->dir = dir->path;
	p->applied = arena_calloc(a, nrows ? nrows : 1, sizeof(*p->applied));
	p->pending = arena_calloc(a, dir->count ? dir->count : 1,
	    sizeof(*p->pending));
	for (i = 0; i < nrows; i++) {
		struct plan_applied *e = &p->applied[p->napplied++];

		e->row = &rows[i];
		e->file = script_dir_find(dir, rows[i].version);
		e->changed = e->file != NULL &&
		    strcmp(e->file->checksum, rows[i].checksum) != 0;
		if (e->file == NULL)
			p->nmissing++;
		if (e->changed)
			p->nchanged++;
		if (rows[i].dirty && p->dirty == NULL)
			p->dirty = e;
		if (rows[i].version > p->current)
			p->current = rows[i].version;
	}
	for (i = 0; i < dir->count; i++) {
		const struct script *s = &dir->scripts[i];
		struct plan_pending *e;
		size_t j;

		for (j = 0; j < nrows; j++)
			if (rows[j].version == s->version)
				break;
		if (j < nrows)
			continue;
		e = &p->pending[p->npending++];
		e->file = s;
		e->out_of_order = s->version < p->current;
		if (e->out_of_order)
			p->nout_of_order++;
	}
}

unsigned
plan_previous(const struct plan *p, unsigned version)
{
	unsigned best = 0;
	size_t i;

	for (i = 0; i < p->napplied; i++) {
		unsigned v = p->applied[i].row->version;

		if (v < version && v > best)
			best = v;
	}
	return best;
}

void
plan_explain_dirty(const struct plan_applied *e, unsigned previous,
    struct buf *out)
{
	const struct migration *m = e->row;
	const struct script_section *section = NULL;
	int up = m->direction == MIGRATION_UP;

	if (e->file != NULL)
		section = up ? &e->file->up : &e->file->down;
	buf_printf(out, "%s is dirty: its %s ", m->name,
	    up ? "upgrade" : "downgrade");
	if (m->statements_done >= m->statements_total) {
		buf_printf(out, "ran all %u statements, but its end was not "
		    "recorded (connection lost?).\n", m->statements_total);
	} else {
		buf_printf(out, "stopped at statement %u of %u",
		    m->statements_done + 1, m->statements_total);
		if (section != NULL && m->statements_done < section->count)
			buf_printf(out, " (%s:%u)", e->file->path,
			    section->statements[m->statements_done].line);
		buf_puts(out, ".\n");
		if (m->statements_done == 1)
			buf_puts(out, "Statement 1 completed before it and "
			    "stays: ");
		else if (m->statements_done > 1)
			buf_printf(out, "Statements 1 to %u completed before it "
			    "and stay: ", m->statements_done);
		if (m->statements_done > 0)
			buf_puts(out, "MariaDB commits DDL at once, so nothing "
			    "was rolled back.\n");
	}
	buf_puts(out, "Repair the database by hand, then record where it "
	    "stands:\n");
	if (up)
		buf_printf(out, "  ./migrate force %u   if %s is now completely "
		    "applied\n  ./migrate force %u   if it is completely "
		    "undone", m->version, m->name, previous);
	else
		buf_printf(out, "  ./migrate force %u   if %s is now completely "
		    "reverted\n  ./migrate force %u   if it is completely "
		    "applied again", previous, m->name, m->version);
}

/* Returns the highest number among the files and the rows. */
static unsigned
plan_highest(const struct plan *p)
{
	unsigned high = p->current;
	size_t i;

	for (i = 0; i < p->npending; i++)
		if (p->pending[i].file->version > high)
			high = p->pending[i].file->version;
	return high;
}

/* Appends the refusal for applied files edited since. */
static void
refuse_changed(const struct plan *p, struct buf *msg)
{
	size_t i;

	buf_printf(msg, "upgrade refused: %zu applied migration%s changed "
	    "since %s applied:\n", p->nchanged, p->nchanged == 1 ? "" : "s",
	    p->nchanged == 1 ? "it was" : "they were");
	for (i = 0; i < p->napplied; i++)
		if (p->applied[i].changed)
			buf_printf(msg, "  %s (applied %s UTC)\n",
			    p->applied[i].file->path,
			    p->applied[i].row->applied_at);
	buf_printf(msg, "The database has what the files said then. Restore "
	    "the file%s (e.g. with git) and put the change in a new "
	    "migration (./migrate new NAME); if the edit changes nothing in "
	    "the database (comments, layout), accept the files as they are "
	    "with ./migrate force %u.", p->nchanged == 1 ? "" : "s",
	    p->current);
}

/* Appends the refusal for pending files below the current version. */
static void
refuse_out_of_order(const struct plan *p, struct buf *msg)
{
	unsigned high = plan_highest(p), next = high + 1;
	size_t i;

	buf_printf(msg, "upgrade refused: pending migration%s numbered below "
	    "the current version %u, which would break the order:\n",
	    p->nout_of_order == 1 ? "" : "s", p->current);
	for (i = 0; i < p->npending; i++) {
		const struct script *s = p->pending[i].file;
		const char *base = strrchr(s->path, '/');

		if (!p->pending[i].out_of_order)
			continue;
		base = base ? base + 1 : s->path;
		buf_printf(msg, "  %s: renumber it above %u, e.g. to "
		    "%.*s%04u%s.sql\n", s->path, high, (int)(base - s->path),
		    s->path, next++, strchr(s->name, '_'));
	}
	buf_printf(msg, "Or, if %s already in the database, record %s as "
	    "applied with ./migrate force %u.", p->nout_of_order == 1 ?
	    "its changes are" : "their changes are",
	    p->nout_of_order == 1 ? "it" : "them", p->current);
}

/* Appends the refusal for a dirty migration. */
static void
refuse_dirty(const struct plan *p, const char *command, struct buf *msg)
{
	buf_printf(msg, "%s refused: ", command);
	plan_explain_dirty(p->dirty, plan_previous(p, p->dirty->row->version),
	    msg);
}

int
plan_upgrade(struct arena *a, const struct plan *p, int has_target,
    unsigned target, const struct script ***list, size_t *count,
    struct buf *msg)
{
	const struct script **steps;
	size_t i;

	*list = NULL;
	*count = 0;
	if (p->dirty != NULL) {
		refuse_dirty(p, "upgrade", msg);
		return -1;
	}
	if (p->nchanged > 0) {
		refuse_changed(p, msg);
		return -1;
	}
	if (p->nout_of_order > 0) {
		refuse_out_of_order(p, msg);
		return -1;
	}
	if (has_target && target < p->current) {
		buf_printf(msg, "the database is at version %u, above %u: to "
		    "go back, run ./migrate downgrade %u", p->current, target,
		    target);
		return -1;
	}
	if (has_target && target > p->current) {
		for (i = 0; i < p->npending; i++)
			if (p->pending[i].file->version == target)
				break;
		if (i == p->npending) {
			buf_printf(msg, "no migration numbered %u to upgrade "
			    "to (./migrate status lists them)", target);
			return -1;
		}
	}
	steps = arena_calloc(a, p->npending ? p->npending : 1,
	    sizeof(*steps));
	for (i = 0; i < p->npending; i++)
		if (!has_target || p->pending[i].file->version <= target)
			steps[(*count)++] = p->pending[i].file;
	*list = steps;
	return 0;
}

/* Returns whether version has a row. */
static int
plan_is_applied(const struct plan *p, unsigned version)
{
	size_t i;

	for (i = 0; i < p->napplied; i++)
		if (p->applied[i].row->version == version)
			return 1;
	return 0;
}

int
plan_downgrade(struct arena *a, const struct plan *p, int has_target,
    unsigned target, const struct plan_applied ***list, size_t *count,
    struct buf *msg)
{
	const struct plan_applied **steps;
	size_t i, missing = 0;

	*list = NULL;
	*count = 0;
	if (p->dirty != NULL) {
		refuse_dirty(p, "downgrade", msg);
		return -1;
	}
	if (p->napplied == 0)
		return 0;
	if (!has_target)
		target = plan_previous(p,
		    p->applied[p->napplied - 1].row->version);
	else if (target >= p->current) {
		buf_printf(msg, "the database is at version %u, not above %u: "
		    "nothing to revert (to go forward, run ./migrate upgrade "
		    "%u)", p->current, target, target);
		return -1;
	} else if (target != 0 && !plan_is_applied(p, target)) {
		buf_printf(msg, "%u is not an applied version: downgrade to 0 "
		    "or to one of those ./migrate status lists as applied",
		    target);
		return -1;
	}
	steps = arena_calloc(a, p->napplied, sizeof(*steps));
	for (i = p->napplied; i-- > 0;) {
		if (p->applied[i].row->version <= target)
			continue;
		steps[(*count)++] = &p->applied[i];
		if (p->applied[i].file == NULL)
			missing++;
	}
	if (missing > 0) {
		buf_puts(msg, "downgrade refused: the down section of these "
		    "migrations is needed, and their files are missing:\n");
		for (i = 0; i < *count; i++)
			if (steps[i]->file == NULL)
				buf_printf(msg, "  %s/%s.sql\n", p->dir,
				    steps[i]->row->name);
		buf_printf(msg, "Restore them (e.g. with git), or revert their "
		    "changes by hand and record that with ./migrate force %u.",
		    target);
		*count = 0;
		return -1;
	}
	*list = steps;
	return 0;
}

size_t
plan_warn_atomicity(const struct script *s, struct buf *out)
{
	const struct script_section *sections[] = { &s->up, &s->down };
	const char *names[] = { "up", "down" };
	size_t i, ddl, data, n = 0;

	for (i = 0; i < 2; i++) {
		switch (script_risk(sections[i], &ddl, &data)) {
		case SCRIPT_ATOMIC:
			continue;
		case SCRIPT_MANY_DDL:
			buf_printf(out, "warning: %s: its %s section has %zu "
			    "DDL statements; MariaDB commits each at once, so "
			    "a failure between them leaves it half done "
			    "(dirty). One DDL statement per migration avoids "
			    "that.\n", s->name, names[i], ddl);
			break;
		case SCRIPT_MIXED:
			buf_printf(out, "warning: %s: its %s section mixes DDL "
			    "(%zu) with data changes (%zu); MariaDB commits "
			    "DDL at once, so they cannot succeed or fail "
			    "together. Separate migrations avoid that.\n",
			    s->name, names[i], ddl, data);
			break;
		}
		n++;
	}
	return n;
}

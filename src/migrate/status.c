/*
 * status: the state of the database against the migration files, as text
 * for people or as JSON for scripts. Reads only; takes no lock, but says
 * when another run holds it.
 */
#include "runner.h"

#include <stdio.h>
#include <string.h>

#include "../lib/json.h"

/* Returns a short word for an applied migration's state. */
static const char *
applied_state(const struct plan_applied *e)
{
	if (e->row->dirty)
		return "dirty";
	if (e->file == NULL)
		return "missing";
	if (e->changed)
		return "changed";
	return "ok";
}

/* Returns the widest migration name, for the columns of the text. */
static int
name_width(const struct plan *p)
{
	size_t i, w = 4;

	for (i = 0; i < p->napplied; i++)
		if (strlen(p->applied[i].row->name) > w)
			w = strlen(p->applied[i].row->name);
	for (i = 0; i < p->npending; i++)
		if (strlen(p->pending[i].file->name) > w)
			w = strlen(p->pending[i].file->name);
	return (int)w;
}

/* Appends the sentence about an applied migration that is not ok. */
static void
text_applied_note(const struct plan *p, const struct plan_applied *e,
    struct buf *out)
{
	if (e->row->dirty) {
		buf_puts(out, "\n");
		plan_explain_dirty(e, plan_previous(p, e->row->version), out);
		buf_puts(out, "\n");
	}
	if (e->file == NULL)
		buf_printf(out, "\n%s is applied but %s/%s.sql is missing: "
		    "restore it (e.g. with git) so that it can be reverted.\n",
		    e->row->name, p->dir, e->row->name);
	else if (e->changed)
		buf_printf(out, "\n%s changed since it was applied (checksum "
		    "%.12s... then, %.12s... now): upgrade refuses until it is "
		    "restored, or accepted with ./migrate force %u.\n",
		    e->file->path, e->row->checksum, e->file->checksum,
		    p->current);
}

/* Writes the state as text. */
static void
status_text(struct migrate_conn *s, const char *lock,
    const struct migration_lock_holder *holder)
{
	const struct plan *p = &s->plan;
	struct buf notes = { NULL, 0, 0 };
	int w = name_width(p);
	size_t i;

	printf("database %s: version %u%s\n", s->cfg.db_name, p->current,
	    p->dirty ? " (dirty)" : "");
	if (!s->table_exists)
		printf("no version table yet: ./migrate init or ./migrate "
		    "upgrade creates it\n");
	if (holder->connection != 0)
		printf("a ./migrate is running now: connection %llu holds "
		    "lock '%s'\n", holder->connection, lock);
	printf("\napplied:%s\n", p->napplied ? "" : " none");
	for (i = 0; i < p->napplied; i++) {
		const struct plan_applied *e = &p->applied[i];

		printf("  %-*s  %s UTC", w, e->row->name, e->row->applied_at);
		if (e->row->dirty && e->row->statements_done >=
		    e->row->statements_total)
			printf("  DIRTY: %s ran all %u statements, its end "
			    "not recorded", e->row->direction == MIGRATION_UP ?
			    "upgrade" : "downgrade", e->row->statements_total);
		else if (e->row->dirty)
			printf("  DIRTY: %s stopped at statement %u of %u",
			    e->row->direction == MIGRATION_UP ? "upgrade" :
			    "downgrade", e->row->statements_done + 1,
			    e->row->statements_total);
		else if (e->row->baseline)
			printf("  (baseline: not run)");
		else if (e->row->duration_ms < 0)
			printf("  (forced)");
		else
			printf("  %lld ms", e->row->duration_ms);
		if (e->file == NULL)
			printf("  FILE MISSING");
		else if (e->changed)
			printf("  CHANGED since applied");
		printf("\n");
		text_applied_note(p, e, &notes);
	}
	printf("\npending:%s\n", p->npending ? "" : " none");
	for (i = 0; i < p->npending; i++) {
		const struct plan_pending *e = &p->pending[i];

		if (e->out_of_order)
			printf("  %-*s  OUT OF ORDER: below the current "
			    "version\n", w, e->file->name);
		else
			printf("  %s\n", e->file->name);
		plan_warn_atomicity(e->file, &notes);
	}
	if (p->nout_of_order > 0)
		buf_printf(&notes, "\nupgrade refuses the pending migrations "
		    "numbered below %u: renumber them above the highest "
		    "number, or record them with ./migrate force %u if their "
		    "changes are in the database already.\n", p->current,
		    p->current);
	if (notes.len > 0)
		fputs(notes.data, stdout);
	buf_free(&notes);
}

/* Appends one applied migration as a JSON object. */
static void
json_applied(const struct plan *p, const struct plan_applied *e,
    struct buf *out)
{
	const struct migration *m = e->row;
	struct buf note = { NULL, 0, 0 };

	buf_printf(out, "{\"version\": %u, \"name\": ", m->version);
	json_string(out, m->name);
	buf_puts(out, ", \"file\": ");
	json_string_or_null(out, e->file ? e->file->path : NULL);
	buf_printf(out, ", \"state\": \"%s\", \"applied_at\": ",
	    applied_state(e));
	json_string(out, m->applied_at);
	if (m->duration_ms >= 0)
		buf_printf(out, ", \"duration_ms\": %lld", m->duration_ms);
	else
		buf_puts(out, ", \"duration_ms\": null");
	/* As read from the database: whatever it holds, escaped. */
	buf_puts(out, ", \"checksum\": ");
	json_string(out, m->checksum);
	buf_puts(out, ", \"file_checksum\": ");
	json_string_or_null(out, e->file ? e->file->checksum : NULL);
	buf_printf(out, ", \"baseline\": %s", m->baseline ? "true" : "false");
	buf_printf(out, ", \"dirty\": %s, \"direction\": \"%s\", "
	    "\"statements_done\": %u, \"statements_total\": %u",
	    m->dirty ? "true" : "false",
	    m->direction == MIGRATION_UP ? "up" : "down", m->statements_done,
	    m->statements_total);
	if (m->dirty) {
		plan_explain_dirty(e, plan_previous(p, m->version), &note);
		buf_puts(out, ", \"repair\": ");
		json_string(out, note.data);
	}
	buf_puts(out, "}");
	buf_free(&note);
}

/* Appends one pending migration as a JSON object. */
static void
json_pending(const struct plan_pending *e, struct buf *out)
{
	struct buf warnings = { NULL, 0, 0 };

	buf_printf(out, "{\"version\": %u, \"name\": ", e->file->version);
	json_string(out, e->file->name);
	buf_puts(out, ", \"file\": ");
	json_string(out, e->file->path);
	buf_puts(out, ", \"checksum\": ");
	json_string(out, e->file->checksum);
	buf_printf(out, ", \"statements\": %zu, \"out_of_order\": %s, "
	    "\"warnings\": ", e->file->up.count,
	    e->out_of_order ? "true" : "false");
	plan_warn_atomicity(e->file, &warnings);
	json_string(out, warnings.data ? warnings.data : "");
	buf_puts(out, "}");
	buf_free(&warnings);
}

/* Writes the state as one JSON object. */
static void
status_json(struct migrate_conn *s, const struct migration_lock_holder *holder)
{
	const struct plan *p = &s->plan;
	struct buf out = { NULL, 0, 0 };
	size_t i;

	buf_puts(&out, "{\"database\": ");
	json_string(&out, s->cfg.db_name);
	buf_printf(&out, ",\n \"version\": %u,\n \"dirty\": %s,\n"
	    " \"version_table\": %s,\n \"lock_holder\": ", p->current,
	    p->dirty ? "true" : "false", s->table_exists ? "true" : "false");
	if (holder->connection == 0)
		buf_puts(&out, "null");
	else
		buf_printf(&out, "%llu", holder->connection);
	buf_printf(&out, ",\n \"changed\": %zu,\n \"missing\": %zu,\n"
	    " \"out_of_order\": %zu,\n \"applied\": [", p->nchanged,
	    p->nmissing, p->nout_of_order);
	for (i = 0; i < p->napplied; i++) {
		buf_puts(&out, i ? ",\n  " : "\n  ");
		json_applied(p, &p->applied[i], &out);
	}
	buf_puts(&out, "],\n \"pending\": [");
	for (i = 0; i < p->npending; i++) {
		buf_puts(&out, i ? ",\n  " : "\n  ");
		json_pending(&p->pending[i], &out);
	}
	buf_puts(&out, "]}\n");
	fputs(out.data, stdout);
	buf_free(&out);
}

int
run_status(const struct migrate_options *opt)
{
	struct migration_lock_holder holder;
	struct migrate_conn s;
	char lock[80];
	int rc = 1;

	if (conn_open(&s, opt, CONN_SCRIPTS | CONN_DATABASE) != 0 ||
	    conn_read(&s, 0) != 0)
		goto out;
	migration_lock_name(s.cfg.db_name, lock, sizeof(lock));
	if (migration_lock_holder(s.mdb, lock, &holder) != 0) {
		migrate_error("%s", migration_db_error(s.mdb));
		goto out;
	}
	if (opt->json)
		status_json(&s, &holder);
	else
		status_text(&s, lock, &holder);
	rc = 0;
out:
	conn_close(&s);
	return rc;
}

/*
 * adopt: baseline, validate and repair, the commands for a database or a
 * directory that ./migrate did not make the usual way: a schema made by
 * other means recorded without running it, the files checked with no
 * database at all (in CI), and edited files accepted on purpose. The two
 * that write take the run lock, as upgrade does.
 */
#include "runner.h"

#include <stdio.h>
#include <string.h>

#include "validate.h"

/* Appends the numbers of dir's files, runs of them as "0001 to 0008". */
static void
append_versions(struct buf *out, const struct script_dir *dir)
{
	size_t i = 0, j;

	while (i < dir->count) {
		for (j = i; j + 1 < dir->count && dir->scripts[j + 1].version ==
		    dir->scripts[j].version + 1; j++)
			continue;
		buf_printf(out, "%s%04u", i > 0 ? ", " : "",
		    dir->scripts[i].version);
		if (j > i)
			buf_printf(out, "%s%04u", j == i + 1 ? ", " : " to ",
			    dir->scripts[j].version);
		i = j + 1;
	}
}

/* Refuses a baseline to version, which no file has. */
static void
refuse_unknown(const struct migrate_conn *s, unsigned version)
{
	struct buf msg = { NULL, 0, 0 };

	buf_printf(&msg, "baseline refused: no migration numbered %u in %s ",
	    version, s->dir.path);
	if (s->dir.count == 0)
		buf_puts(&msg, "(it has no migration files)");
	else {
		buf_puts(&msg, "(its files are numbered ");
		append_versions(&msg, &s->dir);
		buf_puts(&msg, ")");
	}
	migrate_error("%s", msg.data);
	buf_free(&msg);
}

/* Refuses a baseline on a version table that records migrations. */
static void
refuse_recorded(const struct migrate_conn *s)
{
	migrate_error("baseline refused: the version table records %zu "
	    "migration%s already (the database is at version %u%s). baseline "
	    "is for a database whose schema was made by other means, with no "
	    "migration recorded yet. ./migrate status shows what is recorded; "
	    "./migrate upgrade applies the rest, and ./migrate force VERSION "
	    "records another version by hand.", s->nrows,
	    s->nrows == 1 ? "" : "s", s->plan.current,
	    s->plan.dirty ? ", dirty" : "");
}

/*
 * Records the files up to version as applied, in one transaction.
 * Returns how many, or -1 after printing why not.
 */
static int
baseline_record(struct migrate_conn *s, unsigned version)
{
	struct migration m;
	size_t i;

	if (migration_begin(s->mdb) != 0)
		goto fail;
	for (i = 0; i < s->dir.count && s->dir.scripts[i].version <= version;
	    i++) {
		const struct script *f = &s->dir.scripts[i];

		memset(&m, 0, sizeof(m));
		m.version = f->version;
		snprintf(m.name, sizeof(m.name), "%s", f->name);
		snprintf(m.checksum, sizeof(m.checksum), "%s", f->checksum);
		m.statements_total = (unsigned)f->up.count;
		if (migration_baseline(s->mdb, &m) != 0) {
			migrate_error("%s; nothing was recorded",
			    migration_db_error(s->mdb));
			migration_rollback(s->mdb);
			return -1;
		}
	}
	if (migration_commit(s->mdb) == 0)
		return (int)i;
fail:
	migrate_error("%s", migration_db_error(s->mdb));
	return -1;
}

int
run_baseline(const struct migrate_options *opt)
{
	struct migrate_conn s;
	size_t pending;
	int rc = 1, n, i;

	if (conn_open(&s, opt, CONN_SCRIPTS | CONN_DATABASE) != 0)
		goto out;
	if (script_dir_find(&s.dir, opt->version) == NULL) {
		refuse_unknown(&s, opt->version);
		goto out;
	}
	if (conn_lock(&s) != 0 || conn_read(&s, 1) != 0)
		goto out;
	if (s.nrows > 0) {
		refuse_recorded(&s);
		goto out;
	}
	if ((n = baseline_record(&s, opt->version)) < 0)
		goto out;
	for (i = 0; i < n; i++)
		printf("recorded %s as applied, not run (baseline)\n",
		    s.dir.scripts[i].name);
	pending = s.dir.count - (size_t)n;
	printf("the database is recorded at version %u (baseline)",
	    opt->version);
	if (pending > 0)
		printf("; ./migrate upgrade applies the %zu after it\n",
		    pending);
	else
		printf("\n");
	rc = 0;
out:
	conn_close(&s);
	return rc;
}

/* Returns whether v has a file numbered version (even one set aside). */
static int
has_file(const struct validate *v, unsigned version)
{
	size_t i;

	for (i = 0; i < v->count; i++)
		if (v->files[i].script.version == version)
			return 1;
	return 0;
}

/* Prints what the version table says against the files; counts problems. */
static void
compare_rows(const struct migrate_conn *s, const struct validate *v,
    size_t *problems)
{
	const struct plan *p = &s->plan;
	size_t i, before = *problems;

	for (i = 0; i < p->napplied; i++) {
		const struct plan_applied *e = &p->applied[i];

		if (e->row->dirty) {
			printf("%s is dirty: ./migrate status says how far it "
			    "got and how to repair it\n", e->row->name);
			(*problems)++;
		}
		if (e->file == NULL && !has_file(v, e->row->version)) {
			printf("%s/%s.sql: applied %s UTC, but the file is "
			    "missing: restore it (e.g. with git)\n", v->dir,
			    e->row->name, e->row->applied_at);
			(*problems)++;
		} else if (e->changed) {
			printf("%s: changed since it was applied %s UTC "
			    "(checksum %s then, %s now): restore it, or, if "
			    "the edit changes nothing in the database, accept "
			    "it with ./migrate repair --yes\n", e->file->path,
			    e->row->applied_at, e->row->checksum,
			    e->file->checksum);
			(*problems)++;
		}
	}
	for (i = 0; i < p->npending; i++) {
		if (!p->pending[i].out_of_order)
			continue;
		printf("%s: pending, but numbered below the current version "
		    "%u: upgrade refuses it (./migrate status)\n",
		    p->pending[i].file->path, p->current);
		(*problems)++;
	}
	if (*problems == before)
		printf("database %s: %zu applied migration%s, each matching "
		    "its file\n", s->cfg.db_name, p->napplied,
		    p->napplied == 1 ? "" : "s");
}

/*
 * Compares v's files with the version table, when a database answers at
 * once; else says that only the files were checked. Returns 0, or -1
 * when a database answered and reading it failed.
 */
static int
validate_database(const struct migrate_options *opt, const struct validate *v,
    size_t *problems)
{
	struct migrate_conn s;
	char err[4096];
	int rc = -1;

	memset(&s, 0, sizeof(s));
	s.opt = opt;
	arena_init(&s.arena, 0);
	if (config_load(&s.cfg, err, sizeof(err)) != 0) {
		printf("checked the files only: the configuration cannot be "
		    "read (%s)\n", err);
		rc = 0;
		goto out;
	}
	config_use_migrate_account(&s.cfg);
	/* No --wait: a CI job without a server must not stall here. */
	if ((s.mdb = migration_db_open(&s.cfg, 1, 0, NULL, err,
	    sizeof(err))) == NULL) {
		printf("checked the files only: no database answered (%s)\n",
		    err);
		rc = 0;
		goto out;
	}
	validate_scripts(&s.arena, v, &s.dir);
	if (conn_read(&s, 0) != 0)
		goto out;
	if (!s.table_exists)
		printf("database %s: no version table, so no applied "
		    "migration to compare\n", s.cfg.db_name);
	else
		compare_rows(&s, v, problems);
	rc = 0;
out:
	conn_close(&s);
	return rc;
}

int
run_validate(const struct migrate_options *opt)
{
	struct validate v;
	struct arena a;
	size_t problems;
	int rc = 1;

	arena_init(&a, 0);
	if (validate_dir(&a, opt->dir, &v) != 0) {
		migrate_error("%.*s", (int)(v.report.len - 1), v.report.data);
		goto out;
	}
	if (v.report.len > 0)
		fputs(v.report.data, stdout);
	printf("%s: %zu migration file%s", v.dir, v.count,
	    v.count == 1 ? "" : "s");
	if (v.count > 0)
		printf(" (%04u to %04u)", v.files[0].script.version,
		    v.files[v.count - 1].script.version);
	printf(": %zu problem%s, %zu warning%s\n", v.problems,
	    v.problems == 1 ? "" : "s", v.warnings,
	    v.warnings == 1 ? "" : "s");
	problems = v.problems;
	fflush(stdout);
	if (validate_database(opt, &v, &problems) != 0)
		goto out;
	rc = problems > 0;
out:
	buf_free(&v.report);
	arena_free(&a);
	return rc;
}

/* Returns how many applied files are edited and clean (repair's work). */
static size_t
count_repairable(const struct plan *p)
{
	size_t i, n = 0;

	for (i = 0; i < p->napplied; i++)
		if (p->applied[i].changed && !p->applied[i].row->dirty)
			n++;
	return n;
}

/* Warns about the applied migrations repair leaves alone. */
static void
warn_unrepaired(const struct migrate_conn *s)
{
	size_t i;

	for (i = 0; i < s->plan.napplied; i++) {
		const struct plan_applied *e = &s->plan.applied[i];

		if (e->row->dirty)
			migrate_error("warning: %s is dirty: repair leaves it "
			    "(./migrate status says how to repair it; "
			    "./migrate force records that)", e->row->name);
		else if (e->file == NULL)
			migrate_error("warning: %s is applied but %s/%s.sql is "
			    "missing: there is no checksum to re-record "
			    "(restore it, e.g. with git)", e->row->name,
			    s->dir.path, e->row->name);
	}
}

/* Re-records every repairable checksum in one transaction; 0 or -1. */
static int
repair_record(struct migrate_conn *s)
{
	size_t i;

	if (migration_begin(s->mdb) != 0)
		goto fail;
	for (i = 0; i < s->plan.napplied; i++) {
		const struct plan_applied *e = &s->plan.applied[i];

		if (!e->changed || e->row->dirty)
			continue;
		if (migration_rechecksum(s->mdb, e->row->version,
		    e->row->checksum, e->file->checksum) != 0) {
			migrate_error("%s; nothing was re-recorded",
			    migration_db_error(s->mdb));
			migration_rollback(s->mdb);
			return -1;
		}
	}
	if (migration_commit(s->mdb) == 0)
		return 0;
fail:
	migrate_error("%s", migration_db_error(s->mdb));
	return -1;
}

int
run_repair(const struct migrate_options *opt)
{
	struct migrate_conn s;
	size_t i, n;
	int rc = 1;

	if (conn_open(&s, opt, CONN_SCRIPTS | CONN_DATABASE) != 0 ||
	    (opt->yes && conn_lock(&s) != 0) || conn_read(&s, 0) != 0)
		goto out;
	warn_unrepaired(&s);
	if ((n = count_repairable(&s.plan)) == 0) {
		printf("nothing to repair: no applied migration's file changed "
		    "since it was applied\n");
		rc = 0;
		goto out;
	}
	if (opt->yes && repair_record(&s) != 0)
		goto out;
	for (i = 0; i < s.plan.napplied; i++) {
		const struct plan_applied *e = &s.plan.applied[i];

		if (e->changed && !e->row->dirty)
			printf("%s %s: checksum %s -> %s\n", opt->yes ?
			    "re-recorded" : "would re-record", e->file->path,
			    e->row->checksum, e->file->checksum);
	}
	if (!opt->yes) {
		migrate_error("nothing was changed: ./migrate repair --yes "
		    "re-records %s, accepting the file%s as %s now. Do that "
		    "only if the edit changes nothing in the database "
		    "(comments, layout) or the database was changed to match "
		    "by hand; else restore the file%s and write a new "
		    "migration.", n == 1 ? "it" : "them", n == 1 ? "" : "s",
		    n == 1 ? "it is" : "they are", n == 1 ? "" : "s");
		goto out;
	}
	printf("%zu checksum%s re-recorded: upgrade accepts %s as %s now\n",
	    n, n == 1 ? "" : "s", n == 1 ? "the file" : "the files",
	    n == 1 ? "it is" : "they are");
	rc = 0;
out:
	conn_close(&s);
	return rc;
}

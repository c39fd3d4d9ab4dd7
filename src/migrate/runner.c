/*
 * runner: init, new, upgrade, downgrade and force. A migration's statements
 * go to the server one at a time (migration_run_sql, never the
 * multi-statement mode), and the version table is written before, between
 * and after them, so that a failure leaves a row that says exactly how far
 * it got. A dry run takes the same path with every statement printed
 * instead of run.
 */
#include "runner.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A migration being applied or reverted, and what its row should say. */
struct step {
	const struct script *file;
	const char *section;		/* "up" or "down" */
	const struct script_section *statements;
	struct migration row;		/* the state its row should show */
	unsigned previous;		/* the version without this migration */
	long long started_ms;
};

/*
 * Appends a statement for the dry run: after its place in the file, and
 * between DELIMITER lines when it holds a ';', so that the output is what
 * the mariadb client would run.
 */
static void
dry_statement(struct buf *out, const struct script *file,
    const struct script_statement *st)
{
	static const char *const delimiters[] = { "$$", "//", "@@", "$$$$" };
	size_t i;

	buf_printf(out, "-- %s:%u\n", file->path, st->line);
	if (strchr(st->sql, ';') == NULL) {
		buf_printf(out, "%s;\n", st->sql);
		return;
	}
	for (i = 0; i + 1 < sizeof(delimiters) / sizeof(delimiters[0]); i++)
		if (strstr(st->sql, delimiters[i]) == NULL)
			break;
	buf_printf(out, "DELIMITER %s\n%s%s\nDELIMITER ;\n", delimiters[i],
	    st->sql, delimiters[i]);
}

/*
 * Reports that step failed at its current statement: why, then the state
 * it left and how to repair it. recorded is whether the version table
 * shows that state. Returns -1.
 */
static int
step_failed(struct migrate_conn *s, struct step *step, const char *why,
    int recorded)
{
	struct plan_applied e = { &step->row, step->file, 0 };
	struct buf msg = { NULL, 0, 0 };

	if (!s->opt->dry_run) {
		puts("FAILED");
		fflush(stdout);
	}
	buf_printf(&msg, "%s\n", why);
	if (!recorded)
		buf_puts(&msg, "The version table could not be updated either: "
		    "until it can, it may show an earlier statement.\n");
	plan_explain_dirty(&e, step->previous, &msg);
	migrate_error("%s", msg.data);
	buf_free(&msg);
	return -1;
}

/* Runs (or, in a dry run, prints) the statements of step, counting each. */
static int
step_statements(struct migrate_conn *s, struct step *step)
{
	const struct script_section *sec = step->statements;
	char why[4096];
	size_t k;

	for (k = 0; k < sec->count; k++) {
		const struct script_statement *st = &sec->statements[k];

		if (s->opt->dry_run) {
			dry_statement(&s->dry_run, step->file, st);
		} else if (migration_run_sql(s->mdb, st->sql, st->len) != 0) {
			snprintf(why, sizeof(why), "%s:%u: statement %zu of "
			    "%zu of the %s section failed: %s",
			    step->file->path, st->line, k + 1, sec->count,
			    step->section, migration_db_error(s->mdb));
			return step_failed(s, step, why, 1);
		}
		step->row.statements_done = (unsigned)k + 1;
		if (migration_progress(s->mdb, step->row.version,
		    step->row.statements_done) != 0)
			return step_failed(s, step,
			    migration_db_error(s->mdb), 0);
	}
	return 0;
}

/* Starts the progress line of a migration. */
static void
step_begin(struct migrate_conn *s, struct step *step, const char *label)
{
	step->started_ms = migrate_now_ms();
	if (s->opt->dry_run) {
		buf_printf(&s->dry_run, "\n-- %s%s: %s\n", step->file->name,
		    label, step->file->path);
		return;
	}
	printf("%s%s ... ", step->file->name, label);
	fflush(stdout);
}

/* Ends the progress line of a migration. */
static void
step_end(struct migrate_conn *s, struct step *step)
{
	if (!s->opt->dry_run)
		printf("ok (%lld ms)\n", migrate_now_ms() - step->started_ms);
}

/* Applies file, recorded dirty before and clean after. Returns 0 or -1. */
static int
apply(struct migrate_conn *s, const struct script *file, unsigned previous)
{
	struct step step;

	memset(&step, 0, sizeof(step));
	step.file = file;
	step.section = "up";
	step.statements = &file->up;
	step.previous = previous;
	step.row.version = file->version;
	snprintf(step.row.name, sizeof(step.row.name), "%s", file->name);
	snprintf(step.row.checksum, sizeof(step.row.checksum), "%s",
	    file->checksum);
	step.row.dirty = 1;
	step.row.direction = MIGRATION_UP;
	step.row.statements_total = (unsigned)file->up.count;

	step_begin(s, &step, "");
	if (migration_start_up(s->mdb, &step.row) != 0) {
		if (!s->opt->dry_run)
			puts("FAILED");
		migrate_error("%s; nothing of %s was run",
		    migration_db_error(s->mdb), file->name);
		return -1;
	}
	if (step_statements(s, &step) != 0)
		return -1;
	if (migration_finish_up(s->mdb, file->version) != 0)
		return step_failed(s, &step, migration_db_error(s->mdb), 0);
	step_end(s, &step);
	return 0;
}

/* Reverts e with its file's down section; its row goes. Returns 0 or -1. */
static int
revert(struct migrate_conn *s, const struct plan_applied *e)
{
	struct step step;

	memset(&step, 0, sizeof(step));
	step.file = e->file;
	step.section = "down";
	step.statements = &e->file->down;
	step.previous = plan_previous(&s->plan, e->row->version);
	step.row = *e->row;
	step.row.dirty = 1;
	step.row.direction = MIGRATION_DOWN;
	step.row.statements_done = 0;
	step.row.statements_total = (unsigned)e->file->down.count;

	step_begin(s, &step, " (down)");
	if (migration_start_down(s->mdb, e->row->version,
	    step.row.statements_total) != 0) {
		if (!s->opt->dry_run)
			puts("FAILED");
		migrate_error("%s; nothing of %s's down section was run",
		    migration_db_error(s->mdb), e->row->name);
		return -1;
	}
	if (step_statements(s, &step) != 0)
		return -1;
	if (migration_remove(s->mdb, e->row->version) != 0)
		return step_failed(s, &step, migration_db_error(s->mdb), 0);
	step_end(s, &step);
	return 0;
}

/* Warns about applied migrations whose files are gone. */
static void
warn_missing(const struct migrate_conn *s)
{
	size_t i;

	for (i = 0; i < s->plan.napplied; i++)
		if (s->plan.applied[i].file == NULL)
			migrate_error("warning: %s is applied but %s/%s.sql is "
			    "missing (./migrate status shows the state)",
			    s->plan.applied[i].row->name, s->dir.path,
			    s->plan.applied[i].row->name);
}

/* Prints what the dry run collected, after a header saying what it is. */
static void
print_dry_run(const struct migrate_conn *s, const char *command, unsigned to)
{
	if (to == s->plan.current)
		printf("-- ./migrate %s --dry-run: nothing to do, the database "
		    "is at version %u.\n", command, to);
	else
		printf("-- ./migrate %s --dry-run: nothing was run. The "
		    "database is at version %u; this would take it to %u.\n",
		    command, s->plan.current, to);
	fputs(s->dry_run.data ? s->dry_run.data : "", stdout);
}

/*
 * Opens s for upgrade or downgrade: the files, the connection, the lock
 * (unless in a dry run, which changes nothing) and the version table,
 * created if missing. Returns 0, or -1 after printing why not.
 */
static int
open_for_change(struct migrate_conn *s, const struct migrate_options *opt)
{
	if (conn_open(s, opt, CONN_SCRIPTS | CONN_DATABASE) != 0 ||
	    (!opt->dry_run && conn_lock(s) != 0) || conn_read(s, 1) != 0)
		return -1;
	return 0;
}

/*
 * Ends upgrade or downgrade, which ran count migrations to version: prints
 * the dry run, or nothing (when count is 0) or where the database is now.
 */
static void
print_done(const struct migrate_conn *s, const char *command, size_t count,
    unsigned version, const char *nothing)
{
	if (s->opt->dry_run)
		print_dry_run(s, command, version);
	else if (count == 0)
		printf("%s\n", nothing);
	else
		printf("the database is at version %u\n", version);
}

int
run_upgrade(const struct migrate_options *opt)
{
	const struct script **list;
	struct buf msg = { NULL, 0, 0 };
	struct migrate_conn s;
	unsigned version;
	size_t count, i;
	int rc = 1;

	if (open_for_change(&s, opt) != 0)
		goto out;
	warn_missing(&s);
	if (plan_upgrade(&s.arena, &s.plan, opt->has_version, opt->version,
	    &list, &count, &msg) != 0) {
		migrate_error("%s", msg.data);
		goto out;
	}
	version = s.plan.current;
	for (i = 0; i < count; i++) {
		if (apply(&s, list[i], version) != 0)
			goto out;
		version = list[i]->version;
	}
	print_done(&s, "upgrade", count, version, arena_printf(&s.arena,
	    "nothing to upgrade: the database is at version %u", version));
	rc = 0;
out:
	buf_free(&msg);
	conn_close(&s);
	return rc;
}

int
run_downgrade(const struct migrate_options *opt)
{
	const struct plan_applied **list;
	struct buf msg = { NULL, 0, 0 };
	struct migrate_conn s;
	size_t count, i;
	unsigned version;
	int rc = 1;

	if (open_for_change(&s, opt) != 0)
		goto out;
	if (plan_downgrade(&s.arena, &s.plan, opt->has_version, opt->version,
	    &list, &count, &msg) != 0) {
		migrate_error("%s", msg.data);
		goto out;
	}
	for (i = 0; i < count; i++)
		if (list[i]->changed)
			migrate_error("warning: %s changed since it was "
			    "applied: its down section as it is now will run",
			    list[i]->file->path);
	for (i = 0; i < count; i++)
		if (revert(&s, list[i]) != 0)
			goto out;
	version = count > 0 ? plan_previous(&s.plan,
	    list[count - 1]->row->version) : s.plan.current;
	print_done(&s, "downgrade", count, version,
	    "nothing to downgrade: no migration is applied");
	rc = 0;
out:
	buf_free(&msg);
	conn_close(&s);
	return rc;
}

/* Returns the row of version, or NULL. */
static const struct plan_applied *
find_applied(const struct plan *p, unsigned version)
{
	size_t i;

	for (i = 0; i < p->napplied; i++)
		if (p->applied[i].row->version == version)
			return &p->applied[i];
	return NULL;
}

/*
 * Records file (or, without one, the row e as it is) as applied and clean
 * when its row is missing, dirty or has another checksum. Returns 1 when
 * it wrote, 0 when there was nothing to do, -1 on failure.
 */
static int
force_one(struct migrate_conn *s, const struct script *file,
    const struct plan_applied *e)
{
	struct migration m;
	const char *was;

	if (e != NULL && !e->row->dirty && !e->changed)
		return 0;
	if (e == NULL)
		was = "not recorded before";
	else if (e->row->dirty)
		was = "was dirty";
	else
		was = "its file had changed";
	if (file != NULL) {
		memset(&m, 0, sizeof(m));
		m.version = file->version;
		snprintf(m.name, sizeof(m.name), "%s", file->name);
		snprintf(m.checksum, sizeof(m.checksum), "%s", file->checksum);
		m.statements_total = (unsigned)file->up.count;
	} else {
		m = *e->row;
		m.statements_total = e->row->direction == MIGRATION_UP ?
		    e->row->statements_total : 0;
	}
	if (migration_force(s->mdb, &m) != 0)
		return -1;
	printf("recorded %s as applied (%s)\n", m.name, was);
	return 1;
}

int
run_force(const struct migrate_options *opt)
{
	unsigned v = opt->version;
	size_t i, changes = 0;
	struct migrate_conn s;
	int rc = 1, n;

	if (conn_open(&s, opt, CONN_SCRIPTS | CONN_DATABASE) != 0 ||
	    conn_lock(&s) != 0 || conn_read(&s, 1) != 0)
		goto out;
	if (v != 0 && script_dir_find(&s.dir, v) == NULL &&
	    find_applied(&s.plan, v) == NULL) {
		migrate_error("no migration numbered %u: neither a file in %s "
		    "nor a row of the version table", v, s.dir.path);
		goto out;
	}
	for (i = 0; i < s.plan.napplied; i++) {
		if (s.plan.applied[i].row->version > v) {
			printf("removed %s from the version table%s\n",
			    s.plan.applied[i].row->name,
			    s.plan.applied[i].row->dirty ? " (was dirty)" : "");
			changes++;
		}
	}
	if (changes > 0 && migration_remove_above(s.mdb, v) != 0)
		goto fail;
	for (i = 0; i < s.dir.count && s.dir.scripts[i].version <= v; i++) {
		n = force_one(&s, &s.dir.scripts[i], find_applied(&s.plan,
		    s.dir.scripts[i].version));
		if (n < 0)
			goto fail;
		changes += (size_t)n;
	}
	for (i = 0; i < s.plan.napplied; i++) {
		const struct plan_applied *e = &s.plan.applied[i];

		if (e->file != NULL || e->row->version > v)
			continue;
		if ((n = force_one(&s, NULL, e)) < 0)
			goto fail;
		changes += (size_t)n;
	}
	if (changes == 0)
		printf("nothing to record: the database is at version %u, "
		    "clean\n", v);
	else
		printf("the database is recorded at version %u, clean\n", v);
	rc = 0;
	goto out;
fail:
	migrate_error("%s", migration_db_error(s.mdb));
out:
	conn_close(&s);
	return rc;
}

int
run_init(const struct migrate_options *opt)
{
	struct migration_database info;
	struct migrate_conn s;
	int rc = 1;

	if (conn_open(&s, opt, CONN_SERVER) != 0)
		goto out;
	if (migration_database_create(s.mdb, s.cfg.db_name, &info) != 0 ||
	    migration_table_create(s.mdb) != 0) {
		migrate_error("%s", migration_db_error(s.mdb));
		goto out;
	}
	if (info.created)
		printf("created database %s (utf8mb4, utf8mb4_unicode_ci)\n",
		    s.cfg.db_name);
	else
		printf("database %s exists (%s, %s)\n", s.cfg.db_name,
		    info.charset, info.collation);
	if (strcmp(info.collation, "utf8mb4_unicode_ci") != 0)
		migrate_error("warning: database %s defaults to %s, not "
		    "utf8mb4_unicode_ci: tables that name no collation get "
		    "it. ALTER DATABASE `%s` CHARACTER SET utf8mb4 COLLATE "
		    "utf8mb4_unicode_ci changes the default for new tables.",
		    s.cfg.db_name, info.collation, s.cfg.db_name);
	printf("version table %s ready\n", MIGRATION_TABLE);
	rc = 0;
out:
	conn_close(&s);
	return rc;
}

/* The text of a new migration; %s is its name. */
static const char new_template[] =
    "-- %s: what this migration changes, and why.\n"
    "--\n"
    "-- MariaDB commits each DDL statement (CREATE, ALTER, DROP, ...) at\n"
    "-- once: a migration with several, or with DDL and data changes, cannot\n"
    "-- be undone as a whole when it fails halfway. One DDL statement each\n"
    "-- keeps every step atomic. Statements end with ';'; for a trigger or a\n"
    "-- procedure, switch with DELIMITER $$ and back with DELIMITER ;\n"
    "\n"
    "-- migrate:up\n"
    "\n"
    "\n"
    "-- migrate:down\n"
    "\n";

/* Warns about the newest migration before the one being created. */
static void
warn_previous(struct migrate_conn *s)
{
	struct buf msg = { NULL, 0, 0 };
	struct script last;
	char err[1024];

	if (s->dir.count == 0)
		return;
	if (script_load(&s->arena, s->dir.scripts[s->dir.count - 1].path,
	    &last, err, sizeof(err)) != 0)
		migrate_error("warning: %s", err);
	else if (plan_warn_atomicity(&last, &msg) > 0)
		fputs(msg.data, stderr);
	buf_free(&msg);
}

int
run_new(const struct migrate_options *opt)
{
	char err[4096], *path;
	struct migrate_conn s;
	unsigned next = 1;
	struct stat st;
	int fd, rc = 1;
	FILE *f;

	if (conn_open(&s, opt, 0) != 0)
		goto out;
	if (stat(opt->dir, &st) != 0 && errno == ENOENT) {
		if (mkdir(opt->dir, 0755) != 0) {
			migrate_error("%s: cannot create the directory: %s",
			    opt->dir, strerror(errno));
			goto out;
		}
		printf("created directory %s\n", opt->dir);
	}
	if (script_dir_read(&s.arena, opt->dir, 1, &s.dir, err,
	    sizeof(err)) != 0) {
		migrate_error("%s", err);
		goto out;
	}
	if (s.dir.count > 0)
		next = s.dir.scripts[s.dir.count - 1].version + 1;
	path = arena_printf(&s.arena, "%s/%04u_%s.sql", opt->dir, next,
	    opt->name);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644)) < 0) {
		migrate_error("%s: cannot create: %s%s", path, strerror(errno),
		    errno == EEXIST ? " (not overwritten)" : "");
		goto out;
	}
	if ((f = fdopen(fd, "w")) == NULL) {
		close(fd);
		migrate_error("%s: %s", path, strerror(errno));
		goto out;
	}
	fprintf(f, new_template, strrchr(path, '/') + 1);
	if (fclose(f) != 0) {
		migrate_error("%s: cannot write: %s", path, strerror(errno));
		goto out;
	}
	printf("created %s\n", path);
	warn_previous(&s);
	rc = 0;
out:
	conn_close(&s);
	return rc;
}

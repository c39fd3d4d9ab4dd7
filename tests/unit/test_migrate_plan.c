/*
 * Tests src/migrate/plan.c: what is applied, pending, edited, missing, out
 * of order or dirty, what upgrade and downgrade choose, and that every
 * refusal names the migration and says what to run next. The version
 * table's rows are made up here; the files are parsed from text.
 *
 * src/migrate/ is a program, not one of the layers the Makefile archives
 * for tests, so this test compiles the modules itself.
 */
#include <stdio.h>
#include <string.h>

#include "../../src/lib/arena.h"
#include "../../src/lib/buf.h"
#include "../../src/migrate/plan.h"
#include "../../src/migrate/script.h"
#include "test.h"

#define MAX_FILES 8

static struct arena arena;
static struct script files[MAX_FILES];
static struct script_dir dir;
static struct migration rows[MAX_FILES];
static size_t nrows;
static struct plan plan;
static struct buf msg;

/* Adds the file dir/NNNN_name.sql with the given up section. */
static void
add_file(const char *name, const char *up_section)
{
	char path[256], text[1024], err[512];

	snprintf(path, sizeof(path), "m/%s.sql", name);
	snprintf(text, sizeof(text), "-- migrate:up\n%s\n-- migrate:down\n"
	    "SELECT 'down';\n", up_section);
	if (script_parse(&arena, path, text, strlen(text), &files[dir.count],
	    err, sizeof(err)) != 0)
		fprintf(stderr, "add_file: %s\n", err);
	dir.count++;
}

/* Adds a clean row for the file numbered version, as it is now. */
static struct migration *
add_row(unsigned version)
{
	const struct script *s = script_dir_find(&dir, version);
	struct migration *m = &rows[nrows++];

	memset(m, 0, sizeof(*m));
	m->version = version;
	snprintf(m->name, sizeof(m->name), "%s", s ? s->name : "0000_gone");
	snprintf(m->checksum, sizeof(m->checksum), "%s",
	    s ? s->checksum : "0");
	snprintf(m->applied_at, sizeof(m->applied_at), "2024-01-01 00:00:0%u",
	    version % 10);
	m->duration_ms = 5;
	m->statements_done = m->statements_total = s ? (unsigned)s->up.count :
	    1;
	return m;
}

/* Starts each test with three files, 1 to 3, and no rows. */
static void
setup(void)
{
	memset(&dir, 0, sizeof(dir));
	dir.path = "m";
	dir.scripts = files;
	nrows = 0;
	buf_clear(&msg);
	add_file("0001_one", "CREATE TABLE one (x INT);");
	add_file("0002_two", "CREATE TABLE two (x INT);\n"
	    "INSERT INTO two VALUES (1);\nSELECT 'third';");
	add_file("0003_three", "CREATE TABLE three (x INT);");
}

static void
build(void)
{
	plan_build(&arena, &dir, rows, nrows, &plan);
}

static void
test_fresh_database_has_everything_pending(void)
{
	const struct script **list;
	size_t n;

	setup();
	build();
	CHECK_INT(plan.current, 0);
	CHECK_INT(plan.napplied, 0);
	CHECK_INT(plan.npending, 3);
	CHECK_INT(plan_upgrade(&arena, &plan, 0, 0, &list, &n, &msg), 0);
	CHECK_INT(n, 3);
	CHECK_INT(list[0]->version, 1);
	CHECK_INT(list[2]->version, 3);
}

static void
test_upgrade_to_a_version_stops_there(void)
{
	const struct script **list;
	size_t n;

	setup();
	add_row(1);
	build();
	CHECK_INT(plan.current, 1);
	CHECK_INT(plan_upgrade(&arena, &plan, 1, 2, &list, &n, &msg), 0);
	CHECK_INT(n, 1);
	CHECK_INT(list[0]->version, 2);
	CHECK_INT(plan_upgrade(&arena, &plan, 1, 1, &list, &n, &msg), 0);
	CHECK_INT(n, 0);
}

static void
test_upgrade_refuses_bad_targets(void)
{
	const struct script **list;
	size_t n;

	setup();
	add_row(1);
	add_row(2);
	build();
	CHECK_INT(plan_upgrade(&arena, &plan, 1, 1, &list, &n, &msg), -1);
	CHECK_STR(msg.data, "the database is at version 2, above 1: to go "
	    "back, run ./migrate downgrade 1");
	buf_clear(&msg);
	CHECK_INT(plan_upgrade(&arena, &plan, 1, 7, &list, &n, &msg), -1);
	CHECK(strstr(msg.data, "no migration numbered 7") != NULL);
}

static void
test_dirty_migration_refuses_upgrade_and_downgrade(void)
{
	const struct plan_applied **back;
	const struct script **list;
	struct migration *m;
	size_t n;

	setup();
	add_row(1);
	m = add_row(2);
	m->dirty = 1;
	m->statements_done = 1;
	build();
	CHECK(plan.dirty != NULL && plan.dirty->row == m);
	CHECK_INT(plan_upgrade(&arena, &plan, 0, 0, &list, &n, &msg), -1);
	CHECK(strncmp(msg.data, "upgrade refused: 0002_two is dirty: its "
	    "upgrade stopped at statement 2 of 3 (m/0002_two.sql:3).\n"
	    "Statement 1 completed before it and stays: MariaDB commits DDL "
	    "at once", 153) == 0);
	CHECK(strstr(msg.data, "./migrate force 2   if 0002_two is now "
	    "completely applied") != NULL);
	CHECK(strstr(msg.data, "./migrate force 1   if it is completely "
	    "undone") != NULL);
	buf_clear(&msg);
	CHECK_INT(plan_downgrade(&arena, &plan, 0, 0, &back, &n, &msg), -1);
	CHECK(strncmp(msg.data, "downgrade refused: 0002_two is dirty", 36) ==
	    0);
}

static void
test_dirty_downgrade_suggests_both_ways(void)
{
	struct plan_applied e;
	struct migration m;

	setup();
	build();
	memset(&m, 0, sizeof(m));
	m.version = 3;
	snprintf(m.name, sizeof(m.name), "0003_three");
	m.dirty = 1;
	m.direction = MIGRATION_DOWN;
	m.statements_total = 1;
	e.row = &m;
	e.file = script_dir_find(&dir, 3);
	e.changed = 0;
	plan_explain_dirty(&e, 2, &msg);
	CHECK(strstr(msg.data, "its downgrade stopped at statement 1 of 1 "
	    "(m/0003_three.sql:4)") != NULL);
	CHECK(strstr(msg.data, "./migrate force 2   if 0003_three is now "
	    "completely reverted") != NULL);
	CHECK(strstr(msg.data, "./migrate force 3   if it is completely "
	    "applied again") != NULL);
}

static void
test_edited_applied_file_refuses_upgrade(void)
{
	const struct script **list;
	struct migration *m;
	size_t n;

	setup();
	add_row(1);
	m = add_row(2);
	snprintf(m->checksum, sizeof(m->checksum), "%064d", 0);
	build();
	CHECK_INT(plan.nchanged, 1);
	CHECK(plan.applied[1].changed);
	CHECK_INT(plan_upgrade(&arena, &plan, 0, 0, &list, &n, &msg), -1);
	CHECK(strstr(msg.data, "upgrade refused: 1 applied migration changed "
	    "since it was applied:\n  m/0002_two.sql (applied 2024-01-01 "
	    "00:00:02 UTC)\n") != NULL);
	CHECK(strstr(msg.data, "./migrate force 2.") != NULL);
}

static void
test_pending_below_current_is_refused_not_skipped(void)
{
	const struct script **list;
	size_t n;

	setup();
	add_row(1);
	add_row(3);
	build();
	CHECK_INT(plan.current, 3);
	CHECK_INT(plan.npending, 1);
	CHECK(plan.pending[0].out_of_order);
	CHECK_INT(plan_upgrade(&arena, &plan, 0, 0, &list, &n, &msg), -1);
	CHECK(strstr(msg.data, "m/0002_two.sql: renumber it above 3, e.g. "
	    "to m/0004_two.sql") != NULL);
	CHECK(strstr(msg.data, "./migrate force 3") != NULL);
}

static void
test_missing_file_is_counted(void)
{
	const struct plan_applied **back;
	size_t n;

	setup();
	add_row(1);
	add_row(4);		/* no file numbered 4 */
	build();
	CHECK_INT(plan.nmissing, 1);
	CHECK(plan.applied[1].file == NULL);
	CHECK_INT(plan_downgrade(&arena, &plan, 0, 0, &back, &n, &msg), -1);
	CHECK(strstr(msg.data, "their files are missing:\n  m/0000_gone.sql\n")
	    != NULL);
	CHECK_INT(n, 0);
}

static void
test_downgrade_reverts_last_applied_first(void)
{
	const struct plan_applied **back;
	size_t n;

	setup();
	add_row(1);
	add_row(2);
	add_row(3);
	build();
	CHECK_INT(plan_downgrade(&arena, &plan, 0, 0, &back, &n, &msg), 0);
	CHECK_INT(n, 1);
	CHECK_INT(back[0]->row->version, 3);
	CHECK_INT(plan_downgrade(&arena, &plan, 1, 1, &back, &n, &msg), 0);
	CHECK_INT(n, 2);
	CHECK_INT(back[0]->row->version, 3);
	CHECK_INT(back[1]->row->version, 2);
	CHECK_INT(plan_downgrade(&arena, &plan, 1, 0, &back, &n, &msg), 0);
	CHECK_INT(n, 3);
	CHECK_INT(back[2]->row->version, 1);
	CHECK_INT(plan_previous(&plan, 3), 2);
	CHECK_INT(plan_previous(&plan, 1), 0);
}

static void
test_downgrade_follows_the_order_of_application(void)
{
	const struct plan_applied **back;
	struct migration *m;
	size_t n;

	setup();
	add_row(1);
	add_row(3);
	m = add_row(2);		/* recorded last, e.g. by force */
	snprintf(m->applied_at, sizeof(m->applied_at), "2024-01-01 00:00:09");
	build();
	CHECK_INT(plan_downgrade(&arena, &plan, 1, 1, &back, &n, &msg), 0);
	CHECK_INT(n, 2);
	CHECK_INT(back[0]->row->version, 2);
	CHECK_INT(back[1]->row->version, 3);
}

static void
test_downgrade_refuses_bad_targets(void)
{
	const struct plan_applied **back;
	size_t n;

	setup();
	add_row(1);
	add_row(3);
	build();
	CHECK_INT(plan_downgrade(&arena, &plan, 1, 3, &back, &n, &msg), -1);
	CHECK(strstr(msg.data, "not above 3: nothing to revert") != NULL);
	buf_clear(&msg);
	CHECK_INT(plan_downgrade(&arena, &plan, 1, 2, &back, &n, &msg), -1);
	CHECK(strstr(msg.data, "2 is not an applied version") != NULL);
}

static void
test_nothing_applied_is_nothing_to_downgrade(void)
{
	const struct plan_applied **back;
	size_t n = 9;

	setup();
	build();
	CHECK_INT(plan_downgrade(&arena, &plan, 0, 0, &back, &n, &msg), 0);
	CHECK_INT(n, 0);
}

static void
test_atomicity_warnings(void)
{
	setup();
	CHECK_INT(plan_warn_atomicity(&files[0], &msg), 0);
	CHECK_INT(plan_warn_atomicity(&files[1], &msg), 1);
	CHECK(strstr(msg.data, "warning: 0002_two: its up section mixes DDL "
	    "(1) with data changes (1)") != NULL);
}

int
main(void)
{
	arena_init(&arena, 0);
	TEST_RUN(test_fresh_database_has_everything_pending);
	TEST_RUN(test_upgrade_to_a_version_stops_there);
	TEST_RUN(test_upgrade_refuses_bad_targets);
	TEST_RUN(test_dirty_migration_refuses_upgrade_and_downgrade);
	TEST_RUN(test_dirty_downgrade_suggests_both_ways);
	TEST_RUN(test_edited_applied_file_refuses_upgrade);
	TEST_RUN(test_pending_below_current_is_refused_not_skipped);
	TEST_RUN(test_missing_file_is_counted);
	TEST_RUN(test_downgrade_reverts_last_applied_first);
	TEST_RUN(test_downgrade_follows_the_order_of_application);
	TEST_RUN(test_downgrade_refuses_bad_targets);
	TEST_RUN(test_nothing_applied_is_nothing_to_downgrade);
	TEST_RUN(test_atomicity_warnings);
	buf_free(&msg);
	arena_free(&arena);
	return TEST_DONE();
}

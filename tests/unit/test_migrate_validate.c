/*
 * Tests src/migrate/validate.c, ./migrate validate's checks without a
 * database: the numbering (gaps, duplicates), each file's problem and
 * warnings, and a directory where every problem is listed, not only the
 * first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/lib/arena.h"
#include "../../src/lib/buf.h"
#include "../../src/migrate/validate.h"
#include "test.h"

static struct arena arena;

/* Returns whether v's report has the line line. */
static int
has_line(const struct validate *v, const char *line)
{
	const char *p = v->report.data;
	size_t n = strlen(line);

	while (p != NULL && (p = strstr(p, line)) != NULL) {
		if ((p == v->report.data || p[-1] == '\n') && p[n] == '\n')
			return 1;
		p += n;
	}
	return 0;
}

/* Makes v a directory "m" with files numbered as versions, named NNNN_f. */
static void
files_numbered(struct validate *v, const unsigned *versions, size_t n)
{
	size_t i;

	memset(v, 0, sizeof(*v));
	v->dir = "m";
	v->files = arena_calloc(&arena, n, sizeof(*v->files));
	for (i = 0; i < n; i++) {
		struct script *s = &v->files[i].script;

		s->version = versions[i];
		s->name = arena_printf(&arena, "%04u_f%zu", versions[i], i);
		s->path = arena_printf(&arena, "m/%s.sql", s->name);
	}
	v->count = n;
}

static void
test_numbering_without_gaps_or_duplicates_is_clean(void)
{
	const unsigned versions[] = { 1, 2, 3 };
	struct validate v;

	files_numbered(&v, versions, 3);
	validate_numbering(&v);
	CHECK_INT(v.problems, 0);
	CHECK_INT(v.report.len, 0);
	buf_free(&v.report);
}

static void
test_numbering_names_every_gap_and_duplicate(void)
{
	const unsigned versions[] = { 2, 3, 3, 6, 7, 7, 7 };
	struct validate v;

	files_numbered(&v, versions, 7);
	validate_numbering(&v);
	CHECK_INT(v.problems, 4);
	CHECK(has_line(&v, "m: no migration numbered 0001 (the first is "
	    "0002_f0.sql): numbers start at 0001 and leave no gaps"));
	CHECK(has_line(&v, "m: 2 files numbered 0003: 0003_f1.sql, "
	    "0003_f2.sql; give all but one of them the next free numbers"));
	CHECK(has_line(&v, "m: no migrations numbered 0004 to 0005 (between "
	    "0003_f2.sql and 0006_f3.sql): renumber the files after the gap"));
	CHECK(has_line(&v, "m: 3 files numbered 0007: 0007_f4.sql, "
	    "0007_f5.sql, 0007_f6.sql; give all but one of them the next "
	    "free numbers"));
	CHECK(!v.files[0].duplicate);
	CHECK(v.files[1].duplicate && v.files[2].duplicate);
	CHECK(!v.files[3].duplicate);
	CHECK(v.files[6].duplicate);
	buf_free(&v.report);
}

static void
test_file_problem_and_empty_down_warning(void)
{
	const unsigned versions[] = { 1 };
	struct validate v;

	files_numbered(&v, versions, 1);
	validate_file(&v, &v.files[0], "m/0001_f0.sql:3: something wrong");
	CHECK_INT(v.problems, 1);
	CHECK_INT(v.warnings, 0);
	CHECK(has_line(&v, "m/0001_f0.sql:3: something wrong"));

	v.files[0].script.up.count = 1;
	v.files[0].script.down.line = 4;
	validate_file(&v, &v.files[0], NULL);
	CHECK_INT(v.problems, 1);
	CHECK_INT(v.warnings, 1);
	CHECK(has_line(&v, "m/0001_f0.sql:4: warning: the down section is "
	    "empty: a downgrade past 0001_f0 removes its row and reverts "
	    "nothing"));
	buf_free(&v.report);
}

/* Writes text into dir/name. */
static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL) {
		CHECK(!"fopen");
		return;
	}
	fputs(text, f);
	fclose(f);
}

static void
test_directory_lists_every_problem(void)
{
	char dir[] = "/tmp/test_migrate_validate.XXXXXX", want[1024];
	const char *ok = "-- migrate:up\nSELECT 1;\n-- migrate:down\n"
	    "SELECT 2;\n";
	struct script_dir sd;
	struct validate v;

	if (mkdtemp(dir) == NULL) {
		CHECK(!"mkdtemp");
		return;
	}
	write_file(dir, "0001_one.sql", ok);
	write_file(dir, "0002_quote.sql", "-- migrate:up\nSELECT 1;\n"
	    "SELECT 'x;\n-- migrate:down\n");
	write_file(dir, "0002_again.sql", ok);
	write_file(dir, "0003_no_up.sql", "-- nothing here\n");
	write_file(dir, "0005_five.sql", ok);
	write_file(dir, "0006_Bad.sql", ok);
	write_file(dir, "0007_seven.sql~", ok);
	write_file(dir, "README.md", "not a migration");
	CHECK_INT(validate_dir(&arena, dir, &v), 0);
	CHECK_INT(v.count, 5);
	CHECK_INT(v.problems, 5);
	CHECK_INT(v.warnings, 1);
	snprintf(want, sizeof(want), "%s/0006_Bad.sql: bad migration file "
	    "name '0006_Bad.sql': 'B' in the name; want NNNN_name.sql: at "
	    "least 4 digits, '_', then lowercase letters, digits and '_'",
	    dir);
	CHECK(has_line(&v, want));
	snprintf(want, sizeof(want), "%s/0007_seven.sql~: warning: not read: "
	    "a migration's name ends in .sql", dir);
	CHECK(has_line(&v, want));
	snprintf(want, sizeof(want), "%s: 2 files numbered 0002: "
	    "0002_again.sql, 0002_quote.sql; give all but one of them the "
	    "next free numbers", dir);
	CHECK(has_line(&v, want));
	snprintf(want, sizeof(want), "%s: no migration numbered 0004 (between "
	    "0003_no_up.sql and 0005_five.sql): renumber the files after the "
	    "gap", dir);
	CHECK(has_line(&v, want));
	snprintf(want, sizeof(want), "%s/0002_quote.sql:3: unterminated "
	    "'...' string that starts here", dir);
	CHECK(has_line(&v, want));
	snprintf(want, sizeof(want), "%s/0003_no_up.sql:1: no "
	    "'-- migrate:up' line: a migration has an up section, then a "
	    "down section", dir);
	CHECK(has_line(&v, want));

	/* A file with a bad statement still has its checksum to compare. */
	CHECK(v.files[2].read && !v.files[2].parsed);
	CHECK_INT(strlen(v.files[2].script.checksum), 64);
	CHECK(v.files[0].read && v.files[0].parsed);
	/* Two files with one number are compared with nothing. */
	validate_scripts(&arena, &v, &sd);
	CHECK_INT(sd.count, 3);
	CHECK(script_dir_find(&sd, 2) == NULL);
	CHECK(script_dir_find(&sd, 3) != NULL);
	buf_free(&v.report);

	snprintf(want, sizeof(want), "rm -rf '%s'", dir);
	if (system(want) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

static void
test_unreadable_directory_is_the_one_problem(void)
{
	struct validate v;

	CHECK_INT(validate_dir(&arena, "/nonexistent/dir", &v), -1);
	CHECK_INT(v.problems, 1);
	CHECK(strstr(v.report.data, "/nonexistent/dir: cannot open the "
	    "migrations directory") != NULL);
	buf_free(&v.report);
}

int
main(void)
{
	arena_init(&arena, 0);
	TEST_RUN(test_numbering_without_gaps_or_duplicates_is_clean);
	TEST_RUN(test_numbering_names_every_gap_and_duplicate);
	TEST_RUN(test_file_problem_and_empty_down_warning);
	TEST_RUN(test_directory_lists_every_problem);
	TEST_RUN(test_unreadable_directory_is_the_one_problem);
	arena_free(&arena);
	return TEST_DONE();
}

/*
 * Tests src/migrate/script.c, the reader of migration files: splitting on
 * our own (quotes, comments, DELIMITER), sections, the lines errors name,
 * checksums that ignore CRLF and a BOM, file names and directories.
 *
 * src/migrate/ is a program, not one of the layers the Makefile archives
 * for tests, so this test compiles the module itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/lib/arena.h"
#include "../../src/migrate/script.h"
#include "test.h"

static struct arena arena;
static struct script s;
static char err[1024];

/* Parses text as the file m/0001_test.sql; returns script_parse's result. */
static int
parse(const char *text)
{
	err[0] = '\0';
	return script_parse(&arena, "m/0001_test.sql", text, strlen(text), &s,
	    err, sizeof(err));
}

/* Returns the up section's statement i, or "" when there is none. */
static const char *
up(size_t i)
{
	return i < s.up.count ? s.up.statements[i].sql : "";
}

static void
test_splits_sections_and_statements(void)
{
	CHECK_INT(parse("-- A comment first.\n"
	    "-- migrate:up\n"
	    "CREATE TABLE a (x INT);\n"
	    "INSERT INTO a VALUES (1);\n"
	    "\n"
	    "-- migrate:down\n"
	    "DROP TABLE a;\n"), 0);
	CHECK_INT(s.version, 1);
	CHECK_STR(s.name, "0001_test");
	CHECK_STR(s.path, "m/0001_test.sql");
	CHECK_INT(s.up.line, 2);
	CHECK_INT(s.down.line, 6);
	CHECK_INT(s.up.count, 2);
	CHECK_STR(up(0), "CREATE TABLE a (x INT)");
	CHECK_STR(up(1), "INSERT INTO a VALUES (1)");
	CHECK_INT(s.up.statements[1].line, 4);
	CHECK_INT(s.down.count, 1);
	CHECK_STR(s.down.statements[0].sql, "DROP TABLE a");
	CHECK_INT(s.down.statements[0].line, 7);
}

static void
test_semicolon_in_quotes_does_not_split(void)
{
	CHECK_INT(parse("-- migrate:up\n"
	    "INSERT INTO t VALUES ('a;b', \"c;d\", `e;f`);\n"
	    "INSERT INTO t VALUES ('it''s;', \"say \"\";\"\"\", `x``;`);\n"
	    "INSERT INTO t VALUES ('back\\'slash;', \"q\\\";\", '\\\\');\n"
	    "SELECT 2;\n"
	    "-- migrate:down\n"), 0);
	CHECK_INT(s.up.count, 4);
	CHECK_STR(up(0), "INSERT INTO t VALUES ('a;b', \"c;d\", `e;f`)");
	CHECK_STR(up(1),
	    "INSERT INTO t VALUES ('it''s;', \"say \"\";\"\"\", `x``;`)");
	CHECK_STR(up(2),
	    "INSERT INTO t VALUES ('back\\'slash;', \"q\\\";\", '\\\\')");
	CHECK_STR(up(3), "SELECT 2");
	CHECK_INT(s.up.statements[3].line, 5);
}

static void
test_backslash_does_not_escape_in_backquotes(void)
{
	/* `a\` is a whole name: the backslash does not eat the quote. */
	CHECK_INT(parse("-- migrate:up\nSELECT `a\\`; SELECT 2;\n"
	    "-- migrate:down\n"), 0);
	CHECK_INT(s.up.count, 2);
	CHECK_STR(up(0), "SELECT `a\\`");
}

static void
test_semicolon_in_comments_does_not_split(void)
{
	CHECK_INT(parse("-- migrate:up\n"
	    "CREATE TABLE a ( -- one; two\n"
	    "  x INT, # three; four\n"
	    "  /* five; six\n"
	    "     seven; */ y INT\n"
	    ");\n"
	    "-- migrate:down\n"), 0);
	CHECK_INT(s.up.count, 1);
	CHECK(strstr(up(0), "y INT\n)") != NULL);
	CHECK_INT(s.up.statements[0].line, 2);
}

static void
test_comments_after_the_last_token_are_left_out(void)
{
	CHECK_INT(parse("-- migrate:up\nSELECT 1 -- one\n/* two */ ;\n"
	    "CREATE TABLE a (x INT) # no ';' after this\n"
	    "-- a note before the next section\n"
	    "-- migrate:down\n"
	    "/*!40101 SET @a = 1 */ /* plain */;\n"), 0);
	CHECK_INT(s.up.count, 2);
	CHECK_STR(up(0), "SELECT 1");
	CHECK_STR(up(1), "CREATE TABLE a (x INT)");
	CHECK_STR(s.down.statements[0].sql, "/*!40101 SET @a = 1 */");
}

static void
test_double_dash_needs_a_space_to_be_a_comment(void)
{
	/* As in MariaDB, "5--1" is five minus minus one: the ';' counts. */
	CHECK_INT(parse("-- migrate:up\nSELECT 5--1;SELECT 3;\n"
	    "-- migrate:down\n"), 0);
	CHECK_INT(s.up.count, 2);
	CHECK_STR(up(0), "SELECT 5--1");
	CHECK_STR(up(1), "SELECT 3");
}

static void
test_statement_line_skips_comments_and_blank_lines(void)
{
	CHECK_INT(parse("-- migrate:up\n"
	    "\n"
	    "-- why the table exists\n"
	    "/* a block\n"
	    "   comment */\n"
	    "\n"
	    "   CREATE TABLE a (x INT);   SELECT 1;\n"
	    "-- migrate:down\n"), 0);
	CHECK_INT(s.up.count, 2);
	CHECK_STR(up(0), "CREATE TABLE a (x INT)");
	CHECK_INT(s.up.statements[0].line, 7);
	CHECK_INT(s.up.statements[1].line, 7);
}

static void
test_delimiter_allows_triggers(void)
{
	CHECK_INT(parse("-- migrate:up\n"
	    "CREATE TABLE c (n INT);\n"
	    "DELIMITER $$\n"
	    "CREATE TRIGGER t BEFORE INSERT ON c FOR EACH ROW\n"
	    "BEGIN\n"
	    "  SET NEW.n = NEW.n + 1;\n"
	    "  SET NEW.n = NEW.n * 2;\n"
	    "END$$\n"
	    "delimiter ;\n"
	    "INSERT INTO c VALUES (1);\n"
	    "-- migrate:down\n"
	    "DROP TABLE c;\n"), 0);
	CHECK_INT(s.up.count, 3);
	CHECK(strncmp(up(1), "CREATE TRIGGER", 14) == 0);
	CHECK(strstr(up(1), "NEW.n * 2;\nEND") != NULL);
	CHECK(strstr(up(1), "$$") == NULL);
	CHECK_INT(s.up.statements[1].line, 4);
	CHECK_STR(up(2), "INSERT INTO c VALUES (1)");
	CHECK_INT(s.up.statements[2].line, 10);
}

static void
test_delimiter_is_reset_by_each_section(void)
{
	CHECK_INT(parse("-- migrate:up\n"
	    "DELIMITER //\n"
	    "CREATE PROCEDURE p() BEGIN SELECT 1; END//\n"
	    "-- migrate:down\n"
	    "DROP PROCEDURE p;\n"
	    "SELECT 2;\n"), 0);
	CHECK_INT(s.up.count, 1);
	CHECK_INT(s.down.count, 2);
	CHECK_STR(s.down.statements[1].sql, "SELECT 2");
}

static void
test_delimiter_errors_name_the_line(void)
{
	CHECK_INT(parse("-- migrate:up\nDELIMITER\nSELECT 1;\n"
	    "-- migrate:down\n"), -1);
	CHECK_STR(err, "m/0001_test.sql:2: DELIMITER without a delimiter "
	    "(e.g. DELIMITER $$)");
	CHECK_INT(parse("-- migrate:up\nDELIMITER $$ x\n-- migrate:down\n"),
	    -1);
	CHECK(strncmp(err, "m/0001_test.sql:2: DELIMITER takes one word",
	    43) == 0);
	CHECK_INT(parse("-- migrate:up\nDELIMITER '\n-- migrate:down\n"), -1);
	CHECK(strstr(err, ":2: delimiter ''' would clash") != NULL);
	CHECK_INT(parse("-- migrate:up\nSELECT 1; DELIMITER $$\n"
	    "-- migrate:down\n"), -1);
	CHECK_STR(err, "m/0001_test.sql:2: DELIMITER must start a line of "
	    "its own");
	CHECK_INT(parse("DELIMITER $$\n-- migrate:up\n"), -1);
	CHECK_STR(err, "m/0001_test.sql:1: DELIMITER before '-- migrate:up'");
}

static void
test_delimiter_inside_a_statement_is_an_error(void)
{
	/* The classic slip: the trigger's END lacks its $$. */
	CHECK_INT(parse("-- migrate:up\n"
	    "DELIMITER $$\n"
	    "CREATE TRIGGER t BEFORE INSERT ON c FOR EACH ROW\n"
	    "BEGIN SET NEW.n = 1; END\n"
	    "DELIMITER ;\n"
	    "-- migrate:down\n"), -1);
	CHECK(strncmp(err, "m/0001_test.sql:5: DELIMITER inside the statement "
	    "that starts at line 3: end that statement with '$$' first",
	    105) == 0);
}

static void
test_unterminated_quotes_and_comments_name_their_first_line(void)
{
	CHECK_INT(parse("-- migrate:up\nSELECT 1;\nSELECT 'abc;\n\n"
	    "-- migrate:down\nSELECT 2;\n"), -1);
	CHECK_STR(err, "m/0001_test.sql:3: unterminated '...' string that "
	    "starts here");
	CHECK_INT(parse("-- migrate:up\nSELECT \"x\\\";\n-- migrate:down\n"),
	    -1);
	CHECK_STR(err, "m/0001_test.sql:2: unterminated \"...\" string that "
	    "starts here");
	CHECK_INT(parse("-- migrate:up\n\nSELECT `x;\n-- migrate:down\n"), -1);
	CHECK_STR(err, "m/0001_test.sql:3: unterminated `quoted name` that "
	    "starts here");
	CHECK_INT(parse("-- migrate:up\nSELECT 1; /* no end\n"
	    "-- migrate:down\n"), -1);
	CHECK_STR(err, "m/0001_test.sql:2: unterminated /* comment that "
	    "starts here");
}

static void
test_markers_in_strings_and_comments_are_not_markers(void)
{
	CHECK_INT(parse("-- migrate:up\n"
	    "INSERT INTO t VALUES ('\n-- migrate:down\n');\n"
	    "/*\n-- migrate:down\n*/\n"
	    "-- migrate:down\n"
	    "DELETE FROM t;\n"), 0);
	CHECK_INT(s.up.count, 1);
	CHECK_INT(s.down.line, 8);
	CHECK_INT(s.down.count, 1);
}

static void
test_section_errors(void)
{
	CHECK_INT(parse("CREATE TABLE a (x INT);\n"), -1);
	CHECK_STR(err, "m/0001_test.sql:1: a statement before '-- migrate:up' "
	    "(only comments may come first)");
	CHECK_INT(parse("-- nothing here\n"), -1);
	CHECK_STR(err, "m/0001_test.sql:1: no '-- migrate:up' line: a "
	    "migration has an up section, then a down section");
	CHECK_INT(parse("-- migrate:up\nSELECT 1;\n"), -1);
	CHECK_STR(err, "m/0001_test.sql:3: no '-- migrate:down' line after "
	    "the up section (line 1)");
	CHECK_INT(parse("-- migrate:down\nSELECT 1;\n-- migrate:up\n"), -1);
	CHECK_STR(err, "m/0001_test.sql:1: '-- migrate:down' before any "
	    "'-- migrate:up': the up section comes first");
	CHECK_INT(parse("-- migrate:up\nSELECT 1;\n-- migrate:down\n"
	    "-- migrate:up\n"), -1);
	CHECK_STR(err, "m/0001_test.sql:4: '-- migrate:up' after "
	    "'-- migrate:down' (line 3): the up section comes first");
	CHECK_INT(parse("-- migrate:up\nSELECT 1;\n-- migrate:up\n"), -1);
	CHECK_STR(err, "m/0001_test.sql:3: a second '-- migrate:up' (the "
	    "first is at line 1)");
	CHECK_INT(parse("-- migrate:up\nSELECT 1;\n-- migrate:down\n"
	    "-- migrate:down\n"), -1);
	CHECK_STR(err, "m/0001_test.sql:4: a second '-- migrate:down' (the "
	    "first is at line 3)");
	CHECK_INT(parse("-- migrate:up\n-- only a comment\n;\n"
	    "-- migrate:down\n"), -1);
	CHECK_STR(err, "m/0001_test.sql:1: the up section has no statements");
}

static void
test_malformed_markers_are_errors(void)
{
	CHECK_INT(parse("-- migrate:up\nSELECT 1;\n-- migrate:donw\n"), -1);
	CHECK_STR(err, "m/0001_test.sql:3: unknown marker '-- migrate:donw': "
	    "the sections are '-- migrate:up' and '-- migrate:down'");
	CHECK_INT(parse("--migrate:up\nSELECT 1;\n"), -1);
	CHECK(strncmp(err, "m/0001_test.sql:1: '--migrate:up' is not a "
	    "comment in MariaDB", 57) == 0);
	/* A marker with other spacing or case is still one. */
	CHECK_INT(parse("  --   Migrate:UP  \nSELECT 1;\n-- migrate:down\t\n"),
	    0);
}

static void
test_last_statement_may_lack_its_delimiter(void)
{
	CHECK_INT(parse("-- migrate:up\nCREATE TABLE a (x INT)\n\n"
	    "-- migrate:down\nDROP TABLE a"), 0);
	CHECK_STR(up(0), "CREATE TABLE a (x INT)");
	CHECK_STR(s.down.statements[0].sql, "DROP TABLE a");
}

static void
test_empty_statements_and_empty_down_are_fine(void)
{
	CHECK_INT(parse("-- migrate:up\n;;SELECT 1;;\n ; \n-- migrate:down\n"
	    "-- nothing to undo\n"), 0);
	CHECK_INT(s.up.count, 1);
	CHECK_INT(s.down.count, 0);
}

static void
test_executable_comment_is_a_statement(void)
{
	CHECK_INT(parse("-- migrate:up\n/* plain */\n/*!40101 SET @a = 1 */;\n"
	    "/*M!100100 SET @b = 2 */;\n-- migrate:down\n"), 0);
	CHECK_INT(s.up.count, 2);
	CHECK_STR(up(0), "/*!40101 SET @a = 1 */");
	CHECK_INT(s.up.statements[0].line, 3);
}

static void
test_crlf_and_bom_keep_lines_statements_and_checksum(void)
{
	const char *lf = "-- migrate:up\nSELECT 'x';\n\nSELECT 2;\n"
	    "-- migrate:down\nSELECT 3;\n";
	const char *crlf = "\xef\xbb\xbf-- migrate:up\r\nSELECT 'x';\r\n\r\n"
	    "SELECT 2;\r\n-- migrate:down\r\nSELECT 3;\r\n";
	char sum_lf[65], sum_crlf[65];

	CHECK_INT(parse(lf), 0);
	snprintf(sum_lf, sizeof(sum_lf), "%s", s.checksum);
	CHECK_INT(parse(crlf), 0);
	snprintf(sum_crlf, sizeof(sum_crlf), "%s", s.checksum);
	CHECK_STR(sum_crlf, sum_lf);
	CHECK_INT(s.up.count, 2);
	CHECK_STR(up(0), "SELECT 'x'");
	CHECK_INT(s.up.statements[1].line, 4);
	CHECK_INT(strlen(sum_lf), 64);
}

static void
test_checksum_is_sha256_and_sees_real_changes(void)
{
	char a[65], b[65], c[65];

	/* SHA-256 of the empty string, the same with only a BOM. */
	script_checksum("", 0, a);
	CHECK_STR(a, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	script_checksum("\xef\xbb\xbf", 3, b);
	CHECK_STR(b, a);
	script_checksum("SELECT 1;\n", 10, a);
	script_checksum("SELECT 2;\n", 10, b);
	script_checksum("SELECT 1;\r", 10, c);	/* a lone CR is content */
	CHECK(strcmp(a, b) != 0);
	CHECK(strcmp(a, c) != 0);
}

static void
test_bad_encoding_names_the_line(void)
{
	const char nul[] = "-- migrate:up\nSELECT 1;\nSELECT '\0';\n"
	    "-- migrate:down\n";

	CHECK_INT(parse("-- migrate:up\nSELECT 1;\nSELECT '\xff';\n"
	    "-- migrate:down\n"), -1);
	CHECK_STR(err, "m/0001_test.sql:3: not valid UTF-8 (save the file as "
	    "UTF-8)");
	CHECK_INT(script_parse(&arena, "m/0001_test.sql", nul,
	    sizeof(nul) - 1, &s, err, sizeof(err)), -1);
	CHECK_STR(err, "m/0001_test.sql:3: a NUL byte");
}

static void
test_kinds_and_atomicity(void)
{
	size_t ddl, data;

	CHECK_INT(script_kind_of("create table a (x int)"), SCRIPT_DDL);
	CHECK_INT(script_kind_of("ALTER TABLE a"), SCRIPT_DDL);
	CHECK_INT(script_kind_of("DROP TABLE a"), SCRIPT_DDL);
	CHECK_INT(script_kind_of("Insert INTO a VALUES (1)"), SCRIPT_DATA);
	CHECK_INT(script_kind_of("UPDATE a SET x = 1"), SCRIPT_DATA);
	CHECK_INT(script_kind_of("SELECT 1"), SCRIPT_OTHER);
	CHECK_INT(script_kind_of("CREATED"), SCRIPT_OTHER);

	CHECK_INT(parse("-- migrate:up\nCREATE TABLE a (x INT);\nSET @a = 1;\n"
	    "-- migrate:down\nDROP TABLE a;\nDROP TABLE b;\n"), 0);
	CHECK_INT(script_risk(&s.up, &ddl, &data), SCRIPT_ATOMIC);
	CHECK_INT(script_risk(&s.down, &ddl, &data), SCRIPT_MANY_DDL);
	CHECK_INT(ddl, 2);
	CHECK_INT(parse("-- migrate:up\nALTER TABLE a ADD y INT;\n"
	    "UPDATE a SET y = x;\n-- migrate:down\n"), 0);
	CHECK_INT(script_risk(&s.up, &ddl, &data), SCRIPT_MIXED);
	CHECK_INT(data, 1);
}

static void
test_file_names(void)
{
	unsigned v = 0;
	char why[512];

	CHECK_INT(script_parse_name("0001_create_posts.sql", &v, why,
	    sizeof(why)), 0);
	CHECK_INT(v, 1);
	CHECK_INT(script_parse_name("12345_a1_b2.sql", &v, why, sizeof(why)),
	    0);
	CHECK_INT(v, 12345);
	CHECK_INT(script_parse_name("001_short.sql", &v, why, sizeof(why)),
	    -1);
	CHECK(strstr(why, "at least 4 digits") != NULL);
	CHECK_INT(script_parse_name("0002_Upper.sql", &v, why, sizeof(why)),
	    -1);
	CHECK(strstr(why, "'U' in the name") != NULL);
	CHECK_INT(script_parse_name("0002-dash.sql", &v, why, sizeof(why)),
	    -1);
	CHECK_INT(script_parse_name("0002_.sql", &v, why, sizeof(why)), -1);
	CHECK_INT(script_parse_name("0000_zero.sql", &v, why, sizeof(why)),
	    -1);
	CHECK(strstr(why, "numbers start at 0001") != NULL);
	CHECK_INT(script_parse_name("99999999999_big.sql", &v, why,
	    sizeof(why)), -1);
	CHECK(strstr(why, "number too large") != NULL);
	CHECK_INT(script_parse_name("0003_x.txt", &v, why, sizeof(why)), -1);
}

/* Writes text to dir/name. */
static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static void
test_directory_sorted_others_ignored_duplicates_refused(void)
{
	char dir[] = "/tmp/test_migrate_script.XXXXXX", want[1024];
	struct script_dir d;
	const char *ok = "-- migrate:up\nSELECT 1;\n-- migrate:down\n";

	if (mkdtemp(dir) == NULL) {
		CHECK(!"mkdtemp");
		return;
	}
	write_file(dir, "0010_ten.sql", ok);
	write_file(dir, "0002_two.sql", ok);
	write_file(dir, "README.md", "not a migration");
	write_file(dir, ".0003_hidden.sql", "ignored");
	CHECK_INT(script_dir_read(&arena, dir, 0, &d, err, sizeof(err)), 0);
	CHECK_INT(d.count, 2);
	CHECK_INT(d.scripts[0].version, 2);
	CHECK_INT(d.scripts[1].version, 10);
	CHECK_INT(d.scripts[1].up.count, 1);
	CHECK(script_dir_find(&d, 10) == &d.scripts[1]);
	CHECK(script_dir_find(&d, 3) == NULL);

	write_file(dir, "0011_broken.sql", "-- migrate:up\nSELECT 'x;\n");
	CHECK_INT(script_dir_read(&arena, dir, 0, &d, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s/0011_broken.sql:2: unterminated "
	    "'...' string that starts here", dir);
	CHECK_STR(err, want);
	/* Names only: the broken content does not matter. */
	CHECK_INT(script_dir_read(&arena, dir, 1, &d, err, sizeof(err)), 0);
	CHECK_INT(d.count, 3);

	write_file(dir, "0002_again.sql", ok);
	CHECK_INT(script_dir_read(&arena, dir, 1, &d, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s/0002_again.sql and %s/0002_two.sql "
	    "have the same number 2: give one of them the next free number",
	    dir, dir);
	CHECK_STR(err, want);

	write_file(dir, "2_bad.sql", ok);
	CHECK_INT(script_dir_read(&arena, dir, 1, &d, err, sizeof(err)), -1);
	CHECK(strstr(err, "/2_bad.sql: bad migration file name") != NULL);

	CHECK_INT(script_dir_read(&arena, "/nonexistent/dir", 1, &d, err,
	    sizeof(err)), -1);
	CHECK(strstr(err, "/nonexistent/dir: cannot open the migrations "
	    "directory") != NULL);

	snprintf(want, sizeof(want), "rm -rf '%s'", dir);
	if (system(want) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

int
main(void)
{
	arena_init(&arena, 0);
	TEST_RUN(test_splits_sections_and_statements);
	TEST_RUN(test_semicolon_in_quotes_does_not_split);
	TEST_RUN(test_backslash_does_not_escape_in_backquotes);
	TEST_RUN(test_semicolon_in_comments_does_not_split);
	TEST_RUN(test_comments_after_the_last_token_are_left_out);
	TEST_RUN(test_double_dash_needs_a_space_to_be_a_comment);
	TEST_RUN(test_statement_line_skips_comments_and_blank_lines);
	TEST_RUN(test_delimiter_allows_triggers);
	TEST_RUN(test_delimiter_is_reset_by_each_section);
	TEST_RUN(test_delimiter_errors_name_the_line);
	TEST_RUN(test_delimiter_inside_a_statement_is_an_error);
	TEST_RUN(test_unterminated_quotes_and_comments_name_their_first_line);
	TEST_RUN(test_markers_in_strings_and_comments_are_not_markers);
	TEST_RUN(test_section_errors);
	TEST_RUN(test_malformed_markers_are_errors);
	TEST_RUN(test_last_statement_may_lack_its_delimiter);
	TEST_RUN(test_empty_statements_and_empty_down_are_fine);
	TEST_RUN(test_executable_comment_is_a_statement);
	TEST_RUN(test_crlf_and_bom_keep_lines_statements_and_checksum);
	TEST_RUN(test_checksum_is_sha256_and_sees_real_changes);
	TEST_RUN(test_bad_encoding_names_the_line);
	TEST_RUN(test_kinds_and_atomicity);
	TEST_RUN(test_file_names);
	TEST_RUN(test_directory_sorted_others_ignored_duplicates_refused);
	arena_free(&arena);
	return TEST_DONE();
}

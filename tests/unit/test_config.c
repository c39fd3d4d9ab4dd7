/* Tests src/lib/config.c: defaults, errors naming file, line and key,
 * relative socket paths, environment overrides. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/lib/config.h"
#include "test.h"

static char dir[] = "/tmp/test_config.XXXXXX";

/* Writes text to dir/name and returns the path (static storage). */
static const char *
write_ini(const char *name, const char *text)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static const char *minimal = "[database]\nuser = blog\nname = blog\n";

static void
test_defaults_fill_unset_keys(void)
{
	struct config cfg;
	char err[1024];

	CHECK_INT(config_load_file(&cfg, write_ini("min.ini", minimal), err,
	    sizeof(err)), 0);
	CHECK_INT(cfg.port, 8080);
	CHECK_STR(cfg.base_url, "http://127.0.0.1:8080");
	CHECK_INT(cfg.max_body, 1024 * 1024);
	CHECK_INT(cfg.per_page, 10);
	CHECK_STR(cfg.db_user, "blog");
}

static void
test_all_keys_read(void)
{
	struct config cfg;
	char err[1024], want[600];
	const char *path = write_ini("all.ini",
	    "[server]\nport = 9001\nbase_url = https://blog.example.org/\n"
	    "max_body = 4096\n"
	    "[database]\nsocket = run/db.sock ; comment\nuser = u\npassword = p w\n"
	    "name = n\n[blog]\ntitle = Ünïcode title\nper_page = 7\n");

	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), 0);
	CHECK_INT(cfg.port, 9001);
	CHECK_STR(cfg.base_url, "https://blog.example.org");
	CHECK_INT(cfg.max_body, 4096);
	snprintf(want, sizeof(want), "%s/run/db.sock", dir);
	CHECK_STR(cfg.db_socket, want);
	CHECK_STR(cfg.db_password, "p w");
	CHECK_STR(cfg.blog_title, "Ünïcode title");
	CHECK_INT(cfg.per_page, 7);
}

static void
test_bad_number_names_file_line_and_key(void)
{
	struct config cfg;
	char err[1024], want[600];
	const char *path = write_ini("bad.ini",
	    "[database]\nuser = blog\nname = blog\n[blog]\nper_page = ten\n");

	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:5: [blog] per_page:", path);
	CHECK(strncmp(err, want, strlen(want)) == 0);
}

static void
test_unknown_key_is_an_error(void)
{
	struct config cfg;
	char err[1024];
	const char *path = write_ini("typo.ini",
	    "[database]\nuser = blog\nname = blog\nsokcet = /x\n");

	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), -1);
	CHECK(strstr(err, ":4: [database] sokcet: unknown key") != NULL);
}

static void
test_missing_required_key_named(void)
{
	struct config cfg;
	char err[1024];
	const char *path = write_ini("noname.ini", "[database]\nuser = blog\n");

	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), -1);
	CHECK(strstr(err, "[database] name: missing") != NULL);
}

static void
test_malformed_line_named(void)
{
	struct config cfg;
	char err[1024];
	const char *path = write_ini("garbage.ini",
	    "[database]\nuser = blog\nname = blog\nthis is not ini\n");

	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), -1);
	CHECK(strstr(err, "garbage.ini:4:") != NULL);
}

static void
test_missing_file_named(void)
{
	struct config cfg;
	char err[1024];

	CHECK_INT(config_load_file(&cfg, "/nonexistent/config.ini", err,
	    sizeof(err)), -1);
	CHECK(strstr(err, "/nonexistent/config.ini: cannot read") != NULL);
}

static void
test_environment_overrides(void)
{
	struct config cfg;
	char err[1024];
	const char *path = write_ini("env.ini", minimal);

	setenv("BLOG_CONFIG", path, 1);
	setenv("BLOG_PORT", "9123", 1);
	setenv("BLOG_DB_PASSWORD", "from-env", 1);
	CHECK_INT(config_load(&cfg, err, sizeof(err)), 0);
	CHECK_INT(cfg.port, 9123);
	CHECK_STR(cfg.base_url, "http://127.0.0.1:9123");
	CHECK_STR(cfg.db_password, "from-env");
	setenv("BLOG_PORT", "99999", 1);
	CHECK_INT(config_load(&cfg, err, sizeof(err)), -1);
	CHECK(strstr(err, "BLOG_PORT") != NULL);
	unsetenv("BLOG_PORT");
	unsetenv("BLOG_DB_PASSWORD");
	unsetenv("BLOG_CONFIG");
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		return 1;
	TEST_RUN(test_defaults_fill_unset_keys);
	TEST_RUN(test_all_keys_read);
	TEST_RUN(test_bad_number_names_file_line_and_key);
	TEST_RUN(test_unknown_key_is_an_error);
	TEST_RUN(test_missing_required_key_named);
	TEST_RUN(test_malformed_line_named);
	TEST_RUN(test_missing_file_named);
	TEST_RUN(test_environment_overrides);
	/* The files are small; leave cleanup of dir to the OS's tmp policy. */
	return TEST_DONE();
}

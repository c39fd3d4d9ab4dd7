/* Tests src/lib/config.c: defaults, errors naming file, line and key,
 * relative socket paths, environment overrides, the time zone's check. */
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
	char err[1024], want[600];

	CHECK_INT(config_load_file(&cfg, write_ini("min.ini", minimal), err,
	    sizeof(err)), 0);
	CHECK_INT(cfg.port, 8080);
	CHECK_STR(cfg.base_url, "http://127.0.0.1:8080");
	CHECK_INT(cfg.max_body, 1024 * 1024);
	CHECK_INT(cfg.per_page, 10);
	CHECK_STR(cfg.blog_timezone, "UTC");
	CHECK_INT(cfg.trash_days, 30);
	CHECK_STR(cfg.db_user, "blog");
	snprintf(want, sizeof(want), "%s/var/media", dir);
	CHECK_STR(cfg.media_dir, want);
	CHECK_INT(cfg.max_upload, 10 * 1024 * 1024);
	CHECK(cfg.max_pixels == 40000000ULL);
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
	    "name = n\n[blog]\ntitle = Ünïcode title\nper_page = 7\n"
	    "timezone = Europe/Berlin ; comment\ntrash_days = 0\n"
	    "[media]\ndir = /srv/blog/media\nmax_upload = 2048\n"
	    "max_pixels = 5000000000\n");

	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), 0);
	CHECK_INT(cfg.port, 9001);
	CHECK_STR(cfg.base_url, "https://blog.example.org");
	CHECK_INT(cfg.max_body, 4096);
	snprintf(want, sizeof(want), "%s/run/db.sock", dir);
	CHECK_STR(cfg.db_socket, want);
	CHECK_STR(cfg.db_password, "p w");
	CHECK_STR(cfg.blog_title, "Ünïcode title");
	CHECK_INT(cfg.per_page, 7);
	CHECK_STR(cfg.blog_timezone, "Europe/Berlin");
	CHECK_INT(cfg.trash_days, 0);	/* purge at once */
	CHECK_STR(cfg.media_dir, "/srv/blog/media");
	CHECK_INT(cfg.max_upload, 2048);
	CHECK(cfg.max_pixels == 5000000000ULL);	/* over 32 bits */
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
test_bad_timezone_names_file_line_and_key(void)
{
	struct config cfg;
	char err[1024], want[600], text[400], longname[201];
	const char *path = write_ini("zone.ini",
	    "[database]\nuser = blog\nname = blog\n[blog]\n"
	    "timezone = Mars/Olympus\n");

	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:5: [blog] timezone: \"Mars/Olympus\"",
	    path);
	CHECK(strncmp(err, want, strlen(want)) == 0);
	/* Names ICU would quietly take as UTC are refused as well. */
	path = write_ini("zone2.ini", "[database]\nuser = blog\nname = blog\n"
	    "[blog]\ntimezone = Etc/Unknown\n");
	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), -1);
	CHECK(strstr(err, ":5: [blog] timezone:") != NULL);
	memset(longname, 'A', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	snprintf(text, sizeof(text), "[database]\nuser = blog\nname = blog\n"
	    "[blog]\ntimezone = %s\n", longname);
	path = write_ini("zone3.ini", text);
	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), -1);
	CHECK(strstr(err, ":5: [blog] timezone:") != NULL);
	path = write_ini("zone4.ini", "[database]\nuser = blog\nname = blog\n"
	    "[blog]\ntimezone =\n");
	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), -1);
	CHECK(strstr(err, ":5: [blog] timezone:") != NULL);
}

static void
test_trash_days_out_of_range_named(void)
{
	struct config cfg;
	char err[1024], want[600];
	const char *path = write_ini("trash.ini",
	    "[database]\nuser = blog\nname = blog\n[blog]\n"
	    "trash_days = 36501\n");

	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:5: [blog] trash_days:", path);
	CHECK(strncmp(err, want, strlen(want)) == 0);
	CHECK(strstr(err, "from 0 to 36500") != NULL);
	path = write_ini("trash2.ini", "[database]\nuser = blog\nname = blog\n"
	    "[blog]\ntrash_days = -1\n");
	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), -1);
	CHECK(strstr(err, ":5: [blog] trash_days:") != NULL);
	path = write_ini("trash3.ini", "[database]\nuser = blog\nname = blog\n"
	    "[blog]\ntrash_days = 36500\n");
	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), 0);
	CHECK_INT(cfg.trash_days, 36500);
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

/*
 * inih goes on past an error and names the line of the first: the
 * message is the first's too, not the text of a later error.
 */
static void
test_first_error_line_and_text_agree(void)
{
	struct config cfg;
	char err[1024], want[600], long_title[700] = "", text[800];
	const char *path = write_ini("two.ini",
	    "[database]\nuser = blog\nname = blog\nsokcet = /x\n"
	    "[blog]\nper_page = ten\n");

	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:4: [database] sokcet: unknown key",
	    path);
	CHECK_STR(err, want);
	path = write_ini("two2.ini",
	    "[database]\nuser = blog\nname = blog\nthis is not ini\n"
	    "[blog]\nper_page = ten\n");
	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:4: not a [section] or key = value "
	    "line", path);
	CHECK_STR(err, want);
	/* A line longer than inih's buffer is still one line. */
	memset(long_title, 'x', sizeof(long_title) - 1);
	snprintf(text, sizeof(text), "[database]\nuser = blog\nname = blog\n"
	    "[blog]\ntitle = %s\nper_page = ten\n", long_title);
	path = write_ini("two3.ini", text);
	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:6: [blog] per_page:", path);
	CHECK(strncmp(err, want, strlen(want)) == 0);
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
	setenv("BLOG_MEDIA_DIR", "/var/lib/blog/media", 1);
	CHECK_INT(config_load(&cfg, err, sizeof(err)), 0);
	CHECK_STR(cfg.media_dir, "/var/lib/blog/media");
	setenv("BLOG_MEDIA_DIR", "relative/media", 1);
	CHECK_INT(config_load(&cfg, err, sizeof(err)), -1);
	CHECK(strstr(err, "BLOG_MEDIA_DIR") != NULL);
	unsetenv("BLOG_MEDIA_DIR");
	unsetenv("BLOG_DB_PASSWORD");
	unsetenv("BLOG_CONFIG");
}

static void
test_password_files_read_relative_to_the_config(void)
{
	struct config cfg;
	char err[1024];
	const char *path;

	write_ini("app.password", "s3cret app\nignored second line\n");
	write_ini("migrate.password", "owner-pass");	/* no newline */
	path = write_ini("files.ini", "[database]\nuser = app\nname = n\n"
	    "password_file = app.password\nmigrate_user = owner\n"
	    "migrate_password_file = migrate.password\n");
	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), 0);
	CHECK_STR(cfg.db_user, "app");
	CHECK_STR(cfg.db_password, "s3cret app");
	CHECK_STR(cfg.db_migrate_password, "owner-pass");
	config_use_migrate_account(&cfg);
	CHECK_STR(cfg.db_user, "owner");
	CHECK_STR(cfg.db_password, "owner-pass");

	setenv("BLOG_DB_MIGRATE_PASSWORD", "from-env", 1);
	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), 0);
	CHECK_STR(cfg.db_migrate_password, "from-env");
	unsetenv("BLOG_DB_MIGRATE_PASSWORD");
}

static void
test_one_account_when_no_migrate_user(void)
{
	struct config cfg;
	char err[1024];
	const char *path = write_ini("one.ini",
	    "[database]\nuser = u\npassword = p\nname = n\n");

	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), 0);
	config_use_migrate_account(&cfg);
	CHECK_STR(cfg.db_user, "u");
	CHECK_STR(cfg.db_password, "p");
}

static void
test_password_file_errors_named(void)
{
	struct config cfg;
	char err[1024];
	const char *path = write_ini("nofile.ini", "[database]\nuser = u\n"
	    "name = n\npassword_file = missing.password\n");

	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), -1);
	CHECK(strstr(err, "[database] password_file: cannot read") != NULL);
	CHECK(strstr(err, "missing.password") != NULL);
	CHECK(strstr(err, "make db-start") != NULL);

	path = write_ini("both.ini", "[database]\nuser = u\nname = n\n"
	    "password = p\npassword_file = app.password\n");
	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), -1);
	CHECK(strstr(err, "password and password_file: give one") != NULL);
}

static void
test_replica_defaults_and_keys(void)
{
	struct config cfg;
	char err[1024], want[600];
	const char *path;

	CHECK_INT(config_load_file(&cfg, write_ini("norep.ini", minimal), err,
	    sizeof(err)), 0);
	CHECK_INT(cfg.replica, 0);
	CHECK_INT(cfg.replica_max_lag_ms, 1000);

	/* User and password default to [database]'s. */
	path = write_ini("rep.ini", "[database]\nuser = u\npassword = pw\n"
	    "name = n\nhost = 10.0.0.1\n[database.replica]\n"
	    "host = 10.0.0.2\nport = 3307\n");
	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), 0);
	CHECK_INT(cfg.replica, 1);
	CHECK_STR(cfg.replica_host, "10.0.0.2");
	CHECK_INT(cfg.replica_port, 3307);
	CHECK_STR(cfg.replica_user, "u");
	CHECK_STR(cfg.replica_password, "pw");
	CHECK_INT(cfg.replica_max_lag_ms, 1000);
	config_use_replica(&cfg);
	CHECK_STR(cfg.db_host, "10.0.0.2");
	CHECK_INT(cfg.db_port, 3307);
	CHECK_STR(cfg.db_name, "n");

	/* A socket, its own account, decimal seconds. */
	path = write_ini("rep2.ini", "[database]\nuser = u\npassword = pw\n"
	    "name = n\n[database.replica]\nsocket = run/replica.sock\n"
	    "user = r\npassword = rpw\nmax_lag = 0.25\n");
	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), 0);
	snprintf(want, sizeof(want), "%s/run/replica.sock", dir);
	CHECK_STR(cfg.replica_socket, want);
	CHECK_STR(cfg.replica_user, "r");
	CHECK_STR(cfg.replica_password, "rpw");
	CHECK_INT(cfg.replica_max_lag_ms, 250);
	setenv("BLOG_DB_REPLICA_PASSWORD", "from-env", 1);
	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), 0);
	CHECK_STR(cfg.replica_password, "from-env");
	unsetenv("BLOG_DB_REPLICA_PASSWORD");
}

static void
test_replica_errors_named(void)
{
	struct config cfg;
	char err[1024];
	const char *path;
	static const char *const bad_lag[] = {
		"0", "-1", "x", "1.2345", ".5", "1.", "3601", "1e3",
	};
	static const char *const good_lag[] = { "0.001", "2", "1.500", "3600" };
	static const unsigned good_ms[] = { 1, 2000, 1500, 3600000 };
	char text[300];

	path = write_ini("rep3.ini", "[database]\nuser = u\nname = n\n"
	    "[database.replica]\nport = 3307\n");
	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), -1);
	CHECK(strstr(err, "[database.replica] host: missing") != NULL);
	path = write_ini("rep4.ini", "[database]\nuser = u\nname = n\n"
	    "[database.replica]\nhost = h\nmaxlag = 1\n");
	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), -1);
	CHECK(strstr(err, ":6: [database.replica] maxlag: unknown key") !=
	    NULL);
	for (size_t i = 0; i < sizeof(bad_lag) / sizeof(bad_lag[0]); i++) {
		snprintf(text, sizeof(text), "[database]\nuser = u\nname = n\n"
		    "[database.replica]\nhost = h\nmax_lag = %s\n",
		    bad_lag[i]);
		path = write_ini("rep5.ini", text);
		CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), -1);
		CHECK(strstr(err, ":6: [database.replica] max_lag:") != NULL);
	}
	for (size_t i = 0; i < sizeof(good_lag) / sizeof(good_lag[0]); i++) {
		snprintf(text, sizeof(text), "[database]\nuser = u\nname = n\n"
		    "[database.replica]\nhost = h\nmax_lag = %s\n",
		    good_lag[i]);
		path = write_ini("rep6.ini", text);
		CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), 0);
		CHECK_INT(cfg.replica_max_lag_ms, good_ms[i]);
	}
	path = write_ini("rep7.ini", "[database]\nuser = u\nname = n\n"
	    "[database.replica]\nhost = h\npassword_file = none.password\n");
	CHECK_INT(config_load_file(&cfg, path, err, sizeof(err)), -1);
	CHECK(strstr(err, "[database.replica] password_file: cannot read") !=
	    NULL);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		return 1;
	TEST_RUN(test_defaults_fill_unset_keys);
	TEST_RUN(test_all_keys_read);
	TEST_RUN(test_bad_number_names_file_line_and_key);
	TEST_RUN(test_bad_timezone_names_file_line_and_key);
	TEST_RUN(test_trash_days_out_of_range_named);
	TEST_RUN(test_unknown_key_is_an_error);
	TEST_RUN(test_missing_required_key_named);
	TEST_RUN(test_malformed_line_named);
	TEST_RUN(test_first_error_line_and_text_agree);
	TEST_RUN(test_missing_file_named);
	TEST_RUN(test_environment_overrides);
	TEST_RUN(test_password_files_read_relative_to_the_config);
	TEST_RUN(test_one_account_when_no_migrate_user);
	TEST_RUN(test_password_file_errors_named);
	TEST_RUN(test_replica_defaults_and_keys);
	TEST_RUN(test_replica_errors_named);
	/* The files are small; leave cleanup of dir to the OS's tmp policy. */
	return TEST_DONE();
}

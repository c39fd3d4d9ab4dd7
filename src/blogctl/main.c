/*
 * blogctl: the operator's commands, one table of them (blogctl.h): the
 * authors who may sign in (adduser, passwd, deluser, here) and the image
 * files no image names (sweep-media, media_sweep.c).
 * A password is read from the terminal without echo (asked twice), or as
 * one line from standard input when that is not a terminal; never from the
 * command line, where other users and the shell's history would see it.
 * Exit status: 0 done, 1 failed, 2 usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "../lib/password.h"
#include "../lib/prompt.h"
#include "../model/user.h"
#include "backup.h"
#include "blogctl.h"
#include "export.h"
#include "import.h"
#include "media_sweep.h"

/* Room for one byte more than a password may have, so that more is seen. */
#define PASSWORD_BUF (PASSWORD_MAX_LENGTH + 2)

static void
usage(FILE *to)
{
	fputs("usage: ./blogctl adduser NAME   add an author, asking for a password\n"
	    "       ./blogctl passwd NAME    set a new password; signs the author out\n"
	    "       ./blogctl deluser NAME   remove an author; signs them out; their\n"
	    "                                posts stay, with no byline\n"
	    "       ./blogctl sweep-media [--dry-run]\n"
	    "                                remove the files of [media] dir that no\n"
	    "                                image names, an hour old or more\n"
	    "       ./blogctl export DIR     every post but the trashed as\n"
	    "                                DIR/posts/*.md (YAML front matter,\n"
	    "                                then Markdown), its images in DIR/media\n"
	    "       ./blogctl import [--update] PATH...\n"
	    "                                posts from such files, or Hugo's or\n"
	    "                                Jekyll's, or directories of them; a\n"
	    "                                slug the blog has is skipped, or\n"
	    "                                replaced with --update\n"
	    "       ./blogctl backup FILE    write the database and the images,\n"
	    "                                as of one moment, to FILE (.tar.gz)\n"
	    "       ./blogctl restore FILE [--force]\n"
	    "                                check FILE, then put its blog in\n"
	    "                                place; --force replaces a blog\n"
	    "                                that is not empty\n"
	    "       ./blogctl --help\n"
	    "\n"
	    "NAME has 1 to 64 of the characters a-z A-Z 0-9 . _ -\n"
	    "The password (at least 8 characters) is read from the terminal\n"
	    "without echo, or as one line from standard input when that is not\n"
	    "a terminal (a pipe, a file); never from the command line.\n"
	    "Reads config.ini, or the file named by BLOG_CONFIG.\n"
	    "Exit status: 0 done, 1 failed, 2 usage error.\n", to);
}

/* Returns NULL if name is a valid username, else why not. */
static const char *
username_problem(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > USER_NAME_MAX)
		return "a username has 1 to 64 characters";
	if (strspn(name, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != len)
		return "a username has only the characters a-z A-Z 0-9 . _ -";
	return NULL;
}

/* Reads the new password into buf; returns 0, or -1 after saying why. */
static int
read_new_password(char buf[PASSWORD_BUF])
{
	const char *problem;

	if (isatty(STDIN_FILENO)) {
		char again[PASSWORD_BUF];
		int same;

		if (prompt_hidden("Password: ", buf, PASSWORD_BUF) != 0 ||
		    prompt_hidden("Password again: ", again, sizeof(again)) !=
		    0) {
			fputs("blogctl: no password read; nothing changed\n",
			    stderr);
			return -1;
		}
		same = strcmp(buf, again) == 0;
		sodium_memzero(again, sizeof(again));
		if (!same) {
			fputs("blogctl: the two passwords differ; nothing "
			    "changed\n", stderr);
			return -1;
		}
	} else if (prompt_line(stdin, buf, PASSWORD_BUF) != 0) {
		fputs("blogctl: expected the password as one line of text on "
		    "standard input; nothing changed\n", stderr);
		return -1;
	}
	if ((problem = password_check_new(buf)) != NULL) {
		fprintf(stderr, "blogctl: %s Nothing changed.\n", problem);
		return -1;
	}
	return 0;
}

/*
 * Reads a new password and writes its hash into hash. Returns 0, or -1
 * after saying why.
 */
static int
new_password_hash(char hash[PASSWORD_HASH_MAX])
{
	char password[PASSWORD_BUF];
	int rc;

	rc = read_new_password(password);
	if (rc == 0 && (rc = password_hash(password, hash)) != 0)
		fputs("blogctl: out of memory while hashing the password\n",
		    stderr);
	sodium_memzero(password, sizeof(password));
	return rc;
}

/* Says why a database call failed; returns the exit status. */
static int
db_failed(const struct db *db, const char *doing)
{
	fprintf(stderr, "blogctl: %s: %s\n", doing, db->error);
	return EXIT_FAILURE;
}

static int
no_such_user(const char *name)
{
	fprintf(stderr, "blogctl: there is no user '%s'\n", name);
	return EXIT_FAILURE;
}

static int
user_exists(const char *name)
{
	fprintf(stderr, "blogctl: user '%s' exists already; './blogctl passwd "
	    "%s' changes the password\n", name, name);
	return EXIT_FAILURE;
}

/*
 * adduser (adding) and passwd: checks the name against the users before
 * asking for a password, since asking only to refuse the name would be
 * unkind; then writes its hash. Returns the exit status.
 */
static int
set_password(struct db *db, struct arena *a, const char *name, int adding)
{
	char hash[PASSWORD_HASH_MAX];
	struct user u;
	int rc;

	rc = user_get_by_name(db, a, name, &u);
	if (rc == DB_OK && adding)
		return user_exists(u.username);
	if (rc == DB_NOT_FOUND && !adding)
		return no_such_user(name);
	if (rc != DB_OK && rc != DB_NOT_FOUND)
		return db_failed(db, "reading the users");
	if (new_password_hash(hash) != 0)
		return EXIT_FAILURE;
	if (adding)
		rc = user_insert(db, a, name, hash);
	else
		rc = user_set_password(db, a, name, hash);
	if (rc == DB_DUPLICATE && adding)
		return user_exists(name);
	if (rc == DB_NOT_FOUND && !adding)
		return no_such_user(name);
	if (rc != DB_OK)
		return db_failed(db, adding ? "adding the user" :
		    "changing the password");
	if (adding)
		printf("added user '%s'\n", name);
	else
		printf("changed the password of '%s' and ended their "
		    "sessions\n", u.username);
	return EXIT_SUCCESS;
}

/*
 * Returns the one argument of a user command, a valid username, or NULL
 * after saying what is wrong.
 */
static const char *
username_argument(const char *command, int argc, char *argv[])
{
	const char *problem;

	if (argc > 1) {
		fprintf(stderr, "blogctl: %s takes only a NAME; the password "
		    "is never taken from the command line (type it when asked, "
		    "or give it on standard input)\n", command);
		return NULL;
	}
	if (argc < 1) {
		fprintf(stderr, "blogctl: %s needs a NAME\n", command);
		return NULL;
	}
	if ((problem = username_problem(argv[0])) != NULL) {
		fprintf(stderr, "blogctl: '%s': %s\n", argv[0], problem);
		return NULL;
	}
	return argv[0];
}

static int
cmd_adduser(struct blogctl *b, int argc, char *argv[])
{
	const char *name = username_argument("adduser", argc, argv);

	return name == NULL ? EXIT_USAGE :
	    set_password(&b->db, &b->arena, name, 1);
}

static int
cmd_passwd(struct blogctl *b, int argc, char *argv[])
{
	const char *name = username_argument("passwd", argc, argv);

	return name == NULL ? EXIT_USAGE :
	    set_password(&b->db, &b->arena, name, 0);
}

static int
cmd_deluser(struct blogctl *b, int argc, char *argv[])
{
	const char *name = username_argument("deluser", argc, argv);
	unsigned long long kept;
	int rc;

	if (name == NULL)
		return EXIT_USAGE;
	rc = user_delete(&b->db, &b->arena, name, &kept);
	if (rc == DB_NOT_FOUND)
		return no_such_user(name);
	if (rc != DB_OK)
		return db_failed(&b->db, "removing the user");
	printf("removed user '%s' and ended their sessions; their %llu "
	    "post%s stay%s, with no byline\n", name, kept, kept == 1 ? "" : "s",
	    kept == 1 ? "s" : "");
	return EXIT_SUCCESS;
}

static int
cmd_sweep_media(struct blogctl *b, int argc, char *argv[])
{
	if (argc > 1 || (argc == 1 && strcmp(argv[0], "--dry-run") != 0)) {
		fprintf(stderr, "blogctl: sweep-media takes only --dry-run\n");
		return EXIT_USAGE;
	}
	return media_sweep(&b->db, &b->arena, argc == 1);
}

static const struct {
	const char *name;
	blogctl_command_fn *run;
} commands[] = {
	{ "adduser", cmd_adduser },
	{ "passwd", cmd_passwd },
	{ "deluser", cmd_deluser },
	{ "sweep-media", cmd_sweep_media },
	{ "export", export_command },
	{ "import", import_command },
	{ "backup", cmd_backup },
	{ "restore", cmd_restore },
};

/*
 * Runs command run with its arguments on the database of config.ini.
 * Returns the exit status.
 */
static int
run_command(blogctl_command_fn *run, int argc, char *argv[])
{
	struct blogctl b;
	char err[4096];
	int status;

	if (config_load(&b.cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "blogctl: %s\n", err);
		return EXIT_FAILURE;
	}
	if (sodium_init() < 0) {
		fputs("blogctl: libsodium cannot start\n", stderr);
		return EXIT_FAILURE;
	}
	db_init(&b.db, &b.cfg);
	arena_init(&b.arena, 0);
	status = run(&b, argc, argv);
	db_close(&b.db);
	arena_free(&b.arena);
	return status;
}

int
main(int argc, char *argv[])
{
	int status;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return EXIT_SUCCESS;
	}
	for (size_t i = 0; argc > 1 && i < sizeof(commands) /
	    sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		status = run_command(commands[i].run, argc - 2, argv + 2);
		if (status == EXIT_USAGE)
			usage(stderr);
		return status;
	}
	usage(stderr);
	return EXIT_USAGE;
}

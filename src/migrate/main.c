/*
 * main: ./migrate's command line. One table of commands says what each
 * takes and which options apply to it; everything is checked here, before
 * any file or connection is opened, so that a usage error is always exit 2.
 */
#include <getopt.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

#define SECONDS_MAX 86400	/* for --wait and --lock-timeout */

enum command {
	COMMAND_INIT,
	COMMAND_NEW,
	COMMAND_UPGRADE,
	COMMAND_DOWNGRADE,
	COMMAND_STATUS,
	COMMAND_FORCE,
	COMMAND_BASELINE,
	COMMAND_VALIDATE,
	COMMAND_REPAIR,
	COMMAND__MAX
};

/* The options, as bits, to say which apply to a command. */
enum {
	OPTION_DRY_RUN = 1 << 0,
	OPTION_JSON = 1 << 1,
	OPTION_WAIT = 1 << 2,
	OPTION_LOCK_TIMEOUT = 1 << 3,
	OPTION_DIR = 1 << 4,
	OPTION_YES = 1 << 5,
};

struct command_def {
	const char *name;
	const char *argument;	/* "NAME", "VERSION" or NULL */
	int required;		/* the argument must be given */
	int options;		/* OPTION_* that apply */
	int (*run)(const struct migrate_options *);
};

static const struct command_def commands[COMMAND__MAX] = {
	[COMMAND_INIT] = { "init", NULL, 0, OPTION_WAIT, run_init },
	[COMMAND_NEW] = { "new", "NAME", 1, OPTION_DIR, run_new },
	[COMMAND_UPGRADE] = { "upgrade", "VERSION", 0, OPTION_DRY_RUN |
	    OPTION_WAIT | OPTION_LOCK_TIMEOUT | OPTION_DIR, run_upgrade },
	[COMMAND_DOWNGRADE] = { "downgrade", "VERSION", 0, OPTION_DRY_RUN |
	    OPTION_WAIT | OPTION_LOCK_TIMEOUT | OPTION_DIR, run_downgrade },
	[COMMAND_STATUS] = { "status", NULL, 0, OPTION_JSON | OPTION_WAIT |
	    OPTION_DIR, run_status },
	[COMMAND_FORCE] = { "force", "VERSION", 1, OPTION_WAIT |
	    OPTION_LOCK_TIMEOUT | OPTION_DIR, run_force },
	[COMMAND_BASELINE] = { "baseline", "VERSION", 1, OPTION_WAIT |
	    OPTION_LOCK_TIMEOUT | OPTION_DIR, run_baseline },
	[COMMAND_VALIDATE] = { "validate", NULL, 0, OPTION_DIR, run_validate },
	[COMMAND_REPAIR] = { "repair", NULL, 0, OPTION_YES | OPTION_WAIT |
	    OPTION_LOCK_TIMEOUT | OPTION_DIR, run_repair },
};

static const char usage_text[] =
"usage: ./migrate [options] command [argument]\n"
"\n"
"Applies the numbered SQL files in migrations/ to the database named in\n"
"config.ini (or in the file BLOG_CONFIG names), one statement at a time.\n"
"\n"
"commands:\n"
"  init                 create the database if missing (utf8mb4,\n"
"                       utf8mb4_unicode_ci) and the version table\n"
"  new NAME             write migrations/NNNN_NAME.sql, numbered after the\n"
"                       last; NAME is lowercase letters, digits and _\n"
"  upgrade [VERSION]    apply the pending migrations in order, up to VERSION\n"
"                       (default: all)\n"
"  downgrade [VERSION]  revert, last applied first, to VERSION (default: one\n"
"                       step back; 0: everything)\n"
"  status               current version, applied and pending migrations,\n"
"                       files changed or missing since, a dirty migration\n"
"  force VERSION        record that the database is at VERSION, clean: rows\n"
"                       above it go, files up to it count as applied (after\n"
"                       a failed migration was repaired by hand)\n"
"  baseline VERSION     record the files up to VERSION as applied without\n"
"                       running them, for a database whose schema was\n"
"                       made by other means; only when no migration is\n"
"                       recorded (the version table is created if missing)\n"
"  validate             check the files without a database: names,\n"
"                       numbering (no gaps, no duplicates), sections and\n"
"                       statements, every problem with its file and line;\n"
"                       when a database answers at once, also the\n"
"                       checksums of the applied files (exit 1 if any\n"
"                       problem; no database is not one)\n"
"  repair --yes         re-record the checksums of applied files edited\n"
"                       since, naming each; without --yes, print what it\n"
"                       would do, change nothing and exit 1\n"
"\n"
"options:\n"
"  --dry-run            upgrade, downgrade: print every statement, the\n"
"                       version table's too, and run nothing\n"
"  --json               status: print it as JSON, for scripts\n"
"  --wait SECONDS       wait up to SECONDS for the server to come up\n"
"                       (default: fail at once when it cannot be reached)\n"
"  --lock-timeout SECONDS\n"
"                       wait up to SECONDS (default 60) for another\n"
"                       ./migrate on the same database to finish\n"
"  --dir DIR            the migrations directory (default: migrations, in\n"
"                       the current directory); tests point it at scratch\n"
"                       files\n"
"  --yes                repair: re-record, not only say what it would\n"
"  -h, --help           print this text\n"
"\n"
"A migration has a '-- migrate:up' and a '-- migrate:down' section. Its\n"
"statements end with ';', or with what a 'DELIMITER xx' line sets (for\n"
"triggers and procedures); a ';' inside quotes or comments does not count.\n"
"MariaDB commits DDL at once, so a migration that fails halfway stays dirty\n"
"at the statement it reached: status says which, and upgrade waits until it\n"
"is repaired by hand and recorded with ./migrate force VERSION.\n"
"\n"
"Exit status: 0 done, 1 failed, 2 usage error.\n";

/* Prints a usage error; returns the exit status for it. */
static int
usage_error(const char *fmt, const char *arg)
{
	fputs("migrate: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nRun ./migrate --help for the usage.\n", stderr);
	return 2;
}

/* Parses a whole decimal number up to max; returns 0 or -1. */
static int
parse_number(const char *s, unsigned long max, unsigned *out)
{
	unsigned long n = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (unsigned long)(*s - '0');
		if (n > max)
			return -1;
	}
	*out = (unsigned)n;
	return 0;
}

/* Returns the option's name for messages. */
static const char *
option_name(int option)
{
	switch (option) {
	case OPTION_DRY_RUN:
		return "--dry-run";
	case OPTION_JSON:
		return "--json";
	case OPTION_WAIT:
		return "--wait";
	case OPTION_LOCK_TIMEOUT:
		return "--lock-timeout";
	case OPTION_DIR:
		return "--dir";
	default:
		return "--yes";
	}
}

/*
 * Reads the options into opt and the bits of those given into *given.
 * Returns -1 to go on, else the exit status (help printed: 0, usage: 2).
 */
static int
parse_options(int argc, char *argv[], struct migrate_options *opt,
    int *given)
{
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "wait", required_argument, NULL, 'w' },
		{ "lock-timeout", required_argument, NULL, 'l' },
		{ "dir", required_argument, NULL, 'd' },
		{ "yes", no_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			opt->dry_run = 1;
			*given |= OPTION_DRY_RUN;
			break;
		case 'j':
			opt->json = 1;
			*given |= OPTION_JSON;
			break;
		case 'w':
			if (parse_number(optarg, SECONDS_MAX, &opt->wait) != 0)
				return usage_error("--wait: '%s' is not a "
				    "number of seconds (0 to 86400)", optarg);
			*given |= OPTION_WAIT;
			break;
		case 'l':
			if (parse_number(optarg, SECONDS_MAX,
			    &opt->lock_timeout) != 0)
				return usage_error("--lock-timeout: '%s' is "
				    "not a number of seconds (0 to 86400)",
				    optarg);
			*given |= OPTION_LOCK_TIMEOUT;
			break;
		case 'd':
			if (*optarg == '\0')
				return usage_error("--dir: empty%s", "");
			opt->dir = optarg;
			*given |= OPTION_DIR;
			break;
		case 'y':
			opt->yes = 1;
			*given |= OPTION_YES;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case ':':
			return usage_error("%s needs a value",
			    argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	return -1;
}

/* Checks the command's argument into opt. Returns 0 or the usage error. */
static int
parse_argument(const struct command_def *cmd, const char *arg,
    struct migrate_options *opt)
{
	char name[SCRIPT_NAME_MAX + 16], why[512];
	unsigned version;

	if (arg == NULL)
		return cmd->required ? usage_error("%s needs an argument",
		    cmd->name) : 0;
	if (cmd->argument == NULL)
		return usage_error("%s takes no argument", cmd->name);
	if (strcmp(cmd->argument, "NAME") == 0) {
		/* NAME is valid when it makes a valid file name. */
		if (strlen(arg) > SCRIPT_NAME_MAX - 5)
			return usage_error("NAME '%s' is too long", arg);
		snprintf(name, sizeof(name), "0001_%s.sql", arg);
		if (script_parse_name(name, &version, why, sizeof(why)) != 0)
			return usage_error("NAME '%s': use only lowercase "
			    "letters, digits and _", arg);
		opt->name = arg;
		return 0;
	}
	if (parse_number(arg, UINT_MAX, &opt->version) != 0)
		return usage_error("VERSION '%s' is not a migration number",
		    arg);
	opt->has_version = 1;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct migrate_options opt;
	const struct command_def *cmd = NULL;
	int given = 0, rc, i, option;

	memset(&opt, 0, sizeof(opt));
	opt.dir = "migrations";
	opt.lock_timeout = LOCK_TIMEOUT_DEFAULT;
	if ((rc = parse_options(argc, argv, &opt, &given)) >= 0)
		return rc;
	if (optind >= argc)
		return usage_error("no command given%s", "");
	for (i = 0; i < COMMAND__MAX; i++)
		if (strcmp(argv[optind], commands[i].name) == 0)
			cmd = &commands[i];
	if (cmd == NULL)
		return usage_error("unknown command '%s'", argv[optind]);
	if (argc - optind > 2)
		return usage_error("too many arguments after '%s'",
		    argv[optind]);
	for (option = 1; option <= OPTION_YES; option <<= 1)
		if ((given & option) && !(cmd->options & option))
			return usage_error("%s does not apply to this command",
			    option_name(option));
	if ((rc = parse_argument(cmd, argc - optind == 2 ? argv[optind + 1] :
	    NULL, &opt)) != 0)
		return rc;
	if (sodium_init() < 0) {
		fputs("migrate: libsodium failed to initialise\n", stderr);
		return 1;
	}
	return cmd->run(&opt);
}

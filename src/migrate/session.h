/*
 * session: what one run of ./migrate works with: the options, config.ini,
 * the migration files, the connection, the lock and the version table as
 * read under it. The commands (runner.c, status.c) start from here.
 */
#ifndef MIGRATE_SESSION_H
#define MIGRATE_SESSION_H

#include <stddef.h>

#include "../lib/arena.h"
#include "../lib/buf.h"
#include "../lib/config.h"
#include "../model/migration.h"
#include "plan.h"
#include "script.h"

#define LOCK_TIMEOUT_DEFAULT 60	/* seconds */

/* The command line, checked. */
struct session_options {
	const char *dir;	/* the migrations directory */
	int dry_run;
	int json;
	unsigned wait;		/* seconds to wait for the server */
	unsigned lock_timeout;	/* seconds to wait for another run */
	int has_version;	/* VERSION was given */
	unsigned version;
	const char *name;	/* new NAME */
};

/* What session_open prepares. */
enum session_needs {
	SESSION_SCRIPTS = 1,	/* the migration files, read and checked */
	SESSION_SERVER = 2,	/* a connection, no database selected */
	SESSION_DATABASE = 4,	/* a connection to [database] name */
};

struct session {
	const struct session_options *opt;
	struct config cfg;
	struct arena arena;
	struct script_dir dir;
	MYSQL *db;
	struct migration_db *mdb;
	struct buf dry_run;		/* what a dry run would do */
	char lock[80];			/* the lock's name, once taken */
	int table_exists;
	struct migration *rows;		/* the version table */
	size_t nrows;
	struct plan plan;
};

/*
 * Loads config.ini and prepares what needs asks for. Returns 0, or -1
 * after printing why not. Call session_close either way.
 */
int session_open(struct session *s, const struct session_options *opt,
    int needs);

/* Releases the lock if taken, the connection and the memory. */
void session_close(struct session *s);

/*
 * Takes the lock that serializes runs on the database, saying who holds
 * it while waiting. Returns 0, or -1 after printing why not.
 */
int session_lock(struct session *s);

/*
 * Reads the version table (creating it first when create is set; in a dry
 * run that is only printed) and compares it with the files into s->plan.
 * Returns 0, or -1 after printing why not.
 */
int session_read(struct session *s, int create);

/* Prints "migrate: message" on stderr. */
void session_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Returns milliseconds on a monotonic clock. */
long long session_now_ms(void);

#endif

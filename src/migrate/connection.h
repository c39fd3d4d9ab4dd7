/*
 * connection: what one run of ./migrate works with: the options, config.ini,
 * the migration files, the connection (src/model/migration.h), the lock
 * and the version table as read under it. The commands (runner.c,
 * status.c) start from here.
 */
#ifndef MIGRATE_CONNECTION_H
#define MIGRATE_CONNECTION_H

#include <stddef.h>

#include "../lib/arena.h"
#include "../lib/buf.h"
#include "../lib/config.h"
#include "../model/migration.h"
#include "plan.h"
#include "script.h"

#define LOCK_TIMEOUT_DEFAULT 60	/* seconds */

/* The command line, checked. */
struct migrate_options {
	const char *dir;	/* the migrations directory */
	int dry_run;
	int json;
	int yes;		/* repair: do it, not only say it */
	unsigned wait;		/* seconds to wait for the server */
	unsigned lock_timeout;	/* seconds to wait for another run */
	int has_version;	/* VERSION was given */
	unsigned version;
	const char *name;	/* new NAME */
};

/* What conn_open prepares. */
enum conn_needs {
	CONN_SCRIPTS = 1,	/* the migration files, read and checked */
	CONN_SERVER = 2,	/* a connection, no database selected */
	CONN_DATABASE = 4,	/* a connection to [database] name */
};

struct migrate_conn {
	const struct migrate_options *opt;
	struct config cfg;
	struct arena arena;
	struct script_dir dir;
	struct migration_db *mdb;	/* the connection */
	struct buf dry_run;		/* what a dry run would do */
	char lock[80];			/* the lock's name, once taken */
	int table_exists;
	struct migration *rows;		/* the version table */
	size_t nrows;
	struct plan plan;
};

/*
 * Loads config.ini and prepares what needs asks for. Returns 0, or -1
 * after printing why not. Call conn_close either way.
 */
int conn_open(struct migrate_conn *s, const struct migrate_options *opt,
    int needs);

/* Releases the lock if taken, the connection and the memory. */
void conn_close(struct migrate_conn *s);

/*
 * Takes the lock that serializes runs on the database, saying who holds
 * it while waiting. Returns 0, or -1 after printing why not.
 */
int conn_lock(struct migrate_conn *s);

/*
 * Reads the version table (creating it first when create is set; in a dry
 * run that is only printed) and compares it with the files into s->plan.
 * Returns 0, or -1 after printing why not.
 */
int conn_read(struct migrate_conn *s, int create);

/* Prints "migrate: message" on stderr. */
void migrate_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Returns milliseconds on a monotonic clock. */
long long migrate_now_ms(void);

#endif

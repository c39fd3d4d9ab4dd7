/*
 * migration: the version table of ./migrate (schema_migrations) and the lock
 * that serialises runs of it: the only SQL of the migration tool. One row
 * per applied migration, with its checksum, when it ran and for how long,
 * and how far its last run got, so a half-failed one is reported precisely.
 * With a dry-run buffer, every statement that would change something is
 * appended there, values filled in, instead of being run.
 */
#ifndef MODEL_MIGRATION_H
#define MODEL_MIGRATION_H

#include <stddef.h>

struct arena;
struct buf;
struct config;

#define MIGRATION_TABLE "schema_migrations"

enum migration_direction {
	MIGRATION_UP,
	MIGRATION_DOWN,
};

/*
 * One row of the version table. A row ./migrate baseline wrote (the
 * migration's changes came by other means) is clean with none of its
 * statements run: statements_done 0 of statements_total, no duration. The
 * table has no column of its own for that mark: its shape is pinned by
 * sql/schema.sql, and tables made before would need altering.
 */
struct migration {
	unsigned version;
	char name[256];
	char checksum[65];		/* hex SHA-256 of the file as applied */
	char applied_at[20];		/* "YYYY-MM-DD HH:MM:SS", UTC */
	long long duration_ms;		/* -1: unfinished or forced */
	int dirty;			/* its last run did not finish */
	enum migration_direction direction;	/* of its last run */
	unsigned statements_done;	/* of that run, that succeeded */
	unsigned statements_total;
	int baseline;			/* recorded by ./migrate baseline */
};

/* What migration_database_create found or did. */
struct migration_database {
	int created;			/* it was missing */
	char charset[65];
	char collation[65];
};

/* Who holds a lock, from IS_USED_LOCK and PROCESSLIST. */
struct migration_lock_holder {
	unsigned long long connection;	/* 0: nobody */
	int visible;			/* user, host and seconds are known */
	char user[129];
	char host[256];
	long long seconds;		/* in its current state; -1: unknown */
};

struct migration_db;

/*
 * Opens a connection as cfg's [database] user, to its database when
 * with_database is set, waiting up to wait_seconds for the server (db.h's
 * db_open_now). dry_run, unless NULL, collects the writes. Returns the
 * handle, or NULL with the cause and the fix in err.
 */
struct migration_db *migration_db_open(const struct config *cfg,
    int with_database, unsigned wait_seconds, struct buf *dry_run,
    char *err, size_t errlen);

/* Closes the handle's connection and frees it; NULL is allowed. */
void migration_db_close(struct migration_db *mdb);

/* Returns the message of the handle's last failure. */
const char *migration_db_error(const struct migration_db *mdb);

/*
 * Runs the len bytes of sql, one statement of a migration file, as it is
 * (never in a dry run: the runner prints those itself). Returns 0, or -1
 * with the server's error in migration_db_error, saying so when the
 * connection was lost and the statement may or may not have been applied.
 */
int migration_run_sql(struct migration_db *mdb, const char *sql, size_t len);

/*
 * Creates database name (utf8mb4, utf8mb4_unicode_ci) if it is missing and
 * makes it the connection's; info says which, and its character set.
 * Returns 0 or -1.
 */
int migration_database_create(struct migration_db *mdb, const char *name,
    struct migration_database *info);

/* Returns 1 if the version table exists, 0 if not, -1 on failure. */
int migration_table_exists(struct migration_db *mdb);

/* Creates the version table if it is missing; returns 0 or -1. */
int migration_table_create(struct migration_db *mdb);

/*
 * Reads every row, in the order they were applied, into *rows (from a) and
 * *count. Returns 0 or -1.
 */
int migration_list(struct migration_db *mdb, struct arena *a,
    struct migration **rows, size_t *count);

/* Inserts m's row, dirty, before its up statements run; returns 0 or -1. */
int migration_start_up(struct migration_db *mdb, const struct migration *m);

/* Marks version's row dirty before its down statements run; 0 or -1. */
int migration_start_down(struct migration_db *mdb, unsigned version,
    unsigned statements_total);

/* Records that done statements succeeded; returns 0 or -1. */
int migration_progress(struct migration_db *mdb, unsigned version,
    unsigned done);

/* Marks version's row clean, with its duration; returns 0 or -1. */
int migration_finish_up(struct migration_db *mdb, unsigned version);

/* Deletes version's row (its downgrade finished); returns 0 or -1. */
int migration_remove(struct migration_db *mdb, unsigned version);

/* Deletes every row above version (force); returns 0 or -1. */
int migration_remove_above(struct migration_db *mdb, unsigned version);

/* Records m as applied by hand, clean (force); returns 0 or -1. */
int migration_force(struct migration_db *mdb, const struct migration *m);

/*
 * Records m as applied without running it (baseline): clean, statements
 * done 0 of m->statements_total, no duration. Fails if version has a row.
 * Returns 0 or -1.
 */
int migration_baseline(struct migration_db *mdb, const struct migration *m);

/*
 * Replaces the checksum of version's clean row, when it is still old, by
 * new (repair). Returns 0, or -1 when that changed no row or failed.
 */
int migration_rechecksum(struct migration_db *mdb, unsigned version,
    const char *old, const char *new);

/* Starts a transaction for several writes; returns 0 or -1. */
int migration_begin(struct migration_db *mdb);

/* Commits it; returns 0 or -1 (nothing of it stays then). */
int migration_commit(struct migration_db *mdb);

/* Undoes the transaction, if one is open. */
void migration_rollback(struct migration_db *mdb);

/* Writes the name of database's lock, at most 64 characters, into out. */
void migration_lock_name(const char *database, char *out, size_t outlen);

/*
 * Waits up to timeout seconds for lock name. Returns 1 when taken, 0 on a
 * time-out, -1 on failure.
 */
int migration_lock(struct migration_db *mdb, const char *name,
    unsigned timeout);

/* Fills in who holds lock name; returns 0 or -1. */
int migration_lock_holder(struct migration_db *mdb, const char *name,
    struct migration_lock_holder *holder);

/* Releases lock name; returns 0 or -1. */
int migration_unlock(struct migration_db *mdb, const char *name);

#endif

/*
 * migration: the version table and the migration lock, in the openradtool
 * manner: an enum of statements and one array with their SQL, run through
 * db.c like every other table's (prepared on connect); beside it, what
 * each statement does, for messages and the dry run.
 */
#include "migration.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/arena.h"
#include "../lib/buf.h"
#include "db.h"

enum stmt {
	STMT_SCHEMA_GET,
	STMT_TABLE_EXISTS,
	STMT_TABLE_CREATE,
	STMT_LIST,
	STMT_START_UP,
	STMT_START_DOWN,
	STMT_PROGRESS,
	STMT_FINISH_UP,
	STMT_REMOVE,
	STMT_REMOVE_ABOVE,
	STMT_FORCE,
	STMT_BASELINE,
	STMT_RECHECKSUM,
	STMT_LOCK,
	STMT_LOCK_HOLDER,
	STMT_UNLOCK,
	STMT__MAX
};

static const char *const migration_sql[STMT__MAX] = {
	[STMT_SCHEMA_GET] =
	    "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME "
	    "FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
	[STMT_TABLE_EXISTS] =
	    "SELECT COUNT(*) FROM information_schema.TABLES "
	    "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
	[STMT_TABLE_CREATE] =
	    "CREATE TABLE IF NOT EXISTS " MIGRATION_TABLE " (\n"
	    "    version INT UNSIGNED NOT NULL,\n"
	    "    name VARCHAR(255) NOT NULL,\n"
	    "    checksum CHAR(64) CHARACTER SET ascii COLLATE ascii_bin "
	    "NOT NULL,\n"
	    "    applied_at DATETIME(6) NOT NULL "
	    "DEFAULT CURRENT_TIMESTAMP(6),\n"
	    "    duration_ms BIGINT UNSIGNED NULL,\n"
	    "    dirty BOOLEAN NOT NULL,\n"
	    "    direction ENUM('up', 'down') NOT NULL,\n"
	    "    statements_done INT UNSIGNED NOT NULL,\n"
	    "    statements_total INT UNSIGNED NOT NULL,\n"
	    "    PRIMARY KEY (version)\n"
	    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 "
	    "COLLATE=utf8mb4_unicode_ci\n"
	    "  COMMENT='./migrate: one row per applied migration'",
	[STMT_LIST] =
	    "SELECT version, name, checksum, "
	    "DATE_FORMAT(applied_at, '%Y-%m-%d %H:%i:%s'), duration_ms, "
	    "dirty, direction, statements_done, statements_total "
	    "FROM " MIGRATION_TABLE " ORDER BY applied_at, version",
	[STMT_START_UP] =
	    "INSERT INTO " MIGRATION_TABLE " (version, name, checksum, "
	    "dirty, direction, statements_done, statements_total) "
	    "VALUES (?, ?, ?, 1, 'up', 0, ?)",
	[STMT_START_DOWN] =
	    "UPDATE " MIGRATION_TABLE " SET dirty = 1, direction = 'down', "
	    "statements_done = 0, statements_total = ? "
	    "WHERE version = ? AND dirty = 0",
	[STMT_PROGRESS] =
	    "UPDATE " MIGRATION_TABLE " SET statements_done = ? "
	    "WHERE version = ?",
	[STMT_FINISH_UP] =
	    "UPDATE " MIGRATION_TABLE " SET dirty = 0, duration_ms = "
	    "TIMESTAMPDIFF(MICROSECOND, applied_at, NOW(6)) DIV 1000 "
	    "WHERE version = ?",
	[STMT_REMOVE] =
	    "DELETE FROM " MIGRATION_TABLE " WHERE version = ?",
	[STMT_REMOVE_ABOVE] =
	    "DELETE FROM " MIGRATION_TABLE " WHERE version > ?",
	[STMT_FORCE] =
	    "INSERT INTO " MIGRATION_TABLE " (version, name, checksum, "
	    "dirty, direction, statements_done, statements_total, "
	    "duration_ms) VALUES (?, ?, ?, 0, 'up', ?, ?, NULL) "
	    "ON DUPLICATE KEY UPDATE name = VALUES(name), "
	    "checksum = VALUES(checksum), dirty = 0, direction = 'up', "
	    "statements_done = VALUES(statements_done), "
	    "statements_total = VALUES(statements_total), duration_ms = NULL",
	[STMT_BASELINE] =
	    "INSERT INTO " MIGRATION_TABLE " (version, name, checksum, "
	    "dirty, direction, statements_done, statements_total, "
	    "duration_ms) VALUES (?, ?, ?, 0, 'up', 0, ?, NULL)",
	[STMT_RECHECKSUM] =
	    "UPDATE " MIGRATION_TABLE " SET checksum = ? "
	    "WHERE version = ? AND checksum = ? AND dirty = 0",
	[STMT_LOCK] =
	    "SELECT GET_LOCK(?, ?)",
	[STMT_LOCK_HOLDER] =
	    "SELECT l.id, p.USER, p.HOST, p.TIME "
	    "FROM (SELECT IS_USED_LOCK(?) AS id) AS l "
	    "LEFT JOIN information_schema.PROCESSLIST AS p ON p.ID = l.id",
	[STMT_UNLOCK] =
	    "SELECT RELEASE_LOCK(?)",
};

static const struct db_table migration_table = {
	"migration", migration_sql, STMT__MAX, NULL, 0, 0
};

static const struct db_table *const migration_tables[] = {
	&migration_table, NULL
};

/* What each statement does, for messages; the writes go through
 * stmt_write, which prints them instead in a dry run. */
static const struct about {
	const char *what;	/* for error messages: "while <what>" */
	int one_row;		/* a write that must change exactly one row */
} about[STMT__MAX] = {
	[STMT_SCHEMA_GET] = { "looking up the database", 0 },
	[STMT_TABLE_EXISTS] = { "looking up the version table", 0 },
	[STMT_TABLE_CREATE] = { "creating the version table", 0 },
	[STMT_LIST] = { "reading the version table", 0 },
	[STMT_START_UP] = { "recording the start of a migration", 1 },
	[STMT_START_DOWN] = { "recording the start of a downgrade", 1 },
	[STMT_PROGRESS] = { "recording a migration's progress", 1 },
	[STMT_FINISH_UP] = { "recording the end of a migration", 1 },
	[STMT_REMOVE] = { "removing a migration's row", 1 },
	[STMT_REMOVE_ABOVE] = {
	    "removing the rows above the forced version", 0 },
	[STMT_FORCE] = { "recording a forced version", 0 },
	[STMT_BASELINE] = { "recording a migration as a baseline", 1 },
	[STMT_RECHECKSUM] = { "re-recording a migration's checksum", 1 },
	[STMT_LOCK] = { "taking the migration lock", 0 },
	[STMT_LOCK_HOLDER] = {
	    "looking up who holds the migration lock", 0 },
	[STMT_UNLOCK] = { "releasing the migration lock", 0 },
};

struct migration_db {
	struct db db;
	struct arena arena;	/* the current statement's parameters, rows */
	struct buf *dry_run;
	char error[2048];
};

/* Returns a number parameter. */
static struct db_arg
num(unsigned long long n)
{
	return db_arg_int((long long)n);
}

struct migration_db *
migration_db_open(const struct config *cfg, int with_database,
    unsigned wait_seconds, struct buf *dry_run, char *err, size_t errlen)
{
	struct migration_db *mdb = calloc(1, sizeof(*mdb));

	if (mdb == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	arena_init(&mdb->arena, 0);
	mdb->dry_run = dry_run;
	if (db_open_now(&mdb->db, cfg, migration_tables, with_database,
	    wait_seconds) != DB_OK) {
		snprintf(err, errlen, "%s", mdb->db.error);
		migration_db_close(mdb);
		return NULL;
	}
	return mdb;
}

void
migration_db_close(struct migration_db *mdb)
{
	if (mdb == NULL)
		return;
	db_close(&mdb->db);
	arena_free(&mdb->arena);
	free(mdb);
}

const char *
migration_db_error(const struct migration_db *mdb)
{
	return mdb->error;
}

/*
 * Writes the connection's last failure into the handle's error, after
 * prefix (which names what was being done). Returns -1.
 */
static int
failed(struct migration_db *mdb, const char *prefix)
{
	const struct db *db = &mdb->db;

	if (db->errnum != 0)
		snprintf(mdb->error, sizeof(mdb->error), "%sERROR %u (%s): %s",
		    prefix, db->errnum, db->sqlstate, db->message);
	else
		snprintf(mdb->error, sizeof(mdb->error), "%s%s", prefix,
		    db->message);
	return -1;
}

/* Records the failure of statement s as the handle's error; returns -1. */
static int
stmt_fail(struct migration_db *mdb, enum stmt s)
{
	char prefix[128];

	snprintf(prefix, sizeof(prefix), "error while %s: ", about[s].what);
	return failed(mdb, prefix);
}

/* Appends text as an SQL string literal, for the dry run's output. */
static void
render_text(struct buf *out, const char *s, size_t len)
{
	buf_puts(out, "'");
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\'')
			buf_puts(out, "''");
		else if (s[i] == '\\')
			buf_puts(out, "\\\\");
		else
			buf_append(out, s + i, 1);
	}
	buf_puts(out, "'");
}

/* Appends statement s with its values in place of the '?'s. */
static void
render(struct buf *out, enum stmt s, const struct db_arg *p, size_t n)
{
	const char *sql = migration_sql[s];
	size_t i = 0;

	for (; *sql != '\0'; sql++) {
		if (*sql != '?' || i >= n) {
			buf_append(out, sql, 1);
			continue;
		}
		if (p[i].type == DB_ARG_INT)
			buf_printf(out, "%lld", p[i].i);
		else
			render_text(out, p[i].s, p[i].len);
		i++;
	}
	buf_puts(out, ";\n");
}

/*
 * Runs write s with its n parameters; in a dry run, only prints it.
 * Returns 0 or -1.
 */
static int
stmt_write(struct migration_db *mdb, enum stmt s, const struct db_arg *p,
    size_t n)
{
	struct db_change change;

	mdb->error[0] = '\0';
	arena_reset(&mdb->arena);
	if (mdb->dry_run != NULL) {
		render(mdb->dry_run, s, p, n);
		return 0;
	}
	if (db_exec(&mdb->db, &mdb->arena, &migration_table, s, p, n,
	    &change) != DB_OK)
		return stmt_fail(mdb, s);
	if (about[s].one_row && change.rows != 1) {
		snprintf(mdb->error, sizeof(mdb->error),
		    "error while %s: %llu rows changed instead of one (did "
		    "another program change the version table?)",
		    about[s].what, change.rows);
		return -1;
	}
	return 0;
}

/*
 * Runs read s with its n parameters, for rows to be read from res
 * (db_next, then db_result_free). Returns 0 or -1.
 */
static int
stmt_read(struct migration_db *mdb, enum stmt s, const struct db_arg *p,
    size_t n, struct db_result *res)
{
	mdb->error[0] = '\0';
	arena_reset(&mdb->arena);
	if (db_query(&mdb->db, &mdb->arena, &migration_table, s, p, n,
	    res) != DB_OK)
		return stmt_fail(mdb, s);
	return 0;
}

/*
 * Runs read s, which answers one row, and leaves res on it (release it
 * with db_result_free). Returns 0 or -1.
 */
static int
stmt_read_row(struct migration_db *mdb, enum stmt s, const struct db_arg *p,
    size_t n, struct db_result *res)
{
	int rc;

	if (stmt_read(mdb, s, p, n, res) != 0)
		return -1;
	if ((rc = db_next(res)) == 1)
		return 0;
	db_result_free(res);
	if (rc == 0)
		snprintf(mdb->error, sizeof(mdb->error),
		    "error while %s: no row returned", about[s].what);
	else
		stmt_fail(mdb, s);
	return -1;
}

/* Copies column i of res into out, of size bytes, cut to fit. */
static void
col_copy(struct migration_db *mdb, const struct db_result *res, unsigned i,
    char *out, size_t size)
{
	size_t n;
	const char *s = db_col_text(res, i, &mdb->arena, &n);

	if (n >= size)
		n = size - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

/* Writes name quoted as an SQL identifier: `name`, backticks doubled. */
static void
quote_identifier(struct buf *out, const char *name)
{
	buf_puts(out, "`");
	for (; *name != '\0'; name++) {
		if (*name == '`')
			buf_puts(out, "``");
		else
			buf_append(out, name, 1);
	}
	buf_puts(out, "`");
}

/* Creates database name, which is missing; returns 0 or -1. */
static int
database_create(struct migration_db *mdb, const char *name)
{
	struct buf sql = { NULL, 0, 0 };
	char prefix[128];
	int rc;

	/*
	 * A name cannot be a bound parameter: it is quoted as an
	 * identifier instead, the one statement built from a value.
	 */
	buf_puts(&sql, "CREATE DATABASE IF NOT EXISTS ");
	quote_identifier(&sql, name);
	buf_puts(&sql, " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
	rc = db_exec_text(&mdb->db, sql.data, sql.len);
	buf_free(&sql);
	if (rc == DB_OK)
		return 0;
	snprintf(prefix, sizeof(prefix), "error while creating database "
	    "'%.64s': ", name);
	return failed(mdb, prefix);
}

int
migration_database_create(struct migration_db *mdb, const char *name,
    struct migration_database *info)
{
	const struct db_arg p[] = { db_arg_text(name) };
	struct db_result res;
	char prefix[128];
	int rc;

	memset(info, 0, sizeof(*info));
	if (stmt_read(mdb, STMT_SCHEMA_GET, p, 1, &res) != 0)
		return -1;
	if ((rc = db_next(&res)) == 1) {
		col_copy(mdb, &res, 0, info->charset, sizeof(info->charset));
		col_copy(mdb, &res, 1, info->collation,
		    sizeof(info->collation));
	}
	db_result_free(&res);
	if (rc < 0)
		return stmt_fail(mdb, STMT_SCHEMA_GET);
	if (rc == 0) {
		if (database_create(mdb, name) != 0)
			return -1;
		info->created = 1;
		snprintf(info->charset, sizeof(info->charset), "utf8mb4");
		snprintf(info->collation, sizeof(info->collation),
		    "utf8mb4_unicode_ci");
	}
	if (db_select_database(&mdb->db, name) != DB_OK) {
		snprintf(prefix, sizeof(prefix), "error while selecting "
		    "database '%.64s': ", name);
		return failed(mdb, prefix);
	}
	return 0;
}

int
migration_table_exists(struct migration_db *mdb)
{
	const struct db_arg p[] = { db_arg_text(MIGRATION_TABLE) };
	struct db_result res;
	long long count;

	if (stmt_read_row(mdb, STMT_TABLE_EXISTS, p, 1, &res) != 0)
		return -1;
	count = db_col_int(&res, 0);
	db_result_free(&res);
	return count > 0;
}

int
migration_table_create(struct migration_db *mdb)
{
	return stmt_write(mdb, STMT_TABLE_CREATE, NULL, 0);
}

/* Fills m from the current row of res, in STMT_LIST's column order. */
static void
migration_fill(struct migration_db *mdb, const struct db_result *res,
    struct migration *m)
{
	char direction[8];

	memset(m, 0, sizeof(*m));
	m->version = (unsigned)db_col_int(res, 0);
	col_copy(mdb, res, 1, m->name, sizeof(m->name));
	col_copy(mdb, res, 2, m->checksum, sizeof(m->checksum));
	col_copy(mdb, res, 3, m->applied_at, sizeof(m->applied_at));
	m->duration_ms = db_col_is_null(res, 4) ? -1 : db_col_int(res, 4);
	m->dirty = db_col_int(res, 5) != 0;
	col_copy(mdb, res, 6, direction, sizeof(direction));
	m->direction = strcmp(direction, "down") == 0 ? MIGRATION_DOWN :
	    MIGRATION_UP;
	m->statements_done = (unsigned)db_col_int(res, 7);
	m->statements_total = (unsigned)db_col_int(res, 8);
	/* Only baseline leaves a clean row short of its statements. */
	m->baseline = !m->dirty && m->direction == MIGRATION_UP &&
	    m->statements_done < m->statements_total;
}

int
migration_list(struct migration_db *mdb, struct arena *a,
    struct migration **rows, size_t *count)
{
	struct db_result res;
	size_t n, i;
	int rc = 1;

	*rows = NULL;
	*count = 0;
	if (stmt_read(mdb, STMT_LIST, NULL, 0, &res) != 0)
		return -1;
	n = (size_t)db_num_rows(&res);
	*rows = arena_calloc(a, n ? n : 1, sizeof(**rows));
	for (i = 0; i < n && (rc = db_next(&res)) == 1; i++)
		migration_fill(mdb, &res, &(*rows)[i]);
	db_result_free(&res);
	if (rc != 1)
		return stmt_fail(mdb, STMT_LIST);
	*count = n;
	return 0;
}

int
migration_start_up(struct migration_db *mdb, const struct migration *m)
{
	const struct db_arg p[] = { num(m->version), db_arg_text(m->name),
	    db_arg_text(m->checksum), num(m->statements_total) };

	return stmt_write(mdb, STMT_START_UP, p, 4);
}

int
migration_start_down(struct migration_db *mdb, unsigned version,
    unsigned statements_total)
{
	const struct db_arg p[] = { num(statements_total), num(version) };

	return stmt_write(mdb, STMT_START_DOWN, p, 2);
}

int
migration_progress(struct migration_db *mdb, unsigned version, unsigned done)
{
	const struct db_arg p[] = { num(done), num(version) };

	return stmt_write(mdb, STMT_PROGRESS, p, 2);
}

/* Runs write s, whose one parameter is version; returns 0 or -1. */
static int
write_version(struct migration_db *mdb, enum stmt s, unsigned version)
{
	const struct db_arg p[] = { num(version) };

	return stmt_write(mdb, s, p, 1);
}

int
migration_finish_up(struct migration_db *mdb, unsigned version)
{
	return write_version(mdb, STMT_FINISH_UP, version);
}

int
migration_remove(struct migration_db *mdb, unsigned version)
{
	return write_version(mdb, STMT_REMOVE, version);
}

int
migration_remove_above(struct migration_db *mdb, unsigned version)
{
	return write_version(mdb, STMT_REMOVE_ABOVE, version);
}

int
migration_force(struct migration_db *mdb, const struct migration *m)
{
	const struct db_arg p[] = { num(m->version), db_arg_text(m->name),
	    db_arg_text(m->checksum), num(m->statements_total),
	    num(m->statements_total) };

	return stmt_write(mdb, STMT_FORCE, p, 5);
}

int
migration_baseline(struct migration_db *mdb, const struct migration *m)
{
	const struct db_arg p[] = { num(m->version), db_arg_text(m->name),
	    db_arg_text(m->checksum), num(m->statements_total) };

	return stmt_write(mdb, STMT_BASELINE, p, 4);
}

int
migration_rechecksum(struct migration_db *mdb, unsigned version,
    const char *old, const char *new)
{
	const struct db_arg p[] = { db_arg_text(new), num(version),
	    db_arg_text(old) };

	return stmt_write(mdb, STMT_RECHECKSUM, p, 3);
}

int
migration_begin(struct migration_db *mdb)
{
	mdb->error[0] = '\0';
	if (db_begin(&mdb->db) != DB_OK)
		return failed(mdb, "error while starting a transaction: ");
	return 0;
}

int
migration_commit(struct migration_db *mdb)
{
	mdb->error[0] = '\0';
	if (db_commit(&mdb->db) != DB_OK)
		return failed(mdb, "error while committing (nothing of it was "
		    "recorded): ");
	return 0;
}

void
migration_rollback(struct migration_db *mdb)
{
	db_rollback(&mdb->db);
}

int
migration_run_sql(struct migration_db *mdb, const char *sql, size_t len)
{
	size_t used;

	mdb->error[0] = '\0';
	if (db_exec_text(&mdb->db, sql, len) == DB_OK)
		return 0;
	failed(mdb, "");
	used = strlen(mdb->error);
	if (db_error_is_disconnect(mdb->db.errnum))
		snprintf(mdb->error + used, sizeof(mdb->error) - used, "\nThe "
		    "connection was lost while the statement ran: it may or "
		    "may not have been applied.");
	return -1;
}

void
migration_lock_name(const char *database, char *out, size_t outlen)
{
	unsigned char hash[crypto_hash_sha256_BYTES];
	char hex[crypto_hash_sha256_BYTES * 2 + 1];

	/* GET_LOCK takes at most 64 characters; a database name, 64. */
	if (strlen(database) <= 56) {
		snprintf(out, outlen, "migrate:%s", database);
		return;
	}
	crypto_hash_sha256(hash, (const unsigned char *)database,
	    strlen(database));
	sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
	snprintf(out, outlen, "migrate:%.39s~%.16s", database, hex);
}

int
migration_lock(struct migration_db *mdb, const char *name, unsigned timeout)
{
	const struct db_arg p[] = { db_arg_text(name), num(timeout) };
	struct db_result res;
	int rc;

	if (stmt_read_row(mdb, STMT_LOCK, p, 2, &res) != 0)
		return -1;
	if (db_col_is_null(&res, 0)) {
		snprintf(mdb->error, sizeof(mdb->error),
		    "error while %s: GET_LOCK('%s') returned NULL",
		    about[STMT_LOCK].what, name);
		rc = -1;
	} else
		rc = db_col_int(&res, 0) == 1;
	db_result_free(&res);
	return rc;
}

int
migration_lock_holder(struct migration_db *mdb, const char *name,
    struct migration_lock_holder *holder)
{
	const struct db_arg p[] = { db_arg_text(name) };
	struct db_result res;

	memset(holder, 0, sizeof(*holder));
	if (stmt_read_row(mdb, STMT_LOCK_HOLDER, p, 1, &res) != 0)
		return -1;
	holder->connection = (unsigned long long)db_col_int(&res, 0);
	holder->visible = !db_col_is_null(&res, 1);
	col_copy(mdb, &res, 1, holder->user, sizeof(holder->user));
	col_copy(mdb, &res, 2, holder->host, sizeof(holder->host));
	holder->seconds = holder->visible ? db_col_int(&res, 3) : -1;
	db_result_free(&res);
	return 0;
}

int
migration_unlock(struct migration_db *mdb, const char *name)
{
	const struct db_arg p[] = { db_arg_text(name) };
	struct db_result res;

	if (stmt_read_row(mdb, STMT_UNLOCK, p, 1, &res) != 0)
		return -1;
	db_result_free(&res);
	return 0;
}

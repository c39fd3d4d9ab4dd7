/*
 * migration: the version table and the migration lock, in the openradtool
 * manner: an enum of statements and one array with their SQL, prepared on
 * first use; every result column is fetched as text into one row buffer.
 */
#include "migration.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/arena.h"
#include "../lib/buf.h"

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
	STMT_LOCK,
	STMT_LOCK_HOLDER,
	STMT_UNLOCK,
	STMT__MAX
};

struct stmt_def {
	const char *what;	/* for error messages: "while <what>" */
	int write;		/* printed, not run, in a dry run */
	int one_row;		/* a write that must change exactly one row */
	const char *sql;
};

static const struct stmt_def stmts[STMT__MAX] = {
	[STMT_SCHEMA_GET] = { "looking up the database", 0, 0,
	    "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME "
	    "FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?" },
	[STMT_TABLE_EXISTS] = { "looking up the version table", 0, 0,
	    "SELECT COUNT(*) FROM information_schema.TABLES "
	    "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?" },
	[STMT_TABLE_CREATE] = { "creating the version table", 1, 0,
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
	    "  COMMENT='./migrate: one row per applied migration'" },
	[STMT_LIST] = { "reading the version table", 0, 0,
	    "SELECT version, name, checksum, "
	    "DATE_FORMAT(applied_at, '%Y-%m-%d %H:%i:%s'), duration_ms, "
	    "dirty, direction, statements_done, statements_total "
	    "FROM " MIGRATION_TABLE " ORDER BY applied_at, version" },
	[STMT_START_UP] = { "recording the start of a migration", 1, 1,
	    "INSERT INTO " MIGRATION_TABLE " (version, name, checksum, "
	    "dirty, direction, statements_done, statements_total) "
	    "VALUES (?, ?, ?, 1, 'up', 0, ?)" },
	[STMT_START_DOWN] = { "recording the start of a downgrade", 1, 1,
	    "UPDATE " MIGRATION_TABLE " SET dirty = 1, direction = 'down', "
	    "statements_done = 0, statements_total = ? "
	    "WHERE version = ? AND dirty = 0" },
	[STMT_PROGRESS] = { "recording a migration's progress", 1, 1,
	    "UPDATE " MIGRATION_TABLE " SET statements_done = ? "
	    "WHERE version = ?" },
	[STMT_FINISH_UP] = { "recording the end of a migration", 1, 1,
	    "UPDATE " MIGRATION_TABLE " SET dirty = 0, duration_ms = "
	    "TIMESTAMPDIFF(MICROSECOND, applied_at, NOW(6)) DIV 1000 "
	    "WHERE version = ?" },
	[STMT_REMOVE] = { "removing a migration's row", 1, 1,
	    "DELETE FROM " MIGRATION_TABLE " WHERE version = ?" },
	[STMT_REMOVE_ABOVE] = { "removing the rows above the forced version",
	    1, 0,
	    "DELETE FROM " MIGRATION_TABLE " WHERE version > ?" },
	[STMT_FORCE] = { "recording a forced version", 1, 0,
	    "INSERT INTO " MIGRATION_TABLE " (version, name, checksum, "
	    "dirty, direction, statements_done, statements_total, "
	    "duration_ms) VALUES (?, ?, ?, 0, 'up', ?, ?, NULL) "
	    "ON DUPLICATE KEY UPDATE name = VALUES(name), "
	    "checksum = VALUES(checksum), dirty = 0, direction = 'up', "
	    "statements_done = VALUES(statements_done), "
	    "statements_total = VALUES(statements_total), duration_ms = NULL" },
	[STMT_LOCK] = { "taking the migration lock", 0, 0,
	    "SELECT GET_LOCK(?, ?)" },
	[STMT_LOCK_HOLDER] = { "looking up who holds the migration lock", 0, 0,
	    "SELECT l.id, p.USER, p.HOST, p.TIME "
	    "FROM (SELECT IS_USED_LOCK(?) AS id) AS l "
	    "LEFT JOIN information_schema.PROCESSLIST AS p ON p.ID = l.id" },
	[STMT_UNLOCK] = { "releasing the migration lock", 0, 0,
	    "SELECT RELEASE_LOCK(?)" },
};

#define MAX_PARAMS 5
#define MAX_COLUMNS 9
#define COLUMN_SIZE 1024	/* a VARCHAR(255) of 4-byte characters */

/* A statement's parameter: a number or a text. */
struct param {
	int is_text;
	unsigned long long number;
	const char *text;
};

struct migration_db {
	MYSQL *db;
	MYSQL_STMT *stmt[STMT__MAX];
	struct buf *dry_run;
	unsigned errnum;
	char error[1024];
	/* The current result row, every column as NUL-terminated text. */
	char col[MAX_COLUMNS][COLUMN_SIZE];
	unsigned long col_len[MAX_COLUMNS];
	my_bool col_null[MAX_COLUMNS];
	my_bool col_error[MAX_COLUMNS];
	unsigned ncols;
};

static struct param
num(unsigned long long n)
{
	struct param p = { 0, n, NULL };

	return p;
}

static struct param
text(const char *s)
{
	struct param p = { 1, 0, s };

	return p;
}

struct migration_db *
migration_db_open(MYSQL *db, struct buf *dry_run)
{
	struct migration_db *mdb = calloc(1, sizeof(*mdb));

	if (mdb == NULL)
		return NULL;
	mdb->db = db;
	mdb->dry_run = dry_run;
	return mdb;
}

void
migration_db_close(struct migration_db *mdb)
{
	size_t i;

	if (mdb == NULL)
		return;
	for (i = 0; i < STMT__MAX; i++)
		if (mdb->stmt[i] != NULL)
			mysql_stmt_close(mdb->stmt[i]);
	free(mdb);
}

const char *
migration_db_error(const struct migration_db *mdb)
{
	return mdb->error;
}

unsigned
migration_db_errno(const struct migration_db *mdb)
{
	return mdb->errnum;
}

/* Records a failure of statement s as the handle's error; returns -1. */
static int
stmt_fail(struct migration_db *mdb, enum stmt s, MYSQL_STMT *st)
{
	if (st != NULL) {
		mdb->errnum = mysql_stmt_errno(st);
		snprintf(mdb->error, sizeof(mdb->error),
		    "error while %s: ERROR %u (%s): %s", stmts[s].what,
		    mdb->errnum, mysql_stmt_sqlstate(st), mysql_stmt_error(st));
	} else {
		mdb->errnum = mysql_errno(mdb->db);
		snprintf(mdb->error, sizeof(mdb->error),
		    "error while %s: ERROR %u (%s): %s", stmts[s].what,
		    mdb->errnum, mysql_sqlstate(mdb->db), mysql_error(mdb->db));
	}
	return -1;
}

/* Appends text as an SQL string literal, for the dry run's output. */
static void
render_text(struct buf *out, const char *s)
{
	buf_puts(out, "'");
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			buf_puts(out, "''");
		else if (*s == '\\')
			buf_puts(out, "\\\\");
		else
			buf_append(out, s, 1);
	}
	buf_puts(out, "'");
}

/* Appends statement s with its values in place of the '?'s. */
static void
render(struct buf *out, enum stmt s, const struct param *p, size_t n)
{
	const char *sql = stmts[s].sql;
	size_t i = 0;

	for (; *sql != '\0'; sql++) {
		if (*sql != '?' || i >= n) {
			buf_append(out, sql, 1);
			continue;
		}
		if (p[i].is_text)
			render_text(out, p[i].text);
		else
			buf_printf(out, "%llu", p[i].number);
		i++;
	}
	buf_puts(out, ";\n");
}

/* Returns statement s, prepared on first use, or NULL on failure. */
static MYSQL_STMT *
stmt_get(struct migration_db *mdb, enum stmt s)
{
	MYSQL_STMT *st = mdb->stmt[s];

	if (st != NULL)
		return st;
	if ((st = mysql_stmt_init(mdb->db)) == NULL) {
		stmt_fail(mdb, s, NULL);
		return NULL;
	}
	if (mysql_stmt_prepare(st, stmts[s].sql, strlen(stmts[s].sql)) != 0) {
		stmt_fail(mdb, s, st);
		mysql_stmt_close(st);
		return NULL;
	}
	mdb->stmt[s] = st;
	return st;
}

/* Binds the result's columns, all as text, to the handle's row buffer. */
static int
stmt_bind_result(struct migration_db *mdb, enum stmt s, MYSQL_STMT *st)
{
	MYSQL_BIND bind[MAX_COLUMNS];
	unsigned i;

	mdb->ncols = mysql_stmt_field_count(st);
	if (mdb->ncols > MAX_COLUMNS) {
		snprintf(mdb->error, sizeof(mdb->error),
		    "error while %s: %u columns, at most %d expected",
		    stmts[s].what, mdb->ncols, MAX_COLUMNS);
		return -1;
	}
	memset(bind, 0, sizeof(bind));
	for (i = 0; i < mdb->ncols; i++) {
		bind[i].buffer_type = MYSQL_TYPE_STRING;
		bind[i].buffer = mdb->col[i];
		bind[i].buffer_length = COLUMN_SIZE - 1;
		bind[i].length = &mdb->col_len[i];
		bind[i].is_null = &mdb->col_null[i];
		bind[i].error = &mdb->col_error[i];
	}
	if (mysql_stmt_bind_result(st, bind) != 0 ||
	    mysql_stmt_store_result(st) != 0)
		return stmt_fail(mdb, s, st);
	return 0;
}

/*
 * Runs statement s with its n parameters; a write in a dry run is only
 * printed. A statement with a result leaves it to be read with row_next.
 * Returns 0 or -1.
 */
static int
stmt_run(struct migration_db *mdb, enum stmt s, const struct param *p,
    size_t n)
{
	MYSQL_BIND bind[MAX_PARAMS];
	unsigned long len[MAX_PARAMS];
	MYSQL_STMT *st;
	size_t i;

	mdb->errnum = 0;
	mdb->error[0] = '\0';
	mdb->ncols = 0;
	if (stmts[s].write && mdb->dry_run != NULL) {
		render(mdb->dry_run, s, p, n);
		return 0;
	}
	if ((st = stmt_get(mdb, s)) == NULL)
		return -1;
	if (n > MAX_PARAMS || mysql_stmt_param_count(st) != n) {
		snprintf(mdb->error, sizeof(mdb->error),
		    "error while %s: %zu parameters given, %lu expected",
		    stmts[s].what, n, mysql_stmt_param_count(st));
		return -1;
	}
	memset(bind, 0, sizeof(bind));
	for (i = 0; i < n; i++) {
		if (p[i].is_text) {
			len[i] = strlen(p[i].text);
			bind[i].buffer_type = MYSQL_TYPE_STRING;
			bind[i].buffer = (void *)p[i].text;
			bind[i].buffer_length = len[i];
			bind[i].length = &len[i];
		} else {
			bind[i].buffer_type = MYSQL_TYPE_LONGLONG;
			bind[i].buffer = (void *)&p[i].number;
			bind[i].is_unsigned = 1;
		}
	}
	if ((n > 0 && mysql_stmt_bind_param(st, bind) != 0) ||
	    mysql_stmt_execute(st) != 0)
		return stmt_fail(mdb, s, st);
	if (mysql_stmt_field_count(st) > 0)
		return stmt_bind_result(mdb, s, st);
	if (stmts[s].one_row && mysql_stmt_affected_rows(st) != 1) {
		snprintf(mdb->error, sizeof(mdb->error),
		    "error while %s: %llu rows changed instead of one (did "
		    "another program change the version table?)",
		    stmts[s].what,
		    (unsigned long long)mysql_stmt_affected_rows(st));
		return -1;
	}
	return 0;
}

/* Fetches the next row of s's result into the row buffer: 1, 0 at the
 * end (the result is then freed), -1 on failure. */
static int
row_next(struct migration_db *mdb, enum stmt s)
{
	MYSQL_STMT *st = mdb->stmt[s];
	unsigned i;
	int rc;

	rc = mysql_stmt_fetch(st);
	if (rc == MYSQL_NO_DATA) {
		mysql_stmt_free_result(st);
		return 0;
	}
	if (rc == MYSQL_DATA_TRUNCATED) {
		snprintf(mdb->error, sizeof(mdb->error),
		    "error while %s: a value longer than %d bytes",
		    stmts[s].what, COLUMN_SIZE - 1);
		mysql_stmt_free_result(st);
		return -1;
	}
	if (rc != 0) {
		stmt_fail(mdb, s, st);
		mysql_stmt_free_result(st);
		return -1;
	}
	for (i = 0; i < mdb->ncols; i++)
		mdb->col[i][mdb->col_null[i] ? 0 : mdb->col_len[i]] = '\0';
	return 1;
}

/* Reads the one row s returns (first column only matters to callers). */
static int
row_single(struct migration_db *mdb, enum stmt s)
{
	int rc = row_next(mdb, s);

	if (rc == 1)
		mysql_stmt_free_result(mdb->stmt[s]);
	else if (rc == 0)
		snprintf(mdb->error, sizeof(mdb->error),
		    "error while %s: no row returned", stmts[s].what);
	return rc == 1 ? 0 : -1;
}

/* Returns column i of the row as a number (0 when NULL). */
static long long
col_number(const struct migration_db *mdb, unsigned i)
{
	return mdb->col_null[i] ? 0 : strtoll(mdb->col[i], NULL, 10);
}

/* Copies column i into out, of size bytes, cut to fit. */
static void
col_copy(const struct migration_db *mdb, unsigned i, char *out, size_t size)
{
	size_t n = mdb->col_null[i] ? 0 : mdb->col_len[i];

	if (n >= size)
		n = size - 1;
	memcpy(out, mdb->col[i], n);
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

int
migration_database_create(struct migration_db *mdb, const char *name,
    struct migration_database *info)
{
	const struct param p[] = { text(name) };
	struct buf sql = { NULL, 0, 0 };
	int rc;

	memset(info, 0, sizeof(*info));
	if (stmt_run(mdb, STMT_SCHEMA_GET, p, 1) != 0)
		return -1;
	if ((rc = row_next(mdb, STMT_SCHEMA_GET)) < 0)
		return -1;
	if (rc == 1) {
		col_copy(mdb, 0, info->charset, sizeof(info->charset));
		col_copy(mdb, 1, info->collation, sizeof(info->collation));
		mysql_stmt_free_result(mdb->stmt[STMT_SCHEMA_GET]);
	} else {
		/*
		 * A name cannot be a bound parameter: it is quoted as an
		 * identifier instead, the one statement built from a value.
		 */
		buf_puts(&sql, "CREATE DATABASE IF NOT EXISTS ");
		quote_identifier(&sql, name);
		buf_puts(&sql, " CHARACTER SET utf8mb4 "
		    "COLLATE utf8mb4_unicode_ci");
		rc = mysql_real_query(mdb->db, sql.data, sql.len);
		buf_free(&sql);
		if (rc != 0) {
			mdb->errnum = mysql_errno(mdb->db);
			snprintf(mdb->error, sizeof(mdb->error),
			    "error while creating database '%s': ERROR %u "
			    "(%s): %s", name, mdb->errnum,
			    mysql_sqlstate(mdb->db), mysql_error(mdb->db));
			return -1;
		}
		info->created = 1;
		snprintf(info->charset, sizeof(info->charset), "utf8mb4");
		snprintf(info->collation, sizeof(info->collation),
		    "utf8mb4_unicode_ci");
	}
	if (mysql_select_db(mdb->db, name) != 0) {
		mdb->errnum = mysql_errno(mdb->db);
		snprintf(mdb->error, sizeof(mdb->error),
		    "error while selecting database '%s': ERROR %u (%s): %s",
		    name, mdb->errnum, mysql_sqlstate(mdb->db),
		    mysql_error(mdb->db));
		return -1;
	}
	return 0;
}

int
migration_table_exists(struct migration_db *mdb)
{
	const struct param p[] = { text(MIGRATION_TABLE) };

	if (stmt_run(mdb, STMT_TABLE_EXISTS, p, 1) != 0 ||
	    row_single(mdb, STMT_TABLE_EXISTS) != 0)
		return -1;
	return col_number(mdb, 0) > 0;
}

int
migration_table_create(struct migration_db *mdb)
{
	return stmt_run(mdb, STMT_TABLE_CREATE, NULL, 0);
}

/* Fills m from the row buffer, in STMT_LIST's column order. */
static void
migration_fill(const struct migration_db *mdb, struct migration *m)
{
	memset(m, 0, sizeof(*m));
	m->version = (unsigned)col_number(mdb, 0);
	col_copy(mdb, 1, m->name, sizeof(m->name));
	col_copy(mdb, 2, m->checksum, sizeof(m->checksum));
	col_copy(mdb, 3, m->applied_at, sizeof(m->applied_at));
	m->duration_ms = mdb->col_null[4] ? -1 : col_number(mdb, 4);
	m->dirty = col_number(mdb, 5) != 0;
	m->direction = strcmp(mdb->col[6], "down") == 0 ? MIGRATION_DOWN :
	    MIGRATION_UP;
	m->statements_done = (unsigned)col_number(mdb, 7);
	m->statements_total = (unsigned)col_number(mdb, 8);
}

int
migration_list(struct migration_db *mdb, struct arena *a,
    struct migration **rows, size_t *count)
{
	MYSQL_STMT *st;
	size_t n, i = 0;

	*rows = NULL;
	*count = 0;
	if (stmt_run(mdb, STMT_LIST, NULL, 0) != 0)
		return -1;
	st = mdb->stmt[STMT_LIST];
	n = (size_t)mysql_stmt_num_rows(st);
	if ((*rows = arena_calloc(a, n ? n : 1, sizeof(**rows))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (row_next(mdb, STMT_LIST) != 1)
			return -1;
		migration_fill(mdb, &(*rows)[i]);
	}
	mysql_stmt_free_result(st);
	*count = n;
	return 0;
}

int
migration_start_up(struct migration_db *mdb, const struct migration *m)
{
	const struct param p[] = { num(m->version), text(m->name),
	    text(m->checksum), num(m->statements_total) };

	return stmt_run(mdb, STMT_START_UP, p, 4);
}

int
migration_start_down(struct migration_db *mdb, unsigned version,
    unsigned statements_total)
{
	const struct param p[] = { num(statements_total), num(version) };

	return stmt_run(mdb, STMT_START_DOWN, p, 2);
}

int
migration_progress(struct migration_db *mdb, unsigned version, unsigned done)
{
	const struct param p[] = { num(done), num(version) };

	return stmt_run(mdb, STMT_PROGRESS, p, 2);
}

int
migration_finish_up(struct migration_db *mdb, unsigned version)
{
	const struct param p[] = { num(version) };

	return stmt_run(mdb, STMT_FINISH_UP, p, 1);
}

int
migration_remove(struct migration_db *mdb, unsigned version)
{
	const struct param p[] = { num(version) };

	return stmt_run(mdb, STMT_REMOVE, p, 1);
}

int
migration_remove_above(struct migration_db *mdb, unsigned version)
{
	const struct param p[] = { num(version) };

	return stmt_run(mdb, STMT_REMOVE_ABOVE, p, 1);
}

int
migration_force(struct migration_db *mdb, const struct migration *m)
{
	const struct param p[] = { num(m->version), text(m->name),
	    text(m->checksum), num(m->statements_total),
	    num(m->statements_total) };

	return stmt_run(mdb, STMT_FORCE, p, 5);
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
	const struct param p[] = { text(name), num(timeout) };

	if (stmt_run(mdb, STMT_LOCK, p, 2) != 0 ||
	    row_single(mdb, STMT_LOCK) != 0)
		return -1;
	if (mdb->col_null[0]) {
		snprintf(mdb->error, sizeof(mdb->error),
		    "error while %s: GET_LOCK('%s') returned NULL",
		    stmts[STMT_LOCK].what, name);
		return -1;
	}
	return col_number(mdb, 0) == 1;
}

int
migration_lock_holder(struct migration_db *mdb, const char *name,
    struct migration_lock_holder *holder)
{
	const struct param p[] = { text(name) };

	memset(holder, 0, sizeof(*holder));
	if (stmt_run(mdb, STMT_LOCK_HOLDER, p, 1) != 0 ||
	    row_single(mdb, STMT_LOCK_HOLDER) != 0)
		return -1;
	holder->connection = (unsigned long long)col_number(mdb, 0);
	holder->visible = !mdb->col_null[1];
	col_copy(mdb, 1, holder->user, sizeof(holder->user));
	col_copy(mdb, 2, holder->host, sizeof(holder->host));
	holder->seconds = holder->visible ? col_number(mdb, 3) : -1;
	return 0;
}

int
migration_unlock(struct migration_db *mdb, const char *name)
{
	const struct param p[] = { text(name) };

	if (stmt_run(mdb, STMT_UNLOCK, p, 1) != 0 ||
	    row_single(mdb, STMT_UNLOCK) != 0)
		return -1;
	return 0;
}

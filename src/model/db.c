/*
 * db: opening connections and explaining why one could not be opened; the
 * statement cache, reads, writes and transactions of a long-lived process.
 */
#include "db.h"

#include <errmsg.h>
#include <mysqld_error.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../lib/arena.h"
#include "../lib/config.h"
#include "../lib/date.h"

#define DB_CONNECT_TIMEOUT 5	/* seconds */
/*
 * Seconds a worker's connection waits for the server to answer or take a
 * request: a server that hangs (stopped, or cut off) costs a request this
 * long and then a 503, instead of holding the worker until it wakes. The
 * connections of ./migrate wait as long as a statement takes.
 */
#define DB_IO_TIMEOUT 5
/* Seconds a worker's statement may run: under DB_IO_TIMEOUT. */
#define DB_STATEMENT_TIME_SQL "SET SESSION max_statement_time = 2"
#define DB_RETRY_PAUSE_MS 200	/* between tries while waiting for the server */

/* Where the connection was tried, for messages: the socket or host:port. */
static void
db_describe_target(const struct config *cfg, char *out, size_t outlen)
{
	if (cfg->db_socket[0] != '\0')
		snprintf(out, outlen, "socket %s", cfg->db_socket);
	else
		snprintf(out, outlen, "%s:%u", cfg->db_host[0] ? cfg->db_host :
		    "localhost", cfg->db_port);
}

void
db_explain_connect_error(const struct config *cfg, unsigned errnum,
    const char *message, char *err, size_t errlen)
{
	char target[CONFIG_PATH_MAX + 16];

	db_describe_target(cfg, target, sizeof(target));
	switch (errnum) {
	case CR_CONNECTION_ERROR:
	case CR_CONN_HOST_ERROR:
	case CR_SERVER_LOST:
		snprintf(err, errlen,
		    "cannot reach the MariaDB server at %s (ERROR %u: %s).\n"
		    "Is the database started? For the private one run "
		    "'make db-start'; otherwise set [database] socket (or host "
		    "and port) in %s to where the server listens.",
		    target, errnum, message, cfg->path);
		break;
	case ER_ACCESS_DENIED_ERROR:
	case ER_ACCESS_DENIED_NO_PASSWORD_ERROR: {
		/* ./migrate connects as the migrate account (config.h). */
		int migrate = cfg->db_migrate_user[0] != '\0' &&
		    strcmp(cfg->db_user, cfg->db_migrate_user) == 0;

		snprintf(err, errlen,
		    "access denied for user '%s' at %s (ERROR %u: %s).\n"
		    "Set [database] %s and %s in %s (or %s) to an account that "
		    "exists with that password. 'root' on Debian signs in "
		    "through the unix_socket plugin, which accepts only the "
		    "system user root and no password: give the blog its own "
		    "accounts instead, e.g. CREATE USER '%s'@'localhost' "
		    "IDENTIFIED BY '...'; GRANT %s ON `%s`.* TO "
		    "'%s'@'localhost'; ('make db-start' does this for the "
		    "private database).",
		    cfg->db_user, target, errnum, message,
		    migrate ? "migrate_user" : "user",
		    migrate ? "migrate_password" : "password", cfg->path,
		    migrate ? "BLOG_DB_MIGRATE_PASSWORD" : "BLOG_DB_PASSWORD",
		    cfg->db_user, migrate ? "ALL" :
		    "SELECT, INSERT, UPDATE, DELETE", cfg->db_name,
		    cfg->db_user);
		break;
	}
	case ER_BAD_DB_ERROR:
		snprintf(err, errlen,
		    "database '%s' does not exist at %s (ERROR %u: %s).\n"
		    "Run './migrate init' to create it, or set [database] name "
		    "in %s.", cfg->db_name, target, errnum, message, cfg->path);
		break;
	default:
		snprintf(err, errlen, "cannot connect to MariaDB at %s as '%s' "
		    "(ERROR %u: %s)", target, cfg->db_user, errnum, message);
		break;
	}
}

int
db_error_is_disconnect(unsigned errnum)
{
	return errnum == CR_SERVER_GONE_ERROR || errnum == CR_SERVER_LOST ||
	    errnum == CR_CONNECTION_ERROR || errnum == CR_CONN_HOST_ERROR ||
	    errnum == ER_CONNECTION_KILLED || errnum == ER_SERVER_SHUTDOWN;
}

/*
 * Opens a connection as db_connect does, whose reads and writes give up
 * after io_timeout seconds (0: never); also stores the error number in
 * *errnum (0 on success) so that db_connect_wait can tell "not up yet" from
 * the failures that waiting does not cure.
 */
static MYSQL *
db_open(const struct config *cfg, int with_database, unsigned io_timeout,
    unsigned *errnum, char *err, size_t errlen)
{
	MYSQL *db = mysql_init(NULL);
	unsigned timeout = DB_CONNECT_TIMEOUT;
	const char *socket = cfg->db_socket[0] ? cfg->db_socket : NULL;
	const char *host = socket ? "localhost" :
	    (cfg->db_host[0] ? cfg->db_host : "localhost");

	*errnum = 0;
	if (db == NULL) {
		*errnum = CR_OUT_OF_MEMORY;
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	mysql_optionsv(db, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	if (io_timeout > 0) {
		mysql_optionsv(db, MYSQL_OPT_READ_TIMEOUT, &io_timeout);
		mysql_optionsv(db, MYSQL_OPT_WRITE_TIMEOUT, &io_timeout);
	}
	mysql_optionsv(db, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	/* Times are stored and compared in UTC, whatever the server's zone. */
	mysql_optionsv(db, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00'");
	/*
	 * A worker's statements (io_timeout set) stop on the server before
	 * the worker stops waiting for them, so none runs on for a request
	 * that has given up. ./migrate's and ./blogctl's may take as long
	 * as they need (an index built over every post), whatever limit the
	 * account has (MAX_STATEMENT_TIME only sets the session's default).
	 */
	mysql_optionsv(db, MYSQL_INIT_COMMAND, io_timeout > 0 ?
	    DB_STATEMENT_TIME_SQL : "SET SESSION max_statement_time = 0");
	if (mysql_real_connect(db, host, cfg->db_user, cfg->db_password,
	    with_database ? cfg->db_name : NULL, socket ? 0 : cfg->db_port,
	    socket, 0) == NULL) {
		*errnum = mysql_errno(db);
		db_explain_connect_error(cfg, *errnum, mysql_error(db), err,
		    errlen);
		mysql_close(db);
		return NULL;
	}
	return db;
}

MYSQL *
db_connect(const struct config *cfg, int with_database, char *err,
    size_t errlen)
{
	unsigned errnum;

	return db_open(cfg, with_database, 0, &errnum, err, errlen);
}

MYSQL *
db_connect_wait(const struct config *cfg, int with_database,
    unsigned wait_seconds, char *err, size_t errlen)
{
	const struct timespec pause = { 0, DB_RETRY_PAUSE_MS * 1000000L };
	struct timespec start, now;
	unsigned errnum;
	size_t used;
	MYSQL *db;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		db = db_open(cfg, with_database, 0, &errnum, err, errlen);
		if (db != NULL || wait_seconds == 0 ||
		    !db_error_is_disconnect(errnum))
			return db;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec >= (time_t)wait_seconds)
			break;
		nanosleep(&pause, NULL);
	}
	used = strlen(err);
	if (used < errlen)
		snprintf(err + used, errlen - used,
		    "\n(Gave up after waiting %u s for the server.)",
		    wait_seconds);
	return NULL;
}

/*
 * The connection of a long-lived worker: statement cache, reconnecting, and
 * results read into memory bound to the request's arena.
 */

/* db_try's answer when the connection is gone: reconnect and try again. */
#define DB_RETRY (-100)

/* One column of the current row; bound by db_bind_results. */
struct db_cell {
	long long i;
	MYSQL_TIME t;
	char *s;
	unsigned long len;
	my_bool is_null;
	my_bool error;
};

static const char db_ping_sql[] = "SELECT 1";

void
db_init(struct db *db, const struct config *cfg)
{
	memset(db, 0, sizeof(*db));
	db->cfg = cfg;
}

/*
 * Closes the statements and the connection but remembers an open
 * transaction, so that nothing after a lost connection runs outside it.
 */
static void
db_drop_connection(struct db *db)
{
	for (size_t i = 0; i < db->nstmts; i++)
		mysql_stmt_close(db->stmts[i].stmt);
	db->nstmts = 0;
	if (db->conn != NULL)
		mysql_close(db->conn);
	db->conn = NULL;
}

void
db_close(struct db *db)
{
	db_drop_connection(db);
	db->in_transaction = 0;
}

struct db_arg
db_arg_int(long long value)
{
	struct db_arg arg = { .type = DB_ARG_INT, .i = value };

	return arg;
}

struct db_arg
db_arg_text(const char *s)
{
	return db_arg_text_len(s, strlen(s));
}

struct db_arg
db_arg_text_len(const char *s, size_t len)
{
	struct db_arg arg = { .type = DB_ARG_TEXT, .s = s, .len = len };

	return arg;
}

struct db_arg
db_arg_blob(const void *p, size_t len)
{
	struct db_arg arg = { .type = DB_ARG_BLOB, .s = p, .len = len };

	return arg;
}

/*
 * Returns what the server's error errnum means for the caller: DB_RETRY
 * (the connection is gone), DB_DUPLICATE, DB_DEADLOCK or DB_ERROR.
 */
static int
db_status_of(unsigned errnum)
{
	if (db_error_is_disconnect(errnum))
		return DB_RETRY;
	if (errnum == ER_DUP_ENTRY || errnum == ER_DUP_ENTRY_WITH_KEY_NAME)
		return DB_DUPLICATE;
	if (errnum == ER_LOCK_DEADLOCK || errnum == ER_LOCK_WAIT_TIMEOUT)
		return DB_DEADLOCK;
	return DB_ERROR;
}

/* Records a statement's failure; returns its db_status_of. */
static int
db_stmt_failed(struct db *db, MYSQL_STMT *stmt, const char *doing)
{
	unsigned errnum = mysql_stmt_errno(stmt);

	snprintf(db->error, sizeof(db->error), "%s: ERROR %u: %s", doing,
	    errnum, mysql_stmt_error(stmt));
	return db_status_of(errnum);
}

/*
 * Opens the connection if there is none; DB_OK or DB_UNAVAILABLE. A
 * transaction whose connection was lost stays lost until db_rollback.
 */
static int
db_ensure_connected(struct db *db)
{
	unsigned errnum;

	if (db->conn != NULL)
		return DB_OK;
	if (db->in_transaction) {
		snprintf(db->error, sizeof(db->error), "the connection was "
		    "lost in the middle of a transaction");
		return DB_UNAVAILABLE;
	}
	db->conn = db_open(db->cfg, 1, DB_IO_TIMEOUT, &errnum, db->error,
	    sizeof(db->error));
	if (db->conn == NULL) {
		/* The explanation has line breaks; a log entry is one line. */
		for (char *p = db->error; *p; p++)
			if (*p == '\n')
				*p = ' ';
		return DB_UNAVAILABLE;
	}
	return DB_OK;
}

/* Finds or prepares the statement of sql; DB_OK, DB_RETRY or DB_ERROR. */
static int
db_prepare_cached(struct db *db, const char *sql, MYSQL_STMT **out)
{
	MYSQL_STMT *stmt;
	my_bool update_max_length = 1;

	for (size_t i = 0; i < db->nstmts; i++) {
		if (db->stmts[i].sql == sql) {
			*out = db->stmts[i].stmt;
			return DB_OK;
		}
	}
	if (db->nstmts == DB_STMT_MAX) {
		snprintf(db->error, sizeof(db->error), "more than %d distinct "
		    "statements: raise DB_STMT_MAX", DB_STMT_MAX);
		return DB_ERROR;
	}
	if ((stmt = mysql_stmt_init(db->conn)) == NULL) {
		snprintf(db->error, sizeof(db->error), "out of memory");
		return DB_ERROR;
	}
	/* So that db_bind_results can size each text column's buffer. */
	mysql_stmt_attr_set(stmt, STMT_ATTR_UPDATE_MAX_LENGTH,
	    &update_max_length);
	if (mysql_stmt_prepare(stmt, sql, strlen(sql)) != 0) {
		int rc = db_stmt_failed(db, stmt, "preparing");

		snprintf(db->error + strlen(db->error), sizeof(db->error) -
		    strlen(db->error), " [%.80s]", sql);
		mysql_stmt_close(stmt);
		return rc;
	}
	db->stmts[db->nstmts].sql = sql;
	db->stmts[db->nstmts].stmt = stmt;
	db->nstmts++;
	*out = stmt;
	return DB_OK;
}

static int
db_bind_params(struct db *db, struct arena *a, MYSQL_STMT *stmt,
    const struct db_arg *args, size_t nargs)
{
	MYSQL_BIND *bind;

	if (nargs != mysql_stmt_param_count(stmt) || nargs > DB_ARGS_MAX) {
		snprintf(db->error, sizeof(db->error), "%zu parameters for a "
		    "statement of %lu", nargs, mysql_stmt_param_count(stmt));
		return DB_ERROR;
	}
	if (nargs == 0)
		return DB_OK;
	bind = arena_calloc(a, nargs, sizeof(*bind));
	for (size_t i = 0; i < nargs; i++) {
		switch (args[i].type) {
		case DB_ARG_INT:
			bind[i].buffer_type = MYSQL_TYPE_LONGLONG;
			bind[i].buffer = (void *)&args[i].i;
			break;
		case DB_ARG_TEXT:
		case DB_ARG_BLOB:
			/* The server converts a STRING from the connection's
			 * character set, and takes a BLOB as bytes. */
			bind[i].buffer_type = args[i].type == DB_ARG_TEXT ?
			    MYSQL_TYPE_STRING : MYSQL_TYPE_BLOB;
			bind[i].buffer = (void *)args[i].s;
			bind[i].buffer_length = args[i].len;
			break;
		}
	}
	if (mysql_stmt_bind_param(stmt, bind) != 0)
		return db_stmt_failed(db, stmt, "binding parameters");
	return DB_OK;
}

/* Binds every column of the stored result to a cell; DB_OK or DB_ERROR. */
static int
db_bind_results(struct db *db, struct arena *a, struct db_result *res)
{
	MYSQL_RES *meta = mysql_stmt_result_metadata(res->stmt);
	MYSQL_FIELD *fields;

	res->ncols = 0;
	if (meta == NULL)
		return DB_OK;	/* a statement without a result set */
	res->ncols = mysql_num_fields(meta);
	fields = mysql_fetch_fields(meta);
	res->bind = arena_calloc(a, res->ncols, sizeof(*res->bind));
	res->cells = arena_calloc(a, res->ncols, sizeof(*res->cells));
	for (unsigned i = 0; i < res->ncols; i++) {
		MYSQL_BIND *b = &res->bind[i];
		struct db_cell *c = &res->cells[i];

		b->is_null = &c->is_null;
		b->error = &c->error;
		b->length = &c->len;
		switch (fields[i].type) {
		case MYSQL_TYPE_TINY:
		case MYSQL_TYPE_SHORT:
		case MYSQL_TYPE_INT24:
		case MYSQL_TYPE_LONG:
		case MYSQL_TYPE_LONGLONG:
		case MYSQL_TYPE_YEAR:
			b->buffer_type = MYSQL_TYPE_LONGLONG;
			b->buffer = &c->i;
			b->is_unsigned = (fields[i].flags & UNSIGNED_FLAG) != 0;
			break;
		case MYSQL_TYPE_DATE:
		case MYSQL_TYPE_DATETIME:
		case MYSQL_TYPE_TIMESTAMP:
			b->buffer_type = MYSQL_TYPE_DATETIME;
			b->buffer = &c->t;
			break;
		default:
			/* Text, and anything else the client converts to it. */
			b->buffer_type = MYSQL_TYPE_STRING;
			b->buffer_length = fields[i].max_length + 1;
			c->s = arena_alloc(a, b->buffer_length);
			b->buffer = c->s;
			break;
		}
	}
	mysql_free_result(meta);
	if (mysql_stmt_bind_result(res->stmt, res->bind) != 0)
		return db_stmt_failed(db, res->stmt, "binding results");
	return DB_OK;
}

/* One attempt at db_query; DB_OK, DB_RETRY, DB_UNAVAILABLE or DB_ERROR. */
static int
db_try(struct db *db, struct arena *a, const char *sql,
    const struct db_arg *args, size_t nargs, struct db_result *res)
{
	MYSQL_STMT *stmt = NULL;
	int rc;

	if ((rc = db_ensure_connected(db)) != DB_OK)
		return rc;
	if ((rc = db_prepare_cached(db, sql, &stmt)) != DB_OK)
		return rc;
	if ((rc = db_bind_params(db, a, stmt, args, nargs)) != DB_OK)
		return rc;
	if (mysql_stmt_execute(stmt) != 0)
		return db_stmt_failed(db, stmt, "executing");
	if (mysql_stmt_store_result(stmt) != 0) {
		rc = db_stmt_failed(db, stmt, "reading the result");
		mysql_stmt_free_result(stmt);
		return rc;
	}
	res->stmt = stmt;
	res->db = db;
	if ((rc = db_bind_results(db, a, res)) != DB_OK) {
		mysql_stmt_free_result(stmt);
		return rc;
	}
	return DB_OK;
}

int
db_query(struct db *db, struct arena *a, const char *sql,
    const struct db_arg *args, size_t nargs, struct db_result *res)
{
	int rc;

	memset(res, 0, sizeof(*res));
	rc = db_try(db, a, sql, args, nargs, res);
	if (rc != DB_RETRY)
		return rc;
	/*
	 * The server went away (restarted, or closed an idle connection).
	 * In a transaction, what it did is gone: the caller must give up.
	 */
	db_drop_connection(db);
	if (db->in_transaction)
		return DB_UNAVAILABLE;
	rc = db_try(db, a, sql, args, nargs, res);
	if (rc == DB_RETRY) {
		db_drop_connection(db);
		rc = DB_UNAVAILABLE;
	}
	return rc;
}

int
db_exec(struct db *db, struct arena *a, const char *sql,
    const struct db_arg *args, size_t nargs, struct db_change *out)
{
	MYSQL_STMT *stmt = NULL;
	int rc;

	if (out != NULL)
		memset(out, 0, sizeof(*out));
	if ((rc = db_ensure_connected(db)) != DB_OK)
		return rc;
	if ((rc = db_prepare_cached(db, sql, &stmt)) == DB_OK &&
	    (rc = db_bind_params(db, a, stmt, args, nargs)) == DB_OK &&
	    mysql_stmt_execute(stmt) != 0)
		rc = db_stmt_failed(db, stmt, "executing");
	if (rc == DB_RETRY) {
		db_drop_connection(db);
		return DB_UNAVAILABLE;
	}
	if (rc != DB_OK)
		return rc;
	if (out != NULL) {
		out->rows = (unsigned long long)mysql_stmt_affected_rows(stmt);
		out->id = (long long)mysql_stmt_insert_id(stmt);
	}
	return DB_OK;
}

/* Runs a statement that takes no parameters and answers no rows. */
static int
db_run(struct db *db, const char *sql)
{
	unsigned errnum;

	if (mysql_real_query(db->conn, sql, strlen(sql)) == 0)
		return DB_OK;
	errnum = mysql_errno(db->conn);
	snprintf(db->error, sizeof(db->error), "%s: ERROR %u: %s", sql,
	    errnum, mysql_error(db->conn));
	return db_status_of(errnum);
}

int
db_begin(struct db *db)
{
	int rc = DB_RETRY;

	if (db->in_transaction) {
		snprintf(db->error, sizeof(db->error), "a transaction is "
		    "open already");
		return DB_ERROR;
	}
	for (int attempt = 0; attempt < 2 && rc == DB_RETRY; attempt++) {
		if ((rc = db_ensure_connected(db)) != DB_OK)
			return rc;
		rc = db_run(db, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
		if (rc == DB_OK)
			rc = db_run(db, "START TRANSACTION");
		if (rc == DB_RETRY)
			db_drop_connection(db);
	}
	if (rc == DB_RETRY)
		return DB_UNAVAILABLE;
	if (rc == DB_OK)
		db->in_transaction = 1;
	return rc;
}

int
db_commit(struct db *db)
{
	int rc;

	if (!db->in_transaction) {
		snprintf(db->error, sizeof(db->error), "no transaction to "
		    "commit");
		return DB_ERROR;
	}
	if (db->conn == NULL) {
		db->in_transaction = 0;
		snprintf(db->error, sizeof(db->error), "the connection was "
		    "lost in the middle of a transaction");
		return DB_UNAVAILABLE;
	}
	rc = db_run(db, "COMMIT");
	if (rc != DB_OK)
		db_rollback(db);
	db->in_transaction = 0;
	return rc == DB_RETRY ? DB_UNAVAILABLE : rc;
}

void
db_rollback(struct db *db)
{
	if (!db->in_transaction)
		return;
	db->in_transaction = 0;
	if (db->conn != NULL && mysql_rollback(db->conn) != 0)
		db_drop_connection(db);
}

int
db_next(struct db_result *res)
{
	int rc;

	if (res->stmt == NULL)
		return 0;
	rc = mysql_stmt_fetch(res->stmt);
	if (rc == 0)
		return 1;
	if (rc == MYSQL_NO_DATA)
		return 0;
	if (rc == MYSQL_DATA_TRUNCATED)
		snprintf(res->db->error, sizeof(res->db->error),
		    "fetching: a column was truncated");
	else
		db_stmt_failed(res->db, res->stmt, "fetching");
	return DB_ERROR;
}

int
db_query_row(struct db *db, struct arena *a, const char *sql,
    const struct db_arg *args, size_t nargs, struct db_result *res)
{
	int rc;

	if ((rc = db_query(db, a, sql, args, nargs, res)) != DB_OK)
		return rc;
	if ((rc = db_next(res)) == 1)
		return DB_OK;
	db_result_free(res);
	return rc == 0 ? DB_NOT_FOUND : rc;
}

int
db_query_int(struct db *db, struct arena *a, const char *sql,
    const struct db_arg *args, size_t nargs, long long *out)
{
	struct db_result res;
	int rc;

	if ((rc = db_query_row(db, a, sql, args, nargs, &res)) != DB_OK)
		return rc;
	*out = db_col_int(&res, 0);
	db_result_free(&res);
	return DB_OK;
}

unsigned long long
db_num_rows(const struct db_result *res)
{
	return res->stmt ? (unsigned long long)mysql_stmt_num_rows(res->stmt) :
	    0;
}

void
db_result_free(struct db_result *res)
{
	if (res->stmt != NULL)
		mysql_stmt_free_result(res->stmt);
	res->stmt = NULL;
}

int
db_col_is_null(const struct db_result *res, unsigned col)
{
	return col >= res->ncols || res->cells[col].is_null;
}

long long
db_col_int(const struct db_result *res, unsigned col)
{
	if (db_col_is_null(res, col))
		return 0;
	/* DECIMAL (arithmetic on a COUNT or SUM) comes as text. */
	if (res->bind[col].buffer_type == MYSQL_TYPE_STRING)
		return strtoll(res->cells[col].s, NULL, 10);
	return res->cells[col].i;
}

const char *
db_col_text(const struct db_result *res, unsigned col, struct arena *a,
    size_t *len)
{
	const struct db_cell *c;

	if (db_col_is_null(res, col) || res->cells[col].s == NULL) {
		if (len != NULL)
			*len = 0;
		return "";
	}
	c = &res->cells[col];
	if (len != NULL)
		*len = c->len;
	return arena_strndup(a, c->s, c->len);
}

int
db_col_date(const struct db_result *res, unsigned col, struct date *out)
{
	const MYSQL_TIME *t;

	if (db_col_is_null(res, col) || res->bind[col].buffer_type !=
	    MYSQL_TYPE_DATETIME)
		return -1;
	t = &res->cells[col].t;
	out->year = (int)t->year;
	out->month = (int)t->month;
	out->day = (int)t->day;
	out->hour = (int)t->hour;
	out->minute = (int)t->minute;
	out->second = (int)t->second;
	out->usec = (long)t->second_part;
	return 0;
}

int
db_ping(struct db *db, struct arena *a)
{
	struct db_result res;
	int rc;

	if ((rc = db_query(db, a, db_ping_sql, NULL, 0, &res)) != DB_OK)
		return rc;
	rc = db_next(&res);
	if (rc == 1 && db_col_int(&res, 0) == 1)
		rc = DB_OK;
	else if (rc != DB_ERROR) {
		snprintf(db->error, sizeof(db->error), "SELECT 1 did not "
		    "answer 1");
		rc = DB_ERROR;
	}
	db_result_free(&res);
	return rc;
}

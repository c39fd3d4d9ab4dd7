/*
 * db: the connection to MariaDB. Opens it with the settings of config.ini and
 * turns the failures everybody meets (server not started, access denied,
 * database missing) into a message that says the cause and the fix.
 *
 * For a long-lived worker, struct db adds a connection opened on first use,
 * a cache of prepared statements (each prepared once per connection, found
 * by the address of its SQL string), and reconnecting: when the server has
 * gone away, a read is retried once on a new connection, and so is the
 * start of a transaction; a write never is, since it may have been done.
 */
#ifndef MODEL_DB_H
#define MODEL_DB_H

#include <stddef.h>
#include <mysql.h>

struct config;

/*
 * Connects as [database] user; to [database] name when with_database is set.
 * The session uses utf8mb4 and UTC. Returns the connection, or NULL with the
 * explanation in err.
 */
MYSQL *db_connect(const struct config *cfg, int with_database, char *err,
    size_t errlen);

/*
 * db_connect, tried again every 200 ms for up to wait_seconds while the
 * server cannot be reached (not started yet, restarting); other failures
 * (access denied, no such database) return at once, as with wait_seconds 0.
 * Returns the connection, or NULL with the explanation in err.
 */
MYSQL *db_connect_wait(const struct config *cfg, int with_database,
    unsigned wait_seconds, char *err, size_t errlen);

/*
 * Writes into err what a connection error means for this configuration:
 * the server's message plus the cause and the fix for the well-known ones.
 */
void db_explain_connect_error(const struct config *cfg, unsigned errnum,
    const char *message, char *err, size_t errlen);

/* Returns whether errnum means the connection is gone and may be reopened. */
int db_error_is_disconnect(unsigned errnum);

/* The outcome of the struct db functions and of the model's. */
enum db_status {
	DB_OK = 0,
	DB_NOT_FOUND = 1,	/* the model's lookups: no such row */
	DB_DUPLICATE = 2,	/* db_exec: a unique key holds the value already */
	DB_ERROR = -1,		/* the statement failed: answer 500 */
	DB_UNAVAILABLE = -2,	/* the server is unreachable: answer 503 */
	DB_DEADLOCK = -3,	/* the transaction was chosen to give way (or
				   waited too long for a lock): run it again */
};

#define DB_STMT_MAX 64		/* distinct statements of one process */
#define DB_ARGS_MAX 128		/* parameters of one statement */

/*
 * A list of ids in one statement, prepared once: DB_IN_MAX placeholders,
 * the unused ones bound to 0 (no row has id 0). The largest per_page.
 */
#define DB_IN_MAX 100
#define DB_IN_TEN "?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
#define DB_IN_PLACEHOLDERS \
	DB_IN_TEN ", " DB_IN_TEN ", " DB_IN_TEN ", " DB_IN_TEN ", " DB_IN_TEN \
	", " DB_IN_TEN ", " DB_IN_TEN ", " DB_IN_TEN ", " DB_IN_TEN ", " DB_IN_TEN

struct arena;
struct date;

struct db_stmt_slot {
	const char *sql;	/* the key: a string of a model's SQL array */
	MYSQL_STMT *stmt;
};

struct db {
	const struct config *cfg;
	MYSQL *conn;		/* NULL until first use and after a loss */
	struct db_stmt_slot stmts[DB_STMT_MAX];
	size_t nstmts;
	int in_transaction;	/* between db_begin and db_commit/db_rollback */
	char error[2048];	/* the last failure, one line, for logs */
};

/* A statement's parameter, made by db_arg_int, db_arg_text or db_arg_blob. */
struct db_arg {
	enum { DB_ARG_INT, DB_ARG_TEXT, DB_ARG_BLOB } type;
	long long i;
	const char *s;
	size_t len;
};

/* What a db_exec did. */
struct db_change {
	unsigned long long rows;	/* rows inserted, changed or deleted */
	long long id;			/* the AUTO_INCREMENT value of an INSERT */
};

struct db_cell;

/* The rows of a query, fetched one at a time by db_next. */
struct db_result {
	MYSQL_STMT *stmt;
	unsigned ncols;
	MYSQL_BIND *bind;
	struct db_cell *cells;
	struct db *db;
};

/* Prepares db for cfg without connecting (that happens on first use). */
void db_init(struct db *db, const struct config *cfg);

/* Closes the statements and the connection; db can be used again. */
void db_close(struct db *db);

/* Returns an integer parameter. */
struct db_arg db_arg_int(long long value);

/* Returns a text parameter: the NUL-terminated s. */
struct db_arg db_arg_text(const char *s);

/* Returns a text parameter: the len bytes at s (UTF-8, may hold no NUL). */
struct db_arg db_arg_text_len(const char *s, size_t len);

/*
 * Returns a binary parameter: the len bytes at p, sent as they are (no
 * character set conversion), for BINARY and BLOB columns.
 */
struct db_arg db_arg_blob(const void *p, size_t len);

/*
 * Runs sql (a string of a model's SQL array: the cache keeps its address)
 * with the nargs parameters, for a statement that only reads: if the
 * connection turns out to be gone, it is reopened and the statement tried
 * once more. The whole result is read into memory (bound to memory from
 * a). Returns DB_OK with res ready for db_next, DB_UNAVAILABLE or
 * DB_ERROR, with the reason in db->error.
 */
int db_query(struct db *db, struct arena *a, const char *sql,
    const struct db_arg *args, size_t nargs, struct db_result *res);

/*
 * Moves to the next row of res. Returns 1 when there is one, 0 after the
 * last, DB_ERROR (reason in db->error).
 */
int db_next(struct db_result *res);

/*
 * db_query for a lookup of one row: returns DB_OK with res on its first
 * row (read it, then db_result_free), else DB_NOT_FOUND when there is no
 * row, DB_UNAVAILABLE or DB_ERROR, with res already released.
 */
int db_query_row(struct db *db, struct arena *a, const char *sql,
    const struct db_arg *args, size_t nargs, struct db_result *res);

/*
 * db_query_row for a statement whose first column is an integer (an id, a
 * COUNT): writes it into *out. Returns as db_query_row; *out is untouched
 * unless DB_OK.
 */
int db_query_int(struct db *db, struct arena *a, const char *sql,
    const struct db_arg *args, size_t nargs, long long *out);

/* Returns the number of rows of res. */
unsigned long long db_num_rows(const struct db_result *res);

/*
 * Releases the rows of res; call it once for each successful db_query,
 * and for each db_query_row that returned DB_OK.
 */
void db_result_free(struct db_result *res);

/* Returns whether column col of the current row is NULL. */
int db_col_is_null(const struct db_result *res, unsigned col);

/* Returns column col as an integer (0 when NULL; a DECIMAL's whole part). */
long long db_col_int(const struct db_result *res, unsigned col);

/*
 * Returns column col as a NUL-terminated copy from a (empty when NULL),
 * its length in *len when len is not NULL.
 */
const char *db_col_text(const struct db_result *res, unsigned col,
    struct arena *a, size_t *len);

/*
 * Copies a DATETIME column into *out (a struct date of src/lib/date.h).
 * Returns 0, or -1 when the value is NULL or not a date.
 */
int db_col_date(const struct db_result *res, unsigned col, struct date *out);

/*
 * Runs sql (as db_query: a string of a model's SQL array), a statement
 * without a result set: INSERT, UPDATE, DELETE. It is never retried, since
 * a lost connection leaves unknown whether it was done; so outside a
 * transaction, call it after something that reconnects (a db_query).
 * Fills *out (when not NULL). Returns DB_OK, DB_DUPLICATE (a unique key
 * refused the row; only that statement is undone), DB_DEADLOCK (the whole
 * transaction is undone), DB_UNAVAILABLE or DB_ERROR, the reason in
 * db->error.
 */
int db_exec(struct db *db, struct arena *a, const char *sql,
    const struct db_arg *args, size_t nargs, struct db_change *out);

/*
 * Starts a transaction at READ COMMITTED, so that a row another one has
 * just committed (a tag, a slug) is seen by the next read. Reconnects
 * first if the connection is gone (nothing has been done yet). Returns
 * DB_OK, DB_UNAVAILABLE or DB_ERROR. Reads in a transaction are not
 * retried either.
 */
int db_begin(struct db *db);

/* Commits the transaction; DB_OK, DB_DEADLOCK, DB_UNAVAILABLE, DB_ERROR. */
int db_commit(struct db *db);

/*
 * Undoes the transaction, if one is open; a failure (the connection is
 * gone, and the server undoes it anyway) closes the connection.
 */
void db_rollback(struct db *db);

/* Runs a trivial query; returns DB_OK, DB_UNAVAILABLE or DB_ERROR. */
int db_ping(struct db *db, struct arena *a);

#endif

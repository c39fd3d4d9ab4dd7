/*
 * db: the connection to MariaDB, the one layer of the program that speaks
 * to it (db_connect.c opens connections and explains why one could not be
 * opened; db.c runs statements; db_result.c reads their rows). Nothing
 * outside src/model sees the MariaDB API: struct db holds only our own
 * types.
 *
 * Statements are declared per table, openradtool style: an enum of the
 * table's statements and one array of their SQL, indexed by it, named by
 * a struct db_table (tables.h lists them). Every statement of a
 * connection's tables is prepared when the connection opens, and again
 * after every reconnect; one the server refuses then (its table does not
 * exist yet) is prepared again when first used, which reports why.
 *
 * The retry rule, which every call below follows: when the connection
 * turns out to be gone, it is reopened and the call tried once more if
 * nothing of it reached the server, or if it only reads (db_query and its
 * kin, db_begin, db_ping); a write (db_exec, db_exec_text, db_commit) is
 * never retried, since it may have been done, and answers DB_UNAVAILABLE.
 * Inside a transaction nothing is retried: what it did is gone with the
 * connection, and every call answers DB_UNAVAILABLE until db_rollback. A
 * connection opened by db_open_now (./migrate's) is never reopened: its
 * lock and the database it selected are the connection's.
 */
#ifndef MODEL_DB_H
#define MODEL_DB_H

#include <stddef.h>

struct arena;
struct config;
struct date;

/* The outcome of the struct db functions and of the model's. */
enum db_status {
	DB_OK = 0,
	DB_NOT_FOUND = 1,	/* the model's lookups: no such row */
	DB_DUPLICATE = 2,	/* db_exec: a unique key holds the value already */
	DB_CONFLICT = 3,	/* the model's writes: the row changed since it
				   was read (post_update's revision) */
	DB_ERROR = -1,		/* the statement failed: answer 500 */
	DB_UNAVAILABLE = -2,	/* the server is unreachable: answer 503 */
	DB_DEADLOCK = -3,	/* the transaction was chosen to give way (or
				   waited too long for a lock): run it again */
};

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

struct db_column;

/*
 * The statements of one table: sql[i] is the SQL of its enum's value i.
 * Those that read whole rows (db_get, db_list) fill a struct of size
 * bytes with the ncols columns of cols.
 */
struct db_table {
	const char *name;		/* for messages */
	const char *const *sql;
	unsigned n;
	const struct db_column *cols;	/* NULL: none reads whole rows */
	unsigned ncols;
	size_t size;
};

/*
 * The struct db_table of a table whose rows fill a struct type: its
 * columns (DB_INT and the like, below) follow, in the order its
 * statements select them.
 */
#define DB_TABLE(name, sql, n, type, ...) { name, sql, n, \
	(const struct db_column[]){ __VA_ARGS__ }, \
	sizeof((const struct db_column[]){ __VA_ARGS__ }) / \
	sizeof(struct db_column), sizeof(type) }

/* A column and the member of type it fills (struct db_column). */
#define DB_INT(type, member) { DB_COL_INT, offsetof(type, member), 0 }
#define DB_TEXT(type, member) { DB_COL_TEXT, offsetof(type, member), 0 }
#define DB_TEXT_LEN(type, member, len) \
	{ DB_COL_TEXT_LEN, offsetof(type, member), offsetof(type, len) }
#define DB_DATE(type, member) { DB_COL_DATE, offsetof(type, member), 0 }

/* The connection and its prepared statements (db_link.h). */
struct db_link;

struct db {
	const struct config *cfg;
	const struct db_table *const *tables;	/* prepared on connect;
						   NULL-terminated */
	struct db_link *link;	/* NULL until first use and after a loss */
	int held;		/* db_open_now's: never reopened */
	int in_transaction;	/* between db_begin and db_commit/db_rollback */
	unsigned errnum;	/* the server's error number of the last
				   failure, or 0 */
	char sqlstate[6];	/* and its SQLSTATE */
	char message[1024];	/* and its message, as the server said it */
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

struct db_rows;

/* The rows of a query, fetched one at a time by db_next. */
struct db_result {
	struct db_rows *rows;	/* db.c's; NULL when there are none */
};

/*
 * Prepares db for cfg without connecting: a worker's connection (and
 * blogctl's), opened on first use with the worker's tables, reopened when
 * lost.
 */
void db_init(struct db *db, const struct config *cfg);

/*
 * Opens db now with tables (NULL-terminated), connected as [database] user
 * and to [database] name when with_database is set, for a command-line
 * tool: statements may run as long as they need, and the connection is
 * never reopened. While the server cannot be reached (not started yet,
 * restarting), tries again every 200 ms for up to wait_seconds; other
 * failures (access denied, no such database) return at once. Returns
 * DB_OK, or DB_UNAVAILABLE with the cause and the fix in db->error (which
 * may hold line breaks). Call db_close either way.
 */
int db_open_now(struct db *db, const struct config *cfg,
    const struct db_table *const *tables, int with_database,
    unsigned wait_seconds);

/* Closes the statements and the connection; db can be used again. */
void db_close(struct db *db);

/* Returns whether errnum means the connection is gone. */
int db_error_is_disconnect(unsigned errnum);

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
 * Runs statement which of table t, one that only reads, with the nargs
 * parameters. The whole result is read into memory (bound to memory from
 * a). Returns DB_OK with res ready for db_next, DB_UNAVAILABLE or
 * DB_ERROR, with the reason in db->error.
 */
int db_query(struct db *db, struct arena *a, const struct db_table *t,
    unsigned which, const struct db_arg *args, size_t nargs,
    struct db_result *res);

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
int db_query_row(struct db *db, struct arena *a, const struct db_table *t,
    unsigned which, const struct db_arg *args, size_t nargs,
    struct db_result *res);

/*
 * db_query_row for a statement whose first column is an integer (an id, a
 * COUNT): writes it into *out. Returns as db_query_row; *out is untouched
 * unless DB_OK.
 */
int db_query_int(struct db *db, struct arena *a, const struct db_table *t,
    unsigned which, const struct db_arg *args, size_t nargs, long long *out);

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
 * A column of a row and the member of a struct it fills: at and len_at are
 * offsetof the member (long long, const char *, struct date) and, for
 * DB_COL_TEXT_LEN, of a size_t for its length.
 */
struct db_column {
	enum { DB_COL_INT, DB_COL_TEXT, DB_COL_TEXT_LEN, DB_COL_DATE } kind;
	size_t at;
	size_t len_at;
};

/*
 * Fills the members of the struct at out that the ncols columns of cols
 * name, from the current row of res from column first on (text from a).
 */
void db_fill(const struct db_result *res, unsigned first,
    const struct db_column *cols, unsigned ncols, struct arena *a,
    void *out);

/*
 * db_query_row for the lookup of one struct: fills *out (zeroed first) by
 * t's columns.
 * Returns DB_OK, DB_NOT_FOUND, DB_UNAVAILABLE or DB_ERROR.
 */
int db_get(struct db *db, struct arena *a, const struct db_table *t,
    unsigned which, const struct db_arg *args, size_t nargs, void *out);

/* db_get for a statement whose one parameter is the text key. */
int db_get_by_text(struct db *db, struct arena *a, const struct db_table *t,
    unsigned which, const char *key, void *out);

/*
 * db_query for a list: fills an array from a, one struct per row by t's
 * columns, in their order, and one more zeroed; into *out, its length
 * into *n. Returns DB_OK, DB_UNAVAILABLE or DB_ERROR.
 */
int db_list(struct db *db, struct arena *a, const struct db_table *t,
    unsigned which, const struct db_arg *args, size_t nargs, void **out,
    size_t *n);

/*
 * Runs statement which of table t, one without a result set: INSERT,
 * UPDATE, DELETE, DDL. Fills *out (when not NULL). Returns DB_OK,
 * DB_DUPLICATE (a unique key refused the row; only that statement is
 * undone), DB_DEADLOCK (the whole transaction is undone), DB_UNAVAILABLE
 * or DB_ERROR, the reason in db->error.
 */
int db_exec(struct db *db, struct arena *a, const struct db_table *t,
    unsigned which, const struct db_arg *args, size_t nargs,
    struct db_change *out);

/*
 * Runs the len bytes of sql as they are, SQL text that is no statement of
 * a table: a migration file's statement (./migrate's job: never SQL built
 * from a request), or a statement that cannot take parameters. Whatever
 * it answers (a SELECT's rows, a CALL's results) is read and dropped.
 * Returns DB_OK, DB_DUPLICATE, DB_DEADLOCK, DB_UNAVAILABLE (the connection
 * was lost: it may or may not have been done) or DB_ERROR, the reason in
 * db->error.
 */
int db_exec_text(struct db *db, const char *sql, size_t len);

/*
 * Makes database name the connection's, for a connection of db_open_now
 * (a reopened one would lose it). Returns DB_OK, DB_UNAVAILABLE, DB_ERROR.
 */
int db_select_database(struct db *db, const char *name);

/*
 * Starts a transaction at READ COMMITTED, so that a row another one has
 * just committed (a tag, a slug) is seen by the next read. Returns DB_OK,
 * DB_UNAVAILABLE or DB_ERROR.
 */
int db_begin(struct db *db);

/*
 * Starts a read-only transaction at REPEATABLE READ with a consistent
 * snapshot taken now, so that every read until db_commit (or
 * db_rollback) sees the database as it was at this instant, whatever
 * others commit meanwhile: for ./blogctl export while the blog serves.
 * Returns DB_OK, DB_UNAVAILABLE or DB_ERROR.
 */
int db_begin_snapshot(struct db *db);

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

/*
 * db: running statements on a struct db's connection: the statement
 * tables, prepared on connect; parameters; results read into memory bound
 * to the caller's arena (read by db_result.c); SQL text for ./migrate;
 * transactions; and the one retry rule of db.h, in db_call.
 */
#include "db_link.h"

#include <mysqld_error.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/arena.h"
#include "../lib/date.h"
#include "tables.h"

enum db_stmt {
	DB_PING,
	DB__MAX
};

static const char *const db_sql[DB__MAX] = {
	[DB_PING] = "SELECT 1",
};

const struct db_table db_own_table = {
	"db", db_sql, DB__MAX, NULL, 0, 0
};

/* What one call asks of the server, tried by db_try. */
struct db_call {
	enum {
		DB_CALL_QUERY,		/* a table's statement that reads */
		DB_CALL_EXEC,		/* a table's statement that writes */
		DB_CALL_TEXT,		/* SQL text, a write */
		DB_CALL_BEGIN,		/* the start of a transaction */
		DB_CALL_SNAPSHOT,	/* the start of a read-only snapshot */
	} kind;
	const struct db_table *table;
	unsigned which;
	const struct db_arg *args;
	size_t nargs;
	struct arena *a;
	const char *text;
	size_t len;
	struct db_result *res;		/* DB_CALL_QUERY's rows */
	struct db_change *change;	/* DB_CALL_EXEC's outcome */
};

int
db_local_error(struct db *db, const char *fmt, ...)
{
	va_list ap;

	db->errnum = 0;
	db->sqlstate[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(db->message, sizeof(db->message), fmt, ap);
	va_end(ap);
	snprintf(db->error, sizeof(db->error), "%s", db->message);
	return DB_ERROR;
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

/*
 * Records the server's error (errnum, sqlstate, message) met while doing
 * the len bytes at doing; returns its db_status_of.
 */
static int
db_failed(struct db *db, unsigned errnum, const char *sqlstate,
    const char *message, const char *doing, size_t len)
{
	db->errnum = errnum;
	snprintf(db->sqlstate, sizeof(db->sqlstate), "%s", sqlstate);
	snprintf(db->message, sizeof(db->message), "%s", message);
	snprintf(db->error, sizeof(db->error), "%.*s: ERROR %u: %s",
	    (int)(len < 200 ? len : 200), doing, errnum, message);
	return db_status_of(errnum);
}

int
db_stmt_failed(struct db *db, MYSQL_STMT *stmt, const char *doing)
{
	return db_failed(db, mysql_stmt_errno(stmt), mysql_stmt_sqlstate(stmt),
	    mysql_stmt_error(stmt), doing, strlen(doing));
}

/*
 * Records the failure of the connection's last request, the len bytes of
 * SQL text (or what it did) at sql; returns its db_status_of.
 */
static int
db_text_failed(struct db *db, const char *sql, size_t len)
{
	MYSQL *conn = db->link->conn;

	return db_failed(db, mysql_errno(conn), mysql_sqlstate(conn),
	    mysql_error(conn), sql, len);
}

/* Returns where table t is in db->tables, or -1. */
static int
db_table_index(const struct db *db, const struct db_table *t)
{
	for (int k = 0; db->tables[k] != NULL; k++)
		if (db->tables[k] == t)
			return k;
	return -1;
}

/* Prepares statement i of db->tables[k]; DB_OK, DB_RETRY or DB_ERROR. */
static int
db_prepare(struct db *db, int k, unsigned i)
{
	const char *sql = db->tables[k]->sql[i];
	my_bool update_max_length = 1;
	MYSQL_STMT *stmt;
	size_t used;
	int rc;

	if ((stmt = mysql_stmt_init(db->link->conn)) == NULL)
		return db_local_error(db, "out of memory");
	/* So that db_bind_results can size each text column's buffer. */
	mysql_stmt_attr_set(stmt, STMT_ATTR_UPDATE_MAX_LENGTH,
	    &update_max_length);
	if (mysql_stmt_prepare(stmt, sql, strlen(sql)) != 0) {
		rc = db_stmt_failed(db, stmt, "preparing");
		used = strlen(db->error);
		snprintf(db->error + used, sizeof(db->error) - used,
		    " [%.80s]", sql);
		mysql_stmt_close(stmt);
		return rc;
	}
	db->link->stmts[k][i] = stmt;
	return DB_OK;
}

int
db_link_attach(struct db *db, MYSQL *conn)
{
	struct db_link *link = calloc(1, sizeof(*link));
	int rc = DB_OK;

	if (link == NULL) {
		mysql_close(conn);
		return db_local_error(db, "out of memory");
	}
	link->conn = conn;
	db->link = link;
	for (int k = 0; db->tables[k] != NULL && rc != DB_RETRY; k++) {
		const struct db_table *t = db->tables[k];

		if (k == DB_TABLES_MAX ||
		    (link->stmts[k] = calloc(t->n, sizeof(MYSQL_STMT *))) ==
		    NULL) {
			db_link_drop(db);
			return db_local_error(db, "out of memory for the "
			    "statements of %s", t->name);
		}
		/* One refused now is prepared again when used (db.h). */
		for (unsigned i = 0; i < t->n && rc != DB_RETRY; i++)
			rc = db_prepare(db, k, i);
	}
	if (rc == DB_RETRY) {
		db_link_drop(db);
		return DB_RETRY;
	}
	db->errnum = 0;
	db->error[0] = '\0';
	return DB_OK;
}

void
db_link_drop(struct db *db)
{
	struct db_link *link = db->link;

	if (link == NULL)
		return;
	for (int k = 0; k < DB_TABLES_MAX && db->tables[k] != NULL; k++) {
		for (unsigned i = 0; link->stmts[k] != NULL &&
		    i < db->tables[k]->n; i++)
			if (link->stmts[k][i] != NULL)
				mysql_stmt_close(link->stmts[k][i]);
		free(link->stmts[k]);
	}
	mysql_close(link->conn);
	free(link);
	db->link = NULL;
}

/*
 * Opens the connection if there is none; DB_OK, DB_RETRY, DB_UNAVAILABLE
 * or DB_ERROR. A transaction whose connection was lost stays lost until
 * db_rollback.
 */
static int
db_ensure_connected(struct db *db)
{
	MYSQL *conn;

	if (db->link != NULL)
		return DB_OK;
	if (db->in_transaction || db->held) {
		db_local_error(db, "the connection was lost%s",
		    db->in_transaction ? " in the middle of a transaction" :
		    "");
		return DB_UNAVAILABLE;
	}
	conn = db_link_connect(db->cfg, 1, 1, 0, db->error,
	    sizeof(db->error));
	if (conn == NULL) {
		/* The explanation has line breaks; a log entry is one line. */
		for (char *p = db->error; *p; p++)
			if (*p == '\n')
				*p = ' ';
		return DB_UNAVAILABLE;
	}
	return db_link_attach(db, conn);
}

/* Finds statement which of t, prepared; DB_OK, DB_RETRY or DB_ERROR. */
static int
db_stmt_get(struct db *db, const struct db_table *t, unsigned which,
    MYSQL_STMT **out)
{
	int k = db_table_index(db, t), rc;

	if (k < 0 || which >= t->n)
		return db_local_error(db, "statement %u of %s is not one of "
		    "the connection's", which, t->name);
	if (db->link->stmts[k][which] == NULL &&
	    (rc = db_prepare(db, k, which)) != DB_OK)
		return rc;
	*out = db->link->stmts[k][which];
	return DB_OK;
}

static int
db_bind_params(struct db *db, struct arena *a, MYSQL_STMT *stmt,
    const struct db_arg *args, size_t nargs)
{
	MYSQL_BIND *bind;

	if (nargs != mysql_stmt_param_count(stmt) || nargs > DB_ARGS_MAX)
		return db_local_error(db, "%zu parameters for a statement of "
		    "%lu", nargs, mysql_stmt_param_count(stmt));
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
db_bind_results(struct db *db, struct arena *a, struct db_rows *rows)
{
	MYSQL_RES *meta = mysql_stmt_result_metadata(rows->stmt);
	MYSQL_FIELD *fields;

	rows->ncols = 0;
	if (meta == NULL)
		return DB_OK;	/* a statement without a result set */
	rows->ncols = mysql_num_fields(meta);
	fields = mysql_fetch_fields(meta);
	rows->bind = arena_calloc(a, rows->ncols, sizeof(*rows->bind));
	rows->cells = arena_calloc(a, rows->ncols, sizeof(*rows->cells));
	for (unsigned i = 0; i < rows->ncols; i++) {
		MYSQL_BIND *b = &rows->bind[i];
		struct db_cell *c = &rows->cells[i];

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
	if (mysql_stmt_bind_result(rows->stmt, rows->bind) != 0)
		return db_stmt_failed(db, rows->stmt, "binding results");
	return DB_OK;
}

/*
 * Sends the len bytes of sql as text and drops what it answers. Returns
 * DB_OK or the db_status_of its failure.
 */
static int
db_send_text(struct db *db, const char *sql, size_t len)
{
	MYSQL *conn = db->link->conn;
	MYSQL_RES *res;
	int more;

	if (mysql_real_query(conn, sql, len) != 0)
		return db_text_failed(db, sql, len);
	do {
		if ((res = mysql_store_result(conn)) != NULL)
			mysql_free_result(res);
		else if (mysql_field_count(conn) != 0)
			return db_text_failed(db, sql, len);
		more = mysql_next_result(conn);
	} while (more == 0);
	return more > 0 ? db_text_failed(db, sql, len) : DB_OK;
}

/* Executes a table's statement, reading its rows for a query. */
static int
db_try_stmt(struct db *db, const struct db_call *call, int *sent)
{
	struct db_rows *rows;
	MYSQL_STMT *stmt = NULL;
	int rc;

	if ((rc = db_stmt_get(db, call->table, call->which, &stmt)) != DB_OK ||
	    (rc = db_bind_params(db, call->a, stmt, call->args,
	    call->nargs)) != DB_OK)
		return rc;
	*sent = 1;
	if (mysql_stmt_execute(stmt) != 0)
		return db_stmt_failed(db, stmt, "executing");
	if (call->kind == DB_CALL_EXEC) {
		struct db_change *out = call->change;

		if (out != NULL) {
			out->rows = (unsigned long long)
			    mysql_stmt_affected_rows(stmt);
			out->id = (long long)mysql_stmt_insert_id(stmt);
		}
		return DB_OK;
	}
	if (mysql_stmt_store_result(stmt) != 0) {
		rc = db_stmt_failed(db, stmt, "reading the result");
		mysql_stmt_free_result(stmt);
		return rc;
	}
	rows = arena_calloc(call->a, 1, sizeof(*rows));
	rows->stmt = stmt;
	rows->db = db;
	if ((rc = db_bind_results(db, call->a, rows)) != DB_OK) {
		mysql_stmt_free_result(stmt);
		return rc;
	}
	call->res->rows = rows;
	return DB_OK;
}

/*
 * One attempt at call. Sets *sent once any of it may have reached the
 * server. Returns DB_OK, DB_RETRY or a db_status failure.
 */
static int
db_try(struct db *db, const struct db_call *call, int *sent)
{
	/* READ COMMITTED is the session's (db_connect.c). */
	static const char start[] = "START TRANSACTION";
	static const char snapshot_isolation[] =
	    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ";
	static const char snapshot[] =
	    "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY";
	int rc;

	if ((rc = db_ensure_connected(db)) != DB_OK)
		return rc;
	switch (call->kind) {
	case DB_CALL_BEGIN:
		*sent = 1;
		return db_send_text(db, start, strlen(start));
	case DB_CALL_SNAPSHOT:
		*sent = 1;
		if ((rc = db_send_text(db, snapshot_isolation,
		    strlen(snapshot_isolation))) != DB_OK)
			return rc;
		return db_send_text(db, snapshot, strlen(snapshot));
	case DB_CALL_TEXT:
		*sent = 1;
		return db_send_text(db, call->text, call->len);
	default:
		return db_try_stmt(db, call, sent);
	}
}

/*
 * Runs call by the retry rule of db.h: when the connection is gone, tries
 * once more on a new one if nothing reached the server or the call only
 * reads, outside a transaction, on a connection that may be reopened.
 * Returns DB_OK or a db_status failure (never DB_RETRY).
 */
static int
db_call(struct db *db, const struct db_call *call)
{
	int only_reads = call->kind == DB_CALL_QUERY ||
	    call->kind == DB_CALL_BEGIN || call->kind == DB_CALL_SNAPSHOT;
	int sent = 0, rc;

	rc = db_try(db, call, &sent);
	if (rc != DB_RETRY)
		return rc;
	if (db->held)
		return DB_UNAVAILABLE;	/* the server's error, as it was */
	db_link_drop(db);
	if (db->in_transaction || (sent && !only_reads))
		return DB_UNAVAILABLE;
	sent = 0;
	if ((rc = db_try(db, call, &sent)) == DB_RETRY) {
		db_link_drop(db);
		rc = DB_UNAVAILABLE;
	}
	return rc;
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
 * Runs statement which of t by db_call: a query, its rows into res, or
 * (res NULL) a write, what it did into out. Returns as db_call.
 */
static int
db_call_stmt(struct db *db, struct arena *a, const struct db_table *t,
    unsigned which, const struct db_arg *args, size_t nargs,
    struct db_result *res, struct db_change *out)
{
	struct db_call call = {
		.kind = res != NULL ? DB_CALL_QUERY : DB_CALL_EXEC,
		.table = t, .which = which, .args = args, .nargs = nargs,
		.a = a, .res = res, .change = out,
	};

	return db_call(db, &call);
}

int
db_query(struct db *db, struct arena *a, const struct db_table *t,
    unsigned which, const struct db_arg *args, size_t nargs,
    struct db_result *res)
{
	res->rows = NULL;
	return db_call_stmt(db, a, t, which, args, nargs, res, NULL);
}

int
db_exec(struct db *db, struct arena *a, const struct db_table *t,
    unsigned which, const struct db_arg *args, size_t nargs,
    struct db_change *out)
{
	if (out != NULL)
		memset(out, 0, sizeof(*out));
	return db_call_stmt(db, a, t, which, args, nargs, NULL, out);
}

int
db_exec_text(struct db *db, const char *sql, size_t len)
{
	struct db_call call = { .kind = DB_CALL_TEXT, .text = sql, .len = len };

	return db_call(db, &call);
}

int
db_select_database(struct db *db, const char *name)
{
	static const char selecting[] = "selecting the database";
	int rc;

	if ((rc = db_ensure_connected(db)) != DB_OK)
		return rc == DB_RETRY ? DB_UNAVAILABLE : rc;
	if (mysql_select_db(db->link->conn, name) == 0)
		return DB_OK;
	rc = db_text_failed(db, selecting, strlen(selecting));
	return rc == DB_RETRY ? DB_UNAVAILABLE : rc;
}

/* Starts a transaction by call kind (DB_CALL_BEGIN or DB_CALL_SNAPSHOT). */
static int
db_start(struct db *db, int kind)
{
	struct db_call call = { .kind = kind };
	int rc;

	if (db->in_transaction)
		return db_local_error(db, "a transaction is open already");
	if ((rc = db_call(db, &call)) == DB_OK)
		db->in_transaction = 1;
	return rc;
}

int
db_begin(struct db *db)
{
	return db_start(db, DB_CALL_BEGIN);
}

int
db_begin_snapshot(struct db *db)
{
	return db_start(db, DB_CALL_SNAPSHOT);
}

int
db_commit(struct db *db)
{
	static const char commit[] = "COMMIT";
	struct db_call call = { .kind = DB_CALL_TEXT, .text = commit,
	    .len = sizeof(commit) - 1 };
	int rc;

	if (!db->in_transaction)
		return db_local_error(db, "no transaction to commit");
	if ((rc = db_call(db, &call)) != DB_OK)
		db_rollback(db);
	db->in_transaction = 0;
	return rc;
}

void
db_rollback(struct db *db)
{
	if (!db->in_transaction)
		return;
	db->in_transaction = 0;
	if (db->link != NULL && mysql_rollback(db->link->conn) != 0)
		db_link_drop(db);
}

int
db_ping(struct db *db, struct arena *a)
{
	struct db_result res;
	int rc;

	if ((rc = db_query(db, a, &db_own_table, DB_PING, NULL, 0, &res)) !=
	    DB_OK)
		return rc;
	rc = db_next(&res);
	if (rc == 1 && db_col_int(&res, 0) == 1)
		rc = DB_OK;
	else if (rc != DB_ERROR)
		rc = db_local_error(db, "SELECT 1 did not answer 1");
	db_result_free(&res);
	return rc;
}

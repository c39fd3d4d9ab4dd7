/*
 * db_link: what db_connect.c (opening connections) and db.c (running
 * statements) share inside src/model; with them, the only files that see
 * the MariaDB API.
 */
#ifndef MODEL_DB_LINK_H
#define MODEL_DB_LINK_H

#include <stddef.h>
#include <mysql.h>

#include "db.h"

#define DB_TABLES_MAX 16	/* tables of one connection */

/* db_try's answer when the connection is gone (db.h's retry rule). */
#define DB_RETRY (-100)

struct db_link {
	MYSQL *conn;
	/* For each table of db->tables, its statements: NULL until one is
	 * prepared (the server refused it on connect). */
	MYSQL_STMT **stmts[DB_TABLES_MAX];
};

/* One column of the current row; bound by db_bind_results. */
struct db_cell {
	long long i;
	MYSQL_TIME t;
	char *s;
	unsigned long len;
	my_bool is_null;
	my_bool error;
};

struct db_rows {
	MYSQL_STMT *stmt;
	unsigned ncols;
	MYSQL_BIND *bind;
	struct db_cell *cells;
	struct db *db;
};

/*
 * Opens a connection as [database] user, to [database] name when
 * with_database is set, in utf8mb4 and UTC. A worker's reads and writes
 * give up after a few seconds, and its statements stop on the server
 * before that; a tool's take as long as they need. While the server
 * cannot be reached, tries again for up to wait_seconds. Returns the
 * connection, or NULL with the cause and the fix in err.
 */
MYSQL *db_link_connect(const struct config *cfg, int with_database,
    int worker, unsigned wait_seconds, char *err, size_t errlen);

/*
 * Makes conn db's connection and prepares the statements of db->tables on
 * it. Returns DB_OK, DB_RETRY (the connection was lost meanwhile: it is
 * closed) or DB_ERROR (out of memory: closed too).
 */
int db_link_attach(struct db *db, MYSQL *conn);

/*
 * Closes the statements and the connection but remembers an open
 * transaction, so that nothing after a lost connection runs outside it.
 */
void db_link_drop(struct db *db);

/* Records a failure found by this side, not the server; returns DB_ERROR. */
int db_local_error(struct db *db, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Records a statement's failure; returns what it means (DB_RETRY...). */
int db_stmt_failed(struct db *db, MYSQL_STMT *stmt, const char *doing);

#endif

/*
 * db_connect: opening connections (a worker's on first use, a tool's at
 * once, waiting for the server), and turning the failures everybody meets
 * (server not started, access denied, database missing) into a message
 * that says the cause and the fix.
 */
#include "db_link.h"

#include <errmsg.h>
#include <mysqld_error.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../lib/config.h"
#include "tables.h"

#define DB_CONNECT_TIMEOUT 5	/* seconds */
#define DB_RETRY_PAUSE_MS 200	/* between tries while waiting for the server */
/*
 * Seconds a worker's connection waits for the server to answer or take a
 * request: a server that hangs (stopped, or cut off) costs a request this
 * long and then a 503, instead of holding the worker until it wakes. The
 * connections of ./migrate wait as long as a statement takes.
 */
#define DB_IO_TIMEOUT 5
/* Seconds a worker's statement may run: under DB_IO_TIMEOUT. */
#define DB_STATEMENT_TIME_SQL "SET SESSION max_statement_time = 2"

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

/*
 * Writes into err what a connection error means for this configuration:
 * the server's message plus the cause and the fix for the well-known ones.
 */
static void
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
		    "'make db-start'; otherwise set [%s] socket (or host "
		    "and port) in %s to where the server listens.",
		    target, errnum, message, cfg->db_section, cfg->path);
		break;
	case ER_ACCESS_DENIED_ERROR:
	case ER_ACCESS_DENIED_NO_PASSWORD_ERROR: {
		/* ./migrate connects as the migrate account (config.h). */
		int migrate = cfg->db_migrate_user[0] != '\0' &&
		    strcmp(cfg->db_user, cfg->db_migrate_user) == 0;
		int replica = strcmp(cfg->db_section, "database") != 0;

		snprintf(err, errlen,
		    "access denied for user '%s' at %s (ERROR %u: %s).\n"
		    "Set [%s] %s and %s in %s (or %s) to an account that "
		    "exists with that password. 'root' on Debian signs in "
		    "through the unix_socket plugin, which accepts only the "
		    "system user root and no password: give the blog its own "
		    "accounts instead, e.g. CREATE USER '%s'@'localhost' "
		    "IDENTIFIED BY '...'; GRANT %s ON `%s`.* TO "
		    "'%s'@'localhost'; ('make db-start' does this for the "
		    "private database).",
		    cfg->db_user, target, errnum, message, cfg->db_section,
		    migrate ? "migrate_user" : "user",
		    migrate ? "migrate_password" : "password", cfg->path,
		    migrate ? "BLOG_DB_MIGRATE_PASSWORD" : replica ?
		    "BLOG_DB_REPLICA_PASSWORD" : "BLOG_DB_PASSWORD",
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
 * One try of db_link_connect; also stores the error number in *errnum (0
 * on success), so that waiting can tell "not up yet" from the failures
 * that waiting does not cure.
 */
static MYSQL *
db_connect_once(const struct config *cfg, int with_database, int worker,
    unsigned *errnum, char *err, size_t errlen)
{
	MYSQL *db = mysql_init(NULL);
	unsigned timeout = DB_CONNECT_TIMEOUT, io_timeout = DB_IO_TIMEOUT;
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
	if (worker) {
		mysql_optionsv(db, MYSQL_OPT_READ_TIMEOUT, &io_timeout);
		mysql_optionsv(db, MYSQL_OPT_WRITE_TIMEOUT, &io_timeout);
	}
	mysql_optionsv(db, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	/* Times are stored and compared in UTC, whatever the server's zone. */
	mysql_optionsv(db, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00'");
	/*
	 * Every transaction of ours reads what others committed before each
	 * statement (db_begin): set once here rather than before each one,
	 * which would cost a round trip a transaction.
	 */
	mysql_optionsv(db, MYSQL_INIT_COMMAND,
	    "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
	/*
	 * A worker's statements stop on the server before
	 * the worker stops waiting for them, so none runs on for a request
	 * that has given up. ./migrate's and ./blogctl's may take as long
	 * as they need (an index built over every post), whatever limit the
	 * account has (MAX_STATEMENT_TIME only sets the session's default).
	 */
	mysql_optionsv(db, MYSQL_INIT_COMMAND, worker ?
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
db_link_connect(const struct config *cfg, int with_database, int worker,
    unsigned wait_seconds, char *err, size_t errlen)
{
	const struct timespec pause = { 0, DB_RETRY_PAUSE_MS * 1000000L };
	struct timespec start, now;
	unsigned errnum;
	size_t used;
	MYSQL *db;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		db = db_connect_once(cfg, with_database, worker, &errnum, err,
		    errlen);
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

void
db_init(struct db *db, const struct config *cfg)
{
	memset(db, 0, sizeof(*db));
	db->cfg = cfg;
	db->tables = db_worker_tables;
}

int
db_open_now(struct db *db, const struct config *cfg,
    const struct db_table *const *tables, int with_database,
    unsigned wait_seconds)
{
	MYSQL *conn;

	memset(db, 0, sizeof(*db));
	db->cfg = cfg;
	db->tables = tables;
	db->held = 1;
	conn = db_link_connect(cfg, with_database, 0, wait_seconds, db->error,
	    sizeof(db->error));
	if (conn == NULL)
		return DB_UNAVAILABLE;
	if (db_link_attach(db, conn) != DB_OK)
		return DB_UNAVAILABLE;
	return DB_OK;
}

void
db_close(struct db *db)
{
	db_link_drop(db);
	db->in_transaction = 0;
}

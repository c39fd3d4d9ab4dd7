/*
 * db: opening connections and explaining why one could not be opened.
 */
#include "db.h"

#include <errmsg.h>
#include <mysqld_error.h>
#include <stdio.h>
#include <string.h>

#include "../lib/config.h"

#define DB_CONNECT_TIMEOUT 5	/* seconds */

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
	case ER_ACCESS_DENIED_NO_PASSWORD_ERROR:
		snprintf(err, errlen,
		    "access denied for user '%s' at %s (ERROR %u: %s).\n"
		    "Set [database] user and password in %s (or "
		    "BLOG_DB_PASSWORD) to an account that exists with that "
		    "password. 'root' on Debian signs in through the unix_socket "
		    "plugin, which accepts only the system user root and no "
		    "password: give the blog its own user instead, e.g. "
		    "CREATE USER 'blog'@'localhost' IDENTIFIED BY '...'; "
		    "GRANT ALL ON `%s`.* TO 'blog'@'localhost'; "
		    "('make db-start' does this for the private database).",
		    cfg->db_user, target, errnum, message, cfg->path,
		    cfg->db_name);
		break;
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

MYSQL *
db_connect(const struct config *cfg, int with_database, char *err,
    size_t errlen)
{
	MYSQL *db = mysql_init(NULL);
	unsigned timeout = DB_CONNECT_TIMEOUT;
	const char *socket = cfg->db_socket[0] ? cfg->db_socket : NULL;
	const char *host = socket ? "localhost" :
	    (cfg->db_host[0] ? cfg->db_host : "localhost");

	if (db == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	mysql_optionsv(db, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_optionsv(db, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	/* Times are stored and compared in UTC, whatever the server's zone. */
	mysql_optionsv(db, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00'");
	if (mysql_real_connect(db, host, cfg->db_user, cfg->db_password,
	    with_database ? cfg->db_name : NULL, socket ? 0 : cfg->db_port,
	    socket, 0) == NULL) {
		db_explain_connect_error(cfg, mysql_errno(db), mysql_error(db),
		    err, errlen);
		mysql_close(db);
		return NULL;
	}
	return db;
}

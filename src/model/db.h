/*
 * db: the connection to MariaDB. Opens it with the settings of config.ini and
 * turns the failures everybody meets (server not started, access denied,
 * database missing) into a message that says the cause and the fix.
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
 * Writes into err what a connection error means for this configuration:
 * the server's message plus the cause and the fix for the well-known ones.
 */
void db_explain_connect_error(const struct config *cfg, unsigned errnum,
    const char *message, char *err, size_t errlen);

/* Returns whether errnum means the connection is gone and may be reopened. */
int db_error_is_disconnect(unsigned errnum);

#endif

/*
 * config: config.ini, read once into one struct shared by every binary.
 * The file is config.ini at the working directory, or the one named by
 * BLOG_CONFIG; BLOG_PORT, BLOG_DB_PASSWORD, BLOG_DB_MIGRATE_PASSWORD and
 * BLOG_MEDIA_DIR override the file.
 *
 * [database.replica] (optional) names a MariaDB replica of [database]: its
 * socket, or host and port; its user and password, [database]'s when not
 * given (BLOG_DB_REPLICA_PASSWORD overrides); and max_lag, the lag in
 * seconds (decimals allowed) under which readers' pages read from it
 * (src/app/replica.h).
 *
 * Two database accounts: [database] user, which blog.fcgi and blogctl use
 * and which may only read and write rows, and migrate_user, which ./migrate
 * uses to change the schema (the same as user when not set). A password is
 * the environment's, else the key's, else the first line of the file its
 * _file key names (which the first run of the private database writes).
 */
#ifndef LIB_CONFIG_H
#define LIB_CONFIG_H

#include <stddef.h>

#include "zone.h"

#define CONFIG_PATH_MAX 4096

struct config {
	char path[CONFIG_PATH_MAX];	/* the file that was read */

	/* [server] */
	unsigned port;			/* 1..65535 */
	char base_url[512];		/* absolute, no trailing slash; default
				   http://127.0.0.1:PORT */
	size_t max_body;		/* largest request body, in bytes */

	/* [database]: a socket, or host and port */
	char db_section[20];		/* for messages: "database", or
					   "database.replica" once
					   config_use_replica made it so */
	char db_socket[CONFIG_PATH_MAX];	/* absolute; empty when host is used */
	char db_host[256];
	unsigned db_port;
	char db_user[128];
	char db_password[256];
	char db_password_file[CONFIG_PATH_MAX];	/* absolute, or empty */
	char db_migrate_user[128];	/* empty: db_user */
	char db_migrate_password[256];
	char db_migrate_password_file[CONFIG_PATH_MAX];
	char db_name[65];

	/* [database.replica]: optional, the same database on a replica */
	int replica;			/* the section names a socket or host */
	char replica_socket[CONFIG_PATH_MAX];	/* absolute, or empty */
	char replica_host[256];
	unsigned replica_port;
	char replica_user[128];		/* default [database] user */
	char replica_password[256];	/* default [database]'s */
	char replica_password_file[CONFIG_PATH_MAX];
	unsigned replica_max_lag_ms;	/* default 1000 */

	/* [blog] */
	char blog_title[256];
	char blog_description[512];	/* the pages' description (a post's
					   is its excerpt); default the title */
	unsigned per_page;		/* 1..100 */
	char blog_timezone[ZONE_NAME_MAX];	/* an IANA name zone_known
					   takes; default UTC */
	unsigned trash_days;		/* 0..36500: days a trashed post is kept
					   before it is purged; 0 at once */

	/* [media] */
	char media_dir[CONFIG_PATH_MAX];	/* the uploaded images, served
					   as /media/; default var/media
					   beside the file */
	size_t max_upload;		/* largest upload request, in bytes */
	unsigned long long max_pixels;	/* largest image, width x height
					   (x frames), refused before it is
					   decoded */
};

/*
 * Reads the configuration into cfg. Returns 0, or -1 with a message naming
 * the file, the line and the key in err.
 */
int config_load(struct config *cfg, char *err, size_t errlen);

/* The same from the file at path, without looking at BLOG_CONFIG. */
int config_load_file(struct config *cfg, const char *path, char *err,
    size_t errlen);

/*
 * Makes cfg connect as the schema's owner: db_user and db_password become
 * the migrate account's, when [database] migrate_user is set. For ./migrate.
 */
void config_use_migrate_account(struct config *cfg);

/*
 * Makes cfg connect to [database.replica]: its socket or host and port,
 * user and password replace [database]'s. For the replica's connections;
 * cfg->replica must be set.
 */
void config_use_replica(struct config *cfg);

#endif

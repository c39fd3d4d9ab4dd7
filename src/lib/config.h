/*
 * config: config.ini, read once into one struct shared by every binary.
 * The file is config.ini at the working directory, or the one named by
 * BLOG_CONFIG; BLOG_PORT and BLOG_DB_PASSWORD override the file.
 */
#ifndef LIB_CONFIG_H
#define LIB_CONFIG_H

#include <stddef.h>

#define CONFIG_PATH_MAX 4096

struct config {
	char path[CONFIG_PATH_MAX];	/* the file that was read */

	/* [server] */
	unsigned port;			/* 1..65535 */
	char base_url[512];		/* absolute, no trailing slash; default
				   http://127.0.0.1:PORT */
	size_t max_body;		/* largest request body, in bytes */

	/* [database]: a socket, or host and port */
	char db_socket[CONFIG_PATH_MAX];	/* absolute; empty when host is used */
	char db_host[256];
	unsigned db_port;
	char db_user[128];
	char db_password[256];
	char db_name[65];

	/* [blog] */
	char blog_title[256];
	unsigned per_page;		/* 1..100 */
};

/*
 * Reads the configuration into cfg. Returns 0, or -1 with a message naming
 * the file, the line and the key in err.
 */
int config_load(struct config *cfg, char *err, size_t errlen);

/* The same from the file at path, without looking at BLOG_CONFIG. */
int config_load_file(struct config *cfg, const char *path, char *err,
    size_t errlen);

#endif

/*
 * main: blog.fcgi: reads its options, configuration and templates, then
 * answers requests through the gateway (gateway.c). Three ways to run it:
 *   blog.fcgi --listen SOCKET [--workers N] [--user NAME] [--pages DIR]
 *       its own FastCGI server for Apache's mod_proxy_fcgi: a master keeps
 *       N workers and the clock (prefork.c, clock.c), as NAME when started
 *       by root, writing readers' pages into DIR for Apache to serve
 *       (pagefile.h);
 *   blog.fcgi under a FastCGI spawner (the listening socket on fd 0);
 *   blog.fcgi as plain CGI, once, e.g. from a shell with REQUEST_METHOD and
 *       REQUEST_URI set.
 * Only the first has a master, hence a clock. In the other two, scheduled
 * posts are shown by the workers' own check (a reader's page runs
 * schedule_publish_due first when site_state says a post is due), so they
 * appear with the first request after their time rather than by
 * themselves; and the trash is not purged unless a --listen blog.fcgi runs
 * on the same database, or `./blogctl purge` does (from cron, say).
 * Configuration and templates are loaded once, before any fork; the
 * database connection is opened on first use in each worker and reopened
 * when lost; each request's memory goes back to the arena after it.
 */
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/hashslot.h"
#include "../lib/log.h"
#include "../lib/sibling.h"
#include "../media/image.h"
#include "../view/view.h"
#include "app.h"
#include "cache.h"
#include "clock.h"
#include "dispatch.h"
#include "gateway.h"
#include "pagefile.h"
#include "prefork.h"
#include "replica.h"

#define REQUEST_ARENA_BLOCK (256 * 1024)
#define DEFAULT_WORKERS 4
#define CACHE_BUDGET (4 * 1024 * 1024)	/* bytes of pages per worker */
/* Bytes of copies for Apache (pagefile.h) a host writes into one version,
 * shared out among its workers: a crawler's walk of a large blog stops
 * filling the disk there, and is answered by the workers. */
#define PAGEFILE_BUDGET (512ULL * 1024 * 1024)

/* Answers one request from the gateway (arg: the app). */
static void
serve(void *arg, const struct http_io *io)
{
	dispatch_request(arg, io);
}

/* A worker of the prefork pool: FastCGI on listen_fd until told to stop. */
static int
serve_fastcgi(int listen_fd, void *arg)
{
	struct app *app = arg;
	int rc = gateway_fastcgi_loop(listen_fd, serve, app);

	db_close(&app->db);
	db_close(&app->replica);
	return rc;
}

/* The clock of the prefork pool (arg: the app, for its configuration). */
static int
run_clock(void *arg)
{
	const struct app *app = arg;

	return clock_run(&app->cfg, app->cfg.replica ? &app->replica_cfg :
	    NULL);
}

/*
 * Becomes user (--user) for good, after everything that needs root's eyes:
 * config.ini, the password files and the templates are read, and the
 * listening socket is made, now handed to the user. A checkout in a 0700
 * home (root's, on Debian) is closed to that user, so the database socket
 * is resolved now too: the scripts put the real socket where the user may
 * reach it and leave a symbolic link at the configured path. Returns 0, or
 * -1 having logged why.
 */
static int
drop_privileges(const char *user, const char *socket_path,
    struct config *cfg)
{
	struct passwd *pw = getpwnam(user);
	char real[PATH_MAX];

	if (pw == NULL) {
		log_error("--user %s: no such user", user);
		return -1;
	}
	if (cfg->db_socket[0] != '\0' &&
	    realpath(cfg->db_socket, real) != NULL)
		snprintf(cfg->db_socket, sizeof(cfg->db_socket), "%s", real);
	if (cfg->replica_socket[0] != '\0' &&
	    realpath(cfg->replica_socket, real) != NULL)
		snprintf(cfg->replica_socket, sizeof(cfg->replica_socket), "%s",
		    real);
	if (chown(socket_path, pw->pw_uid, pw->pw_gid) != 0) {
		log_error("%s: cannot hand to %s: %s", socket_path, user,
		    strerror(errno));
		return -1;
	}
	if (initgroups(user, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 ||
	    setuid(pw->pw_uid) != 0) {
		log_error("cannot become %s: %s", user, strerror(errno));
		return -1;
	}
	if (pw->pw_uid != 0 && setuid(0) == 0) {
		log_error("cannot become %s: root could be taken back", user);
		return -1;
	}
	return 0;
}

/*
 * Readies app's replica connection (opened on first use) and the state its
 * processes share, when config.ini names one: after drop_privileges, which
 * resolves its socket's path.
 */
static void
replica_connect(struct app *app)
{
	app->replica_cfg = app->cfg;
	if (!app->cfg.replica)
		return;
	config_use_replica(&app->replica_cfg);
	db_init(&app->replica, &app->replica_cfg);
	(void)replica_init(&app->cfg);
}

static void
usage(void)
{
	fputs("usage: blog.fcgi [--listen SOCKET [--workers N] [--user NAME] "
	    "[--pages DIR]]\n"
	    "  --user: started as root, serve as NAME once the files are read\n"
	    "  --pages: write readers' pages into DIR, for Apache to serve\n"
	    "  without options: FastCGI on the socket a spawner passes as "
	    "fd 0, or plain CGI\n", stderr);
}

int
main(int argc, char *argv[])
{
	static struct app app;
	char err[4096], dir[PATH_MAX + 16];
	const char *socket_path = NULL, *user = NULL, *pages = NULL;
	unsigned long workers = DEFAULT_WORKERS;
	int rc, listen_fd;

	log_init("blog.fcgi");
	for (int i = 1; i < argc; i++) {
		char *end;

		if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc) {
			socket_path = argv[++i];
		} else if (strcmp(argv[i], "--user") == 0 && i + 1 < argc) {
			user = argv[++i];
		} else if (strcmp(argv[i], "--pages") == 0 && i + 1 < argc) {
			pages = argv[++i];
		} else if (strcmp(argv[i], "--workers") == 0 && i + 1 < argc) {
			workers = strtoul(argv[++i], &end, 10);
			if (*end != '\0' || workers == 0 || workers > 256) {
				log_error("--workers: \"%s\" is not from 1 to 256",
				    argv[i]);
				return 2;
			}
		} else {
			usage();
			return 2;
		}
	}
	if (config_load(&app.cfg, err, sizeof(err)) != 0) {
		log_error("%s", err);
		return 1;
	}
	if (zone_open(&app.zone, app.cfg.blog_timezone) != 0) {
		log_error("%s: [blog] timezone: ICU cannot open \"%s\"",
		    app.cfg.path, app.cfg.blog_timezone);
		return 1;
	}
	sibling_path("templates", dir, sizeof(dir));
	if (view_init(dir, err, sizeof(err)) != 0) {
		log_error("%s", err);
		return 1;
	}
	/*
	 * The image decoder, opened now, before --user: a checkout in a 0700
	 * home is closed to that user. Pages are served without it.
	 */
	sibling_path("blog-image", dir, sizeof(dir));
	if (image_init(dir) != 0)
		log_error("%s: %s; uploads will answer 500", dir,
		    strerror(errno));
	db_init(&app.db, &app.cfg);
	arena_init(&app.arena, REQUEST_ARENA_BLOCK);
	/* BLOG_PAGE_CACHE=0 turns the page cache off, to measure without it. */
	cache_init(getenv("BLOG_PAGE_CACHE") != NULL &&
	    strcmp(getenv("BLOG_PAGE_CACHE"), "0") == 0 ? 0 : CACHE_BUDGET);
	hashslot_init();	/* before the fork: the workers share it */
	http_response_init(&app.resp);

	/* Only a master's pool has the clock that makes a version current. */
	if (pages != NULL && socket_path == NULL) {
		usage();
		return 2;
	}
	if (socket_path != NULL) {
		if ((listen_fd = gateway_listen(socket_path)) < 0)
			return 1;
		if (user != NULL && drop_privileges(user, socket_path,
		    &app.cfg) != 0)
			return 1;
		replica_connect(&app);
		/* As the user: its files are Apache's to read. */
		if (pages != NULL)
			(void)pagefile_open(pages,
			    (size_t)(PAGEFILE_BUDGET / workers));
		rc = prefork_run(listen_fd, (unsigned)workers, serve_fastcgi,
		    run_clock, &app);
		unlink(socket_path);
	} else {
		replica_connect(&app);
		rc = gateway_is_cgi() ? gateway_cgi_once(serve, &app) :
		    serve_fastcgi(gateway_spawner_fd(), &app);
	}

	db_close(&app.db);
	db_close(&app.replica);
	arena_free(&app.arena);
	http_response_free(&app.resp);
	buf_free(&app.scratch);
	cache_free();
	view_shutdown();
	return rc;
}

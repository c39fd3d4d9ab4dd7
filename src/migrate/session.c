/*
 * session: opening a run (config, files, connection), the lock with its
 * waiting message, and reading the version table under it.
 */
#include "session.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../model/db.h"

void
session_error(const char *fmt, ...)
{
	va_list ap;

	/* Not log_error: a refusal can list many files, past its line limit. */
	fputs("migrate: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n", stderr);
}

long long
session_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
session_open(struct session *s, const struct session_options *opt,
    int needs)
{
	char err[4096];

	memset(s, 0, sizeof(*s));
	s->opt = opt;
	arena_init(&s->arena, 0);
	if ((needs & SESSION_SCRIPTS) && script_dir_read(&s->arena, opt->dir,
	    0, &s->dir, err, sizeof(err)) != 0) {
		session_error("%s", err);
		return -1;
	}
	if (!(needs & (SESSION_SERVER | SESSION_DATABASE)))
		return 0;
	if (config_load(&s->cfg, err, sizeof(err)) != 0) {
		session_error("%s", err);
		return -1;
	}
	/* Changing the schema is the migrate account's right, not blog.fcgi's. */
	config_use_migrate_account(&s->cfg);
	s->db = db_connect_wait(&s->cfg, (needs & SESSION_DATABASE) != 0,
	    opt->wait, err, sizeof(err));
	if (s->db == NULL) {
		session_error("%s", err);
		return -1;
	}
	s->mdb = migration_db_open(s->db, opt->dry_run ? &s->dry_run : NULL);
	if (s->mdb == NULL) {
		session_error("out of memory");
		return -1;
	}
	return 0;
}

void
session_close(struct session *s)
{
	/* A failure needs no word: closing the connection frees it too. */
	if (s->lock[0] != '\0')
		(void)migration_unlock(s->mdb, s->lock);
	migration_db_close(s->mdb);
	if (s->db != NULL)
		mysql_close(s->db);
	buf_free(&s->dry_run);
	arena_free(&s->arena);
}

/* Prints that the run waits, and for whom. */
static void
say_waiting(struct session *s, const char *name)
{
	struct migration_lock_holder h;

	if (migration_lock_holder(s->mdb, name, &h) != 0 ||
	    h.connection == 0) {
		session_error("waiting up to %u s for lock '%s' "
		    "(--lock-timeout)", s->opt->lock_timeout, name);
		return;
	}
	if (h.visible)
		session_error("waiting up to %u s (--lock-timeout) for lock "
		    "'%s', held by connection %llu (%s@%s, %lld s in its "
		    "current state): another ./migrate is running",
		    s->opt->lock_timeout, name, h.connection, h.user, h.host,
		    h.seconds);
	else
		session_error("waiting up to %u s (--lock-timeout) for lock "
		    "'%s', held by connection %llu (another user's: the "
		    "PROCESS privilege would show whose)",
		    s->opt->lock_timeout, name, h.connection);
}

int
session_lock(struct session *s)
{
	char name[sizeof(s->lock)], holder[64];
	struct migration_lock_holder h;
	int rc;

	migration_lock_name(s->cfg.db_name, name, sizeof(name));
	if ((rc = migration_lock(s->mdb, name, 0)) == 0) {
		say_waiting(s, name);
		rc = migration_lock(s->mdb, name, s->opt->lock_timeout);
	}
	if (rc < 0) {
		session_error("%s", migration_db_error(s->mdb));
		return -1;
	}
	if (rc == 0) {
		holder[0] = '\0';
		if (migration_lock_holder(s->mdb, name, &h) == 0 &&
		    h.connection != 0)
			snprintf(holder, sizeof(holder), ", held by connection "
			    "%llu", h.connection);
		session_error("gave up after %u s waiting for lock '%s'%s: "
		    "another ./migrate still runs. Let it finish and try again "
		    "(or give a longer --lock-timeout); if it hangs, stop it "
		    "(or KILL its connection in the mariadb client), then "
		    "check ./migrate status.", s->opt->lock_timeout, name,
		    holder);
		return -1;
	}
	snprintf(s->lock, sizeof(s->lock), "%s", name);
	return 0;
}

int
session_read(struct session *s, int create)
{
	int exists = migration_table_exists(s->mdb);

	if (exists < 0) {
		session_error("%s", migration_db_error(s->mdb));
		return -1;
	}
	if (!exists && create) {
		if (migration_table_create(s->mdb) != 0) {
			session_error("%s", migration_db_error(s->mdb));
			return -1;
		}
		/* A dry run printed it only: there is still nothing to read. */
		exists = !s->opt->dry_run;
	}
	s->table_exists = exists;
	if (exists && migration_list(s->mdb, &s->arena, &s->rows,
	    &s->nrows) != 0) {
		session_error("%s", migration_db_error(s->mdb));
		return -1;
	}
	plan_build(&s->arena, &s->dir, s->rows, s->nrows, &s->plan);
	return 0;
}

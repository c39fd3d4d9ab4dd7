/*
 * connection: opening a run (config, files, connection), the lock with its
 * waiting message, and reading the version table under it.
 */
#include "connection.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

void
migrate_error(const char *fmt, ...)
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
migrate_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
conn_open(struct migrate_conn *s, const struct migrate_options *opt,
    int needs)
{
	char err[4096];

	memset(s, 0, sizeof(*s));
	s->opt = opt;
	arena_init(&s->arena, 0);
	if ((needs & CONN_SCRIPTS) && script_dir_read(&s->arena, opt->dir,
	    0, &s->dir, err, sizeof(err)) != 0) {
		migrate_error("%s", err);
		return -1;
	}
	if (!(needs & (CONN_SERVER | CONN_DATABASE)))
		return 0;
	if (config_load(&s->cfg, err, sizeof(err)) != 0) {
		migrate_error("%s", err);
		return -1;
	}
	/* Changing the schema is the migrate account's right, not blog.fcgi's. */
	config_use_migrate_account(&s->cfg);
	s->mdb = migration_db_open(&s->cfg, (needs & CONN_DATABASE) != 0,
	    opt->wait, opt->dry_run ? &s->dry_run : NULL, err, sizeof(err));
	if (s->mdb == NULL) {
		migrate_error("%s", err);
		return -1;
	}
	return 0;
}

void
conn_close(struct migrate_conn *s)
{
	/* A failure needs no word: closing the connection frees it too. */
	if (s->lock[0] != '\0')
		(void)migration_unlock(s->mdb, s->lock);
	migration_db_close(s->mdb);
	buf_free(&s->dry_run);
	arena_free(&s->arena);
}

/* Prints that the run waits, and for whom. */
static void
say_waiting(struct migrate_conn *s, const char *name)
{
	struct migration_lock_holder h;

	if (migration_lock_holder(s->mdb, name, &h) != 0 ||
	    h.connection == 0) {
		migrate_error("waiting up to %u s for lock '%s' "
		    "(--lock-timeout)", s->opt->lock_timeout, name);
		return;
	}
	if (h.visible)
		migrate_error("waiting up to %u s (--lock-timeout) for lock "
		    "'%s', held by connection %llu (%s@%s, %lld s in its "
		    "current state): another ./migrate is running",
		    s->opt->lock_timeout, name, h.connection, h.user, h.host,
		    h.seconds);
	else
		migrate_error("waiting up to %u s (--lock-timeout) for lock "
		    "'%s', held by connection %llu (another user's: the "
		    "PROCESS privilege would show whose)",
		    s->opt->lock_timeout, name, h.connection);
}

int
conn_lock(struct migrate_conn *s)
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
		migrate_error("%s", migration_db_error(s->mdb));
		return -1;
	}
	if (rc == 0) {
		holder[0] = '\0';
		if (migration_lock_holder(s->mdb, name, &h) == 0 &&
		    h.connection != 0)
			snprintf(holder, sizeof(holder), ", held by connection "
			    "%llu", h.connection);
		migrate_error("gave up after %u s waiting for lock '%s'%s: "
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
conn_read(struct migrate_conn *s, int create)
{
	int exists = migration_table_exists(s->mdb);

	if (exists < 0) {
		migrate_error("%s", migration_db_error(s->mdb));
		return -1;
	}
	if (!exists && create) {
		if (migration_table_create(s->mdb) != 0) {
			migrate_error("%s", migration_db_error(s->mdb));
			return -1;
		}
		/* A dry run printed it only: there is still nothing to read. */
		exists = !s->opt->dry_run;
	}
	s->table_exists = exists;
	if (exists && migration_list(s->mdb, &s->arena, &s->rows,
	    &s->nrows) != 0) {
		migrate_error("%s", migration_db_error(s->mdb));
		return -1;
	}
	plan_build(&s->arena, &s->dir, s->rows, s->nrows, &s->plan);
	return 0;
}

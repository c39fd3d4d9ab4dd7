/*
 * clock: the clock's loop. Each round shows what has come due, purges the
 * trash, asks the database when the next scheduled post comes due, and
 * sleeps until then, never more than a second: a post scheduled from
 * another host (or by hand, in SQL) is seen at the next round. The
 * database's clock decides what is due, so the host's may be off.
 *
 * SIGTERM and SIGINT are blocked but while the clock sleeps: a round is
 * never cut short inside the MariaDB client, and a signal that comes during
 * a round ends the sleep that follows it at once (ppoll unblocks them and
 * sleeps in one step, so none is missed between the check and the sleep).
 */
#include "clock.h"

#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <time.h>

#include "../lib/arena.h"
#include "../lib/config.h"
#include "../lib/log.h"
#include "../model/db.h"
#include "../model/schedule.h"
#include "prefork.h"

#define CLOCK_ARENA_BLOCK (16 * 1024)
#define CLOCK_MAX_SLEEP_USEC 1000000LL	/* the SPEC's 1 s */
/* Sleeps when the next post is due already: 1 ms, doubled each round it
 * stays so, up to CLOCK_MAX_SLEEP_USEC: prompt, and never a busy loop. */
#define CLOCK_DUE_SLEEP_USEC 1000LL
/* Purge batches a round runs at most, so that a large trash cannot delay
 * a post due meanwhile; the rest goes in the next rounds. */
#define CLOCK_PURGE_BATCHES 10

/*
 * One round. Shows what is due whether or not site_state.next_due_at says
 * so: that repairs a next_due_at left stale by SQL typed by hand, and
 * costs one indexed look when nothing is due. Writes into *due_usec how
 * long until the next post comes due (0: due already; -1: none). Returns
 * DB_OK or the first failure.
 */
static int
clock_round(struct db *db, struct arena *a, unsigned trash_days,
    long long *due_usec)
{
	unsigned long long purged;
	int rc, batch;

	if ((rc = schedule_publish_due(db, a, NULL)) != DB_OK)
		return rc;
	for (batch = 0; batch < CLOCK_PURGE_BATCHES; batch++) {
		if ((rc = schedule_purge_trash(db, a, trash_days, &purged)) !=
		    DB_OK)
			return rc;
		if (purged == 0)
			break;
	}
	return schedule_next_due(db, a, due_usec);
}

/*
 * Returns how long to sleep, in microseconds, when the next post is due
 * in due_usec (-1: none); *quick counts the rounds in a row that found a
 * post due already.
 */
static long long
clock_sleep_usec(long long due_usec, unsigned *quick)
{
	long long usec;

	if (due_usec != 0) {
		*quick = 0;
		return due_usec < 0 || due_usec > CLOCK_MAX_SLEEP_USEC ?
		    CLOCK_MAX_SLEEP_USEC : due_usec;
	}
	/* Due just after the round showed what was due: it came due between
	 * two statements, or it cannot be shown; the first goes at once. */
	usec = *quick < 10 ? CLOCK_DUE_SLEEP_USEC << *quick :
	    CLOCK_MAX_SLEEP_USEC;
	(*quick)++;
	return usec < CLOCK_MAX_SLEEP_USEC ? usec : CLOCK_MAX_SLEEP_USEC;
}

/* Sleeps usec microseconds with the signals of awake unblocked, or until
 * one of them comes. */
static void
clock_sleep(long long usec, const sigset_t *awake)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(usec / 1000000);
	ts.tv_nsec = (long)(usec % 1000000) * 1000;
	ppoll(NULL, 0, &ts, awake);
}

int
clock_run(const struct config *cfg)
{
	struct db db;
	struct arena arena;
	sigset_t stop, awake;
	unsigned quick = 0;
	int away = 0;

	/* Its own name in ps and top (the workers keep blog.fcgi's). */
	prctl(PR_SET_NAME, CLOCK_PROCESS_NAME, 0, 0, 0);
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigprocmask(SIG_BLOCK, &stop, &awake);
	sigdelset(&awake, SIGTERM);
	sigdelset(&awake, SIGINT);
	db_init(&db, cfg);
	arena_init(&arena, CLOCK_ARENA_BLOCK);

	while (!prefork_stopping()) {
		long long due_usec = -1, usec;
		int rc = clock_round(&db, &arena, cfg->trash_days, &due_usec);

		arena_reset(&arena);
		if (rc == DB_OK || rc == DB_DEADLOCK) {
			if (away)
				log_error("clock: the database answers again; "
				    "scheduled posts are shown and the trash "
				    "purged");
			away = 0;
			/* A deadlock: a writer went first; go again soon. */
			usec = clock_sleep_usec(rc == DB_OK ? due_usec : 0,
			    &quick);
		} else {
			if (!away)
				log_error("clock: scheduled posts wait, the "
				    "database failed: %s; trying again every "
				    "second", db.error);
			away = 1;
			quick = 0;
			usec = CLOCK_MAX_SLEEP_USEC;
		}
		clock_sleep(usec, &awake);
	}
	db_close(&db);
	arena_free(&arena);
	return 0;
}

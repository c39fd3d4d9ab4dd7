/*
 * clock: the clock's loop. Each round (a quarter of a second) reads
 * site_state, one primary-key read: when it says a scheduled post is due,
 * the clock shows it; when its version is newer than the one whose copies
 * Apache serves (pagefile.h), the clock makes it current, so a change made
 * elsewhere (another host, SQL by hand, a scheduled post) reaches this
 * host's readers within a round; and it sweeps the copies of superseded
 * versions. A round that cannot read the database withdraws the copies
 * (readers go to blog.fcgi) until one can. With a replica, each round
 * then looks at it too (replica.h): one primary-key read there. Once a
 * second it also purges the trash and shows what is due whether or not
 * next_due_at says so (which repairs a next_due_at left
 * stale by SQL typed by hand, and costs one indexed look when nothing is
 * due). The database's clock decides what is due, so the host's may be
 * off.
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
#include "../model/site.h"
#include "pagefile.h"
#include "prefork.h"
#include "replica.h"

#define CLOCK_ARENA_BLOCK (16 * 1024)
/* A round's length: how late a change from elsewhere may reach Apache's
 * copies, and a scheduled post its readers (SPEC: within 1 s). */
#define CLOCK_ROUND_USEC 250000LL
#define CLOCK_MAX_SLEEP_USEC 1000000LL
/* The purge and the repair of next_due_at: every fourth round. */
#define CLOCK_CHORES_EVERY 4
/* Sleeps when the next post is due already: 1 ms, doubled each round it
 * stays so, up to CLOCK_ROUND_USEC: prompt, and never a busy loop. */
#define CLOCK_DUE_SLEEP_USEC 1000LL
/* Purge batches a round runs at most, so that a large trash cannot delay
 * a post due meanwhile; the rest goes in the next rounds. */
#define CLOCK_PURGE_BATCHES 10
/* Rounds in a row the database's version must read older than the one
 * Apache serves before the clock believes it went back (a restore from
 * another blog): one such round is only a read from before a write that a
 * worker has made current since. */
#define CLOCK_OLDER_ROUNDS 3

/* The chores of every CLOCK_CHORES_EVERY'th round; DB_OK or a failure. */
static int
clock_chores(struct db *db, struct arena *a, unsigned trash_days)
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
	return DB_OK;
}

/*
 * Makes version the one whose copies Apache serves; *older counts the
 * rounds in a row that found it older than that one.
 */
static void
clock_publish(unsigned long long version, unsigned *older)
{
	int rc = pagefile_publish(version, *older + 1 >= CLOCK_OLDER_ROUNDS);

	*older = rc == PAGEFILE_OLDER ? *older + 1 : 0;
}

/*
 * One round: reads the site's state, shows what is due (with the chores
 * when chores is set), then makes the version current for Apache's
 * copies. Writes into *due whether a post is due still, and into *version
 * the version. Returns DB_OK or the first failure.
 */
static int
clock_round(struct db *db, struct arena *a, unsigned trash_days, int chores,
    unsigned *older, int *due, unsigned long long *version)
{
	struct site_state site;
	int rc;

	if ((rc = site_get_state(db, a, &site)) != DB_OK)
		return rc;
	if (site.post_due || chores) {
		rc = chores ? clock_chores(db, a, trash_days) :
		    schedule_publish_due(db, a, NULL);
		if (rc != DB_OK || (rc = site_get_state(db, a, &site)) != DB_OK)
			return rc;
	}
	*due = site.post_due;
	*version = site.version;
	if (pagefile_on()) {
		struct timespec now;

		clock_publish(site.version, older);
		clock_gettime(CLOCK_MONOTONIC, &now);
		pagefile_sweep((double)now.tv_sec + now.tv_nsec / 1e9);
	}
	return DB_OK;
}

/*
 * Returns how long to sleep, in microseconds, after a round that found a
 * post due still (due) or not; *quick counts the rounds in a row that did.
 */
static long long
clock_sleep_usec(int due, unsigned *quick)
{
	long long usec;

	if (!due) {
		*quick = 0;
		return CLOCK_ROUND_USEC;
	}
	/* Due just after the round showed what was due: it came due between
	 * two statements, or it cannot be shown; the first goes at once. */
	usec = *quick < 10 ? CLOCK_DUE_SLEEP_USEC << *quick : CLOCK_ROUND_USEC;
	(*quick)++;
	return usec < CLOCK_ROUND_USEC ? usec : CLOCK_ROUND_USEC;
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
clock_run(const struct config *cfg, const struct config *replica_cfg)
{
	struct db db, replica;
	struct arena arena;
	sigset_t stop, awake;
	unsigned quick = 0, older = 0, round = 0;
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
	if (replica_cfg != NULL)
		db_init(&replica, replica_cfg);
	arena_init(&arena, CLOCK_ARENA_BLOCK);

	while (!prefork_stopping()) {
		unsigned long long version = 0;
		long long usec;
		int due = 0, rc = clock_round(&db, &arena, cfg->trash_days,
		    round++ % CLOCK_CHORES_EVERY == 0, &older, &due, &version);

		if (replica_cfg != NULL)
			replica_watch(&replica, &arena, rc == DB_OK, version);
		arena_reset(&arena);
		if (rc == DB_OK || rc == DB_DEADLOCK) {
			if (away)
				log_error("clock: the database answers again; "
				    "scheduled posts are shown and the trash "
				    "purged");
			away = 0;
			/* A deadlock: a writer went first; go again soon. */
			usec = clock_sleep_usec(rc == DB_OK ? due : 1, &quick);
		} else {
			/* Unable to see changes, it cannot vouch for the
			 * copies either: readers go to blog.fcgi. */
			pagefile_withdraw();
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
	if (replica_cfg != NULL)
		db_close(&replica);
	arena_free(&arena);
	return 0;
}

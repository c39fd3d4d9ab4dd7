/*
 * replica: the clock's look at the replica, kept in memory the host's
 * processes share, and the workers' choice between replica and primary
 * for a reader's page (replica.h says the rule and why it is safe).
 */
#include "replica.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "../lib/config.h"
#include "../lib/log.h"
#include "../model/db.h"
#include "../model/site.h"
#include "app.h"
#include "auth.h"
#include "outcome.h"

/* The primary's versions the clock remembers, one a round: 16 s. */
#define REPLICA_SAMPLES 64
/* Looks in a row that must find the primary's version older than the
 * floor before the floor follows it down (as clock.c's copies do). */
#define REPLICA_OLDER_ROUNDS 3
/* A look older than this (the clock stopped, or hangs in a statement)
 * vouches for nothing: readers read from the primary. */
#define REPLICA_LOOK_MAX_AGE_MS 2000

enum replica_health {
	REPLICA_UNCHECKED,	/* the clock has not looked yet */
	REPLICA_OK,		/* caught up enough to serve readers */
	REPLICA_BEHIND,		/* lag at or over max_lag */
	REPLICA_DOWN,		/* did not answer */
};

/* What the clock found, shared by the host's processes. */
struct replica_shared {
	atomic_int health;		/* enum replica_health */
	atomic_int primary_away;	/* the clock could not read the
					   primary in its last look */
	atomic_llong lag_ms;		/* -1 when unknown */
	atomic_llong looked_ms;		/* CLOCK_MONOTONIC of the last look */
	/* The newest version this host has seen on the primary: the
	 * clock's last look, or a write of this host's since. */
	atomic_ullong floor;
};

/* NULL when config.ini names no replica (or the memory was refused). */
static struct replica_shared *shared;
static unsigned max_lag_ms;

/* The clock's own: the primary's version at each of the last looks. */
static struct {
	long long ms;
	unsigned long long version;
} samples[REPLICA_SAMPLES];
static unsigned nsamples, next_sample;
/* When the replica last held all the primary had (or the first look). */
static long long caught_ms = -1;

static long long
monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
replica_init(const struct config *cfg)
{
	void *p;

	if (!cfg->replica)
		return 0;
	p = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		log_error("[database.replica]: no shared memory for its state "
		    "(%s); readers read from the primary", strerror(errno));
		return -1;
	}
	shared = p;
	atomic_init(&shared->health, REPLICA_UNCHECKED);
	atomic_init(&shared->primary_away, 0);
	atomic_init(&shared->lag_ms, -1);
	atomic_init(&shared->looked_ms, 0);
	atomic_init(&shared->floor, 0);
	max_lag_ms = cfg->replica_max_lag_ms;
	return 0;
}

int
replica_on(void)
{
	return shared != NULL;
}

/*
 * Returns the replica's lag in ms, given that it shows version at now:
 * how long ago the primary last showed nothing the replica lacks (to
 * within a round, rounded up), 0 when it has the primary's last version.
 */
static long long
replica_lag(unsigned long long version, long long now)
{
	for (unsigned i = 0; i < nsamples; i++) {
		unsigned at = (next_sample + REPLICA_SAMPLES - 1 - i) %
		    REPLICA_SAMPLES;

		if (samples[at].version <= version) {
			caught_ms = i == 0 ? now : samples[at].ms;
			return now - caught_ms;
		}
	}
	return now - caught_ms;
}

/*
 * Raises the floor to the primary's version the clock read. A version
 * older than the floor is only a read from before a write of this host's
 * (replica_saw_version) until REPLICA_OLDER_ROUNDS looks in a row find
 * it: then the primary's version went back (a restore, SQL by hand), and
 * the floor follows it.
 */
static void
replica_floor_follow(unsigned long long version)
{
	static unsigned older;

	if (version >= atomic_load(&shared->floor)) {
		older = 0;
		replica_saw_version(version);
	} else if (++older >= REPLICA_OLDER_ROUNDS) {
		older = 0;
		atomic_store(&shared->floor, version);
	}
}

/* Publishes health and lag (ms, -1 unknown) as the clock's look at now. */
static void
replica_publish(enum replica_health health, long long lag, long long now)
{
	int was = atomic_exchange(&shared->health, (int)health);

	atomic_store(&shared->lag_ms, lag);
	atomic_store(&shared->looked_ms, now);
	if (was == (int)health || (was == REPLICA_UNCHECKED &&
	    health == REPLICA_OK))
		return;
	if (health == REPLICA_OK)
		log_error("replica: readers read from it again");
	else if (health == REPLICA_BEHIND)
		log_error("replica: %lld ms behind the primary, over max_lag; "
		    "readers read from the primary", lag);
}

void
replica_watch(struct db *replica, struct arena *a, int primary_ok,
    unsigned long long primary_version)
{
	struct site_state site;
	long long lag, now_ms = monotonic_ms();

	if (shared == NULL)
		return;
	if (caught_ms < 0)
		caught_ms = now_ms;
	atomic_store(&shared->primary_away, !primary_ok);
	if (primary_ok) {
		samples[next_sample].ms = now_ms;
		samples[next_sample].version = primary_version;
		next_sample = (next_sample + 1) % REPLICA_SAMPLES;
		if (nsamples < REPLICA_SAMPLES)
			nsamples++;
		replica_floor_follow(primary_version);
	}
	if (site_get_state(replica, a, &site) != DB_OK) {
		if (atomic_load(&shared->health) != REPLICA_DOWN)
			log_error("replica: does not answer (%s); readers read "
			    "from the primary", replica->error);
		replica_publish(REPLICA_DOWN, -1, now_ms);
		return;
	}
	if (!primary_ok) {
		/* Its lag is unknown; readers have nothing newer. */
		replica_publish(REPLICA_OK, -1, now_ms);
		return;
	}
	lag = replica_lag(site.version, now_ms);
	replica_publish(lag < max_lag_ms ? REPLICA_OK : REPLICA_BEHIND, lag,
	    now_ms);
}

/* Returns whether the clock's last look, recent enough, found the
 * replica fit to serve readers. */
static int
replica_fit(void)
{
	return atomic_load(&shared->health) == REPLICA_OK &&
	    monotonic_ms() - atomic_load(&shared->looked_ms) <=
	    REPLICA_LOOK_MAX_AGE_MS;
}

/* Marks the replica down until the clock's next look; why: for the log. */
static void
replica_mark_down(struct ctx *c, const char *why)
{
	if (atomic_exchange(&shared->health, REPLICA_DOWN) != REPLICA_DOWN)
		log_error("%s %s: the replica failed %s: %s; readers read from "
		    "the primary", c->req->method_name, c->req->uri, why,
		    c->app->replica.error);
}

/* Reads the site's state from the replica into *site; returns whether it
 * answered (when not, marks it down). */
static int
replica_read_site(struct ctx *c, struct site_state *site)
{
	if (site_get_state(&c->app->replica, c->arena, site) == DB_OK)
		return 1;
	replica_mark_down(c, "reading the site's version");
	return 0;
}

/* Makes the replica c's database, with site its state, for an anonymous
 * reader. */
static void
replica_use(struct ctx *c, const struct site_state *site)
{
	c->db = &c->app->replica;
	c->site = *site;
	c->auth_known = 1;
	c->auth_rc = DB_NOT_FOUND;
	c->user = NULL;
}

/* Returns whether c may read from the replica at all: a reader's GET or
 * HEAD, with no session cookie, on a host that has a replica. */
static int
replica_for_reader(struct ctx *c)
{
	return shared != NULL && c->req->method != HTTP_POST &&
	    !auth_cookie_given(c);
}

int
replica_take(struct ctx *c)
{
	struct site_state site;

	if (!replica_for_reader(c) || !replica_fit() ||
	    !replica_read_site(c, &site))
		return 0;
	/* What is due is shown on the primary first (render.c). */
	if (site.post_due)
		return 0;
	if (!atomic_load(&shared->primary_away) &&
	    site.version < atomic_load(&shared->floor))
		return 0;
	replica_use(c, &site);
	return 1;
}

int
replica_instead(struct ctx *c)
{
	struct site_state site;

	if (!replica_for_reader(c) || c->db == &c->app->replica ||
	    !replica_read_site(c, &site))
		return 0;
	replica_use(c, &site);
	return 1;
}

int
replica_failed(struct ctx *c, const struct outcome *out)
{
	if (shared == NULL || c->db != &c->app->replica ||
	    out->kind != OUTCOME_DB_ERROR)
		return 0;
	replica_mark_down(c, out->text);
	c->db = &c->app->db;
	memset(&c->site, 0, sizeof(c->site));
	c->copy = c->copy_made = 0;
	c->auth_known = 0;
	return 1;
}

void
replica_saw_version(unsigned long long version)
{
	unsigned long long floor;

	if (shared == NULL)
		return;
	floor = atomic_load(&shared->floor);
	while (floor < version &&
	    !atomic_compare_exchange_weak(&shared->floor, &floor, version))
		;
}

void
replica_describe(char *out, size_t outlen)
{
	long long lag;

	out[0] = '\0';
	if (shared == NULL)
		return;
	lag = atomic_load(&shared->lag_ms);
	switch (atomic_load(&shared->health)) {
	case REPLICA_UNCHECKED:
		snprintf(out, outlen, "replica: not checked yet");
		break;
	case REPLICA_DOWN:
		snprintf(out, outlen, "replica: down");
		break;
	case REPLICA_OK:
	case REPLICA_BEHIND:
		if (lag < 0)
			snprintf(out, outlen, "replica: ok, lag unknown");
		else
			snprintf(out, outlen, "replica: %s, lag %lld.%02lld s",
			    atomic_load(&shared->health) == REPLICA_OK ?
			    "ok" : "behind", lag / 1000, lag % 1000 / 10);
		break;
	}
}

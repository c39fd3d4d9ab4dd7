/*
 * replica: which database an anonymous reader's page reads from, when
 * config.ini names a MariaDB replica ([database.replica]).
 *
 * The host's clock looks at both databases every round (clock.c): it
 * reads the site's version on the primary, then on the replica, and from
 * the versions the primary showed in the last rounds tells how far behind
 * the replica is (its lag: how long ago the primary first showed a version
 * the replica has not got, to within a round). What it found is kept in
 * memory shared by the host's workers (replica_init, before the fork).
 *
 * A worker reads an anonymous reader's page from the replica when the
 * clock found its lag under max_lag, and the replica's version is not
 * older than the newest this host has seen on the primary (the clock's
 * last look, or a write of this host's since): so no reader of the host
 * sees a page older than one it could have been served before, and a
 * write made through the host is seen by its next reader. Otherwise, and
 * for every request with a session cookie, every write and a scheduled
 * post that is due, the primary. When the primary does not answer,
 * readers read from the replica whatever its lag: the newest the host
 * can show.
 *
 * Only a blog.fcgi with a clock (--listen, as scripts/apache.sh runs it)
 * measures the lag; run under a spawner or as CGI, it never finds the
 * replica fit and reads everything from the primary.
 */
#ifndef APP_REPLICA_H
#define APP_REPLICA_H

#include <stddef.h>

struct arena;
struct config;
struct ctx;
struct db;
struct outcome;

/*
 * Sets up the shared memory of cfg's replica, before the workers and the
 * clock are forked. Nothing when cfg names no replica. Returns 0, or -1
 * having logged why (readers then read from the primary).
 */
int replica_init(const struct config *cfg);

/* Returns whether config.ini names a replica (and replica_init took it). */
int replica_on(void);

/*
 * The clock's look, once a round: primary_ok says whether it read the
 * primary's version (primary_version) this round; reads the replica's
 * (on replica) and publishes what it found.
 */
void replica_watch(struct db *replica, struct arena *a, int primary_ok,
    unsigned long long primary_version);

/*
 * For an anonymous reader's page (c's request has no session cookie):
 * when the replica may serve it (above), makes it c->db, fills c->site
 * from it and returns 1. Returns 0 when the page reads from the primary
 * (c untouched).
 */
int replica_take(struct ctx *c);

/*
 * After the primary failed to answer c's reader page: when the replica
 * answers, makes it c->db, fills c->site and returns 1; else 0.
 */
int replica_instead(struct ctx *c);

/*
 * After c's page failed (out) while reading from the replica: marks the
 * replica down until the clock sees it again, makes the primary c->db and
 * returns 1, for the page to be made again from there. Returns 0 when c
 * did not read from the replica or out is no database failure.
 */
int replica_failed(struct ctx *c, const struct outcome *out);

/* A write of this host's made the primary's version version. */
void replica_saw_version(unsigned long long version);

/*
 * Writes /healthz's line on the replica into out (outlen bytes):
 * "replica: ok, lag 0.25 s", "replica: behind, lag 3.00 s",
 * "replica: down", "replica: ok, lag unknown" (the primary is away), or
 * "replica: not checked yet". Empty when no replica is configured.
 */
void replica_describe(char *out, size_t outlen);

#endif

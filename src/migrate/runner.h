/*
 * runner: the commands of ./migrate. Each takes the checked command line
 * and returns the exit status: 0 done, 1 failed (after saying why and what
 * to do next on stderr).
 */
#ifndef MIGRATE_RUNNER_H
#define MIGRATE_RUNNER_H

#include "connection.h"

/* Creates the database if missing, and the version table. */
int run_init(const struct migrate_options *opt);

/* Writes the next NNNN_NAME.sql with empty up and down sections. */
int run_new(const struct migrate_options *opt);

/* Applies the pending migrations, up to opt->version if given. */
int run_upgrade(const struct migrate_options *opt);

/* Reverts to opt->version, or the last migration applied. */
int run_downgrade(const struct migrate_options *opt);

/* Records opt->version as the database's version, clean. */
int run_force(const struct migrate_options *opt);

/*
 * Records the files up to opt->version as applied without running them,
 * on a version table that records none (adopt.c).
 */
int run_baseline(const struct migrate_options *opt);

/*
 * Checks the files without a database, every problem at once, and their
 * checksums against the version table when a database answers at once
 * (adopt.c). Returns 1 if it found a problem.
 */
int run_validate(const struct migrate_options *opt);

/*
 * Re-records the checksums of applied files edited since (with opt->yes);
 * without it, prints what it would do and returns 1 (adopt.c).
 */
int run_repair(const struct migrate_options *opt);

/* Prints the state, as text or as JSON (status.c). */
int run_status(const struct migrate_options *opt);

#endif

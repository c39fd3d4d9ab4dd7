/*
 * blogctl: what its commands share. main.c reads config.ini and opens the
 * database (connecting on first use), then runs the command named on the
 * command line with the arguments after its name; each command parses
 * them itself and returns the exit status.
 */
#ifndef BLOGCTL_BLOGCTL_H
#define BLOGCTL_BLOGCTL_H

#include "../lib/arena.h"
#include "../lib/config.h"
#include "../model/db.h"

/* Exit status: 0 done, 1 failed, 2 usage error. */
#define EXIT_USAGE 2

struct blogctl {
	struct config cfg;
	struct db db;
	struct arena arena;
};

/*
 * A command: argc and argv are the arguments after its name. Returns
 * EXIT_SUCCESS, EXIT_FAILURE (after saying why on stderr) or EXIT_USAGE
 * (after naming the wrong argument; main prints the usage).
 */
typedef int blogctl_command_fn(struct blogctl *b, int argc, char *argv[]);

#endif

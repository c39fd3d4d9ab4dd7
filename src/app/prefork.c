/*
 * prefork: the master, its workers and its clock. The master does nothing
 * but wait for children; all the work (and all the risk) is in the
 * children, so a crash costs one request (or one round of the clock) and
 * one fork.
 */
#include "prefork.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../lib/log.h"

#define PREFORK_MAX_WORKERS 256

static volatile sig_atomic_t prefork_stop;

static void
prefork_on_signal(int sig)
{
	(void)sig;
	prefork_stop = 1;
}

int
prefork_stopping(void)
{
	return prefork_stop != 0;
}

/* Installs handler for SIGTERM and SIGINT, without SA_RESTART: a blocked
 * accept() returns EINTR, so a worker notices at once. */
static void
prefork_signals(void (*handler)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

/* What the children run: the workers and the clock. */
struct prefork_jobs {
	int listen_fd;
	int (*worker_main)(int, void *);
	int (*clock_main)(void *);
	void *arg;
};

/* How fast the children of one kind have been dying. */
struct prefork_pace {
	time_t last_death;
	unsigned quick_deaths;
};

/* Starts a worker, or the clock; returns its pid, or -1. */
static pid_t
prefork_spawn(const struct prefork_jobs *jobs, int clock)
{
	pid_t pid = fork();

	/* The child keeps the master's flag and handler: a SIGTERM sent
	 * before it ran its first line is not forgotten. */
	if (pid == 0)
		_exit(clock ? jobs->clock_main(jobs->arg) :
		    jobs->worker_main(jobs->listen_fd, jobs->arg));
	if (pid < 0)
		log_error("cannot start %s: %s", clock ? "the clock" :
		    "a worker", strerror(errno));
	return pid;
}

/*
 * Says how child pid died and waits before its successor is started when
 * children of its kind die at once, again and again: that is not helped
 * by forking as fast as possible, so slow down to one a second.
 */
static void
prefork_mourn(struct prefork_pace *pace, const char *what, pid_t pid,
    int status)
{
	time_t now = time(NULL);

	if (WIFSIGNALED(status))
		log_error("%s %ld died of signal %d; starting another", what,
		    (long)pid, WTERMSIG(status));
	else
		log_error("%s %ld exited with status %d; starting another",
		    what, (long)pid, WEXITSTATUS(status));
	pace->quick_deaths = now - pace->last_death < 1 ?
	    pace->quick_deaths + 1 : 0;
	pace->last_death = now;
	if (pace->quick_deaths > 3)
		sleep(1);
}

int
prefork_run(int listen_fd, unsigned workers,
    int (*worker_main)(int, void *), int (*clock_main)(void *), void *arg)
{
	const struct prefork_jobs jobs = {
		listen_fd, worker_main, clock_main, arg
	};
	struct prefork_pace worker_pace = { 0, 0 }, clock_pace = { 0, 0 };
	pid_t pids[PREFORK_MAX_WORKERS], clock_pid = 0;
	unsigned n, alive = 0;

	if (workers == 0 || workers > PREFORK_MAX_WORKERS) {
		log_error("workers: %u is not from 1 to %d", workers,
		    PREFORK_MAX_WORKERS);
		return 1;
	}
	/* Before the handler: until then a signal ends the process. */
	prefork_stop = 0;
	prefork_signals(prefork_on_signal);
	for (n = 0; n < workers; n++)
		if ((pids[n] = prefork_spawn(&jobs, 0)) > 0)
			alive++;
	if (clock_main != NULL)
		clock_pid = prefork_spawn(&jobs, 1);

	while (!prefork_stop && alive > 0) {
		int status;
		pid_t pid = wait(&status);

		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		/* Reaped: the pid may be given to another process from now on,
		 * so it must never be signalled again. */
		if (pid == clock_pid) {
			clock_pid = 0;
			if (prefork_stop)
				break;
			prefork_mourn(&clock_pace, "the clock", pid, status);
			clock_pid = prefork_spawn(&jobs, 1);
			continue;
		}
		for (n = 0; n < workers && pids[n] != pid; n++)
			;
		if (n == workers)
			continue;
		pids[n] = 0;
		alive--;
		if (prefork_stop)
			break;
		prefork_mourn(&worker_pace, "worker", pid, status);
		if ((pids[n] = prefork_spawn(&jobs, 0)) > 0)
			alive++;
	}

	/* Stop the children: each worker finishes the request it is
	 * answering, the clock the round it is in. */
	for (n = 0; n < workers; n++)
		if (pids[n] > 0)
			kill(pids[n], SIGTERM);
	if (clock_pid > 0)
		kill(clock_pid, SIGTERM);
	while (wait(NULL) > 0 || errno == EINTR)
		;
	return 0;
}

/*
 * prefork: the master and its workers. The master does nothing but wait for
 * children; all the work (and all the risk) is in the workers, so a crash
 * costs one request and one fork.
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

/* Starts one worker; returns its pid, or -1. */
static pid_t
prefork_spawn(int listen_fd, int (*worker_main)(int, void *), void *arg)
{
	pid_t pid = fork();

	if (pid == 0) {
		prefork_stop = 0;
		prefork_signals(prefork_on_signal);
		_exit(worker_main(listen_fd, arg));
	}
	if (pid < 0)
		log_error("cannot start a worker: %s", strerror(errno));
	return pid;
}

int
prefork_run(int listen_fd, unsigned workers,
    int (*worker_main)(int, void *), void *arg)
{
	pid_t pids[PREFORK_MAX_WORKERS];
	time_t last_death = 0;
	unsigned n, alive = 0, quick_deaths = 0;

	if (workers == 0 || workers > PREFORK_MAX_WORKERS) {
		log_error("workers: %u is not from 1 to %d", workers,
		    PREFORK_MAX_WORKERS);
		return 1;
	}
	prefork_signals(prefork_on_signal);
	for (n = 0; n < workers; n++)
		if ((pids[n] = prefork_spawn(listen_fd, worker_main, arg)) > 0)
			alive++;

	while (!prefork_stop && alive > 0) {
		int status;
		pid_t pid = wait(&status);

		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (n = 0; n < workers && pids[n] != pid; n++)
			;
		if (n == workers)
			continue;
		/* Reaped: the pid may be given to another process from now on,
		 * so it must never be signalled again. */
		pids[n] = 0;
		alive--;
		if (prefork_stop)
			break;
		if (WIFSIGNALED(status))
			log_error("worker %ld died of signal %d; starting another",
			    (long)pid, WTERMSIG(status));
		else
			log_error("worker %ld exited with status %d; starting "
			    "another", (long)pid, WEXITSTATUS(status));
		/* A worker that dies at once, again and again, is not helped by
		 * forking as fast as possible: slow down to one a second. */
		quick_deaths = time(NULL) - last_death < 1 ? quick_deaths + 1 : 0;
		last_death = time(NULL);
		if (quick_deaths > 3)
			sleep(1);
		if ((pids[n] = prefork_spawn(listen_fd, worker_main, arg)) > 0)
			alive++;
	}

	/* Stop the workers: each finishes the request it is answering. */
	for (n = 0; n < workers; n++)
		if (pids[n] > 0)
			kill(pids[n], SIGTERM);
	while (wait(NULL) > 0 || errno == EINTR)
		;
	return 0;
}

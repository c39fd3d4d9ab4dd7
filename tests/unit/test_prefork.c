/*
 * Tests src/app/prefork.c: the master never signals a worker it has
 * already reaped (its pid may belong to another process by then); it
 * starts the clock beside the workers, starts another when it is killed,
 * and stops it with them.
 *
 * wait() and kill() are interposed: this file's definitions take the place
 * of libc's for the whole program, so the test sees every pid the master
 * reaps and every signal it sends, and can make SIGTERM arrive at the worst
 * moment: just after wait() has returned a dead worker's pid.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../src/app/prefork.h"
#include "test.h"

#define MAX_SEEN 64

static pid_t reaped[MAX_SEEN], signalled[MAX_SEEN];
static int nreaped, nsignalled;
static int stop_after_first_reap;

pid_t
wait(int *status)
{
	pid_t pid = waitpid(-1, status, 0);

	if (pid > 0 && nreaped < MAX_SEEN) {
		reaped[nreaped++] = pid;
		if (stop_after_first_reap) {
			stop_after_first_reap = 0;
			raise(SIGTERM);	/* the master's handler: stop */
		}
	}
	return pid;
}

int
kill(pid_t pid, int sig)
{
	if (nsignalled < MAX_SEEN)
		signalled[nsignalled++] = pid;
	return (int)syscall(SYS_kill, pid, sig);
}

/* A worker that dies at once. */
static int
worker_exits(int listen_fd, void *arg)
{
	(void)listen_fd;
	(void)arg;
	return 0;
}

static void
test_reaped_worker_is_not_signalled(void)
{
	stop_after_first_reap = 1;
	CHECK_INT(prefork_run(-1, 1, worker_exits, NULL, NULL), 0);
	CHECK(nreaped >= 1);
	for (int i = 0; i < nsignalled; i++)
		for (int j = 0; j < nreaped; j++)
			CHECK(signalled[i] != reaped[j]);
}

/*
 * What the children of the clock test tell it, through a pipe: one
 * record per event, written whole (a pipe keeps writes under PIPE_BUF
 * apart).
 */
struct event {
	char what;	/* 'C' clock started, 'c' clock stopped on SIGTERM,
			   'W' worker started, 'w' worker stopped */
	pid_t pid;
};

static int events_fd = -1;

static void
tell(char what)
{
	struct event e;

	memset(&e, 0, sizeof(e));
	e.what = what;
	e.pid = getpid();
	if (write(events_fd, &e, sizeof(e)) != (ssize_t)sizeof(e))
		_exit(3);
}

/* Waits, 10 ms at a time, until SIGTERM says to stop. */
static void
wait_for_stop(void)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };

	while (!prefork_stopping())
		nanosleep(&tick, NULL);
}

static int
worker_waits(int listen_fd, void *arg)
{
	(void)listen_fd;
	(void)arg;
	tell('W');
	wait_for_stop();
	tell('w');
	return 0;
}

static int
clock_waits(void *arg)
{
	(void)arg;
	tell('C');
	wait_for_stop();
	tell('c');
	return 0;
}

/* Reads the next event within 5 s into *e; returns 0, or -1. */
static int
next_event(int fd, struct event *e)
{
	struct pollfd p = { fd, POLLIN, 0 };

	if (poll(&p, 1, 5000) != 1)
		return -1;
	return read(fd, e, sizeof(*e)) == (ssize_t)sizeof(*e) ? 0 : -1;
}

/* Reads events until one of kind what; returns its pid, or -1. */
static pid_t
next_of(int fd, char what)
{
	struct event e;

	while (next_event(fd, &e) == 0)
		if (e.what == what)
			return e.pid;
	return -1;
}

static void
test_clock_is_started_restarted_and_stopped(void)
{
	int fds[2], status = -1;
	unsigned workers_stopped = 0;
	pid_t master, clock1, clock2, stopped = -1;
	struct event e;

	if (pipe(fds) != 0) {
		CHECK(!"pipe");
		return;
	}
	if ((master = fork()) == 0) {
		close(fds[0]);
		events_fd = fds[1];
		_exit(prefork_run(-1, 2, worker_waits, clock_waits, NULL));
	}
	close(fds[1]);
	CHECK(master > 0);
	clock1 = next_of(fds[0], 'C');
	CHECK(clock1 > 0);
	if (clock1 > 0)
		kill(clock1, SIGKILL);
	clock2 = next_of(fds[0], 'C');
	CHECK(clock2 > 0);
	CHECK(clock2 != clock1);

	kill(master, SIGTERM);
	while (next_event(fds[0], &e) == 0) {
		if (e.what == 'c')
			stopped = e.pid;
		else if (e.what == 'w')
			workers_stopped++;
	}
	CHECK_INT(stopped, clock2);
	CHECK_INT(workers_stopped, 2);
	CHECK_INT(waitpid(master, &status, 0), master);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* The master reaped every child before it returned. */
	if (clock2 > 0)
		CHECK(kill(clock2, 0) != 0 && errno == ESRCH);
	close(fds[0]);
}

int
main(void)
{
	TEST_RUN(test_reaped_worker_is_not_signalled);
	TEST_RUN(test_clock_is_started_restarted_and_stopped);
	return TEST_DONE();
}

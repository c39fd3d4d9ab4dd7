/*
 * Tests src/app/prefork.c: the master never signals a worker it has
 * already reaped (its pid may belong to another process by then).
 *
 * wait() and kill() are interposed: this file's definitions take the place
 * of libc's for the whole program, so the test sees every pid the master
 * reaps and every signal it sends, and can make SIGTERM arrive at the worst
 * moment: just after wait() has returned a dead worker's pid.
 */
#include <errno.h>
#include <signal.h>
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
	CHECK_INT(prefork_run(-1, 1, worker_exits, NULL), 0);
	CHECK(nreaped >= 1);
	for (int i = 0; i < nsignalled; i++)
		for (int j = 0; j < nreaped; j++)
			CHECK(signalled[i] != reaped[j]);
}

int
main(void)
{
	TEST_RUN(test_reaped_worker_is_not_signalled);
	return TEST_DONE();
}

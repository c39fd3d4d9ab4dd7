/*
 * Tests src/lib/hashslot.c across processes, as blog.fcgi's forked workers
 * use it: one slot holder at a time, one waiter that gets the slot when it
 * comes free or gives up after its wait, everyone else refused at once,
 * and a slot whose holder died taken over.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../src/lib/hashslot.h"
#include "test.h"

_Static_assert(HASHSLOT_RUNS == 1 && HASHSLOT_WAITING == 1,
    "these tests count on one slot and one waiting place");

/* Returns milliseconds of a monotonic clock. */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Forks a child that takes the slot with wait_ms, writes one byte to the
 * returned pipe ('y' taken, 'n' refused), keeps it hold_ms, then gives it
 * back (or, with die set, is killed holding it). *pid is the child's.
 */
static int
child_take(unsigned wait_ms, unsigned hold_ms, int die, pid_t *pid)
{
	int fds[2];
	char c;

	if (pipe(fds) != 0)
		abort();
	if ((*pid = fork()) == 0) {
		close(fds[0]);
		c = hashslot_take(wait_ms) == 0 ? 'y' : 'n';
		if (write(fds[1], &c, 1) != 1)
			_exit(1);
		usleep(hold_ms * 1000);
		if (die)
			raise(SIGKILL);
		if (c == 'y')
			hashslot_give();
		_exit(0);
	}
	close(fds[1]);
	return fds[0];
}

/* Returns the byte the child wrote to fd ('y' or 'n'), closing fd. */
static char
child_said(int fd)
{
	char c = '?';

	if (read(fd, &c, 1) != 1)
		c = '?';
	close(fd);
	return c;
}

/* Waits for the child pid to end. */
static void
reap(pid_t pid)
{
	while (waitpid(pid, NULL, 0) < 0)
		;
}

static void
test_without_init_never_refuses(void)
{
	CHECK_INT(hashslot_take(0), 0);
	CHECK_INT(hashslot_take(0), 0);
	hashslot_give();
	hashslot_give();
}

static void
test_one_holder_at_a_time(void)
{
	pid_t pid;
	int fd;

	CHECK_INT(hashslot_take(0), 0);
	fd = child_take(0, 0, 0, &pid);
	CHECK_INT(child_said(fd), 'n');
	reap(pid);
	hashslot_give();
	fd = child_take(0, 0, 0, &pid);
	CHECK_INT(child_said(fd), 'y');
	reap(pid);
	CHECK_INT(hashslot_take(0), 0);
	hashslot_give();
}

static void
test_the_waiter_gives_up_after_its_wait(void)
{
	long long t0;
	pid_t pid;
	int fd;

	fd = child_take(0, 1000, 0, &pid);
	CHECK_INT(child_said(fd), 'y');
	t0 = now_ms();
	CHECK_INT(hashslot_take(100), -1);
	CHECK(now_ms() - t0 >= 90);
	CHECK(now_ms() - t0 < 900);
	kill(pid, SIGTERM);
	reap(pid);
}

static void
test_the_waiter_gets_the_slot_when_it_comes_free(void)
{
	long long t0;
	pid_t pid;
	int fd;

	fd = child_take(0, 100, 0, &pid);
	CHECK_INT(child_said(fd), 'y');
	t0 = now_ms();
	CHECK_INT(hashslot_take(5000), 0);
	CHECK(now_ms() - t0 < 4000);
	hashslot_give();
	reap(pid);
}

static void
test_a_second_waiter_is_refused_at_once(void)
{
	long long t0;
	pid_t holder, waiter;
	int fd;

	fd = child_take(0, 2000, 0, &holder);
	CHECK_INT(child_said(fd), 'y');
	/* The waiter writes only when its wait is over: read it later. */
	fd = child_take(5000, 0, 0, &waiter);
	usleep(500 * 1000);	/* time for the waiter to start waiting */
	t0 = now_ms();
	CHECK_INT(hashslot_take(3000), -1);
	CHECK(now_ms() - t0 < 500);
	CHECK_INT(child_said(fd), 'y');	/* the waiter had it after holder */
	reap(holder);
	reap(waiter);
}

static void
test_a_dead_holders_slot_is_taken_over(void)
{
	pid_t pid;
	int fd;

	fd = child_take(0, 0, 1, &pid);
	CHECK_INT(child_said(fd), 'y');
	reap(pid);
	CHECK_INT(hashslot_take(0), 0);
	hashslot_give();
	CHECK_INT(hashslot_take(0), 0);
	hashslot_give();
}

int
main(void)
{
	TEST_RUN(test_without_init_never_refuses);
	if (hashslot_init() != 0) {
		fprintf(stderr, "hashslot_init failed\n");
		return 1;
	}
	TEST_RUN(test_one_holder_at_a_time);
	TEST_RUN(test_the_waiter_gives_up_after_its_wait);
	TEST_RUN(test_the_waiter_gets_the_slot_when_it_comes_free);
	TEST_RUN(test_a_second_waiter_is_refused_at_once);
	TEST_RUN(test_a_dead_holders_slot_is_taken_over);
	return TEST_DONE();
}

/*
 * Tests src/lib/arena.c and arena_copy.c: alignment, copies, and that an
 * allocation too large to make ends the process the same way whichever
 * function is asked (run in a child, so that the test goes on).
 */
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../src/lib/arena.h"
#include "test.h"

static void
test_copies_and_zeroes(void)
{
	struct arena a;
	unsigned *v;

	arena_init(&a, 0);
	v = arena_calloc(&a, 1000, sizeof(*v));
	CHECK(v != NULL);
	CHECK(v != NULL && v[0] == 0 && v[999] == 0);
	CHECK(((uintptr_t)v % _Alignof(max_align_t)) == 0);
	CHECK_STR(arena_strndup(&a, "abcdef", 3), "abc");
	CHECK_STR(arena_printf(&a, "%d-%s", 7, "x"), "7-x");
	CHECK(arena_calloc(&a, 0, 8) != NULL);
	arena_free(&a);
}

enum too_large {
	ALLOC_TOO_LARGE,
	CALLOC_OVERFLOW,
	CALLOC_TOO_LARGE,
};

/*
 * Returns how a child asking for a too-large allocation ended: the signal
 * that killed it, or 0 when it came back.
 */
static int
too_large_in_child(enum too_large how)
{
	struct arena a;
	int status;
	pid_t pid;

	fflush(NULL);
	if ((pid = fork()) == 0) {
		/* The message is expected: keep the test's output clean. */
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(3);
		arena_init(&a, 0);
		if (how == ALLOC_TOO_LARGE)
			(void)arena_alloc(&a, SIZE_MAX);
		else if (how == CALLOC_OVERFLOW)
			(void)arena_calloc(&a, SIZE_MAX / 2, 4);
		else
			(void)arena_calloc(&a, 1, SIZE_MAX);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

static void
test_too_large_aborts_alike(void)
{
	CHECK_INT(too_large_in_child(ALLOC_TOO_LARGE), SIGABRT);
	CHECK_INT(too_large_in_child(CALLOC_OVERFLOW), SIGABRT);
	CHECK_INT(too_large_in_child(CALLOC_TOO_LARGE), SIGABRT);
}

int
main(void)
{
	TEST_RUN(test_copies_and_zeroes);
	TEST_RUN(test_too_large_aborts_alike);
	return TEST_DONE();
}

/*
 * hashslot: the slots are robust, process-shared mutexes in an anonymous
 * shared mapping made before the workers are forked. Robust, because a
 * worker killed while hashing (SIGKILL, a crash) must not keep its slot:
 * the next taker gets EOWNERDEAD and carries on. The waiting places are
 * mutexes too, taken without waiting, for the same reason.
 */
#include "hashslot.h"

#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>
#include <time.h>

struct hashslot_shared {
	pthread_mutex_t run[HASHSLOT_RUNS];
	pthread_mutex_t wait[HASHSLOT_WAITING];
};

static struct hashslot_shared *hashslot;
static int hashslot_held = -1;	/* the run slot this process holds */

/* Makes *m a robust mutex shared between processes; 0 or -1. */
static int
mutex_init(pthread_mutex_t *m)
{
	pthread_mutexattr_t attr;
	int rc = -1;

	if (pthread_mutexattr_init(&attr) != 0)
		return -1;
	if (pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED) == 0 &&
	    pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST) == 0 &&
	    pthread_mutex_init(m, &attr) == 0)
		rc = 0;
	pthread_mutexattr_destroy(&attr);
	return rc;
}

int
hashslot_init(void)
{
	struct hashslot_shared *s;
	size_t i;

	if (hashslot != NULL)
		return 0;
	s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s == MAP_FAILED)
		return -1;
	for (i = 0; i < HASHSLOT_RUNS; i++)
		if (mutex_init(&s->run[i]) != 0)
			goto fail;
	for (i = 0; i < HASHSLOT_WAITING; i++)
		if (mutex_init(&s->wait[i]) != 0)
			goto fail;
	hashslot = s;
	return 0;
fail:
	munmap(s, sizeof(*s));
	return -1;
}

/*
 * Returns 0 when the lock call that answered rc left m locked by us (a dead
 * holder's lock made consistent again), else -1 (busy, timed out, broken).
 */
static int
locked(pthread_mutex_t *m, int rc)
{
	if (rc == EOWNERDEAD)
		rc = pthread_mutex_consistent(m);
	return rc == 0 ? 0 : -1;
}

/* Waits for run slot i until wait_ms from now; 0 with it locked, or -1. */
static int
wait_for(size_t i, unsigned wait_ms)
{
	struct timespec until;

	if (clock_gettime(CLOCK_MONOTONIC, &until) != 0)
		return -1;
	until.tv_sec += wait_ms / 1000;
	until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	return locked(&hashslot->run[i], pthread_mutex_clocklock(
	    &hashslot->run[i], CLOCK_MONOTONIC, &until));
}

int
hashslot_take(unsigned wait_ms)
{
	size_t i, w;
	int rc;

	if (hashslot == NULL)
		return 0;
	for (i = 0; i < HASHSLOT_RUNS; i++)
		if (locked(&hashslot->run[i],
		    pthread_mutex_trylock(&hashslot->run[i])) == 0) {
			hashslot_held = (int)i;
			return 0;
		}
	for (w = 0; w < HASHSLOT_WAITING; w++) {
		if (locked(&hashslot->wait[w],
		    pthread_mutex_trylock(&hashslot->wait[w])) != 0)
			continue;
		/* Each waiting place waits on its own run slot. */
		i = w % HASHSLOT_RUNS;
		rc = wait_for(i, wait_ms);
		pthread_mutex_unlock(&hashslot->wait[w]);
		if (rc == 0)
			hashslot_held = (int)i;
		return rc;
	}
	return -1;
}

void
hashslot_give(void)
{
	if (hashslot == NULL || hashslot_held < 0)
		return;
	pthread_mutex_unlock(&hashslot->run[hashslot_held]);
	hashslot_held = -1;
}

/*
 * hashslot: how many password checks (Argon2id: 64 MiB and most of a core
 * for each) run at once across the processes forked after hashslot_init,
 * and how few requests may wait for one. Everyone else is told to come
 * back in a moment, so sign-in attempts can hold at most HASHSLOT_RUNS +
 * HASHSLOT_WAITING workers and the rest keep answering readers.
 */
#ifndef LIB_HASHSLOT_H
#define LIB_HASHSLOT_H

/*
 * One Argon2id run at a time: on the 2-core machine the blog is sized for,
 * that leaves a core to Apache, the other workers and MariaDB. A check
 * takes about 0.2 s there, so one slot still signs in five authors a
 * second; a larger machine may raise it to about half its cores.
 */
#define HASHSLOT_RUNS 1

/*
 * One request may wait for a slot, the others are refused at once: of the
 * 4 workers, sign-ins then hold at most 2, however many guessers there
 * are.
 */
#define HASHSLOT_WAITING 1

/*
 * How long the waiting request waits for the slot, in milliseconds: about
 * one check, so that an author who arrives during another's sign-in is
 * let in, while a worker is never held much longer than a check takes.
 */
#define HASHSLOT_WAIT_MS 200

/*
 * Makes the slots in memory shared with the processes forked afterwards
 * (call it once, before forking). Returns 0, or -1 when it cannot (then
 * hashslot_take never refuses, as without hashslot_init).
 */
int hashslot_init(void);

/*
 * Takes a slot: at once if one is free, else waits up to wait_ms when no
 * other request is waiting already. Returns 0 with the slot taken (give it
 * back with hashslot_give), or -1 when none came free. A slot whose holder
 * died is taken over. Without hashslot_init (blogctl, tests) it returns 0.
 */
int hashslot_take(unsigned wait_ms);

/* Gives back the slot hashslot_take took; does nothing if none is held. */
void hashslot_give(void);

#endif

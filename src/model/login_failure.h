/*
 * login_failure: the login_failures table, the failed sign-ins of the last
 * LOGIN_FAILURE_WINDOW seconds by the address they came from, which every
 * app host shares: after LOGIN_FAILURE_LIMIT of them an address must wait
 * until the oldest that counts leaves the window. Older rows are ignored,
 * and deleted a few at a time whenever a failure is recorded. Same
 * conventions as post.h.
 */
#ifndef MODEL_LOGIN_FAILURE_H
#define MODEL_LOGIN_FAILURE_H

struct arena;
struct db;

#define LOGIN_FAILURE_LIMIT 10		/* failures an address may have */
#define LOGIN_FAILURE_WINDOW 900	/* seconds they count for: 15 min */
#define LOGIN_FAILURE_ADDRESS_MAX 64	/* bytes of an address key, NUL too */
#define LOGIN_FAILURE_UNKNOWN "unknown"	/* the key of no or a bad address */

/*
 * Writes into out the key that counts the failures of the client at
 * remote_addr (REMOTE_ADDR): an IPv4 address as dotted quad ("192.0.2.7",
 * also when written as IPv4-mapped IPv6), an IPv6 address as its /64
 * prefix ("2001:db8:1:2::/64"), since one host or one customer of a
 * provider usually has a whole /64 to pick addresses from. Returns 0, or
 * -1 when remote_addr is NULL or not an IP address (out is then
 * LOGIN_FAILURE_UNKNOWN, one key for all of them).
 */
int login_failure_key(const char *remote_addr,
    char out[LOGIN_FAILURE_ADDRESS_MAX]);

/*
 * Sets *seconds to 0 when address may try to sign in, else to how long it
 * must wait (1 to LOGIN_FAILURE_WINDOW): until the oldest of its last
 * LOGIN_FAILURE_LIMIT failures leaves the window. DB_OK or a failure.
 */
int login_failure_wait(struct db *db, struct arena *a, const char *address,
    long *seconds);

/*
 * Records a failed sign-in from address, now, and deletes up to
 * LOGIN_FAILURE_PURGE rows (anyone's) that left the window. DB_OK or a
 * failure.
 */
#define LOGIN_FAILURE_PURGE 100
int login_failure_insert(struct db *db, struct arena *a, const char *address);

/*
 * Returns the seconds of a wait of us microseconds, rounded up and kept
 * from 1 to LOGIN_FAILURE_WINDOW.
 */
long login_failure_seconds(long long us);

#endif

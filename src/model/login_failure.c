/*
 * login_failure: all SQL of login_failures, in one array, and the key an
 * address is counted under. Times are the server's UTC; "now" is one
 * CURRENT_TIMESTAMP(6) per statement.
 */
#include "login_failure.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "tables.h"

enum login_failure_stmt {
	LOGIN_FAILURE_WAIT,
	LOGIN_FAILURE_INSERT,
	LOGIN_FAILURE_DELETE_OLD,
	LOGIN_FAILURE__MAX
};

static const char *const login_failure_sql[LOGIN_FAILURE__MAX] = {
	/*
	 * The LIMIT-th newest failure within the window, if there is one,
	 * and the microseconds until it leaves: then the address is back
	 * under the limit. Reads at most LIMIT entries of the index.
	 */
	[LOGIN_FAILURE_WAIT] =
	    "SELECT TIMESTAMPDIFF(MICROSECOND, CURRENT_TIMESTAMP(6), "
	    "failed_at + INTERVAL ? SECOND) "
	    "FROM login_failures "
	    "WHERE address = ? "
	    "AND failed_at > CURRENT_TIMESTAMP(6) - INTERVAL ? SECOND "
	    "ORDER BY failed_at DESC LIMIT 1 OFFSET ?",
	[LOGIN_FAILURE_INSERT] =
	    "INSERT INTO login_failures (address, failed_at) "
	    "VALUES (?, CURRENT_TIMESTAMP(6))",
	[LOGIN_FAILURE_DELETE_OLD] =
	    "DELETE FROM login_failures "
	    "WHERE failed_at <= CURRENT_TIMESTAMP(6) - INTERVAL ? SECOND "
	    "ORDER BY failed_at LIMIT ?",
};

const struct db_table login_failure_table = {
	"login failures", login_failure_sql, LOGIN_FAILURE__MAX, NULL, 0, 0
};

/* Writes the /64 prefix of ip (changed) into out; 0, or -1. */
static int
key_ipv6(struct in6_addr *ip, char out[LOGIN_FAILURE_ADDRESS_MAX])
{
	char text[INET6_ADDRSTRLEN];

	memset(ip->s6_addr + 8, 0, 8);
	if (inet_ntop(AF_INET6, ip, text, sizeof(text)) == NULL)
		return -1;
	snprintf(out, LOGIN_FAILURE_ADDRESS_MAX, "%s/64", text);
	return 0;
}

/* Returns 0 with remote_addr's key in out, or -1 (out undefined). */
static int
key_of(const char *remote_addr, char out[LOGIN_FAILURE_ADDRESS_MAX])
{
	struct in_addr ip4;
	struct in6_addr ip6;
	char text[INET6_ADDRSTRLEN + 1];
	size_t len = strcspn(remote_addr, "%");

	/* A link-local address's zone ("fe80::1%eth0") is no part of it. */
	if (len >= sizeof(text))
		return -1;
	memcpy(text, remote_addr, len);
	text[len] = '\0';
	if (inet_pton(AF_INET6, text, &ip6) == 1) {
		if (!IN6_IS_ADDR_V4MAPPED(&ip6))
			return key_ipv6(&ip6, out);
		memcpy(&ip4, ip6.s6_addr + 12, sizeof(ip4));
	} else if (inet_pton(AF_INET, text, &ip4) != 1)
		return -1;
	return inet_ntop(AF_INET, &ip4, out, LOGIN_FAILURE_ADDRESS_MAX) ?
	    0 : -1;
}

int
login_failure_key(const char *remote_addr,
    char out[LOGIN_FAILURE_ADDRESS_MAX])
{
	if (remote_addr != NULL && key_of(remote_addr, out) == 0)
		return 0;
	snprintf(out, LOGIN_FAILURE_ADDRESS_MAX, "%s", LOGIN_FAILURE_UNKNOWN);
	return -1;
}

long
login_failure_seconds(long long us)
{
	long long s;

	if (us <= 0)
		return 1;
	s = (us + 999999) / 1000000;
	return s > LOGIN_FAILURE_WINDOW ? LOGIN_FAILURE_WINDOW : (long)s;
}

int
login_failure_wait(struct db *db, struct arena *a, const char *address,
    long *seconds)
{
	struct db_arg args[] = {
		db_arg_int(LOGIN_FAILURE_WINDOW), db_arg_text(address),
		db_arg_int(LOGIN_FAILURE_WINDOW),
		db_arg_int(LOGIN_FAILURE_LIMIT - 1),
	};
	long long us = 0;
	int rc;

	*seconds = 0;
	rc = db_query_int(db, a, &login_failure_table, LOGIN_FAILURE_WAIT, args,
	    4, &us);
	if (rc == DB_NOT_FOUND)
		return DB_OK;
	if (rc != DB_OK)
		return rc;
	*seconds = login_failure_seconds(us);
	return DB_OK;
}

int
login_failure_insert(struct db *db, struct arena *a, const char *address)
{
	struct db_arg insert[] = { db_arg_text(address) };
	struct db_arg old[] = {
		db_arg_int(LOGIN_FAILURE_WINDOW), db_arg_int(LOGIN_FAILURE_PURGE),
	};
	int rc;

	if ((rc = db_exec(db, a, &login_failure_table, LOGIN_FAILURE_INSERT,
	    insert, 1, NULL)) != DB_OK)
		return rc;
	return db_exec(db, a, &login_failure_table, LOGIN_FAILURE_DELETE_OLD,
	    old, 2, NULL);
}

/*
 * Tests the pure part of src/model/login_failure.c: the key an address's
 * failed sign-ins are counted under (IPv4 whole, IPv6 by its /64 prefix)
 * and the Retry-After seconds of a wait.
 */
#include <string.h>

#include "../../src/model/login_failure.h"
#include "test.h"

/* Returns the key of addr, in a buffer reused by the next call. */
static const char *
key(const char *addr)
{
	static char out[LOGIN_FAILURE_ADDRESS_MAX];

	memset(out, 'x', sizeof(out));
	login_failure_key(addr, out);
	return out;
}

static void
test_ipv4_is_the_whole_address(void)
{
	char out[LOGIN_FAILURE_ADDRESS_MAX];

	CHECK_STR(key("127.0.0.1"), "127.0.0.1");
	CHECK_STR(key("192.0.2.255"), "192.0.2.255");
	CHECK_STR(key("192.0.2.8"), "192.0.2.8");
	CHECK_INT(login_failure_key("203.0.113.9", out), 0);
	CHECK_STR(out, "203.0.113.9");
}

static void
test_ipv4_mapped_ipv6_is_ipv4(void)
{
	CHECK_STR(key("::ffff:192.0.2.7"), "192.0.2.7");
	CHECK_STR(key("::FFFF:127.0.0.1"), "127.0.0.1");
	/* IPv4-compatible (deprecated) is not mapped: an IPv6 /64. */
	CHECK_STR(key("::192.0.2.7"), "::/64");
}

static void
test_ipv6_is_its_slash_64(void)
{
	CHECK_STR(key("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
	/* Any address of the same /64 counts as the same client. */
	CHECK_STR(key("2001:0db8:0001:0002:ffff:ffff:ffff:ffff"),
	    "2001:db8:1:2::/64");
	CHECK_STR(key("2001:DB8:1:2::1"), "2001:db8:1:2::/64");
	/* The next /64 is another. */
	CHECK_STR(key("2001:db8:1:3::1"), "2001:db8:1:3::/64");
	CHECK_STR(key("::1"), "::/64");
	CHECK_STR(key("fe80::1%eth0"), "fe80::/64");
	CHECK_STR(key("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"),
	    "2001:db8:ffff:ffff::/64");
	CHECK(strlen(key("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")) <
	    LOGIN_FAILURE_ADDRESS_MAX);
}

static void
test_anything_else_is_unknown(void)
{
	char out[LOGIN_FAILURE_ADDRESS_MAX];
	char long_addr[200];

	CHECK_INT(login_failure_key(NULL, out), -1);
	CHECK_STR(out, LOGIN_FAILURE_UNKNOWN);
	CHECK_INT(login_failure_key("", out), -1);
	CHECK_STR(out, LOGIN_FAILURE_UNKNOWN);
	CHECK_STR(key("localhost"), LOGIN_FAILURE_UNKNOWN);
	CHECK_STR(key("127.0.0.1 "), LOGIN_FAILURE_UNKNOWN);
	CHECK_STR(key("127.0.0.1, 10.0.0.1"), LOGIN_FAILURE_UNKNOWN);
	CHECK_STR(key("1.2.3.4.5"), LOGIN_FAILURE_UNKNOWN);
	CHECK_STR(key("2001:db8::1::2"), LOGIN_FAILURE_UNKNOWN);
	CHECK_STR(key("' OR '1'='1"), LOGIN_FAILURE_UNKNOWN);
	memset(long_addr, '1', sizeof(long_addr) - 1);
	long_addr[sizeof(long_addr) - 1] = '\0';
	CHECK_STR(key(long_addr), LOGIN_FAILURE_UNKNOWN);
}

static void
test_wait_is_whole_seconds_within_the_window(void)
{
	CHECK_INT(login_failure_seconds(-5), 1);
	CHECK_INT(login_failure_seconds(0), 1);
	CHECK_INT(login_failure_seconds(1), 1);
	CHECK_INT(login_failure_seconds(1000000), 1);
	CHECK_INT(login_failure_seconds(1000001), 2);
	CHECK_INT(login_failure_seconds(899500000LL), 900);
	CHECK_INT(login_failure_seconds(5000000000LL), LOGIN_FAILURE_WINDOW);
}

int
main(void)
{
	TEST_RUN(test_ipv4_is_the_whole_address);
	TEST_RUN(test_ipv4_mapped_ipv6_is_ipv4);
	TEST_RUN(test_ipv6_is_its_slash_64);
	TEST_RUN(test_anything_else_is_unknown);
	TEST_RUN(test_wait_is_whole_seconds_within_the_window);
	return TEST_DONE();
}

/*
 * Tests src/http/csrf.c: comparing tokens (length first, then every byte),
 * origins of URLs as browsers write them, and which requests may change
 * something: Sec-Fetch-Site and Origin against base_url.
 */
#include <string.h>

#include "../../src/http/csrf.h"
#include "test.h"

#define TOKEN "0123456789abcdef0123456789abcdef" \
	"0123456789abcdef0123456789abcdef"

static int
matches(const char *expected, const char *submitted)
{
	return csrf_token_matches(expected, submitted,
	    submitted ? strlen(submitted) : 0);
}

static void
test_token_must_match_exactly(void)
{
	char other[] = TOKEN;

	CHECK(matches(TOKEN, TOKEN));
	other[63] = '0';
	CHECK(!matches(TOKEN, other));
	other[63] = 'f';
	other[0] = '1';
	CHECK(!matches(TOKEN, other));
	CHECK(!matches(TOKEN, "0123456789abcdef"));	/* a prefix */
	CHECK(!matches(TOKEN, TOKEN "0"));		/* longer */
	CHECK(!matches(TOKEN, ""));
	CHECK(!matches(TOKEN, NULL));
	CHECK(!matches(NULL, TOKEN));
	/* Two short strings that are equal are still not a token. */
	CHECK(!matches("abc", "abc"));
	CHECK(!matches("", ""));
}

static void
test_well_formed_tokens(void)
{
	CHECK(csrf_token_well_formed(TOKEN));
	CHECK(!csrf_token_well_formed(NULL));
	CHECK(!csrf_token_well_formed(""));
	CHECK(!csrf_token_well_formed("0123456789abcdef"));
	CHECK(!csrf_token_well_formed(TOKEN "0"));
	CHECK(!csrf_token_well_formed("0123456789ABCDEF0123456789abcdef"
	    "0123456789abcdef0123456789abcdef"));
	CHECK(!csrf_token_well_formed("0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdeg"));
}

static void
test_token_length_is_the_given_one(void)
{
	/* The form's value may hold more bytes than its C string shows. */
	CHECK(!csrf_token_matches(TOKEN, TOKEN, 63));
	CHECK(csrf_token_matches(TOKEN, TOKEN "junk", 64));
}

/* Returns the origin of url, or "(refused)". */
static const char *
origin(const char *url)
{
	static char out[CSRF_ORIGIN_MAX];

	return csrf_origin_of(url, out, sizeof(out)) == 0 ? out : "(refused)";
}

static void
test_origins(void)
{
	CHECK_STR(origin("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
	CHECK_STR(origin("https://Blog.Example.ORG/blog/"),
	    "https://blog.example.org");
	CHECK_STR(origin("https://example.org:443"), "https://example.org");
	CHECK_STR(origin("http://example.org:80/x?y#z"), "http://example.org");
	CHECK_STR(origin("http://example.org:443"), "http://example.org:443");
	CHECK_STR(origin("HTTP://[::1]:8080/"), "http://[::1]:8080");
	CHECK_STR(origin("http://[::1]"), "http://[::1]");
	CHECK_STR(origin("null"), "(refused)");
	CHECK_STR(origin("ftp://example.org"), "(refused)");
	CHECK_STR(origin("http://"), "(refused)");
	CHECK_STR(origin("http://:80"), "(refused)");
	CHECK_STR(origin("http://a:"), "(refused)");
	CHECK_STR(origin("http://a:8x"), "(refused)");
	CHECK_STR(origin("http://user@evil.example"), "(refused)");
}

static void
test_origin_too_long_refused(void)
{
	char small[18];	/* "http://example.or" and its NUL */

	CHECK_INT(csrf_origin_of("http://example.org", small, sizeof(small)),
	    -1);
	CHECK_INT(csrf_origin_of("http://example.or/x", small, sizeof(small)),
	    0);
	CHECK_STR(small, "http://example.or");
}

/* Returns csrf_same_origin for a POST with these headers (NULL: absent). */
static int
allowed(const char *sec_fetch_site, const char *origin_header)
{
	struct http_request r;

	memset(&r, 0, sizeof(r));
	r.method = HTTP_POST;
	r.sec_fetch_site = sec_fetch_site;
	r.origin = origin_header;
	return csrf_same_origin(&r, "http://127.0.0.1:8080");
}

static void
test_same_origin_requests_allowed(void)
{
	CHECK(allowed(NULL, NULL));	/* curl, old browsers */
	CHECK(allowed("same-origin", "http://127.0.0.1:8080"));
	CHECK(allowed(NULL, "HTTP://127.0.0.1:8080"));
	CHECK(allowed("none", NULL));	/* typed in the address bar */
	CHECK(allowed("same-site", NULL));
}

static void
test_cross_site_requests_refused(void)
{
	CHECK(!allowed("cross-site", NULL));
	CHECK(!allowed("Cross-Site", "http://127.0.0.1:8080"));
	CHECK(!allowed(NULL, "http://evil.example"));
	CHECK(!allowed(NULL, "http://127.0.0.1:8081"));
	CHECK(!allowed(NULL, "https://127.0.0.1:8080"));
	CHECK(!allowed(NULL, "null"));	/* sandboxed frames, data: URLs */
	CHECK(!allowed(NULL, ""));
	CHECK(!allowed("same-origin", "http://127.0.0.1.evil.example:8080"));
}

int
main(void)
{
	TEST_RUN(test_token_must_match_exactly);
	TEST_RUN(test_well_formed_tokens);
	TEST_RUN(test_token_length_is_the_given_one);
	TEST_RUN(test_origins);
	TEST_RUN(test_origin_too_long_refused);
	TEST_RUN(test_same_origin_requests_allowed);
	TEST_RUN(test_cross_site_requests_refused);
	return TEST_DONE();
}

/*
 * Tests src/http/redirect.c: which `next` values the login form follows
 * (a local path only: the open-redirect tricks are refused) and how a
 * path is written into Location.
 */
#include <string.h>

#include "../../src/http/redirect.h"
#include "../../src/lib/buf.h"
#include "test.h"

static void
test_local_paths_followed(void)
{
	static const char *const good[] = {
		"/", "/blog/", "/blog/create", "/blog/my-post/edit",
		"/blog/?q=a%20b&page=2", "/blog/tag/c#top", "/login?next=%2F",
		"/.//evil.example",	/* still a path on this site */
		"/blog/caf\xC3\xA9",
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (!http_local_path_valid(good[i]))
			fprintf(stderr, "refused: %s\n", good[i]);
		CHECK(http_local_path_valid(good[i]));
	}
}

static void
test_open_redirects_refused(void)
{
	static const char *const bad[] = {
		"", "//evil.example", "//evil.example/blog/", "/\\evil.example",
		"\\\\evil.example", "/blog\\..\\", "https://evil.example",
		"http:/evil.example", "javascript:alert(1)",
		"%2F%2Fevil.example",	/* encoded twice, decoded once */
		"blog/", "evil.example", "/\t/evil.example",
		"/\n/evil.example", "/blog/\r\nSet-Cookie: x=y", "/\x7F",
		" /blog/",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (http_local_path_valid(bad[i]))
			fprintf(stderr, "followed: %s\n", bad[i]);
		CHECK(!http_local_path_valid(bad[i]));
	}
	CHECK(!http_local_path_valid(NULL));
}

static void
test_long_paths_refused(void)
{
	char path[REDIRECT_PATH_MAX + 2];

	memset(path, 'a', sizeof(path));
	path[0] = '/';
	path[REDIRECT_PATH_MAX] = '\0';
	CHECK(http_local_path_valid(path));
	path[REDIRECT_PATH_MAX] = 'a';
	path[REDIRECT_PATH_MAX + 1] = '\0';
	CHECK(!http_local_path_valid(path));
}

static void
test_location_encoding(void)
{
	struct buf b = { 0 };

	http_location_append(&b, "/blog/?q=a%20b&page=2");
	CHECK_STR(b.data, "/blog/?q=a%20b&page=2");
	buf_clear(&b);
	http_location_append(&b, "/blog/?q=caf\xC3\xA9 \"<x>\"");
	CHECK_STR(b.data, "/blog/?q=caf%C3%A9%20%22%3Cx%3E%22");
	buf_clear(&b);
	http_location_append(&b, "/a{b}|c^`");
	CHECK_STR(b.data, "/a%7Bb%7D%7Cc%5E%60");
	buf_free(&b);
}

int
main(void)
{
	TEST_RUN(test_local_paths_followed);
	TEST_RUN(test_open_redirects_refused);
	TEST_RUN(test_long_paths_refused);
	TEST_RUN(test_location_encoding);
	return TEST_DONE();
}

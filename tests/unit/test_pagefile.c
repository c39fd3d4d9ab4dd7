/*
 * Tests src/app/pagefile.c: the names of the copies Apache serves (the
 * rules of conf/apache.conf.in ask for exactly these), and the files in a
 * directory of its own: a copy per version, the current version only
 * climbing (but when told), the budget, and the sweep of superseded
 * versions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/app/pagefile.h"
#include "../../src/http/response.h"
#include "test.h"

/* Returns the name of path with query, or "-" when it has none. */
static const char *
name_of(const char *path, const char *query)
{
	static char out[512];

	return pagefile_name(out, sizeof(out), path, query) == 0 ? out : "-";
}

static void
test_names(void)
{
	char small[8];

	CHECK_STR(name_of("/blog/", NULL), "blog/@");
	CHECK_STR(name_of("/blog/", ""), "blog/@");
	CHECK_STR(name_of("/blog/", "page=2"), "blog/@page=2");
	CHECK_STR(name_of("/blog/", "q=%D0%BF+x"), "blog/@q=%D0%BF+x");
	CHECK_STR(name_of("/blog/a-post", NULL), "blog/a-post@");
	CHECK_STR(name_of("/blog/tag/x/feed.atom", NULL),
	    "blog/tag/x/feed.atom@");
	CHECK_STR(name_of("/sitemap-2.xml", NULL), "sitemap-2.xml@");
	CHECK_STR(name_of("/robots.txt", NULL), "robots.txt@");
	/* What no rule asks for. */
	CHECK_STR(name_of("/", NULL), "-");
	CHECK_STR(name_of("blog/", NULL), "-");
	CHECK_STR(name_of("/blog/Post", NULL), "-");
	CHECK_STR(name_of("/blog/.tmp-1-2", NULL), "-");
	CHECK_STR(name_of("/blog/../etc", NULL), "-");
	CHECK_STR(name_of("/blog//x", NULL), "-");
	CHECK_STR(name_of("/blog/a b", NULL), "-");
	CHECK_STR(name_of("/blog/a@b", NULL), "-");
	CHECK_STR(name_of("/blog/a..b", NULL), "-");
	CHECK_STR(name_of("/blog/a./b", NULL), "-");
	CHECK_STR(name_of("/blog/a/", NULL), "blog/a/@");
	CHECK_STR(name_of("/blog/-x.y", NULL), "blog/-x.y@");
	CHECK_STR(name_of("/blog/", "q=a b"), "-");
	CHECK_STR(name_of("/blog/", "q=a/b"), "-");
	CHECK_STR(name_of("/blog/", "q=a@b"), "-");
	CHECK_STR(name_of("/blog/", "q=a!"), "-");
	{
		char longq[260];

		memset(longq, 'a', sizeof(longq) - 1);
		longq[sizeof(longq) - 1] = '\0';
		CHECK_STR(name_of("/blog/", longq), "-");
		longq[200] = '\0';
		CHECK(strcmp(name_of("/blog/", longq), "-") != 0);
	}
	CHECK_INT(pagefile_name(small, sizeof(small), "/blog/x", NULL), 0);
	CHECK_INT(pagefile_name(small, sizeof(small), "/blog/xy", NULL), -1);
}

/* Returns the bytes of the file dir/name, or "" (static). */
static const char *
slurp(const char *dir, const char *name)
{
	static char text[256];
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	text[0] = '\0';
	if ((f = fopen(path, "r")) == NULL)
		return "";
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

/* Returns whether dir/name exists. */
static int
exists(const char *dir, const char *name)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &st) == 0;
}

static void
test_files(void)
{
	char dir[] = "/tmp/test_pagefile.XXXXXX", cmd[600], etag[48];
	struct http_response resp;
	struct pagefile_stamp made, found;

	if (mkdtemp(dir) == NULL) {
		CHECK(!"mkdtemp");
		return;
	}
	http_response_init(&resp);
	buf_puts(&resp.body, "<p>page</p>");
	CHECK_INT(pagefile_open(dir, 1000), 0);
	CHECK(pagefile_on());
	CHECK_STR(slurp(dir, "generation"), "current none\n");

	CHECK_INT(pagefile_stamp("/blog/", "", 5, &made), -1);
	CHECK_INT(pagefile_keep("/blog/", "", 5, &resp, &made), 0);
	CHECK_INT(made.size, 11);
	CHECK_INT(pagefile_stamp("/blog/", "", 5, &found), 0);
	CHECK_INT(found.size, made.size);
	CHECK_INT(found.mtime_usec, made.mtime_usec);
	CHECK_INT(pagefile_stamp("/blog/", "", 4, &found), -1);
	/* Apache's FileETag MTime Size. */
	made.size = 0x65d;
	made.mtime_usec = 0x661d9f3ce838eLL;
	pagefile_etag(&made, etag, sizeof(etag));
	CHECK_STR(etag, "\"65d-661d9f3ce838e\"");
	pagefile_keep("/blog/tag/x/feed.atom", NULL, 5, &resp, NULL);
	CHECK_STR(slurp(dir, "v5/blog/@"), "<p>page</p>");
	CHECK_STR(slurp(dir, "v5/blog/tag/x/feed.atom@"), "<p>page</p>");
	resp.status = 404;
	pagefile_keep("/blog/gone", "", 5, &resp, NULL);
	CHECK(!exists(dir, "v5/blog/gone@"));
	resp.status = 200;
	pagefile_keep("/blog/odd", "q=a b", 5, &resp, NULL);
	CHECK(!exists(dir, "v5/blog/odd@q=a b"));

	CHECK_INT(pagefile_publish(5, 0), PAGEFILE_MOVED);
	CHECK_STR(slurp(dir, "generation"), "current v5\n");
	CHECK_INT(pagefile_publish(5, 0), PAGEFILE_KEPT);
	CHECK_INT(pagefile_publish(4, 0), PAGEFILE_OLDER);
	CHECK_STR(slurp(dir, "generation"), "current v5\n");
	pagefile_keep("/blog/", "", 6, &resp, NULL);
	CHECK_INT(pagefile_publish(6, 0), PAGEFILE_MOVED);
	CHECK_STR(slurp(dir, "generation"), "current v6\n");

	/* Superseded at 100 s; swept once the grace has passed. */
	pagefile_sweep(100.0);
	CHECK(exists(dir, "v5/blog/@"));
	pagefile_sweep(100.0 + PAGEFILE_GRACE_SECONDS - 0.5);
	CHECK(exists(dir, "v5/blog/@"));
	pagefile_sweep(100.0 + PAGEFILE_GRACE_SECONDS);
	CHECK(!exists(dir, "v5"));
	CHECK(exists(dir, "v6/blog/@"));

	/* Gone back (a restore): the newer copies go, then the version. */
	pagefile_keep("/blog/", "", 7, &resp, NULL);
	CHECK_INT(pagefile_publish(3, 1), PAGEFILE_MOVED);
	CHECK_STR(slurp(dir, "generation"), "current v3\n");
	CHECK(!exists(dir, "v6"));
	CHECK(!exists(dir, "v7"));

	/* The budget: 1000 bytes a version for this worker. */
	buf_clear(&resp.body);
	for (int i = 0; i < 60; i++)
		buf_puts(&resp.body, "0123456789");
	CHECK_INT(pagefile_keep("/blog/a", "", 8, &resp, NULL), 0);
	CHECK_INT(pagefile_keep("/blog/b", "", 8, &resp, NULL), -1);
	CHECK(exists(dir, "v8/blog/a@"));
	CHECK(!exists(dir, "v8/blog/b@"));
	pagefile_keep("/blog/b", "", 9, &resp, NULL);
	CHECK(exists(dir, "v9/blog/b@"));

	/* Opening again empties it. */
	CHECK_INT(pagefile_open(dir, 1000), 0);
	CHECK(!exists(dir, "v8"));
	CHECK(!exists(dir, "v9"));
	CHECK_STR(slurp(dir, "generation"), "current none\n");

	http_response_free(&resp);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK_INT(system(cmd), 0);
}

int
main(void)
{
	TEST_RUN(test_names);
	TEST_RUN(test_files);
	return TEST_DONE();
}

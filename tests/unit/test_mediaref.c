/*
 * Tests src/lib/mediaref.c: which uploaded images a post's text shows,
 * each once, by originals' and copies' addresses, and the most a post may
 * show.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/lib/mediaref.h"
#include "test.h"

#define H1 "0123456789abcdef0123456789abcdef"
#define H2 "fedcba9876543210fedcba9876543210"

/* Returns the refs of text, from empty. */
static struct media_refs *
scan(const char *text, int *rc)
{
	static struct media_refs refs;

	memset(&refs, 0, sizeof(refs));
	*rc = media_refs_scan(text, strlen(text), &refs);
	return &refs;
}

static void
test_originals_and_copies_each_once(void)
{
	int rc;
	struct media_refs *r = scan("![a](/media/" H1 "-800x600.jpg) and "
	    "![b](https://blog.example.org/media/" H1 "-800x600-480w.jpg)\n"
	    "<img src=\"/media/" H2 "-300x200.png\"> /media/" H2
	    "-300x200.png.", &rc);

	CHECK_INT(rc, 0);
	CHECK_INT(r->n, 2);
	CHECK_STR(r->hash[0], H1);
	CHECK_STR(r->hash[1], H2);
}

static void
test_what_is_not_a_name(void)
{
	int rc;
	struct media_refs *r = scan("/media/ /media/" H1 ".jpg /media/" H1
	    "-800x600.svg /media/" H1 "-800x600-100w.jpg /media/" H1
	    "-800x600-960w.jpg /media/" H1 "-800x600.jpgx /media/X" H1
	    "-800x600.jpg /MEDIA/" H1 "-800x600.jpg /media/" H1 "-800x600.jp",
	    &rc);

	CHECK_INT(rc, 0);
	/* No 100w copy exists, nor a 960w one of an 800-wide original, and
	 * a name runs on to the first character no name holds. */
	CHECK_INT(r->n, 0);
}

/* Returns text showing n different images (the caller frees it). */
static char *
images_text(int n)
{
	char *text = malloc((size_t)n * 64 + 1), *p = text;

	*p = '\0';
	for (int i = 0; i < n; i++)
		p += sprintf(p, "![](/media/%032x-10x10.png)\n", i + 1);
	return text;
}

static void
test_at_most_a_hundred(void)
{
	char *text = images_text(MEDIA_PER_POST_MAX);
	struct media_refs *r;
	int rc;

	r = scan(text, &rc);
	CHECK_INT(rc, 0);
	CHECK_INT(r->n, MEDIA_PER_POST_MAX);
	free(text);
	text = images_text(MEDIA_PER_POST_MAX + 1);
	r = scan(text, &rc);
	CHECK_INT(rc, -1);
	CHECK_INT(r->n, MEDIA_PER_POST_MAX);
	free(text);
}

int
main(void)
{
	TEST_RUN(test_originals_and_copies_each_once);
	TEST_RUN(test_what_is_not_a_name);
	TEST_RUN(test_at_most_a_hundred);
	return TEST_DONE();
}

/*
 * Tests src/lib/medianame.c: the names of stored images, made and read
 * back, and every name that is not one refused.
 */
#include <string.h>

#include "../../src/lib/medianame.h"
#include "test.h"

static const char hash[] = "3f2a0000111122223333444455556666";

/* Returns 0 if s parses, -1 if refused: a test's shorthand. */
static int
parses(const char *s)
{
	struct medianame m;

	return medianame_parse(s, strlen(s), &m);
}

static void
test_name_of_original_and_copy(void)
{
	struct medianame m = { "", 4000, 3000, MEDIA_JPEG, 0 };
	char out[MEDIANAME_MAX];

	memcpy(m.hash, hash, sizeof(hash));
	CHECK_INT(medianame_format(&m, out), 32 + 14);
	CHECK_STR(out, "3f2a0000111122223333444455556666-4000x3000.jpg");
	m.copy = 960;
	CHECK(medianame_format(&m, out) > 0);
	CHECK_STR(out, "3f2a0000111122223333444455556666-4000x3000-960w.jpg");
	m.type = MEDIA_WEBP;
	m.copy = 1920;
	m.width = MEDIANAME_DIM_MAX;
	m.height = MEDIANAME_DIM_MAX;
	CHECK(medianame_format(&m, out) > 0);
	CHECK_STR(out, "3f2a0000111122223333444455556666-10000000x10000000"
	    "-1920w.webp");
	CHECK(strlen(out) < MEDIANAME_MAX);
}

static void
test_names_round_trip(void)
{
	static const enum media_type types[] = { MEDIA_JPEG, MEDIA_PNG,
	    MEDIA_GIF, MEDIA_WEBP };
	static const unsigned sizes[][2] = { { 1, 1 }, { 480, 10 },
	    { 481, 7 }, { 1921, 1080 }, { 300, 9999999 } };
	char out[MEDIANAME_MAX];
	struct medianame m, back;
	unsigned widths[MEDIANAME_COPIES];

	memset(&m, 0, sizeof(m));
	memcpy(m.hash, hash, sizeof(hash));
	for (size_t t = 0; t < 4; t++)
		for (size_t s = 0; s < 5; s++) {
			size_t n;

			m.type = types[t];
			m.width = sizes[s][0];
			m.height = sizes[s][1];
			n = medianame_copies(m.width, widths);
			for (size_t c = 0; c <= n; c++) {
				m.copy = c < n ? widths[c] : 0;
				CHECK(medianame_format(&m, out) > 0);
				CHECK_INT(medianame_parse(out, strlen(out),
				    &back), 0);
				CHECK_STR(back.hash, hash);
				CHECK_INT(back.width, m.width);
				CHECK_INT(back.height, m.height);
				CHECK_INT(back.type, m.type);
				CHECK_INT(back.copy, m.copy);
			}
		}
}

static void
test_copies_only_narrower_than_the_original(void)
{
	unsigned w[MEDIANAME_COPIES];

	CHECK_INT(medianame_copies(300, w), 0);
	CHECK_INT(medianame_copies(480, w), 0);
	CHECK_INT(medianame_copies(481, w), 1);
	CHECK_INT(w[0], 480);
	CHECK_INT(medianame_copies(700, w), 1);
	CHECK_INT(medianame_copies(1920, w), 2);
	CHECK_INT(w[1], 960);
	CHECK_INT(medianame_copies(4000, w), 3);
	CHECK_INT(w[0], 480);
	CHECK_INT(w[2], 1920);
}

static void
test_parse_reads_a_span(void)
{
	const char *url = "/media/3f2a0000111122223333444455556666-700x500"
	    "-480w.png\" alt";
	struct medianame m;

	CHECK_INT(medianame_parse(url + 7, 32 + 17, &m), 0);
	CHECK_INT(m.width, 700);
	CHECK_INT(m.height, 500);
	CHECK_INT(m.copy, 480);
	CHECK_INT(m.type, MEDIA_PNG);
	CHECK_STR(medianame_ext(m.type), "png");
	CHECK_STR(medianame_mime(m.type), "image/png");
	CHECK_STR(medianame_mime(MEDIA_WEBP), "image/webp");
	CHECK(medianame_ext(MEDIA_NONE) == NULL);
	CHECK(medianame_mime(MEDIA__MAX) == NULL);
}

static void
test_parse_refuses_bad_hashes(void)
{
	CHECK_INT(parses("3F2A0000111122223333444455556666-10x10.jpg"), -1);
	CHECK_INT(parses("3f2a000011112222333344445555666-10x10.jpg"), -1);
	CHECK_INT(parses("3f2a00001111222233334444555566667-10x10.jpg"), -1);
	CHECK_INT(parses("3f2a000011112222333344445555666g-10x10.jpg"), -1);
	CHECK_INT(parses("-10x10.jpg"), -1);
	CHECK_INT(parses(""), -1);
	CHECK(medianame_hash_valid(hash, 32));
	CHECK(!medianame_hash_valid(hash, 31));
	CHECK(!medianame_hash_valid("3f2a0000111122223333444455556 66",
	    32));
}

static void
test_parse_refuses_bad_dimensions(void)
{
	CHECK_INT(parses("3f2a0000111122223333444455556666-0x10.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x0.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-010x10.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10000001x1.jpg"),
	    -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-99999999999999999"
	    "999x1.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10X10.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-x10.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666--10x10.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-+10x10.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.jpg"), 0);
}

static void
test_parse_refuses_copies_it_would_not_make(void)
{
	CHECK_INT(parses("3f2a0000111122223333444455556666-700x5-480w.jpg"),
	    0);
	CHECK_INT(parses("3f2a0000111122223333444455556666-480x5-480w.jpg"),
	    -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-700x5-960w.jpg"),
	    -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-4000x5-500w.jpg"),
	    -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-4000x5-0480w.jpg"),
	    -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-4000x5-480.jpg"),
	    -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-4000x5-w.jpg"),
	    -1);
}

static void
test_parse_refuses_other_extensions(void)
{
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.jpeg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.JPG"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.svg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10."), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.jp"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.jpgx"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.webp"), 0);
}

static void
test_parse_refuses_path_characters(void)
{
	const char nul[] = "3f2a0000111122223333444455556666-10x10.jpg\0.png";

	CHECK_INT(parses("../3f2a0000111122223333444455556666-10x10.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.jpg/"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.jpg/../x"),
	    -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10/.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.jpg?x=1"),
	    -1);
	CHECK_INT(parses(" 3f2a0000111122223333444455556666-10x10.jpg"), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.jpg "), -1);
	CHECK_INT(parses("3f2a0000111122223333444455556666-10x10.jpg%00"), -1);
	CHECK_INT(medianame_parse(nul, sizeof(nul) - 1, &(struct medianame){
	    0 }), -1);
}

static void
test_format_refuses_what_cannot_be_stored(void)
{
	struct medianame m = { "", 700, 500, MEDIA_PNG, 960 };
	char out[MEDIANAME_MAX] = "x";

	memcpy(m.hash, hash, sizeof(hash));
	CHECK_INT(medianame_format(&m, out), -1);
	CHECK_STR(out, "");
	m.copy = 0;
	m.type = MEDIA_NONE;
	CHECK_INT(medianame_format(&m, out), -1);
	m.type = MEDIA_GIF;
	m.width = 0;
	CHECK_INT(medianame_format(&m, out), -1);
	m.width = 10;
	m.hash[3] = 'A';
	CHECK_INT(medianame_format(&m, out), -1);
	m.hash[3] = '/';
	CHECK_INT(medianame_format(&m, out), -1);
}

int
main(void)
{
	TEST_RUN(test_name_of_original_and_copy);
	TEST_RUN(test_names_round_trip);
	TEST_RUN(test_copies_only_narrower_than_the_original);
	TEST_RUN(test_parse_reads_a_span);
	TEST_RUN(test_parse_refuses_bad_hashes);
	TEST_RUN(test_parse_refuses_bad_dimensions);
	TEST_RUN(test_parse_refuses_copies_it_would_not_make);
	TEST_RUN(test_parse_refuses_other_extensions);
	TEST_RUN(test_parse_refuses_path_characters);
	TEST_RUN(test_format_refuses_what_cannot_be_stored);
	return TEST_DONE();
}

/* Tests src/lib/page.c: strict page numbers and the arithmetic of pages. */
#include <limits.h>
#include <string.h>

#include "../../src/lib/page.h"
#include "test.h"

/* Returns page_parse of the NUL-terminated s. */
static int
parse(const char *s, unsigned long long *out)
{
	return page_parse(s, strlen(s), out);
}

static void
test_page_numbers_accepted(void)
{
	unsigned long long n = 0;

	CHECK_INT(parse("1", &n), 0);
	CHECK_INT(n, 1);
	CHECK_INT(parse("42", &n), 0);
	CHECK_INT(n, 42);
	CHECK_INT(parse("18446744073709551615", &n), 0);
	CHECK(n == ULLONG_MAX);
}

static void
test_page_numbers_refused(void)
{
	static const char *const bad[] = {
		"", "0", "-1", "+1", " 1", "1 ", "1.5", "abc", "1e3", "0x10",
		"01", "00", "99999999999999999999", "18446744073709551616",
	};
	unsigned long long n = 7;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(bad[i], &n) != -1)
			fprintf(stderr, "accepted \"%s\"\n", bad[i]);
		CHECK_INT(parse(bad[i], &n), -1);
	}
	CHECK_INT(n, 7);	/* untouched on failure */
	/* The length counts, not a NUL: "12" cut to one byte is 1. */
	CHECK_INT(page_parse("12", 1, &n), 0);
	CHECK_INT(n, 1);
}

static void
test_empty_list_has_one_empty_page(void)
{
	struct page p;

	CHECK_INT(page_compute(&p, 0, 10, 1), 0);
	CHECK_INT(p.pages, 1);
	CHECK_INT(p.offset, 0);
	CHECK(!page_has_prev(&p));
	CHECK(!page_has_next(&p));
	CHECK_INT(page_compute(&p, 0, 10, 2), -1);
}

static void
test_pages_rounded_up(void)
{
	struct page p;

	CHECK_INT(page_compute(&p, 25, 10, 1), 0);
	CHECK_INT(p.pages, 3);
	CHECK_INT(p.offset, 0);
	CHECK(!page_has_prev(&p));
	CHECK(page_has_next(&p));
	CHECK_INT(page_compute(&p, 25, 10, 3), 0);
	CHECK_INT(p.offset, 20);
	CHECK(page_has_prev(&p));
	CHECK(!page_has_next(&p));
	CHECK_INT(page_compute(&p, 25, 10, 4), -1);
	/* An exact multiple has no empty last page. */
	CHECK_INT(page_compute(&p, 30, 10, 3), 0);
	CHECK_INT(p.pages, 3);
	CHECK_INT(page_compute(&p, 30, 10, 4), -1);
	CHECK_INT(page_compute(&p, 1, 1, 1), 0);
	CHECK_INT(p.pages, 1);
}

static void
test_past_the_last_page_refused(void)
{
	struct page p;

	CHECK_INT(page_compute(&p, 5, 10, 0), -1);
	CHECK_INT(page_compute(&p, 5, 10, ULLONG_MAX), -1);
	CHECK_INT(page_compute(&p, 5, 10, 1000000), -1);
}

static void
test_huge_totals_do_not_overflow(void)
{
	struct page p;

	CHECK_INT(page_compute(&p, ULLONG_MAX, 100, 1), 0);
	CHECK(p.pages == ULLONG_MAX / 100 + 1);
	CHECK_INT(page_compute(&p, ULLONG_MAX, 100, p.pages), 0);
	CHECK(p.offset == (ULLONG_MAX / 100) * 100);
	CHECK(p.offset < ULLONG_MAX);
	CHECK_INT(page_compute(&p, ULLONG_MAX, 1, ULLONG_MAX), 0);
	CHECK(p.offset == ULLONG_MAX - 1);
}

int
main(void)
{
	TEST_RUN(test_page_numbers_accepted);
	TEST_RUN(test_page_numbers_refused);
	TEST_RUN(test_empty_list_has_one_empty_page);
	TEST_RUN(test_pages_rounded_up);
	TEST_RUN(test_past_the_last_page_refused);
	TEST_RUN(test_huge_totals_do_not_overflow);
	return TEST_DONE();
}

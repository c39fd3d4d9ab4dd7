/*
 * Tests src/lib/date.c: the three formats, HTTP dates both ways, the
 * three forms of HTTP date a recipient reads.
 */
#include <locale.h>

#include "../../src/lib/date.h"
#include "test.h"

static const struct date nov24 = { 2026, 11, 24, 12, 0, 5, 123456 };

static void
test_formats(void)
{
	char s[DATE_BUFSZ];
	struct date jan = { 2026, 1, 3, 0, 0, 0, 0 };

	date_iso(&nov24, s, sizeof(s));
	CHECK_STR(s, "2026-11-24T12:00:05Z");
	date_human(&nov24, s, sizeof(s));
	CHECK_STR(s, "24 November 2026");
	date_human(&jan, s, sizeof(s));
	CHECK_STR(s, "3 January 2026");
	date_http(&nov24, s, sizeof(s));
	CHECK_STR(s, "Tue, 24 Nov 2026 12:00:05 GMT");
}

static void
test_unix_time_round_trip(void)
{
	struct date d, epoch = { 1970, 1, 1, 0, 0, 0, 0 };
	struct date leap = { 2024, 2, 29, 23, 59, 59, 0 };

	CHECK_INT(date_to_unix(&epoch), 0);
	CHECK_INT(date_to_unix(&nov24), 1795521605LL);
	date_from_unix(1795521605LL, &d);
	CHECK_INT(d.year, 2026);
	CHECK_INT(d.month, 11);
	CHECK_INT(d.day, 24);
	CHECK_INT(d.second, 5);
	date_from_unix(date_to_unix(&leap), &d);
	CHECK_INT(d.month, 2);
	CHECK_INT(d.day, 29);
	CHECK_INT(d.hour, 23);
	date_from_unix(-1, &d);
	CHECK_INT(d.year, 1969);
	CHECK_INT(d.day, 31);
	CHECK_INT(d.second, 59);
}

static void
test_http_dates_parsed(void)
{
	long long t = 0;

	CHECK_INT(date_parse_http("Tue, 24 Nov 2026 12:00:05 GMT", &t), 0);
	CHECK_INT(t, 1795521605LL);
	CHECK_INT(date_parse_http("Thu, 01 Jan 1970 00:00:00 GMT", &t), 0);
	CHECK_INT(t, 0);
}

static void
test_bad_http_dates_refused(void)
{
	static const char *const bad[] = {
		"", "yesterday", "Tue, 24 Nov 2026 12:00:05 UTC",
		"Tue, 31 Nov 2026 12:00:05 GMT",
		"Tue, 24 Foo 2026 12:00:05 GMT",
		"Tue, 24 Nov 2026 24:00:05 GMT",
		"Tue, 2x Nov 2026 12:00:05 GMT",
		"Tue, 24 Nov 2026 12:00:05 GMT ",
		"Xyz, 24 Nov 2026 12:00:05 GMT",
		"Tue, 29 Feb 2026 12:00:05 GMT",
	};
	long long t = 42;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_INT(date_parse_http(bad[i], &t), -1);
	CHECK_INT(t, 42);
}

/* RFC 9110's own example, in each of the three forms it has us read. */
static void
test_obsolete_http_dates_parsed(void)
{
	long long t = 0;

	CHECK_INT(date_parse_http("Sun, 06 Nov 1994 08:49:37 GMT", &t), 0);
	CHECK_INT(t, 784111777LL);
	t = 0;
	CHECK_INT(date_parse_http("Sunday, 06-Nov-94 08:49:37 GMT", &t), 0);
	CHECK_INT(t, 784111777LL);
	t = 0;
	CHECK_INT(date_parse_http("Sun Nov  6 08:49:37 1994", &t), 0);
	CHECK_INT(t, 784111777LL);
	CHECK_INT(date_parse_http("Tuesday, 24-Nov-26 12:00:05 GMT", &t), 0);
	CHECK_INT(t, 1795521605LL);
	CHECK_INT(date_parse_http("Tue Nov 24 12:00:05 2026", &t), 0);
	CHECK_INT(t, 1795521605LL);
	/* A leap second counts as the next minute's first, as before. */
	CHECK_INT(date_parse_http("Thu, 31 Dec 1998 23:59:60 GMT", &t), 0);
	CHECK_INT(t, 915148800LL);
}

/* A two-digit year more than 50 years ahead is of the century before. */
static void
test_rfc850_year_within_50_years(void)
{
	long long t = 0;

	CHECK_INT(date_parse_http("Thursday, 01-Jan-70 00:00:00 GMT", &t), 0);
	CHECK(t == 0 || t == 3155760000LL);	/* 1970, or 2070 from 2020 */
	CHECK_INT(date_parse_http("Monday, 01-Jan-99 00:00:00 GMT", &t), 0);
	CHECK_INT(t, 915148800LL);		/* 1999, not 2099 */
	CHECK_INT(date_parse_http("Friday, 01-Jan-21 00:00:00 GMT", &t), 0);
	CHECK_INT(t, 1609459200LL);		/* 2021, not 1921 */
}

static void
test_bad_obsolete_http_dates_refused(void)
{
	static const char *const bad[] = {
		/* RFC 850: the full day name, '-', two digits of year */
		"Tue, 24-Nov-26 12:00:05 GMT",
		"Tuesday, 24-Nov-2026 12:00:05 GMT",
		"Tuesday, 24 Nov 26 12:00:05 GMT",
		"tuesday, 24-Nov-26 12:00:05 GMT",
		"Tuesday, 31-Nov-26 12:00:05 GMT",
		"Tuesday, 24-Nov-26 12:00:05",
		"Tuesday,  24-Nov-26 12:00:05 GMT",
		/* asctime: a space before a one-digit day, no zone */
		"Sun Nov 6 08:49:37 1994",
		"Sun Nov 06 08:49:37 1994",
		"Sun Nov  6 08:49:37 1994 GMT",
		"Sun Nov  6 08:49:37 94",
		"Sun Feb 29 08:49:37 1994",
		"Sunday Nov  6 08:49:37 1994",
		"Sun November  6 08:49:37 1994",
		" Sun Nov  6 08:49:37 1994",
		/* the IMF-fixdate's names: English, as written */
		"Tue, 24 NOV 2026 12:00:05 GMT",
		"Tue, 24 November 2026 12:00:05 GMT",
		"Tuesday, 24 Nov 2026 12:00:05 GMT",
		"Tue, 24 Nov 2026 12:00:61 GMT",
		"Tue, 24 Nov 2026 12:60:05 GMT",
	};
	long long t = 42;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_INT(date_parse_http(bad[i], &t), -1);
		if (t != 42)
			fprintf(stderr, "accepted: %s\n", bad[i]);
		t = 42;
	}
	CHECK_INT(t, 42);
}

/*
 * The names are English whatever LC_TIME says; checked where a locale with
 * other names is installed (none is on a minimal system: then the C one).
 */
static void
test_names_english_in_any_locale(void)
{
	char s[DATE_BUFSZ];
	long long t = 0;

	if (setlocale(LC_ALL, "de_DE.UTF-8") == NULL &&
	    setlocale(LC_ALL, "fr_FR.UTF-8") == NULL)
		(void)setlocale(LC_ALL, "C.UTF-8");
	date_http(&nov24, s, sizeof(s));
	CHECK_STR(s, "Tue, 24 Nov 2026 12:00:05 GMT");
	date_human(&nov24, s, sizeof(s));
	CHECK_STR(s, "24 November 2026");
	CHECK_INT(date_parse_http("Tue, 24 Nov 2026 12:00:05 GMT", &t), 0);
	CHECK_INT(t, 1795521605LL);
	(void)setlocale(LC_ALL, "C");
}

static void
test_compare_to_the_microsecond(void)
{
	struct date a = nov24, b = nov24;

	CHECK_INT(date_compare(&a, &b), 0);
	b.usec++;
	CHECK(date_compare(&a, &b) < 0);
	CHECK(date_compare(&b, &a) > 0);
	b = nov24;
	b.day = 25;
	b.usec = 0;
	CHECK(date_compare(&a, &b) < 0);
}

int
main(void)
{
	TEST_RUN(test_formats);
	TEST_RUN(test_unix_time_round_trip);
	TEST_RUN(test_http_dates_parsed);
	TEST_RUN(test_bad_http_dates_refused);
	TEST_RUN(test_obsolete_http_dates_parsed);
	TEST_RUN(test_rfc850_year_within_50_years);
	TEST_RUN(test_bad_obsolete_http_dates_refused);
	TEST_RUN(test_names_english_in_any_locale);
	TEST_RUN(test_compare_to_the_microsecond);
	return TEST_DONE();
}

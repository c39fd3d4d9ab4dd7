/*
 * Tests src/lib/zone.c: which names are zones, UTC to and from wall-clock
 * time across offsets, daylight saving's skipped and repeated hours, and
 * the datetime-local input's text both ways.
 */
#include <string.h>

#include "../../src/lib/zone.h"
#include "test.h"

/* Returns the date written "YYYY-MM-DDTHH:MM[:SS]" (must parse). */
static struct date
at(const char *s)
{
	struct date d;

	memset(&d, 0, sizeof(d));
	CHECK_INT(zone_parse_input(s, &d), 0);
	return d;
}

/* Returns d as "YYYY-MM-DDTHH:MM:SS" (static storage). */
static const char *
iso(const struct date *d)
{
	static char s[DATE_BUFSZ];

	snprintf(s, sizeof(s), "%04d-%02d-%02dT%02d:%02d:%02d", d->year,
	    d->month, d->day, d->hour, d->minute, d->second);
	return s;
}

/*
 * Checks that wall-clock time local in the zone name is the instant utc,
 * both ways.
 */
static void
check_both_ways(const char *name, const char *local, const char *utc)
{
	struct zone z;
	struct date l = at(local), u, back;
	char want[DATE_BUFSZ];

	CHECK_INT(zone_open(&z, name), 0);
	CHECK_INT(zone_from_local(&z, &l, &u), 0);
	snprintf(want, sizeof(want), "%s:00", utc);
	CHECK_STR(iso(&u), want);
	zone_to_local(&z, &u, &back);
	snprintf(want, sizeof(want), "%s:00", local);
	CHECK_STR(iso(&back), want);
	zone_close(&z);
}

static void
test_known_names(void)
{
	char longname[201];

	CHECK_INT(zone_known("UTC"), 1);
	CHECK_INT(zone_known("Europe/Berlin"), 1);
	CHECK_INT(zone_known("America/New_York"), 1);
	CHECK_INT(zone_known("Mars/Olympus"), 0);
	CHECK_INT(zone_known(""), 0);
	CHECK_INT(zone_known(NULL), 0);
	CHECK_INT(zone_known("Etc/Unknown"), 0);
	CHECK_INT(zone_known("GMT+05:00"), 0);	/* ICU's custom form */
	CHECK_INT(zone_known("Europe/Berlin "), 0);
	CHECK_INT(zone_known("Europe/Bérlin"), 0);
	memset(longname, 'A', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	CHECK_INT(zone_known(longname), 0);
}

static void
test_open_refuses_unknown_and_keeps_name(void)
{
	struct zone z;

	CHECK_INT(zone_open(&z, "Mars/Olympus"), -1);
	CHECK(z.cal == NULL);
	zone_close(&z);
	CHECK_INT(zone_open(&z, "Europe/Berlin"), 0);
	CHECK_STR(z.name, "Europe/Berlin");
	CHECK(z.cal != NULL);
	zone_close(&z);
	CHECK(z.cal == NULL);
}

static void
test_utc_round_trip_keeps_seconds_and_usec(void)
{
	struct zone z;
	struct date utc = { 2026, 12, 3, 9, 0, 30, 123456 }, l, back;

	CHECK_INT(zone_open(&z, "UTC"), 0);
	zone_to_local(&z, &utc, &l);
	CHECK_INT(date_compare(&l, &utc), 0);
	CHECK_INT(l.usec, 123456);
	CHECK_INT(zone_from_local(&z, &l, &back), 0);
	CHECK_INT(date_compare(&back, &utc), 0);
	CHECK_INT(back.second, 30);
	CHECK_INT(back.usec, 123456);
	zone_close(&z);
}

/* Before 1582 too the calendar is Gregorian, as MariaDB's and timegm's. */
static void
test_proleptic_gregorian_like_the_database(void)
{
	struct zone z;
	struct date old = { 1000, 3, 1, 12, 0, 0, 0 }, l, back;

	CHECK_INT(zone_open(&z, "UTC"), 0);
	zone_to_local(&z, &old, &l);
	CHECK_STR(iso(&l), "1000-03-01T12:00:00");
	CHECK_INT(zone_from_local(&z, &old, &back), 0);
	CHECK_INT(date_to_unix(&back), date_to_unix(&old));
	zone_close(&z);
}

static void
test_offsets_winter_and_summer(void)
{
	check_both_ways("Europe/Berlin", "2026-12-03T09:00", "2026-12-03T08:00");
	check_both_ways("Europe/Berlin", "2026-07-01T12:00", "2026-07-01T10:00");
	check_both_ways("America/New_York", "2026-12-03T09:00",
	    "2026-12-03T14:00");
	check_both_ways("America/New_York", "2026-07-01T12:00",
	    "2026-07-01T16:00");
	/* Offsets of half and three quarters of an hour, across a day. */
	check_both_ways("Asia/Kolkata", "2026-12-03T09:00", "2026-12-03T03:30");
	check_both_ways("Pacific/Chatham", "2026-12-03T09:00",
	    "2026-12-02T19:15");	/* +13:45, summer in the south */
	check_both_ways("Pacific/Chatham", "2026-07-01T12:00",
	    "2026-06-30T23:15");	/* +12:45 */
}

static void
test_skipped_hour_refused(void)
{
	struct zone z;
	struct date l = at("2026-03-29T02:30"), u = { 1, 1, 1, 0, 0, 0, 0 };

	CHECK_INT(zone_open(&z, "Europe/Berlin"), 0);
	CHECK_INT(zone_from_local(&z, &l, &u), -1);
	/* Either side of the gap is fine. */
	l = at("2026-03-29T01:59");
	CHECK_INT(zone_from_local(&z, &l, &u), 0);
	CHECK_STR(iso(&u), "2026-03-29T00:59:00");
	l = at("2026-03-29T03:00");
	CHECK_INT(zone_from_local(&z, &l, &u), 0);
	CHECK_STR(iso(&u), "2026-03-29T01:00:00");
	/* And the calendar is not left broken for the next call. */
	l = at("2026-12-03T09:00");
	CHECK_INT(zone_from_local(&z, &l, &u), 0);
	CHECK_STR(iso(&u), "2026-12-03T08:00:00");
	zone_close(&z);
}

static void
test_repeated_hour_is_the_first(void)
{
	struct zone z;
	struct date l = at("2026-10-25T02:30"), u, back;

	CHECK_INT(zone_open(&z, "Europe/Berlin"), 0);
	CHECK_INT(zone_from_local(&z, &l, &u), 0);
	CHECK_STR(iso(&u), "2026-10-25T00:30:00");
	/* Both instants show 02:30. */
	zone_to_local(&z, &u, &back);
	CHECK_STR(iso(&back), "2026-10-25T02:30:00");
	u.hour = 1;
	zone_to_local(&z, &u, &back);
	CHECK_STR(iso(&back), "2026-10-25T02:30:00");
	zone_close(&z);
}

static void
test_input_parsed(void)
{
	struct date d;

	CHECK_INT(zone_parse_input("2026-12-03T09:00", &d), 0);
	CHECK_STR(iso(&d), "2026-12-03T09:00:00");
	CHECK_INT(d.usec, 0);
	CHECK_INT(zone_parse_input("2026-12-03T09:00:30", &d), 0);
	CHECK_STR(iso(&d), "2026-12-03T09:00:30");
	CHECK_INT(zone_parse_input("2026-12-03T09:00:30.250", &d), 0);
	CHECK_INT(d.second, 30);
	CHECK_INT(d.usec, 250000);
	CHECK_INT(zone_parse_input("2026-12-03T09:00:30.5", &d), 0);
	CHECK_INT(d.usec, 500000);
	CHECK_INT(zone_parse_input("2024-02-29T00:00", &d), 0);	/* leap */
	CHECK_INT(zone_parse_input("2000-02-29T23:59:59", &d), 0);
	CHECK_INT(zone_parse_input("1000-01-01T00:00", &d), 0);
	CHECK_INT(zone_parse_input("9999-12-31T23:59", &d), 0);
}

static void
test_bad_input_refused(void)
{
	static const char *const bad[] = {
		"", "2026", "2026-12-03", "2026-12-03T", "2026-12-03T09",
		"2026-12-03T09:0", "2026-12-03 09:00", "2026-12-03t09:00",
		"2026-13-01T00:00", "2026-00-01T00:00", "2026-12-00T00:00",
		"2026-02-29T00:00", "2026-02-30T00:00", "2026-04-31T00:00",
		"1900-02-29T00:00", "0999-01-01T00:00", "10000-01-01T00:00",
		"2026-12-03T24:00", "2026-12-03T09:60", "2026-12-03T09:00:60",
		"2026-12-03T09:00Z", "2026-12-03T09:00+01:00",
		"2026-12-03T09:00:30Z", "2026-12-03T09:00 ", " 2026-12-03T09:00",
		"2026-12-03T09:00x", "2026-12-03T09:00:", "2026-12-03T09:00:3",
		"2026-12-03T09:00:30.", "2026-12-03T09:00:30.1234",
		"2026-12-03T09:00:30,5", "+026-12-03T09:00", "2026-1-03T09:00",
		"2026/12/03T09:00", "2026-12-03T-9:00",
	};
	struct date d = { 42, 0, 0, 0, 0, 0, 0 };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (zone_parse_input(bad[i], &d) != -1) {
			fprintf(stderr, "accepted: \"%s\"\n", bad[i]);
			CHECK(0);
		}
	}
	CHECK_INT(d.year, 42);	/* left alone */
}

static void
test_formats(void)
{
	struct date d = { 2026, 12, 3, 9, 5, 30, 250000 };
	char s[ZONE_INPUT_BUFSZ], h[DATE_BUFSZ], small[8];
	struct date back;

	zone_format_input(&d, s, sizeof(s));
	CHECK_STR(s, "2026-12-03T09:05");
	CHECK_INT(zone_parse_input(s, &back), 0);
	CHECK_STR(iso(&back), "2026-12-03T09:05:00");
	zone_format_human(&d, h, sizeof(h));
	CHECK_STR(h, "3 December 2026, 09:05");
	d.hour = 23;
	d.month = 1;
	zone_format_human(&d, h, sizeof(h));
	CHECK_STR(h, "3 January 2026, 23:05");
	zone_format_input(&d, small, sizeof(small));	/* cut, terminated */
	CHECK_STR(small, "2026-01");
}

int
main(void)
{
	TEST_RUN(test_known_names);
	TEST_RUN(test_open_refuses_unknown_and_keeps_name);
	TEST_RUN(test_utc_round_trip_keeps_seconds_and_usec);
	TEST_RUN(test_proleptic_gregorian_like_the_database);
	TEST_RUN(test_offsets_winter_and_summer);
	TEST_RUN(test_skipped_hour_refused);
	TEST_RUN(test_repeated_hour_is_the_first);
	TEST_RUN(test_input_parsed);
	TEST_RUN(test_bad_input_refused);
	TEST_RUN(test_formats);
	return TEST_DONE();
}

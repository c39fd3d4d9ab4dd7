/*
 * date: calendar times in UTC (as the database stores them) and the three
 * ways the blog writes them: ISO 8601 / RFC 3339 for machines, "24 November
 * 2026" for people, and the HTTP date of Last-Modified.
 */
#ifndef LIB_DATE_H
#define LIB_DATE_H

#include <stddef.h>

/* Large enough for any of the formats below, with the NUL. */
#define DATE_BUFSZ 64

struct date {
	int year;
	int month;	/* 1..12 */
	int day;	/* 1..31 */
	int hour;
	int minute;
	int second;
	long usec;	/* microseconds, 0..999999 */
};

/* Writes "2026-11-24T12:00:00Z" (seconds, no fraction) into out. */
void date_iso(const struct date *d, char *out, size_t outlen);

/* Writes "24 November 2026" into out. */
void date_human(const struct date *d, char *out, size_t outlen);

/* Writes the IMF-fixdate of RFC 9110, "Tue, 24 Nov 2026 12:00:00 GMT". */
void date_http(const struct date *d, char *out, size_t outlen);

/* Returns the seconds since 1970-01-01T00:00:00Z (the fraction dropped). */
long long date_to_unix(const struct date *d);

/* Fills d with the calendar time of t seconds since 1970 (UTC). */
void date_from_unix(long long t, struct date *d);

/*
 * Parses an HTTP date in any of the three forms RFC 9110 (section 5.6.7)
 * has a recipient read: the IMF-fixdate ("Tue, 24 Nov 2026 12:00:00 GMT"),
 * the obsolete RFC 850 form ("Tuesday, 24-Nov-26 12:00:00 GMT", the year
 * the last that ends so and is not more than 50 years ahead) and asctime's
 * ("Tue Nov 24 12:00:00 2026"). Returns 0 with the seconds since 1970 in
 * *out, or -1 if s is anything else.
 */
int date_parse_http(const char *s, long long *out);

/* Returns <0, 0 or >0 as a is before, equal to or after b (to the usec). */
int date_compare(const struct date *a, const struct date *b);

#endif

/*
 * date: formatting and parsing without the C library's time zone machinery:
 * every time here is UTC, so the civil-calendar arithmetic is done directly
 * (days from civil, after Howard Hinnant's well-known algorithm).
 */
#include "date.h"

#include <stdio.h>
#include <string.h>

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

static const char *const day_abbrev[7] = {
	/* 1970-01-01 was a Thursday. */
	"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed",
};

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long long
days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long long z, struct date *d)
{
	long long era, doe, yoe, y, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d->year = (int)(y + (d->month <= 2));
}

static int
days_in_month(int year, int month)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

/* Returns 0..6, Thursday first, the index into day_abbrev. */
static int
weekday_index(long long days)
{
	long long r = days % 7;

	return (int)(r < 0 ? r + 7 : r);
}

void
date_iso(const struct date *d, char *out, size_t outlen)
{
	snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02dZ", d->year,
	    d->month, d->day, d->hour, d->minute, d->second);
}

void
date_human(const struct date *d, char *out, size_t outlen)
{
	const char *month = d->month >= 1 && d->month <= 12 ?
	    month_names[d->month - 1] : "?";

	snprintf(out, outlen, "%d %s %d", d->day, month, d->year);
}

void
date_http(const struct date *d, char *out, size_t outlen)
{
	long long days = days_from_civil(d->year, d->month, d->day);
	const char *month = d->month >= 1 && d->month <= 12 ?
	    month_names[d->month - 1] : "???";

	snprintf(out, outlen, "%s, %02d %.3s %04d %02d:%02d:%02d GMT",
	    day_abbrev[weekday_index(days)], d->day, month, d->year, d->hour,
	    d->minute, d->second);
}

long long
date_to_unix(const struct date *d)
{
	return days_from_civil(d->year, d->month, d->day) * 86400 +
	    d->hour * 3600 + d->minute * 60 + d->second;
}

void
date_from_unix(long long t, struct date *d)
{
	long long days = t / 86400, rest = t % 86400;

	if (rest < 0) {
		rest += 86400;
		days--;
	}
	civil_from_days(days, d);
	d->hour = (int)(rest / 3600);
	d->minute = (int)(rest / 60 % 60);
	d->second = (int)(rest % 60);
	d->usec = 0;
}

/* Reads exactly n digits at s; returns the number, or -1. */
static int
read_digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
date_parse_http(const char *s, long long *out)
{
	/* "Tue, 24 Nov 2026 12:00:00 GMT": every field at a fixed column. */
	static const char layout[] = "Www, DD Mmm YYYY hh:mm:ss GMT";
	struct date d;
	int month = -1, weekday = -1;

	if (strlen(s) != sizeof(layout) - 1 || s[3] != ',' || s[4] != ' ' ||
	    s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[19] != ':' ||
	    s[22] != ':' || strcmp(s + 25, " GMT") != 0)
		return -1;
	for (int i = 0; i < 7; i++)
		if (strncmp(s, day_abbrev[i], 3) == 0)
			weekday = i;
	for (int i = 0; i < 12; i++)
		if (strncmp(s + 8, month_names[i], 3) == 0)
			month = i + 1;
	memset(&d, 0, sizeof(d));
	d.day = read_digits(s + 5, 2);
	d.year = read_digits(s + 12, 4);
	d.hour = read_digits(s + 17, 2);
	d.minute = read_digits(s + 20, 2);
	d.second = read_digits(s + 23, 2);
	d.month = month;
	if (weekday < 0 || month < 0 || d.year < 0 || d.day < 1 ||
	    d.day > days_in_month(d.year, month) || d.hour < 0 ||
	    d.hour > 23 || d.minute < 0 || d.minute > 59 || d.second < 0 ||
	    d.second > 60)
		return -1;
	*out = date_to_unix(&d);
	return 0;
}

int
date_compare(const struct date *a, const struct date *b)
{
	long long ta = date_to_unix(a), tb = date_to_unix(b);

	if (ta != tb)
		return ta < tb ? -1 : 1;
	if (a->usec != b->usec)
		return a->usec < b->usec ? -1 : 1;
	return 0;
}

/*
 * date: calendar times in UTC on the C library's own calendar (timegm,
 * gmtime_r, strftime, strptime). Day and month names are English whatever
 * the program's locale: formatting and parsing go through the C locale
 * (newlocale, strftime_l, strptime_l), never through LC_TIME.
 */
#include "date.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/*
 * The forms of an HTTP date a recipient must read (RFC 9110, section
 * 5.6.7), as strftime writes them: we send the first only.
 */
enum http_form {
	HTTP_IMF_FIXDATE,	/* Sun, 06 Nov 1994 08:49:37 GMT */
	HTTP_RFC850,		/* Sunday, 06-Nov-94 08:49:37 GMT */
	HTTP_ASCTIME,		/* Sun Nov  6 08:49:37 1994 */
	HTTP_FORM__MAX,
};

static const char *const http_forms[HTTP_FORM__MAX] = {
	[HTTP_IMF_FIXDATE] = "%a, %d %b %Y %H:%M:%S GMT",
	[HTTP_RFC850] = "%A, %d-%b-%y %H:%M:%S GMT",
	[HTTP_ASCTIME] = "%a %b %e %H:%M:%S %Y",
};

/* Returns d as a struct tm, its fields as they are (wday not set). */
static struct tm
date_tm(const struct date *d)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = d->year - 1900;
	tm.tm_mon = d->month - 1;
	tm.tm_mday = d->day;
	tm.tm_hour = d->hour;
	tm.tm_min = d->minute;
	tm.tm_sec = d->second;
	return tm;
}

/*
 * Writes tm by the strftime format fmt into out, in the C locale. Returns
 * the length; 0, out empty, if it does not fit or there is no C locale.
 */
static size_t
format_c(char *out, size_t outlen, const char *fmt, const struct tm *tm)
{
	locale_t c;
	size_t n = 0;

	if (outlen == 0)
		return 0;
	if ((c = newlocale(LC_ALL_MASK, "C", (locale_t)0)) != (locale_t)0) {
		n = strftime_l(out, outlen, fmt, tm, c);
		freelocale(c);
	}
	if (n == 0)
		out[0] = '\0';
	return n;
}

/*
 * Reads s by the strptime format fmt into tm, in the C locale. Returns 0
 * if all of s was read, else -1.
 */
static int
scan_c(const char *s, const char *fmt, struct tm *tm)
{
	const char *end = NULL;
	locale_t c;

	memset(tm, 0, sizeof(*tm));
	if ((c = newlocale(LC_ALL_MASK, "C", (locale_t)0)) == (locale_t)0)
		return -1;
	end = strptime_l(s, fmt, tm, c);
	freelocale(c);
	return end != NULL && *end == '\0' ? 0 : -1;
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
	struct tm tm = date_tm(d);
	char month[32] = "?";

	if (d->month >= 1 && d->month <= 12)
		format_c(month, sizeof(month), "%B", &tm);
	snprintf(out, outlen, "%d %s %d", d->day, month, d->year);
}

void
date_http(const struct date *d, char *out, size_t outlen)
{
	struct tm tm = date_tm(d);

	(void)timegm(&tm);	/* for the weekday */
	format_c(out, outlen, http_forms[HTTP_IMF_FIXDATE], &tm);
}

long long
date_to_unix(const struct date *d)
{
	struct tm tm = date_tm(d);

	return (long long)timegm(&tm);
}

void
date_from_unix(long long t, struct date *d)
{
	time_t tt = (time_t)t;
	struct tm tm;

	memset(d, 0, sizeof(*d));
	if (gmtime_r(&tt, &tm) == NULL)
		return;
	d->year = tm.tm_year + 1900;
	d->month = tm.tm_mon + 1;
	d->day = tm.tm_mday;
	d->hour = tm.tm_hour;
	d->minute = tm.tm_min;
	d->second = tm.tm_sec;
}

/*
 * Returns the tm_year of an RFC 850 date's two-digit year yy: the year of
 * this century that ends so, or the century before's when that one is
 * more than 50 years ahead (RFC 9110, section 5.6.7).
 */
static int
rfc850_year(int yy)
{
	time_t now = time(NULL);
	struct tm tm;
	int year, y;

	if (gmtime_r(&now, &tm) == NULL)
		return yy;
	year = tm.tm_year + 1900;
	y = year - year % 100 + yy;
	if (y > year + 50)
		y -= 100;
	return y - 1900;
}

/*
 * Parses s as the HTTP date form form. Returns 0 with the seconds since
 * 1970 in *out, or -1 unless s is that form exactly (every field its width,
 * the names English and capitalised as written) and a date of the calendar.
 * The weekday is a name of one, not checked against the date.
 */
static int
parse_http_form(const char *s, enum http_form form, long long *out)
{
	char again[DATE_BUFSZ];
	struct tm tm, norm;
	time_t t;

	if (scan_c(s, http_forms[form], &tm) != 0)
		return -1;
	if (form == HTTP_RFC850)
		tm.tm_year = rfc850_year(tm.tm_year % 100);
	else if (tm.tm_year + 1900 < 1000)
		return -1;	/* "94": %Y takes any number of digits */
	if (tm.tm_sec > 60)
		return -1;	/* strptime takes :61 */
	/* strptime is lenient about width, case and spaces; we are not. */
	if (format_c(again, sizeof(again), http_forms[form], &tm) == 0 ||
	    strcmp(again, s) != 0)
		return -1;
	/* A leap second (:60) is the first second of the next minute. */
	norm = tm;
	if (norm.tm_sec == 60)
		norm.tm_sec = 59;
	t = timegm(&norm);
	if (norm.tm_year != tm.tm_year || norm.tm_mon != tm.tm_mon ||
	    norm.tm_mday != tm.tm_mday)
		return -1;	/* 31 Nov, 29 Feb 2026 */
	*out = (long long)t + (tm.tm_sec == 60);
	return 0;
}

int
date_parse_http(const char *s, long long *out)
{
	int form;

	for (form = 0; form < HTTP_FORM__MAX; form++)
		if (parse_http_form(s, (enum http_form)form, out) == 0)
			return 0;
	return -1;
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

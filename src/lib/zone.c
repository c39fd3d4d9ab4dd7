/*
 * zone: UTC to and from the wall clock of one IANA time zone through one
 * ICU calendar, and the datetime-local input's text. Whole seconds go
 * through ICU; the microseconds are carried beside them unchanged, since
 * no time zone's offset has a fraction of a second.
 */
#include "zone.h"

#include <stdio.h>
#include <string.h>

#include <unicode/ucal.h>
#include <unicode/ustring.h>

/*
 * Copies name into id as UTF-16. Returns 0, or -1 if it is empty, too long
 * or not ASCII (no IANA name is: ICU would only look the mangled one up).
 */
static int
zone_id(const char *name, UChar id[ZONE_NAME_MAX])
{
	size_t i;

	for (i = 0; name[i] != '\0'; i++) {
		if (i == ZONE_NAME_MAX - 1 || (unsigned char)name[i] > 0x7f)
			return -1;
		id[i] = (UChar)name[i];
	}
	id[i] = 0;
	return i > 0 ? 0 : -1;
}

int
zone_known(const char *name)
{
	static const UChar unknown[] = u"Etc/Unknown";
	UChar id[ZONE_NAME_MAX], canon[ZONE_NAME_MAX];
	UErrorCode status = U_ZERO_ERROR;
	UBool system = 0;
	int32_t n;

	if (name == NULL || zone_id(name, id) != 0)
		return 0;
	/*
	 * ucal_open takes any name and quietly falls back to "Etc/Unknown"
	 * (UTC); this lookup is what tells. "system" is false for custom
	 * names such as "GMT+05:00", which are no IANA names.
	 */
	n = ucal_getCanonicalTimeZoneID(id, -1, canon, ZONE_NAME_MAX, &system,
	    &status);
	if (U_FAILURE(status) || !system || n >= ZONE_NAME_MAX)
		return 0;
	return u_strcmp(canon, unknown) != 0;
}

int
zone_open(struct zone *z, const char *name)
{
	UChar id[ZONE_NAME_MAX];
	UErrorCode status = U_ZERO_ERROR;
	UCalendar *cal;

	memset(z, 0, sizeof(*z));
	if (!zone_known(name) || zone_id(name, id) != 0)
		return -1;
	/* Gregorian whatever the locale's calendar (Buddhist, Japanese). */
	cal = ucal_open(id, -1, "", UCAL_GREGORIAN, &status);
	/*
	 * Proleptic, as MariaDB and timegm count: ICU's calendar is Julian
	 * before October 1582, and DATETIME goes back to the year 1000.
	 */
	ucal_setGregorianChange(cal, U_DATE_MIN, &status);
	if (U_FAILURE(status)) {
		if (cal != NULL)
			ucal_close(cal);
		return -1;
	}
	/*
	 * Strict, so that a wall time the clocks skip is an error rather than
	 * moved an hour on; of a time that happens twice, the earlier.
	 */
	ucal_setAttribute(cal, UCAL_LENIENT, 0);
	ucal_setAttribute(cal, UCAL_REPEATED_WALL_TIME, UCAL_WALLTIME_FIRST);
	snprintf(z->name, sizeof(z->name), "%s", name);
	z->cal = cal;
	return 0;
}

void
zone_close(struct zone *z)
{
	if (z->cal != NULL)
		ucal_close(z->cal);
	z->cal = NULL;
}

/*
 * The calendar is the zone's scratch space: converting sets its fields,
 * so z is const to callers though ICU changes what z->cal points to.
 */
void
zone_to_local(const struct zone *z, const struct date *utc,
    struct date *local)
{
	UCalendar *cal = z->cal;
	UErrorCode status = U_ZERO_ERROR;
	struct date d;

	*local = *utc;	/* should ICU fail: UTC is the closest answer */
	if (cal == NULL)
		return;		/* never opened: UTC */
	ucal_setMillis(cal, (UDate)date_to_unix(utc) * 1000.0, &status);
	d.year = ucal_get(cal, UCAL_EXTENDED_YEAR, &status);
	d.month = ucal_get(cal, UCAL_MONTH, &status) + 1;
	d.day = ucal_get(cal, UCAL_DATE, &status);
	d.hour = ucal_get(cal, UCAL_HOUR_OF_DAY, &status);
	d.minute = ucal_get(cal, UCAL_MINUTE, &status);
	d.second = ucal_get(cal, UCAL_SECOND, &status);
	d.usec = utc->usec;
	if (U_SUCCESS(status))
		*local = d;
}

int
zone_from_local(const struct zone *z, const struct date *local,
    struct date *utc)
{
	UCalendar *cal = z->cal;
	UErrorCode status = U_ZERO_ERROR;
	UDate ms;

	if (cal == NULL) {
		*utc = *local;	/* never opened: UTC */
		return 0;
	}
	ucal_clear(cal);	/* the milliseconds too, which setDateTime keeps */
	ucal_setDateTime(cal, local->year, local->month - 1, local->day,
	    local->hour, local->minute, local->second, &status);
	/* Strict: fails for a skipped time (and a field out of range). */
	ms = ucal_getMillis(cal, &status);
	if (U_FAILURE(status))
		return -1;
	/* Whole seconds in, so ms is a multiple of 1000: exact, no rounding. */
	date_from_unix((long long)(ms / 1000.0), utc);
	utc->usec = local->usec;
	return 0;
}

/* Reads the n digits at s into *out. Returns 0, or -1 unless all are. */
static int
zone_digits(const char *s, size_t n, int *out)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;	/* the NUL too: nothing past it is read */
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Returns the days of month (1..12) in year, of the Gregorian calendar. */
static int
zone_month_days(int year, int month)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return days[month - 1] + (month == 2 && leap);
}

int
zone_parse_input(const char *s, struct date *local)
{
	struct date d;
	const char *p;
	size_t nfrac;
	int frac;

	memset(&d, 0, sizeof(d));
	/* In order, so each check stops at the NUL of a short string. */
	if (zone_digits(s, 4, &d.year) != 0 || s[4] != '-' ||
	    zone_digits(s + 5, 2, &d.month) != 0 || s[7] != '-' ||
	    zone_digits(s + 8, 2, &d.day) != 0 || s[10] != 'T' ||
	    zone_digits(s + 11, 2, &d.hour) != 0 || s[13] != ':' ||
	    zone_digits(s + 14, 2, &d.minute) != 0)
		return -1;
	p = s + 16;
	if (*p == ':') {
		if (zone_digits(p + 1, 2, &d.second) != 0)
			return -1;
		p += 3;
		/* HTML's fraction: one to three digits, milliseconds at most. */
		if (*p == '.') {
			nfrac = strspn(++p, "0123456789");
			if (nfrac < 1 || nfrac > 3 ||
			    zone_digits(p, nfrac, &frac) != 0)
				return -1;
			p += nfrac;
			for (d.usec = frac; nfrac < 6; nfrac++)
				d.usec *= 10;
		}
	}
	if (*p != '\0' || d.year < 1000 || d.month < 1 || d.month > 12 ||
	    d.day < 1 || d.day > zone_month_days(d.year, d.month) ||
	    d.hour > 23 || d.minute > 59 || d.second > 59)
		return -1;
	*local = d;
	return 0;
}

void
zone_format_input(const struct date *local, char *out, size_t outlen)
{
	snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d", local->year,
	    local->month, local->day, local->hour, local->minute);
}

void
zone_format_human(const struct date *local, char *out, size_t outlen)
{
	char day[DATE_BUFSZ];

	date_human(local, day, sizeof(day));
	snprintf(out, outlen, "%s, %02d:%02d", day, local->hour,
	    local->minute);
}

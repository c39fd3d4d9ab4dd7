/*
 * zone: the blog's time zone ([blog] timezone, an IANA name). The database
 * stores UTC; authors write and readers read wall-clock times of this zone.
 * Converts between the two through ICU, and reads and writes the value of
 * an <input type="datetime-local">. A struct zone's calendar is opened once
 * at start and used by one thread at a time.
 */
#ifndef LIB_ZONE_H
#define LIB_ZONE_H

#include <stddef.h>

#include "date.h"

#define ZONE_NAME_MAX 64
#define ZONE_INPUT_BUFSZ 20	/* "YYYY-MM-DDTHH:MM" + NUL, with room */

struct zone {
	char name[ZONE_NAME_MAX];	/* the IANA name as configured, e.g. "Europe/Berlin" */
	void *cal;			/* ICU UCalendar*, opened once by zone_open */
};

/* Returns 1 if name is a time zone ICU knows by an IANA name ("UTC",
 * "Europe/Berlin"), else 0 (unknown, empty, too long, ICU's fallback "Etc/Unknown"). */
int zone_known(const char *name);

/* Opens z for name; returns 0, or -1 when the name is not known. */
int zone_open(struct zone *z, const char *name);
void zone_close(struct zone *z);

/* A zone never opened (all zero) is UTC. */

/* Fills *local with the wall-clock time in z of utc (same usec). */
void zone_to_local(const struct zone *z, const struct date *utc, struct date *local);

/*
 * Fills *utc with the instant that shows wall-clock time *local in z (seconds and
 * usec kept). Returns 0, or -1 when no instant shows it (a time skipped when the
 * clocks go forward). A time that happens twice (clocks go back) is the first of the two.
 */
int zone_from_local(const struct zone *z, const struct date *local, struct date *utc);

/*
 * Parses what a datetime-local input sends: "YYYY-MM-DDTHH:MM", optionally with
 * ":SS" or ":SS.fff" (browsers send seconds when step allows), a real calendar date
 * (2026-02-30 refused), years 1000..9999 (MariaDB DATETIME's range), into *local
 * (seconds/usec 0 when absent). Nothing else: no spaces, no zone suffix, no
 * lowercase 't'. Returns 0 or -1. Pure: no zone involved.
 */
int zone_parse_input(const char *s, struct date *local);

/* Writes "YYYY-MM-DDTHH:MM" (the value a datetime-local input shows) of *local. */
void zone_format_input(const struct date *local, char *out, size_t outlen);

/* Writes "3 December 2026, 09:00" of *local, for people (date_human's style). */
void zone_format_human(const struct date *local, char *out, size_t outlen);

#endif

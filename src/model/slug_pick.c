/*
 * slug_pick: the candidates' arithmetic. Numbered slugs are written here
 * rather than by slug_with_suffix, because the stem is already cut to fit
 * any number up to SLUG_PICK_NUMBER_MAX and the fallback starts at 1.
 */
#include "slug_pick.h"

#include <stdio.h>
#include <string.h>

#include "../lib/arena.h"
#include "db.h"

/*
 * Writes "stem-number" as the candidate: it fits, as the stem is at most
 * SLUG_MAX - 1 - SLUG_PICK_NUMBER_DIGITS characters and number at most
 * SLUG_PICK_NUMBER_MAX.
 */
static void
slug_pick_number(struct slug_pick *p, unsigned long number)
{
	char suffix[2 + SLUG_PICK_NUMBER_DIGITS + 1];
	size_t stem = strlen(p->stem);
	int n = snprintf(suffix, sizeof(suffix), "-%lu", number);

	p->number = number;
	memcpy(p->slug, p->stem, stem);
	memcpy(p->slug + stem, suffix, (size_t)n + 1);
}

int
slug_pick_start(struct slug_pick *p, const char *text, size_t len,
    const char *fallback)
{
	size_t keep;
	int n;

	memset(p, 0, sizeof(*p));
	if ((n = slug_make(text, len, p->base)) < 0)
		return -1;
	if (n == 0) {
		snprintf(p->stem, sizeof(p->stem), "%s", fallback);
		slug_pick_number(p, 1);
		return 0;
	}
	keep = (size_t)n;
	if (keep > SLUG_MAX - 1 - SLUG_PICK_NUMBER_DIGITS)
		keep = SLUG_MAX - 1 - SLUG_PICK_NUMBER_DIGITS;
	/* A slug starts with a letter or digit: this stops there. */
	while (p->base[keep - 1] == '-')
		keep--;
	memcpy(p->stem, p->base, keep);
	p->stem[keep] = '\0';
	memcpy(p->slug, p->base, (size_t)n + 1);
	return 0;
}

int
slug_pick_next(struct slug_pick *p, unsigned long free_from)
{
	unsigned long next = p->number < 1 ? 2 : p->number + 1;

	if (free_from > next)
		next = free_from;
	if (next > SLUG_PICK_NUMBER_MAX)
		return -1;
	slug_pick_number(p, next);
	return 0;
}

int
slug_pick_holds(const struct slug_pick *p, const char *slug)
{
	size_t stem = strlen(p->stem), digits;

	if (p->base[0] != '\0' && strcmp(slug, p->base) == 0)
		return 1;
	if (strncmp(slug, p->stem, stem) != 0 || slug[stem] != '-')
		return 0;
	digits = strspn(slug + stem + 1, "0123456789");
	return digits > 0 && digits <= SLUG_PICK_NUMBER_DIGITS &&
	    slug[stem + 1] != '0' && slug[stem + 1 + digits] == '\0';
}

int
slug_pick_free_from(struct db *db, struct arena *a,
    const struct db_table *t, unsigned which, const struct slug_pick *p,
    unsigned long *out)
{
	/* A stem is [a-z0-9-]: nothing in it is special to LIKE. */
	long long at = (long long)strlen(p->stem) + 2;
	struct db_arg args[] = {
		db_arg_int(at),
		db_arg_text(arena_printf(a, "%s-%%", p->stem)),
		db_arg_int(at),
	};
	long long next = 1;
	int rc;

	rc = db_query_int(db, a, t, which, args, 3, &next);
	*out = (unsigned long)next;
	return rc == DB_NOT_FOUND ? DB_OK : rc;
}

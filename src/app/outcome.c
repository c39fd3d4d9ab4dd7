/* outcome: making the values; errors.c turns them into responses. */
#include "outcome.h"

#include <stddef.h>

struct outcome
outcome_page(void)
{
	struct outcome o = { OUTCOME_PAGE, 200, 0, NULL };

	return o;
}

struct outcome
outcome_redirect(int status, const char *location)
{
	struct outcome o = { OUTCOME_REDIRECT, status, 0, location };

	return o;
}

struct outcome
outcome_error(int status, const char *message)
{
	struct outcome o = { OUTCOME_ERROR, status, 0, message };

	return o;
}

struct outcome
outcome_db_error(int rc, const char *doing)
{
	struct outcome o = { OUTCOME_DB_ERROR, 500, rc, doing };

	return o;
}

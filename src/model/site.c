/* site: all SQL of the site_state table. */
#include "site.h"

#include <stdio.h>
#include <string.h>

#include "db.h"
#include "tables.h"

enum site_stmt {
	SITE_GET_STATE,
	SITE__MAX
};

static const char *const site_sql[SITE__MAX] = {
	[SITE_GET_STATE] =
	    "SELECT " SITE_STATE_COLUMNS " FROM site_state AS st "
	    "WHERE st.id = 1",
};

const struct db_table site_table = {
	"site", site_sql, SITE__MAX, NULL, 0, 0
};

int
site_query_row(struct db *db, struct arena *a, const struct db_table *t,
    unsigned which, const struct db_arg *args, size_t nargs,
    struct db_result *res, struct site_state *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	rc = db_query_row(db, a, t, which, args, nargs, res);
	if (rc == DB_NOT_FOUND) {
		/* Migration 0005 inserts the row; without it nothing is known. */
		snprintf(db->error, sizeof(db->error),
		    "site_state has no row 1: run ./migrate upgrade");
		return DB_ERROR;
	}
	if (rc != DB_OK)
		return rc;
	out->version = (unsigned long long)db_col_int(res, 0);
	out->post_count = (unsigned long long)db_col_int(res, 1);
	db_col_date(res, 2, &out->changed);
	out->post_due = db_col_int(res, 3) != 0;
	return DB_OK;
}

int
site_get_state(struct db *db, struct arena *a, struct site_state *out)
{
	struct db_result res;
	int rc = site_query_row(db, a, &site_table, SITE_GET_STATE, NULL, 0,
	    &res, out);

	if (rc == DB_OK)
		db_result_free(&res);
	return rc;
}

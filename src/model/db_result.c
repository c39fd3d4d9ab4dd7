/*
 * db_result: reading the rows of a query that db.c has run: the next row,
 * its columns as our types, and whole structs by a table of their columns
 * (struct db_column), one (db_get) or a list (db_list).
 */
#include "db_link.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/arena.h"
#include "../lib/date.h"

int
db_next(struct db_result *res)
{
	struct db_rows *rows = res->rows;
	int rc;

	if (rows == NULL || rows->stmt == NULL)
		return 0;
	rc = mysql_stmt_fetch(rows->stmt);
	if (rc == 0)
		return 1;
	if (rc == MYSQL_NO_DATA)
		return 0;
	if (rc == MYSQL_DATA_TRUNCATED)
		return db_local_error(rows->db, "fetching: a column was "
		    "truncated");
	db_stmt_failed(rows->db, rows->stmt, "fetching");
	return DB_ERROR;
}

int
db_query_row(struct db *db, struct arena *a, const struct db_table *t,
    unsigned which, const struct db_arg *args, size_t nargs,
    struct db_result *res)
{
	int rc;

	if ((rc = db_query(db, a, t, which, args, nargs, res)) != DB_OK)
		return rc;
	if ((rc = db_next(res)) == 1)
		return DB_OK;
	db_result_free(res);
	return rc == 0 ? DB_NOT_FOUND : rc;
}

int
db_query_int(struct db *db, struct arena *a, const struct db_table *t,
    unsigned which, const struct db_arg *args, size_t nargs, long long *out)
{
	struct db_result res;
	int rc;

	if ((rc = db_query_row(db, a, t, which, args, nargs, &res)) != DB_OK)
		return rc;
	*out = db_col_int(&res, 0);
	db_result_free(&res);
	return DB_OK;
}

unsigned long long
db_num_rows(const struct db_result *res)
{
	if (res->rows == NULL || res->rows->stmt == NULL)
		return 0;
	return (unsigned long long)mysql_stmt_num_rows(res->rows->stmt);
}

void
db_result_free(struct db_result *res)
{
	if (res->rows != NULL && res->rows->stmt != NULL)
		mysql_stmt_free_result(res->rows->stmt);
	res->rows = NULL;
}

int
db_col_is_null(const struct db_result *res, unsigned col)
{
	return res->rows == NULL || col >= res->rows->ncols ||
	    res->rows->cells[col].is_null;
}

long long
db_col_int(const struct db_result *res, unsigned col)
{
	if (db_col_is_null(res, col))
		return 0;
	/* DECIMAL (arithmetic on a COUNT or SUM) comes as text. */
	if (res->rows->bind[col].buffer_type == MYSQL_TYPE_STRING)
		return strtoll(res->rows->cells[col].s, NULL, 10);
	return res->rows->cells[col].i;
}

const char *
db_col_text(const struct db_result *res, unsigned col, struct arena *a,
    size_t *len)
{
	const struct db_cell *c;

	if (db_col_is_null(res, col) || res->rows->cells[col].s == NULL) {
		if (len != NULL)
			*len = 0;
		return "";
	}
	c = &res->rows->cells[col];
	if (len != NULL)
		*len = c->len;
	return arena_strndup(a, c->s, c->len);
}

int
db_col_date(const struct db_result *res, unsigned col, struct date *out)
{
	const MYSQL_TIME *t;

	if (db_col_is_null(res, col) || res->rows->bind[col].buffer_type !=
	    MYSQL_TYPE_DATETIME)
		return -1;
	t = &res->rows->cells[col].t;
	out->year = (int)t->year;
	out->month = (int)t->month;
	out->day = (int)t->day;
	out->hour = (int)t->hour;
	out->minute = (int)t->minute;
	out->second = (int)t->second;
	out->usec = (long)t->second_part;
	return 0;
}

void
db_fill(const struct db_result *res, unsigned first,
    const struct db_column *cols, unsigned ncols, struct arena *a,
    void *out)
{
	char *base = out;

	for (unsigned i = 0; i < ncols; i++) {
		const struct db_column *c = &cols[i];
		void *member = base + c->at;

		switch (c->kind) {
		case DB_COL_INT:
			*(long long *)member = db_col_int(res, first + i);
			break;
		case DB_COL_TEXT:
			*(const char **)member = db_col_text(res, first + i, a,
			    NULL);
			break;
		case DB_COL_TEXT_LEN:
			*(const char **)member = db_col_text(res, first + i, a,
			    (size_t *)(void *)(base + c->len_at));
			break;
		case DB_COL_DATE:
			db_col_date(res, first + i, member);
			break;
		}
	}
}

int
db_get(struct db *db, struct arena *a, const struct db_table *t,
    unsigned which, const struct db_arg *args, size_t nargs, void *out)
{
	struct db_result res;
	int rc;

	if ((rc = db_query_row(db, a, t, which, args, nargs, &res)) != DB_OK)
		return rc;
	memset(out, 0, t->size);
	db_fill(&res, 0, t->cols, t->ncols, a, out);
	db_result_free(&res);
	return DB_OK;
}

int
db_get_by_text(struct db *db, struct arena *a, const struct db_table *t,
    unsigned which, const char *key, void *out)
{
	struct db_arg args[] = { db_arg_text(key) };

	return db_get(db, a, t, which, args, 1, out);
}

int
db_list(struct db *db, struct arena *a, const struct db_table *t,
    unsigned which, const struct db_arg *args, size_t nargs, void **out,
    size_t *n)
{
	struct db_result res;
	char *v;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = db_query(db, a, t, which, args, nargs, &res)) != DB_OK)
		return rc;
	v = arena_calloc(a, db_num_rows(&res) + 1, t->size);
	while ((rc = db_next(&res)) == 1)
		db_fill(&res, 0, t->cols, t->ncols, a, v + (*n)++ * t->size);
	db_result_free(&res);
	*out = v;
	return rc == 0 ? DB_OK : rc;
}

/*
 * Tests src/model/db_result.c and tables.c without a server: db_fill maps
 * a row (cells bound as db.c binds them) to a struct by its column table,
 * and every statement table of a worker's connection has SQL for each of
 * its statements, as preparing them all on connect needs.
 */
#include <stddef.h>
#include <string.h>

#include "../../src/lib/arena.h"
#include "../../src/lib/date.h"
#include "../../src/model/db_link.h"
#include "../../src/model/tables.h"
#include "test.h"

struct thing {
	long long id;
	const char *name;
	const char *body;
	size_t body_len;
	struct date when;
	long long count;
};

static const struct db_column thing_columns[] = {
	{ DB_COL_INT, offsetof(struct thing, id), 0 },
	{ DB_COL_TEXT, offsetof(struct thing, name), 0 },
	{ DB_COL_TEXT_LEN, offsetof(struct thing, body),
	    offsetof(struct thing, body_len) },
	{ DB_COL_DATE, offsetof(struct thing, when), 0 },
	{ DB_COL_INT, offsetof(struct thing, count), 0 },
};


/* A row as db_bind_results leaves it: a skipped column, then a thing. */
struct fake_row {
	MYSQL_BIND bind[6];
	struct db_cell cells[6];
	struct db_rows rows;
	struct db_result res;
};

static void
fake_row(struct fake_row *f)
{
	static char name[] = "first", body[] = "a\0b";

	memset(f, 0, sizeof(*f));
	f->bind[0].buffer_type = MYSQL_TYPE_LONGLONG;
	f->cells[0].i = 99;
	f->bind[1].buffer_type = MYSQL_TYPE_LONGLONG;
	f->cells[1].i = 7;
	f->bind[2].buffer_type = MYSQL_TYPE_STRING;
	f->cells[2].s = name;
	f->cells[2].len = 5;
	f->bind[3].buffer_type = MYSQL_TYPE_STRING;
	f->cells[3].s = body;
	f->cells[3].len = 3;
	f->bind[4].buffer_type = MYSQL_TYPE_DATETIME;
	f->cells[4].t.year = 2024;
	f->cells[4].t.month = 2;
	f->cells[4].t.day = 29;
	f->cells[4].t.hour = 23;
	f->cells[4].t.second_part = 5;
	/* A DECIMAL (a SUM) comes as text. */
	f->bind[5].buffer_type = MYSQL_TYPE_STRING;
	f->cells[5].s = (char *)"12";
	f->cells[5].len = 2;
	f->rows.ncols = 6;
	f->rows.bind = f->bind;
	f->rows.cells = f->cells;
	f->res.rows = &f->rows;
}

static void
test_fill_maps_columns_in_order_from_first(void)
{
	struct fake_row f;
	struct arena a;
	struct thing t;

	arena_init(&a, 0);
	fake_row(&f);
	memset(&t, 0xff, sizeof(t));
	db_fill(&f.res, 1, thing_columns, 5, &a, &t);
	CHECK_INT(t.id, 7);
	CHECK_STR(t.name, "first");
	CHECK_INT(t.body_len, 3);
	CHECK(memcmp(t.body, "a\0b", 4) == 0);
	CHECK_INT(t.when.year, 2024);
	CHECK_INT(t.when.day, 29);
	CHECK_INT(t.when.hour, 23);
	CHECK_INT(t.when.usec, 5);
	CHECK_INT(t.count, 12);
	arena_free(&a);
}

static void
test_fill_reads_null_as_zero_and_empty(void)
{
	struct fake_row f;
	struct arena a;
	struct thing t;

	arena_init(&a, 0);
	fake_row(&f);
	for (int i = 1; i < 6; i++)
		f.cells[i].is_null = 1;
	memset(&t, 0, sizeof(t));
	t.when.year = 1999;
	db_fill(&f.res, 1, thing_columns, 5, &a, &t);
	CHECK_INT(t.id, 0);
	CHECK_STR(t.name, "");
	CHECK_STR(t.body, "");
	CHECK_INT(t.body_len, 0);
	CHECK_INT(t.when.year, 1999);	/* a NULL date is left alone */
	CHECK_INT(t.count, 0);
	arena_free(&a);
}

static void
test_fill_past_the_last_column_reads_null(void)
{
	struct fake_row f;
	struct arena a;
	struct thing t;

	arena_init(&a, 0);
	fake_row(&f);
	f.rows.ncols = 3;	/* id and name only */
	memset(&t, 0, sizeof(t));
	db_fill(&f.res, 1, thing_columns, 5, &a, &t);
	CHECK_INT(t.id, 7);
	CHECK_STR(t.name, "first");
	CHECK_STR(t.body, "");
	CHECK_INT(t.count, 0);
	arena_free(&a);
}

static void
test_every_statement_of_every_table_has_sql(void)
{
	size_t k;

	for (k = 0; db_worker_tables[k] != NULL; k++) {
		const struct db_table *t = db_worker_tables[k];

		CHECK(t->name != NULL && t->name[0] != '\0');
		CHECK(t->n > 0);
		CHECK((t->cols == NULL) == (t->ncols == 0));
		for (unsigned i = 0; i < t->n; i++) {
			const char *sql = t->sql[i];
			size_t params = 0;

			CHECK(sql != NULL && sql[0] != '\0');
			for (; sql != NULL && *sql != '\0'; sql++)
				params += *sql == '?';
			CHECK(params <= DB_ARGS_MAX);
		}
	}
	CHECK(k > 0 && k <= DB_TABLES_MAX);
}

int
main(void)
{
	TEST_RUN(test_fill_maps_columns_in_order_from_first);
	TEST_RUN(test_fill_reads_null_as_zero_and_empty);
	TEST_RUN(test_fill_past_the_last_column_reads_null);
	TEST_RUN(test_every_statement_of_every_table_has_sql);
	return TEST_DONE();
}

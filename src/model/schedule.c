/* schedule: all SQL of what time does to posts (visibility.h's rule). */
#include "schedule.h"

#include <stddef.h>

#include "db.h"
#include "tables.h"
#include "visibility.h"

/* Posts one purge deletes at most: a short statement, run again soon. */
#define SCHEDULE_PURGE_BATCH 200

enum schedule_stmt {
	SCHEDULE_SHOW_DUE,
	SCHEDULE_NEXT_DUE_SET,
	SCHEDULE_PURGE,
	SCHEDULE__MAX
};

static const char *const schedule_sql[SCHEDULE__MAX] = {
	/* A range of posts_schedule; the triggers count them in. */
	[SCHEDULE_SHOW_DUE] =
	    ("UPDATE posts SET visible = 1, updated_at = updated_at "
	    "WHERE " POST_DUE_SQL),
	[SCHEDULE_NEXT_DUE_SET] = POST_NEXT_DUE_SET,
	/* A range of posts_trash; post_tags goes by ON DELETE CASCADE. */
	[SCHEDULE_PURGE] =
	    ("DELETE FROM posts WHERE trashed_at < NOW(6) - INTERVAL ? DAY "
	    "ORDER BY trashed_at LIMIT ?"),
};

const struct db_table schedule_table = {
	"schedule", schedule_sql, SCHEDULE__MAX, NULL, 0, 0
};

int
schedule_publish_due(struct db *db, struct arena *a,
    unsigned long long *shown)
{
	struct db_change change = { 0, 0 };
	int rc;

	if ((rc = db_begin(db)) != DB_OK)
		return rc;
	rc = db_exec(db, a, &schedule_table, SCHEDULE_SHOW_DUE, NULL, 0,
	    &change);
	if (rc == DB_OK)
		rc = db_exec(db, a, &schedule_table, SCHEDULE_NEXT_DUE_SET, NULL,
		    0, NULL);
	if (rc == DB_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	if (shown != NULL)
		*shown = rc == DB_OK ? change.rows : 0;
	return rc;
}

int
schedule_purge_trash(struct db *db, struct arena *a, unsigned days,
    unsigned long long *purged)
{
	struct db_arg args[] = {
		db_arg_int(days), db_arg_int(SCHEDULE_PURGE_BATCH),
	};
	struct db_change gone = { 0, 0 };
	int rc;

	rc = db_exec(db, a, &schedule_table, SCHEDULE_PURGE, args, 2, &gone);
	*purged = rc == DB_OK ? gone.rows : 0;
	return rc;
}

/* backup_db: the blog's emptiness and site version, for restore. */
#include "backup_db.h"

#include <stdio.h>

#include "../lib/config.h"
#include "../model/db.h"

enum backup_stmt {
	BACKUP_TABLE_EXISTS,
	BACKUP_COUNT_POSTS,
	BACKUP_COUNT_USERS,
	BACKUP_COUNT_MEDIA,
	BACKUP_SITE_VERSION,
	BACKUP_BUMP_VERSION,
	BACKUP__MAX
};

static const char *const backup_sql[BACKUP__MAX] = {
	[BACKUP_TABLE_EXISTS] =
	    "SELECT COUNT(*) FROM information_schema.TABLES "
	    "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
	[BACKUP_COUNT_POSTS] = "SELECT COUNT(*) FROM posts",
	[BACKUP_COUNT_USERS] = "SELECT COUNT(*) FROM users",
	[BACKUP_COUNT_MEDIA] = "SELECT COUNT(*) FROM media",
	[BACKUP_SITE_VERSION] = "SELECT version FROM site_state WHERE id = 1",
	[BACKUP_BUMP_VERSION] =
	    "UPDATE site_state SET version = GREATEST(version, ?) + 1, "
	    "changed_at = NOW(6) WHERE id = 1",
};

static const struct db_table backup_table = {
	"backup", backup_sql, BACKUP__MAX, NULL, 0, 0
};

static const struct db_table *const backup_tables[] = {
	&backup_table, NULL
};

/* Opens the connection; returns 0, or -1 after saying why. */
static int
open_db(struct db *db, const struct config *cfg)
{
	if (db_open_now(db, cfg, backup_tables, 1, 0) == DB_OK)
		return 0;
	fprintf(stderr, "blogctl: %s\n", db->error);
	db_close(db);
	return -1;
}

/*
 * Reads statement which's one integer into *out if table exists (else 0).
 * Returns 1 if it exists, 0 if not, or -1 (db->error says why).
 */
static int
count_if(struct db *db, struct arena *a, const char *table,
    enum backup_stmt which, unsigned long long *out)
{
	struct db_arg arg = db_arg_text(table);
	long long n = 0;
	int rc;

	*out = 0;
	rc = db_query_int(db, a, &backup_table, BACKUP_TABLE_EXISTS, &arg, 1,
	    &n);
	if (rc != DB_OK)
		return -1;
	if (n == 0)
		return 0;
	rc = db_query_int(db, a, &backup_table, which, NULL, 0, &n);
	if (rc == DB_NOT_FOUND)
		n = 0;
	else if (rc != DB_OK)
		return -1;
	*out = (unsigned long long)n;
	return 1;
}

int
backup_db_contents(const struct config *cfg, struct arena *a,
    struct blog_contents *out)
{
	const struct {
		const char *table;
		enum backup_stmt which;
		unsigned long long *to;
	} reads[] = {
		{ "posts", BACKUP_COUNT_POSTS, &out->posts },
		{ "users", BACKUP_COUNT_USERS, &out->users },
		{ "media", BACKUP_COUNT_MEDIA, &out->media },
		{ "site_state", BACKUP_SITE_VERSION, &out->version },
	};
	struct db db;
	int rc = 0, exists;

	out->tables = 0;
	if (open_db(&db, cfg) != 0)
		return -1;
	for (size_t i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
		exists = count_if(&db, a, reads[i].table, reads[i].which,
		    reads[i].to);
		if (exists < 0) {
			fprintf(stderr, "blogctl: reading %s: %s\n",
			    reads[i].table, db.error);
			rc = -1;
			break;
		}
		if (exists && reads[i].which != BACKUP_SITE_VERSION)
			out->tables++;
	}
	db_close(&db);
	return rc;
}

int
backup_db_bump_version(const struct config *cfg, struct arena *a,
    unsigned long long past)
{
	struct db_arg arg = db_arg_int((long long)past);
	struct db db;
	int rc;

	if (open_db(&db, cfg) != 0)
		return -1;
	rc = db_exec(&db, a, &backup_table, BACKUP_BUMP_VERSION, &arg, 1,
	    NULL);
	if (rc != DB_OK)
		fprintf(stderr, "blogctl: moving the site's version on: %s\n",
		    db.error);
	db_close(&db);
	return rc == DB_OK ? 0 : -1;
}

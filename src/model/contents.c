/*
 * contents: the statements of a blog's emptiness and its site version
 * moved on, for restore; the tables may not exist yet. A restore also
 * forgets every stored rendering (post_html): a dump made before that
 * table existed leaves the old blog's rows in it.
 */
#include "contents.h"

#include <stdio.h>

#include "../lib/config.h"
#include "db.h"

enum contents_stmt {
	CONTENTS_TABLE_EXISTS,
	CONTENTS_COUNT_POSTS,
	CONTENTS_COUNT_USERS,
	CONTENTS_COUNT_MEDIA,
	CONTENTS_SITE_VERSION,
	CONTENTS_BUMP_VERSION,
	CONTENTS_FORGET_RENDERINGS,
	CONTENTS__MAX
};

static const char *const contents_sql[CONTENTS__MAX] = {
	[CONTENTS_TABLE_EXISTS] =
	    "SELECT COUNT(*) FROM information_schema.TABLES "
	    "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
	[CONTENTS_COUNT_POSTS] = "SELECT COUNT(*) FROM posts",
	[CONTENTS_COUNT_USERS] = "SELECT COUNT(*) FROM users",
	[CONTENTS_COUNT_MEDIA] = "SELECT COUNT(*) FROM media",
	[CONTENTS_SITE_VERSION] = "SELECT version FROM site_state WHERE id = 1",
	[CONTENTS_BUMP_VERSION] =
	    "UPDATE site_state SET version = GREATEST(version, ?) + 1, "
	    "changed_at = NOW(6) WHERE id = 1",
	[CONTENTS_FORGET_RENDERINGS] = "DELETE FROM post_html",
};

static const struct db_table contents_table = {
	"contents", contents_sql, CONTENTS__MAX, NULL, 0, 0
};

static const struct db_table *const contents_tables[] = {
	&contents_table, NULL
};

/* Opens the connection; returns 0, or -1 with why in err. */
static int
open_db(struct db *db, const struct config *cfg, char *err, size_t errlen)
{
	if (db_open_now(db, cfg, contents_tables, 1, 0) == DB_OK)
		return 0;
	snprintf(err, errlen, "%s", db->error);
	db_close(db);
	return -1;
}

/*
 * Reads statement which's one integer into *out if table exists (else 0).
 * Returns 1 if it exists, 0 if not, or -1 (db->error says why).
 */
static int
count_if(struct db *db, struct arena *a, const char *table,
    enum contents_stmt which, unsigned long long *out)
{
	struct db_arg arg = db_arg_text(table);
	long long n = 0;
	int rc;

	*out = 0;
	rc = db_query_int(db, a, &contents_table, CONTENTS_TABLE_EXISTS, &arg, 1,
	    &n);
	if (rc != DB_OK)
		return -1;
	if (n == 0)
		return 0;
	rc = db_query_int(db, a, &contents_table, which, NULL, 0, &n);
	if (rc == DB_NOT_FOUND)
		n = 0;
	else if (rc != DB_OK)
		return -1;
	*out = (unsigned long long)n;
	return 1;
}

int
contents_read(const struct config *cfg, struct arena *a,
    struct blog_contents *out, char *err, size_t errlen)
{
	const struct {
		const char *table;
		enum contents_stmt which;
		unsigned long long *to;
	} reads[] = {
		{ "posts", CONTENTS_COUNT_POSTS, &out->posts },
		{ "users", CONTENTS_COUNT_USERS, &out->users },
		{ "media", CONTENTS_COUNT_MEDIA, &out->media },
		{ "site_state", CONTENTS_SITE_VERSION, &out->version },
	};
	struct db db;
	int rc = 0, exists;

	out->tables = 0;
	if (open_db(&db, cfg, err, errlen) != 0)
		return -1;
	for (size_t i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
		exists = count_if(&db, a, reads[i].table, reads[i].which,
		    reads[i].to);
		if (exists < 0) {
			snprintf(err, errlen, "reading %s: %s",
			    reads[i].table, db.error);
			rc = -1;
			break;
		}
		if (exists && reads[i].which != CONTENTS_SITE_VERSION)
			out->tables++;
	}
	db_close(&db);
	return rc;
}

int
contents_move_version_past(const struct config *cfg, struct arena *a,
    unsigned long long past, char *err, size_t errlen)
{
	struct db_arg arg = db_arg_int((long long)past);
	struct db_arg table = db_arg_text("post_html");
	long long exists = 0;
	struct db db;
	int rc;

	if (open_db(&db, cfg, err, errlen) != 0)
		return -1;
	/* Renderings first: the new version is read as current at once. */
	rc = db_query_int(&db, a, &contents_table, CONTENTS_TABLE_EXISTS,
	    &table, 1, &exists);
	if (rc == DB_OK && exists)
		rc = db_exec(&db, a, &contents_table,
		    CONTENTS_FORGET_RENDERINGS, NULL, 0, NULL);
	if (rc != DB_OK) {
		snprintf(err, errlen, "forgetting the stored renderings: %s",
		    db.error);
		db_close(&db);
		return -1;
	}
	rc = db_exec(&db, a, &contents_table, CONTENTS_BUMP_VERSION, &arg, 1,
	    NULL);
	if (rc != DB_OK)
		snprintf(err, errlen, "moving the site's version on: %s",
		    db.error);
	db_close(&db);
	return rc == DB_OK ? 0 : -1;
}

/*
 * backup_dump: the database's part of a backup: mariadb-dump
 * --single-transaction (one snapshot, taken while the blog goes on
 * writing) read as it streams into database.sql, hashed on the way, and
 * read for what the MANIFEST says of that snapshot: its rows of posts,
 * users and media, the images its media rows name, and its schema version.
 * Counting the dump itself, rather than asking the server, is what makes
 * the counts those of the snapshot and not of a moment later.
 *
 * One change to the text: the DEFINER of each trigger is dropped, so that
 * the triggers restored belong to whoever restores them (the other
 * installation's migrate_user), not to an account that may not exist
 * there.
 */
#ifndef BLOGCTL_BACKUP_DUMP_H
#define BLOGCTL_BACKUP_DUMP_H

#include <stddef.h>

#include "../lib/medianame.h"

struct config;

/* What a dump holds. */
struct dump_summary {
	unsigned long long posts, users, media;	/* rows */
	unsigned schema_version;	/* the highest finished migration
					   (schema_migrations), 0: none */
	char (*names)[MEDIANAME_MAX];	/* the media rows' names (malloc'd) */
	size_t nnames, cap;
	unsigned char sha256[32];	/* of the text written */
	unsigned long long bytes;	/* written */
};

/*
 * Runs mariadb-dump of cfg's database, as the schema's owner, writing its
 * text to out_fd and reading it into *sum (zeroed first; free it with
 * dump_summary_free). Returns 0, or -1 after saying why.
 */
int dump_database(const struct config *cfg, int out_fd,
    struct dump_summary *sum);

/* Frees what dump_database allocated in sum. */
void dump_summary_free(struct dump_summary *sum);

#endif

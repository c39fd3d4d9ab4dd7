/*
 * backup_manifest: the MANIFEST of a backup archive, a text file of one
 * item a line, a key, a space, a value:
 *
 *	blogctl-backup 1		the format (this is the first line)
 *	created_at 2026-12-05T10:00:00Z	when the dump's snapshot was taken,
 *					about (UTC, RFC 3339)
 *	database blog			the database it came from
 *	schema_version 8		its highest finished migration
 *	posts 12			its rows of posts, users and media
 *	users 2
 *	media 3
 *	file <sha256> database.sql	every other member of the archive,
 *	file <sha256> media/<name>	with the SHA-256 of its bytes (hex)
 *
 * The reader takes nothing else: an unknown key, a key twice, one
 * missing, a second format or a member named twice is refused.
 */
#ifndef BLOGCTL_BACKUP_MANIFEST_H
#define BLOGCTL_BACKUP_MANIFEST_H

#include <stddef.h>
#include <stdio.h>

#include "../lib/medianame.h"

#define MANIFEST_FORMAT 1
#define MANIFEST_NAME "MANIFEST"
#define MANIFEST_DATABASE "database.sql"
#define MANIFEST_MEDIA "media"		/* the images' directory */
#define MANIFEST_MEMBER_MAX (sizeof(MANIFEST_MEDIA) + MEDIANAME_MAX)

struct manifest_file {
	char name[MANIFEST_MEMBER_MAX];	/* database.sql, media/<name> */
	char sha256[65];		/* lower-case hex */
	int seen;			/* for the restore's checks */
};

struct manifest {
	char created_at[32];
	char database[65];
	unsigned schema_version;
	unsigned long long posts, users, media;
	struct manifest_file *files;	/* malloc'd */
	size_t nfiles, cap;
};

/* Adds member name with the 32-byte hash. Returns 0, or -1 (no memory). */
int manifest_add(struct manifest *m, const char *name,
    const unsigned char sha256[32]);

/* Writes m to f. Returns 0, or -1 with errno set. */
int manifest_write(const struct manifest *m, FILE *f);

/*
 * Reads f into m (zeroed first). Returns 0, or -1 with what is wrong in
 * err (naming the line).
 */
int manifest_read(struct manifest *m, FILE *f, char *err, size_t errlen);

/* Returns the member called name, or NULL. */
struct manifest_file *manifest_find(struct manifest *m, const char *name);

/* Frees the list of members. */
void manifest_free(struct manifest *m);

/* Writes the lower-case hex of the 32-byte hash into hex. */
void manifest_hex(const unsigned char sha256[32], char hex[65]);

#endif

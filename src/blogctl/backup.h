/*
 * backup: blogctl's backup and restore (issue 16): the whole blog, its
 * database and its images, in one file, and back.
 *
 * The archive is a gzip'd tar (GNU tar writes and reads it) of
 *
 *	MANIFEST		what it holds (backup_manifest.h): its format,
 *				the snapshot's time, database, schema version
 *				and counts, and a SHA-256 of each other member
 *	database.sql		mariadb-dump --single-transaction of the
 *				blog's database (backup_dump.h)
 *	media/<name>		each stored image file (backup_media.h)
 *
 * consistent as of the dump's snapshot: every image file a row of it
 * names is there, though the blog went on writing while it was made.
 * It holds the authors' password hashes: it is written mode 0600.
 *
 * A restore checks the whole archive in a private directory before it
 * touches anything, refuses a blog that holds posts, users or images
 * unless told to replace it, then puts the images in place before the
 * rows that name them, as an upload does.
 */
#ifndef BLOGCTL_BACKUP_H
#define BLOGCTL_BACKUP_H

#include "blogctl.h"

/*
 * ./blogctl backup FILE: writes the archive to FILE.tmp, then renames it
 * to FILE. Progress on standard error when it is a terminal; one line of
 * summary on standard output. Returns EXIT_SUCCESS, EXIT_FAILURE (nothing
 * written) or EXIT_USAGE.
 */
blogctl_command_fn cmd_backup;

/*
 * ./blogctl restore FILE [--force]: checks FILE, then, if the blog is
 * empty or with --force, replaces the blog's database with the archive's
 * and adds its images to [media] dir. Returns EXIT_SUCCESS, EXIT_FAILURE
 * (saying which step failed, and whether anything was changed) or
 * EXIT_USAGE.
 */
blogctl_command_fn cmd_restore;

#endif

/*
 * script: the reader of migration files, from bytes to statements (the
 * name and the text in script.c, the statements in script_lex.c, the
 * directory in script_dir.c).
 *
 * A migration is migrations/NNNN_name.sql with a "-- migrate:up" and a
 * "-- migrate:down" section. Statements are split by our own lexer, the way
 * the mariadb client splits them: a ';' inside '...', "...", `...` or a
 * comment does not end a statement, and "DELIMITER xx" lines change the
 * terminator (for triggers and procedures). Every error names the file and
 * the line. No database here: only bytes and the file system.
 */
#ifndef MIGRATE_SCRIPT_H
#define MIGRATE_SCRIPT_H

#include <stddef.h>

struct arena;

#define SCRIPT_NAME_MAX 200	/* characters in "NNNN_name" */

/* What a statement does, for the warnings about atomicity. */
enum script_kind {
	SCRIPT_OTHER,		/* SET, SELECT, CALL, ... */
	SCRIPT_DDL,		/* CREATE, ALTER, DROP, RENAME, TRUNCATE */
	SCRIPT_DATA,		/* INSERT, UPDATE, DELETE, REPLACE, LOAD */
};

struct script_statement {
	const char *sql;	/* NUL-terminated, without its delimiter or
				   the comments after its last token */
	size_t len;
	unsigned line;		/* of its first character in the file */
	enum script_kind kind;
};

struct script_section {
	struct script_statement *statements;
	size_t count;
	unsigned line;		/* of its "-- migrate:" line */
};

struct script {
	unsigned version;		/* the NNNN */
	const char *name;		/* "NNNN_name": the file name, no .sql */
	const char *path;		/* DIR/NNNN_name.sql */
	char checksum[65];		/* see script_checksum */
	struct script_section up;
	struct script_section down;
};

struct script_dir {
	const char *path;
	struct script *scripts;		/* by version, ascending */
	size_t count;
};

/* Why a section cannot be atomic, if it cannot. */
enum script_risk {
	SCRIPT_ATOMIC,		/* at most one DDL statement, no data mixed in */
	SCRIPT_MANY_DDL,	/* several DDL statements */
	SCRIPT_MIXED,		/* DDL and data changes */
};

/*
 * Checks a file name: digits (at least 4, not all zero), '_', then
 * [a-z0-9_]+, then ".sql". Returns 0 with the number in *version, or -1 with
 * what is wrong in err.
 */
int script_parse_name(const char *filename, unsigned *version, char *err,
    size_t errlen);

/*
 * Writes the SHA-256 of the len bytes at text, in lowercase hex, into hex:
 * after dropping a UTF-8 byte order mark and turning CRLF into LF, so that
 * the same migration saved by another editor keeps its checksum.
 */
void script_checksum(const char *text, size_t len, char hex[65]);

/*
 * Parses the len bytes at text, read from path, into s (its version and
 * name from the path's last component). Memory comes from a. Returns 0, or
 * -1 with "path:line: what is wrong" in err; when only the sections or
 * statements are wrong, s still has its version, name, path and checksum.
 */
int script_parse(struct arena *a, const char *path, const char *text,
    size_t len, struct script *s, char *err, size_t errlen);

/* Reads the file at path and parses it as script_parse does. */
int script_load(struct arena *a, const char *path, struct script *s,
    char *err, size_t errlen);

/* Returns what keeps a section from being atomic; counts its kinds. */
enum script_risk script_risk(const struct script_section *section,
    size_t *ddl, size_t *data);

/* Returns the first keyword's kind for the statement at sql. */
enum script_kind script_kind_of(const char *sql);

/*
 * Reads every NNNN_name.sql of directory path (other files are ignored) into
 * dir, by version. With names_only, the files are not opened: the scripts
 * have only version, name and path. Returns 0, or -1 with the first problem
 * (an unreadable directory or file, a bad name, two files with one number,
 * an error in a file) in err.
 */
int script_dir_read(struct arena *a, const char *path, int names_only,
    struct script_dir *dir, char *err, size_t errlen);

/* Returns the script numbered version, or NULL. */
const struct script *script_dir_find(const struct script_dir *dir,
    unsigned version);

#endif

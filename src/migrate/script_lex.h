/*
 * script_lex: the statement lexer of migration files, internal to
 * src/migrate (script.h is the interface): script.c normalises a file's
 * text, this cuts it into sections and statements.
 */
#ifndef MIGRATE_SCRIPT_LEX_H
#define MIGRATE_SCRIPT_LEX_H

#include <stddef.h>

#include "script.h"

struct arena;

/*
 * Checks that the len bytes of text (normalised: no byte order mark, LF
 * line ends; NUL-terminated), read from path, are UTF-8 without NUL, and
 * cuts them into the up and down sections of s, statements from a.
 * Returns 0, or -1 with "path:line: what is wrong" in err.
 */
int script_lex(struct arena *a, const char *path, const char *text,
    size_t len, struct script *s, char *err, size_t errlen);

#endif

/*
 * markdown_parse: what the HTML renderer and the excerpt share: md4c's
 * dialect, the input check, md_parse made safe on any text, and the
 * bounds of markdown.h measured before a parse (square brackets) and
 * during one (tables). Internal to src/view: markdown.h is the interface.
 */
#ifndef VIEW_MARKDOWN_PARSE_H
#define VIEW_MARKDOWN_PARSE_H

#include <stddef.h>

#include <md4c.h>

#include "markdown.h"

/* GitHub's dialect (tables, strikethrough, task lists, autolinks), no HTML. */
#define MARKDOWN_FLAGS	(MD_DIALECT_GITHUB | MD_FLAG_NOHTML)

#define MARKDOWN_REPLACEMENT	"\xEF\xBF\xBD"	/* U+FFFD, for NUL */

/*
 * Returns md as a body to parse ("" for NULL with len 0), or NULL if md4c
 * cannot take it: NULL with a length, not valid UTF-8, or too long for
 * MD_SIZE.
 */
const char *markdown_input(const char *md, size_t len);

/*
 * md_parse on md as if it ended in a newline (md4c 0.4.8 reads past the
 * end of a text that ends inside a link's destination). Returns what
 * md_parse returns, or -1 when memory runs out.
 */
int markdown_parse(const char *md, size_t len, const MD_PARSER *parser,
    void *data);

/*
 * Sets *fits to the bytes of md whose square brackets md4c parses within
 * MARKDOWN_WORK_MAX: all of them, or those before the run of lines where
 * the work goes past it (then fit says which run). Linear in len.
 * Returns 0, or -1 if memory runs out.
 */
int markdown_brackets_fit(const char *md, size_t len, size_t *fits,
    struct markdown_fit *fit);

/*
 * Returns whether a table fits MARKDOWN_CELLS_MAX, counting the cells md4c
 * adds to every row shorter than the header; when not, notes it in fit.
 */
int markdown_table_fits(const MD_BLOCK_TABLE_DETAIL *t,
    struct markdown_fit *fit);

#endif

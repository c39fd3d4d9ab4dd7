/*
 * markdown_parse: md4c called safely, and the bounds measured. Before a
 * parse, markdown_brackets_fit measures what md4c would spend on square
 * brackets (quadratic in them, and spent before any callback runs), so
 * that the parse is given only the text that fits; during one, the
 * callbacks ask markdown_table_fits before a table's cells.
 */
#include "markdown_parse.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/utf8.h"

/*
 * What a bracket costs md4c 0.4.8 in a paragraph: looking its line up
 * from the paragraph's first one (one unit a line), and hashing what lies
 * between a pair when it is checked as a reference (a byte costs more:
 * 8 units make the time a unit the same, about 0.8 ns, on "]([" lines
 * and on nested "[[[...]]]" alike).
 */
#define SPAN_WEIGHT	8

int
markdown_table_fits(const MD_BLOCK_TABLE_DETAIL *t, struct markdown_fit *fit)
{
	unsigned long long rows = (unsigned long long)t->head_row_count +
	    t->body_row_count;

	if ((unsigned long long)t->col_count * rows <= MARKDOWN_CELLS_MAX)
		return 1;
	fit->bound = MARKDOWN_TABLE_BIG;
	fit->columns = t->col_count;
	fit->rows = rows > UINT_MAX ? UINT_MAX : (unsigned)rows;
	return 0;
}

const char *
markdown_input(const char *md, size_t len)
{
	if (md == NULL && len == 0)
		return "";
	/* Its length, plus the newline markdown_parse may add, fits MD_SIZE. */
	if (md == NULL || len >= UINT_MAX || !utf8_valid(md, len))
		return NULL;
	return md;
}

/*
 * md4c 0.4.8 (Debian 12's) reads past the end of its input when the text
 * ends inside a link's destination ("[a](b"), and may crash on what it
 * finds there; a newline at the end keeps it within the text and changes
 * nothing in CommonMark. So a text without one is parsed from a copy that
 * has it.
 */
int
markdown_parse(const char *md, size_t len, const MD_PARSER *parser,
    void *data)
{
	char *copy;
	int rc;

	if (len > 0 && md[len - 1] == '\n')
		return md_parse(md, (MD_SIZE)len, parser, data);
	if ((copy = malloc(len + 1)) == NULL)
		return -1;
	memcpy(copy, md, len);
	copy[len] = '\n';
	rc = md_parse(copy, (MD_SIZE)(len + 1), parser, data);
	free(copy);
	return rc;
}

/*
 * The square brackets of one run of non-blank lines: a paragraph, or
 * several when it holds a list's items or a table's rows, so that what
 * is counted here is never less than what md4c parses in one piece.
 */
struct run {
	size_t start;		/* offset of its first line */
	size_t line;		/* number of its first line, from 1 */
	size_t lines;
	size_t brackets;	/* '[' and ']', but escaped ones */
	uint64_t spans;		/* bytes between the pairs, nested counted */
	size_t open;		/* '[' not yet closed, offsets in opens[] */
};

/* Returns the number of '[' in the len bytes at md. */
static size_t
count_opens(const char *md, size_t len)
{
	size_t n = 0;
	const char *p = md, *end = md + len;

	while ((p = memchr(p, '[', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

/* Returns whether the len bytes at s hold nothing but spaces and tabs. */
static int
line_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/*
 * Counts the brackets of the line md[from, to) into run r, pairing each
 * ']' with the last '[' still open, as md4c does, and adding the bytes
 * between them to r->spans. opens holds room for every '[' of the body.
 */
static void
run_add_line(struct run *r, const char *md, size_t from, size_t to,
    uint32_t *opens)
{
	size_t i;

	r->lines++;
	for (i = from; i < to; i++) {
		if (md[i] == '\\' && i + 1 < to)
			i++;	/* "\[" is no bracket to md4c */
		else if (md[i] == '[') {
			r->brackets++;
			opens[r->open++] = (uint32_t)i;
		} else if (md[i] == ']') {
			r->brackets++;
			if (r->open > 0)
				r->spans += i - opens[--r->open];
		}
	}
}

/*
 * Returns what md4c 0.4.8 spends on the brackets of run r (see
 * SPAN_WEIGHT), at most MARKDOWN_WORK_MAX + 1 so that sums cannot wrap.
 */
static uint64_t
run_work(const struct run *r)
{
	uint64_t work;

	if (r->spans > MARKDOWN_WORK_MAX / SPAN_WEIGHT)
		return MARKDOWN_WORK_MAX + 1;
	work = (uint64_t)r->lines * r->brackets + r->spans * SPAN_WEIGHT;
	return work > MARKDOWN_WORK_MAX ? MARKDOWN_WORK_MAX + 1 : work;
}

/* Returns the offset just past the line end at md[eol] (\n, \r or \r\n). */
static size_t
line_next(const char *md, size_t len, size_t eol)
{
	if (eol + 1 < len && md[eol] == '\r' && md[eol + 1] == '\n')
		return eol + 2;
	return eol + 1;
}

/*
 * Ends run r (if one is open), adding its work to *total. Returns 0, or 1
 * when the total goes past MARKDOWN_WORK_MAX: then *fits is where the run
 * starts and fit says which run it is.
 */
static int
run_end(struct run *r, uint64_t *total, size_t *fits,
    struct markdown_fit *fit)
{
	if (r->lines == 0)
		return 0;
	*total += run_work(r);
	if (*total <= MARKDOWN_WORK_MAX) {
		memset(r, 0, sizeof(*r));
		return 0;
	}
	*fits = r->start;
	fit->bound = MARKDOWN_BRACKETS;
	fit->line = r->line;
	fit->lines = r->lines;
	fit->brackets = r->brackets;
	return 1;
}

int
markdown_brackets_fit(const char *md, size_t len, size_t *fits,
    struct markdown_fit *fit)
{
	struct run r = { 0 };
	uint64_t total = 0;
	uint32_t *opens;
	size_t i, eol, line = 1;

	*fits = len;
	if ((opens = malloc((count_opens(md, len) + 1) *
	    sizeof(*opens))) == NULL)
		return -1;
	for (i = 0; i < len; i = line_next(md, len, eol), line++) {
		for (eol = i; eol < len && md[eol] != '\n' && md[eol] != '\r';
		    eol++)
			continue;
		if (!line_blank(md + i, eol - i)) {
			if (r.lines == 0) {
				r.start = i;
				r.line = line;
			}
			run_add_line(&r, md, i, eol, opens);
		} else if (run_end(&r, &total, fits, fit))
			break;
	}
	if (fit->bound == MARKDOWN_FITS)
		(void)run_end(&r, &total, fits, fit);
	free(opens);
	return 0;
}

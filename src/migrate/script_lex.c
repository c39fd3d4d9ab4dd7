/*
 * script_lex: the statement lexer of migration files. It walks the text
 * once, keeping track of quotes, comments, the delimiter (DELIMITER lines)
 * and the line, and cuts it into the up and down sections' statements;
 * the sections and the checks around it are plain code. Every error names
 * the file and the line.
 */
#include "script_lex.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../lib/arena.h"
#include "../lib/utf8.h"

#define DELIMITER_MAX 15

struct lexer {
	const char *path;
	const char *text;		/* normalised, NUL-terminated */
	size_t len;
	size_t pos;
	unsigned line;			/* of text[pos] */
	size_t line_start;		/* where that line begins */
	char delim[DELIMITER_MAX + 1];
	size_t delim_len;
	char *err;
	size_t errlen;
};

/* A section's statements while they are being collected. */
struct statement_list {
	struct script_statement *items;
	size_t count;
	size_t cap;
};

enum marker {
	MARKER_NONE,
	MARKER_UP,
	MARKER_DOWN,
};

/* Writes "path:line: message" into the lexer's err; returns -1. */
static int
lx_fail(struct lexer *lx, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
lx_fail(struct lexer *lx, unsigned line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(lx->err, lx->errlen, "%s:%u: %s", lx->path, line, msg);
	return -1;
}

static int
lx_eof(const struct lexer *lx)
{
	return lx->pos >= lx->len;
}

/* Returns the byte at pos + ahead, or NUL past the end. */
static char
lx_peek(const struct lexer *lx, size_t ahead)
{
	return lx->pos + ahead < lx->len ? lx->text[lx->pos + ahead] : '\0';
}

static void
lx_advance(struct lexer *lx)
{
	if (lx_eof(lx))
		return;
	if (lx->text[lx->pos] == '\n') {
		lx->line++;
		lx->line_start = lx->pos + 1;
	}
	lx->pos++;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static int
is_space(char c)
{
	return is_blank(c) || c == '\n';
}

/* Returns whether only blanks precede pos on its line. */
static int
lx_at_line_start(const struct lexer *lx)
{
	size_t i;

	for (i = lx->line_start; i < lx->pos; i++)
		if (!is_blank(lx->text[i]))
			return 0;
	return 1;
}

/*
 * Returns whether a comment to the end of the line starts at pos: '#', or
 * "--" followed by a blank, a newline or the end (MariaDB's rule: "--1" is
 * minus minus one).
 */
static int
lx_line_comment(const struct lexer *lx)
{
	char c = lx_peek(lx, 0);

	if (c == '#')
		return 1;
	if (c != '-' || lx_peek(lx, 1) != '-')
		return 0;
	c = lx_peek(lx, 2);
	return c == '\0' || is_space(c);
}

/* Returns whether a block comment starts at pos. */
static int
lx_block_comment(const struct lexer *lx)
{
	return lx_peek(lx, 0) == '/' && lx_peek(lx, 1) == '*';
}

/*
 * Returns whether an executable comment (slash-star-bang, or slash-star-M-
 * bang) starts at pos: the server runs what is inside, so it is a statement,
 * not a comment.
 */
static int
lx_executable_comment(const struct lexer *lx)
{
	return lx_block_comment(lx) && (lx_peek(lx, 2) == '!' ||
	    (lx_peek(lx, 2) == 'M' && lx_peek(lx, 3) == '!'));
}

static void
lx_skip_line_comment(struct lexer *lx)
{
	while (!lx_eof(lx) && lx->text[lx->pos] != '\n')
		lx_advance(lx);
}

static int
lx_skip_block_comment(struct lexer *lx)
{
	unsigned line = lx->line;

	lx_advance(lx);
	lx_advance(lx);
	while (!lx_eof(lx)) {
		if (lx_peek(lx, 0) == '*' && lx_peek(lx, 1) == '/') {
			lx_advance(lx);
			lx_advance(lx);
			return 0;
		}
		lx_advance(lx);
	}
	return lx_fail(lx, line, "unterminated /* comment that starts here");
}

/*
 * Skips a string or a quoted identifier: quote doubled inside means one
 * quote; a backslash escapes the next byte in strings, not in `names`.
 */
static int
lx_skip_quoted(struct lexer *lx)
{
	char quote = lx->text[lx->pos];
	unsigned line = lx->line;

	lx_advance(lx);
	while (!lx_eof(lx)) {
		char c = lx->text[lx->pos];

		if (c == '\\' && quote != '`') {
			lx_advance(lx);
			lx_advance(lx);
		} else if (c == quote && lx_peek(lx, 1) == quote) {
			lx_advance(lx);
			lx_advance(lx);
		} else if (c == quote) {
			lx_advance(lx);
			return 0;
		} else {
			lx_advance(lx);
		}
	}
	if (quote == '`')
		return lx_fail(lx, line,
		    "unterminated `quoted name` that starts here");
	return lx_fail(lx, line,
	    "unterminated %c...%c string that starts here", quote, quote);
}

/* Returns whether the text at p starts with word, any case, then a blank
 * or the end of the line. */
static int
starts_with_word(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(end - p) < n || strncasecmp(p, word, n) != 0)
		return 0;
	return p + n == end || is_space(p[n]);
}

/*
 * Looks at the line that starts at pos (blanks before it allowed) for a
 * "-- migrate:up" or "-- migrate:down" marker. Returns the marker, or -1
 * for a line that looks like one and is not.
 */
static int
lx_marker(struct lexer *lx, enum marker *marker)
{
	const char *p = lx->text + lx->pos, *end, *word, *rest;
	int spaced;

	*marker = MARKER_NONE;
	end = memchr(p, '\n', lx->len - lx->pos);
	if (end == NULL)
		end = lx->text + lx->len;
	while (p < end && is_blank(*p))
		p++;
	if (end - p < 2 || p[0] != '-' || p[1] != '-')
		return 0;
	for (word = p + 2; word < end && is_blank(*word); word++)
		continue;
	spaced = word > p + 2;
	if (end - word < 8 || strncasecmp(word, "migrate:", 8) != 0)
		return 0;
	if (!spaced)
		return lx_fail(lx, lx->line, "'--%.*s' is not a comment in "
		    "MariaDB: write '-- migrate:up' or '-- migrate:down' with "
		    "a space after '--'", (int)(end - word), word);
	for (rest = word + 8; rest < end && is_blank(*rest); rest++)
		continue;
	while (end > rest && is_blank(end[-1]))
		end--;
	if (end - rest == 2 && strncasecmp(rest, "up", 2) == 0)
		*marker = MARKER_UP;
	else if (end - rest == 4 && strncasecmp(rest, "down", 4) == 0)
		*marker = MARKER_DOWN;
	else
		return lx_fail(lx, lx->line, "unknown marker '-- migrate:%.*s': "
		    "the sections are '-- migrate:up' and '-- migrate:down'",
		    (int)(end - rest), rest);
	return 0;
}

/*
 * Reads "DELIMITER xx" at pos (the word is already recognised) and makes
 * xx the delimiter; consumes the line. Returns 0 or -1.
 */
static int
lx_delimiter_command(struct lexer *lx)
{
	const char *p, *end, *value;
	size_t n;

	if (!lx_at_line_start(lx))
		return lx_fail(lx, lx->line,
		    "DELIMITER must start a line of its own");
	p = lx->text + lx->pos + strlen("delimiter");
	end = memchr(p, '\n', lx->len - (size_t)(p - lx->text));
	if (end == NULL)
		end = lx->text + lx->len;
	while (p < end && is_blank(*p))
		p++;
	value = p;
	while (p < end && !is_blank(*p))
		p++;
	n = (size_t)(p - value);
	while (p < end && is_blank(*p))
		p++;
	if (n == 0)
		return lx_fail(lx, lx->line,
		    "DELIMITER without a delimiter (e.g. DELIMITER $$)");
	if (p != end)
		return lx_fail(lx, lx->line,
		    "DELIMITER takes one word, then the end of the line");
	if (n > DELIMITER_MAX)
		return lx_fail(lx, lx->line,
		    "delimiter '%.*s' is longer than %d characters", (int)n,
		    value, DELIMITER_MAX);
	if (strcspn(value, "'\"`\\") < n || value[0] == '#' ||
	    (n >= 2 && (strncmp(value, "--", 2) == 0 ||
	    strncmp(value, "/*", 2) == 0)))
		return lx_fail(lx, lx->line, "delimiter '%.*s' would clash "
		    "with quotes or comments: use e.g. $$ or //", (int)n,
		    value);
	memcpy(lx->delim, value, n);
	lx->delim[n] = '\0';
	lx->delim_len = n;
	while (lx->text + lx->pos < end)
		lx_advance(lx);
	return 0;
}

static int
lx_at_delimiter(const struct lexer *lx)
{
	return lx->len - lx->pos >= lx->delim_len &&
	    memcmp(lx->text + lx->pos, lx->delim, lx->delim_len) == 0;
}

/*
 * Scans one statement from pos: up to the delimiter (consumed), or up to a
 * section marker or the end of the file, which end the last statement of a
 * section as well. Sets *start and *end around its text, comments after its
 * last token left out (so that a delimiter can always follow it).
 * Returns 0 or -1.
 */
static int
lx_statement(struct lexer *lx, size_t *start, size_t *end)
{
	unsigned first_line = lx->line;
	enum marker marker;
	int executable;

	*start = *end = lx->pos;
	for (;;) {
		char c = lx_peek(lx, 0);

		if (lx_eof(lx))
			return 0;
		if (c == '\n') {
			lx_advance(lx);
			if (lx_marker(lx, &marker) != 0)
				return -1;
			if (marker != MARKER_NONE)
				return 0;
			while (is_blank(lx_peek(lx, 0)))
				lx_advance(lx);
			if (starts_with_word(lx->text + lx->pos,
			    lx->text + lx->len, "delimiter"))
				return lx_fail(lx, lx->line, "DELIMITER inside "
				    "the statement that starts at line %u: end "
				    "that statement with '%s' first (a name "
				    "'delimiter' at the start of a line needs "
				    "`backquotes`)", first_line, lx->delim);
		} else if (c == '\'' || c == '"' || c == '`') {
			if (lx_skip_quoted(lx) != 0)
				return -1;
			*end = lx->pos;
		} else if (lx_line_comment(lx)) {
			lx_skip_line_comment(lx);
		} else if (lx_block_comment(lx)) {
			executable = lx_executable_comment(lx);
			if (lx_skip_block_comment(lx) != 0)
				return -1;
			if (executable)
				*end = lx->pos;
		} else if (lx_at_delimiter(lx)) {
			lx->pos += lx->delim_len;
			return 0;
		} else {
			lx_advance(lx);
			if (!is_space(c))
				*end = lx->pos;
		}
	}
}

/* Appends a statement to list, growing it from a. */
static void
statements_add(struct arena *a, struct statement_list *list,
    const struct script_statement *st)
{
	struct script_statement *items;

	if (list->count == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 8;
		items = arena_alloc(a, list->cap * sizeof(*items));
		if (list->count > 0)
			memcpy(items, list->items,
			    list->count * sizeof(*items));
		list->items = items;
	}
	list->items[list->count++] = *st;
}

enum script_kind
script_kind_of(const char *sql)
{
	static const char *const ddl[] = { "CREATE", "ALTER", "DROP",
	    "RENAME", "TRUNCATE" };
	static const char *const data[] = { "INSERT", "UPDATE", "DELETE",
	    "REPLACE", "LOAD" };
	size_t n = 0, i;

	while (is_space(*sql))
		sql++;
	while ((sql[n] >= 'A' && sql[n] <= 'Z') ||
	    (sql[n] >= 'a' && sql[n] <= 'z'))
		n++;
	for (i = 0; i < sizeof(ddl) / sizeof(ddl[0]); i++)
		if (strlen(ddl[i]) == n && strncasecmp(sql, ddl[i], n) == 0)
			return SCRIPT_DDL;
	for (i = 0; i < sizeof(data) / sizeof(data[0]); i++)
		if (strlen(data[i]) == n && strncasecmp(sql, data[i], n) == 0)
			return SCRIPT_DATA;
	return SCRIPT_OTHER;
}

enum script_risk
script_risk(const struct script_section *section, size_t *ddl, size_t *data)
{
	size_t i;

	*ddl = *data = 0;
	for (i = 0; i < section->count; i++) {
		if (section->statements[i].kind == SCRIPT_DDL)
			(*ddl)++;
		else if (section->statements[i].kind == SCRIPT_DATA)
			(*data)++;
	}
	if (*ddl > 0 && *data > 0)
		return SCRIPT_MIXED;
	return *ddl > 1 ? SCRIPT_MANY_DDL : SCRIPT_ATOMIC;
}

/* Adds the statement between start and end, unless it is empty. */
static void
add_statement(struct arena *a, struct lexer *lx, struct statement_list *list,
    size_t start, size_t end, unsigned line)
{
	struct script_statement st;

	if (end == start)
		return;		/* a lone delimiter: nothing to run */
	st.sql = arena_strndup(a, lx->text + start, end - start);
	st.len = end - start;
	st.line = line;
	st.kind = script_kind_of(st.sql);
	statements_add(a, list, &st);
}

/* Checks a marker against the sections seen so far; starts its section. */
static int
lx_section(struct lexer *lx, enum marker marker, struct script *s,
    enum marker *current)
{
	if (marker == MARKER_UP && *current == MARKER_UP)
		return lx_fail(lx, lx->line, "a second '-- migrate:up' (the "
		    "first is at line %u)", s->up.line);
	if (marker == MARKER_UP && *current == MARKER_DOWN)
		return lx_fail(lx, lx->line, "'-- migrate:up' after "
		    "'-- migrate:down' (line %u): the up section comes first",
		    s->down.line);
	if (marker == MARKER_DOWN && *current == MARKER_NONE)
		return lx_fail(lx, lx->line, "'-- migrate:down' before any "
		    "'-- migrate:up': the up section comes first");
	if (marker == MARKER_DOWN && *current == MARKER_DOWN)
		return lx_fail(lx, lx->line, "a second '-- migrate:down' (the "
		    "first is at line %u)", s->down.line);
	if (marker == MARKER_UP)
		s->up.line = lx->line;
	else
		s->down.line = lx->line;
	*current = marker;
	/* Each section starts with ';', whatever the last one ended with. */
	snprintf(lx->delim, sizeof(lx->delim), ";");
	lx->delim_len = 1;
	lx_skip_line_comment(lx);
	return 0;
}

/* Cuts the whole text into the sections of s. Returns 0 or -1. */
static int
lx_parse(struct arena *a, struct lexer *lx, struct script *s)
{
	struct statement_list lists[2];
	enum marker section = MARKER_NONE, marker;
	size_t start = 0, end = 0;
	unsigned line;

	memset(lists, 0, sizeof(lists));
	for (;;) {
		while (is_space(lx_peek(lx, 0)))
			lx_advance(lx);
		if (lx_eof(lx))
			break;
		if (lx_at_line_start(lx)) {
			if (lx_marker(lx, &marker) != 0)
				return -1;
			if (marker != MARKER_NONE) {
				if (lx_section(lx, marker, s, &section) != 0)
					return -1;
				continue;
			}
		}
		if (starts_with_word(lx->text + lx->pos, lx->text + lx->len,
		    "delimiter")) {
			if (section == MARKER_NONE)
				return lx_fail(lx, lx->line, "DELIMITER before "
				    "'-- migrate:up'");
			if (lx_delimiter_command(lx) != 0)
				return -1;
			continue;
		}
		if (lx_line_comment(lx)) {
			lx_skip_line_comment(lx);
			continue;
		}
		if (lx_block_comment(lx) && !lx_executable_comment(lx)) {
			if (lx_skip_block_comment(lx) != 0)
				return -1;
			continue;
		}
		if (section == MARKER_NONE)
			return lx_fail(lx, lx->line, "a statement before "
			    "'-- migrate:up' (only comments may come first)");
		line = lx->line;
		if (lx_statement(lx, &start, &end) != 0)
			return -1;
		add_statement(a, lx, &lists[section == MARKER_DOWN], start,
		    end, line);
	}
	if (s->up.line == 0)
		return lx_fail(lx, 1, "no '-- migrate:up' line: a migration "
		    "has an up section, then a down section");
	if (s->down.line == 0)
		return lx_fail(lx, lx->line, "no '-- migrate:down' line after "
		    "the up section (line %u)", s->up.line);
	if (lists[0].count == 0)
		return lx_fail(lx, s->up.line, "the up section has no "
		    "statements");
	s->up.statements = lists[0].items;
	s->up.count = lists[0].count;
	s->down.statements = lists[1].items;
	s->down.count = lists[1].count;
	return 0;
}

/* Checks that every line is UTF-8 without NUL bytes. Returns 0 or -1. */
static int
check_encoding(struct lexer *lx)
{
	size_t start = 0, end;
	unsigned line = 1;

	while (start < lx->len) {
		const char *nl = memchr(lx->text + start, '\n',
		    lx->len - start);

		end = nl ? (size_t)(nl - lx->text) : lx->len;
		if (!utf8_valid(lx->text + start, end - start))
			return lx_fail(lx, line, memchr(lx->text + start, '\0',
			    end - start) ? "a NUL byte" :
			    "not valid UTF-8 (save the file as UTF-8)");
		start = end + 1;
		line++;
	}
	return 0;
}


int
script_lex(struct arena *a, const char *path, const char *text, size_t len,
    struct script *s, char *err, size_t errlen)
{
	struct lexer lx;

	memset(&lx, 0, sizeof(lx));
	lx.path = path;
	lx.text = text;
	lx.len = len;
	lx.line = 1;
	lx.err = err;
	lx.errlen = errlen;
	snprintf(lx.delim, sizeof(lx.delim), ";");
	lx.delim_len = 1;
	if (check_encoding(&lx) != 0)
		return -1;
	return lx_parse(a, &lx, s);
}

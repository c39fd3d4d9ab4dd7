/*
 * fuzz_script: the migration file reader (src/migrate/script.c) on any
 * file: the lexer (quotes, comments, DELIMITER, the section markers), the
 * statement list and the checksum.
 *
 * Properties: a refused file gets "path:line: reason"; a read one has its
 * version and name from the path, an up section with statements, each a
 * non-empty string starting at a line of the file, lines never going back;
 * the kinds add up in script_risk; the same file saved with a byte order
 * mark and CRLF line ends has the same checksum and the same statements.
 */
#include <string.h>

#include "../../src/lib/arena.h"
#include "../../src/migrate/script.h"
#include "fuzz.h"

#define PATH "migrations/0042_fuzz.sql"

/* Returns the number of lines of the n bytes at s. */
static unsigned
count_lines(const uint8_t *s, size_t n)
{
	unsigned lines = 1;

	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n')
			lines++;
	return lines;
}

static void
check_section(const struct script_section *sec, unsigned lines,
    unsigned after)
{
	size_t ddl, dml;
	unsigned last = after;

	for (size_t i = 0; i < sec->count; i++) {
		const struct script_statement *st = &sec->statements[i];

		FUZZ_CHECK(st->sql != NULL && st->len > 0);
		FUZZ_CHECK(strlen(st->sql) == st->len);
		FUZZ_CHECK(st->line > after && st->line <= lines);
		FUZZ_CHECK(st->line >= last);
		FUZZ_CHECK(st->kind == script_kind_of(st->sql));
		last = st->line;
	}
	script_risk(sec, &ddl, &dml);
	FUZZ_CHECK(ddl + dml <= sec->count);
}

/* Returns the text with a byte order mark first and every LF as CRLF. */
static char *
as_windows(const uint8_t *data, size_t size, size_t *outlen)
{
	char *out = malloc(3 + 2 * size + 1);
	size_t n = 0;

	FUZZ_CHECK(out != NULL);
	memcpy(out, "\xef\xbb\xbf", 3);
	n = 3;
	for (size_t i = 0; i < size; i++) {
		if (data[i] == '\n')
			out[n++] = '\r';
		out[n++] = (char)data[i];
	}
	*outlen = n;
	return out;
}

/* Whether both parses cut the same statements. */
static void
check_same(const struct script *x, const struct script *y)
{
	FUZZ_CHECK(strcmp(x->checksum, y->checksum) == 0);
	FUZZ_CHECK(x->up.count == y->up.count);
	FUZZ_CHECK(x->down.count == y->down.count);
	for (size_t i = 0; i < x->up.count; i++)
		FUZZ_CHECK(strcmp(x->up.statements[i].sql,
		    y->up.statements[i].sql) == 0);
	for (size_t i = 0; i < x->down.count; i++)
		FUZZ_CHECK(strcmp(x->down.statements[i].sql,
		    y->down.statements[i].sql) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct script s, w;
	struct arena a;
	char err[1024], werr[1024], *windows, *text;
	size_t wlen;
	unsigned lines = count_lines(data, size);
	int rc, wrc;

	arena_init(&a, 0);
	rc = script_parse(&a, PATH, (const char *)data, size, &s, err,
	    sizeof(err));
	if (rc != 0) {
		FUZZ_CHECK(rc == -1);
		FUZZ_CHECK(strncmp(err, PATH ":", strlen(PATH) + 1) == 0);
	} else {
		FUZZ_CHECK(s.version == 42);
		FUZZ_CHECK(strcmp(s.name, "0042_fuzz") == 0);
		FUZZ_CHECK(strlen(s.checksum) == 64 &&
		    strspn(s.checksum, "0123456789abcdef") == 64);
		FUZZ_CHECK(s.up.count > 0);
		FUZZ_CHECK(s.up.line >= 1 && s.down.line > s.up.line);
		check_section(&s.up, lines, s.up.line);
		check_section(&s.down, lines, s.down.line);
	}

	/* Another editor's copy: a BOM and CRLF. Only for text that has no
	 * CR or BOM of its own, which would be read differently. */
	if (memchr(data, '\r', size) == NULL && (size < 3 ||
	    memcmp(data, "\xef\xbb\xbf", 3) != 0)) {
		windows = as_windows(data, size, &wlen);
		wrc = script_parse(&a, PATH, windows, wlen, &w, werr,
		    sizeof(werr));
		FUZZ_CHECK(wrc == rc);
		if (rc == 0)
			check_same(&s, &w);
		else
			FUZZ_CHECK(strcmp(err, werr) == 0);
		free(windows);
	}

	/* script_kind_of reads a C string from its first word. */
	text = fuzz_string(data, size);
	script_kind_of(text);
	free(text);
	arena_free(&a);
	return 0;
}

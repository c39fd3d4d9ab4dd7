/*
 * markdown_excerpt: the plain text of a post's start, for the index. It
 * walks the same parse as the HTML renderer with callbacks of its own,
 * collecting text until it has enough, within the same bounds.
 */
#include "markdown.h"

#include <string.h>

#include "../lib/buf.h"
#include "entity.h"
#include "markdown_parse.h"

#define ELLIPSIS	"\xE2\x80\xA6"	/* U+2026 */

struct excerpt {
	struct buf text;	/* plain text so far, whitespace collapsed */
	size_t chars;		/* its length in code points */
	size_t limit;		/* stop once chars passes it */
	int space;		/* a space is due before what comes next */
	unsigned skip;		/* > 0 inside what is left out */
	int done;		/* it has enough: every callback stops */
};

/*
 * What an excerpt callback returns to stop the parser: it has enough.
 * md4c 0.4.8 stops at once only when enter_block returns it: from the
 * other callbacks it merely skips the rest of the block's text, and
 * md_parse returns 0 all the same. So once stopped, every callback of
 * ours returns it again, writes nothing, and the next block ends the
 * parse; and what stopped is read from our own state, not from md_parse.
 */
#define EXCERPT_FULL	1

/*
 * Adds text to the excerpt, each run of whitespace as one space and none
 * at the start. Returns EXCERPT_FULL once it holds more than its limit
 * (always stopping before a code point, never inside one), else 0.
 */
static int
excerpt_add(struct excerpt *e, const char *s, size_t len)
{
	unsigned char c;
	size_t i;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v') {
			e->space = e->text.len > 0;
			continue;
		}
		if ((c & 0xC0) != 0x80) {
			if (e->chars > e->limit)
				return e->done = EXCERPT_FULL;
			if (e->space) {
				buf_append(&e->text, " ", 1);
				e->space = 0;
				if (++e->chars > e->limit)
					return e->done = EXCERPT_FULL;
			}
			e->chars++;
		}
		buf_append(&e->text, s + i, 1);
	}
	return 0;
}

/* Whether an excerpt leaves the block out: it is not running prose. */
static int
excerpt_skips(MD_BLOCKTYPE type)
{
	return type == MD_BLOCK_H || type == MD_BLOCK_CODE ||
	    type == MD_BLOCK_HTML || type == MD_BLOCK_TABLE;
}

static int
excerpt_enter_block(MD_BLOCKTYPE type, void *detail, void *data)
{
	struct excerpt *e = data;
	struct markdown_fit fit;

	if (e->done)
		return EXCERPT_FULL;
	/* Its cells would cost time for nothing: the excerpt ends here. */
	if (type == MD_BLOCK_TABLE && !markdown_table_fits(detail, &fit))
		return e->done = EXCERPT_FULL;
	if (excerpt_skips(type))
		e->skip++;
	e->space = e->text.len > 0;
	return 0;
}

static int
excerpt_leave_block(MD_BLOCKTYPE type, void *detail, void *data)
{
	struct excerpt *e = data;

	(void)detail;
	if (excerpt_skips(type))
		e->skip--;
	e->space = e->text.len > 0;
	return e->done;
}

/*
 * Counts an image in (entering) or out: its alt text is left out. Returns
 * what every excerpt callback returns once it has enough.
 */
static int
excerpt_span(struct excerpt *e, MD_SPANTYPE type, int entering)
{
	if (type == MD_SPAN_IMG && entering)
		e->skip++;
	else if (type == MD_SPAN_IMG)
		e->skip--;
	return e->done;
}

static int
excerpt_enter_span(MD_SPANTYPE type, void *detail, void *data)
{
	(void)detail;
	return excerpt_span(data, type, 1);
}

static int
excerpt_leave_span(MD_SPANTYPE type, void *detail, void *data)
{
	(void)detail;
	return excerpt_span(data, type, 0);
}

static int
excerpt_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE len, void *data)
{
	struct excerpt *e = data;
	char c[4];
	size_t n;

	if (e->done)
		return EXCERPT_FULL;
	if (e->skip > 0)
		return 0;
	if (type == MD_TEXT_NULLCHAR)
		return excerpt_add(e, MARKDOWN_REPLACEMENT,
		    strlen(MARKDOWN_REPLACEMENT));
	if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR)
		return excerpt_add(e, " ", 1);
	/* A reference we do not know stays as written, like other text. */
	if (type == MD_TEXT_ENTITY && (n = entity_decode(s, len, c)) > 0)
		return excerpt_add(e, c, n);
	return excerpt_add(e, s, len);
}

static const MD_PARSER excerpt_parser = {
	.flags = MARKDOWN_FLAGS, .text = excerpt_text,
	.enter_block = excerpt_enter_block, .leave_block = excerpt_leave_block,
	.enter_span = excerpt_enter_span, .leave_span = excerpt_leave_span,
};

/*
 * Appends the first len bytes of s, which hold more than max code points,
 * cut to at most max with the ellipsis: at the last space that leaves room
 * for it, or inside the first word when that alone is too long; without
 * the spaces and the commas, colons and semicolons the cut leaves hanging.
 */
static void
excerpt_cut(struct buf *out, const char *s, size_t max)
{
	size_t end = 0, cut, n;

	if (max == 0)
		return;
	/* Room for max - 1 code points, then the ellipsis. */
	for (n = 0; n < max - 1; n++)
		do
			end++;
		while (((unsigned char)s[end] & 0xC0) == 0x80);
	cut = end;
	if (s[end] != ' ') {
		while (cut > 0 && s[cut - 1] != ' ')
			cut--;
		cut = cut > 0 ? cut - 1 : end;
	}
	while (cut > 0 && strchr(" ,;:", s[cut - 1]) != NULL)
		cut--;
	buf_append(out, s, cut);
	buf_puts(out, ELLIPSIS);
}

int
markdown_excerpt(const char *md, size_t len, size_t max_chars,
    struct buf *out)
{
	struct excerpt e = { .limit = max_chars };
	struct markdown_fit fit = { .bound = MARKDOWN_FITS };
	size_t fits;
	int rc;

	if ((md = markdown_input(md, len)) == NULL || out == NULL)
		return -1;
	if (markdown_brackets_fit(md, len, &fits, &fit) != 0)
		return -1;
	rc = markdown_parse(md, fits, &excerpt_parser, &e);
	if (rc != 0 && rc != EXCERPT_FULL) {
		buf_free(&e.text);
		return -1;
	}
	if (e.chars <= max_chars)
		buf_append(out, e.text.data ? e.text.data : "", e.text.len);
	else
		excerpt_cut(out, e.text.data, max_chars);
	buf_free(&e.text);
	return 0;
}

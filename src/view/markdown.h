/*
 * markdown: a post's body (CommonMark with GitHub's tables, strikethrough,
 * task lists and autolinks) as safe HTML for BODY_HTML, and as a plain-text
 * excerpt for the index. Built on md4c's parser with our own renderer, so
 * that every link and image target passes one check, and so that no body
 * makes more than a bounded page in a bounded time.
 */
#ifndef VIEW_MARKDOWN_H
#define VIEW_MARKDOWN_H

#include <stddef.h>

struct buf;

/*
 * The renderer's version. Renderings are stored (src/model/post.h's
 * post_html, whose POST_RENDERER must follow this one), so bump it
 * whenever what markdown_to_html or markdown_excerpt make of some body
 * changes (this code, md4c's version, the bounds below, media_img's
 * attributes): the stored ones are then made again, post by post.
 */
#define MARKDOWN_RENDERER 1

/*
 * The bounds every body is rendered within. The largest body is 65,535
 * bytes, and ordinary Markdown makes 1 to 2 bytes of HTML a byte; the
 * densest constructs a writer may mean (one-character table cells,
 * quotes and ampersands, nested lists) make about 10. Past that it is a
 * bomb: md4c 0.4.8 gives every row of a table as many cells as its header
 * row has columns, and repeats a reference link's whole URL at each use.
 *
 * MARKDOWN_HTML_MAX: a body's HTML, 16 times the largest body.
 * MARKDOWN_CELLS_MAX: the cells of one table, counting those md4c adds to
 *   short rows (a 64-column table of 256 rows, a 4-column one of 4,096):
 *   more than anyone reads on one page, and at most ~160 KiB of empty
 *   cells from a body of a few hundred bytes.
 * MARKDOWN_WORK_MAX: what md4c 0.4.8 spends on square brackets, in the
 *   units of markdown_parse.c's markdown_brackets_fit (about 1 ns each).
 *   It is quadratic in them: 64 KiB of "]([" lines take 0.2 s, of
 *   nested "[[[...]]]" with a reference defined 7 s. At the bound, any
 *   body takes about 30 ms; ordinary ones, even a list of a thousand
 *   links with no blank line, use a tenth of it.
 */
#define MARKDOWN_HTML_MAX	(1024 * 1024)
#define MARKDOWN_CELLS_MAX	16384
#define MARKDOWN_WORK_MAX	(32ULL * 1024 * 1024)

/* Which bound a body goes past, if any. */
enum markdown_bound {
	MARKDOWN_FITS = 0,
	MARKDOWN_HTML_BIG,	/* more than MARKDOWN_HTML_MAX of HTML */
	MARKDOWN_TABLE_BIG,	/* a table of more than MARKDOWN_CELLS_MAX */
	MARKDOWN_BRACKETS,	/* more than MARKDOWN_WORK_MAX of brackets */
};

/* Why a body does not fit, in the author's terms. */
struct markdown_fit {
	enum markdown_bound bound;
	unsigned columns, rows;		/* MARKDOWN_TABLE_BIG: that table */
	size_t line;			/* MARKDOWN_BRACKETS: the paragraph */
	size_t lines, brackets;		/*   where it ran over: its first */
					/*   line, lines and [ and ] */
};

/*
 * Appends body rendered as safe HTML: raw HTML is shown as text; links and
 * images only to http, https, mailto and relative targets (any other link
 * keeps its text without the link, any other image shows its alt text);
 * headings move one level down (# is <h2>) since the page's <h1> is the
 * post's title. Never more than MARKDOWN_HTML_MAX bytes: a body past one
 * of the bounds above (stored before they were checked) shows the blocks
 * that fit, then a paragraph saying the rest is not shown. Returns 0, or
 * -1 (out unchanged) if md is not valid UTF-8 or the parser fails.
 */
int markdown_to_html(const char *md, size_t len, struct buf *out);

/*
 * Checks body against the bounds, as a form must before saving it: fills
 * fit with the first bound it goes past. Returns 0 when it fits, 1 when
 * it does not, -1 if md is not valid UTF-8 or the parser fails.
 */
int markdown_check(const char *md, size_t len, struct markdown_fit *fit);

/*
 * Appends a plain-text excerpt of at most max_chars characters (code
 * points), cut at a word boundary with "…" when cut; Markdown syntax
 * removed, whitespace collapsed, headings, code blocks, tables and images
 * left out; within the same bounds of time. Returns 0, or -1 (out
 * unchanged) as above.
 */
int markdown_excerpt(const char *md, size_t len, size_t max_chars,
    struct buf *out);

#endif

/*
 * markdown: our own renderer over md4c's parser callbacks. md4c-html would
 * be shorter, but it has no hook to refuse a link target; here every byte
 * of output is markup we chose, text through escape(), or a link target
 * that passed url_allowed() and went out through url_put().
 *
 * The excerpt walks the same parse with other callbacks, collecting plain
 * text until it has enough.
 *
 * Both keep to markdown.h's bounds, here and nowhere else: brackets_fit
 * measures what md4c would spend on square brackets before it parses, and
 * the callbacks stop the parse (a callback that returns non-zero ends
 * md_parse) at a table too large, or once the HTML would be too large.
 */
#include "markdown.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <md4c.h>

#include "../lib/buf.h"
#include "../lib/utf8.h"
#include "entity.h"

/* GitHub's dialect (tables, strikethrough, task lists, autolinks), no HTML. */
#define MARKDOWN_FLAGS	(MD_DIALECT_GITHUB | MD_FLAG_NOHTML)

#define REPLACEMENT	"\xEF\xBF\xBD"	/* U+FFFD, for NUL */
#define ELLIPSIS	"\xE2\x80\xA6"	/* U+2026 */

/* Links open at once that we can remember; CommonMark allows only one. */
#define LINK_DEPTH	64

struct html {
	struct buf *out;
	size_t start;		/* out->len before the body */
	size_t block_start;	/* out->len where the top-level block began */
	unsigned depth;		/* blocks open, the document's included */
	struct markdown_fit *fit;	/* the bound that stopped the parse */
	unsigned image;		/* > 0 inside an image: its alt text */
	int image_shown;	/* the outermost image got an <img> tag */
	unsigned links;		/* links open */
	uint64_t link_shown;	/* bit i: link at depth i got an <a> */
};

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

/* What an HTML callback returns to stop the parser: a bound is reached. */
#define HTML_STOP	1

/* Whether the HTML renderer stopped at a bound: then it adds nothing. */
#define HTML_STOPPED(r)	((r)->fit->bound != MARKDOWN_FITS)

/*
 * Said in place of what does not fit, by bound. The HTML stops short of
 * MARKDOWN_HTML_MAX by the room this needs.
 */
static const char *const cut_notice[] = {
	[MARKDOWN_FITS] = "",
	[MARKDOWN_HTML_BIG] = "<p><em>The rest of this post is not shown: "
	    "it would make the page too large.</em></p>\n",
	[MARKDOWN_TABLE_BIG] = "<p><em>The rest of this post is not shown: "
	    "it holds a table too large to show.</em></p>\n",
	[MARKDOWN_BRACKETS] = "<p><em>The rest of this post is not shown: "
	    "it would take too long to lay out.</em></p>\n",
};
#define NOTICE_ROOM	128

/*
 * What a bracket costs md4c 0.4.8 in a paragraph: looking its line up
 * from the paragraph's first one (one unit a line), and hashing what lies
 * between a pair when it is checked as a reference (a byte costs more:
 * 8 units make the time a unit the same, about 0.8 ns, on "]([" lines
 * and on nested "[[[...]]]" alike).
 */
#define SPAN_WEIGHT	8

static void spans_close(struct html *);

/* Appends len bytes of text, escaped for HTML text and quoted attributes. */
static void
escape(struct buf *out, const char *s, size_t len)
{
	const char *rep;
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		buf_append(out, s + start, i - start);
		buf_puts(out, rep);
		start = i + 1;
	}
	buf_append(out, s + start, len - start);
}

/* Whether the reference is "&" letters and digits ";", nothing else. */
static int
entity_is_name(const char *ref, size_t len)
{
	size_t i;

	if (len < 3 || ref[0] != '&' || ref[len - 1] != ';')
		return 0;
	for (i = 1; i < len - 1; i++)
		if (!((ref[i] >= 'a' && ref[i] <= 'z') ||
		    (ref[i] >= 'A' && ref[i] <= 'Z') ||
		    (ref[i] >= '0' && ref[i] <= '9')))
			return 0;
	return 1;
}

/*
 * Appends a character reference for HTML: decoded and escaped when we know
 * it; a name we do not know goes out as it came, for the browser to decode
 * (it cannot start markup); anything else is escaped as text.
 */
static void
entity_html(struct buf *out, const char *ref, size_t len)
{
	char c[4];
	size_t n;

	if ((n = entity_decode(ref, len, c)) > 0)
		escape(out, c, n);
	else if (entity_is_name(ref, len))
		buf_append(out, ref, len);
	else
		escape(out, ref, len);
}

/* Appends an attribute's text (a title) for a quoted HTML attribute. */
static void
attribute_html(struct buf *out, const MD_ATTRIBUTE *a)
{
	const char *s;
	size_t i, n;

	for (i = 0; a->substr_offsets[i] < a->size; i++) {
		s = a->text + a->substr_offsets[i];
		n = a->substr_offsets[i + 1] - a->substr_offsets[i];
		if (a->substr_types[i] == MD_TEXT_ENTITY)
			entity_html(out, s, n);
		else if (a->substr_types[i] == MD_TEXT_NULLCHAR)
			buf_puts(out, REPLACEMENT);
		else
			escape(out, s, n);
	}
}

/*
 * Appends an attribute's text with every reference decoded, so that a URL
 * is checked as the browser will read it. A name we do not know stays as
 * text; url_put() escapes its '&', so the browser reads it as text too.
 */
static void
attribute_decode(struct buf *raw, const MD_ATTRIBUTE *a)
{
	const char *s;
	char c[4];
	size_t i, n, len;

	for (i = 0; a->substr_offsets[i] < a->size; i++) {
		s = a->text + a->substr_offsets[i];
		n = a->substr_offsets[i + 1] - a->substr_offsets[i];
		if (a->substr_types[i] == MD_TEXT_NULLCHAR)
			buf_puts(raw, REPLACEMENT);
		else if (a->substr_types[i] == MD_TEXT_ENTITY &&
		    (len = entity_decode(s, n, c)) > 0)
			buf_append(raw, c, len);
		else
			buf_append(raw, s, n);
	}
}

/*
 * Whether a decoded URL may be a link or image target: http, https and
 * mailto, or no scheme at all. A colon before the first '/', '?' or '#'
 * starts a scheme, so any other colon there ("javascript:", " data:",
 * "java\tscript:") is refused outright, whatever the browser might make of
 * it. url_put() percent-encodes every space and control character, so the
 * browser sees the same scheme we checked.
 */
static int
url_allowed(const char *s, size_t len)
{
	static const char *const schemes[] = { "http", "https", "mailto" };
	size_t i, k;

	for (i = 0; i < len; i++) {
		if (s[i] == '/' || s[i] == '?' || s[i] == '#')
			return 1;
		if (s[i] != ':')
			continue;
		for (k = 0; k < sizeof(schemes) / sizeof(schemes[0]); k++)
			if (strlen(schemes[k]) == i &&
			    strncasecmp(s, schemes[k], i) == 0)
				return 1;
		return 0;
	}
	return 1;
}

/*
 * Appends a checked URL for a quoted attribute: the characters a URL may
 * hold as they are ('%' too, so encoded URLs stay as written), '&' and '\''
 * as references, every other byte (space, control, quote, angle bracket,
 * backslash, non-ASCII) percent-encoded.
 */
static void
url_put(struct buf *out, const char *s, size_t len)
{
	static const char keep[] = "-._~:/?#[]@!$()*+,;=%";
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;
	char enc[3];
	size_t i;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || (c != '\0' && strchr(keep, c)))
			buf_append(out, s + i, 1);
		else if (c == '&')
			buf_puts(out, "&amp;");
		else if (c == '\'')
			buf_puts(out, "&#39;");
		else {
			enc[0] = '%';
			enc[1] = hex[c >> 4];
			enc[2] = hex[c & 0xF];
			buf_append(out, enc, 3);
		}
	}
}

/*
 * Appends `<TAG ATTR="URL"` if the URL is allowed; returns whether it was.
 * The caller closes the tag.
 */
static int
tag_with_url(struct buf *out, const char *tag, const char *attr,
    const MD_ATTRIBUTE *url)
{
	struct buf raw = { NULL, 0, 0 };
	int allowed;

	attribute_decode(&raw, url);
	allowed = url_allowed(raw.data != NULL ? raw.data : "", raw.len);
	if (allowed) {
		buf_printf(out, "<%s %s=\"", tag, attr);
		url_put(out, raw.data != NULL ? raw.data : "", raw.len);
		buf_puts(out, "\"");
	}
	buf_free(&raw);
	return allowed;
}

/* Appends ` title="..."` when the link or image has a title. */
static void
title_attribute(struct buf *out, const MD_ATTRIBUTE *title)
{
	if (title->size == 0)
		return;
	buf_puts(out, " title=\"");
	attribute_html(out, title);
	buf_puts(out, "\"");
}

/*
 * Whether a code block's language is a plain name ("c", "c++",
 * "shell-session") that can go into a class attribute as it is.
 */
static int
lang_plain(const MD_ATTRIBUTE *lang)
{
	static const char extra[] = "-_+#.";
	size_t i;
	char c;

	if (lang->size == 0 || lang->size > 32 ||
	    lang->substr_types[0] != MD_TEXT_NORMAL ||
	    lang->substr_offsets[1] != lang->size)
		return 0;
	for (i = 0; i < lang->size; i++) {
		c = lang->text[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr(extra, c) != NULL))
			return 0;
	}
	return 1;
}

/* Appends a table cell's opening tag, its alignment as a class. */
static void
cell_open(struct buf *out, const char *tag, const MD_BLOCK_TD_DETAIL *td)
{
	static const char *const align[] = {
		[MD_ALIGN_DEFAULT] = "",
		[MD_ALIGN_LEFT] = " class=\"align-left\"",
		[MD_ALIGN_CENTER] = " class=\"align-center\"",
		[MD_ALIGN_RIGHT] = " class=\"align-right\"",
	};

	buf_printf(out, "<%s%s>", tag,
	    td->align <= MD_ALIGN_RIGHT ? align[td->align] : "");
}

/* Post headings sit under the page's <h1>: # is <h2>, ###### stays <h6>. */
static unsigned
heading_level(const MD_BLOCK_H_DETAIL *h)
{
	return h->level >= 6 ? 6 : h->level + 1;
}

/*
 * Returns HTML_STOP, the bound noted, once the HTML has grown past the
 * room MARKDOWN_HTML_MAX leaves for the notice; else 0. What one callback
 * adds is at most a few times its share of the body, so out overshoots
 * by little before the caller cuts it back.
 */
static int
html_room(struct html *r)
{
	if (r->out->len - r->start <= MARKDOWN_HTML_MAX - NOTICE_ROOM)
		return 0;
	r->fit->bound = MARKDOWN_HTML_BIG;
	return HTML_STOP;
}

/*
 * Whether a table fits MARKDOWN_CELLS_MAX, counting the cells md4c adds
 * to every row that has fewer than the header; when not, notes it in fit.
 */
static int
table_fits(const MD_BLOCK_TABLE_DETAIL *t, struct markdown_fit *fit)
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

static int
html_enter_block(MD_BLOCKTYPE type, void *detail, void *data)
{
	struct html *r = data;
	const MD_BLOCK_OL_DETAIL *ol;
	const MD_BLOCK_LI_DETAIL *li;
	const MD_BLOCK_CODE_DETAIL *code;

	if (HTML_STOPPED(r))
		return HTML_STOP;
	/* A stop cuts the HTML back to the top-level block it is in. */
	if (r->depth == 1)
		r->block_start = r->out->len;
	r->depth++;
	switch (type) {
	case MD_BLOCK_DOC:
	case MD_BLOCK_HTML:	/* never with MD_FLAG_NOHTML */
		break;
	case MD_BLOCK_QUOTE:
		buf_puts(r->out, "<blockquote>\n");
		break;
	case MD_BLOCK_UL:
		buf_puts(r->out, "<ul>\n");
		break;
	case MD_BLOCK_OL:
		ol = detail;
		if (ol->start == 1)
			buf_puts(r->out, "<ol>\n");
		else
			buf_printf(r->out, "<ol start=\"%u\">\n", ol->start);
		break;
	case MD_BLOCK_LI:
		li = detail;
		if (!li->is_task)
			buf_puts(r->out, "<li>");
		else if (li->task_mark == ' ')
			buf_puts(r->out, "<li class=\"task\"><input "
			    "type=\"checkbox\" disabled "
			    "aria-label=\"to do\"> ");
		else
			buf_puts(r->out, "<li class=\"task\"><input "
			    "type=\"checkbox\" checked disabled "
			    "aria-label=\"done\"> ");
		break;
	case MD_BLOCK_HR:
		buf_puts(r->out, "<hr>\n");
		break;
	case MD_BLOCK_H:
		buf_printf(r->out, "<h%u>", heading_level(detail));
		break;
	case MD_BLOCK_CODE:
		code = detail;
		buf_puts(r->out, "<pre><code");
		if (lang_plain(&code->lang)) {
			buf_puts(r->out, " class=\"language-");
			buf_append(r->out, code->lang.text, code->lang.size);
			buf_puts(r->out, "\"");
		}
		buf_puts(r->out, ">");
		break;
	case MD_BLOCK_P:
		buf_puts(r->out, "<p>");
		break;
	case MD_BLOCK_TABLE:
		if (!table_fits(detail, r->fit))
			return HTML_STOP;
		buf_puts(r->out, "<table>\n");
		break;
	case MD_BLOCK_THEAD:
		buf_puts(r->out, "<thead>\n");
		break;
	case MD_BLOCK_TBODY:
		buf_puts(r->out, "<tbody>\n");
		break;
	case MD_BLOCK_TR:
		buf_puts(r->out, "<tr>\n");
		break;
	case MD_BLOCK_TH:
		cell_open(r->out, "th", detail);
		break;
	case MD_BLOCK_TD:
		cell_open(r->out, "td", detail);
		break;
	}
	return html_room(r);
}

static int
html_leave_block(MD_BLOCKTYPE type, void *detail, void *data)
{
	struct html *r = data;
	const char *tag = NULL;

	if (HTML_STOPPED(r))
		return HTML_STOP;
	r->depth--;
	spans_close(r);
	switch (type) {
	case MD_BLOCK_DOC:
	case MD_BLOCK_HTML:
	case MD_BLOCK_HR:
		break;
	case MD_BLOCK_QUOTE:
		tag = "</blockquote>\n";
		break;
	case MD_BLOCK_UL:
		tag = "</ul>\n";
		break;
	case MD_BLOCK_OL:
		tag = "</ol>\n";
		break;
	case MD_BLOCK_LI:
		tag = "</li>\n";
		break;
	case MD_BLOCK_H:
		buf_printf(r->out, "</h%u>\n", heading_level(detail));
		break;
	case MD_BLOCK_CODE:
		tag = "</code></pre>\n";
		break;
	case MD_BLOCK_P:
		tag = "</p>\n";
		break;
	case MD_BLOCK_TABLE:
		tag = "</table>\n";
		break;
	case MD_BLOCK_THEAD:
		tag = "</thead>\n";
		break;
	case MD_BLOCK_TBODY:
		tag = "</tbody>\n";
		break;
	case MD_BLOCK_TR:
		tag = "</tr>\n";
		break;
	case MD_BLOCK_TH:
		tag = "</th>\n";
		break;
	case MD_BLOCK_TD:
		tag = "</td>\n";
		break;
	}
	if (tag != NULL)
		buf_puts(r->out, tag);
	return html_room(r);
}

static void
link_enter(struct html *r, const MD_SPAN_A_DETAIL *a)
{
	uint64_t bit;

	if (r->links < LINK_DEPTH) {
		bit = (uint64_t)1 << r->links;
		r->link_shown &= ~bit;
		if (tag_with_url(r->out, "a", "href", &a->href)) {
			title_attribute(r->out, &a->title);
			buf_puts(r->out, ">");
			r->link_shown |= bit;
		}
	}
	r->links++;
}

static void
link_leave(struct html *r)
{
	if (r->links == 0)
		return;
	r->links--;
	if (r->links < LINK_DEPTH &&
	    (r->link_shown & (uint64_t)1 << r->links) != 0)
		buf_puts(r->out, "</a>");
}

/*
 * Closes the image and the links still open when a block ends. md4c 0.4.8
 * does not always leave every span it entered: in "![![](![]()]())" it
 * enters two images and leaves one. Without this, the rest of the post
 * and of the page would go into the alt attribute of the first, until
 * some later quote ended it in the middle of other markup.
 */
static void
spans_close(struct html *r)
{
	if (r->image > 0) {
		if (r->image_shown)
			buf_puts(r->out, "\">");
		r->image = 0;
	}
	while (r->links > 0)
		link_leave(r);
}

static int
html_enter_span(MD_SPANTYPE type, void *detail, void *data)
{
	struct html *r = data;

	if (HTML_STOPPED(r))
		return HTML_STOP;
	/* Inside an image everything is alt text, only nested images count. */
	if (r->image > 0) {
		if (type == MD_SPAN_IMG)
			r->image++;
		return 0;
	}
	switch (type) {
	case MD_SPAN_EM:
		buf_puts(r->out, "<em>");
		break;
	case MD_SPAN_STRONG:
		buf_puts(r->out, "<strong>");
		break;
	case MD_SPAN_CODE:
		buf_puts(r->out, "<code>");
		break;
	case MD_SPAN_DEL:
		buf_puts(r->out, "<del>");
		break;
	case MD_SPAN_U:
		buf_puts(r->out, "<u>");
		break;
	case MD_SPAN_A:
		link_enter(r, detail);
		break;
	case MD_SPAN_IMG:
		/* A refused image leaves its alt text, as text. */
		r->image = 1;
		r->image_shown = tag_with_url(r->out, "img", "src",
		    &((const MD_SPAN_IMG_DETAIL *)detail)->src);
		if (r->image_shown)
			buf_puts(r->out, " loading=\"lazy\" alt=\"");
		break;
	case MD_SPAN_LATEXMATH:	/* extensions we do not enable */
	case MD_SPAN_LATEXMATH_DISPLAY:
	case MD_SPAN_WIKILINK:
		break;
	}
	return html_room(r);
}

static int
html_leave_span(MD_SPANTYPE type, void *detail, void *data)
{
	struct html *r = data;

	if (HTML_STOPPED(r))
		return HTML_STOP;
	if (r->image > 0) {
		if (type != MD_SPAN_IMG || --r->image > 0)
			return 0;
		if (r->image_shown) {
			buf_puts(r->out, "\"");
			title_attribute(r->out,
			    &((const MD_SPAN_IMG_DETAIL *)detail)->title);
			buf_puts(r->out, ">");
		}
		return html_room(r);
	}
	switch (type) {
	case MD_SPAN_EM:
		buf_puts(r->out, "</em>");
		break;
	case MD_SPAN_STRONG:
		buf_puts(r->out, "</strong>");
		break;
	case MD_SPAN_CODE:
		buf_puts(r->out, "</code>");
		break;
	case MD_SPAN_DEL:
		buf_puts(r->out, "</del>");
		break;
	case MD_SPAN_U:
		buf_puts(r->out, "</u>");
		break;
	case MD_SPAN_A:
		link_leave(r);
		break;
	case MD_SPAN_IMG:
	case MD_SPAN_LATEXMATH:
	case MD_SPAN_LATEXMATH_DISPLAY:
	case MD_SPAN_WIKILINK:
		break;
	}
	return html_room(r);
}

static int
html_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE len, void *data)
{
	struct html *r = data;

	if (HTML_STOPPED(r))
		return HTML_STOP;
	switch (type) {
	case MD_TEXT_NULLCHAR:
		buf_puts(r->out, REPLACEMENT);
		break;
	case MD_TEXT_BR:
		buf_puts(r->out, r->image > 0 ? " " : "<br>\n");
		break;
	case MD_TEXT_SOFTBR:
		buf_puts(r->out, r->image > 0 ? " " : "\n");
		break;
	case MD_TEXT_ENTITY:
		entity_html(r->out, s, len);
		break;
	case MD_TEXT_NORMAL:
	case MD_TEXT_CODE:
	case MD_TEXT_HTML:	/* never with MD_FLAG_NOHTML; text if so */
	case MD_TEXT_LATEXMATH:
		escape(r->out, s, len);
		break;
	}
	return html_room(r);
}

static const MD_PARSER html_parser = {
	.flags = MARKDOWN_FLAGS,
	.enter_block = html_enter_block,
	.leave_block = html_leave_block,
	.enter_span = html_enter_span,
	.leave_span = html_leave_span,
	.text = html_text,
};

/*
 * Whether md4c can take the input: valid UTF-8 whose length, plus the
 * newline parse_text may add, fits MD_SIZE.
 */
static int
input_ok(const char *md, size_t len)
{
	return len < UINT_MAX && utf8_valid(md, len);
}

/*
 * md_parse on text that always ends in a newline. md4c 0.4.8 (Debian 12's)
 * reads past the end of its input when the text ends inside a link's
 * destination ("[a](b"), and may crash on what it finds there; a newline
 * at the end keeps it within the text and changes nothing in CommonMark.
 * So a text without one is parsed from a copy that has it. Returns what
 * md_parse returns, or -1 when memory runs out.
 */
static int
parse_text(const char *md, size_t len, const MD_PARSER *parser,
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

/* Drops whatever was appended to out after its first len bytes. */
static void
buf_cut(struct buf *out, size_t len)
{
	out->len = len;
	if (out->data != NULL)
		out->data[len] = '\0';
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

/*
 * Sets *fits to the bytes of md whose brackets md4c parses within
 * MARKDOWN_WORK_MAX: all of them, or those before the run where the sum
 * over the runs goes past it (then fit says which run). Linear in len.
 * Returns 0, or -1 if memory runs out.
 */
static int
brackets_fit(const char *md, size_t len, size_t *fits,
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

/*
 * Renders the first len bytes of md into out within the bounds; fit says
 * which one stopped it, if any, and out then holds the top-level blocks
 * before the one it stopped in. Returns 0, or -1 if the parser failed.
 */
static int
html_bounded(const char *md, size_t len, struct buf *out,
    struct markdown_fit *fit)
{
	struct html r = { .out = out, .fit = fit };
	int rc;

	r.start = r.block_start = out->len;
	rc = parse_text(md, len, &html_parser, &r);
	if (fit->bound != MARKDOWN_FITS) {
		buf_cut(out, r.block_start);
		return 0;
	}
	return rc == 0 ? 0 : -1;
}

/*
 * Renders md into out within the bounds, fit saying which one cut it
 * short: the brackets first (md4c's time goes there before any callback
 * runs), then the HTML of what they leave. Returns 0, or -1.
 */
static int
html_within_bounds(const char *md, size_t len, struct buf *out,
    struct markdown_fit *fit)
{
	struct markdown_fit html_fit = { .bound = MARKDOWN_FITS };
	size_t fits;

	memset(fit, 0, sizeof(*fit));
	if (brackets_fit(md, len, &fits, fit) != 0 ||
	    html_bounded(md, fits, out, &html_fit) != 0)
		return -1;
	/* What stopped first in the text is what the author meets first. */
	if (html_fit.bound != MARKDOWN_FITS)
		*fit = html_fit;
	return 0;
}

int
markdown_to_html(const char *md, size_t len, struct buf *out)
{
	struct markdown_fit fit;
	size_t start;

	if (md == NULL && len == 0)
		md = "";
	if (md == NULL || out == NULL || !input_ok(md, len))
		return -1;
	start = out->len;
	if (html_within_bounds(md, len, out, &fit) != 0) {
		buf_cut(out, start);
		return -1;
	}
	buf_puts(out, cut_notice[fit.bound]);
	return 0;
}

int
markdown_check(const char *md, size_t len, struct markdown_fit *fit)
{
	struct buf html = { NULL, 0, 0 };
	int rc;

	if (md == NULL && len == 0)
		md = "";
	if (md == NULL || fit == NULL || !input_ok(md, len))
		return -1;
	/* The HTML is made to be measured: at most MARKDOWN_HTML_MAX. */
	rc = html_within_bounds(md, len, &html, fit);
	buf_free(&html);
	if (rc != 0)
		return -1;
	return fit->bound == MARKDOWN_FITS ? 0 : 1;
}

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
	if (type == MD_BLOCK_TABLE && !table_fits(detail, &fit))
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

static int
excerpt_enter_span(MD_SPANTYPE type, void *detail, void *data)
{
	struct excerpt *e = data;

	(void)detail;
	if (type == MD_SPAN_IMG)
		e->skip++;
	return e->done;
}

static int
excerpt_leave_span(MD_SPANTYPE type, void *detail, void *data)
{
	struct excerpt *e = data;

	(void)detail;
	if (type == MD_SPAN_IMG)
		e->skip--;
	return e->done;
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
	switch (type) {
	case MD_TEXT_NULLCHAR:
		return excerpt_add(e, REPLACEMENT, strlen(REPLACEMENT));
	case MD_TEXT_BR:
	case MD_TEXT_SOFTBR:
		return excerpt_add(e, " ", 1);
	case MD_TEXT_ENTITY:
		if ((n = entity_decode(s, len, c)) > 0)
			return excerpt_add(e, c, n);
		return excerpt_add(e, s, len);
	case MD_TEXT_NORMAL:
	case MD_TEXT_CODE:
	case MD_TEXT_HTML:
	case MD_TEXT_LATEXMATH:
		break;
	}
	return excerpt_add(e, s, len);
}

static const MD_PARSER excerpt_parser = {
	.flags = MARKDOWN_FLAGS,
	.enter_block = excerpt_enter_block,
	.leave_block = excerpt_leave_block,
	.enter_span = excerpt_enter_span,
	.leave_span = excerpt_leave_span,
	.text = excerpt_text,
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

	if (md == NULL && len == 0)
		md = "";
	if (md == NULL || out == NULL || !input_ok(md, len))
		return -1;
	if (brackets_fit(md, len, &fits, &fit) != 0)
		return -1;
	rc = parse_text(md, fits, &excerpt_parser, &e);
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

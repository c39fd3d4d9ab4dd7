/*
 * markdown_html: a post's body as HTML, our own renderer over md4c's
 * parser callbacks. md4c-html would be shorter, but it has no hook to
 * refuse a link target; here every byte of output is markup we chose, text
 * through entity_escape(), or a link target that passed url_allowed() and went
 * out through url_put() (url.c).
 *
 * It keeps to markdown.h's bounds: the text it parses is what
 * markdown_brackets_fit leaves, and the callbacks stop the parse (a
 * callback that returns non-zero ends md_parse) at a table too large, or
 * once the HTML would be too large.
 */
#include "markdown.h"

#include <stdint.h>
#include <string.h>

#include "../lib/buf.h"
#include "entity.h"
#include "markdown_parse.h"
#include "media_img.h"
#include "url.h"

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
	unsigned images_shown;	/* <img> tags so far */
	unsigned links;		/* links open */
	uint64_t link_shown;	/* bit i: link at depth i got an <a> */
};

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
 * The markup of each block that has no details to show: what enter_block
 * and leave_block write. NULL where block_open() or block_close() writes
 * it from the details.
 */
static const struct block_markup {
	const char *open;
	const char *close;
} block_markup[] = {
	[MD_BLOCK_DOC] = { "", "" },
	[MD_BLOCK_QUOTE] = { "<blockquote>\n", "</blockquote>\n" },
	[MD_BLOCK_UL] = { "<ul>\n", "</ul>\n" },
	[MD_BLOCK_OL] = { NULL, "</ol>\n" },
	[MD_BLOCK_LI] = { NULL, "</li>\n" },
	[MD_BLOCK_HR] = { "<hr>\n", "" },
	[MD_BLOCK_H] = { NULL, NULL },
	[MD_BLOCK_CODE] = { NULL, "</code></pre>\n" },
	[MD_BLOCK_HTML] = { "", "" },	/* never with MD_FLAG_NOHTML */
	[MD_BLOCK_P] = { "<p>", "</p>\n" },
	[MD_BLOCK_TABLE] = { "<table>\n", "</table>\n" },
	[MD_BLOCK_THEAD] = { "<thead>\n", "</thead>\n" },
	[MD_BLOCK_TBODY] = { "<tbody>\n", "</tbody>\n" },
	[MD_BLOCK_TR] = { "<tr>\n", "</tr>\n" },
	[MD_BLOCK_TH] = { NULL, "</th>\n" },
	[MD_BLOCK_TD] = { NULL, "</td>\n" },
};

/*
 * The element of each span that is only an element; NULL for links and
 * images (span_open()) and the extensions we do not enable.
 */
static const char *const span_element[] = {
	[MD_SPAN_EM] = "em",
	[MD_SPAN_STRONG] = "strong",
	[MD_SPAN_CODE] = "code",
	[MD_SPAN_DEL] = "del",
	[MD_SPAN_U] = "u",
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))


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
		entity_escape(out, c, n);
	else if (entity_is_name(ref, len))
		buf_append(out, ref, len);
	else
		entity_escape(out, ref, len);
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
			buf_puts(out, MARKDOWN_REPLACEMENT);
		else
			entity_escape(out, s, n);
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
			buf_puts(raw, MARKDOWN_REPLACEMENT);
		else if (a->substr_types[i] == MD_TEXT_ENTITY &&
		    (len = entity_decode(s, n, c)) > 0)
			buf_append(raw, c, len);
		else
			buf_append(raw, s, n);
	}
}


/*
 * Appends `<TAG ATTR="URL"` if the URL is allowed; returns whether it was.
 * The caller closes the tag. The URL, decoded, is left in raw (which the
 * caller frees).
 */
static int
tag_with_url(struct buf *out, const char *tag, const char *attr,
    const MD_ATTRIBUTE *url, struct buf *raw)
{
	int allowed;

	attribute_decode(raw, url);
	allowed = url_allowed(raw->data != NULL ? raw->data : "", raw->len);
	if (allowed) {
		buf_printf(out, "<%s %s=\"", tag, attr);
		url_put(out, raw->data != NULL ? raw->data : "", raw->len);
		buf_puts(out, "\"");
	}
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
 * Appends a block's opening markup: block_markup's, or for a block with
 * details to show, written from them.
 */
static void
block_open(struct buf *out, MD_BLOCKTYPE type, void *detail)
{
	const MD_BLOCK_OL_DETAIL *ol = detail;
	const MD_BLOCK_LI_DETAIL *li = detail;
	const MD_BLOCK_CODE_DETAIL *code = detail;

	if ((size_t)type >= NELEM(block_markup))
		return;
	if (block_markup[type].open != NULL)
		buf_puts(out, block_markup[type].open);
	else if (type == MD_BLOCK_OL && ol->start == 1)
		buf_puts(out, "<ol>\n");
	else if (type == MD_BLOCK_OL)
		buf_printf(out, "<ol start=\"%u\">\n", ol->start);
	else if (type == MD_BLOCK_LI && !li->is_task)
		buf_puts(out, "<li>");
	else if (type == MD_BLOCK_LI && li->task_mark == ' ')
		buf_puts(out, "<li class=\"task\"><input type=\"checkbox\" "
		    "disabled aria-label=\"to do\"> ");
	else if (type == MD_BLOCK_LI)
		buf_puts(out, "<li class=\"task\"><input type=\"checkbox\" "
		    "checked disabled aria-label=\"done\"> ");
	else if (type == MD_BLOCK_H)
		buf_printf(out, "<h%u>", heading_level(detail));
	else if (type == MD_BLOCK_CODE) {
		buf_puts(out, "<pre><code");
		if (lang_plain(&code->lang)) {
			buf_puts(out, " class=\"language-");
			buf_append(out, code->lang.text, code->lang.size);
			buf_puts(out, "\"");
		}
		buf_puts(out, ">");
	} else if (type == MD_BLOCK_TH || type == MD_BLOCK_TD)
		cell_open(out, type == MD_BLOCK_TH ? "th" : "td", detail);
}

static int
html_enter_block(MD_BLOCKTYPE type, void *detail, void *data)
{
	struct html *r = data;

	if (HTML_STOPPED(r))
		return HTML_STOP;
	/* A stop cuts the HTML back to the top-level block it is in. */
	if (r->depth++ == 1)
		r->block_start = r->out->len;
	if (type == MD_BLOCK_TABLE && !markdown_table_fits(detail, r->fit))
		return HTML_STOP;
	block_open(r->out, type, detail);
	return html_room(r);
}

static void
link_enter(struct html *r, const MD_SPAN_A_DETAIL *a)
{
	uint64_t bit;

	if (r->links < LINK_DEPTH) {
		bit = (uint64_t)1 << r->links;
		r->link_shown &= ~bit;
		struct buf raw = { NULL, 0, 0 };

		if (tag_with_url(r->out, "a", "href", &a->href, &raw)) {
			title_attribute(r->out, &a->title);
			buf_puts(r->out, ">");
			r->link_shown |= bit;
		}
		buf_free(&raw);
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

/* Appends a block's closing markup: block_markup's, or a heading's. */
static void
block_close(struct buf *out, MD_BLOCKTYPE type, void *detail)
{
	if ((size_t)type >= NELEM(block_markup))
		return;
	if (block_markup[type].close != NULL)
		buf_puts(out, block_markup[type].close);
	else
		buf_printf(out, "</h%u>\n", heading_level(detail));
}

static int
html_leave_block(MD_BLOCKTYPE type, void *detail, void *data)
{
	struct html *r = data;

	if (HTML_STOPPED(r))
		return HTML_STOP;
	r->depth--;
	spans_close(r);
	block_close(r->out, type, detail);
	return html_room(r);
}

/*
 * Opens the <img> of an image outside any image, up to its alt text. An
 * uploaded image gets its size and srcset from its URL (media_img.h). The
 * first image of a post loads at once, since it is likely in view; the
 * others when they come near.
 */
static void
image_open(struct html *r, const MD_SPAN_IMG_DETAIL *img)
{
	struct buf raw = { NULL, 0, 0 };
	struct media_img media;

	r->image = 1;
	r->image_shown = tag_with_url(r->out, "img", "src", &img->src, &raw);
	if (r->image_shown) {
		if (media_img_of(raw.data != NULL ? raw.data : "", raw.len,
		    &media) == 0)
			buf_printf(r->out, " width=\"%u\" height=\"%u\" "
			    "srcset=\"%s\" sizes=\"" MEDIA_IMG_SIZES "\"",
			    media.width, media.height, media.srcset);
		if (r->images_shown++ > 0)
			buf_puts(r->out, " loading=\"lazy\"");
		buf_puts(r->out, " decoding=\"async\" alt=\"");
	}
	buf_free(&raw);
}

/*
 * Opens a span outside any image. An image's alt text follows, up to
 * image_close(); a refused image leaves its alt text, as text.
 */
static void
span_open(struct html *r, MD_SPANTYPE type, void *detail)
{
	const MD_SPAN_IMG_DETAIL *img = detail;

	if (type == MD_SPAN_A)
		link_enter(r, detail);
	else if (type == MD_SPAN_IMG)
		image_open(r, img);
	else if ((size_t)type < NELEM(span_element) &&
	    span_element[type] != NULL)
		buf_printf(r->out, "<%s>", span_element[type]);
}

static int
html_enter_span(MD_SPANTYPE type, void *detail, void *data)
{
	struct html *r = data;

	if (HTML_STOPPED(r))
		return HTML_STOP;
	/* Inside an image everything is alt text, only nested images count. */
	if (r->image > 0)
		r->image += type == MD_SPAN_IMG;
	else
		span_open(r, type, detail);
	return html_room(r);
}

/* Closes a span outside any image (images close in image_close()). */
static void
span_close(struct html *r, MD_SPANTYPE type)
{
	if (type == MD_SPAN_A)
		link_leave(r);
	else if ((size_t)type < NELEM(span_element) &&
	    span_element[type] != NULL)
		buf_printf(r->out, "</%s>", span_element[type]);
}

/* Ends the outermost image's alt text, and its tag with its title. */
static void
image_close(struct html *r, const MD_SPAN_IMG_DETAIL *img)
{
	if (!r->image_shown)
		return;
	buf_puts(r->out, "\"");
	title_attribute(r->out, &img->title);
	buf_puts(r->out, ">");
}

static int
html_leave_span(MD_SPANTYPE type, void *detail, void *data)
{
	struct html *r = data;

	if (HTML_STOPPED(r))
		return HTML_STOP;
	if (r->image == 0)
		span_close(r, type);
	else if (type == MD_SPAN_IMG && --r->image == 0)
		image_close(r, detail);
	return html_room(r);
}

/* Appends text of the body: escaped, references decoded where we can. */
static void
text_put(struct html *r, MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE len)
{
	switch (type) {
	case MD_TEXT_NULLCHAR:
		buf_puts(r->out, MARKDOWN_REPLACEMENT);
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
		entity_escape(r->out, s, len);
		break;
	}
}

static int
html_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE len, void *data)
{
	struct html *r = data;

	if (HTML_STOPPED(r))
		return HTML_STOP;
	text_put(r, type, s, len);
	return html_room(r);
}

static const MD_PARSER html_parser = {
	.flags = MARKDOWN_FLAGS, .text = html_text,
	.enter_block = html_enter_block, .leave_block = html_leave_block,
	.enter_span = html_enter_span, .leave_span = html_leave_span,
};

/* Drops whatever was appended to out after its first len bytes. */
static void
buf_cut(struct buf *out, size_t len)
{
	out->len = len;
	if (out->data != NULL)
		out->data[len] = '\0';
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
	rc = markdown_parse(md, len, &html_parser, &r);
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
	if (markdown_brackets_fit(md, len, &fits, fit) != 0 ||
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

	if ((md = markdown_input(md, len)) == NULL || out == NULL)
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

	if ((md = markdown_input(md, len)) == NULL || fit == NULL)
		return -1;
	/* The HTML is made to be measured: at most MARKDOWN_HTML_MAX. */
	rc = html_within_bounds(md, len, &html, fit);
	buf_free(&html);
	if (rc != 0)
		return -1;
	return fit->bound == MARKDOWN_FITS ? 0 : 1;
}


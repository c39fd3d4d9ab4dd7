/*
 * markdown: a post's body (CommonMark with GitHub's tables, strikethrough,
 * task lists and autolinks) as safe HTML for BODY_HTML, and as a plain-text
 * excerpt for the index. Built on md4c's parser with our own renderer, so
 * that every link and image target passes one check.
 */
#ifndef VIEW_MARKDOWN_H
#define VIEW_MARKDOWN_H

#include <stddef.h>

struct buf;

/*
 * Appends body rendered as safe HTML: raw HTML is shown as text; links and
 * images only to http, https, mailto and relative targets (any other link
 * keeps its text without the link, any other image shows its alt text);
 * headings move one level down (# is <h2>) since the page's <h1> is the
 * post's title. Returns 0, or -1 (out unchanged) if md is not valid UTF-8
 * or the parser fails.
 */
int markdown_to_html(const char *md, size_t len, struct buf *out);

/*
 * Appends a plain-text excerpt of at most max_chars characters (code
 * points), cut at a word boundary with "…" when cut; Markdown syntax
 * removed, whitespace collapsed, headings, code blocks, tables and images
 * left out. Returns 0, or -1 (out unchanged) as above.
 */
int markdown_excerpt(const char *md, size_t len, size_t max_chars,
    struct buf *out);

#endif

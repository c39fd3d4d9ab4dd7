/*
 * post_input: the checks. ICU says what is white space and what is a
 * control character, as it does for tag names (src/lib/taglist.c); the
 * Markdown renderer says whether a body fits its bounds (markdown.h).
 */
#include "post_input.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "../lib/arena.h"
#include "../lib/utf8.h"
#include "../view/markdown.h"

/* Returns the value of field name in form, or "" when it is absent. */
static const char *
form_text(const struct http_params *form, const char *name, size_t *len)
{
	const char *v = http_params_get(form, name, len);

	if (v == NULL) {
		*len = 0;
		return "";
	}
	return v;
}

/*
 * Narrows the len bytes of valid UTF-8 at *s to drop white space at both
 * ends.
 */
static void
trim_space(const char **s, size_t *len)
{
	const uint8_t *u = (const uint8_t *)*s;
	int32_t start = 0, end = (int32_t)*len, at;
	UChar32 c;

	while (start < end) {
		at = start;
		U8_NEXT(u, at, end, c);
		if (!u_isUWhiteSpace(c))
			break;
		start = at;
	}
	while (end > start) {
		at = end;
		U8_PREV(u, start, at, c);
		if (!u_isUWhiteSpace(c))
			break;
		end = at;
	}
	*s += start;
	*len = (size_t)(end - start);
}

/* Returns whether the len bytes of valid UTF-8 at s hold a control character. */
static int
has_control(const char *s, size_t len)
{
	const uint8_t *u = (const uint8_t *)s;
	int32_t i = 0, n = (int32_t)len;
	UChar32 c;

	while (i < n) {
		U8_NEXT(u, i, n, c);
		if (u_charType(c) == U_CONTROL_CHAR)
			return 1;
	}
	return 0;
}

/* Checks the title; returns NULL or why it is wrong. */
static const char *
check_title(struct post_input *in, size_t len, struct arena *a)
{
	const char *title = in->title_value;
	size_t chars;

	trim_space(&title, &len);
	if (len == 0)
		return "A title is needed.";
	if (has_control(title, len))
		return "The title must be one line of text, without control "
		    "characters.";
	chars = utf8_length(title, len);
	if (chars > POST_TITLE_MAX)
		return arena_printf(a, "The title can have at most %d "
		    "characters; this one has %zu.", POST_TITLE_MAX, chars);
	in->draft.title = arena_strndup(a, title, len);
	return NULL;
}

/* Returns n with a comma between each group of three digits: "16,384". */
static const char *
grouped(struct arena *a, unsigned long long n)
{
	char digits[32], *out;
	size_t len, i, o = 0;

	len = (size_t)snprintf(digits, sizeof(digits), "%llu", n);
	out = arena_alloc(a, len + len / 3 + 1);
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return out;
}

/*
 * Returns why a body the renderer would cut short (fit) cannot be saved,
 * in the author's terms: what makes it too large, and what to change.
 */
static const char *
bound_error(const struct markdown_fit *fit, struct arena *a)
{
	switch (fit->bound) {
	case MARKDOWN_HTML_BIG:
		return arena_printf(a, "This text would make a page of more "
		    "than %s KB, the most a post may make; make it shorter, "
		    "or split it into several posts.",
		    grouped(a, MARKDOWN_HTML_MAX / 1024));
	case MARKDOWN_TABLE_BIG:
		return arena_printf(a, "This text has a table of %s columns "
		    "and %s rows: %s cells, since every row gets a cell for "
		    "each column of the first. A table may have at most %s "
		    "cells; make the table smaller.",
		    grouped(a, fit->columns), grouped(a, fit->rows),
		    grouped(a, (unsigned long long)fit->columns * fit->rows),
		    grouped(a, MARKDOWN_CELLS_MAX));
	case MARKDOWN_BRACKETS:
		return arena_printf(a, "This text has too many square brackets "
		    "([ and ]) in long paragraphs to make a page of it in good "
		    "time: the paragraph at line %s has %s of them over %s "
		    "lines. Put blank lines between paragraphs, or use fewer "
		    "brackets.", grouped(a, fit->line),
		    grouped(a, fit->brackets), grouped(a, fit->lines));
	case MARKDOWN_FITS:
		break;
	}
	return NULL;
}

/* Checks the body; returns NULL or why it is wrong. */
static const char *
check_body(struct post_input *in, size_t len, struct arena *a)
{
	const char *body = in->body_value;
	size_t text_len = len;
	struct markdown_fit fit;

	if (len > POST_BODY_MAX)
		return arena_printf(a, "The body can have at most 65,535 "
		    "bytes; this one has %zu.", len);
	trim_space(&body, &text_len);
	if (text_len == 0)
		return "A body is needed.";
	switch (markdown_check(in->body_value, len, &fit)) {
	case 0:
		break;
	case 1:
		return bound_error(&fit, a);
	default:
		return "The body could not be read as Markdown.";
	}
	in->draft.body = in->body_value;
	in->draft.body_len = len;
	return NULL;
}

int
post_input_read(struct post_input *in, const struct http_params *form,
    struct arena *a)
{
	size_t title_len, body_len, tags_len;
	char err[256];

	memset(in, 0, sizeof(*in));
	in->title_value = form_text(form, "title", &title_len);
	in->body_value = form_text(form, "body", &body_len);
	in->tags_value = form_text(form, "tags", &tags_len);

	/* The decoder lets only UTF-8 through; a caller may not have. */
	if (!utf8_valid(in->title_value, title_len))
		in->title_error = "The title is not valid UTF-8 text.";
	else
		in->title_error = check_title(in, title_len, a);
	if (!utf8_valid(in->body_value, body_len))
		in->body_error = "The body is not valid UTF-8 text.";
	else
		in->body_error = check_body(in, body_len, a);
	if (taglist_parse(&in->tags, in->tags_value, tags_len, a, err,
	    sizeof(err)) != 0)
		in->tags_error = arena_printf(a, "%s.", err);
	in->draft.tags = in->tags.names;
	in->draft.ntags = in->tags.count;
	return in->title_error || in->body_error || in->tags_error ? -1 : 0;
}

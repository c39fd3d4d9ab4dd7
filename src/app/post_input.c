/*
 * post_input: the checks. ICU says what is white space and what is a
 * control character, as it does for tag names (src/lib/taglist.c); the
 * Markdown renderer says whether a body fits its bounds (markdown.h).
 */
#include "post_input.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "../lib/arena.h"
#include "../lib/utf8.h"
#include "../lib/zone.h"
#include "../view/markdown.h"
#include "routes.h"

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

const char *
post_title_check(struct field_value *v, struct arena *a)
{
	const char *title = v->text;
	size_t len = v->len, chars;

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
	v->parsed = arena_strndup(a, title, len);
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

const char *
post_body_check(struct field_value *v, struct arena *a)
{
	const char *body = v->text;
	size_t len = v->len, text_len = len;
	struct markdown_fit fit;
	struct media_refs *refs;

	if (len > POST_BODY_MAX)
		return arena_printf(a, "The body can have at most 65,535 "
		    "bytes; this one has %zu.", len);
	trim_space(&body, &text_len);
	if (text_len == 0)
		return "A body is needed.";
	switch (markdown_check(v->text, len, &fit)) {
	case 0:
		break;
	case 1:
		return bound_error(&fit, a);
	default:
		return "The body could not be read as Markdown.";
	}
	refs = arena_calloc(a, 1, sizeof(*refs));
	if (media_refs_scan(v->text, len, refs) != 0)
		return "A post can show at most 100 uploaded images; this one "
		    "shows more.";
	v->parsed = refs;
	return NULL;
}

const char *
post_tags_check(struct field_value *v, struct arena *a)
{
	struct taglist *tags = arena_calloc(a, 1, sizeof(*tags));
	char err[256];

	if (taglist_parse(tags, v->text, v->len, a, err, sizeof(err)) != 0)
		return arena_printf(a, "%s.", err);
	v->parsed = tags;
	return NULL;
}

const char *
post_status_check(struct field_value *v, struct arena *a)
{
	(void)a;
	if (!v->present || strcmp(v->text, "published") == 0)
		v->parsed = v;		/* published: anything not NULL */
	else if (strcmp(v->text, "draft") != 0)
		return "The status must be draft or published.";
	return NULL;
}

const char *
post_publish_at_check(struct field_value *v, struct arena *a)
{
	struct date *local;

	if (v->len == 0)
		return NULL;
	local = arena_calloc(a, 1, sizeof(*local));
	if (zone_parse_input(v->text, local) != 0)
		return "The publish time must be a date and time, as "
		    "2026-12-03T09:00, or empty for now.";
	v->parsed = local;
	return NULL;
}

const char *
post_revision_check(struct field_value *v, struct arena *a)
{
	long long *revision;
	char *end;

	if (v->len == 0)
		return NULL;
	revision = arena_calloc(a, 1, sizeof(*revision));
	*revision = strtoll(v->text, &end, 10);
	if (v->text[0] < '1' || v->text[0] > '9' || *end != '\0' ||
	    v->len > 9)
		return "The form's revision is not one the blog made: open the "
		    "post's edit form again.";
	v->parsed = revision;
	return NULL;
}

const char *
post_featured_image_check(struct field_value *v, struct arena *a)
{
	static const char prefix[] = "/media/";
	struct medianame m;
	char name[MEDIANAME_MAX];

	if (v->len == 0)
		return NULL;
	if (v->len <= sizeof(prefix) - 1 ||
	    strncmp(v->text, prefix, sizeof(prefix) - 1) != 0 ||
	    medianame_parse(v->text + sizeof(prefix) - 1,
	    v->len - (sizeof(prefix) - 1), &m) != 0)
		return "The featured image must be the address of an uploaded "
		    "image, as /media/… (copy it from Images), or empty.";
	m.copy = 0;	/* a copy's address names the original */
	medianame_format(&m, name);
	v->parsed = arena_printf(a, "%s%s", prefix, name);
	return NULL;
}

/* Reads the publish time of v (a local time of zone) into the draft. */
static const char *
publish_at_read(struct post_input *in, const struct field_value *v,
    const struct zone *zone)
{
	if (v->error != NULL || v->parsed == NULL)
		return v->error;
	if (zone_from_local(zone, v->parsed, &in->draft.publish_at) != 0)
		return "That time does not exist in the blog's time zone (the "
		    "clocks skip it): choose another.";
	return NULL;
}

/* Reads the featured image and the images the post shows into in. */
static void
images_read(struct post_input *in, const struct field_value *v)
{
	const struct field_value *featured = &v[FIELD_FEATURED_IMAGE];
	const struct media_refs *body = v[FIELD_BODY].parsed;

	in->featured_image_value = featured->text;
	in->featured_image_error = featured->error;
	in->draft.featured_image = featured->parsed != NULL ?
	    featured->parsed : "";
	in->draft.images = &in->images;
	if (body != NULL)
		in->images = *body;
	/* The featured image counts too. */
	if (featured->parsed != NULL && media_refs_scan(featured->parsed,
	    strlen(featured->parsed), &in->images) != 0)
		in->featured_image_error = "A post can show at most 100 "
		    "uploaded images; this one shows more.";
}

int
post_input_read(struct post_input *in, const struct field_value *v,
    const struct zone *zone)
{
	const struct field_value *title = &v[FIELD_TITLE], *body =
	    &v[FIELD_BODY], *tags = &v[FIELD_TAGS];
	const struct taglist *list = tags->parsed;
	const long long *revision = v[FIELD_REVISION].parsed;

	memset(in, 0, sizeof(*in));
	in->title_value = title->text;
	in->body_value = body->text;
	in->tags_value = tags->text;
	in->publish_at_value = v[FIELD_PUBLISH_AT].text;
	in->title_error = title->error;
	in->body_error = body->error;
	in->tags_error = tags->error;
	in->status_error = v[FIELD_STATUS].error;
	in->revision_error = v[FIELD_REVISION].error;
	in->publish_at_error = publish_at_read(in, &v[FIELD_PUBLISH_AT], zone);
	in->draft.title = title->parsed;
	in->draft.body = body->text;
	in->draft.body_len = body->len;
	if (list != NULL) {
		in->draft.tags = list->names;
		in->draft.ntags = list->count;
	}
	in->publish = in->draft.publish = v[FIELD_STATUS].parsed != NULL;
	if (revision != NULL)
		in->draft.revision = *revision;
	images_read(in, v);
	return in->title_error || in->body_error || in->tags_error ||
	    in->status_error || in->publish_at_error || in->revision_error ||
	    in->featured_image_error ? -1 : 0;
}

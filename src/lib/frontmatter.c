/*
 * frontmatter: reading and writing a post's file (frontmatter.h). It owns
 * the split of a file into its front matter and body, the walk over
 * libyaml's parser events (which refuses anchors, aliases, depth and
 * shapes that are not a post's), the dates of Hugo and Jekyll, and the
 * emitter's events for export. The only file that calls libyaml.
 */
#include "frontmatter.h"

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "arena.h"
#include "buf.h"
#include "utf8.h"
#include "zone.h"

/* The file's line of the front matter's first line (0-based mark 0). */
#define FIRST_LINE 2

/* The state of one parse. */
struct reader {
	yaml_parser_t parser;
	struct arena *a;
	struct frontmatter *out;
	struct frontmatter_error *err;
	int tags_given, categories_given;
};

/* Fills err with line and the formatted sentence; returns -1. */
static int
fail(struct frontmatter_error *err, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct frontmatter_error *err, size_t line, const char *fmt, ...)
{
	va_list ap;

	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->why, sizeof(err->why), fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * Returns 0 if every line of the len bytes at text is UTF-8 without NUL,
 * else -1 naming the first line that is not.
 */
static int
check_utf8(const char *text, size_t len, struct frontmatter_error *err)
{
	size_t line = 1, at = 0;

	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl != NULL ? (size_t)(nl - (text + at)) : len - at;

		if (!utf8_valid(text + at, n))
			return fail(err, line, "invalid UTF-8 (or a NUL byte) "
			    "on this line; a post is UTF-8 text");
		at += n + 1;
		line++;
	}
	return 0;
}

/*
 * Returns whether the n bytes at s are the line marker ("---"), with
 * trailing blanks and a CR allowed.
 */
static int
is_marker(const char *s, size_t n)
{
	while (n > 3 && (s[n - 1] == '\r' || s[n - 1] == ' ' ||
	    s[n - 1] == '\t'))
		n--;
	return n == 3 && memcmp(s, "---", 3) == 0;
}

/*
 * Finds the front matter of text: its bytes in *fm (*fm_len) and the body
 * after it. Returns 0, or -1 with err filled.
 */
static int
split(const char *text, size_t len, const char **fm, size_t *fm_len,
    struct frontmatter *out, struct frontmatter_error *err)
{
	const char *nl;
	size_t at, line = 2, n;

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;	/* a byte order mark, as some editors write */
		len -= 3;
	}
	if (len >= 3 && memcmp(text, "+++", 3) == 0)
		return fail(err, 1, "TOML front matter (+++) is not supported: "
		    "write it as YAML between --- lines");
	nl = memchr(text, '\n', len);
	if (nl == NULL || !is_marker(text, (size_t)(nl - text)))
		return fail(err, 1, "no front matter: the file must start "
		    "with a --- line, then YAML, then a --- line");
	at = (size_t)(nl - text) + 1;
	*fm = text + at;
	while (at < len) {
		nl = memchr(text + at, '\n', len - at);
		n = nl != NULL ? (size_t)(nl - (text + at)) : len - at;
		if (is_marker(text + at, n)) {
			*fm_len = (size_t)(text + at - *fm);
			if (*fm_len > FRONTMATTER_MAX)
				break;
			at += n + (nl != NULL);
			out->body = text + at;
			out->body_len = len - at;
			out->body_line = line + 1;
			return 0;
		}
		if ((size_t)(text + at - *fm) > FRONTMATTER_MAX)
			break;
		at += n + 1;
		line++;
	}
	if ((size_t)(text + at - *fm) > FRONTMATTER_MAX)
		return fail(err, 1, "the front matter is longer than %d KiB",
		    FRONTMATTER_MAX / 1024);
	return fail(err, 1, "the front matter is not closed: no --- line "
	    "after the one on line 1");
}

/*
 * Returns 0 if the len bytes of front matter at fm hold no line break
 * YAML counts but a line of the file does not (a CR without LF, U+0085,
 * U+2028, U+2029), so that libyaml's line numbers are the file's; else -1
 * naming its line.
 */
static int
check_breaks(const char *fm, size_t len, struct frontmatter_error *err)
{
	size_t line = FIRST_LINE;

	for (size_t i = 0; i < len; i++) {
		const unsigned char *c = (const unsigned char *)fm + i;

		if (c[0] == '\n')
			line++;
		else if ((c[0] == '\r' && (i + 1 == len || c[1] != '\n')) ||
		    (c[0] == 0xC2 && i + 1 < len && c[1] == 0x85) ||
		    (c[0] == 0xE2 && i + 2 < len && c[1] == 0x80 &&
		    (c[2] == 0xA8 || c[2] == 0xA9)))
			return fail(err, line, "a line break YAML counts on "
			    "this line (a CR without LF, or U+0085, U+2028, "
			    "U+2029): end lines with LF or CRLF");
	}
	return 0;
}

/* Returns the file's line of a libyaml mark. */
static size_t
mark_line(yaml_mark_t m)
{
	return m.line + FIRST_LINE;
}

/*
 * Reads the next event into *ev, refusing anchors and aliases. Returns 0,
 * or -1 with the error (ev then needs no delete).
 */
static int
next(struct reader *r, yaml_event_t *ev)
{
	const yaml_parser_t *p = &r->parser;
	const unsigned char *anchor = NULL;

	if (!yaml_parser_parse(&r->parser, ev)) {
		if (p->error == YAML_MEMORY_ERROR)
			return fail(r->err, 0, "out of memory reading YAML");
		return fail(r->err, mark_line(p->problem_mark), "the front "
		    "matter is not valid YAML: %s%s%s",
		    p->context != NULL ? p->context : "",
		    p->context != NULL ? ": " : "",
		    p->problem != NULL ? p->problem : "unknown error");
	}
	if (ev->type == YAML_ALIAS_EVENT)
		anchor = ev->data.alias.anchor;
	else if (ev->type == YAML_SCALAR_EVENT)
		anchor = ev->data.scalar.anchor;
	else if (ev->type == YAML_SEQUENCE_START_EVENT)
		anchor = ev->data.sequence_start.anchor;
	else if (ev->type == YAML_MAPPING_START_EVENT)
		anchor = ev->data.mapping_start.anchor;
	if (anchor != NULL) {
		size_t line = mark_line(ev->start_mark);

		yaml_event_delete(ev);
		return fail(r->err, line, "aliases are not allowed (nor "
		    "anchors, & and *): write each value out");
	}
	return 0;
}

/* Returns a scalar's value, or NULL when it is YAML's null. */
static const char *
scalar_value(struct arena *a, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;

	if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && (len == 0 ||
	    strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0))
		return NULL;
	return arena_strndup(a, s, len);
}

/*
 * Skips the value that starts with ev (a scalar, or a collection whose
 * start is at depth 2), within FRONTMATTER_DEPTH_MAX. Deletes ev.
 */
static int
skip_value(struct reader *r, yaml_event_t *ev)
{
	int depth = 1;

	if (ev->type == YAML_SCALAR_EVENT) {
		yaml_event_delete(ev);
		return 0;
	}
	yaml_event_delete(ev);
	while (depth > 0) {
		if (next(r, ev) != 0)
			return -1;
		if (ev->type == YAML_SEQUENCE_START_EVENT ||
		    ev->type == YAML_MAPPING_START_EVENT) {
			if (++depth + 1 > FRONTMATTER_DEPTH_MAX) {
				size_t line = mark_line(ev->start_mark);

				yaml_event_delete(ev);
				return fail(r->err, line, "the front matter "
				    "nests deeper than %d levels",
				    FRONTMATTER_DEPTH_MAX);
			}
		} else if (ev->type == YAML_SEQUENCE_END_EVENT ||
		    ev->type == YAML_MAPPING_END_EVENT)
			depth--;
		yaml_event_delete(ev);
	}
	return 0;
}

/* Adds the tag name to out, within FRONTMATTER_TAGS_MAX. */
static int
add_tag(struct reader *r, const char *name, size_t line)
{
	struct frontmatter *out = r->out;

	if (name == NULL)
		return 0;
	if (out->ntags == FRONTMATTER_TAGS_MAX)
		return fail(r->err, line, "more than %d tags and categories",
		    FRONTMATTER_TAGS_MAX);
	out->tags[out->ntags++] = name;
	if (out->tags_line == 0)
		out->tags_line = line;
	return 0;
}

/* Reads the tags or categories whose value starts with ev; deletes ev. */
static int
read_tags(struct reader *r, const char *key, yaml_event_t *ev)
{
	size_t line = mark_line(ev->start_mark);
	int rc = 0;

	if (ev->type == YAML_SCALAR_EVENT) {
		rc = add_tag(r, scalar_value(r->a, ev), line);
		yaml_event_delete(ev);
		return rc;
	}
	if (ev->type != YAML_SEQUENCE_START_EVENT) {
		yaml_event_delete(ev);
		return fail(r->err, line, "'%s' must be a list of names", key);
	}
	yaml_event_delete(ev);
	for (;;) {
		if (next(r, ev) != 0)
			return -1;
		line = mark_line(ev->start_mark);
		if (ev->type == YAML_SEQUENCE_END_EVENT)
			break;
		if (ev->type != YAML_SCALAR_EVENT) {
			yaml_event_delete(ev);
			return fail(r->err, line, "'%s' must be a list of "
			    "names, not of lists or mappings", key);
		}
		rc = add_tag(r, scalar_value(r->a, ev), line);
		yaml_event_delete(ev);
		if (rc != 0)
			return rc;
	}
	yaml_event_delete(ev);
	return 0;
}

/* Returns the member of out the known scalar key names, or NULL. */
static struct frontmatter_value *
known_scalar(struct frontmatter *out, const char *key)
{
	static const struct {
		const char *name;
		size_t at;
	} keys[] = {
		{ "title", offsetof(struct frontmatter, title) },
		{ "slug", offsetof(struct frontmatter, slug) },
		{ "date", offsetof(struct frontmatter, date) },
		{ "lastmod", offsetof(struct frontmatter, lastmod) },
		{ "author", offsetof(struct frontmatter, author) },
		{ "featured_image", offsetof(struct frontmatter,
		    featured_image) },
		{ "draft", offsetof(struct frontmatter, draft) },
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcasecmp(key, keys[i].name) == 0)
			return (struct frontmatter_value *)((char *)out +
			    keys[i].at);
	return NULL;
}

/* Reads the value of key (its event next) into r->out. */
static int
read_value(struct reader *r, const char *key, size_t key_line)
{
	struct frontmatter_value *v;
	yaml_event_t ev;
	int *given = NULL;

	if (next(r, &ev) != 0)
		return -1;
	if (strcasecmp(key, "tags") == 0)
		given = &r->tags_given;
	else if (strcasecmp(key, "categories") == 0)
		given = &r->categories_given;
	if (given != NULL) {
		if (*given) {
			yaml_event_delete(&ev);
			return fail(r->err, key_line, "'%s' is given twice",
			    key);
		}
		*given = 1;
		return read_tags(r, key, &ev);
	}
	if ((v = known_scalar(r->out, key)) == NULL)
		return skip_value(r, &ev);
	if (v->line != 0) {
		yaml_event_delete(&ev);
		return fail(r->err, key_line, "'%s' is given twice (first on "
		    "line %zu)", key, v->line);
	}
	if (ev.type != YAML_SCALAR_EVENT) {
		yaml_event_delete(&ev);
		return fail(r->err, key_line, "'%s' must be one value, not a "
		    "list or a mapping", key);
	}
	v->text = scalar_value(r->a, &ev);
	v->line = mark_line(ev.start_mark);
	yaml_event_delete(&ev);
	return 0;
}

/* Reads the pairs of the top mapping, its start just read. */
static int
read_mapping(struct reader *r)
{
	yaml_event_t ev;

	for (;;) {
		const char *key;
		size_t line;

		if (next(r, &ev) != 0)
			return -1;
		if (ev.type == YAML_MAPPING_END_EVENT)
			break;
		line = mark_line(ev.start_mark);
		if (ev.type != YAML_SCALAR_EVENT) {
			yaml_event_delete(&ev);
			return fail(r->err, line, "a key must be a name, not a "
			    "list or a mapping");
		}
		key = arena_strndup(r->a, (const char *)ev.data.scalar.value,
		    ev.data.scalar.length);
		yaml_event_delete(&ev);
		if (read_value(r, key, line) != 0)
			return -1;
	}
	yaml_event_delete(&ev);
	return 0;
}

/* Reads the YAML stream of the front matter: at most one mapping. */
static int
read_stream(struct reader *r)
{
	yaml_event_t ev;
	yaml_event_type_t t;
	size_t line;

	if (next(r, &ev) != 0)
		return -1;
	yaml_event_delete(&ev);		/* the stream's start */
	if (next(r, &ev) != 0)
		return -1;
	t = ev.type;
	yaml_event_delete(&ev);
	if (t == YAML_STREAM_END_EVENT)
		return 0;		/* nothing but blank lines, comments */
	if (next(r, &ev) != 0)
		return -1;
	line = mark_line(ev.start_mark);
	t = ev.type;
	yaml_event_delete(&ev);
	if (t != YAML_MAPPING_START_EVENT)
		return fail(r->err, line, "the front matter must be a mapping: "
		    "lines of key: value");
	if (read_mapping(r) != 0)
		return -1;
	if (next(r, &ev) != 0)
		return -1;
	yaml_event_delete(&ev);		/* the document's end */
	if (next(r, &ev) != 0)
		return -1;
	line = mark_line(ev.start_mark);
	t = ev.type;
	yaml_event_delete(&ev);
	if (t != YAML_STREAM_END_EVENT)
		return fail(r->err, line, "the front matter must be one YAML "
		    "document");
	return 0;
}

int
frontmatter_parse(const char *text, size_t len, struct arena *a,
    struct frontmatter *out, struct frontmatter_error *err)
{
	struct reader r;
	const char *fm = NULL;
	size_t fm_len = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if (check_utf8(text, len, err) != 0 ||
	    split(text, len, &fm, &fm_len, out, err) != 0 ||
	    check_breaks(fm, fm_len, err) != 0)
		return -1;
	out->tags = arena_calloc(a, FRONTMATTER_TAGS_MAX + 1,
	    sizeof(*out->tags));
	memset(&r, 0, sizeof(r));
	r.a = a;
	r.out = out;
	r.err = err;
	if (!yaml_parser_initialize(&r.parser))
		return fail(err, 0, "out of memory starting libyaml");
	yaml_parser_set_encoding(&r.parser, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)fm,
	    fm_len);
	rc = read_stream(&r);
	yaml_parser_delete(&r.parser);
	return rc;
}

int
frontmatter_bool(const char *s)
{
	static const char *const yes[] = { "true", "yes", "on" };
	static const char *const no[] = { "false", "no", "off" };

	for (size_t i = 0; i < 3; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* Reads exactly n digits at *p into *out, moving *p past them. */
static int
digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

/* Reads the byte c at *p, moving past it. */
static int
expect(const char **p, char c)
{
	if (**p != c)
		return -1;
	(*p)++;
	return 0;
}

/* Reads ":SS" and ".fraction" when there, into d. */
static int
read_seconds(const char **p, struct date *d)
{
	long scale = 100000;
	int n = 0;

	if (**p != ':')
		return 0;
	(*p)++;
	if (digits(p, 2, &d->second) != 0)
		return -1;
	if (**p != '.')
		return 0;
	(*p)++;
	while (isdigit((unsigned char)**p)) {
		if (++n > 9)
			return -1;
		d->usec += (**p - '0') * scale;
		scale /= 10;
		(*p)++;
	}
	return n == 0 ? -1 : 0;
}

/* Reads a zone at *p when there: *zoned and *offset (minutes east). */
static int
read_zone(const char **p, int *zoned, int *offset)
{
	int sign, hh, mm;

	if (**p == ' ' && ((*p)[1] == 'Z' || (*p)[1] == '+' ||
	    (*p)[1] == '-'))
		(*p)++;
	if (**p == 'Z' || **p == 'z') {
		(*p)++;
		*zoned = 1;
		return 0;
	}
	if (**p != '+' && **p != '-')
		return 0;
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if (digits(p, 2, &hh) != 0)
		return -1;
	if (**p == ':')
		(*p)++;
	if (digits(p, 2, &mm) != 0 || hh > 23 || mm > 59)
		return -1;
	*zoned = 1;
	*offset = sign * (hh * 60 + mm);
	return 0;
}

/* Returns the days of month m of year y. */
static int
month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 29;
	return days[m - 1];
}

int
frontmatter_date(const char *s, const struct zone *z, struct date *utc)
{
	static const struct zone utc_zone;
	struct date d;
	const char *p = s;
	int zoned = 0, offset = 0;

	memset(&d, 0, sizeof(d));
	if (digits(&p, 4, &d.year) != 0 || expect(&p, '-') != 0 ||
	    digits(&p, 2, &d.month) != 0 || expect(&p, '-') != 0 ||
	    digits(&p, 2, &d.day) != 0)
		return -1;
	if ((*p == 'T' || *p == 't' || *p == ' ') &&
	    isdigit((unsigned char)p[1])) {
		p++;
		if (digits(&p, 2, &d.hour) != 0 || expect(&p, ':') != 0 ||
		    digits(&p, 2, &d.minute) != 0 || read_seconds(&p, &d) != 0 ||
		    read_zone(&p, &zoned, &offset) != 0)
			return -1;
	}
	if (*p != '\0' || d.year < 1000 || d.month < 1 || d.month > 12 ||
	    d.day < 1 || d.day > month_days(d.year, d.month) || d.hour > 23 ||
	    d.minute > 59 || d.second > 59)
		return -1;
	if (zoned) {
		long usec = d.usec;

		date_from_unix(date_to_unix(&d) - (long long)offset * 60, utc);
		utc->usec = usec;
		return utc->year >= 1000 && utc->year <= 9999 ? 0 : -1;
	}
	return zone_from_local(z != NULL ? z : &utc_zone, &d, utc);
}

void
frontmatter_time(const struct date *d, char out[FRONTMATTER_TIME_BUFSZ])
{
	char frac[16] = "";

	if (d->usec != 0)
		snprintf(frac, sizeof(frac), ".%06ld", d->usec % 1000000);
	snprintf(out, FRONTMATTER_TIME_BUFSZ, "%04d-%02d-%02dT%02d:%02d:%02d%sZ",
	    d->year % 10000, d->month % 100, d->day % 100, d->hour % 100,
	    d->minute % 100, d->second % 100, frac);
}

/* libyaml's output handler: appends to the struct buf at data. */
static int
emit_to_buf(void *data, unsigned char *bytes, size_t size)
{
	buf_append(data, (const char *)bytes, size);
	return 1;
}

/*
 * Returns whether s can be written plain and read back as a string by any
 * YAML reader (Hugo's, Jekyll's, 1.1 or 1.2): a letter, then letters,
 * digits, '_', '-', '.' or inner spaces, and not one of the words 1.1
 * reads as a boolean or null.
 */
static int
plain_is_string(const char *s)
{
	static const char *const words[] = { "y", "n", "yes", "no", "on",
	    "off", "true", "false", "null" };
	size_t len = strlen(s);

	if (len == 0 || !isalpha((unsigned char)s[0]) || s[len - 1] == ' ')
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && strchr("_-. ", s[i]) ==
		    NULL)
			return 0;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasecmp(s, words[i]) == 0)
			return 0;
	return 1;
}

/* Emits one scalar in style; returns 0 or -1. */
static int
emit_scalar(yaml_emitter_t *e, const char *s, yaml_scalar_style_t style)
{
	yaml_event_t ev;

	if (!yaml_scalar_event_initialize(&ev, NULL, NULL,
	    (yaml_char_t *)(uintptr_t)s, (int)strlen(s), 1, 1, style))
		return -1;
	return yaml_emitter_emit(e, &ev) ? 0 : -1;
}

/* Emits a string value, plain when safe, else double-quoted. */
static int
emit_string(yaml_emitter_t *e, const char *s)
{
	return emit_scalar(e, s, plain_is_string(s) ? YAML_PLAIN_SCALAR_STYLE :
	    YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

/* Emits "key: value" with the value a string. */
static int
emit_pair(yaml_emitter_t *e, const char *key, const char *value)
{
	if (emit_scalar(e, key, YAML_PLAIN_SCALAR_STYLE) != 0)
		return -1;
	return emit_string(e, value);
}

/* Emits "key: time", plain: a YAML timestamp to Hugo, text to us. */
static int
emit_time(yaml_emitter_t *e, const char *key, const struct date *d)
{
	char t[FRONTMATTER_TIME_BUFSZ];

	frontmatter_time(d, t);
	if (emit_scalar(e, key, YAML_PLAIN_SCALAR_STYLE) != 0)
		return -1;
	return emit_scalar(e, t, YAML_PLAIN_SCALAR_STYLE);
}

/* Emits the tags as a flow sequence. */
static int
emit_tags(yaml_emitter_t *e, const struct frontmatter_post *p)
{
	yaml_event_t ev;

	if (emit_scalar(e, "tags", YAML_PLAIN_SCALAR_STYLE) != 0 ||
	    !yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
	    YAML_FLOW_SEQUENCE_STYLE) || !yaml_emitter_emit(e, &ev))
		return -1;
	for (size_t i = 0; i < p->ntags; i++)
		if (emit_string(e, p->tags[i]) != 0)
			return -1;
	if (!yaml_sequence_end_event_initialize(&ev) ||
	    !yaml_emitter_emit(e, &ev))
		return -1;
	return 0;
}

/* Emits the events of p's front matter, a document of one mapping. */
static int
emit_events(yaml_emitter_t *e, const struct frontmatter_post *p)
{
	yaml_event_t ev;

	if (!yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) ||
	    !yaml_emitter_emit(e, &ev) ||
	    !yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 0) ||
	    !yaml_emitter_emit(e, &ev) ||
	    !yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
	    YAML_BLOCK_MAPPING_STYLE) || !yaml_emitter_emit(e, &ev))
		return -1;
	if (emit_pair(e, "title", p->title) != 0 ||
	    emit_pair(e, "slug", p->slug) != 0 ||
	    emit_time(e, "date", &p->date) != 0 ||
	    emit_time(e, "lastmod", &p->lastmod) != 0 ||
	    emit_tags(e, p) != 0 ||
	    emit_scalar(e, "draft", YAML_PLAIN_SCALAR_STYLE) != 0 ||
	    emit_scalar(e, p->draft ? "true" : "false",
	    YAML_PLAIN_SCALAR_STYLE) != 0)
		return -1;
	if (p->author != NULL && p->author[0] != '\0' &&
	    emit_pair(e, "author", p->author) != 0)
		return -1;
	if (p->featured_image != NULL && p->featured_image[0] != '\0' &&
	    emit_pair(e, "featured_image", p->featured_image) != 0)
		return -1;
	if (!yaml_mapping_end_event_initialize(&ev) ||
	    !yaml_emitter_emit(e, &ev) ||
	    !yaml_document_end_event_initialize(&ev, 1) ||
	    !yaml_emitter_emit(e, &ev) ||
	    !yaml_stream_end_event_initialize(&ev) ||
	    !yaml_emitter_emit(e, &ev) || !yaml_emitter_flush(e))
		return -1;
	return 0;
}

int
frontmatter_emit(const struct frontmatter_post *p, struct buf *out)
{
	yaml_emitter_t e;
	struct buf fm = { NULL, 0, 0 };
	int rc;

	if (!yaml_emitter_initialize(&e))
		return -1;
	yaml_emitter_set_output(&e, emit_to_buf, &fm);
	yaml_emitter_set_unicode(&e, 1);
	yaml_emitter_set_width(&e, -1);
	yaml_emitter_set_break(&e, YAML_LN_BREAK);
	rc = emit_events(&e, p);
	yaml_emitter_delete(&e);
	/* The emitter ends the mapping with a newline, never with "...". */
	if (rc == 0 && (fm.len < 4 || memcmp(fm.data, "---\n", 4) != 0 ||
	    fm.data[fm.len - 1] != '\n'))
		rc = -1;
	if (rc == 0) {
		buf_append(out, fm.data, fm.len);
		buf_puts(out, "---\n");
		buf_append(out, p->body, p->body_len);
	}
	buf_free(&fm);
	return rc;
}

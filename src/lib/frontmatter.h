/*
 * frontmatter: a post as a Markdown file with YAML front matter, the
 * format of ./blogctl export and import (and of Hugo and Jekyll): a "---"
 * line, a YAML mapping, a "---" line, then the body, every byte after the
 * closing line's newline. Written through libyaml's emitter, read through
 * its parser's events (never its loader), refusing anchors and aliases
 * and bounding the size and the nesting, so that no file makes the reader
 * spend more than its own size. Line numbers are the file's: the front
 * matter's first line is line 2.
 */
#ifndef LIB_FRONTMATTER_H
#define LIB_FRONTMATTER_H

#include <stddef.h>

#include "date.h"

struct arena;
struct buf;
struct zone;

#define FRONTMATTER_MAX (64 * 1024)	/* bytes between the --- lines */
#define FRONTMATTER_DEPTH_MAX 16	/* nested mappings and sequences */
#define FRONTMATTER_TAGS_MAX 100	/* tags and categories read, at most */
#define FRONTMATTER_BODY_MAX 65535	/* a post's body: a TEXT column */
/* The largest file that can be a post: the lines, the mapping, the body. */
#define FRONTMATTER_FILE_MAX (FRONTMATTER_MAX + 16 + FRONTMATTER_BODY_MAX)
#define FRONTMATTER_WHY_MAX 256
#define FRONTMATTER_TIME_BUFSZ 32	/* "2026-12-04T10:00:00.123456Z" */

/* One value read, and the line it is on (0: absent). */
struct frontmatter_value {
	const char *text;	/* NUL-terminated, from the arena; NULL when
				   absent or null */
	size_t line;
};

/* What a file says of its post, as text; the caller interprets it. */
struct frontmatter {
	struct frontmatter_value title, slug, date, lastmod, author,
	    featured_image, draft;
	/* tags, then categories (Hugo's), in order, as given. */
	const char **tags;
	size_t ntags;
	size_t tags_line;	/* the first of tags or categories, or 0 */
	const char *body;	/* points into the text parsed */
	size_t body_len;
	size_t body_line;	/* the line the body starts on */
};

/* Why a file could not be read, and where. */
struct frontmatter_error {
	size_t line;			/* 0: the file as a whole */
	char why[FRONTMATTER_WHY_MAX];
};

/*
 * Reads the len bytes of text (a whole file) into *out, strings from a.
 * The file must be valid UTF-8 without NUL, start with a "---" line and
 * have a closing "---" line within FRONTMATTER_MAX bytes; between them a
 * YAML mapping (or nothing) whose keys are scalars; known keys (title,
 * slug, date, lastmod, author, featured_image, draft: scalars; tags and
 * categories: a sequence of scalars or one scalar) are compared without
 * regard to case, may each be given once, and any other key is skipped,
 * whatever its value, within FRONTMATTER_DEPTH_MAX. Returns 0, or -1 with
 * err filled: the line and a sentence saying what is wrong.
 */
int frontmatter_parse(const char *text, size_t len, struct arena *a,
    struct frontmatter *out, struct frontmatter_error *err);

/*
 * Reads a draft value: 1 for true (true, yes, on), 0 for false (false,
 * no, off), case aside; -1 for anything else.
 */
int frontmatter_bool(const char *s);

/*
 * Reads a date as Hugo and Jekyll write them: RFC 3339
 * ("2026-12-04T10:00:00Z", "+01:00", a fraction of up to 9 digits, of
 * which microseconds are kept), "2026-12-04", "2026-12-04 10:00",
 * "2026-12-04 10:00:00", each with an optional zone ("Z", "+01:00",
 * "+0100"; a space may stand before it). A time without a zone is a wall
 * clock time of z (NULL: UTC). Years 1000 to 9999, real calendar days.
 * Returns 0 with the UTC time in *utc, or -1.
 */
int frontmatter_date(const char *s, const struct zone *z, struct date *utc);

/*
 * Writes d (UTC) as RFC 3339, "2026-12-04T10:00:00Z", with ".123456"
 * before the Z only when it is not a whole second.
 */
void frontmatter_time(const struct date *d, char out[FRONTMATTER_TIME_BUFSZ]);

/* A post to write (frontmatter_emit). */
struct frontmatter_post {
	const char *title;
	const char *slug;
	struct date date;	/* UTC */
	struct date lastmod;	/* UTC */
	const char *const *tags;
	size_t ntags;
	int draft;
	const char *author;		/* NULL or "": left out */
	const char *featured_image;	/* NULL or "": left out */
	const char *body;
	size_t body_len;
};

/*
 * Appends p to out as a file frontmatter_parse reads back to the same
 * values: the front matter in that field order through libyaml's emitter
 * (strings plain when nothing could read them as another type, else
 * double-quoted; tags as a flow sequence, [] when none), then the body
 * unchanged. Returns 0, or -1 (out as it was) if libyaml refuses a value
 * (a string that is not UTF-8).
 */
int frontmatter_emit(const struct frontmatter_post *p, struct buf *out);

#endif

/*
 * taglist: splitting and checking the `tags` field. ICU says what is white
 * space and what is a control character, and compares names regardless of
 * case, so "Ёж" and "ёж" in one field make one tag.
 */
#include "taglist.h"

#include <stdio.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "utf8.h"

/* A cleaned name's bytes: at most four per character, plus the NUL. */
#define TAGLIST_NAME_BYTES (4 * TAGLIST_NAME_MAX + 1)

/* Characters of a name quoted in an error message. */
#define TAGLIST_PREVIEW 30

/* A name kept, in UTF-16 for comparing: at most two units a character. */
struct taglist_key {
	UChar s[2 * TAGLIST_NAME_MAX];
	int32_t len;
};

/* One name from between two commas, trimmed. */
struct taglist_name {
	char s[TAGLIST_NAME_BYTES];
	size_t len;		/* bytes */
	size_t chars;		/* code points */
	int control;		/* had a control character, shown as U+FFFD */
	int too_long;		/* went past TAGLIST_NAME_MAX: s holds the start */
};

/*
 * Fills name from the len bytes of valid UTF-8 at s: white space dropped at
 * both ends and each run of it inside written as one space.
 */
static void
taglist_clean(const char *s, size_t len, struct taglist_name *name)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t i = 0, at;
	int space = 0;
	UChar32 c;

	memset(name, 0, sizeof(*name));
	while (i < len) {
		at = i;
		U8_NEXT(u, i, len, c);
		if (u_isUWhiteSpace(c)) {
			space = name->len > 0;
			continue;
		}
		if (name->chars + space + 1 > TAGLIST_NAME_MAX) {
			name->too_long = 1;
			break;
		}
		if (space) {
			name->s[name->len++] = ' ';
			name->chars++;
			space = 0;
		}
		if (u_charType(c) == U_CONTROL_CHAR) {
			/* Kept visible for the message, never in a tag. */
			name->control = 1;
			memcpy(name->s + name->len, "\xEF\xBF\xBD", 3);
			name->len += 3;
		} else {
			memcpy(name->s + name->len, s + at, i - at);
			name->len += i - at;
		}
		name->chars++;
	}
	name->s[name->len] = '\0';
}

/*
 * Writes the start of name into buf, for a message: its first
 * TAGLIST_PREVIEW characters, and "…" if there are more.
 */
static void
taglist_preview(const struct taglist_name *name, char *buf, size_t size)
{
	const uint8_t *u = (const uint8_t *)name->s;
	size_t i = 0, chars = 0;
	UChar32 c;

	while (i < name->len && chars < TAGLIST_PREVIEW) {
		U8_NEXT(u, i, name->len, c);
		chars++;
	}
	snprintf(buf, size, "%.*s%s", (int)i, name->s,
	    i < name->len ? "\xE2\x80\xA6" : "");
}

/*
 * Returns 1 if key equals one of the n keys before it, ignoring case (full
 * case folding: "Straße" is "STRASSE") and taking canonically equivalent
 * spellings as equal (é as one character or as e and an accent); 0 if
 * not; -1 if ICU fails.
 */
static int
taglist_seen(const struct taglist_key *keys, size_t n,
    const struct taglist_key *key)
{
	UErrorCode status = U_ZERO_ERROR;

	for (size_t i = 0; i < n; i++) {
		int32_t order = unorm_compare(keys[i].s, keys[i].len, key->s,
		    key->len, U_COMPARE_IGNORE_CASE, &status);

		if (U_FAILURE(status))
			return -1;
		if (order == 0)
			return 1;
	}
	return 0;
}

/*
 * Adds the item-th name, the len bytes at s, to tl unless it is empty or
 * seen before; keys holds tl's names and one spare. Returns 0, or -1 with
 * the message in err.
 */
static int
taglist_add(struct taglist *tl, struct taglist_key *keys, const char *s,
    size_t len, size_t item, struct arena *a, char *err, size_t errlen)
{
	struct taglist_name name;
	struct taglist_key *key = &keys[tl->count];
	UErrorCode status = U_ZERO_ERROR;
	char preview[4 * TAGLIST_PREVIEW + 4];
	int seen;

	if (!utf8_valid(s, len)) {
		snprintf(err, errlen, "Tag %zu is not valid UTF-8 text", item);
		return -1;
	}
	taglist_clean(s, len, &name);
	taglist_preview(&name, preview, sizeof(preview));
	if (name.too_long) {
		snprintf(err, errlen, "Tag \"%s\" is longer than %d characters",
		    preview, TAGLIST_NAME_MAX);
		return -1;
	}
	if (name.control) {
		snprintf(err, errlen, "Tag \"%s\" contains a control character",
		    preview);
		return -1;
	}
	if (name.chars == 0)
		return 0;

	u_strFromUTF8(key->s, 2 * TAGLIST_NAME_MAX, &key->len, name.s,
	    (int32_t)name.len, &status);
	seen = U_FAILURE(status) ? -1 : taglist_seen(keys, tl->count, key);
	if (seen == 1)
		return 0;
	if (seen == -1) {
		snprintf(err, errlen, "Tag \"%s\" could not be compared with "
		    "the others", preview);
		return -1;
	}
	if (tl->count == TAGLIST_MAX) {
		snprintf(err, errlen, "At most %d tags on a post", TAGLIST_MAX);
		return -1;
	}
	tl->names[tl->count++] = arena_strndup(a, name.s, name.len);
	return 0;
}

int
taglist_parse(struct taglist *tl, const char *text, size_t len,
    struct arena *a, char *err, size_t errlen)
{
	struct taglist_key keys[TAGLIST_MAX + 1];
	const char *comma;
	size_t start = 0, end, item = 0;

	tl->count = 0;
	if (len == 0)
		return 0;
	/* ',' is never part of a longer UTF-8 sequence: split on bytes. */
	while (start <= len) {
		comma = memchr(text + start, ',', len - start);
		end = comma != NULL ? (size_t)(comma - text) : len;
		if (taglist_add(tl, keys, text + start, end - start, ++item, a,
		    err, errlen) == -1) {
			tl->count = 0;
			return -1;
		}
		start = end + 1;
	}
	return 0;
}

char *
taglist_join(const struct taglist *tl, struct arena *a)
{
	size_t len = 0, at = 0, n;
	char *joined;

	for (size_t i = 0; i < tl->count; i++)
		len += strlen(tl->names[i]) + 2;
	joined = arena_alloc(a, len + 1);
	for (size_t i = 0; i < tl->count; i++) {
		if (i > 0) {
			memcpy(joined + at, ", ", 2);
			at += 2;
		}
		n = strlen(tl->names[i]);
		memcpy(joined + at, tl->names[i], n);
		at += n;
	}
	joined[at] = '\0';
	return joined;
}

/*
 * field: the input fields a route reads, each declared once with its
 * validator (after kcgi's kvalid_*), so that handlers only ever see values
 * that passed, already converted.
 */
#ifndef HTTP_FIELD_H
#define HTTP_FIELD_H

#include <stddef.h>

#include "urlencode.h"

enum field_type {
	FIELD_PAGE_NUMBER,	/* a positive whole number, see page_parse */
	FIELD_TEXT,		/* UTF-8 without NUL, at most max_chars */
};

struct field {
	const char *name;	/* as in the query string or form */
	enum field_type type;
	size_t max_chars;	/* FIELD_TEXT: most code points */
	const char *error;	/* a sentence for the 400 page */
};

struct field_value {
	int present;
	unsigned long long number;	/* FIELD_PAGE_NUMBER */
	const char *text;		/* FIELD_TEXT (and the raw value) */
	size_t len;
};

/*
 * Validates the first value of every field whose bit (1u << index) is in
 * mask, from the n definitions in defs, into out[index]; absent fields
 * are left with present = 0. Returns 0, or -1 with the index of the first
 * invalid field in *bad.
 */
int field_validate(const struct field *defs, size_t n, unsigned mask,
    const struct http_params *params, struct field_value *out, size_t *bad);

#endif

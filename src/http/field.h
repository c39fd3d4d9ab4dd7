/*
 * field: the input fields a route reads, each declared once with its
 * validator (after kcgi's kvalid_*), so that handlers only ever see values
 * that passed, already converted. A query field that fails is the
 * request's fault (400 before any handler); a form field that fails keeps
 * its value and why, for the handler to show the form again (422, 401)
 * or refuse it (403).
 */
#ifndef HTTP_FIELD_H
#define HTTP_FIELD_H

#include <stddef.h>

#include "urlencode.h"

struct arena;
struct field_value;

enum field_type {
	FIELD_PAGE_NUMBER,	/* a positive whole number, see page_parse */
	FIELD_TEXT,		/* UTF-8 without NUL, at most max_chars */
};

/* Where a field's value comes from. */
enum field_source {
	FIELD_FROM_QUERY,	/* the query string */
	FIELD_FROM_FORM,	/* a POST's urlencoded body, else the query
				   string (what a GET form sends) */
};

/*
 * A further check of a form field's value (after its type and bounds):
 * returns NULL when it is right, else why not, a sentence for the form
 * (allocated from a when made). It may leave what it made of the value
 * in v->parsed.
 */
typedef const char *field_check_fn(struct field_value *v, struct arena *a);

struct field {
	const char *name;	/* as in the query string or form */
	enum field_type type;
	size_t max_chars;	/* FIELD_TEXT: most code points; 0: no bound */
	const char *error;	/* a sentence for a value of the wrong type
				   or too long: the 400 page, or the form */
	enum field_source source;
	field_check_fn *check;	/* FIELD_FROM_FORM: NULL or a further check */
};

struct field_value {
	int present;
	unsigned long long number;	/* FIELD_PAGE_NUMBER */
	const char *text;		/* FIELD_TEXT (and the raw value); a
					   form field that is absent: "" */
	size_t len;
	const char *error;		/* a form field: why it is wrong, or
					   NULL */
	const void *parsed;		/* what its check made of it, or NULL */
};

/*
 * Validates the first value of every query field (FIELD_FROM_QUERY) whose
 * bit (1u << index) is in mask, from the n definitions in defs, into
 * out[index]; out is cleared first, and absent fields are left with
 * present = 0. Returns 0, or -1 with the index of the first invalid field
 * in *bad.
 */
int field_validate(const struct field *defs, size_t n, unsigned mask,
    const struct http_params *params, struct field_value *out, size_t *bad);

/*
 * Reads the first value of every form field (FIELD_FROM_FORM) whose bit
 * is in mask from params into out[index], leaving the other entries of
 * out as they are. An absent field reads as "" (present = 0); a value of
 * the wrong type or too long gets the definition's error. The further
 * checks are not run: they can be costly (a post's Markdown), so the
 * handler runs them with field_check_form once it has let the sender
 * through. Returns how many fields are wrong.
 */
int field_read_form(const struct field *defs, size_t n, unsigned mask,
    const struct http_params *params, struct field_value *out);

/*
 * Runs the further check of every form field whose bit is in mask and
 * that field_read_form found right (absent ones too), keeping its answer
 * in the field's error: every field has its own error, or NULL. Returns
 * how many fields are wrong.
 */
int field_check_form(const struct field *defs, size_t n, unsigned mask,
    struct field_value *out, struct arena *a);

#endif

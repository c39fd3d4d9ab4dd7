/* field: the validators. Values arrive decoded, UTF-8 and NUL-free. */
#include "field.h"

#include <string.h>

#include "../lib/page.h"
#include "../lib/utf8.h"

/* Checks and converts one value; returns 0 or -1. */
static int
field_check(const struct field *def, const char *value, size_t len,
    struct field_value *out)
{
	switch (def->type) {
	case FIELD_PAGE_NUMBER:
		if (page_parse(value, len, &out->number) != 0)
			return -1;
		break;
	case FIELD_TEXT:
		if (!utf8_valid(value, len) || (def->max_chars != 0 &&
		    utf8_length(value, len) > def->max_chars))
			return -1;
		break;
	}
	out->present = 1;
	out->text = value;
	out->len = len;
	return 0;
}

int
field_validate(const struct field *defs, size_t n, unsigned mask,
    const struct http_params *params, struct field_value *out, size_t *bad)
{
	memset(out, 0, n * sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		const char *value;
		size_t len;

		if (!(mask & (1u << i)) || defs[i].source != FIELD_FROM_QUERY)
			continue;
		value = http_params_get(params, defs[i].name, &len);
		if (value == NULL)
			continue;
		if (field_check(&defs[i], value, len, &out[i]) != 0) {
			*bad = i;
			return -1;
		}
	}
	return 0;
}

int
field_read_form(const struct field *defs, size_t n, unsigned mask,
    const struct http_params *params, struct field_value *out)
{
	int wrong = 0;

	for (size_t i = 0; i < n; i++) {
		struct field_value *v = &out[i];

		if (!(mask & (1u << i)) || defs[i].source != FIELD_FROM_FORM)
			continue;
		memset(v, 0, sizeof(*v));
		v->text = http_params_get(params, defs[i].name, &v->len);
		if (v->text == NULL) {
			v->text = "";
			v->len = 0;
		} else if (field_check(&defs[i], v->text, v->len, v) != 0) {
			v->error = defs[i].error;
			wrong++;
		}
	}
	return wrong;
}

int
field_check_form(const struct field *defs, size_t n, unsigned mask,
    struct field_value *out, struct arena *a)
{
	int wrong = 0;

	for (size_t i = 0; i < n; i++) {
		struct field_value *v = &out[i];

		if (!(mask & (1u << i)) || defs[i].source != FIELD_FROM_FORM)
			continue;
		if (v->error == NULL && defs[i].check != NULL)
			v->error = defs[i].check(v, a);
		if (v->error != NULL)
			wrong++;
	}
	return wrong;
}

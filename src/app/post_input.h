/*
 * post_input: the post form's fields (title, body, tags) as sent, checked
 * against SPEC's rules, and turned into the draft the model saves. Each
 * field that breaks a rule gets its own sentence for the form.
 */
#ifndef APP_POST_INPUT_H
#define APP_POST_INPUT_H

#include <stddef.h>

#include "../http/urlencode.h"
#include "../lib/taglist.h"
#include "../model/post.h"

struct arena;

#define POST_TITLE_MAX 140	/* characters, after trimming */
#define POST_BODY_MAX 65535	/* bytes: a TEXT column */

struct post_input {
	/* As sent (empty when absent), to show the form again. */
	const char *title_value;
	const char *body_value;
	const char *tags_value;

	/* What to save, when post_input_read returned 0. */
	struct post_draft draft;
	struct taglist tags;

	/* Why a field is wrong, or NULL. */
	const char *title_error;
	const char *body_error;
	const char *tags_error;
};

/*
 * Reads title, body and tags from the decoded form (UTF-8 without NUL, as
 * http_parse_urlencoded leaves it) into in: the title trimmed of white
 * space and 1 to POST_TITLE_MAX characters with no control character; the
 * body with something besides white space, at most POST_BODY_MAX bytes
 * and within the renderer's bounds (markdown_check: its HTML, its tables,
 * its square brackets), the message naming the one it goes past; the
 * tags as taglist_parse reads them. Returns 0 when all are
 * right, else -1 with an error for each field that is not.
 */
int post_input_read(struct post_input *in, const struct http_params *form,
    struct arena *a);

#endif

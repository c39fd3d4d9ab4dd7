/*
 * post_input: the post form's fields (title, body, tags, status,
 * publish_at, revision, featured_image): the checks of
 * SPEC's rules that routes.c declares them with, and the draft the model
 * saves made from them once checked. Each field that breaks a rule gets
 * its own sentence for the form.
 */
#ifndef APP_POST_INPUT_H
#define APP_POST_INPUT_H

#include <stddef.h>

#include "../http/field.h"
#include "../lib/mediaref.h"
#include "../lib/taglist.h"
#include "../model/post.h"

struct arena;
struct zone;

#define POST_TITLE_MAX 140	/* characters, after trimming */
#define POST_BODY_MAX 65535	/* bytes: a TEXT column */

struct post_input {
	/* As sent (empty when absent), to show the form again. */
	const char *title_value;
	const char *body_value;
	const char *tags_value;
	const char *publish_at_value;
	const char *featured_image_value;
	int publish;		/* the status asked for: 1 published, 0 draft */

	/* What to save, when post_input_read returned 0. */
	struct post_draft draft;

	/* Why a field is wrong, or NULL. */
	const char *title_error;
	const char *body_error;
	const char *tags_error;
	const char *status_error;
	const char *publish_at_error;
	const char *revision_error;
	const char *featured_image_error;

	/* The uploaded images it shows (draft.images points here). */
	struct media_refs images;
};

/*
 * The checks of the fields (field.h's field_check_fn), each on a value
 * that is UTF-8 without NUL. The title: trimmed of white space, 1 to
 * POST_TITLE_MAX characters with no control character (v->parsed: the
 * trimmed copy). The body: something besides white space, at most
 * POST_BODY_MAX bytes and within the renderer's bounds (markdown_check:
 * its HTML, its tables, its square brackets), the message naming the one
 * it goes past, and showing at most MEDIA_PER_POST_MAX uploaded images
 * (v->parsed: their struct media_refs). The tags: as taglist_parse reads
 * them (v->parsed: the struct taglist).
 */
const char *post_title_check(struct field_value *v, struct arena *a);
const char *post_body_check(struct field_value *v, struct arena *a);
const char *post_tags_check(struct field_value *v, struct arena *a);

/*
 * The status: "published" or "draft" (v->parsed: non-NULL for published);
 * absent, published, as before the field existed. The publish time: empty,
 * or what a datetime-local input sends (v->parsed: the struct date, wall
 * clock time of the blog's zone, made UTC by post_input_read). The
 * revision: empty, or the whole number the form was opened at
 * (v->parsed: the long long).
 */
const char *post_status_check(struct field_value *v, struct arena *a);
const char *post_publish_at_check(struct field_value *v, struct arena *a);
const char *post_revision_check(struct field_value *v, struct arena *a);

/*
 * The featured image: empty, or the /media/ URL of an uploaded image, its
 * original's or a copy's (v->parsed: the original's URL). Whether the
 * library has it is the handler's to ask.
 */
const char *post_featured_image_check(struct field_value *v,
    struct arena *a);

/*
 * Fills in from the post form's fields in v (indexed by enum route_field)
 * as field_check_form left them (checked by the functions above), the
 * publish time read as a time of zone. Returns 0 when all are right, else
 * -1 with an error for each field that is not.
 */
int post_input_read(struct post_input *in, const struct field_value *v,
    const struct zone *zone);

#endif

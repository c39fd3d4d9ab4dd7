/*
 * posts_write: the pages that change posts, for signed-in authors only:
 * the form to write one (/blog/create), to change one (/blog/<slug>/edit;
 * its slug stays) and deleting one (/blog/<slug>/delete). A form that
 * breaks a rule comes back with 422, a message by each wrong field and
 * everything typed kept; so does one the database could not save (503 or
 * 500), rather than losing the author's text.
 */
#include <stdio.h>

#include "../http/csrf.h"
#include "../lib/log.h"
#include "../lib/taglist.h"
#include "../model/post.h"
#include "../model/tag.h"
#include "../view/view.h"
#include "auth.h"
#include "post_input.h"
#include "posts.h"
#include "posts_write.h"
#include "render.h"

/* What differs between the two uses of post_form.tpl. */
struct post_form {
	const char *doc_title;
	const char *heading;
	const char *action;
	const char *submit;
};

/*
 * Adds section (TITLE_ERROR, ...) with message to d, when there is one,
 * and returns it (else NULL).
 */
static struct view_dict *
show_error(struct view_dict *d, const char *section, const char *message)
{
	struct view_dict *s;

	if (message == NULL)
		return NULL;
	s = view_add_section(d, section);
	view_set(s, "ERROR_MESSAGE", message);
	return s;
}

/*
 * Returns post_form.tpl with status, the fields holding title, body and
 * tags, in's errors by their fields (in may be NULL) and form_error above.
 */
static struct outcome
form_render(struct ctx *c, int status, const struct post_form *f,
    const char *title, const char *body, const char *tags,
    const struct post_input *in, const char *form_error)
{
	struct view_dict *d = page_dict(c, arena_printf(c->arena, "%s — %s",
	    f->doc_title, c->cfg->blog_title));

	view_set(d, "HEADING", f->heading);
	view_set(d, "FORM_ACTION", f->action);
	view_set(d, "SUBMIT_LABEL", f->submit);
	view_set(d, "TITLE_VALUE", title);
	view_set(d, "BODY_VALUE", body);
	view_set(d, "TAGS_VALUE", tags);
	show_error(d, "FORM_ERROR", form_error);
	if (auth_user(c) == NULL) {
		/* Only after AUTH_UNCHECKED (else auth_require_form answered):
		 * keep the token the form came with, so that sending it again
		 * works. */
		const char *token = c->in[FIELD_CSRF].text;

		if (csrf_token_well_formed(token))
			view_set(d, "CSRF_TOKEN", token);
	}
	if (in != NULL) {
		/* In the form's order; HTML allows one autofocus a page. */
		struct view_dict *errors[] = {
			show_error(d, "TITLE_ERROR", in->title_error),
			show_error(d, "BODY_ERROR", in->body_error),
			show_error(d, "TAGS_ERROR", in->tags_error),
		};
		for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
			if (errors[i] != NULL) {
				view_show(errors[i], "FOCUS");
				break;
			}
		}
	}
	c->no_store = 1;
	return page_render(c, status, "post_form", d);
}

/* Returns the form again as sent, with in's errors by their fields. */
static struct outcome
form_again(struct ctx *c, int status, const struct post_form *f,
    const struct post_input *in, const char *form_error)
{
	return form_render(c, status, f, in->title_value, in->body_value,
	    in->tags_value, in, form_error);
}

/*
 * Returns the form again with the text kept and why it was not saved:
 * 503 when the database is away (worth trying again), else 500.
 */
static struct outcome
not_saved(struct ctx *c, int rc, const struct post_form *f,
    const struct post_input *in)
{
	return form_again(c, rc == DB_UNAVAILABLE ? 503 : 500, f, in,
	    rc == DB_UNAVAILABLE ?
	    "The post was not saved: the database is not answering. Your "
	    "text is still here; please send it again in a moment." :
	    "The post was not saved: something went wrong on our side. "
	    "Your text is still here; please try again later.");
}

/* Returns the failure to save: logged, and not_saved. */
static struct outcome
save_failed(struct ctx *c, int rc, const struct post_form *f,
    const struct post_input *in, const char *doing)
{
	log_error("%s %s: %s: %s", c->req->method_name, c->req->uri, doing,
	    c->db->error);
	return not_saved(c, rc, f, in);
}

/*
 * Checks the post's fields (routes.h) and reads them into in, once the
 * sender is let through (field_check_form); returns post_input_read's.
 */
static int
form_input(struct ctx *c, struct post_input *in)
{
	(void)field_check_form(fields, FIELD__MAX, FIELD_BIT(FIELD_TITLE) |
	    FIELD_BIT(FIELD_BODY) | FIELD_BIT(FIELD_TAGS), c->in, c->arena);
	return post_input_read(in, &c->in[FIELD_TITLE], &c->in[FIELD_BODY],
	    &c->in[FIELD_TAGS]);
}

/*
 * Lets the author through to form f (auth_require_form). A form whose
 * session the database could not check comes back with its text
 * (not_saved; auth_user logged why), rather than an error page that loses
 * it. Returns 0 to go on, or -1 with the answer in *refusal.
 */
static int
author_of_form(struct ctx *c, const struct post_form *f,
    struct outcome *refusal)
{
	struct post_input in;
	int rc = auth_require_form(c, f->action, refusal);

	if (rc == AUTH_UNCHECKED) {
		(void)form_input(c, &in);
		*refusal = not_saved(c, c->auth_rc, f, &in);
	}
	return rc == AUTH_OK ? 0 : -1;
}

/* Returns the 303 to the post of slug. */
static struct outcome
redirect_to_post(struct ctx *c, const char *slug)
{
	return outcome_redirect(303, arena_printf(c->arena, "/blog/%s",
	    slug));
}

struct outcome
handle_create(struct ctx *c)
{
	static const struct post_form f = {
		"New post", "New post", "/blog/create", "Publish",
	};
	struct post_input in;
	struct outcome refusal;
	const char *slug;
	int rc;

	if (author_of_form(c, &f, &refusal) != 0)
		return refusal;
	if (c->req->method != HTTP_POST)
		return form_render(c, 200, &f, "", "", "", NULL, NULL);
	if (form_input(c, &in) != 0)
		return form_again(c, 422, &f, &in, NULL);
	rc = post_create(c->db, c->arena, &in.draft, route_slug_reserved,
	    &slug);
	if (rc != DB_OK)
		return save_failed(c, rc, &f, &in, "creating a post");
	return redirect_to_post(c, slug);
}

/* GET /blog/<slug>/edit: the form holding the post as it is. */
static struct outcome
edit_form(struct ctx *c, const struct post_form *f)
{
	struct post post;
	struct outcome failed;
	struct taglist tags = { 0 };

	if (post_load(c, &post, "reading, to edit it, post", &failed) != 0)
		return failed;
	/* Only read by taglist_join: the names stay the post's. */
	for (size_t i = 0; i < post.ntags && i < TAGLIST_MAX; i++)
		tags.names[tags.count++] = (char *)post.tags[i].name;
	return form_render(c, 200, f, post.title, post.body,
	    taglist_join(&tags, c->arena), NULL, NULL);
}

struct outcome
handle_edit(struct ctx *c)
{
	struct post_form f = {
		"Edit post", "Edit post",
		arena_printf(c->arena, "/blog/%s/edit", c->slug), "Save",
	};
	struct post_input in;
	struct outcome refusal;
	const char *slug;
	int rc;

	if (author_of_form(c, &f, &refusal) != 0)
		return refusal;
	if (c->req->method != HTTP_POST)
		return edit_form(c, &f);
	if (form_input(c, &in) != 0)
		return form_again(c, 422, &f, &in, NULL);
	rc = post_update(c->db, c->arena, c->slug, &in.draft,
	    route_slug_reserved, &slug);
	if (rc == DB_NOT_FOUND)
		return outcome_error(404, "There is no post at this address: "
		    "it may have been deleted meanwhile.");
	if (rc != DB_OK)
		return save_failed(c, rc, &f, &in, arena_printf(c->arena,
		    "changing post %s", c->slug));
	return redirect_to_post(c, slug);
}

struct outcome
handle_delete(struct ctx *c)
{
	struct outcome refusal;
	int rc;

	/* Signed out, the author comes back to the post, not to a POST. */
	if (auth_require(c, arena_printf(c->arena, "/blog/%s", c->slug),
	    &refusal) != AUTH_OK)
		return refusal;
	rc = post_trash(c->db, c->arena, c->slug);
	if (rc == DB_NOT_FOUND)
		return outcome_error(404, "There is no post at this address.");
	if (rc != DB_OK)
		return outcome_db_error(rc, arena_printf(c->arena,
		    "deleting post %s", c->slug));
	return outcome_redirect(303, "/blog/");
}

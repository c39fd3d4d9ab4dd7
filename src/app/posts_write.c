/*
 * posts_write: the pages that change posts, for signed-in authors only:
 * the form to write one (/blog/create), to change one (/blog/<slug>/edit),
 * to look at it first (/blog/preview, which saves nothing), moving one to
 * the trash (/blog/<slug>/delete) and back (/blog/<slug>/restore). A form
 * that breaks a rule comes back with 422, a message by each wrong field
 * and everything typed kept; so does one the database could not save (503
 * or 500), or one someone else saved meanwhile (409), rather than losing
 * the author's text.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../http/csrf.h"
#include "../lib/log.h"
#include "../lib/slug.h"
#include "../lib/taglist.h"
#include "../lib/zone.h"
#include "../model/media.h"
#include "../model/post.h"
#include "../model/tag.h"
#include "../view/view.h"
#include "auth.h"
#include "post_input.h"
#include "posts.h"
#include "posts_write.h"
#include "render.h"

/* What differs between the uses of post_form.tpl. */
struct post_form {
	const char *doc_title;
	const char *heading;
	const char *action;
	const struct post *saved;	/* edit: the post as it is, else NULL */
};

/* What the form shows in its fields. */
struct post_form_values {
	const char *title;
	const char *body;
	const char *tags;
	const char *publish_at;		/* datetime-local, the blog's zone */
	long long revision;		/* 0: none (a new post) */
	const char *featured_image;	/* a /media/ URL, or "" */
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
 * Returns what the edit form says of where the saved post stands, with
 * its time in the blog's zone.
 */
static const char *
standing_note(struct ctx *c, const struct post *p)
{
	char when[DATE_BUFSZ];
	struct date local;

	zone_to_local(&c->app->zone, p->trashed_at.year != 0 ? &p->trashed_at :
	    &p->publish_at, &local);
	zone_format_human(&local, when, sizeof(when));
	switch (post_standing(p)) {
	case POST_STANDING_VISIBLE:
		return arena_printf(c->arena, "Published %s (%s). Save draft "
		    "takes it off the blog.", when, c->cfg->blog_timezone);
	case POST_STANDING_SCHEDULED:
		return arena_printf(c->arena, "Scheduled for %s (%s).", when,
		    c->cfg->blog_timezone);
	case POST_STANDING_DRAFT:
		return "Draft: readers do not see it.";
	case POST_STANDING_TRASHED:
		return arena_printf(c->arena, "In the trash since %s (%s).",
		    when, c->cfg->blog_timezone);
	}
	return NULL;
}

/*
 * Returns post_form.tpl with status, the fields holding v, in's errors by
 * their fields (in may be NULL) and form_error above.
 */
static struct outcome
form_render(struct ctx *c, int status, const struct post_form *f,
    const struct post_form_values *v, const struct post_input *in,
    const char *form_error)
{
	struct view_dict *d = page_dict(c, arena_printf(c->arena, "%s — %s",
	    f->doc_title, c->cfg->blog_title));

	view_set(d, "HEADING", f->heading);
	view_set(d, "FORM_ACTION", f->action);
	view_set(d, "TITLE_VALUE", v->title);
	view_set(d, "BODY_VALUE", v->body);
	view_set(d, "TAGS_VALUE", v->tags);
	view_set(d, "PUBLISH_AT_VALUE", v->publish_at);
	view_set(d, "FEATURED_IMAGE_VALUE", v->featured_image);
	view_show(d, "UPLOAD_SCRIPT");
	view_set(d, "TIMEZONE", c->cfg->blog_timezone);
	if (v->revision != 0)
		view_set(view_add_section(d, "REVISION"), "REVISION_VALUE",
		    arena_printf(c->arena, "%lld", v->revision));
	if (f->saved != NULL)
		view_set(view_add_section(d, "STANDING"), "STANDING_NOTE",
		    standing_note(c, f->saved));
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
			show_error(d, "PUBLISH_AT_ERROR", in->publish_at_error),
			show_error(d, "FEATURED_IMAGE_ERROR",
			    in->featured_image_error),
			show_error(d, "STATUS_ERROR", in->status_error),
			show_error(d, "REVISION_ERROR", in->revision_error),
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
	struct post_form_values v = {
		in->title_value, in->body_value, in->tags_value,
		in->publish_at_value, in->draft.revision,
		in->featured_image_value,
	};

	return form_render(c, status, f, &v, in, form_error);
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
	    FIELD_BIT(FIELD_BODY) | FIELD_BIT(FIELD_TAGS) |
	    FIELD_BIT(FIELD_STATUS) | FIELD_BIT(FIELD_PUBLISH_AT) |
	    FIELD_BIT(FIELD_REVISION) | FIELD_BIT(FIELD_FEATURED_IMAGE), c->in,
	    c->arena);
	return post_input_read(in, c->in, &c->app->zone);
}

/*
 * Checks that the library has the form's featured image. Returns DB_OK
 * (in->featured_image_error set when it has not) or the failure to ask.
 */
static int
featured_known(struct ctx *c, struct post_input *in)
{
	const char *url = in->draft.featured_image;
	struct medianame name;
	struct media m;
	int rc;

	if (url[0] == '\0' || medianame_parse(url + strlen("/media/"),
	    strlen(url) - strlen("/media/"), &name) != 0)
		return DB_OK;
	rc = media_get_by_hash(c->db, c->arena, name.hash, &m);
	if (rc == DB_NOT_FOUND) {
		in->featured_image_error = "No uploaded image has this "
		    "address: it may have been deleted. Choose another in "
		    "Images.";
		return DB_OK;
	}
	return rc;
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
		"New post", "New post", "/blog/create", NULL,
	};
	static const struct post_form_values empty = {
		"", "", "", "", 0, "",
	};
	const struct signed_in *user;
	struct post_input in;
	struct outcome refusal;
	const char *slug;
	int rc;

	if (author_of_form(c, &f, &refusal) != 0)
		return refusal;
	if (c->req->method != HTTP_POST)
		return form_render(c, 200, &f, &empty, NULL, NULL);
	if (form_input(c, &in) != 0)
		return form_again(c, 422, &f, &in, NULL);
	if ((rc = featured_known(c, &in)) != DB_OK)
		return save_failed(c, rc, &f, &in, "looking up an image");
	if (in.featured_image_error != NULL)
		return form_again(c, 422, &f, &in, NULL);
	user = auth_user(c);
	in.draft.author_id = user->user_id;
	rc = post_create(c->db, c->arena, &in.draft, route_slug_reserved,
	    &slug);
	if (rc != DB_OK)
		return save_failed(c, rc, &f, &in, "creating a post");
	return redirect_to_post(c, slug);
}

/* Returns the publish time of p as a datetime-local value of the blog's
 * zone, or "" when it has none. */
static const char *
publish_at_value(struct ctx *c, const struct post *p)
{
	char *out = arena_alloc(c->arena, ZONE_INPUT_BUFSZ);
	struct date local;

	if (p->publish_at.year == 0)
		return "";
	zone_to_local(&c->app->zone, &p->publish_at, &local);
	zone_format_input(&local, out, ZONE_INPUT_BUFSZ);
	return out;
}

/* Returns the tag names of p joined as the form's field holds them. */
static const char *
tags_value(struct ctx *c, const struct post *p)
{
	struct taglist tags = { 0 };

	/* Only read by taglist_join: the names stay the post's. */
	for (size_t i = 0; i < p->ntags && i < TAGLIST_MAX; i++)
		tags.names[tags.count++] = (char *)p->tags[i].name;
	return taglist_join(&tags, c->arena);
}

/* GET /blog/<slug>/edit: the form holding the post as it is. */
static struct outcome
edit_form(struct ctx *c, struct post_form *f)
{
	struct post *post = arena_calloc(c->arena, 1, sizeof(*post));
	struct post_form_values v;
	struct outcome failed;

	if (post_load(c, post, "reading, to edit it, post", &failed) != 0)
		return failed;
	f->saved = post;
	v = (struct post_form_values){
		post->title, post->body, tags_value(c, post),
		publish_at_value(c, post), post->revision,
		post->featured_image,
	};
	return form_render(c, 200, f, &v, NULL, NULL);
}

/*
 * Returns the form as sent, with 409: the post was saved by someone else
 * since it was opened. The form now holds the post's new revision, so that
 * sending it again, knowingly, replaces theirs.
 */
static struct outcome
edit_conflict(struct ctx *c, struct post_form *f, struct post_input *in)
{
	struct post *now = arena_calloc(c->arena, 1, sizeof(*now));
	struct outcome failed;

	if (post_load(c, now, "reading, after a conflict, post", &failed) != 0)
		return failed;
	f->saved = now;
	in->draft.revision = now->revision;
	return form_again(c, 409, f, in, arena_printf(c->arena, "This post "
	    "was saved by someone else (or in another window) since you "
	    "opened it, so your changes were not saved. Your text is below; "
	    "the saved version is at /blog/%s. Send the form again to "
	    "replace that version with yours.", now->slug));
}

struct outcome
handle_edit(struct ctx *c)
{
	struct post_form f = {
		"Edit post", "Edit post",
		arena_printf(c->arena, "/blog/%s/edit", c->slug), NULL,
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
	if ((rc = featured_known(c, &in)) != DB_OK)
		return save_failed(c, rc, &f, &in, "looking up an image");
	if (in.featured_image_error != NULL)
		return form_again(c, 422, &f, &in, NULL);
	rc = post_update(c->db, c->arena, c->slug, &in.draft,
	    route_slug_reserved, &slug);
	if (rc == DB_NOT_FOUND)
		return outcome_error(404, "There is no post at this address: "
		    "it may have been deleted meanwhile.");
	if (rc == DB_CONFLICT)
		return edit_conflict(c, &f, &in);
	if (rc != DB_OK)
		return save_failed(c, rc, &f, &in, arena_printf(c->arena,
		    "changing post %s", c->slug));
	return redirect_to_post(c, slug);
}

/*
 * Fills *p with the post the form in describes, as it would be saved now
 * by the signed-in author: its tags named as the form names them, linked
 * to the slugs they have or would get.
 */
static void
preview_post(struct ctx *c, const struct post_input *in, struct post *p)
{
	const struct post_draft *d = &in->draft;
	struct tag *tags = arena_calloc(c->arena, d->ntags + 1, sizeof(*tags));

	memset(p, 0, sizeof(*p));
	p->title = d->title;
	p->slug = "";
	p->body = d->body;
	p->body_len = d->body_len;
	date_from_unix((long long)time(NULL), &p->updated);
	p->publish_at = d->publish_at.year != 0 ? d->publish_at : p->updated;
	p->author = auth_user(c)->username;
	p->featured_image = d->featured_image;
	for (size_t i = 0; i < d->ntags; i++) {
		char slug[SLUG_MAX + 1];

		tags[i].name = d->tags[i];
		tags[i].slug = slug_make(d->tags[i], strlen(d->tags[i]), slug) >
		    0 ? arena_strdup(c->arena, slug) : "";
	}
	p->tags = tags;
	p->ntags = d->ntags;
}

struct outcome
handle_preview(struct ctx *c)
{
	static const struct post_form f = {
		"Preview", "Preview: fix the form", "/blog/preview", NULL,
	};
	struct post_input in;
	struct outcome refusal;
	struct post post;

	if (author_of_form(c, &f, &refusal) != 0)
		return refusal;
	/* It opens in a tab of its own: the form stays in the author's. */
	if (form_input(c, &in) != 0)
		return form_again(c, 422, &f, &in, "The post cannot be shown "
		    "as it is. Correct it here and preview it again, or in "
		    "the form you came from.");
	preview_post(c, &in, &post);
	return post_page(c, &post, "Preview, not saved: readers do not see "
	    "this page. Close it to go back to the form.");
}

/* Runs move (post_trash or post_restore) on the route's post; returns the
 * 303 to where, or the failure. */
static struct outcome
trash_move(struct ctx *c, int (*move)(struct db *, struct arena *,
    const char *), const char *doing, const char *where)
{
	struct outcome refusal;
	int rc;

	/* Signed out, the author comes back to the post, not to a POST. */
	if (auth_require(c, arena_printf(c->arena, "/blog/%s", c->slug),
	    &refusal) != AUTH_OK)
		return refusal;
	rc = move(c->db, c->arena, c->slug);
	if (rc == DB_NOT_FOUND)
		return outcome_error(404, "There is no post at this address "
		    "to do that to.");
	if (rc != DB_OK)
		return outcome_db_error(rc, arena_printf(c->arena, "%s post %s",
		    doing, c->slug));
	return outcome_redirect(303, where);
}

struct outcome
handle_delete(struct ctx *c)
{
	return trash_move(c, post_trash, "trashing", "/blog/");
}

struct outcome
handle_restore(struct ctx *c)
{
	return trash_move(c, post_restore, "restoring",
	    arena_printf(c->arena, "/blog/%s", c->slug));
}

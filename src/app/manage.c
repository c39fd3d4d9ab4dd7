/*
 * manage: the author's three lists, each newest first but the scheduled
 * posts, which come in the order readers will see them. Times are the
 * blog's zone's; the page is private and never stored.
 */
#include "../model/post.h"
#include "../view/view.h"
#include "auth.h"
#include "manage.h"
#include "render.h"

/* One list of the page: its section, what it holds, and its time. */
struct manage_list {
	const char *section;
	enum post_unseen which;
	const char *empty;
};

/* Returns the time a row of list which shows for p. */
static const struct date *
row_time(enum post_unseen which, const struct post *p)
{
	switch (which) {
	case POST_UNSEEN_SCHEDULED:
		return &p->publish_at;
	case POST_UNSEEN_TRASH:
		return &p->trashed_at;
	case POST_UNSEEN_DRAFTS:
		break;
	}
	return &p->updated;
}

/* Adds list l to d; returns DB_OK or the failure to read it. */
static int
add_list(struct ctx *c, struct view_dict *d, const struct manage_list *l)
{
	struct view_dict *s = view_add_section(d, l->section);
	struct post_list posts;
	size_t n;
	int rc;

	if ((rc = post_list_unseen(c->db, c->arena, l->which, &posts)) != DB_OK)
		return rc;
	n = posts.n > POST_UNSEEN_MAX ? POST_UNSEEN_MAX : posts.n;
	if (n == 0)
		view_set(view_add_section(s, "EMPTY"), "EMPTY_TEXT", l->empty);
	if (posts.n > n)
		view_set(view_add_section(s, "MORE"), "MORE_TEXT",
		    arena_printf(c->arena, "Only the first %d are listed.",
		    POST_UNSEEN_MAX));
	for (size_t i = 0; i < n; i++) {
		struct view_dict *row = view_add_section(s, "ROW");
		const struct post *p = &posts.v[i];

		view_set(row, "TITLE", p->title);
		view_set(row, "SLUG", p->slug);
		page_set_time(c, row, "WHEN", row_time(l->which, p));
		if (p->author[0] != '\0')
			view_set(view_add_section(row, "BYLINE"), "AUTHOR",
			    p->author);
	}
	return DB_OK;
}

struct outcome
handle_manage(struct ctx *c)
{
	static const struct manage_list lists[] = {
		{ "DRAFTS", POST_UNSEEN_DRAFTS, "No drafts." },
		{ "SCHEDULED", POST_UNSEEN_SCHEDULED, "Nothing scheduled." },
		{ "TRASH", POST_UNSEEN_TRASH, "The trash is empty." },
	};
	struct outcome refusal;
	struct view_dict *d;
	int rc;

	if (auth_require(c, "/blog/manage", &refusal) != AUTH_OK)
		return refusal;
	c->unpublished = 1;
	d = page_dict(c, arena_printf(c->arena, "Manage posts — %s",
	    c->cfg->blog_title));
	view_set(d, "TIMEZONE", c->cfg->blog_timezone);
	view_set(d, "TRASH_DAYS", arena_printf(c->arena, "%u",
	    c->cfg->trash_days));
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		if ((rc = add_list(c, d, &lists[i])) != DB_OK) {
			view_dict_free(d);
			return outcome_db_error(rc, "listing unpublished posts");
		}
	}
	return page_render(c, 200, "manage", d);
}

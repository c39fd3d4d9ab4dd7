/*
 * posts: the pages of posts: the index (newest first, paginated), a search
 * of it, and one post.
 */
#include <stdio.h>
#include <string.h>

#include "../lib/date.h"
#include "../lib/log.h"
#include "../lib/page.h"
#include "../lib/zone.h"
#include "../model/post.h"
#include "../model/search.h"
#include "../model/tag.h"
#include "../view/media_img.h"
#include "../view/view.h"
#include "auth.h"
#include "list.h"
#include "meta.h"
#include "posts.h"
#include "render.h"

struct outcome
handle_root(struct ctx *c)
{
	(void)c;
	return outcome_redirect(301, "/blog/");
}

/* Returns the sentence that says how many posts a search found. */
static const char *
search_count_note(struct ctx *c, const struct post_search_page *found)
{
	if (found->approximate)
		return arena_printf(c->arena, "More than %d,%03d posts match "
		    "(an estimate); the newest come first.",
		    POST_SEARCH_EXACT_MAX / 1000, POST_SEARCH_EXACT_MAX % 1000);
	if (found->total == 0)
		return NULL;
	return found->total == 1 ? "1 post matches." :
	    arena_printf(c->arena, "%llu posts match.", found->total);
}

/* /blog/?q=TEXT: the posts holding every word of TEXT, newest first. */
static struct outcome
search_page(struct ctx *c)
{
	const char *q = c->in[FIELD_Q].text;
	const char *heading = arena_printf(c->arena, "Search: \"%s\"", q);
	const char *title = arena_printf(c->arena, "%s — %s", heading,
	    c->cfg->blog_title);
	struct list_notes notes = { NULL, NULL, NULL, NULL };
	struct post_search_page found = { 0 };
	unsigned long long number = list_asked_page(c);
	unsigned per_page = c->cfg->per_page;
	struct search s;
	struct page p;
	int rc;

	c->noindex = 1;		/* before any page_dict */
	rc = search_build(c->arena, q, &s);
	if (s.ignored != NULL)
		notes.ignored = arena_printf(c->arena, "Left out as too short "
		    "or too common to search for: %s.", s.ignored);
	if (rc != SEARCH_OK) {
		/* Nothing the index can find: say so, read nothing. */
		page_compute(&p, 0, per_page, 1);
		if (number != 1)
			return list_no_such_page(c, &p);
		return list_render_notes(c, title, heading, &found.posts, &p,
		    "/blog/", q, rc == SEARCH_EMPTY ?
		    "Type a word to search for." :
		    "Its words are all too short or too common to search for: "
		    "add a longer or rarer word.", &notes);
	}
	if (per_page == 0)
		per_page = 1;
	if (number - 1 > POST_SEARCH_WALK_MAX * 100ULL / per_page) {
		/* Past any search's last page; its offset could overflow. */
		return outcome_error(404, arena_printf(c->arena, "There is "
		    "no page %llu of this search.", number));
	}
	if ((rc = post_search(c->db, c->arena, &s, c->site.post_count,
	    per_page, (number - 1) * per_page, &found)) != DB_OK)
		return outcome_db_error(rc, "searching posts");
	if (page_compute(&p, found.total, per_page, number) != 0) {
		if (found.approximate)
			return outcome_error(404, arena_printf(c->arena,
			    "There is no page %llu: words this common are "
			    "looked for in the newest %d posts only. Add a "
			    "word to narrow the search.", number,
			    POST_SEARCH_WALK_MAX));
		return list_no_such_page(c, &p);
	}
	notes.count = search_count_note(c, &found);
	if (found.approximate) {
		unsigned long long least = POST_SEARCH_EXACT_MAX / per_page;

		notes.pages = arena_printf(c->arena, "more than %llu",
		    number > least ? number : least);
	}
	return list_render_notes(c, title, heading, &found.posts, &p,
	    "/blog/", q, arena_printf(c->arena, "No posts match \"%s\".", q), &notes);
}

struct outcome
handle_index(struct ctx *c)
{
	struct post_list posts;
	struct page p;
	const char *title = c->cfg->blog_title;
	int rc;

	if (c->in[FIELD_Q].present)
		return search_page(c);
	if (page_compute(&p, c->site.post_count, c->cfg->per_page,
	    list_asked_page(c)) != 0)
		return list_no_such_page(c, &p);
	if ((rc = post_list_newest(c->db, c->arena, p.per_page, p.offset,
	    &posts)) != DB_OK)
		return outcome_db_error(rc, "listing posts");
	if (p.number > 1)
		title = arena_printf(c->arena, "%s — page %llu",
		    c->cfg->blog_title, p.number);
	return list_render(c, title, c->cfg->blog_title, &posts, &p, "/blog/", NULL,
	    "No posts yet.");
}

int
post_load(struct ctx *c, struct post *post, const char *doing,
    struct outcome *failed)
{
	int rc = post_get_by_slug(c->db, c->arena, c->slug, post);

	if (rc == DB_NOT_FOUND) {
		*failed = outcome_error(404, "There is no post at this address.");
		return -1;
	}
	if (rc != DB_OK) {
		*failed = outcome_db_error(rc, arena_printf(c->arena, "%s %s",
		    doing, c->slug));
		return -1;
	}
	return 0;
}

/*
 * Returns what the banner over a post readers do not see says to its
 * author, or NULL for a post readers see.
 */
static const char *
post_banner(struct ctx *c, const struct post *post)
{
	char when[DATE_BUFSZ];
	struct date local;

	switch (post_standing(post)) {
	case POST_STANDING_VISIBLE:
		return NULL;
	case POST_STANDING_DRAFT:
		return "Draft: readers do not see this post until it is "
		    "published.";
	case POST_STANDING_SCHEDULED:
		zone_to_local(&c->app->zone, &post->publish_at, &local);
		zone_format_human(&local, when, sizeof(when));
		return arena_printf(c->arena, "Scheduled for %s (%s): readers "
		    "see this post from then.", when, c->cfg->blog_timezone);
	case POST_STANDING_TRASHED:
		zone_to_local(&c->app->zone, &post->trashed_at, &local);
		zone_format_human(&local, when, sizeof(when));
		return arena_printf(c->arena, "In the trash since %s: readers "
		    "do not see this post. Restore it from Manage posts; it "
		    "is deleted for good %u days after it was trashed.", when,
		    c->cfg->trash_days);
	}
	return NULL;
}

/* Adds the featured image at url (a /media/ URL, or "": none) to d. */
static void
add_featured(struct ctx *c, struct view_dict *d, const char *url)
{
	struct view_dict *f;
	struct media_img img;

	if (media_img_of(url, strlen(url), &img) != 0)
		return;
	f = view_add_section(d, "FEATURED");
	view_set(f, "FEATURED_SRC", url);
	view_set_int(f, "FEATURED_WIDTH", img.width);
	view_set_int(f, "FEATURED_HEIGHT", img.height);
	view_set(f, "FEATURED_SRCSET", img.srcset);
	view_set(f, "FEATURED_SIZES", MEDIA_IMG_SIZES);
	(void)c;
}

struct outcome
post_page(struct ctx *c, const struct post *shown_post, const char *banner)
{
	struct post rendered = *shown_post, *post = &rendered;
	struct view_dict *d;
	const struct date *shown = post->publish_at.year != 0 ?
	    &post->publish_at : &post->updated;

	/* Its html and description: stored, else made (and stored) now. */
	(void)list_post_rendering(c, post, 1);
	if (banner != NULL)
		c->unpublished = 1;	/* before page_dict: noindex */
	d = page_dict(c, arena_printf(c->arena, "%s — %s", post->title,
	    c->cfg->blog_title));
	meta_post(c, d, post);
	if (banner != NULL)
		view_set(view_add_section(d, "BANNER"), "BANNER_TEXT", banner);
	view_set(d, "TITLE", post->title);
	view_set(d, "SLUG", post->slug);
	page_set_date(c, d, "DATE", shown);
	if (date_to_unix(&post->updated) > date_to_unix(shown))
		page_set_date(c, view_add_section(d, "UPDATED"), "UPDATED",
		    &post->updated);
	if (post->author != NULL && post->author[0] != '\0')
		view_set(view_add_section(d, "BYLINE"), "AUTHOR", post->author);
	for (size_t i = 0; i < post->ntags; i++) {
		struct view_dict *tag = view_add_section(d, "TAG");

		view_set(tag, "TAG_NAME", post->tags[i].name);
		view_set(tag, "TAG_SLUG", post->tags[i].slug);
	}
	if (post->featured_image != NULL)
		add_featured(c, d, post->featured_image);
	if (post->html == NULL) {
		view_dict_free(d);
		log_error("%s %s: post %lld: its body could not be rendered",
		    c->req->method_name, c->req->uri, post->id);
		return outcome_error(500, "This post could not be shown.");
	}
	view_set(d, "BODY_HTML", post->html);
	/* Edit and delete, for an author (the layout set CSRF_TOKEN); a
	 * preview has nothing saved to act on. */
	if (auth_user(c) != NULL && post->id != 0) {
		struct view_dict *act = view_add_section(d, "CAN_EDIT");

		if (post->trashed_at.year != 0)
			view_show(act, "TRASHED");
		else
			view_show(act, "NOT_TRASHED");
	}
	return page_render(c, 200, "post", d);
}

struct outcome
handle_post(struct ctx *c)
{
	struct post post;
	struct outcome failed;
	const char *banner;

	if (post_load(c, &post, "reading post", &failed) != 0)
		return failed;
	banner = post_banner(c, &post);
	/* Readers: what they may not see does not exist. */
	if (banner != NULL && auth_user(c) == NULL)
		return outcome_error(404, "There is no post at this address.");
	return post_page(c, &post, banner);
}

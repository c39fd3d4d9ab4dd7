/*
 * feed: /blog/feed.atom, the 20 newest posts as Atom 1.0 (RFC 4287), and
 * /blog/tag/<slug>/feed.atom, a tag's; absolute links made from [server]
 * base_url.
 */
#include <stdio.h>
#include <time.h>

#include "../lib/date.h"
#include "../lib/log.h"
#include "../model/post.h"
#include "../model/tag.h"
#include "../view/view.h"
#include "feed.h"
#include "list.h"
#include "meta.h"

#define FEED_ENTRIES 20

/*
 * Returns an entry's <updated>: its last change, or when it was published
 * if that is later (a scheduled post written before its time).
 */
static const struct date *
entry_updated(const struct post *p)
{
	return date_compare(&p->updated, &p->publish_at) > 0 ? &p->updated :
	    &p->publish_at;
}

/* Returns the feed's <updated>: its newest change, or now when empty. */
static struct date
feed_updated(const struct post_list *posts)
{
	struct date newest;

	if (posts->n == 0) {
		date_from_unix((long long)time(NULL), &newest);
		return newest;
	}
	newest = *entry_updated(&posts->v[0]);
	for (size_t i = 1; i < posts->n; i++)
		if (date_compare(entry_updated(&posts->v[i]), &newest) > 0)
			newest = *entry_updated(&posts->v[i]);
	return newest;
}

/* Adds one <entry>; returns 0, or -1 if its body would not render. */
static int
add_entry(struct ctx *c, struct view_dict *d, struct post *p)
{
	struct view_dict *e = view_add_section(d, "ENTRY");
	const char *url = arena_printf(c->arena, "%s/blog/%s",
	    c->cfg->base_url, p->slug);
	char date[DATE_BUFSZ];

	view_set(e, "ENTRY_TITLE", p->title);
	view_set(e, "ENTRY_URL", url);
	view_set(e, "ENTRY_ID", url);
	date_iso(&p->publish_at, date, sizeof(date));
	view_set(e, "ENTRY_PUBLISHED", date);
	date_iso(entry_updated(p), date, sizeof(date));
	view_set(e, "ENTRY_UPDATED", date);
	/* Every entry names its author: a post with none is the blog's. */
	view_set(e, "ENTRY_AUTHOR_NAME", p->author[0] != '\0' ? p->author :
	    c->cfg->blog_title);
	for (size_t i = 0; i < p->ntags; i++)
		view_set(view_add_section(e, "ENTRY_CATEGORY"), "TAG_NAME",
		    p->tags[i].name);
	if (list_post_rendering(c, p, 1) != 0)
		return -1;
	view_set(e, "ENTRY_CONTENT", p->html);
	return 0;
}

/* Returns the 500 of a feed that could not be made. */
static struct outcome
feed_failed(void)
{
	return outcome_error(500, "The feed could not be made.");
}

/* What a feed says of itself: its title and its two addresses. */
struct feed_head {
	const char *title;
	const char *page;	/* the page it follows, absolute: its id too */
	const char *self;	/* the feed's own address, absolute */
};

/* Renders the feed of posts as the response. */
static struct outcome
feed_render(struct ctx *c, const struct feed_head *head,
    struct post_list *posts)
{
	struct view_dict *d;
	struct date updated;
	char date[DATE_BUFSZ];
	int rc;

	updated = feed_updated(posts);
	d = view_dict_new();
	view_set(d, "FEED_TITLE", head->title);
	view_set(d, "FEED_ID", head->page);
	view_set(d, "SITE_URL", head->page);
	view_set(d, "FEED_URL", head->self);
	date_iso(&updated, date, sizeof(date));
	view_set(d, "UPDATED", date);
	view_set(d, "AUTHOR_NAME", c->cfg->blog_title);
	for (size_t i = 0; i < posts->n; i++) {
		if (add_entry(c, d, &posts->v[i]) != 0) {
			log_error("%s %s: post %lld: its body could not be "
			    "rendered", c->req->method_name, c->req->uri,
			    posts->v[i].id);
			view_dict_free(d);
			return feed_failed();
		}
	}
	buf_clear(&c->resp->body);
	rc = view_render("feed.atom.tpl", d, &c->resp->body);
	view_dict_free(d);
	if (rc != 0) {
		log_error("%s %s: rendering template feed.atom.tpl failed",
		    c->req->method_name, c->req->uri);
		return feed_failed();
	}
	c->resp->status = 200;
	c->resp->content_type = "application/atom+xml";
	http_response_header(c->resp, "Cache-Control", "no-cache");
	return outcome_page();
}

struct outcome
handle_feed(struct ctx *c)
{
	struct feed_head head = {
		c->cfg->blog_title, meta_url(c, "/blog/"),
		meta_url(c, "/blog/feed.atom"),
	};
	struct post_list posts;
	int rc;

	if ((rc = post_list_feed(c->db, c->arena, FEED_ENTRIES, &posts)) !=
	    DB_OK)
		return outcome_db_error(rc, "listing the feed's posts");
	return feed_render(c, &head, &posts);
}

struct outcome
handle_tag_feed(struct ctx *c)
{
	struct feed_head head;
	struct post_list posts;
	struct tag tag;
	int rc;

	rc = tag_get_by_slug(c->db, c->arena, c->slug, &tag);
	if (rc == DB_NOT_FOUND)
		return outcome_error(404, "There is no tag at this address.");
	if (rc != DB_OK ||
	    (rc = post_list_feed_by_tag(c->db, c->arena, tag.id, FEED_ENTRIES,
	    &posts)) != DB_OK)
		return outcome_db_error(rc, arena_printf(c->arena,
		    "listing the feed of tag %s", c->slug));
	head.title = meta_tag_title(c, &tag);
	head.page = meta_url(c, arena_printf(c->arena, "/blog/tag/%s",
	    tag.slug));
	head.self = arena_printf(c->arena, "%s/feed.atom", head.page);
	return feed_render(c, &head, &posts);
}

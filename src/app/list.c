/*
 * list: the page shared by the index, a search and a tag's page: posts with
 * their dates, tags and excerpts, and links to the neighbouring pages.
 */
#include <stdio.h>

#include "../http/urlencode.h"
#include "../lib/date.h"
#include "../lib/page.h"
#include "../model/post.h"
#include "../model/tag.h"
#include "../view/markdown.h"
#include "../view/view.h"
#include "list.h"
#include "meta.h"
#include "render.h"

/* Characters of an excerpt on a list. */
#define EXCERPT_CHARS 280

/* Returns the URL of page number of path, with q kept; page 1 has none. */
static const char *
page_url(struct ctx *c, const char *path, const char *q,
    unsigned long long number)
{
	struct buf *url = &c->app->scratch;

	buf_clear(url);
	buf_puts(url, path);
	if (q != NULL) {
		buf_puts(url, "?q=");
		http_url_encode(url, q);
	}
	if (number > 1)
		buf_printf(url, "%spage=%llu", q != NULL ? "&" : "?", number);
	return arena_strdup(c->arena, url->data);
}

static void
add_post(struct ctx *c, struct view_dict *d, const struct post *p)
{
	struct view_dict *row = view_add_section(d, "POST");
	struct buf *excerpt = &c->app->scratch;

	view_set(row, "TITLE", p->title);
	view_set(row, "SLUG", p->slug);
	page_set_date(c, row, "DATE", &p->publish_at);
	buf_clear(excerpt);
	/* A body that will not parse shows no excerpt rather than no page. */
	if (markdown_excerpt(p->body, p->body_len, EXCERPT_CHARS, excerpt) != 0)
		buf_clear(excerpt);
	view_set(row, "EXCERPT", excerpt->data ? excerpt->data : "");
	for (size_t i = 0; i < p->ntags; i++) {
		struct view_dict *tag = view_add_section(row, "TAG");

		view_set(tag, "TAG_NAME", p->tags[i].name);
		view_set(tag, "TAG_SLUG", p->tags[i].slug);
	}
}

void
list_add_pagination(struct ctx *c, struct view_dict *d, const struct page *p,
    const char *path, const char *q, const char *pages)
{
	struct view_dict *nav;

	if (p->pages <= 1)
		return;
	nav = view_add_section(d, "PAGINATION");
	view_set_int(nav, "PAGE", (long long)p->number);
	/* An estimated count knows no last page: "of more than 100". */
	if (pages != NULL)
		view_set(nav, "PAGES", pages);
	else
		view_set_int(nav, "PAGES", (long long)p->pages);
	if (page_has_prev(p))
		view_set(view_add_section(nav, "PREV"), "PREV_URL",
		    page_url(c, path, q, p->number - 1));
	if (page_has_next(p))
		view_set(view_add_section(nav, "NEXT"), "NEXT_URL",
		    page_url(c, path, q, p->number + 1));
}

struct outcome
list_render(struct ctx *c, const char *doc_title, const char *heading,
    const struct post_list *posts, const struct page *p, const char *path,
    const char *q, const char *empty_message)
{
	struct list_notes notes = { NULL, NULL, NULL, NULL };

	return list_render_notes(c, doc_title, heading, posts, p, path, q,
	    empty_message, &notes);
}

struct outcome
list_render_notes(struct ctx *c, const char *doc_title, const char *heading,
    const struct post_list *posts, const struct page *p, const char *path,
    const char *q, const char *empty_message, const struct list_notes *notes)
{
	struct view_dict *d = page_dict(c, doc_title);

	meta_canonical(c, d, page_url(c, path, q, p->number));
	if (notes->tag != NULL)
		meta_tag_feed(c, d, notes->tag);
	view_set(d, "HEADING", heading);
	if (notes->count != NULL)
		view_set(view_add_section(d, "COUNT_NOTE"), "COUNT_TEXT",
		    notes->count);
	if (notes->ignored != NULL)
		view_set(view_add_section(d, "IGNORED_NOTE"), "IGNORED_TEXT",
		    notes->ignored);
	for (size_t i = 0; i < posts->n; i++)
		add_post(c, d, &posts->v[i]);
	if (posts->n == 0)
		view_set(view_add_section(d, "NO_POSTS"), "NO_POSTS_MESSAGE",
		    empty_message);
	list_add_pagination(c, d, p, path, q, notes->pages);
	return page_render(c, 200, "list", d);
}

unsigned long long
list_asked_page(const struct ctx *c)
{
	return c->in[FIELD_PAGE].present ? c->in[FIELD_PAGE].number : 1;
}

struct outcome
list_no_such_page(struct ctx *c, const struct page *p)
{
	return outcome_error(404, arena_printf(c->arena, "There is no page "
	    "%llu: this list has %llu.", list_asked_page(c), p->pages));
}

/*
 * list: the page shared by the index, a search and a tag's page: posts with
 * their dates, tags and excerpts, and links to the neighbouring pages. And
 * a post's rendering for every page that shows one (list_post_rendering):
 * read with the post when current, else made here and stored.
 */
#include <stdio.h>
#include <time.h>

#include "../http/urlencode.h"
#include "../lib/date.h"
#include "../lib/log.h"
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

/*
 * What post_html stores is made here, by these lengths and the renderer:
 * a change to any must come with a new POST_RENDERER (post.h), or
 * readers would be shown renderings made the old way.
 */
_Static_assert(POST_RENDERER == 1 && MARKDOWN_RENDERER == 1 &&
    EXCERPT_CHARS == 280 && META_DESCRIPTION_CHARS == 160 &&
    POST_EXCERPT_SOURCE == 4000, "a rendering changed: bump POST_RENDERER "
    "and update this check");

/* Seconds a worker stops storing renderings after a store failed. */
#define STORE_PAUSE 60

/* Until when this worker does not store renderings (a read-only server). */
static time_t store_paused_until;

/*
 * Returns the bytes of the first max_chars characters (code points) of
 * the len bytes of UTF-8 at s: what MariaDB's LEFT() keeps.
 */
static size_t
utf8_prefix(const char *s, size_t len, size_t max_chars)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && max_chars-- == 0)
			break;
	return i;
}

/*
 * Returns in a the plain-text excerpt of max_chars characters of the len
 * bytes of Markdown at md: "" when it has none or will not parse.
 */
static const char *
excerpt_of(struct ctx *c, const char *md, size_t len, size_t max_chars)
{
	struct buf *text = &c->app->scratch;

	buf_clear(text);
	if (markdown_excerpt(md, len, max_chars, text) != 0 || text->len == 0)
		return "";
	return arena_strndup(c->arena, text->data, text->len);
}

/*
 * Stores p's rendering, on the primary even when the page reads from the
 * replica (a rendering of an older row is only found stale there: it is
 * stored with the row's updated_at and checksum). A failure pauses
 * storing.
 */
static void
store_rendering(struct ctx *c, const struct post *p)
{
	struct post_rendering r = {
		POST_RENDERER, p->html, p->excerpt, p->description,
	};
	struct db *primary = &c->app->db;
	int rc;

	if ((rc = post_html_put(primary, c->arena, p, &r)) == DB_OK)
		return;
	/* Its own rendering serves the page; say so once a pause. */
	store_paused_until = time(NULL) + STORE_PAUSE;
	log_error("storing the rendering of post %lld failed (%d): %s; not "
	    "storing any for %d s", p->id, rc, primary->error, STORE_PAUSE);
}

int
list_post_rendering(struct ctx *c, struct post *p, int need_html)
{
	int storing = p->id != 0 && time(NULL) >= store_paused_until;

	if (p->rendered)
		return 0;
	/* Made whole only to be stored; else what this page needs. */
	if (storing || !need_html)
		/* A list's excerpt: of the body's beginning, as always. */
		p->excerpt = excerpt_of(c, p->body, utf8_prefix(p->body,
		    p->body_len, POST_EXCERPT_SOURCE), EXCERPT_CHARS);
	if (storing)
		p->description = excerpt_of(c, p->body, p->body_len,
		    META_DESCRIPTION_CHARS);
	if (!storing && !need_html)
		return 0;
	buf_clear(&c->app->scratch);
	if (markdown_to_html(p->body, p->body_len, &c->app->scratch) != 0)
		return -1;
	p->html = arena_strndup(c->arena, c->app->scratch.data != NULL ?
	    c->app->scratch.data : "", c->app->scratch.len);
	if (storing) {
		store_rendering(c, p);
		p->rendered = 1;
	}
	return 0;
}

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
add_post(struct ctx *c, struct view_dict *d, struct post *p)
{
	struct view_dict *row = view_add_section(d, "POST");

	view_set(row, "TITLE", p->title);
	view_set(row, "SLUG", p->slug);
	page_set_date(c, row, "DATE", &p->publish_at);
	/* A body that will not parse shows no excerpt rather than no page. */
	(void)list_post_rendering(c, p, 0);
	view_set(row, "EXCERPT", p->excerpt != NULL ? p->excerpt : "");
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

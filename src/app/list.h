/*
 * list: the page shared by the index, a search and a tag's page: posts with
 * their dates, tags and excerpts, and links to the neighbouring pages.
 */
#ifndef APP_LIST_H
#define APP_LIST_H

#include "app.h"
#include "outcome.h"

struct page;
struct post;
struct post_list;
struct view_dict;

/* What a search says above its list (list_render_notes). */
struct list_notes {
	const char *count;	/* how many posts match, or NULL */
	const char *ignored;	/* the words left out, or NULL */
	const char *pages;	/* what "Page N of" says when the count is
				   an estimate ("more than 100"), or NULL */
	const struct tag *tag;	/* a tag's page: the tag, whose feed the
				   head links too; else NULL */
};

/*
 * Renders a list of posts (the index, a search, a tag's page): heading,
 * page p of the list, pagination links to path with q (may be NULL) kept,
 * and empty_message when there are no posts. Returns page_render's
 * outcome.
 */
struct outcome list_render(struct ctx *c, const char *doc_title,
    const char *heading, const struct post_list *posts, const struct page *p,
    const char *path, const char *q, const char *empty_message);

/* list_render with notes above the list. */
struct outcome list_render_notes(struct ctx *c, const char *doc_title,
    const char *heading, const struct post_list *posts, const struct page *p,
    const char *path, const char *q, const char *empty_message,
    const struct list_notes *notes);

/*
 * Adds to d the links to the pages around p (section PAGINATION: PAGE,
 * PAGES, PREV_URL, NEXT_URL) at path with q (may be NULL) kept; pages says
 * what "of N" says when not p->pages (NULL: p->pages). Nothing for one
 * page.
 */
void list_add_pagination(struct ctx *c, struct view_dict *d,
    const struct page *p, const char *path, const char *q, const char *pages);

/*
 * Gives p its rendering (html, excerpt, description; post.h) when the
 * model read none current: for a post saved (id not 0), all of it, made
 * from p's whole body and stored for the next readers; a store that fails
 * (a read-only server) pauses storing in this worker for a while, logged
 * once. While not storing, only what the page needs: the html when
 * need_html, else the excerpt (NULL parts are left for their users to
 * make). An excerpt or description the body has none of is "". Returns
 * 0, or -1 if the body will not render (html stays NULL, nothing stored).
 */
int list_post_rendering(struct ctx *c, struct post *p, int need_html);

/* Returns the page number the request asks for: its page field, else 1. */
unsigned long long list_asked_page(const struct ctx *c);

/* Returns the 404 for a page number past p's last page. */
struct outcome list_no_such_page(struct ctx *c, const struct page *p);

#endif

/* tags: a tag's page (its posts, paginated as the index) and every tag. */
#include <stdio.h>

#include "../lib/date.h"
#include "../lib/page.h"
#include "../model/post.h"
#include "../model/tag.h"
#include "../view/view.h"
#include "list.h"
#include "meta.h"
#include "render.h"
#include "tags.h"

struct outcome
handle_tag(struct ctx *c)
{
	struct tag tag;
	struct post_list posts;
	struct page p;
	struct list_notes notes = { NULL, NULL, NULL, NULL };
	const char *path, *title;
	int rc;

	rc = tag_get_by_slug(c->db, c->arena, c->slug, &tag);
	if (rc == DB_NOT_FOUND)
		return outcome_error(404, "There is no tag at this address.");
	if (rc != DB_OK)
		return outcome_db_error(rc, arena_printf(c->arena,
		    "reading tag %s", c->slug));
	if (page_compute(&p, (unsigned long long)tag.count, c->cfg->per_page,
	    list_asked_page(c)) != 0)
		return list_no_such_page(c, &p);
	if ((rc = post_list_by_tag(c->db, c->arena, tag.id, p.per_page,
	    p.offset, &posts)) != DB_OK ||
	    (rc = tags_for_posts(c->db, c->arena, posts.v, posts.n)) != DB_OK)
		return outcome_db_error(rc, arena_printf(c->arena,
		    "listing the posts of tag %s", c->slug));
	path = arena_printf(c->arena, "/blog/tag/%s", tag.slug);
	title = p.number > 1 ?
	    arena_printf(c->arena, "Posts tagged \"%s\" — page %llu — %s",
	    tag.name, p.number, c->cfg->blog_title) :
	    meta_tag_title(c, &tag);
	notes.tag = &tag;
	return list_render_notes(c, title, tag.name, &posts, &p, path, NULL,
	    "No posts carry this tag yet.", &notes);
}

struct outcome
handle_tags(struct ctx *c)
{
	struct tag *tags;
	struct view_dict *d;
	size_t n;
	int rc;

	if ((rc = tag_list_with_counts(c->db, c->arena, &tags, &n)) != DB_OK)
		return outcome_db_error(rc, "listing tags");
	d = page_dict(c, arena_printf(c->arena, "Tags — %s",
	    c->cfg->blog_title));
	for (size_t i = 0; i < n; i++) {
		struct view_dict *row = view_add_section(d, "TAG");

		view_set(row, "TAG_NAME", tags[i].name);
		view_set(row, "TAG_SLUG", tags[i].slug);
		view_set_int(row, "TAG_COUNT", tags[i].count);
	}
	if (n == 0)
		view_show(d, "NO_TAGS");
	return page_render(c, 200, "tags", d);
}

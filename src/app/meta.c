/*
 * meta: the values of the head layout.tpl writes for search engines,
 * feed readers and link previews. Every URL in them is absolute, made from
 * [server] base_url, since a preview or a crawler reads them without the
 * page's address at hand.
 */
#include <string.h>

#include "../lib/date.h"
#include "../lib/json.h"
#include "../lib/medianame.h"
#include "../model/post.h"
#include "../model/tag.h"
#include "../view/markdown.h"
#include "../view/media_img.h"
#include "../view/view.h"
#include "meta.h"

/* A link preview's image: the widest copy no wider than this. */
#define META_IMAGE_WIDTH 1920

const char *
meta_url(struct ctx *c, const char *path)
{
	return arena_printf(c->arena, "%s%s", c->cfg->base_url, path);
}

void
meta_canonical(struct ctx *c, struct view_dict *d, const char *path)
{
	view_set(d, "CANONICAL_URL", meta_url(c, path));
}

/*
 * Returns the path the client asked for, as it sent it (without the
 * query): the address of a page no handler names (a form, an error).
 */
static const char *
requested_path(struct ctx *c)
{
	const char *uri = c->req != NULL ? c->req->uri : NULL;

	if (uri == NULL || uri[0] != '/')
		return "/";
	return arena_strndup(c->arena, uri, strcspn(uri, "?#"));
}

void
meta_page(struct ctx *c, struct view_dict *d, const char *doc_title)
{
	meta_canonical(c, d, requested_path(c));
	view_set(d, "DESCRIPTION", c->cfg->blog_description);
	view_set(d, "OG_TITLE", doc_title);
	view_set(d, "OG_TYPE", "website");
	view_set(d, "TWITTER_CARD", "summary");
	view_set(d, "FEED_URL", meta_url(c, "/blog/feed.atom"));
	if (c->noindex || c->unpublished)
		view_show(d, "NOINDEX");
}

const char *
meta_tag_title(struct ctx *c, const struct tag *t)
{
	return arena_printf(c->arena, "Posts tagged \"%s\" — %s", t->name,
	    c->cfg->blog_title);
}

void
meta_tag_feed(struct ctx *c, struct view_dict *d, const struct tag *t)
{
	struct view_dict *feed = view_add_section(d, "TAG_FEED");

	view_set(feed, "TAG_FEED_TITLE", meta_tag_title(c, t));
	view_set(feed, "TAG_FEED_URL", meta_url(c, arena_printf(c->arena,
	    "/blog/tag/%s/feed.atom", t->slug)));
}

/*
 * Returns the absolute URL of the image a preview shows for the /media/
 * URL featured: its copy META_IMAGE_WIDTH wide, or the original when that
 * is not wider; its size and name in *img and *m. NULL when featured is
 * no image of ours.
 */
static const char *
preview_image(struct ctx *c, const char *featured, struct medianame *m,
    struct media_img *img)
{
	static const char prefix[] = "/media/";
	char name[MEDIANAME_MAX];
	const char *path;

	if (strncmp(featured, prefix, sizeof(prefix) - 1) != 0 ||
	    medianame_parse(featured + sizeof(prefix) - 1,
	    strlen(featured) - (sizeof(prefix) - 1), m) != 0)
		return NULL;
	m->copy = m->width > META_IMAGE_WIDTH ? META_IMAGE_WIDTH : 0;
	if (medianame_format(m, name) < 0)
		return NULL;
	path = arena_printf(c->arena, "%s%s", prefix, name);
	if (media_img_of(path, strlen(path), img) != 0)
		return NULL;
	return meta_url(c, path);
}

/*
 * Returns the post's description: its excerpt (its rendering's, else made
 * now), or the site's when it has no text of its own (only images, say).
 */
static const char *
post_description(struct ctx *c, const struct post *p)
{
	struct buf *text = &c->app->scratch;

	if (p->description != NULL)
		return p->description[0] != '\0' ? p->description :
		    c->cfg->blog_description;
	buf_clear(text);
	if (markdown_excerpt(p->body, p->body_len, META_DESCRIPTION_CHARS,
	    text) != 0 || text->len == 0)
		return c->cfg->blog_description;
	return arena_strndup(c->arena, text->data, text->len);
}

/* Appends ,"name":"value" to the JSON-LD in out. */
static void
json_member(struct buf *out, const char *name, const char *value)
{
	buf_printf(out, ",\"%s\":", name);
	json_string_in_html(out, value);
}

/*
 * Returns the post's schema.org BlogPosting as JSON for a data block
 * (json_string_in_html: nothing in it ends the element).
 */
static const char *
post_json_ld(struct ctx *c, const struct post *p, const char *url,
    const char *description, const char *published, const char *modified,
    const char *image)
{
	struct buf *out = &c->app->scratch;

	buf_clear(out);
	buf_puts(out, "{\"@context\":\"https://schema.org\","
	    "\"@type\":\"BlogPosting\"");
	json_member(out, "headline", p->title);
	json_member(out, "description", description);
	json_member(out, "url", url);
	json_member(out, "mainEntityOfPage", url);
	json_member(out, "datePublished", published);
	json_member(out, "dateModified", modified);
	if (p->author != NULL && p->author[0] != '\0') {
		buf_puts(out, ",\"author\":{\"@type\":\"Person\"");
		json_member(out, "name", p->author);
		buf_puts(out, "}");
	}
	buf_puts(out, ",\"publisher\":{\"@type\":\"Organization\"");
	json_member(out, "name", c->cfg->blog_title);
	buf_puts(out, "}");
	if (image != NULL)
		json_member(out, "image", image);
	if (p->ntags > 0) {
		buf_puts(out, ",\"keywords\":[");
		for (size_t i = 0; i < p->ntags; i++) {
			if (i > 0)
				buf_puts(out, ",");
			json_string_in_html(out, p->tags[i].name);
		}
		buf_puts(out, "]");
	}
	buf_puts(out, "}");
	return arena_strndup(c->arena, out->data, out->len);
}

void
meta_post(struct ctx *c, struct view_dict *d, const struct post *p)
{
	/* A preview of a post never saved has no address of its own yet. */
	const char *url = p->slug[0] != '\0' ? meta_url(c,
	    arena_printf(c->arena, "/blog/%s", p->slug)) :
	    meta_url(c, requested_path(c));
	const struct date *published = p->publish_at.year != 0 ?
	    &p->publish_at : &p->updated;
	const struct date *modified = date_compare(&p->updated, published) >
	    0 ? &p->updated : published;
	const char *description = post_description(c, p), *image = NULL;
	char published_iso[DATE_BUFSZ], modified_iso[DATE_BUFSZ];
	struct view_dict *article;
	struct medianame m;
	struct media_img img;

	date_iso(published, published_iso, sizeof(published_iso));
	date_iso(modified, modified_iso, sizeof(modified_iso));
	view_set(d, "CANONICAL_URL", url);
	view_set(d, "DESCRIPTION", description);
	view_set(d, "OG_TITLE", p->title);
	view_set(d, "OG_TYPE", "article");
	article = view_add_section(d, "ARTICLE");
	view_set(article, "PUBLISHED_TIME", published_iso);
	view_set(article, "MODIFIED_TIME", modified_iso);
	for (size_t i = 0; i < p->ntags; i++)
		view_set(view_add_section(article, "ARTICLE_TAG"),
		    "ARTICLE_TAG_NAME", p->tags[i].name);
	if (p->featured_image != NULL &&
	    (image = preview_image(c, p->featured_image, &m, &img)) !=
	    NULL) {
		struct view_dict *og = view_add_section(d, "OG_IMAGE");

		view_set(og, "OG_IMAGE_URL", image);
		view_set_int(og, "OG_IMAGE_WIDTH", img.width);
		view_set_int(og, "OG_IMAGE_HEIGHT", img.height);
		view_set(og, "OG_IMAGE_TYPE", medianame_mime(m.type));
		view_set(d, "TWITTER_CARD", "summary_large_image");
	}
	view_set(view_add_section(d, "JSON_LD"), "JSON_LD_TEXT",
	    post_json_ld(c, p, url, description, published_iso, modified_iso,
	    image));
}

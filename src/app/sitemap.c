/*
 * sitemap: the sitemap's URLs are numbered 0 to n - 1 in one order (the
 * index, the tags by slug, the posts newest first), so that part k is
 * simply URLs (k - 1) * SITEMAP_URLS_MAX onwards. They are written
 * straight into the response as the model reads them, a chunk of rows at a
 * time: not through a template, whose dictionary would hold every URL at
 * once. What goes in is safe as it is but base_url, escaped once.
 */
#include <stdio.h>
#include <string.h>

#include "../lib/date.h"
#include "../model/sitemap.h"
#include "../view/entity.h"
#include "routes.h"
#include "sitemap.h"

#define XML_TYPE "application/xml; charset=utf-8"
#define SITEMAP_NS "http://www.sitemaps.org/schemas/sitemap/0.9"

/* Where URLs are written, and the site's address as XML text. */
struct sitemap_out {
	struct buf *body;
	const char *base;
};

/* Returns s as XML text (entity.h). */
static const char *
xml_text(struct ctx *c, const char *s)
{
	struct buf *out = &c->app->scratch;

	buf_clear(out);
	entity_escape(out, s, strlen(s));
	return arena_strndup(c->arena, out->data ? out->data : "", out->len);
}

/* Writes one <url> of path (slug may be NULL), with lastmod if not NULL. */
static void
put_url(struct sitemap_out *o, const char *path, const char *slug,
    const struct date *lastmod)
{
	char when[DATE_BUFSZ];

	buf_printf(o->body, "<url><loc>%s%s%s</loc>", o->base, path,
	    slug != NULL ? slug : "");
	if (lastmod != NULL) {
		date_iso(lastmod, when, sizeof(when));
		buf_printf(o->body, "<lastmod>%s</lastmod>", when);
	}
	buf_puts(o->body, "</url>\n");
}

static int
put_tag(const char *slug, void *arg)
{
	put_url(arg, "/blog/tag/", slug, NULL);
	return 0;
}

static int
put_post(const char *slug, const struct date *lastmod, void *arg)
{
	put_url(arg, "/blog/", slug, lastmod);
	return 0;
}

/* Starts an XML answer in c->resp. */
static struct buf *
xml_start(struct ctx *c)
{
	buf_clear(&c->resp->body);
	c->resp->status = 200;
	c->resp->content_type = XML_TYPE;
	http_response_header(c->resp, "Cache-Control", "no-cache");
	buf_puts(&c->resp->body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	return &c->resp->body;
}

/*
 * Answers a <urlset> of URLs from to to (not included) of the sitemap
 * whose tags are ntags.
 */
static struct outcome
urlset(struct ctx *c, unsigned long long ntags, unsigned long long from,
    unsigned long long to)
{
	struct sitemap_out o = { xml_start(c), xml_text(c, c->cfg->base_url) };
	unsigned long long tags_end = 1 + ntags;
	int rc = DB_OK;

	buf_puts(o.body, "<urlset xmlns=\"" SITEMAP_NS "\">\n");
	if (from == 0)
		put_url(&o, "/blog/", NULL, &c->site.changed);
	if (from < tags_end && to > 1) {
		unsigned long long first = from > 1 ? from - 1 : 0;
		unsigned long long last = (to < tags_end ? to : tags_end) - 1;

		rc = sitemap_each_tag(c->db, first, last - first, put_tag, &o);
	}
	if (rc == DB_OK && to > tags_end) {
		unsigned long long first = from > tags_end ? from - tags_end :
		    0;

		rc = sitemap_each_post(c->db, first, to - tags_end - first,
		    put_post, &o);
	}
	if (rc != DB_OK)
		return outcome_db_error(rc, "listing the sitemap's URLs");
	buf_puts(o.body, "</urlset>\n");
	return outcome_page();
}

/* Reads how many URLs the sitemap has (and of them, tags) into *n. */
static int
sitemap_size(struct ctx *c, unsigned long long *ntags,
    unsigned long long *n)
{
	int rc = sitemap_count_tags(c->db, ntags);

	*n = 1 + *ntags + c->site.post_count;
	return rc;
}

/* Returns the number of parts of a sitemap of n URLs (1: no index). */
static unsigned long long
sitemap_parts(unsigned long long n)
{
	return (n + SITEMAP_URLS_MAX - 1) / SITEMAP_URLS_MAX;
}

struct outcome
handle_sitemap(struct ctx *c)
{
	unsigned long long ntags, n, parts;
	struct sitemap_out o;
	char when[DATE_BUFSZ];
	int rc;

	if ((rc = sitemap_size(c, &ntags, &n)) != DB_OK)
		return outcome_db_error(rc, "counting the sitemap's URLs");
	if ((parts = sitemap_parts(n)) <= 1)
		return urlset(c, ntags, 0, n);
	o.body = xml_start(c);
	o.base = xml_text(c, c->cfg->base_url);
	date_iso(&c->site.changed, when, sizeof(when));
	buf_puts(o.body, "<sitemapindex xmlns=\"" SITEMAP_NS "\">\n");
	for (unsigned long long k = 1; k <= parts; k++)
		buf_printf(o.body, "<sitemap><loc>%s/sitemap-%llu.xml</loc>"
		    "<lastmod>%s</lastmod></sitemap>\n", o.base, k, when);
	buf_puts(o.body, "</sitemapindex>\n");
	return outcome_page();
}

/* Returns the part number slug names ("1", "2", ...), or 0 if none. */
static unsigned long long
part_number(const char *slug)
{
	unsigned long long k = 0;

	if (slug[0] < '1' || slug[0] > '9' || strlen(slug) > 9)
		return 0;
	for (; *slug != '\0'; slug++) {
		if (*slug < '0' || *slug > '9')
			return 0;
		k = k * 10 + (unsigned long long)(*slug - '0');
	}
	return k;
}

struct outcome
handle_sitemap_part(struct ctx *c)
{
	unsigned long long ntags, n, parts, k = part_number(c->slug), from;
	int rc;

	if (k == 0)
		return outcome_error(404, "There is no such part of the "
		    "sitemap.");
	if ((rc = sitemap_size(c, &ntags, &n)) != DB_OK)
		return outcome_db_error(rc, "counting the sitemap's URLs");
	if ((parts = sitemap_parts(n)) <= 1 || k > parts)
		return outcome_error(404, arena_printf(c->arena, "There is no "
		    "part %llu of the sitemap: see /sitemap.xml.", k));
	from = (k - 1) * SITEMAP_URLS_MAX;
	return urlset(c, ntags, from, from + SITEMAP_URLS_MAX < n ?
	    from + SITEMAP_URLS_MAX : n);
}

/* Returns whether a page reads fields of its query string. */
static int
reads_query(const struct route *r)
{
	for (size_t i = 0; i < FIELD__MAX; i++)
		if ((r->fields & FIELD_BIT(i)) &&
		    fields[i].source == FIELD_FROM_QUERY)
			return 1;
	return 0;
}

/*
 * Writes the Disallow lines of the pattern of an author's page: {slug} as
 * RFC 9309's "*". Under /blog/, where a post's slug could begin with the
 * same letters ("create-a-blog"), the rule ends the path with "$", and a
 * page that reads a query gets a second one for it.
 */
static void
put_disallow(struct buf *out, const struct route *r)
{
	const char *p = r->pattern, *slug = strstr(p, "{slug}");
	struct buf path = { 0 };

	if (slug != NULL) {
		buf_append(&path, p, (size_t)(slug - p));
		buf_puts(&path, "*");
		buf_puts(&path, slug + strlen("{slug}"));
	} else
		buf_puts(&path, p);
	if (strncmp(p, "/blog/", 6) != 0)
		buf_printf(out, "Disallow: %s\n", path.data);
	else {
		buf_printf(out, "Disallow: %s$\n", path.data);
		if (reads_query(r))
			buf_printf(out, "Disallow: %s?\n", path.data);
	}
	buf_free(&path);
}

struct outcome
handle_robots(struct ctx *c)
{
	struct buf *out = &c->resp->body;

	buf_clear(out);
	buf_puts(out, "# Crawlers: every post and tag is in the sitemap. The "
	    "authors' pages\n# are left out; a search is noindex.\n"
	    "User-agent: *\n");
	for (size_t i = 0; i < PAGE__MAX; i++)
		if (page_for_authors[i])
			put_disallow(out, &routes[i]);
	buf_puts(out, "Disallow: /blog/?q=\nDisallow: /blog/?*&q=\n");
	buf_printf(out, "\nSitemap: %s/sitemap.xml\n", c->cfg->base_url);
	c->resp->status = 200;
	c->resp->content_type = "text/plain; charset=utf-8";
	http_response_header(c->resp, "Cache-Control", "no-cache");
	return outcome_page();
}

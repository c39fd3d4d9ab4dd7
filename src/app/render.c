/*
 * render: answering with a page. The layout's values, rendering through
 * the view, and conditional GET (ETag, Last-Modified, 304). It knows who
 * is signed in from auth.c and answers failures as outcomes: it renders
 * no error page (errors.c does, with page_dict).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../lib/date.h"
#include "../lib/hash.h"
#include "../lib/log.h"
#include "../view/view.h"
#include "../model/schedule.h"
#include "../model/site.h"
#include "auth.h"
#include "cache.h"
#include "meta.h"
#include "pagefile.h"
#include "render.h"
#include "replica.h"

#define HTML_TYPE "text/html; charset=utf-8"

struct view_dict *
page_dict(struct ctx *c, const char *doc_title)
{
	struct view_dict *d = view_dict_new();
	const struct field_value *q = &c->in[FIELD_Q];
	const struct signed_in *user = auth_user(c);

	view_set(d, "DOC_TITLE", doc_title);
	view_set(d, "BLOG_TITLE", c->cfg->blog_title);
	view_set(d, "SEARCH_Q", q->present ? q->text : "");
	meta_page(c, d, doc_title);
	if (user != NULL) {
		/* Top level, so that the page's forms see them too. */
		view_set(d, "USERNAME", user->username);
		view_set(d, "CSRF_TOKEN", user->csrf_token);
		view_show(d, "SIGNED_IN");
	} else
		view_show(d, "SIGNED_OUT");
	return d;
}

/* page_set_date, or page_set_time when with_time is set. */
static void
page_set_instant(struct ctx *c, struct view_dict *d, const char *prefix,
    const struct date *utc, int with_time)
{
	char text[DATE_BUFSZ];
	struct date local;

	date_iso(utc, text, sizeof(text));
	view_set(d, arena_printf(c->arena, "%s_ISO", prefix), text);
	zone_to_local(&c->app->zone, utc, &local);
	if (with_time)
		zone_format_human(&local, text, sizeof(text));
	else
		date_human(&local, text, sizeof(text));
	view_set(d, arena_printf(c->arena, "%s_HUMAN", prefix), text);
}

void
page_set_date(struct ctx *c, struct view_dict *d, const char *prefix,
    const struct date *utc)
{
	page_set_instant(c, d, prefix, utc, 0);
}

void
page_set_time(struct ctx *c, struct view_dict *d, const char *prefix,
    const struct date *utc)
{
	page_set_instant(c, d, prefix, utc, 1);
}

void
page_cache_headers(struct ctx *c)
{
	const char *policy = "no-cache";

	if (c->unpublished)
		policy = "private, no-store";
	else if (c->no_store)
		policy = "no-store";
	else if (auth_user(c) != NULL)
		policy = "private, no-cache";
	http_response_header(c->resp, "Cache-Control", policy);
	/* The same address shows the layout of whoever is signed in. */
	http_response_header(c->resp, "Vary", "Cookie");
}

struct outcome
page_render(struct ctx *c, int status, const char *page, struct view_dict *d)
{
	struct http_response *resp = c->resp;

	buf_clear(&resp->body);
	if (view_render_page(page, d, &resp->body) != 0) {
		view_dict_free(d);
		log_error("%s %s: rendering template %s.tpl failed",
		    c->req->method_name, c->req->uri, page);
		return outcome_error(500, "This page could not be shown.");
	}
	view_dict_free(d);
	resp->status = status;
	resp->content_type = HTML_TYPE;
	/* Pages change whenever a post does: revalidate every time. */
	page_cache_headers(c);
	return outcome_page();
}

/*
 * Returns whether the If-None-Match list holds etag, comparing weakly (W/
 * ignored), as RFC 9110 asks for GET and HEAD.
 */
static int
etag_listed(const char *list, const char *etag)
{
	const char *opaque = strncmp(etag, "W/", 2) == 0 ? etag + 2 : etag;
	size_t len = strlen(opaque);

	while (*list != '\0') {
		size_t n;

		while (*list == ' ' || *list == '\t' || *list == ',')
			list++;
		if (*list == '*')
			return 1;
		if (strncmp(list, "W/", 2) == 0)
			list += 2;
		n = strcspn(list, ",");
		while (n > 0 && (list[n - 1] == ' ' || list[n - 1] == '\t'))
			n--;
		if (n == len && strncmp(list, opaque, len) == 0)
			return 1;
		list += strcspn(list, ",");
	}
	return 0;
}

/*
 * Returns the page's cache key (cache.h), in the request's arena. A
 * signed-in author's copy holds a name and the session's token, so it is
 * the session's own: its key names the session, the user and the token.
 */
static const char *
page_cache_key(struct ctx *c)
{
	const struct signed_in *user = auth_user(c);
	struct buf key = { 0 };
	const char *copy;

	cache_key(&key, c->req->path, fields, c->in, FIELD__MAX);
	if (user != NULL)
		buf_printf(&key, "\n%lld %lld %016llx %s", user->user_id,
		    user->session_id, (unsigned long long)hash_string(
		    HASH_START, user->csrf_token), user->username);
	copy = arena_strdup(c->arena, key.data);
	buf_free(&key);
	return copy;
}

int
page_is_current(const char *if_none_match, const char *if_modified_since,
    const char *etag, long long changed)
{
	long long since;

	if (if_none_match != NULL)
		return etag_listed(if_none_match, etag);
	return if_modified_since != NULL &&
	    date_parse_http(if_modified_since, &since) == 0 &&
	    changed <= since;
}

/*
 * Returns what names the site's state a page was made from, for the
 * worker's cache and the version's ETag: its version and when it moved,
 * so that a version number seen again after the database went back (a
 * restore, SQL by hand) is not taken for the old one.
 */
static unsigned long long
site_tag(const struct ctx *c)
{
	return (unsigned long long)hash_string(HASH_START, arena_printf(
	    c->arena, "%llu %lld.%06ld", c->site.version,
	    date_to_unix(&c->site.changed), c->site.changed.usec));
}

/*
 * Adds the ETag and Last-Modified of a page made from the site's version
 * (in etag, size bytes, and *changed, Unix time). The page shows what the
 * version covers, the configuration in its layout and head (the blog's
 * title and description, its absolute URLs), and who is signed in with the
 * session's token in its forms: a new session, a new ETag.
 */
static void
version_validators(struct ctx *c, char *etag, size_t size,
    long long *changed)
{
	const struct signed_in *user = auth_user(c);
	char date[DATE_BUFSZ], reader[64] = "anonymous";

	if (user != NULL)
		snprintf(reader, sizeof(reader), "user %lld session %lld",
		    user->user_id, user->session_id);
	snprintf(etag, size, "W/\"%016llx\"", (unsigned long long)
	    hash_string(hash_string(HASH_START, arena_printf(c->arena,
	    "%llu %s\n%s\n%s", site_tag(c), c->cfg->blog_title,
	    c->cfg->blog_description, c->cfg->base_url)), reader));
	http_response_header(c->resp, "ETag", etag);
	date_http(&c->site.changed, date, sizeof(date));
	http_response_header(c->resp, "Last-Modified", date);
	*changed = date_to_unix(&c->site.changed);
}

/*
 * Adds the ETag and Last-Modified Apache sends for the copy of stamp
 * (pagefile.h), so that a reader's copy from either is current for the
 * other.
 */
static void
copy_validators(struct ctx *c, const struct pagefile_stamp *stamp,
    char *etag, size_t size, long long *changed)
{
	char date[DATE_BUFSZ];
	struct date when;

	pagefile_etag(stamp, etag, size);
	http_response_header(c->resp, "ETag", etag);
	*changed = stamp->mtime_usec / 1000000;
	date_from_unix(*changed, &when);
	date_http(&when, date, sizeof(date));
	http_response_header(c->resp, "Last-Modified", date);
}

/* Turns the answer into a 304, when the client's copy is current. */
static int
not_modified(struct ctx *c, const char *etag, long long changed)
{
	if (!page_is_current(c->req->if_none_match,
	    c->req->if_modified_since, etag, changed))
		return 0;
	c->resp->status = 304;
	buf_clear(&c->resp->body);
	page_cache_headers(c);
	return 1;
}

/*
 * Returns whether the request's query string is the page's own: its
 * fields that the request gave, each once, their names as written in the
 * table, a page number without leading zeros, and nothing else. A copy is
 * named after the query as sent, so without this a client could make new
 * copies of one page at will (&r=123): those are answered from the
 * worker's cache instead, whose key ignores what the page does not take.
 */
static int
page_query_is_own(struct ctx *c)
{
	const char *q = c->req->query_string;
	unsigned long seen = 0;
	size_t given = 0, matched = 0;

	_Static_assert(FIELD__MAX <= 32, "seen has a bit per field");

	for (size_t i = 0; i < FIELD__MAX; i++)
		given += c->in[i].present && fields[i].source ==
		    FIELD_FROM_QUERY;
	while (*q != '\0') {
		size_t len = strcspn(q, "&="), i, end;

		for (i = 0; i < FIELD__MAX; i++)
			if (c->in[i].present &&
			    fields[i].source == FIELD_FROM_QUERY &&
			    strlen(fields[i].name) == len &&
			    strncmp(q, fields[i].name, len) == 0)
				break;
		if (i == FIELD__MAX || q[len] != '=' || (seen & (1ul << i)))
			return 0;
		seen |= 1ul << i;
		matched++;
		q += len + 1;
		end = strcspn(q, "&");
		if (fields[i].type == FIELD_PAGE_NUMBER) {
			char number[24];

			snprintf(number, sizeof(number), "%llu",
			    c->in[i].number);
			if (strlen(number) != end ||
			    strncmp(q, number, end) != 0)
				return 0;
		}
		q += end;
		if (*q == '&' && *++q == '\0')
			return 0;
	}
	return matched == given;
}

/* Returns whether Apache may serve the page to c's reader as a copy: one
 * not signed in, at an address a copy may have (pagefile_name), with the
 * page's own query. */
static int
page_has_copy(struct ctx *c)
{
	char name[512];

	return pagefile_on() && auth_user(c) == NULL &&
	    pagefile_name(name, sizeof(name), c->req->path,
	    c->req->query_string) == 0 && page_query_is_own(c);
}

int
page_answer_known(struct ctx *c, struct outcome *out)
{
	const struct http_request *req = c->req;
	struct pagefile_stamp stamp;
	char etag[48];
	long long changed;
	int rc;

	*out = outcome_page();
	if (replica_take(c))
		rc = DB_OK;
	else {
		rc = auth_user_and_site(c, &c->site);
		if (rc == DB_OK && c->site.post_due &&
		    (rc = schedule_publish_due(c->db, c->arena, NULL)) == DB_OK)
			rc = site_get_state(c->db, c->arena, &c->site);
		if (rc == DB_UNAVAILABLE && replica_instead(c))
			rc = DB_OK;
	}
	if (rc != DB_OK) {
		*out = outcome_db_error(rc, "reading the site's version");
		return 1;
	}
	/*
	 * A page Apache may serve as a copy has the copy's validators; one
	 * with no copy yet gets them once it is made (page_remember).
	 */
	c->copy = page_has_copy(c);
	if (!c->copy)
		version_validators(c, etag, sizeof(etag), &changed);
	else if (pagefile_stamp(req->path, req->query_string,
	    c->site.version, &stamp) == 0) {
		c->copy_made = 1;
		copy_validators(c, &stamp, etag, sizeof(etag), &changed);
	} else
		return cache_get(page_cache_key(c), site_tag(c), c->resp);
	return not_modified(c, etag, changed) ||
	    cache_get(page_cache_key(c), site_tag(c), c->resp);
}

void
page_remember(struct ctx *c, int large_ok)
{
	const struct http_request *req = c->req;
	struct pagefile_stamp stamp;
	char etag[48];
	long long changed;

	if (c->resp->status != 200 || c->unpublished || c->no_store)
		return;
	if (c->copy && !c->copy_made) {
		/* Kept as a file for Apache, with the file's validators; or
		 * when it cannot be (a HEAD, the budget spent), the
		 * version's. */
		if (req->method == HTTP_GET && pagefile_keep(req->path,
		    req->query_string, c->site.version, c->resp, &stamp) == 0)
			/* Apache serves it from now on: the worker's memory
			 * is for pages it has no copy of. */
			copy_validators(c, &stamp, etag, sizeof(etag),
			    &changed);
		else {
			version_validators(c, etag, sizeof(etag), &changed);
			cache_put(page_cache_key(c), site_tag(c), c->resp,
			    large_ok);
		}
		(void)not_modified(c, etag, changed);
		return;
	}
	cache_put(page_cache_key(c), site_tag(c), c->resp, large_ok);
}

void
page_publish_writes(struct ctx *c)
{
	struct site_state site;
	int rc;

	if (!pagefile_on() && !replica_on())
		return;
	if ((rc = site_get_state(c->db, c->arena, &site)) != DB_OK) {
		/* The clock moves it within its round, then. */
		log_error("%s %s: reading the site's version after it: %s",
		    c->req->method_name, c->req->uri, c->db->error);
		return;
	}
	replica_saw_version(site.version);
	if (pagefile_on())
		pagefile_publish(site.version, 0);
}

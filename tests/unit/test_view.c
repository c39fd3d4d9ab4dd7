/*
 * Tests src/view/ctemplate.cc with the real templates/ (run from the
 * project root): values reach the layout and the page, everything is
 * escaped for where it lands, URL slots refuse javascript:, and unknown or
 * broken templates give -1 instead of a page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/lib/buf.h"
#include "../../src/view/view.h"
#include "test.h"

static struct buf out;

/* Returns the number of times needle occurs in haystack. */
static int
count(const char *haystack, const char *needle)
{
	int n = 0;

	while ((haystack = strstr(haystack, needle)) != NULL) {
		n++;
		haystack += strlen(needle);
	}
	return n;
}

/* A dictionary with what the layout needs, for a signed-out reader. */
static struct view_dict *
page_dict(const char *doc_title)
{
	struct view_dict *d = view_dict_new();

	view_set(d, "DOC_TITLE", doc_title);
	view_set(d, "BLOG_TITLE", "My blog");
	view_set(d, "SEARCH_Q", "");
	view_show(d, "SIGNED_OUT");
	return d;
}

/* Renders page with d into out (emptied first); returns out's text or NULL. */
static const char *
render(const char *page, struct view_dict *d)
{
	buf_clear(&out);
	if (view_render_page(page, d, &out) != 0)
		return NULL;
	return out.data;
}

/* Checks what every HTML page must have, once. */
static void
check_page_shell(const char *h)
{
	CHECK(h != NULL);
	if (h == NULL)
		return;
	CHECK(strncmp(h, "<!DOCTYPE html>\n<html lang=\"en\">", 32) == 0);
	CHECK_INT(count(h, "<h1"), 1);
	CHECK_INT(count(h, "<main id=\"main\""), 1);
	CHECK_INT(count(h, "<header class=\"site-header\""), 1);
	CHECK_INT(count(h, "<footer class=\"site-footer\""), 1);
	CHECK_INT(count(h, "href=\"#main\""), 1);
	CHECK(strstr(h, "<meta charset=\"utf-8\">") != NULL);
	CHECK(strstr(h, "href=\"/static/style.css\"") != NULL);
	CHECK(strstr(h, "type=\"application/atom+xml\"") != NULL);
	CHECK(strstr(h, "<label for=\"search-q\"") != NULL);
	CHECK(strstr(h, "<script") == NULL);
	CHECK(strstr(h, "</html>") != NULL);
}

static void
test_hostile_title_is_escaped(void)
{
	struct view_dict *d = page_dict("<script>alert(1)</script>");
	const char *h;

	view_set(d, "BLOG_TITLE", "Tom's \"blog\" & <more>");
	view_set(d, "STATUS", "404");
	view_set(d, "ERROR_TITLE", "<img src=x onerror=alert(1)>");
	view_set(d, "ERROR_MESSAGE", "No such page.");
	h = render("error", d);
	check_page_shell(h);
	if (h != NULL) {
		CHECK(strstr(h, "<title>&lt;script&gt;alert(1)&lt;/script&gt;"
		    "</title>") != NULL);
		CHECK(strstr(h, "<h1>&lt;img src=x onerror=alert(1)&gt;</h1>")
		    != NULL);
		/* In an attribute, quotes cannot end it. */
		CHECK(strstr(h, "title=\"Tom&#39;s &quot;blog&quot; &amp; "
		    "&lt;more&gt;\"") != NULL);
		CHECK(strstr(h, "<img") == NULL);
	}
	view_dict_free(d);
}

static void
test_quotes_stay_inside_attributes(void)
{
	struct view_dict *d = page_dict("Search");
	const char *h;

	view_set(d, "SEARCH_Q", "\" autofocus onfocus=\"alert(1)");
	view_set(d, "HEADING", "Search: \"x\"");
	view_show(d, "NO_POSTS");
	view_set(d, "NO_POSTS_MESSAGE", "No posts match.");
	h = render("list", d);
	check_page_shell(h);
	if (h != NULL) {
		CHECK(strstr(h, "value=\"&quot; autofocus onfocus=&quot;"
		    "alert(1)\"") != NULL);
		CHECK(strstr(h, "onfocus=\"") == NULL);
		CHECK(strstr(h, "<h1>Search: &quot;x&quot;</h1>") != NULL);
	}
	view_dict_free(d);
}

static void
test_url_slots_refuse_javascript(void)
{
	struct view_dict *d = page_dict("Posts"), *pg, *prev, *next;
	const char *h;

	view_set(d, "HEADING", "Posts");
	pg = view_add_section(d, "PAGINATION");
	view_set_int(pg, "PAGE", 2);
	view_set_int(pg, "PAGES", 3);
	prev = view_add_section(pg, "PREV");
	view_set(prev, "PREV_URL", "javascript:alert(1)");
	next = view_add_section(pg, "NEXT");
	view_set(next, "NEXT_URL", "/blog/?q=a%20b&page=3");
	h = render("list", d);
	check_page_shell(h);
	if (h != NULL) {
		CHECK(strstr(h, "javascript") == NULL);
		CHECK(strstr(h, "<a rel=\"prev\" href=\"#\">") != NULL);
		CHECK(strstr(h, "<a rel=\"next\" href=\"/blog/?q=a%20b&amp;"
		    "page=3\">") != NULL);
		CHECK(strstr(h, "Page 2 of 3") != NULL);
	}
	view_dict_free(d);
}

static void
test_list_repeats_posts_and_tags(void)
{
	struct view_dict *d = page_dict("My blog"), *post, *tag;
	const char *h;
	int i;

	view_set(d, "HEADING", "My blog");
	for (i = 1; i <= 3; i++) {
		post = view_add_section(d, "POST");
		view_set(post, "TITLE", i == 2 ? "<b>Two</b>" : "Post");
		view_set(post, "SLUG", "post");
		view_set(post, "DATE_ISO", "2026-11-24T12:00:00Z");
		view_set(post, "DATE_HUMAN", "24 November 2026");
		view_set(post, "EXCERPT", "An excerpt & more");
		tag = view_add_section(post, "TAG");
		view_set(tag, "TAG_NAME", "C & C++");
		view_set(tag, "TAG_SLUG", "c-c");
	}
	h = render("list", d);
	check_page_shell(h);
	if (h != NULL) {
		CHECK_INT(count(h, "<article"), 3);
		CHECK_INT(count(h, "<time datetime=\"2026-11-24T12:00:00Z\">"
		    "24 November 2026</time>"), 3);
		CHECK_INT(count(h, "<a class=\"tag\" href=\"/blog/tag/c-c\">"
		    "C &amp; C++</a>"), 3);
		CHECK(strstr(h, "<a href=\"/blog/post\">&lt;b&gt;Two&lt;/b&gt;"
		    "</a>") != NULL);
		CHECK(strstr(h, "An excerpt &amp; more") != NULL);
		CHECK(strstr(h, "pagination") == NULL);
		CHECK(strstr(h, "Sign in") != NULL);
	}
	view_dict_free(d);
}

static void
test_post_body_html_is_not_escaped(void)
{
	struct view_dict *d = page_dict("A post");
	const char *h;

	view_set(d, "TITLE", "A <post>");
	view_set(d, "SLUG", "a-post");
	view_set(d, "DATE_ISO", "2026-11-24T12:00:00Z");
	view_set(d, "DATE_HUMAN", "24 November 2026");
	view_set(d, "BODY_HTML", "<p>Hello <em>world</em></p>");
	h = render("post", d);
	check_page_shell(h);
	if (h != NULL) {
		CHECK(strstr(h, "<p>Hello <em>world</em></p>") != NULL);
		CHECK(strstr(h, "<h1>A &lt;post&gt;</h1>") != NULL);
		CHECK(strstr(h, "updated") == NULL);
		CHECK(strstr(h, "/delete") == NULL);
	}
	view_show(view_add_section(d, "CAN_EDIT"), "NOT_TRASHED");
	view_set(d, "CSRF_TOKEN", "tok\"en");
	view_show(d, "UPDATED");
	view_set(d, "UPDATED_ISO", "2026-11-25T08:00:00Z");
	view_set(d, "UPDATED_HUMAN", "25 November 2026");
	h = render("post", d);
	check_page_shell(h);
	if (h != NULL) {
		CHECK(strstr(h, "action=\"/blog/a-post/delete\"") != NULL);
		CHECK(strstr(h, "href=\"/blog/a-post/edit\"") != NULL);
		CHECK(strstr(h, "name=\"csrf_token\" value=\"tok&quot;en\"")
		    != NULL);
		CHECK(strstr(h, "<time datetime=\"2026-11-25T08:00:00Z\">") !=
		    NULL);
	}
	view_dict_free(d);
}

static void
test_signed_in_layout(void)
{
	struct view_dict *d = view_dict_new(), *in;
	const char *h;

	view_set(d, "DOC_TITLE", "Tags");
	view_set(d, "BLOG_TITLE", "My blog");
	in = view_add_section(d, "SIGNED_IN");
	view_set(in, "USERNAME", "<alice>");
	view_set(in, "CSRF_TOKEN", "abc123");
	view_show(d, "NO_TAGS");
	h = render("tags", d);
	check_page_shell(h);
	if (h != NULL) {
		CHECK(strstr(h, "href=\"/blog/create\"") != NULL);
		CHECK(strstr(h, "action=\"/logout\"") != NULL);
		CHECK(strstr(h, "value=\"abc123\"") != NULL);
		CHECK(strstr(h, "&lt;alice&gt;") != NULL);
		CHECK(strstr(h, "href=\"/login\"") == NULL);
		CHECK(strstr(h, "No tags yet.") != NULL);
	}
	view_dict_free(d);
}

static void
test_forms_mark_invalid_fields(void)
{
	struct view_dict *d = page_dict("New post"), *err;
	const char *h;

	view_set(d, "HEADING", "New post");
	view_set(d, "FORM_ACTION", "/blog/create");
	view_set(d, "SUBMIT_LABEL", "Publish");
	view_set(d, "TITLE_VALUE", "");
	view_set(d, "BODY_VALUE", "</textarea><script>x</script>");
	view_set(d, "TAGS_VALUE", "a, b");
	view_set(d, "CSRF_TOKEN", "t");
	err = view_add_section(d, "TITLE_ERROR");
	view_set(err, "ERROR_MESSAGE", "Give the post a title.");
	h = render("post_form", d);
	check_page_shell(h);
	if (h != NULL) {
		CHECK(strstr(h, "action=\"/blog/create\"") != NULL);
		CHECK(strstr(h, "aria-invalid=\"true\" aria-describedby=\""
		    "post-title-error\"") != NULL);
		CHECK(strstr(h, "id=\"post-title-error\">Give the post a "
		    "title.</p>") != NULL);
		CHECK_INT(count(h, "aria-invalid"), 1);
		CHECK(strstr(h, "&lt;/textarea&gt;&lt;script&gt;") != NULL);
		CHECK_INT(count(h, "</textarea>"), 1);
		CHECK(strstr(h, "<label for=\"post-body\">") != NULL);
		CHECK(strstr(h, "<label for=\"post-tags\">") != NULL);
	}
	view_dict_free(d);

	d = page_dict("Sign in");
	view_set(d, "USERNAME_VALUE", "bob\"");
	view_set(d, "NEXT", "/blog/x?a=1&b=2");
	view_set(d, "CSRF_TOKEN", "t");
	err = view_add_section(d, "LOGIN_ERROR");
	view_set(err, "ERROR_MESSAGE", "Wrong username or password.");
	h = render("login", d);
	check_page_shell(h);
	if (h != NULL) {
		CHECK(strstr(h, "name=\"next\" value=\"/blog/x?a=1&amp;b=2\"")
		    != NULL);
		CHECK(strstr(h, "value=\"bob&quot;\"") != NULL);
		CHECK(strstr(h, "role=\"alert\"") != NULL);
		CHECK(strstr(h, "name=\"password\"") != NULL);
	}
	view_dict_free(d);
}

static void
test_feed_is_escaped_xml(void)
{
	struct view_dict *d = view_dict_new(), *e, *c;
	const char *h;

	view_set(d, "FEED_TITLE", "Tom & Jerry's <blog>");
	view_set(d, "FEED_ID", "https://example.org/blog/");
	view_set(d, "FEED_URL", "https://example.org/blog/feed.atom");
	view_set(d, "SITE_URL", "https://example.org/blog/");
	view_set(d, "UPDATED", "2026-11-24T12:00:00Z");
	view_set(d, "AUTHOR_NAME", "Tom");
	e = view_add_section(d, "ENTRY");
	view_set(e, "ENTRY_TITLE", "1 < 2");
	view_set(e, "ENTRY_URL", "https://example.org/blog/one");
	view_set(e, "ENTRY_ID", "https://example.org/blog/one");
	view_set(e, "ENTRY_PUBLISHED", "2026-11-24T12:00:00Z");
	view_set(e, "ENTRY_UPDATED", "2026-11-24T12:00:00Z");
	view_set(e, "ENTRY_CONTENT", "<p>a &amp; b</p>");
	c = view_add_section(e, "ENTRY_CATEGORY");
	view_set(c, "TAG_NAME", "\"quoted\"");
	buf_clear(&out);
	CHECK_INT(view_render("feed.atom.tpl", d, &out), 0);
	h = out.data != NULL ? out.data : "";
	CHECK(strncmp(h, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n", 39)
	    == 0);
	CHECK(strstr(h, "<title>Tom &amp; Jerry&#39;s &lt;blog&gt;</title>")
	    != NULL);
	CHECK(strstr(h, "<title>1 &lt; 2</title>") != NULL);
	CHECK(strstr(h, "<content type=\"html\">&lt;p&gt;a &amp;amp; b&lt;/p"
	    "&gt;</content>") != NULL);
	CHECK(strstr(h, "<category term=\"&quot;quoted&quot;\"/>") != NULL);
	CHECK(strstr(h, "<link rel=\"self\" type=\"application/atom+xml\" "
	    "href=\"https://example.org/blog/feed.atom\"/>") != NULL);
	CHECK(strstr(h, "</feed>") != NULL);
	view_dict_free(d);
}

static void
test_a_dictionary_renders_twice(void)
{
	struct view_dict *d = page_dict("Twice");
	const char *h;

	view_set(d, "ERROR_TITLE", "First");
	view_set(d, "HEADING", "Second");
	CHECK((h = render("error", d)) != NULL && count(h, "First") == 1);
	CHECK((h = render("list", d)) != NULL && count(h, "<h1>Second</h1>")
	    == 1 && strstr(h, "First") == NULL);
	view_dict_free(d);
}

static void
test_unknown_templates_give_minus_one(void)
{
	struct view_dict *d = page_dict("x");

	buf_clear(&out);
	buf_puts(&out, "kept");
	CHECK_INT(view_render_page("nope", d, &out), -1);
	CHECK_INT(view_render("nope.tpl", d, &out), -1);
	CHECK_INT(view_render_page("../templates/error", d, &out), -1);
	CHECK_INT(view_render_page("/etc/passwd", d, &out), -1);
	CHECK_INT(view_render_page("layout", d, &out), -1);
	CHECK_INT(view_render_page("", d, &out), -1);
	CHECK_INT(view_render_page(NULL, d, &out), -1);
	CHECK_INT(view_render_page("error", NULL, &out), -1);
	CHECK_INT(view_render_page("error", d, NULL), -1);
	/* Only a top-level dictionary is a whole page. */
	CHECK_INT(view_render_page("error", view_add_section(d, "S"), &out),
	    -1);
	CHECK_STR(out.data, "kept");
	view_dict_free(d);
	/* Calls with nothing to act on do nothing. */
	view_set(NULL, "X", "y");
	view_show(NULL, "X");
	CHECK(view_add_section(NULL, "X") == NULL);
	view_dict_free(NULL);
}

/* Writes text to dir/name; returns 0 or -1. */
static int
write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	rc = fputs(text, f) < 0 ? -1 : 0;
	return fclose(f) != 0 ? -1 : rc;
}

/* Removes dir/name for each name, then dir. */
static void
remove_dir(const char *dir, const char *const *names, size_t n)
{
	char path[512];

	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void
test_init_reports_the_failing_template(void)
{
	static const char *const names[] = { "layout.tpl", "a_broken.tpl" };
	char dir[] = "/tmp/test_view.XXXXXX", err[512];
	struct view_dict *d;

	CHECK_INT(view_init("no/such/dir", err, sizeof(err)), -1);
	CHECK(strstr(err, "no/such/dir") != NULL);
	CHECK_INT(view_init(NULL, err, sizeof(err)), -1);

	if (mkdtemp(dir) == NULL) {
		CHECK(!"mkdtemp failed");
		return;
	}
	CHECK_INT(view_init(dir, err, sizeof(err)), -1);
	CHECK(strstr(err, "layout.tpl: missing") != NULL);
	CHECK_INT(write_file(dir, "layout.tpl",
	    "{{%AUTOESCAPE context=\"HTML\"}}\n<p>{{>CONTENT}}</p>\n"), 0);
	CHECK_INT(write_file(dir, "a_broken.tpl",
	    "{{%AUTOESCAPE context=\"HTML\"}}\n{{#OPEN}}never closed\n"), 0);
	CHECK_INT(view_init(dir, err, sizeof(err)), -1);
	CHECK(strstr(err, "a_broken.tpl: ") != NULL);
	CHECK(strstr(err, "section") != NULL);	/* ctemplate's reason */
	remove_dir(dir, names, 2);

	/* A failed view_init leaves the templates that were loaded. */
	d = page_dict("Still here");
	view_set(d, "ERROR_TITLE", "Still here");
	check_page_shell(render("error", d));
	view_dict_free(d);
}

int
main(void)
{
	char err[512];

	if (view_init("templates", err, sizeof(err)) != 0) {
		fprintf(stderr, "view_init: %s\n", err);
		printf("0 passed, 1 failed\n");
		return 1;
	}
	TEST_RUN(test_hostile_title_is_escaped);
	TEST_RUN(test_quotes_stay_inside_attributes);
	TEST_RUN(test_url_slots_refuse_javascript);
	TEST_RUN(test_list_repeats_posts_and_tags);
	TEST_RUN(test_post_body_html_is_not_escaped);
	TEST_RUN(test_signed_in_layout);
	TEST_RUN(test_forms_mark_invalid_fields);
	TEST_RUN(test_feed_is_escaped_xml);
	TEST_RUN(test_a_dictionary_renders_twice);
	TEST_RUN(test_unknown_templates_give_minus_one);
	TEST_RUN(test_init_reports_the_failing_template);
	view_shutdown();
	buf_free(&out);
	return TEST_DONE();
}

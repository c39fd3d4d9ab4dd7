/*
 * fuzz_markdown: a post's body through our Markdown wrapper
 * (src/view/markdown_*.c over md4c): the HTML of the post page and the
 * excerpt of the index.
 *
 * Properties of the HTML: valid UTF-8 in, 0 back, and UTF-8 out; every
 * '<' opens or closes one of the tags the renderer writes, so no "<script",
 * no "<iframe", no raw HTML from the body; every attribute is quoted with
 * '"' and every href or src is http:, https:, mailto: or has no scheme (no
 * "javascript:", "data:", "vbscript:"), with no quote or space in it; text
 * between tags has its '>' and '"' escaped too; every <a> is closed; at
 * most MARKDOWN_HTML_MAX bytes, and markdown_check agrees that the body
 * fits exactly when no notice says that the rest is not shown. The
 * excerpt: UTF-8, at most its limit in characters, no newline. Anything
 * not UTF-8: -1 and the buffer unchanged.
 *
 * md4c itself is not instrumented: AddressSanitizer sees what it hands to
 * our callbacks, not its own reads (tests/unit/test_regress_markdown.c has
 * the one that read past the end of the text).
 */
#include <string.h>
#include <strings.h>

#include "../../src/lib/buf.h"
#include "../../src/view/markdown.h"
#include "fuzz.h"

/* The tags markdown_html.c writes; anything else would be markup from a body. */
static const char *const tags[] = {
	"a", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5",
	"h6", "hr", "img", "input", "li", "ol", "p", "pre", "strong", "table",
	"tbody", "td", "th", "thead", "tr", "u", "ul",
};

static int
known_tag(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (strlen(tags[i]) == len && memcmp(tags[i], name, len) == 0)
			return 1;
	return 0;
}

/*
 * Checks a URL attribute's value, the len bytes at v: no scheme but http,
 * https or mailto before the first '/', '?' or '#'; nothing that could end
 * the attribute or hide a scheme from this check.
 */
static void
check_url(const char *v, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		FUZZ_CHECK(strchr(" \t\n\r\"<>`\\", v[i]) == NULL);
		FUZZ_CHECK((unsigned char)v[i] >= 0x20 &&
		    (unsigned char)v[i] < 0x7f);
	}
	for (i = 0; i < len && strchr("/?#", v[i]) == NULL; i++)
		if (v[i] == ':') {
			FUZZ_CHECK((i == 4 && strncasecmp(v, "http", 4) == 0) ||
			    (i == 5 && strncasecmp(v, "https", 5) == 0) ||
			    (i == 6 && strncasecmp(v, "mailto", 6) == 0));
			break;
		}
}

/*
 * Checks one tag starting at the '<' of html[*pos] and moves past it:
 * a known name, then attributes name="value" only, then '>'.
 */
static void
check_tag(const char *html, size_t len, size_t *pos)
{
	size_t i = *pos + 1, start;

	if (i < len && html[i] == '/')
		i++;
	for (start = i; i < len && ((html[i] >= 'a' && html[i] <= 'z') ||
	    (html[i] >= '0' && html[i] <= '9')); i++)
		continue;
	FUZZ_CHECK(known_tag(html + start, i - start));
	for (;;) {
		size_t name, name_len, value;

		FUZZ_CHECK(i < len);
		if (html[i] == '>')
			break;
		FUZZ_CHECK(html[i] == ' ');
		i++;
		for (name = i; i < len && ((html[i] >= 'a' && html[i] <= 'z') ||
		    html[i] == '-'); i++)
			continue;
		name_len = i - name;
		FUZZ_CHECK(name_len > 0);
		if (i < len && (html[i] == ' ' || html[i] == '>'))
			continue;	/* a boolean attribute: disabled */
		FUZZ_CHECK(i + 1 < len && html[i] == '=' && html[i + 1] == '"');
		i += 2;
		for (value = i; i < len && html[i] != '"'; i++)
			FUZZ_CHECK(html[i] != '<' && html[i] != '>');
		FUZZ_CHECK(i < len);
		if ((name_len == 4 && memcmp(html + name, "href", 4) == 0) ||
		    (name_len == 3 && memcmp(html + name, "src", 3) == 0))
			check_url(html + value, i - value);
		i++;
	}
	*pos = i;
}

/* Returns the number of times needle occurs in the len bytes at s. */
static size_t
count(const char *s, size_t len, const char *needle)
{
	size_t n = 0, k = strlen(needle);

	for (size_t i = 0; i + k <= len; i++)
		if (memcmp(s + i, needle, k) == 0)
			n++;
	return n;
}

static void
check_html(const char *html, size_t len)
{
	FUZZ_CHECK(fuzz_utf8_ok(html, len));
	/* Every link closes: an open <a> would take the page with it. */
	FUZZ_CHECK(count(html, len, "<a ") == count(html, len, "</a>"));
	for (size_t i = 0; i < len; i++) {
		/* Text has its '>' and '"' escaped, as well as its '<'. */
		FUZZ_CHECK(html[i] != '>' && html[i] != '"');
		if (html[i] == '<')
			check_tag(html, len, &i);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *md = (const char *)data;
	struct buf html = { NULL, 0, 0 }, ex = { NULL, 0, 0 };
	struct markdown_fit fit;
	size_t limit = size > 0 ? data[0] % 64 : 20;
	int rc;

	buf_puts(&html, "kept");
	rc = markdown_to_html(md, size, &html);
	if (!fuzz_utf8_ok(md, size)) {
		FUZZ_CHECK(rc == -1 && html.len == 4);
		FUZZ_CHECK(markdown_excerpt(md, size, limit, &ex) == -1);
		FUZZ_CHECK(ex.len == 0);
		goto out;
	}
	FUZZ_CHECK(rc == 0);
	FUZZ_CHECK(strncmp(html.data, "kept", 4) == 0);
	check_html(html.data + 4, html.len - 4);
	FUZZ_CHECK(html.len - 4 <= MARKDOWN_HTML_MAX);
	rc = markdown_check(md, size, &fit);
	FUZZ_CHECK(rc == 0 || rc == 1);
	FUZZ_CHECK((rc == 1) == (strstr(html.data,
	    "<p><em>The rest of this post is not shown: ") != NULL));

	FUZZ_CHECK(markdown_excerpt(md, size, limit, &ex) == 0);
	FUZZ_CHECK(fuzz_utf8_ok(ex.data ? ex.data : "", ex.len));
	FUZZ_CHECK(fuzz_utf8_chars(ex.data ? ex.data : "", ex.len) <= limit);
	FUZZ_CHECK(ex.len == 0 || memchr(ex.data, '\n', ex.len) == NULL);
out:
	buf_free(&html);
	buf_free(&ex);
	return 0;
}

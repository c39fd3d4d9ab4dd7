/*
 * Tests src/view/markdown_*.c, url.c and entity.c: that a post body can
 * never carry markup or a link target we did not mean, that ordinary
 * Markdown renders as expected, the plain-text excerpt, and the bounds on
 * what a body may cost (huge tables, quadratic brackets, huge HTML).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../src/lib/buf.h"
#include "../../src/lib/utf8.h"
#include "../../src/view/entity.h"
#include "../../src/view/markdown.h"
#include "test.h"

static struct buf out;

/* Returns md rendered as HTML, or NULL if markdown_to_html failed. */
static const char *
html(const char *md)
{
	buf_clear(&out);
	if (markdown_to_html(md, strlen(md), &out) != 0)
		return NULL;
	return out.data != NULL ? out.data : "";
}

/* Returns the excerpt of md, or NULL if markdown_excerpt failed. */
static const char *
excerpt(const char *md, size_t max)
{
	buf_clear(&out);
	if (markdown_excerpt(md, strlen(md), max, &out) != 0)
		return NULL;
	return out.data != NULL ? out.data : "";
}

/* Whether s holds no tag other than <p>, </p> and the line breaks. */
static int
only_paragraphs(const char *s)
{
	for (; (s = strchr(s, '<')) != NULL; s++)
		if (strncmp(s, "<p>", 3) != 0 && strncmp(s, "</p>", 4) != 0)
			return 0;
	return 1;
}

static void
test_raw_html_is_shown_as_text(void)
{
	CHECK_STR(html("<script>alert(1)</script>"),
	    "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
	CHECK_STR(html("<div onclick=\"steal()\">hi</div>"),
	    "<p>&lt;div onclick=&quot;steal()&quot;&gt;hi&lt;/div&gt;</p>\n");
	CHECK_STR(html("a <img src=x onerror='alert(1)'> b"),
	    "<p>a &lt;img src=x onerror=&#39;alert(1)&#39;&gt; b</p>\n");
	CHECK_STR(html("<!-- hidden --> <a href=\"javascript:x\">y</a>"),
	    "<p>&lt;!-- hidden --&gt; &lt;a href=&quot;javascript:x&quot;"
	    "&gt;y&lt;/a&gt;</p>\n");
	CHECK_STR(html("<svg><style>*{}</style></svg>\n\n<iframe src=x>"),
	    "<p>&lt;svg&gt;&lt;style&gt;*{}&lt;/style&gt;&lt;/svg&gt;</p>\n"
	    "<p>&lt;iframe src=x&gt;</p>\n");
}

static void
test_javascript_links_in_every_spelling_are_refused(void)
{
	static const char *const hostile[] = {
		"[x](javascript:alert(1))",
		"[x](JaVaScRiPt:alert(1))",
		"[x](  javascript:alert(1))",
		"[x](<javascript:alert(1)>)",
		"[x](<\x01javascript:alert(1)>)",
		"[x](<java\tscript:alert(1)>)",
		"[x](java&#x09;script:alert(1))",
		"[x](java&Tab;script:alert(1))",
		"[x](java&NewLine;script:alert(1))",
		"[x](javascript&#58;alert(1))",
		"[x](javascript&#x3A;alert(1))",
		"[x](javascript&colon;alert(1))",
		"[x](&#106;avascript:alert(1))",
		"[x](&#0;javascript:alert(1))",
		"[x](vbscript:msgbox(1))",
		"[x](data:text/html;base64,PHNjcmlwdD4=)",
		"[x](file:///etc/passwd)",
		"[x][r]\n\n[r]: javascript:alert(1)",
		"[x](javascript:alert(1) \"title\")",
	};
	const char *h;
	size_t i;

	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		h = html(hostile[i]);
		CHECK(h != NULL);
		if (h == NULL)
			continue;
		if (strstr(h, "<a") != NULL || strncmp(h, "<p>x</p>", 8) != 0)
			fprintf(stderr, "  input %zu: \"%s\" gave \"%s\"\n", i,
			    hostile[i], h);
		CHECK(strstr(h, "<a") == NULL);
		CHECK(strncmp(h, "<p>x</p>", 8) == 0);
	}
}

static void
test_hostile_autolinks_are_text(void)
{
	CHECK_STR(html("<javascript:alert(1)>"),
	    "<p>javascript:alert(1)</p>\n");
	CHECK_STR(html("<data:text/html,hi>"), "<p>data:text/html,hi</p>\n");
	CHECK(only_paragraphs(html("<vbscript:x> <JAVASCRIPT:x>")));
}

static void
test_hostile_images_keep_only_their_alt_text(void)
{
	CHECK_STR(html("![alt](data:image/svg+xml;base64,PHN2Zz4=)"),
	    "<p>alt</p>\n");
	CHECK_STR(html("![a *b*](javascript:alert(1))"), "<p>a b</p>\n");
	CHECK_STR(html("![<script>](java&#9;script:x)"),
	    "<p>&lt;script&gt;</p>\n");
	CHECK_STR(html("[![in](data:x)](javascript:x)"), "<p>in</p>\n");
}

static void
test_allowed_links_are_escaped(void)
{
	CHECK_STR(html("[x](https://example.org/a?b=1&c=2)"),
	    "<p><a href=\"https://example.org/a?b=1&amp;c=2\">x</a></p>\n");
	CHECK_STR(html("[x](HTTP://EXAMPLE.ORG)"),
	    "<p><a href=\"HTTP://EXAMPLE.ORG\">x</a></p>\n");
	CHECK_STR(html("[x](/blog/post#part)"),
	    "<p><a href=\"/blog/post#part\">x</a></p>\n");
	CHECK_STR(html("[x](post?a=b:c)"),
	    "<p><a href=\"post?a=b:c\">x</a></p>\n");
	CHECK_STR(html("[x](//example.org/)"),
	    "<p><a href=\"//example.org/\">x</a></p>\n");
	CHECK_STR(html("[x](mailto:me@example.org)"),
	    "<p><a href=\"mailto:me@example.org\">x</a></p>\n");
	/* Quotes, spaces and angle brackets cannot leave the attribute. */
	CHECK_STR(html("[x](<a b\"onmouseover=alert(1)>)"),
	    "<p><a href=\"a%20b%22onmouseover=alert(1)\">x</a></p>\n");
	CHECK_STR(html("[x](/a'b<c>)"),
	    "<p><a href=\"/a&#39;b%3Cc%3E\">x</a></p>\n");
	CHECK_STR(html("[x](/caf\xC3\xA9?q=&amp;)"),
	    "<p><a href=\"/caf%C3%A9?q=&amp;\">x</a></p>\n");
	CHECK_STR(html("[x](/a \"t\\\"<b>&copy;\")"),
	    "<p><a href=\"/a\" title=\"t&quot;&lt;b&gt;\xC2\xA9\">x</a></p>\n");
	CHECK_STR(html("[x](/%41%zz)"),
	    "<p><a href=\"/%41%zz\">x</a></p>\n");
}

static void
test_autolinks_go_through_the_same_check(void)
{
	CHECK_STR(html("<https://example.org/a>"),
	    "<p><a href=\"https://example.org/a\">https://example.org/a</a>"
	    "</p>\n");
	CHECK_STR(html("see www.example.org"),
	    "<p>see <a href=\"http://www.example.org\">www.example.org</a>"
	    "</p>\n");
	CHECK_STR(html("me@example.org"),
	    "<p><a href=\"mailto:me@example.org\">me@example.org</a></p>\n");
	CHECK_STR(html("https://example.org/?a=<b>"),
	    "<p><a href=\"https://example.org/?a=\">https://example.org/?a="
	    "</a>&lt;b&gt;</p>\n");
}

static void
test_entities(void)
{
	char c[4];

	CHECK_STR(html("&copy; &amp;lt; &#233; &#xE9; &#0; &#x110000;"),
	    "<p>\xC2\xA9 &amp;lt; \xC3\xA9 \xC3\xA9 \xEF\xBF\xBD "
	    "\xEF\xBF\xBD</p>\n");
	/* A name we do not know goes to the browser as it is. */
	CHECK_STR(html("&alpha; &foo;"), "<p>&alpha; &foo;</p>\n");
	CHECK_STR(html("&#x3C;script&#x3E;"), "<p>&lt;script&gt;</p>\n");
	CHECK_INT(entity_decode("&amp;", 5, c), 1);
	CHECK_INT(c[0], '&');
	CHECK_INT(entity_decode("&#x1F600;", 9, c), 4);
	CHECK(memcmp(c, "\xF0\x9F\x98\x80", 4) == 0);
	CHECK_INT(entity_decode("&#xD800;", 8, c), 3);	/* surrogate */
	CHECK(memcmp(c, "\xEF\xBF\xBD", 3) == 0);
	CHECK_INT(entity_decode("&#99999999999999999999;", 23, c), 3);
	CHECK_INT(entity_decode("&#1;", 4, c), 3);	/* control */
	CHECK_INT(entity_decode("&#9;", 4, c), 1);
	CHECK_INT(entity_decode("&nosuch;", 8, c), 0);
	CHECK_INT(entity_decode("&#;", 3, c), 0);
	CHECK_INT(entity_decode("&#x;", 4, c), 0);
	CHECK_INT(entity_decode("&amp", 4, c), 0);
	CHECK_INT(entity_decode("amp;", 4, c), 0);
}

static void
test_code_keeps_its_characters(void)
{
	CHECK_STR(html("`<b> & \"x\"`"),
	    "<p><code>&lt;b&gt; &amp; &quot;x&quot;</code></p>\n");
	CHECK_STR(html("```c\nif (a < b && c)\n```"),
	    "<pre><code class=\"language-c\">if (a &lt; b &amp;&amp; c)\n"
	    "</code></pre>\n");
	CHECK_STR(html("```c++ extra words\nx\n```"),
	    "<pre><code class=\"language-c++\">x\n</code></pre>\n");
	CHECK_STR(html("    indented <i>\n"),
	    "<pre><code>indented &lt;i&gt;\n</code></pre>\n");
	/* An info string that is not a plain name gives no class. */
	CHECK_STR(html("```\"><script>\nx\n```"),
	    "<pre><code>x\n</code></pre>\n");
	CHECK_STR(html("```c&quot;\nx\n```"), "<pre><code>x\n</code></pre>\n");
}

static void
test_emphasis_nests(void)
{
	CHECK_STR(html("***both*** and **strong *em* strong** ~~gone~~"),
	    "<p><em><strong>both</strong></em> and <strong>strong <em>em</em>"
	    " strong</strong> <del>gone</del></p>\n");
	CHECK_STR(html("*a **b [c *d*](/e) b** a*"),
	    "<p><em>a <strong>b <a href=\"/e\">c <em>d</em></a> b</strong> "
	    "a</em></p>\n");
}

static void
test_headings_move_one_level_down(void)
{
	CHECK_STR(html("# One\n## Two\n###### Six"),
	    "<h2>One</h2>\n<h3>Two</h3>\n<h6>Six</h6>\n");
	CHECK_STR(html("Title\n====="), "<h2>Title</h2>\n");
}

static void
test_blocks(void)
{
	CHECK_STR(html("- a\n- b"), "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
	CHECK_STR(html("3. c\n4. d"),
	    "<ol start=\"3\">\n<li>c</li>\n<li>d</li>\n</ol>\n");
	CHECK_STR(html("1. a\n\n   more\n"),
	    "<ol>\n<li><p>a</p>\n<p>more</p>\n</li>\n</ol>\n");
	CHECK_STR(html("- [ ] todo\n- [x] done"),
	    "<ul>\n<li class=\"task\"><input type=\"checkbox\" disabled "
	    "aria-label=\"to do\"> todo</li>\n<li class=\"task\"><input "
	    "type=\"checkbox\" checked disabled aria-label=\"done\"> "
	    "done</li>\n</ul>\n");
	CHECK_STR(html("> quoted\n\n---\n\nline  \nbreak"),
	    "<blockquote>\n<p>quoted</p>\n</blockquote>\n<hr>\n"
	    "<p>line<br>\nbreak</p>\n");
}

static void
test_tables(void)
{
	CHECK_STR(html("| a | b | c |\n|:--|:-:|--:|\n| 1 | *2* | <3> |"),
	    "<table>\n<thead>\n<tr>\n<th class=\"align-left\">a</th>\n"
	    "<th class=\"align-center\">b</th>\n"
	    "<th class=\"align-right\">c</th>\n</tr>\n</thead>\n<tbody>\n"
	    "<tr>\n<td class=\"align-left\">1</td>\n"
	    "<td class=\"align-center\"><em>2</em></td>\n"
	    "<td class=\"align-right\">&lt;3&gt;</td>\n</tr>\n</tbody>\n"
	    "</table>\n");
}

static void
test_images(void)
{
	/* The first image loads at once, the others lazily. */
	CHECK_STR(html("![a \"b\"](/i.png \"t'\")"),
	    "<p><img src=\"/i.png\" decoding=\"async\" "
	    "alt=\"a &quot;b&quot;\" title=\"t&#39;\"></p>\n");
	CHECK_STR(html("![a *b* [c](/d) ![e](/f)](https://x.org/g.png) ![h](/i)"),
	    "<p><img src=\"https://x.org/g.png\" decoding=\"async\" "
	    "alt=\"a b c e\"> <img src=\"/i\" loading=\"lazy\" "
	    "decoding=\"async\" alt=\"h\"></p>\n");
}

#define HASH "0123456789abcdef0123456789abcdef"
#define SIZES "sizes=\"(max-width: 41rem) calc(100vw - 3rem), 38rem\""

/* An uploaded image's size and copies come from its name: no query. */
static void
test_uploaded_images(void)
{
	CHECK_STR(html("![one](/media/" HASH "-4000x3000.jpg)\n\n"
	    "![two](/media/" HASH "-700x500.png)\n\n"
	    "![three](/media/" HASH "-4000x3000-960w.jpg)\n\n"
	    "![four](/media/" HASH "-300x200.gif)\n\n"
	    "![not one](/media/" HASH "-300x200.svg)"),
	    "<p><img src=\"/media/" HASH "-4000x3000.jpg\" width=\"4000\" "
	    "height=\"3000\" srcset=\"/media/" HASH "-4000x3000-480w.jpg "
	    "480w, /media/" HASH "-4000x3000-960w.jpg 960w, /media/" HASH
	    "-4000x3000-1920w.jpg 1920w, /media/" HASH "-4000x3000.jpg 4000w\" "
	    SIZES " decoding=\"async\" alt=\"one\"></p>\n"
	    "<p><img src=\"/media/" HASH "-700x500.png\" width=\"700\" "
	    "height=\"500\" srcset=\"/media/" HASH "-700x500-480w.png 480w, "
	    "/media/" HASH "-700x500.png 700w\" " SIZES " loading=\"lazy\" "
	    "decoding=\"async\" alt=\"two\"></p>\n"
	    "<p><img src=\"/media/" HASH "-4000x3000-960w.jpg\" width=\"960\" "
	    "height=\"720\" srcset=\"/media/" HASH "-4000x3000-480w.jpg "
	    "480w, /media/" HASH "-4000x3000-960w.jpg 960w, /media/" HASH
	    "-4000x3000-1920w.jpg 1920w, /media/" HASH "-4000x3000.jpg 4000w\" "
	    SIZES " loading=\"lazy\" decoding=\"async\" alt=\"three\"></p>\n"
	    "<p><img src=\"/media/" HASH "-300x200.gif\" width=\"300\" "
	    "height=\"200\" srcset=\"/media/" HASH "-300x200.gif 300w\" "
	    SIZES " loading=\"lazy\" decoding=\"async\" alt=\"four\"></p>\n"
	    "<p><img src=\"/media/" HASH "-300x200.svg\" loading=\"lazy\" "
	    "decoding=\"async\" alt=\"not one\"></p>\n");
}

/* Returns n copies of s, NUL-terminated; the caller frees it. */
static char *
repeat(const char *s, size_t n)
{
	size_t len = strlen(s), i;
	char *r = malloc(len * n + 1);

	if (r == NULL)
		abort();
	for (i = 0; i < n; i++)
		memcpy(r + i * len, s, len);
	r[len * n] = '\0';
	return r;
}

static void
test_hostile_shapes_do_not_crash(void)
{
	static const char *const units[] = {
		">", "*", "_", "[", "](", "![", "- ", "<", "`", "~~", "**a",
		"[a](", "&#x", "|", "\\", "\n", "1. ", "    ", "<http://x",
	};
	clock_t start = clock();
	const char *h;
	char *md;
	size_t i;

	/* A post body is at most 65,535 bytes. */
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		md = repeat(units[i], 65535 / strlen(units[i]));
		CHECK(html(md) != NULL);
		CHECK(excerpt(md, 200) != NULL);
		free(md);
	}
	md = repeat("  ", 2000);	/* lists nested 1000 deep */
	for (i = 0; i < 1000; i++)
		memcpy(md + 2 * i, "- ", 2);
	CHECK((h = html(md)) != NULL);
	free(md);
	md = repeat("[a](javascript:x) ", 3600);
	CHECK((h = html(md)) != NULL && strstr(h, "href") == NULL);
	free(md);
	/* Quadratic blow-ups would show as seconds, not milliseconds. */
	CHECK((clock() - start) / CLOCKS_PER_SEC < 5);
}

/*
 * Returns the table bomb: a header row of cols columns, its delimiter
 * row, then rows one-cell rows, which md4c pads to cols cells each.
 */
static char *
table_bomb(size_t cols, size_t rows)
{
	struct buf b = { NULL, 0, 0 };
	size_t i;

	for (i = 0; i < cols; i++)
		buf_puts(&b, i == 0 ? "h" : "|h");
	buf_puts(&b, "\n");
	for (i = 0; i < cols; i++)
		buf_puts(&b, i == 0 ? "---" : "|---");
	buf_puts(&b, "\n");
	for (i = 0; i < rows; i++)
		buf_puts(&b, "x\n");
	return b.data;
}

/* Returns the number of times needle occurs in s. */
static size_t
occurrences(const char *s, const char *needle)
{
	size_t n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

/* 2.4 KB that md4c 0.4.8 makes into 907 KB of empty cells. */
static void
test_table_bomb_is_refused_with_its_reason(void)
{
	struct markdown_fit fit;
	char *md = table_bomb(300, 300);
	const char *h;

	CHECK_INT(markdown_check(md, strlen(md), &fit), 1);
	CHECK_INT(fit.bound, MARKDOWN_TABLE_BIG);
	CHECK_INT(fit.columns, 300);
	CHECK_INT(fit.rows, 301);
	/* Stored before the check: shown as a notice, not as the table. */
	CHECK((h = html(md)) != NULL);
	CHECK(h != NULL && strstr(h, "<table") == NULL);
	CHECK(h != NULL && strstr(h, "a table too large to show") != NULL);
	CHECK(strlen(h != NULL ? h : "") < 200);
	CHECK_STR(excerpt(md, 100), "");
	free(md);
}

static void
test_table_cells_are_bounded_at_the_limit(void)
{
	struct markdown_fit fit;
	char *md;

	/* 128 columns of 128 rows, the header included: 16,384 cells. */
	md = table_bomb(128, 127);
	CHECK_INT(markdown_check(md, strlen(md), &fit), 0);
	CHECK_INT(fit.bound, MARKDOWN_FITS);
	free(md);
	md = table_bomb(128, 128);
	CHECK_INT(markdown_check(md, strlen(md), &fit), 1);
	CHECK_INT(fit.bound, MARKDOWN_TABLE_BIG);
	CHECK_INT(fit.rows, 129);
	free(md);
}

static void
test_ordinary_table_still_renders(void)
{
	struct markdown_fit fit;
	struct buf md = { NULL, 0, 0 };
	const char *h;
	size_t r, c;

	/* 20 columns, 50 rows, every cell written. */
	for (r = 0; r < 52; r++) {
		for (c = 0; c < 20; c++)
			buf_printf(&md, "| %s ", r == 1 ? "---" : "cell");
		buf_puts(&md, "|\n");
	}
	CHECK_INT(markdown_check(md.data, md.len, &fit), 0);
	CHECK_INT(fit.bound, MARKDOWN_FITS);
	CHECK((h = html(md.data)) != NULL);
	CHECK_INT(occurrences(h != NULL ? h : "", "<td>cell</td>"), 20 * 50);
	CHECK_INT(occurrences(h != NULL ? h : "", "<th>cell</th>"), 20);
	CHECK(h != NULL && strstr(h, "not shown") == NULL);
	buf_free(&md);
}

/*
 * md4c 0.4.8 is quadratic in the square brackets of a paragraph: each
 * "](" of "]([" lines looks its line up from the paragraph's first
 * (0.2 s at 64 KB), and nested pairs are hashed whole when a reference
 * is defined (7 s).
 */
static void
test_quadratic_brackets_are_refused(void)
{
	struct markdown_fit fit;
	clock_t start = clock();
	char *md, *nested;
	const char *h;

	md = repeat("]([\n", 16000);
	CHECK_INT(markdown_check(md, strlen(md), &fit), 1);
	CHECK_INT(fit.bound, MARKDOWN_BRACKETS);
	CHECK_INT(fit.line, 1);
	CHECK_INT(fit.lines, 16000);
	CHECK_INT(fit.brackets, 32000);
	CHECK((h = html(md)) != NULL);
	CHECK(h != NULL && strstr(h, "too long to lay out") != NULL);
	CHECK(strlen(h != NULL ? h : "") < 200);
	CHECK(excerpt(md, 100) != NULL);
	free(md);

	nested = repeat("[", 32000);
	md = malloc(100 + 64000);
	snprintf(md, 100 + 64000, "Text.\n\n[x]: /foo\n\n%s", nested);
	memset(nested, ']', 32000);
	strcat(md, nested);
	CHECK_INT(markdown_check(md, strlen(md), &fit), 1);
	CHECK_INT(fit.bound, MARKDOWN_BRACKETS);
	CHECK_INT(fit.line, 5);
	CHECK_INT(fit.lines, 1);
	CHECK_INT(fit.brackets, 64000);
	/* What comes before the paragraph is shown. */
	CHECK((h = html(md)) != NULL);
	CHECK(h != NULL && strncmp(h, "<p>Text.</p>\n<p><em>", 20) == 0);
	CHECK_STR(excerpt(md, 100), "Text.");
	free(nested);
	free(md);
	/* Unbounded, these took over 7 s of CPU. */
	CHECK((double)(clock() - start) / CLOCKS_PER_SEC < 1.0);
}

/* Brackets that md4c does not parse as brackets cost nothing. */
static void
test_ordinary_brackets_fit(void)
{
	struct markdown_fit fit;
	char *md;

	/* A thousand links in one list, one run of lines. */
	md = repeat("- [a link to a page](https://example.com/a/page)\n",
	    1000);
	CHECK_INT(markdown_check(md, strlen(md), &fit), 0);
	free(md);
	/* The same "]([" lines, each its own paragraph. */
	md = repeat("]([\n\n", 13000);
	CHECK_INT(markdown_check(md, strlen(md), &fit), 0);
	free(md);
	/* Escaped, they are text: 64 KB of "\[" on 16,000 lines. */
	md = repeat("\\]\\(\\[\n", 9000);
	CHECK_INT(markdown_check(md, strlen(md), &fit), 0);
	free(md);
	/* \r\n and \r end lines as \n does. */
	md = repeat("]([\r\n", 16000);
	CHECK_INT(markdown_check(md, strlen(md), &fit), 1);
	CHECK_INT(fit.lines, 16000);
	free(md);
}

/*
 * A reference link repeats its whole URL at each use: 60 KB of URL used
 * a thousand times would be 60 MB of HTML. Quotes nested 64 K deep make
 * 1.7 MB. Neither comes out past MARKDOWN_HTML_MAX.
 */
static void
test_html_never_exceeds_the_bound(void)
{
	struct markdown_fit fit;
	struct buf md = { NULL, 0, 0 };
	const char *h;
	char *url, *quotes;

	buf_puts(&md, "Before.\n\n[x]: /");
	url = repeat("u", 60000);
	buf_puts(&md, url);
	buf_puts(&md, "\n\n");
	for (int i = 0; i < 1000; i++)
		buf_puts(&md, "[x] ");
	CHECK_INT(markdown_check(md.data, md.len, &fit), 1);
	CHECK_INT(fit.bound, MARKDOWN_HTML_BIG);
	CHECK((h = html(md.data)) != NULL);
	CHECK(out.len <= MARKDOWN_HTML_MAX);
	CHECK(h != NULL && strncmp(h, "<p>Before.</p>\n<p><em>", 22) == 0);
	CHECK(h != NULL && strstr(h, "too large.</em></p>\n") != NULL);
	CHECK_STR(excerpt(md.data, 10), "Before. x\xE2\x80\xA6");

	quotes = repeat(">", 65535);
	CHECK_INT(markdown_check(quotes, strlen(quotes), &fit), 1);
	CHECK_INT(fit.bound, MARKDOWN_HTML_BIG);
	CHECK(html(quotes) != NULL);
	CHECK(out.len <= MARKDOWN_HTML_MAX);
	free(quotes);
	free(url);
	buf_free(&md);
}

/* What is appended to a buffer that held something before stays bounded. */
static void
test_bound_counts_from_where_the_body_starts(void)
{
	struct markdown_fit fit;
	char *md = repeat("a\n\n", 1000);

	buf_clear(&out);
	for (int i = 0; i < 2 * 1024 * 1024 / 64; i++)
		buf_puts(&out, "0123456789012345678901234567890123456789"
		    "012345678901234567890123");
	CHECK_INT(markdown_to_html(md, strlen(md), &out), 0);
	CHECK_INT(out.len, 2 * 1024 * 1024 + 1000 * strlen("<p>a</p>\n"));
	CHECK_INT(markdown_check(md, strlen(md), &fit), 0);
	free(md);
}

static void
test_bad_input_is_refused(void)
{
	buf_clear(&out);
	buf_puts(&out, "kept");
	CHECK_INT(markdown_to_html("a\xFF", 2, &out), -1);
	CHECK_INT(markdown_to_html("a\0b", 3, &out), -1);
	CHECK_INT(markdown_excerpt("\xC0\xAF", 2, 10, &out), -1);
	CHECK_INT(markdown_to_html(NULL, 1, &out), -1);
	CHECK_INT(markdown_to_html("x", 1, NULL), -1);
	CHECK_STR(out.data, "kept");
	CHECK_INT(markdown_to_html(NULL, 0, &out), 0);
	CHECK_STR(out.data, "kept");
	CHECK_STR(html(""), "");
}

static void
test_excerpt_is_plain_text(void)
{
	CHECK_STR(excerpt("Hello *world*", 100), "Hello world");
	CHECK_STR(excerpt("# Title\n\nSome **bold** and [a link](http://x) "
	    "and `co<de>`.\n\n```\nskipped\n```\n\n"
	    "| t |\n|---|\n| skipped |\n\n"
	    "- item one\n- item  two\n\n![skipped](/i.png)\n> quoted\n", 200),
	    "Some bold and a link and co<de>. item one item two quoted");
	CHECK_STR(excerpt("Fish &amp; chips&nbsp;&copy; &foo;", 100),
	    "Fish & chips\xC2\xA0\xC2\xA9 &foo;");
	CHECK_STR(excerpt("<b>raw</b>", 100), "<b>raw</b>");
	CHECK_STR(excerpt("line\nbreak  \nhard", 100), "line break hard");
	CHECK_STR(excerpt("", 10), "");
	CHECK_STR(excerpt("```\nonly code\n```", 10), "");
}

static void
test_excerpt_cuts_at_a_word_boundary(void)
{
	CHECK_STR(excerpt("one two three four", 10), "one two\xE2\x80\xA6");
	CHECK_STR(excerpt("one two three four", 18), "one two three four");
	CHECK_STR(excerpt("one two three four", 17),
	    "one two three\xE2\x80\xA6");
	CHECK_STR(excerpt("one two three four", 14),
	    "one two three\xE2\x80\xA6");
	CHECK_STR(excerpt("alpha, beta gamma", 8), "alpha\xE2\x80\xA6");
	CHECK_STR(excerpt("Supercalifragilistic", 6), "Super\xE2\x80\xA6");
	CHECK_STR(excerpt("one two", 1), "\xE2\x80\xA6");
	CHECK_STR(excerpt("one two", 0), "");
	CHECK_STR(excerpt("para one\n\npara two", 12),
	    "para one\xE2\x80\xA6");
}

static void
test_excerpt_is_utf8_safe(void)
{
	const char *e;

	e = excerpt("Первый пост и ещё немного текста", 10);
	CHECK_STR(e, "Первый\xE2\x80\xA6");
	e = excerpt("日本語のテキストです", 4);
	CHECK_STR(e, "日本語\xE2\x80\xA6");
	e = excerpt("\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80", 2);
	CHECK_STR(e, "\xF0\x9F\x98\x80\xE2\x80\xA6");
	for (size_t max = 0; max < 40; max++) {
		e = excerpt("Ça va? Très bien, merci — и ты? 好的 😀 ok", max);
		CHECK(e != NULL && utf8_valid(e, strlen(e)));
		CHECK(e != NULL && utf8_length(e, strlen(e)) <= max);
	}
}

int
main(void)
{
	TEST_RUN(test_raw_html_is_shown_as_text);
	TEST_RUN(test_javascript_links_in_every_spelling_are_refused);
	TEST_RUN(test_hostile_autolinks_are_text);
	TEST_RUN(test_hostile_images_keep_only_their_alt_text);
	TEST_RUN(test_allowed_links_are_escaped);
	TEST_RUN(test_autolinks_go_through_the_same_check);
	TEST_RUN(test_entities);
	TEST_RUN(test_code_keeps_its_characters);
	TEST_RUN(test_emphasis_nests);
	TEST_RUN(test_headings_move_one_level_down);
	TEST_RUN(test_blocks);
	TEST_RUN(test_tables);
	TEST_RUN(test_images);
	TEST_RUN(test_uploaded_images);
	TEST_RUN(test_hostile_shapes_do_not_crash);
	TEST_RUN(test_table_bomb_is_refused_with_its_reason);
	TEST_RUN(test_table_cells_are_bounded_at_the_limit);
	TEST_RUN(test_ordinary_table_still_renders);
	TEST_RUN(test_quadratic_brackets_are_refused);
	TEST_RUN(test_ordinary_brackets_fit);
	TEST_RUN(test_html_never_exceeds_the_bound);
	TEST_RUN(test_bound_counts_from_where_the_body_starts);
	TEST_RUN(test_bad_input_is_refused);
	TEST_RUN(test_excerpt_is_plain_text);
	TEST_RUN(test_excerpt_cuts_at_a_word_boundary);
	TEST_RUN(test_excerpt_is_utf8_safe);
	buf_free(&out);
	return TEST_DONE();
}

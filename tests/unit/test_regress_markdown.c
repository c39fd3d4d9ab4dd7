/*
 * Regressions found by tests/fuzz/fuzz_markdown in src/view/markdown_*.c,
 * both from md4c 0.4.8 (Debian 12's).
 *
 * It reads past the end of its input when the text ends inside a link's
 * destination ("[a](b"): whatever lies in memory after the body decides
 * what it does, and a ')' there crashed it. The wrapper now hands md4c
 * text that ends in a newline. Each body below is a prefix of a longer
 * buffer, as a body fetched into the request's arena is, with the bytes
 * that crashed md4c right after it; valgrind (tests/fuzz/valgrind.sh) also
 * sees any read past a body that stands alone.
 *
 * It does not always leave the spans it enters: in "![![](![]()]())" two
 * images begin and one ends, which left an alt attribute open for the rest
 * of the page. The renderer now closes what is open when a block ends.
 *
 * It stops the parse only when enter_block asks; a stop asked by the other
 * callbacks skips the rest of the block's text, the parse goes on with the
 * next block, and md_parse returns 0. A link whose URL took the HTML past
 * its bound was rendered all the same, and every paragraph after it. The
 * renderer now keeps its stop until the parse ends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/lib/buf.h"
#include "../../src/view/markdown.h"
#include "test.h"

static struct buf out;

/*
 * Returns the HTML of the first len bytes at mem, or "(refused)". The
 * bytes are copied to a heap block of exactly len bytes, unless tail is
 * set: then the bytes after them stay where they are, as they were when
 * md4c crashed.
 */
static const char *
html_of(const char *mem, size_t len, int tail)
{
	char *copy = NULL;
	int rc;

	buf_clear(&out);
	if (!tail) {
		copy = malloc(len);
		memcpy(copy, mem, len);
		mem = copy;
	}
	rc = markdown_to_html(mem, len, &out);
	free(copy);
	return rc == 0 ? (out.data ? out.data : "") : "(refused)";
}

/* Returns the excerpt (40 characters) of the len bytes at mem. */
static const char *
excerpt_of(const char *mem, size_t len)
{
	buf_clear(&out);
	if (markdown_excerpt(mem, len, 40, &out) != 0)
		return "(refused)";
	return out.data ? out.data : "";
}

/*
 * Returns the HTML of body as the start of a longer buffer, with after
 * right behind it and zeros behind that.
 */
static const char *
html_before(const char *body, const char *after)
{
	static char mem[128];

	memset(mem, 0, sizeof(mem));
	snprintf(mem, sizeof(mem), "%s%s", body, after);
	return html_of(mem, strlen(body), 1);
}

static void
test_link_destination_at_the_end(void)
{
	/* md4c 0.4.8 alone: SIGSEGV on each. */
	CHECK_STR(html_before("[a](b", ")"), "<p>[a](b</p>\n");
	CHECK_STR(html_before("[a](b", ") x"), "<p>[a](b</p>\n");
	CHECK_STR(html_before("[ok](vvht", ")\n"), "<p>[ok](vvht</p>\n");
	CHECK_STR(html_before("x [b](x.Ap", ")"), "<p>x [b](x.Ap</p>\n");
	CHECK_STR(excerpt_of("[a](b)", 5), "[a](b");
}

/* The two inputs the fuzzer saved, each in a block of its own size. */
static void
test_fuzzer_inputs(void)
{
	static const char first[] = "phttptvvvvvvvvv[ok](vvht";
	static const char second[] = "> T>> >eeper [a [b](x.Apng)](r png>r "
	    "[a [b](x.Ap";

	CHECK_STR(html_of(first, sizeof(first) - 1, 0),
	    "<p>phttptvvvvvvvvv[ok](vvht</p>\n");
	CHECK(strstr(html_of(second, sizeof(second) - 1, 0),
	    "<a href=\"r\">") == NULL);
	CHECK(strstr(html_of(second, sizeof(second) - 1, 0),
	    "[a [b](x.Ap</p>") != NULL);
}

/*
 * Returns 1 if every '<' of html is outside quotes and html ends outside
 * any tag, else 0.
 */
static int
attributes_closed(const char *html)
{
	int in_tag = 0, in_quotes = 0;

	for (const char *p = html; *p != '\0'; p++) {
		if (in_quotes) {
			if (*p == '<')
				return 0;
			if (*p == '"')
				in_quotes = 0;
		} else if (in_tag) {
			if (*p == '"')
				in_quotes = 1;
			else if (*p == '>')
				in_tag = 0;
		} else if (*p == '<')
			in_tag = 1;
	}
	return !in_tag && !in_quotes;
}

static void
test_image_left_open_by_md4c(void)
{
	static const char after[] = "![![](![]()]()) after\n\nnext";
	static const char links[] = "[![![](x)](y)](z) ![![](![]()]()) "
	    "[a](b)\n\n[c](d)";
	const char *got;

	/* The fuzzer's input, minimized. */
	CHECK_STR(html_of("![![](![]()]())", strlen("![![](![]()]())"), 0),
	    "<p><img src=\"\" decoding=\"async\" alt=\"\"></p>\n");
	got = html_of(after, strlen(after), 0);
	CHECK_STR(got, "<p><img src=\"\" decoding=\"async\" alt=\" after\"></p>\n"
	    "<p>next</p>\n");
	/* A link that md4c opens and the block closes ends there too. */
	CHECK(attributes_closed(html_of(links, strlen(links), 0)));
}

/* The newline the wrapper adds changes nothing visible. */
static void
test_final_newline_changes_nothing(void)
{
	static const char *const bodies[] = {
		"plain", "*em*", "a  ", "foo\\", "# h", "```\ncode",
		"| a |\n|---|",
		"[x]: /u", "[x]\n\n[x]: /u", "- a", "> q", "",
	};
	char with[64];

	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		char *without;

		snprintf(with, sizeof(with), "%s\n", bodies[i]);
		without = strdup(html_of(bodies[i], strlen(bodies[i]), 0));
		CHECK_STR(html_of(with, strlen(with), 0), without);
		free(without);
	}
}

/* One long URL used in paragraph after paragraph, stopped in the link. */
static void
test_stop_from_a_span_holds(void)
{
	struct buf md = { NULL, 0, 0 };
	size_t i;

	buf_puts(&md, "[x]: /");
	for (i = 0; i < 60000; i++)
		buf_puts(&md, "u");
	buf_puts(&md, "\n\n");
	for (i = 0; i < 1000; i++)
		buf_puts(&md, "[x]\n\n");
	CHECK(strcmp(html_of(md.data, md.len, 0), "(refused)") != 0);
	CHECK(out.len <= MARKDOWN_HTML_MAX);
	/* The paragraphs that fit, whole, then the notice. */
	CHECK(strstr(out.data, "</a></p>\n<p><em>The rest of this post is "
	    "not shown: it would make the page too large.</em></p>\n") !=
	    NULL);
	CHECK(out.len > MARKDOWN_HTML_MAX - 61000);
	CHECK_STR(excerpt_of(md.data, md.len), "x x x x x x x x x x x x x x "
	    "x x x x x x\xE2\x80\xA6");
	buf_free(&md);
}

int
main(void)
{
	TEST_RUN(test_link_destination_at_the_end);
	TEST_RUN(test_fuzzer_inputs);
	TEST_RUN(test_image_left_open_by_md4c);
	TEST_RUN(test_final_newline_changes_nothing);
	TEST_RUN(test_stop_from_a_span_holds);
	buf_free(&out);
	return TEST_DONE();
}

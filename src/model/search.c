/*
 * search: from text to a FULLTEXT expression.
 *
 * Words FULLTEXT cannot find are dropped from the expression, since
 * requiring them would find nothing at all: words shorter than the
 * server's minimum (a one-letter word) or longer than its maximum are not
 * in the index, and InnoDB's default stopwords are never indexed. When
 * nothing is left, the text falls back to a LIKE substring match of its
 * words joined by single spaces, on the title and the body: slower, but
 * only for such rare searches, and it finds what the user typed.
 */
#include "search.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lib/arena.h"
#include "../lib/buf.h"
#include "../lib/utf8.h"

/* InnoDB's INFORMATION_SCHEMA.INNODB_FT_DEFAULT_STOPWORD, sorted. */
static const char *const stopwords[] = {
	"a", "about", "an", "are", "as", "at", "be", "by", "com", "de", "en",
	"for", "from", "how", "i", "in", "is", "it", "la", "of", "on", "or",
	"that", "the", "this", "to", "und", "was", "what", "when", "where",
	"who", "will", "with", "www",
};

static int
is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

static int
compare_stopword(const void *key, const void *element)
{
	return strcasecmp(key, *(const char *const *)element);
}

static int
is_stopword(const char *word)
{
	return bsearch(word, stopwords,
	    sizeof(stopwords) / sizeof(stopwords[0]), sizeof(stopwords[0]),
	    compare_stopword) != NULL;
}

/* Returns whether the FULLTEXT index holds word (NUL-terminated). */
static int
is_indexed(const char *word, size_t len)
{
	size_t chars = utf8_length(word, len);

	return chars >= SEARCH_WORD_MIN && chars <= SEARCH_WORD_MAX &&
	    !is_stopword(word);
}

/* Appends word to a LIKE pattern escaped with '!'. */
static void
like_append(struct buf *b, const char *word, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (word[i] == '%' || word[i] == '_' || word[i] == '!')
			buf_append(b, "!", 1);
		buf_append(b, word + i, 1);
	}
}

int
search_build(struct arena *a, const char *q, struct search *out)
{
	struct buf match = { 0 }, like = { 0 };
	const unsigned char *p = (const unsigned char *)q;
	int words = 0;

	out->match = out->like = NULL;
	buf_puts(&like, "%");
	while (*p != '\0') {
		const unsigned char *start;
		char *word;
		size_t len;

		while (*p != '\0' && !is_word_byte(*p))
			p++;
		if (*p == '\0')
			break;
		for (start = p; *p != '\0' && is_word_byte(*p); p++)
			continue;
		len = (size_t)(p - start);
		word = arena_strndup(a, (const char *)start, len);
		if (words++ > 0)
			buf_puts(&like, " ");
		like_append(&like, word, len);
		if (is_indexed(word, len)) {
			buf_puts(&match, match.len ? " +" : "+");
			buf_append(&match, word, len);
		}
	}
	buf_puts(&like, "%");
	if (match.len > 0)
		out->match = arena_strndup(a, match.data, match.len);
	else if (words > 0)
		out->like = arena_strndup(a, like.data, like.len);
	buf_free(&match);
	buf_free(&like);
	return words > 0 ? 0 : -1;
}

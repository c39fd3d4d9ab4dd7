/*
 * search: from text to a FULLTEXT expression and to the regular
 * expressions of the walk.
 *
 * Words FULLTEXT cannot find are left out, since requiring them would find
 * nothing at all: words shorter than the server's minimum (a one-letter
 * word) or longer than its maximum are not in the index, and InnoDB's
 * default stopwords are never indexed. Looking for them without the index
 * means reading every post (LIKE '%the%' took 2.9 s at 100,000 posts), so
 * a text of nothing else is answered with a message instead (SPEC).
 *
 * The regular expressions must agree with the index, or a word would find
 * other posts depending on how common it is (post.c picks the walk or the
 * index by that). The index compares words under utf8mb4_unicode_ci: any
 * case, and accents folded (cafe finds café, ёлка finds елка). REGEXP folds
 * case under that collation but not accents, so each letter that has
 * accented forms becomes a class of them all.
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

/*
 * A letter and the forms utf8mb4_unicode_ci holds equal to it at the first
 * level (checked with SELECT 'é' = 'e' and so on): not đ, ł, ø, ı, which
 * are letters of their own there. Letters made of two (ß, æ, œ) are left
 * to the index: the walk finds only what is typed.
 */
static const struct fold {
	const char *letter;
	const char *forms;
} folds[] = {
	{ "a", "àáâãäåāăąÀÁÂÃÄÅĀĂĄ" },
	{ "c", "çćĉċčÇĆĈĊČ" },
	{ "d", "ďĎ" },
	{ "e", "èéêëēĕėęěÈÉÊËĒĔĖĘĚ" },
	{ "g", "ĝğġģĜĞĠĢ" },
	{ "h", "ĥĤ" },
	{ "i", "ìíîïĩīĭįÌÍÎÏĨĪĬĮİ" },
	{ "j", "ĵĴ" },
	{ "k", "ķĶ" },
	{ "l", "ĺļľĹĻĽ" },
	{ "n", "ñńņňÑŃŅŇ" },
	{ "o", "òóôõöōŏőÒÓÔÕÖŌŎŐ" },
	{ "r", "ŕŗřŔŖŘ" },
	{ "s", "śŝşšŚŜŞŠ" },
	{ "t", "ţťŢŤ" },
	{ "u", "ùúûüũūŭůűųÙÚÛÜŨŪŬŮŰŲ" },
	{ "w", "ŵŴ" },
	{ "y", "ýÿŷÝŸŶ" },
	{ "z", "źżžŹŻŽ" },
	{ "е", "ёЕЁ" },
};

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

/* Returns the length of the UTF-8 sequence starting with byte c. */
static size_t
char_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xf0)
		return 4;
	if (c >= 0xe0)
		return 3;
	return 2;
}

/* Returns the code point of the (valid) UTF-8 character at p. */
static unsigned long
code_point(const unsigned char *p)
{
	switch (char_len(p[0])) {
	case 1:
		return p[0];
	case 2:
		return (p[0] & 0x1fUL) << 6 | (p[1] & 0x3f);
	case 3:
		return (p[0] & 0x0fUL) << 12 | (p[1] & 0x3fUL) << 6 |
		    (p[2] & 0x3f);
	default:
		return (p[0] & 0x07UL) << 18 | (p[1] & 0x3fUL) << 12 |
		    (p[2] & 0x3fUL) << 6 | (p[3] & 0x3f);
	}
}

/*
 * Returns whether the character at p belongs to a word. The index's
 * parser splits at punctuation too: «слово» and “word” must be words
 * without their quotes, for the walk's \b to find them.
 */
static int
is_word_char(const unsigned char *p)
{
	unsigned long c = code_point(p);

	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_';
	return !(c <= 0xbf || c == 0xd7 || c == 0xf7 ||
	    (c >= 0x2000 && c <= 0x206f) || (c >= 0x3000 && c <= 0x303f) ||
	    (c >= 0xff00 && c <= 0xff0f));
}

/* Returns the fold holding the character of len bytes at p, or NULL. */
static const struct fold *
fold_find(const char *p, size_t len)
{
	char lower = p[0] >= 'A' && p[0] <= 'Z' ? (char)(p[0] - 'A' + 'a') :
	    p[0];

	for (size_t i = 0; i < sizeof(folds) / sizeof(folds[0]); i++) {
		const char *f = folds[i].forms;

		if (len == 1 ? folds[i].letter[0] == lower &&
		    folds[i].letter[1] == '\0' :
		    strlen(folds[i].letter) == len &&
		    memcmp(folds[i].letter, p, len) == 0)
			return &folds[i];
		for (; *f != '\0'; f += char_len((unsigned char)*f))
			if (char_len((unsigned char)*f) == len &&
			    memcmp(f, p, len) == 0)
				return &folds[i];
	}
	return NULL;
}

/*
 * Appends the regular expression of word to b. A word holds only letters,
 * digits, '_' and characters of more than one byte, none of which means
 * anything to PCRE: nothing needs escaping. (*UCP) makes \b know letters
 * beyond ASCII, so that Cyrillic words have edges.
 */
static void
regex_append(struct buf *b, const char *word, size_t len)
{
	buf_puts(b, "(*UCP)\\b");
	for (size_t i = 0; i < len; ) {
		size_t n = char_len((unsigned char)word[i]);
		const struct fold *f = fold_find(word + i, n);

		if (f != NULL)
			buf_printf(b, "[%s%s]", f->letter, f->forms);
		else if (word[i] >= 'A' && word[i] <= 'Z')
			buf_printf(b, "%c", word[i] - 'A' + 'a');
		else
			buf_append(b, word + i, n);
		i += n;
	}
	buf_puts(b, "\\b");
}

int
search_build(struct arena *a, const char *q, struct search *out)
{
	struct buf match = { 0 }, ignored = { 0 }, re = { 0 };
	const unsigned char *p = (const unsigned char *)q;
	int words = 0;

	memset(out, 0, sizeof(*out));
	while (*p != '\0') {
		const unsigned char *start;
		size_t len, chars;
		char *word;

		while (*p != '\0' && !is_word_char(p))
			p += char_len(*p);
		if (*p == '\0')
			break;
		for (start = p; *p != '\0' && is_word_char(p); )
			p += char_len(*p);
		len = (size_t)(p - start);
		word = arena_strndup(a, (const char *)start, len);
		chars = utf8_length(word, len);
		words++;
		if (chars < SEARCH_WORD_MIN || chars > SEARCH_WORD_MAX ||
		    is_stopword(word) || out->nwords == SEARCH_WORDS_MAX) {
			buf_puts(&ignored, ignored.len ? " " : "");
			buf_append(&ignored, word, len);
			continue;
		}
		buf_puts(&match, match.len ? " +" : "+");
		buf_append(&match, word, len);
		buf_clear(&re);
		regex_append(&re, word, len);
		out->regex[out->nwords++] = arena_strndup(a, re.data, re.len);
	}
	if (match.len > 0)
		out->match = arena_strndup(a, match.data, match.len);
	if (ignored.len > 0)
		out->ignored = arena_strndup(a, ignored.data, ignored.len);
	buf_free(&match);
	buf_free(&ignored);
	buf_free(&re);
	if (words == 0)
		return SEARCH_EMPTY;
	return out->nwords > 0 ? SEARCH_OK : SEARCH_UNSEARCHABLE;
}

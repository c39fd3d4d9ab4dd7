/*
 * slug: titles to URL names. ICU transliterates the text to Latin and then
 * to ASCII; this file keeps the letters and digits, lowercased, with one
 * '-' for each run of anything else, and owns the one transliterator.
 */
#include "slug.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "utf8.h"

/*
 * The transliteration as ICU rules; each "::" line is a pass over the
 * whole text, the bare rule a pass of its own.
 * - NFKC folds compatibility forms (full-width letters, ligatures, circled
 *   digits) into the plain characters the later passes know.
 * - Cyrillic gets the BGN/PCGN romanization for Russian, which reads as
 *   people write it ("Первый" is "Pervyy", "щука" "shchuka") where
 *   Any-Latin's ISO 9 gives "Pervyj" and "ŝuka".
 * - BGN writes the soft and hard signs as primes (U+02B9, U+02BA) and puts
 *   a middle dot (U+00B7) between letters that could be misread as one
 *   digraph (т·с); they are dropped, not turned into a '-' inside a word.
 * - Any-Latin takes every other script: Greek, Han to pinyin, kana, Hangul.
 * - Latin-ASCII folds accented and special Latin letters (é to e, ß to
 *   ss); NFD and removing nonspacing marks catch the accents it leaves,
 *   such as those typed as combining characters.
 */
static const char slug_rules[] =
    ":: NFKC ;\n"
    ":: [:Cyrillic:] Russian-Latin/BGN ;\n"
    "[\\u02B9\\u02BA\\u00B7] > ;\n"
    ":: Any-Latin ;\n"
    ":: Latin-ASCII ;\n"
    ":: NFD ;\n"
    ":: [:Nonspacing Mark:] Remove ;\n";

static const UChar slug_rules_id[] = u"Blog-Slug";

static UTransliterator *slug_trans;

int
slug_init(void)
{
	UChar rules[sizeof(slug_rules)];
	UParseError where;
	UErrorCode status = U_ZERO_ERROR;

	if (slug_trans != NULL)
		return 0;
	/* The rules are ASCII: one UTF-16 unit per byte. */
	u_strFromUTF8(rules, (int32_t)sizeof(slug_rules), NULL, slug_rules, -1,
	    &status);
	if (U_FAILURE(status))
		return -1;
	slug_trans = utrans_openU(slug_rules_id, -1, UTRANS_FORWARD, rules, -1,
	    &where, &status);
	if (U_FAILURE(status)) {
		slug_trans = NULL;
		return -1;
	}
	return 0;
}

void
slug_free(void)
{
	if (slug_trans != NULL)
		utrans_close(slug_trans);
	slug_trans = NULL;
}

/*
 * Returns the len bytes of UTF-8 text transliterated, in UTF-16 that the
 * caller frees, with its length in *outlen; NULL if ICU fails or memory
 * runs out.
 */
static UChar *
slug_transliterate(const char *text, int32_t len, int32_t *outlen)
{
	UChar *buf = NULL, *grown;
	UErrorCode status;
	int32_t cap, n, limit;

	/*
	 * UTF-16 never needs more units than UTF-8 needs bytes, so twice the
	 * bytes leaves room for most growth (a Han character, three bytes,
	 * becomes up to seven letters of pinyin); a text that grows more is
	 * done again in the size ICU reports.
	 */
	cap = 2 * len + 16;
	for (int attempt = 0; attempt < 2; attempt++) {
		grown = realloc(buf, (size_t)cap * sizeof(UChar));
		if (grown == NULL)
			break;
		buf = grown;
		status = U_ZERO_ERROR;
		u_strFromUTF8(buf, cap, &n, text, len, &status);
		if (U_FAILURE(status))
			break;
		limit = n;
		utrans_transUChars(slug_trans, buf, &n, cap, 0, &limit, &status);
		if (status == U_BUFFER_OVERFLOW_ERROR && n > cap) {
			cap = n;
			continue;
		}
		if (U_FAILURE(status))
			break;
		*outlen = n;
		return buf;
	}
	free(buf);
	return NULL;
}

/* Returns 1 if c is one of the characters a slug keeps, [a-z0-9]. */
static int
slug_char(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/*
 * Writes the slug of the n units of transliterated text s into out and
 * returns its length. A '-' is written only before a letter that follows
 * a gap, so the cut at SLUG_MAX never leaves one at the end.
 */
static int
slug_from_ascii(const UChar *s, int32_t n, char out[SLUG_MAX + 1])
{
	size_t len = 0, need;
	int gap = 0;

	for (int32_t i = 0; i < n; i++) {
		unsigned c = s[i];

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (!slug_char(c)) {
			gap = 1;
			continue;
		}
		need = (gap && len > 0) ? 2 : 1;
		if (len + need > SLUG_MAX)
			break;
		if (need == 2)
			out[len++] = '-';
		out[len++] = (char)c;
		gap = 0;
	}
	out[len] = '\0';
	return (int)len;
}

int
slug_make(const char *text, size_t len, char out[SLUG_MAX + 1])
{
	UChar *latin;
	int32_t n;
	int result;

	out[0] = '\0';
	if (len > (INT32_MAX - 16) / 2 || !utf8_valid(text, len))
		return -1;
	if (slug_init() == -1)
		return -1;
	if ((latin = slug_transliterate(text, (int32_t)len, &n)) == NULL)
		return -1;
	result = slug_from_ascii(latin, n, out);
	free(latin);
	return result;
}

int
slug_with_suffix(const char *base, unsigned long n, char out[SLUG_MAX + 1])
{
	char suffix[2 + 3 * sizeof(n)];
	size_t keep, slen;

	out[0] = '\0';
	if (n < 2 || !slug_valid(base))
		return -1;
	slen = (size_t)snprintf(suffix, sizeof(suffix), "-%lu", n);
	keep = strlen(base);
	if (keep > SLUG_MAX - slen)
		keep = SLUG_MAX - slen;
	/* A valid base starts with a letter or digit, so this stops there. */
	while (base[keep - 1] == '-')
		keep--;
	memcpy(out, base, keep);
	memcpy(out + keep, suffix, slen + 1);
	return (int)(keep + slen);
}

int
slug_valid(const char *s)
{
	size_t len;
	unsigned prev = '-';	/* as if after a '-': none may come first */

	for (len = 0; s[len] != '\0'; len++) {
		unsigned c = (unsigned char)s[len];

		if (len == SLUG_MAX)
			return 0;
		if (c == '-' ? prev == '-' : !slug_char(c))
			return 0;
		prev = c;
	}
	return len > 0 && prev != '-';
}

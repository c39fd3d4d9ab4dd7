/*
 * entity: decoding HTML character references to UTF-8. Numeric references
 * are decoded in full; named ones from a table of the names people type
 * (HTML 4's Latin-1 set, typography, arrows and the ASCII punctuation names
 * HTML5 added, which attackers like). A name outside the table is left to
 * the caller, who keeps it as text: never unsafe, only less pretty.
 */
#include "entity.h"

#include <stdint.h>
#include <string.h>

struct entity {
	const char *name;
	uint32_t cp;
};

static const struct entity entities[] = {
	/* ASCII */
	{ "Tab", 0x09 }, { "NewLine", 0x0A }, { "excl", 0x21 },
	{ "quot", 0x22 }, { "QUOT", 0x22 }, { "num", 0x23 },
	{ "dollar", 0x24 }, { "percnt", 0x25 }, { "amp", 0x26 },
	{ "AMP", 0x26 }, { "apos", 0x27 }, { "lpar", 0x28 },
	{ "rpar", 0x29 }, { "ast", 0x2A }, { "plus", 0x2B },
	{ "comma", 0x2C }, { "period", 0x2E }, { "sol", 0x2F },
	{ "colon", 0x3A }, { "semi", 0x3B }, { "lt", 0x3C }, { "LT", 0x3C },
	{ "equals", 0x3D }, { "gt", 0x3E }, { "GT", 0x3E },
	{ "quest", 0x3F }, { "commat", 0x40 }, { "lsqb", 0x5B },
	{ "lbrack", 0x5B }, { "bsol", 0x5C }, { "rsqb", 0x5D },
	{ "rbrack", 0x5D }, { "Hat", 0x5E }, { "lowbar", 0x5F },
	{ "grave", 0x60 }, { "lcub", 0x7B }, { "lbrace", 0x7B },
	{ "verbar", 0x7C }, { "vert", 0x7C }, { "rcub", 0x7D },
	{ "rbrace", 0x7D },
	/* Latin-1 */
	{ "nbsp", 0xA0 }, { "iexcl", 0xA1 }, { "cent", 0xA2 },
	{ "pound", 0xA3 }, { "curren", 0xA4 }, { "yen", 0xA5 },
	{ "brvbar", 0xA6 }, { "sect", 0xA7 }, { "uml", 0xA8 },
	{ "copy", 0xA9 }, { "COPY", 0xA9 }, { "ordf", 0xAA },
	{ "laquo", 0xAB }, { "not", 0xAC }, { "shy", 0xAD },
	{ "reg", 0xAE }, { "REG", 0xAE }, { "macr", 0xAF }, { "deg", 0xB0 },
	{ "plusmn", 0xB1 }, { "sup2", 0xB2 }, { "sup3", 0xB3 },
	{ "acute", 0xB4 }, { "micro", 0xB5 }, { "para", 0xB6 },
	{ "middot", 0xB7 }, { "cedil", 0xB8 }, { "sup1", 0xB9 },
	{ "ordm", 0xBA }, { "raquo", 0xBB }, { "frac14", 0xBC },
	{ "frac12", 0xBD }, { "half", 0xBD }, { "frac34", 0xBE },
	{ "iquest", 0xBF }, { "Agrave", 0xC0 }, { "Aacute", 0xC1 },
	{ "Acirc", 0xC2 }, { "Atilde", 0xC3 }, { "Auml", 0xC4 },
	{ "Aring", 0xC5 }, { "AElig", 0xC6 }, { "Ccedil", 0xC7 },
	{ "Egrave", 0xC8 }, { "Eacute", 0xC9 }, { "Ecirc", 0xCA },
	{ "Euml", 0xCB }, { "Igrave", 0xCC }, { "Iacute", 0xCD },
	{ "Icirc", 0xCE }, { "Iuml", 0xCF }, { "ETH", 0xD0 },
	{ "Ntilde", 0xD1 }, { "Ograve", 0xD2 }, { "Oacute", 0xD3 },
	{ "Ocirc", 0xD4 }, { "Otilde", 0xD5 }, { "Ouml", 0xD6 },
	{ "times", 0xD7 }, { "Oslash", 0xD8 }, { "Ugrave", 0xD9 },
	{ "Uacute", 0xDA }, { "Ucirc", 0xDB }, { "Uuml", 0xDC },
	{ "Yacute", 0xDD }, { "THORN", 0xDE }, { "szlig", 0xDF },
	{ "agrave", 0xE0 }, { "aacute", 0xE1 }, { "acirc", 0xE2 },
	{ "atilde", 0xE3 }, { "auml", 0xE4 }, { "aring", 0xE5 },
	{ "aelig", 0xE6 }, { "ccedil", 0xE7 }, { "egrave", 0xE8 },
	{ "eacute", 0xE9 }, { "ecirc", 0xEA }, { "euml", 0xEB },
	{ "igrave", 0xEC }, { "iacute", 0xED }, { "icirc", 0xEE },
	{ "iuml", 0xEF }, { "eth", 0xF0 }, { "ntilde", 0xF1 },
	{ "ograve", 0xF2 }, { "oacute", 0xF3 }, { "ocirc", 0xF4 },
	{ "otilde", 0xF5 }, { "ouml", 0xF6 }, { "divide", 0xF7 },
	{ "oslash", 0xF8 }, { "ugrave", 0xF9 }, { "uacute", 0xFA },
	{ "ucirc", 0xFB }, { "uuml", 0xFC }, { "yacute", 0xFD },
	{ "thorn", 0xFE }, { "yuml", 0xFF },
	/* Latin Extended, spacing modifiers */
	{ "OElig", 0x152 }, { "oelig", 0x153 }, { "Scaron", 0x160 },
	{ "scaron", 0x161 }, { "Yuml", 0x178 }, { "fnof", 0x192 },
	{ "circ", 0x2C6 }, { "tilde", 0x2DC },
	/* General punctuation */
	{ "ensp", 0x2002 }, { "emsp", 0x2003 }, { "thinsp", 0x2009 },
	{ "zwnj", 0x200C }, { "zwj", 0x200D }, { "lrm", 0x200E },
	{ "rlm", 0x200F }, { "hyphen", 0x2010 }, { "ndash", 0x2013 },
	{ "mdash", 0x2014 }, { "lsquo", 0x2018 }, { "rsquo", 0x2019 },
	{ "sbquo", 0x201A }, { "ldquo", 0x201C }, { "rdquo", 0x201D },
	{ "bdquo", 0x201E }, { "dagger", 0x2020 }, { "Dagger", 0x2021 },
	{ "bull", 0x2022 }, { "hellip", 0x2026 }, { "permil", 0x2030 },
	{ "prime", 0x2032 }, { "Prime", 0x2033 }, { "lsaquo", 0x2039 },
	{ "rsaquo", 0x203A }, { "oline", 0x203E }, { "euro", 0x20AC },
	{ "trade", 0x2122 }, { "TRADE", 0x2122 },
	/* Arrows, mathematics, symbols */
	{ "larr", 0x2190 }, { "uarr", 0x2191 }, { "rarr", 0x2192 },
	{ "darr", 0x2193 }, { "harr", 0x2194 }, { "lArr", 0x21D0 },
	{ "rArr", 0x21D2 }, { "hArr", 0x21D4 }, { "forall", 0x2200 },
	{ "exist", 0x2203 }, { "empty", 0x2205 }, { "isin", 0x2208 },
	{ "sum", 0x2211 }, { "minus", 0x2212 }, { "radic", 0x221A },
	{ "infin", 0x221E }, { "and", 0x2227 }, { "or", 0x2228 },
	{ "asymp", 0x2248 }, { "ne", 0x2260 }, { "equiv", 0x2261 },
	{ "le", 0x2264 }, { "ge", 0x2265 }, { "loz", 0x25CA },
	{ "spades", 0x2660 }, { "clubs", 0x2663 }, { "hearts", 0x2665 },
	{ "diams", 0x2666 }, { "check", 0x2713 }, { "cross", 0x2717 },
};

/* Writes cp as UTF-8 at out; returns the number of bytes. */
static size_t
utf8_put(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * Returns the code point of the digits "233" or "xE9" (len bytes), capped
 * just past U+10FFFF so a long run of digits cannot overflow; or UINT32_MAX
 * if there are no digits or something else is there.
 */
static uint32_t
numeric_value(const char *s, size_t len)
{
	uint32_t cp = 0, base = 10, digit;
	size_t i = 0;

	if (len > 0 && (s[0] == 'x' || s[0] == 'X')) {
		base = 16;
		i = 1;
	}
	if (i == len)
		return UINT32_MAX;
	for (; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digit = (uint32_t)(s[i] - '0');
		else if (base == 16 && s[i] >= 'a' && s[i] <= 'f')
			digit = (uint32_t)(s[i] - 'a' + 10);
		else if (base == 16 && s[i] >= 'A' && s[i] <= 'F')
			digit = (uint32_t)(s[i] - 'A' + 10);
		else
			return UINT32_MAX;
		if (cp <= 0x10FFFF)
			cp = cp * base + digit;
	}
	return cp;
}

/* Whether a numeric reference to cp must become U+FFFD. */
static int
unprintable(uint32_t cp)
{
	if (cp == '\t' || cp == '\n' || cp == '\r')
		return 0;
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF;
}

size_t
entity_decode(const char *ref, size_t len, char out[4])
{
	const char *name;
	size_t i, n;
	uint32_t cp;

	if (len < 3 || ref[0] != '&' || ref[len - 1] != ';')
		return 0;
	name = ref + 1;
	n = len - 2;
	if (name[0] == '#') {
		cp = numeric_value(name + 1, n - 1);
		if (cp == UINT32_MAX)
			return 0;
		return utf8_put(unprintable(cp) ? 0xFFFD : cp, out);
	}
	for (i = 0; i < sizeof(entities) / sizeof(entities[0]); i++)
		if (strlen(entities[i].name) == n &&
		    memcmp(entities[i].name, name, n) == 0)
			return utf8_put(entities[i].cp, out);
	return 0;
}

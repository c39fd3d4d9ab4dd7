/*
 * entity: decoding HTML character references to UTF-8. Numeric references
 * are decoded in full; named ones from a table of the names people type
 * (HTML 4's Latin-1 set, typography, arrows and the ASCII punctuation names
 * HTML5 added, which attackers like). A name outside the table is left to
 * the caller, who keeps it as text: never unsafe, only less pretty. And
 * the one escaper of text written without a template.
 */
#include "entity.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/buf.h"

/*
 * The names we decode, each "name=HEX" with its code point in hex, one
 * space between: a string rather than an array of structs, read once a
 * reference by named_value().
 */
static const char entities[] =
    /* ASCII */
    "Tab=09 NewLine=0A excl=21 quot=22 QUOT=22 num=23 dollar=24 "
    "percnt=25 amp=26 AMP=26 apos=27 lpar=28 rpar=29 ast=2A plus=2B "
    "comma=2C period=2E sol=2F colon=3A semi=3B lt=3C LT=3C "
    "equals=3D gt=3E GT=3E quest=3F commat=40 lsqb=5B lbrack=5B "
    "bsol=5C rsqb=5D rbrack=5D Hat=5E lowbar=5F grave=60 lcub=7B "
    "lbrace=7B verbar=7C vert=7C rcub=7D rbrace=7D "
    /* Latin-1 */
    "nbsp=A0 iexcl=A1 cent=A2 pound=A3 curren=A4 yen=A5 brvbar=A6 "
    "sect=A7 uml=A8 copy=A9 COPY=A9 ordf=AA laquo=AB not=AC shy=AD "
    "reg=AE REG=AE macr=AF deg=B0 plusmn=B1 sup2=B2 sup3=B3 acute=B4 "
    "micro=B5 para=B6 middot=B7 cedil=B8 sup1=B9 ordm=BA raquo=BB "
    "frac14=BC frac12=BD half=BD frac34=BE iquest=BF Agrave=C0 "
    "Aacute=C1 Acirc=C2 Atilde=C3 Auml=C4 Aring=C5 AElig=C6 "
    "Ccedil=C7 Egrave=C8 Eacute=C9 Ecirc=CA Euml=CB Igrave=CC "
    "Iacute=CD Icirc=CE Iuml=CF ETH=D0 Ntilde=D1 Ograve=D2 Oacute=D3 "
    "Ocirc=D4 Otilde=D5 Ouml=D6 times=D7 Oslash=D8 Ugrave=D9 "
    "Uacute=DA Ucirc=DB Uuml=DC Yacute=DD THORN=DE szlig=DF "
    "agrave=E0 aacute=E1 acirc=E2 atilde=E3 auml=E4 aring=E5 "
    "aelig=E6 ccedil=E7 egrave=E8 eacute=E9 ecirc=EA euml=EB "
    "igrave=EC iacute=ED icirc=EE iuml=EF eth=F0 ntilde=F1 ograve=F2 "
    "oacute=F3 ocirc=F4 otilde=F5 ouml=F6 divide=F7 oslash=F8 "
    "ugrave=F9 uacute=FA ucirc=FB uuml=FC yacute=FD thorn=FE yuml=FF "
    /* Latin Extended, spacing modifiers */
    "OElig=152 oelig=153 Scaron=160 scaron=161 Yuml=178 fnof=192 "
    "circ=2C6 tilde=2DC "
    /* General punctuation */
    "ensp=2002 emsp=2003 thinsp=2009 zwnj=200C zwj=200D lrm=200E "
    "rlm=200F hyphen=2010 ndash=2013 mdash=2014 lsquo=2018 "
    "rsquo=2019 sbquo=201A ldquo=201C rdquo=201D bdquo=201E "
    "dagger=2020 Dagger=2021 bull=2022 hellip=2026 permil=2030 "
    "prime=2032 Prime=2033 lsaquo=2039 rsaquo=203A oline=203E "
    "euro=20AC trade=2122 TRADE=2122 "
    /* Arrows, mathematics, symbols */
    "larr=2190 uarr=2191 rarr=2192 darr=2193 harr=2194 lArr=21D0 "
    "rArr=21D2 hArr=21D4 forall=2200 exist=2203 empty=2205 isin=2208 "
    "sum=2211 minus=2212 radic=221A infin=221E and=2227 or=2228 "
    "asymp=2248 ne=2260 equiv=2261 le=2264 ge=2265 loz=25CA "
    "spades=2660 clubs=2663 hearts=2665 diams=2666 check=2713 "
    "cross=2717";

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

/* Returns the code point named by the n bytes at name, or UINT32_MAX. */
static uint32_t
named_value(const char *name, size_t n)
{
	const char *w = entities, *eq;

	while ((eq = strchr(w, '=')) != NULL) {
		if ((size_t)(eq - w) == n && memcmp(w, name, n) == 0)
			return (uint32_t)strtoul(eq + 1, NULL, 16);
		w = eq + strcspn(eq, " ");
		w += *w == ' ';
	}
	return UINT32_MAX;
}

size_t
entity_decode(const char *ref, size_t len, char out[4])
{
	const char *name;
	size_t n;
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
	if ((cp = named_value(name, n)) == UINT32_MAX)
		return 0;
	return utf8_put(cp, out);
}

void
entity_escape(struct buf *out, const char *s, size_t len)
{
	const char *rep;
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		buf_append(out, s + start, i - start);
		buf_puts(out, rep);
		start = i + 1;
	}
	buf_append(out, s + start, len - start);
}

/*
 * multipart: the multipart/form-data push parser: the boundary of a
 * Content-Type value, the scan for delimiters over a body fed in pieces,
 * each part's header block, and its Content-Disposition's name and
 * filename (decoded in place in the header buffer).
 */
#include "multipart.h"

#include <string.h>
#include <strings.h>

#include "../lib/arena.h"
#include "../lib/utf8.h"

/* Where the parser is in the body. */
enum state {
	S_PREAMBLE,	/* before the first delimiter: ignored */
	S_BOUNDARY,	/* right after a delimiter */
	S_PADDING,	/* after a delimiter and spaces or tabs */
	S_CLOSE,	/* after a delimiter and one '-' */
	S_LF,		/* after a delimiter line's CR */
	S_HEADERS,	/* in a part's header block */
	S_DATA,		/* in a part's data */
	S_EPILOGUE,	/* after the close delimiter: ignored */
};

static const char *const error_texts[MULTIPART_ERR__MAX] = {
	[MULTIPART_OK] = "",
	[MULTIPART_ERR_CONTENT_TYPE] = "The upload is not sent as "
	    "multipart/form-data with a valid boundary.",
	[MULTIPART_ERR_TRUNCATED] = "The upload ended before its last part "
	    "did.",
	[MULTIPART_ERR_DELIMITER] = "The upload has a boundary line with "
	    "something after the boundary.",
	[MULTIPART_ERR_LINE_END] = "The upload's lines do not end in CR LF.",
	[MULTIPART_ERR_HEADER] = "A part of the upload has a malformed "
	    "header.",
	[MULTIPART_ERR_DISPOSITION] = "A part of the upload has no valid "
	    "Content-Disposition: form-data header.",
	[MULTIPART_ERR_NO_NAME] = "A part of the upload has no field name.",
	[MULTIPART_ERR_NAME] = "A field name in the upload is not valid "
	    "text.",
	[MULTIPART_ERR_FILENAME] = "A file name in the upload is not valid "
	    "UTF-8 text.",
	[MULTIPART_ERR_TOO_MANY_PARTS] = "The upload has too many parts.",
	[MULTIPART_ERR_HEADER_TOO_LONG] = "The upload's part headers are too "
	    "long.",
	[MULTIPART_ERR_NAME_TOO_LONG] = "A field name in the upload is too "
	    "long.",
	[MULTIPART_ERR_FILENAME_TOO_LONG] = "A file name in the upload is too "
	    "long.",
	[MULTIPART_ERR_BODY_TOO_LARGE] = "The upload is larger than this site "
	    "accepts.",
	[MULTIPART_ERR_STOPPED] = "The upload was refused.",
};

/* A parameter of a header value: name=value, value still escaped. */
struct param {
	const char *name;
	size_t name_len;
	const char *value;	/* inside the quotes, if quoted */
	size_t value_len;
	int quoted;
};

static int
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static int
is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* Returns whether c may be in a token (RFC 9110 section 5.6.2). */
static int
is_tchar(unsigned char c)
{
	return is_alnum(c) || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c));
}

/* Returns whether c may be in a boundary (RFC 2046's bchars). */
static int
is_bchar(unsigned char c)
{
	return is_alnum(c) || (c != '\0' && strchr("'()+_,-./:=? ", c));
}

/* Returns the length of the token that starts the len bytes at s. */
static size_t
token_len(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && is_tchar((unsigned char)s[n]))
		n++;
	return n;
}

/* Returns whether the len bytes at s are word, ignoring case. */
static int
same_word(const char *s, size_t len, const char *word)
{
	return len == strlen(word) && strncasecmp(s, word, len) == 0;
}

/* Returns whether the len bytes at s make a boundary RFC 2046 allows. */
static int
boundary_ok(const char *s, size_t len)
{
	if (len == 0 || len > MULTIPART_BOUNDARY_MAX || s[len - 1] == ' ')
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!is_bchar((unsigned char)s[i]))
			return 0;
	return 1;
}

/*
 * Reads the next parameter of a header value (RFC 9110 section 5.6.6:
 * "; name=value", empty ones skipped) from the *len bytes at *s, moving
 * both past it. A quoted value's backslash escapes only '"' and '\', as
 * browsers send it. Returns 1 with the parameter in *out, 0 at the end of
 * the value, or -1 if it is malformed.
 */
static int
param_next(const char **s, size_t *len, struct param *out)
{
	const char *p = *s, *end = *s + *len;
	size_t n;
	int separated = 0;

	while (p < end && (is_ows(*p) || *p == ';')) {
		if (*p == ';')
			separated = 1;
		p++;
	}
	if (p == end) {
		*s = p;
		*len = 0;
		return 0;
	}
	n = token_len(p, (size_t)(end - p));
	if (!separated || n == 0 || n == (size_t)(end - p) || p[n] != '=')
		return -1;
	out->name = p;
	out->name_len = n;
	p += n + 1;
	if (p < end && *p == '"') {
		out->value = ++p;
		while (p < end && *p != '"') {
			if (*p == '\\' && end - p > 1 && (p[1] == '"' ||
			    p[1] == '\\'))
				p++;
			p++;
		}
		if (p == end)
			return -1;
		out->value_len = (size_t)(p - out->value);
		out->quoted = 1;
		p++;
	} else {
		n = token_len(p, (size_t)(end - p));
		if (n == 0)
			return -1;
		out->value = p;
		out->value_len = n;
		out->quoted = 0;
		p += n;
	}
	*len = (size_t)(end - p);
	*s = p;
	return 1;
}

/* Undoes the escapes \" and \\ of len bytes in place; returns the length. */
static size_t
unescape_quoted(char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len && (s[i + 1] == '"' ||
		    s[i + 1] == '\\'))
			i++;
		s[n++] = s[i];
	}
	return n;
}

/*
 * Decodes, in place, the three escapes the HTML standard has browsers
 * use in names and filenames: %22, %0D and %0A; any other '%' stays.
 * Returns the new length.
 */
static size_t
unescape_html(char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c == '%' && i + 2 < len) {
			char hi = s[i + 1], lo = s[i + 2];

			if (hi == '2' && lo == '2')
				c = '"';
			else if (hi == '0' && (lo == 'D' || lo == 'd'))
				c = '\r';
			else if (hi == '0' && (lo == 'A' || lo == 'a'))
				c = '\n';
			if (c != '%')
				i += 2;
		}
		s[n++] = c;
	}
	return n;
}

/*
 * Returns the length of the control character (C0, DEL, or C1 as UTF-8)
 * at s[i], or 0 when there is none.
 */
static size_t
control_at(const char *s, size_t len, size_t i)
{
	unsigned char c = (unsigned char)s[i];

	if (c < 0x20 || c == 0x7f)
		return 1;
	if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
	    (unsigned char)s[i + 1] <= 0x9f)
		return 2;
	return 0;
}

enum multipart_error
multipart_boundary(const char *content_type,
    char out[MULTIPART_BOUNDARY_MAX + 1])
{
	const char *s = content_type, *boundary = NULL;
	size_t len, n, boundary_len = 0;
	struct param p;
	int r;

	if (s == NULL)
		return MULTIPART_ERR_CONTENT_TYPE;
	len = strlen(s);
	while (len > 0 && is_ows(*s)) {
		s++;
		len--;
	}
	n = token_len(s, len);
	if (!same_word(s, n, "multipart") || n == len || s[n] != '/')
		return MULTIPART_ERR_CONTENT_TYPE;
	s += n + 1;
	len -= n + 1;
	n = token_len(s, len);
	if (!same_word(s, n, "form-data"))
		return MULTIPART_ERR_CONTENT_TYPE;
	s += n;
	len -= n;
	while ((r = param_next(&s, &len, &p)) == 1) {
		if (!same_word(p.name, p.name_len, "boundary"))
			continue;
		if (boundary != NULL)
			return MULTIPART_ERR_CONTENT_TYPE;
		boundary = p.value;
		boundary_len = p.value_len;
	}
	/* No escape is needed: '"' and '\' are not bchars. */
	if (r < 0 || boundary == NULL || !boundary_ok(boundary, boundary_len))
		return MULTIPART_ERR_CONTENT_TYPE;
	memcpy(out, boundary, boundary_len);
	out[boundary_len] = '\0';
	return MULTIPART_OK;
}

void
multipart_limits_default(struct multipart_limits *limits)
{
	limits->max_parts = 64;
	limits->max_header_bytes = 8 * 1024;
	limits->max_name_bytes = 256;
	limits->max_filename_bytes = 1024;
	limits->max_body_bytes = 10 * 1024 * 1024;
}

enum multipart_error
multipart_init(struct multipart *m, const char *boundary,
    const struct multipart_limits *limits,
    const struct multipart_callbacks *cb, struct arena *a)
{
	size_t len = boundary ? strlen(boundary) : 0;

	memset(m, 0, sizeof(*m));
	if (!boundary_ok(boundary, len)) {
		m->error = MULTIPART_ERR_CONTENT_TYPE;
		return m->error;
	}
	memcpy(m->delim, "\r\n--", 4);
	memcpy(m->delim + 4, boundary, len);
	m->delim_len = len + 4;
	if (limits != NULL)
		m->limits = *limits;
	else
		multipart_limits_default(&m->limits);
	if (cb != NULL)
		m->cb = *cb;
	m->header = arena_alloc(a, m->limits.max_header_bytes + 1);
	/*
	 * The first delimiter may open the body, without the CR LF before
	 * it: begin as if one had been read (it is never data).
	 */
	m->state = S_PREAMBLE;
	m->matched = m->held = 2;
	return MULTIPART_OK;
}

/*
 * Hands len bytes of a part's data to the caller (the preamble's go
 * nowhere). Returns 0, or -1 when the caller stopped the parse.
 */
static int
emit(struct multipart *m, const char *p, size_t len)
{
	if (m->state != S_DATA || len == 0 || m->cb.part_data == NULL)
		return 0;
	if (m->cb.part_data(m->cb.ctx, p, len) != 0) {
		m->error = MULTIPART_ERR_STOPPED;
		return -1;
	}
	return 0;
}

/*
 * At a delimiter: hands on the last len bytes of data before it at p and
 * ends the part. Returns 0, or -1 when the caller stopped the parse.
 */
static int
delimiter(struct multipart *m, const char *p, size_t len)
{
	int in_part = m->state == S_DATA;

	if (emit(m, p, len) != 0)
		return -1;
	m->matched = m->held = 0;
	m->state = S_BOUNDARY;
	if (in_part && m->cb.part_end != NULL &&
	    m->cb.part_end(m->cb.ctx) != 0) {
		m->error = MULTIPART_ERR_STOPPED;
		return -1;
	}
	return 0;
}

/*
 * Reads data (or preamble) from p[i] up to and including the next
 * delimiter, handing the data on. The first bytes of a possible delimiter
 * at the end of p are held back until a later feed says what they are:
 * they are then m->delim's first m->held bytes, so no copy is kept.
 * Returns where it stopped.
 */
static size_t
scan(struct multipart *m, const char *p, size_t len, size_t i)
{
	size_t start = i;
	const char *cr;

	while (i < len) {
		if (m->matched == 0) {
			cr = memchr(p + i, '\r', len - i);
			if (cr == NULL) {
				i = len;
				break;
			}
			i = (size_t)(cr - p) + 1;
			m->matched = 1;
		} else if (p[i] == m->delim[m->matched]) {
			i++;
			if (++m->matched < m->delim_len)
				continue;
			/* What of the delimiter is in p is not data. */
			if (delimiter(m, p + start, i - start -
			    (m->delim_len - m->held)) != 0)
				return len;
			return i;
		} else {
			/*
			 * Not a delimiter: what matched is data, the held
			 * bytes first. Only its first byte is a CR, so no
			 * later byte of the match can begin a delimiter;
			 * p[i] is looked at again.
			 */
			if (m->held > 0 && emit(m, m->delim, m->held) != 0)
				return len;
			m->held = 0;
			m->matched = 0;
		}
	}
	if (emit(m, p + start, i - start - (m->matched - m->held)) != 0)
		return len;
	m->held = m->matched;
	return i;
}

/* After a delimiter line: begins reading a part's headers. */
static void
part_start(struct multipart *m)
{
	if (m->parts == m->limits.max_parts) {
		m->error = MULTIPART_ERR_TOO_MANY_PARTS;
		return;
	}
	m->parts++;
	m->header_len = 0;
	m->line_start = 0;
	m->has_disp = 0;
	m->has_type = 0;
	m->state = S_HEADERS;
}

/* Reads the byte c after a delimiter: "--", padding, CR LF. */
static void
after_delimiter(struct multipart *m, char c)
{
	switch (m->state) {
	case S_BOUNDARY:
	case S_PADDING:
		if (c == '-' && m->state == S_BOUNDARY)
			m->state = S_CLOSE;
		else if (is_ows(c))
			m->state = S_PADDING;
		else if (c == '\r')
			m->state = S_LF;
		else if (c == '\n')
			m->error = MULTIPART_ERR_LINE_END;
		else
			m->error = MULTIPART_ERR_DELIMITER;
		break;
	case S_CLOSE:
		if (c == '-')
			m->state = S_EPILOGUE;
		else
			m->error = MULTIPART_ERR_DELIMITER;
		break;
	case S_LF:
		if (c == '\n')
			part_start(m);
		else
			m->error = MULTIPART_ERR_LINE_END;
		break;
	default:
		break;
	}
}

/*
 * Decodes a parameter's value (in the header buffer) in place: the
 * quoted string's escapes, then the HTML standard's. Returns it
 * NUL-terminated, its length in *len. The byte the NUL replaces, just
 * past the value, is a quote, ';', a space or the line's CR: never part
 * of another value.
 */
static char *
param_decode(struct multipart *m, const struct param *p, size_t *len)
{
	char *s = m->header + (p->value - m->header);
	size_t n = p->value_len;

	if (p->quoted)
		n = unescape_quoted(s, n);
	n = unescape_html(s, n);
	s[n] = '\0';
	*len = n;
	return s;
}

/* Sets the part's name from p. Returns MULTIPART_OK or why not. */
static enum multipart_error
read_name(struct multipart *m, const struct param *p)
{
	size_t len, i;
	const char *s = param_decode(m, p, &len);

	if (len == 0)
		return MULTIPART_ERR_NO_NAME;
	if (len > m->limits.max_name_bytes)
		return MULTIPART_ERR_NAME_TOO_LONG;
	if (!utf8_valid(s, len))
		return MULTIPART_ERR_NAME;
	for (i = 0; i < len; i++)
		if (control_at(s, len, i) > 0)
			return MULTIPART_ERR_NAME;
	m->part.name = s;
	return MULTIPART_OK;
}

/*
 * Sets the part's filename from p: its last path component, without
 * control characters, "" for "." and "..". Returns MULTIPART_OK or why
 * not.
 */
static enum multipart_error
read_filename(struct multipart *m, const struct param *p)
{
	size_t len, i, n = 0, skip;
	char *s = param_decode(m, p, &len);

	if (!utf8_valid(s, len))
		return MULTIPART_ERR_FILENAME;
	for (i = len; i > 0; i--)
		if (s[i - 1] == '/' || s[i - 1] == '\\')
			break;
	s += i;
	len -= i;
	for (i = 0; i < len; i += skip) {
		skip = control_at(s, len, i);
		if (skip == 0) {
			s[n++] = s[i];
			skip = 1;
		}
	}
	if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
		n = 0;
	s[n] = '\0';
	if (n > m->limits.max_filename_bytes)
		return MULTIPART_ERR_FILENAME_TOO_LONG;
	m->part.filename = s;
	return MULTIPART_OK;
}

/*
 * Reads the part's Content-Disposition: form-data with one name and at
 * most one filename. Returns MULTIPART_OK or why not.
 */
static enum multipart_error
read_disposition(struct multipart *m)
{
	const char *s = m->header + m->disp_off;
	size_t len = m->disp_len, n = token_len(s, len);
	struct param p, name, filename;
	int r, has_name = 0, has_filename = 0;
	enum multipart_error e;

	memset(&name, 0, sizeof(name));
	memset(&filename, 0, sizeof(filename));
	if (!same_word(s, n, "form-data"))
		return MULTIPART_ERR_DISPOSITION;
	s += n;
	len -= n;
	while ((r = param_next(&s, &len, &p)) == 1) {
		if (same_word(p.name, p.name_len, "name")) {
			if (has_name++)
				return MULTIPART_ERR_DISPOSITION;
			name = p;
		} else if (same_word(p.name, p.name_len, "filename")) {
			if (has_filename++)
				return MULTIPART_ERR_DISPOSITION;
			filename = p;
		} else if (same_word(p.name, p.name_len, "name*") ||
		    same_word(p.name, p.name_len, "filename*"))
			return MULTIPART_ERR_DISPOSITION;
	}
	if (r < 0)
		return MULTIPART_ERR_DISPOSITION;
	if (!has_name)
		return MULTIPART_ERR_NO_NAME;
	if ((e = read_name(m, &name)) != MULTIPART_OK)
		return e;
	m->part.filename = NULL;
	if (has_filename)
		return read_filename(m, &filename);
	return MULTIPART_OK;
}

/* At the empty line after a part's headers: begins its data. */
static void
headers_done(struct multipart *m)
{
	if (!m->has_disp) {
		m->error = MULTIPART_ERR_DISPOSITION;
		return;
	}
	if ((m->error = read_disposition(m)) != MULTIPART_OK)
		return;
	m->part.content_type = NULL;
	if (m->has_type) {
		m->header[m->type_off + m->type_len] = '\0';
		m->part.content_type = m->header + m->type_off;
	}
	m->state = S_DATA;
	m->matched = m->held = 0;
	if (m->cb.part_begin != NULL &&
	    m->cb.part_begin(m->cb.ctx, &m->part) != 0)
		m->error = MULTIPART_ERR_STOPPED;
}

/*
 * Checks the header line just read, up to its LF, and notes where the
 * values of the headers the parser reads are; at the empty line, ends
 * the header block.
 */
static void
header_line(struct multipart *m)
{
	const char *line = m->header + m->line_start, *v;
	size_t len = m->header_len - m->line_start, n, vlen;
	int *seen;

	if (len < 2 || line[len - 2] != '\r' ||
	    memchr(line, '\r', len - 2) != NULL) {
		m->error = MULTIPART_ERR_LINE_END;
		return;
	}
	len -= 2;
	m->line_start = m->header_len;
	if (len == 0) {
		headers_done(m);
		return;
	}
	/* A line starting with a space or tab (folded) has no token. */
	n = token_len(line, len);
	if (n == 0 || n == len || line[n] != ':' ||
	    memchr(line, '\0', len) != NULL) {
		m->error = MULTIPART_ERR_HEADER;
		return;
	}
	v = line + n + 1;
	vlen = len - n - 1;
	while (vlen > 0 && is_ows(*v)) {
		v++;
		vlen--;
	}
	while (vlen > 0 && is_ows(v[vlen - 1]))
		vlen--;
	if (same_word(line, n, "content-disposition")) {
		seen = &m->has_disp;
		m->disp_off = (size_t)(v - m->header);
		m->disp_len = vlen;
	} else if (same_word(line, n, "content-type")) {
		seen = &m->has_type;
		m->type_off = (size_t)(v - m->header);
		m->type_len = vlen;
	} else
		return;
	if ((*seen)++)
		m->error = MULTIPART_ERR_HEADER;
}

/*
 * Reads a part's header block from p[i] up to the end of a line at most.
 * Returns where it stopped.
 */
static size_t
headers(struct multipart *m, const char *p, size_t len, size_t i)
{
	const char *lf = memchr(p + i, '\n', len - i);
	size_t n = lf ? (size_t)(lf - p) + 1 - i : len - i;

	if (n > m->limits.max_header_bytes - m->header_len) {
		m->error = MULTIPART_ERR_HEADER_TOO_LONG;
		return len;
	}
	memcpy(m->header + m->header_len, p + i, n);
	m->header_len += n;
	if (lf != NULL)
		header_line(m);
	return i + n;
}

enum multipart_error
multipart_feed(struct multipart *m, const char *p, size_t len)
{
	size_t i = 0;
	int over = 0;

	if (m->error != MULTIPART_OK)
		return m->error;
	/* Read up to the limit, so any split stops at the same byte. */
	if (len > m->limits.max_body_bytes - m->total) {
		len = (size_t)(m->limits.max_body_bytes - m->total);
		over = 1;
	}
	m->total += len;
	while (i < len && m->error == MULTIPART_OK) {
		switch (m->state) {
		case S_PREAMBLE:
		case S_DATA:
			i = scan(m, p, len, i);
			break;
		case S_HEADERS:
			i = headers(m, p, len, i);
			break;
		case S_EPILOGUE:
			i = len;
			break;
		default:
			after_delimiter(m, p[i++]);
			break;
		}
	}
	if (over && m->error == MULTIPART_OK)
		m->error = MULTIPART_ERR_BODY_TOO_LARGE;
	return m->error;
}

enum multipart_error
multipart_finish(struct multipart *m)
{
	if (m->error == MULTIPART_OK && m->state != S_EPILOGUE)
		m->error = MULTIPART_ERR_TRUNCATED;
	return m->error;
}

const char *
multipart_error_text(enum multipart_error e)
{
	if ((unsigned)e >= MULTIPART_ERR__MAX)
		return "The upload could not be read.";
	return error_texts[e];
}

int
multipart_error_status(enum multipart_error e)
{
	switch (e) {
	case MULTIPART_OK:
	case MULTIPART_ERR_STOPPED:
		return 0;
	case MULTIPART_ERR_TOO_MANY_PARTS:
	case MULTIPART_ERR_HEADER_TOO_LONG:
	case MULTIPART_ERR_NAME_TOO_LONG:
	case MULTIPART_ERR_FILENAME_TOO_LONG:
	case MULTIPART_ERR_BODY_TOO_LARGE:
		return 413;
	default:
		return 400;
	}
}

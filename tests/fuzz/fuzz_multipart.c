/*
 * fuzz_multipart: src/http/multipart.c on any upload, fed whole and fed
 * in pieces.
 *
 * The input: one byte choosing how the body is cut into pieces, then the
 * request's Content-Type up to a LF, then the body. When the Content-Type
 * has no valid boundary, the line itself is tried as the boundary.
 * (tests/fuzz/capture_multipart.py writes real uploads in this form.)
 *
 * Properties: a boundary found is 1 to 70 bchars not ending in a space;
 * both feedings end the same way, with the same parts begun and the same
 * parts, data and all, ended (on success: the same transcript); the data
 * of a part left unfinished by an error is, in one, a prefix of the
 * other's; no data holds the delimiter "\r\n--boundary"; data comes only
 * inside a part, never as an empty slice, and adds up to no more than the
 * body; names are UTF-8 without control characters and within their
 * limit; filenames too, and without '/' or '\\' and never "." or "..";
 * a Content-Type holds no CR or LF.
 */
#include <string.h>

#include "../../src/http/multipart.h"
#include "../../src/lib/arena.h"
#include "fuzz.h"

#define MAX_PARTS	8
#define MAX_HEADER	512
#define MAX_NAME	32
#define MAX_FILENAME	64
#define MAX_BODY	12000

/* What the callbacks saw in one parse. */
struct run {
	char *log;		/* 'B' and the part's strings, 'E' and its data,
				   each string or data as its length and bytes */
	size_t log_len, log_cap;
	size_t ended_len;	/* log_len at the last part_end */
	int begun;
	int in_part;
	char *data;		/* the part's data so far */
	size_t data_len;
	size_t data_total;	/* every part's */
	const char *delim;	/* "\r\n--boundary" */
	size_t delim_len;
};

static void
log_add(struct run *r, const void *p, size_t len)
{
	FUZZ_CHECK(len <= r->log_cap - r->log_len);
	if (len > 0)
		memcpy(r->log + r->log_len, p, len);
	r->log_len += len;
}

/* Logs s (NULL: a length of SIZE_MAX) as its length and bytes. */
static void
log_string(struct run *r, const char *s, size_t len)
{
	size_t n = s ? len : (size_t)-1;

	log_add(r, &n, sizeof(n));
	if (s != NULL)
		log_add(r, s, len);
}

/* Returns whether the n bytes of UTF-8 at s hold a control character. */
static int
has_control(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < n; i++) {
		if (u[i] < 0x20 || u[i] == 0x7f)
			return 1;
		if (u[i] == 0xc2 && i + 1 < n && u[i + 1] >= 0x80 &&
		    u[i + 1] <= 0x9f)
			return 1;
	}
	return 0;
}

static int
on_begin(void *ctx, const struct multipart_part *part)
{
	struct run *r = ctx;
	size_t n;

	FUZZ_CHECK(!r->in_part);
	FUZZ_CHECK(part->name != NULL);
	n = strlen(part->name);
	FUZZ_CHECK(n > 0 && n <= MAX_NAME);
	FUZZ_CHECK(fuzz_utf8_ok(part->name, n));
	FUZZ_CHECK(!has_control(part->name, n));
	log_add(r, "B", 1);
	log_string(r, part->name, n);
	if (part->filename != NULL) {
		n = strlen(part->filename);
		FUZZ_CHECK(n <= MAX_FILENAME);
		FUZZ_CHECK(fuzz_utf8_ok(part->filename, n));
		FUZZ_CHECK(!has_control(part->filename, n));
		FUZZ_CHECK(strpbrk(part->filename, "/\\") == NULL);
		FUZZ_CHECK(strcmp(part->filename, ".") != 0);
		FUZZ_CHECK(strcmp(part->filename, "..") != 0);
	}
	log_string(r, part->filename, part->filename ?
	    strlen(part->filename) : 0);
	if (part->content_type != NULL)
		FUZZ_CHECK(strpbrk(part->content_type, "\r\n") == NULL);
	log_string(r, part->content_type, part->content_type ?
	    strlen(part->content_type) : 0);
	r->begun++;
	r->in_part = 1;
	r->data_len = 0;
	/* A part named "stop" is refused, as a handler would. */
	return strcmp(part->name, "stop") == 0;
}

static int
on_data(void *ctx, const char *p, size_t len)
{
	struct run *r = ctx;

	FUZZ_CHECK(r->in_part);
	FUZZ_CHECK(len > 0);
	r->data_total += len;
	FUZZ_CHECK(r->data_len + len <= MAX_BODY);
	memcpy(r->data + r->data_len, p, len);
	r->data_len += len;
	return 0;
}

static int
on_end(void *ctx)
{
	struct run *r = ctx;

	FUZZ_CHECK(r->in_part);
	FUZZ_CHECK(memmem(r->data, r->data_len, r->delim, r->delim_len) ==
	    NULL);
	log_add(r, "E", 1);
	log_string(r, r->data, r->data_len);
	r->ended_len = r->log_len;
	r->in_part = 0;
	return 0;
}

/*
 * Returns the size of the next piece of a body of len bytes, of which off
 * were fed in the pieces before: the pattern is the input's first byte.
 */
static size_t
piece(unsigned pattern, unsigned *seed, size_t delim_len, size_t len,
    size_t off, int first)
{
	*seed = *seed * 1103515245u + 12345u;
	switch (pattern & 7) {
	case 0:
		return 1;
	case 1:
		return 2;
	case 2:
		return 3;
	case 3:
		return (pattern >> 3) + 1;
	case 4:		/* two pieces */
		return first ? len * (pattern >> 3) / 32 : len - off;
	case 5:		/* 0 to 63 bytes, empty feeds too */
		return (*seed >> 16) % 64;
	case 6:		/* a delimiter but one byte: the most held back */
		return delim_len - 1;
	default:	/* up to two delimiters */
		return 1 + (*seed >> 16) % (2 * delim_len);
	}
}

/*
 * Parses body into r, whole (pattern < 0) or in pieces. Returns the
 * outcome.
 */
static enum multipart_error
parse(const char *boundary, const char *body, size_t len, int pattern,
    struct run *r, struct arena *a)
{
	struct multipart_limits limits = {
		MAX_PARTS, MAX_HEADER, MAX_NAME, MAX_FILENAME, MAX_BODY
	};
	struct multipart_callbacks cb = { on_begin, on_data, on_end, r };
	struct multipart m;
	enum multipart_error e;
	unsigned seed = (unsigned)pattern;
	size_t off = 0, n;
	int first = 1;

	FUZZ_CHECK(multipart_init(&m, boundary, &limits, &cb, a) ==
	    MULTIPART_OK);
	if (pattern < 0) {
		e = multipart_feed(&m, body, len);
		FUZZ_CHECK(e == MULTIPART_OK || multipart_finish(&m) == e);
		return multipart_finish(&m);
	}
	while (off < len) {
		n = piece((unsigned)pattern, &seed, r->delim_len, len, off,
		    first);
		first = 0;
		if (n > len - off)
			n = len - off;
		e = multipart_feed(&m, body + off, n);
		off += n;
		if (e != MULTIPART_OK) {
			/* It stays stopped and reads nothing more. */
			FUZZ_CHECK(multipart_feed(&m, body, len) == e);
			break;
		}
	}
	e = multipart_finish(&m);
	FUZZ_CHECK(multipart_error_text(e) != NULL);
	return e;
}

/* Prepares r for a body of len bytes and the delimiter of boundary. */
static void
run_init(struct run *r, char *delim, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->log_cap = 64 + len + 2 * MAX_PARTS * (64 + MAX_HEADER);
	r->log = malloc(r->log_cap);
	r->data = malloc(MAX_BODY);
	if (r->log == NULL || r->data == NULL)
		abort();
	r->delim = delim;
	r->delim_len = strlen(delim);
}

static void
run_free(struct run *r)
{
	free(r->log);
	free(r->data);
}

/* Checks a boundary found in a Content-Type, apart from the parser. */
static void
check_boundary(const char *b)
{
	size_t n = strlen(b);

	FUZZ_CHECK(n >= 1 && n <= MULTIPART_BOUNDARY_MAX);
	FUZZ_CHECK(b[n - 1] != ' ');
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(strchr("0123456789abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ", b[i]) != NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char boundary[MULTIPART_BOUNDARY_MAX + 1], delim[MULTIPART_BOUNDARY_MAX + 5];
	char *input, *line, *body, *lf;
	size_t len, shorter;
	struct run whole, pieces;
	enum multipart_error e1, e2;
	struct arena a;
	int pattern;

	if (size < 2)
		return 0;
	pattern = data[0];
	input = fuzz_string(data + 1, size - 1);
	lf = memchr(input, '\n', size - 1);
	if (lf == NULL) {
		free(input);
		return 0;
	}
	*lf = '\0';
	line = input;
	body = lf + 1;
	len = size - 1 - (size_t)(body - input);
	if (multipart_boundary(line, boundary) == MULTIPART_OK)
		check_boundary(boundary);
	else if (strlen(line) <= MULTIPART_BOUNDARY_MAX)
		memcpy(boundary, line, strlen(line) + 1);
	else
		boundary[0] = '\0';
	arena_init(&a, 0);
	{
		struct multipart m;

		if (multipart_init(&m, boundary, NULL, NULL, &a) !=
		    MULTIPART_OK) {
			arena_free(&a);
			free(input);
			return 0;
		}
	}
	check_boundary(boundary);
	snprintf(delim, sizeof(delim), "\r\n--%s", boundary);

	run_init(&whole, delim, len);
	run_init(&pieces, delim, len);
	e1 = parse(boundary, body, len, -1, &whole, &a);
	e2 = parse(boundary, body, len, pattern, &pieces, &a);
	FUZZ_CHECK(e1 == e2);
	FUZZ_CHECK(whole.begun == pieces.begun);
	FUZZ_CHECK(whole.ended_len == pieces.ended_len);
	FUZZ_CHECK(memcmp(whole.log, pieces.log, whole.ended_len) == 0);
	FUZZ_CHECK(whole.in_part == pieces.in_part);
	if (e1 == MULTIPART_OK || e1 == MULTIPART_ERR_STOPPED) {
		FUZZ_CHECK(whole.log_len == pieces.log_len);
		FUZZ_CHECK(memcmp(whole.log, pieces.log, whole.log_len) == 0);
	}
	if (e1 == MULTIPART_OK)
		FUZZ_CHECK(!whole.in_part);
	if (whole.in_part) {
		shorter = whole.data_len < pieces.data_len ? whole.data_len :
		    pieces.data_len;
		FUZZ_CHECK(memcmp(whole.data, pieces.data, shorter) == 0);
		FUZZ_CHECK(memmem(whole.data, whole.data_len, delim,
		    strlen(delim)) == NULL);
		FUZZ_CHECK(memmem(pieces.data, pieces.data_len, delim,
		    strlen(delim)) == NULL);
	}
	FUZZ_CHECK(whole.data_total <= len);
	FUZZ_CHECK(pieces.data_total <= len);
	run_free(&whole);
	run_free(&pieces);
	arena_free(&a);
	free(input);
	return 0;
}

/*
 * multipart: a strict, streaming reader of multipart/form-data bodies
 * (RFC 7578 over RFC 2046), for uploads too large to hold in memory. The
 * caller feeds the body in pieces of any size; the parser calls back with
 * each part's headers and each slice of its data, and keeps no more than
 * the boundary's length plus 4 bytes of data back, so that a file part can
 * go straight to a file.
 *
 * What it accepts, as browsers (Chromium, Firefox) and curl send it:
 * - Lines end in CR LF. A bare LF or a bare CR, in a delimiter line or a
 *   part's headers, is refused (MULTIPART_ERR_LINE_END); inside a part's
 *   data every byte is data.
 * - The preamble (before the first delimiter) and the epilogue (after the
 *   close delimiter) are ignored, as RFC 2046 says; spaces and tabs after a
 *   delimiter (transport padding) are allowed. "\r\n--boundary" is always
 *   a delimiter: followed by anything but "--", padding or CR LF it is an
 *   error (MULTIPART_ERR_DELIMITER), never data. A body of no parts
 *   ("--boundary--") is accepted.
 * - Part headers: names case-insensitive, unknown ones ignored, folded
 *   ones (a line starting with a space or tab) refused, and each part has
 *   exactly one Content-Disposition: form-data with a non-empty name; at
 *   most one Content-Type, kept as given (informative only).
 * - Names and filenames, quoted or tokens: inside quotes a backslash
 *   escapes only '"' and '\' (so IE's unescaped "C:\dir\a.jpg" stays
 *   whole), and %22, %0D and %0A (the escapes of the HTML standard, which
 *   Chromium and Firefox use for '"', CR and LF) are decoded; no other
 *   '%' is. Both must be UTF-8. A name holding a control character is
 *   refused; a filename is cut to its last component after '/' or '\',
 *   loses its control characters (C0, DEL, C1), and "." or ".." becomes
 *   "". filename*= and name*= (RFC 5987, which RFC 7578 tells senders not
 *   to use) are refused.
 *
 * Memory: a struct multipart (fixed size, the caller's) and one header
 * buffer of max_header_bytes from the request's arena, taken at init;
 * nothing else, whatever the input.
 */
#ifndef HTTP_MULTIPART_H
#define HTTP_MULTIPART_H

#include <stddef.h>

struct arena;

/* The longest boundary RFC 2046 allows. */
#define MULTIPART_BOUNDARY_MAX	70

enum multipart_error {
	MULTIPART_OK = 0,
	/* Malformed: answer 400. */
	MULTIPART_ERR_CONTENT_TYPE,	/* not multipart/form-data with a
					   valid boundary */
	MULTIPART_ERR_TRUNCATED,	/* ended before the close delimiter */
	MULTIPART_ERR_DELIMITER,	/* a delimiter followed by other bytes */
	MULTIPART_ERR_LINE_END,		/* a bare LF or CR outside data */
	MULTIPART_ERR_HEADER,		/* a malformed or folded header line */
	MULTIPART_ERR_DISPOSITION,	/* no or a bad Content-Disposition */
	MULTIPART_ERR_NO_NAME,		/* a part without a name */
	MULTIPART_ERR_NAME,		/* a name not UTF-8, or with controls */
	MULTIPART_ERR_FILENAME,		/* a filename not UTF-8 */
	/* A limit of struct multipart_limits: answer 413. */
	MULTIPART_ERR_TOO_MANY_PARTS,
	MULTIPART_ERR_HEADER_TOO_LONG,
	MULTIPART_ERR_NAME_TOO_LONG,
	MULTIPART_ERR_FILENAME_TOO_LONG,
	MULTIPART_ERR_BODY_TOO_LARGE,
	/* A callback returned non-zero: the caller knows why. */
	MULTIPART_ERR_STOPPED,
	MULTIPART_ERR__MAX
};

/* What the parser accepts; a limit hit is an error of its own. */
struct multipart_limits {
	size_t max_parts;		/* parts in the body */
	size_t max_header_bytes;	/* one part's header block, every
					   CR LF and the empty line counted */
	size_t max_name_bytes;		/* a name, decoded */
	size_t max_filename_bytes;	/* a filename, as returned */
	unsigned long long max_body_bytes; /* all bytes fed, preamble and
					   epilogue too; checked whatever
					   Content-Length said */
};

/* One part, as its headers describe it. */
struct multipart_part {
	const char *name;		/* UTF-8, not empty */
	const char *filename;		/* NULL for a plain field; may be ""
					   (a file input left empty) */
	const char *content_type;	/* as sent, trimmed; NULL if absent */
};

/*
 * What the parser calls; any may be NULL. A call returning non-zero stops
 * the parse with MULTIPART_ERR_STOPPED. The strings of a part stay valid
 * until its part_end returns (or the parse stops). part_data is never
 * called with len 0, and its slices, concatenated, are the part's data.
 */
struct multipart_callbacks {
	int (*part_begin)(void *ctx, const struct multipart_part *part);
	int (*part_data)(void *ctx, const char *p, size_t len);
	int (*part_end)(void *ctx);
	void *ctx;
};

/* The parser's state: set up by multipart_init, read by no one else. */
struct multipart {
	char delim[MULTIPART_BOUNDARY_MAX + 5];	/* "\r\n--" boundary */
	size_t delim_len;
	struct multipart_limits limits;
	struct multipart_callbacks cb;
	int state;
	enum multipart_error error;	/* sticky once set */
	size_t matched;		/* bytes of delim matched so far */
	size_t held;		/* of them, those from earlier feeds */
	size_t parts;
	unsigned long long total;	/* bytes fed */
	char *header;		/* the part's header block so far */
	size_t header_len;
	size_t line_start;	/* where the header line being read starts */
	size_t disp_off, disp_len;	/* Content-Disposition's value */
	size_t type_off, type_len;	/* Content-Type's value */
	int has_disp, has_type;
	struct multipart_part part;
};

/*
 * Fills limits with the defaults: 64 parts, 8 KiB of headers per part,
 * names of 256 bytes, filenames of 1024 (255 characters of any script)
 * and a body of 10 MiB (the default [media] max_upload; the caller sets
 * its own).
 */
void multipart_limits_default(struct multipart_limits *limits);

/*
 * Finds the boundary of a Content-Type value: the media type
 * multipart/form-data (case-insensitive) and one boundary parameter
 * (name case-insensitive, token or quoted string; other parameters
 * ignored) of 1 to 70 characters of RFC 2046's bchars, not ending in a
 * space. Returns MULTIPART_OK with the boundary NUL-terminated in out,
 * else MULTIPART_ERR_CONTENT_TYPE (also for a NULL content_type).
 */
enum multipart_error multipart_boundary(const char *content_type,
    char out[MULTIPART_BOUNDARY_MAX + 1]);

/*
 * Prepares m to read a body whose parts are separated by boundary, with
 * limits (NULL: the defaults) and callbacks cb (copied), taking the header
 * buffer from a. Returns MULTIPART_OK, or MULTIPART_ERR_CONTENT_TYPE when
 * boundary is not one multipart_boundary would return.
 */
enum multipart_error multipart_init(struct multipart *m, const char *boundary,
    const struct multipart_limits *limits,
    const struct multipart_callbacks *cb, struct arena *a);

/*
 * Reads the next len bytes of the body, calling back as parts begin, hold
 * data and end; any split of the body gives the same parts and data.
 * Returns MULTIPART_OK, or the error that stopped the parse: from then
 * on every call returns it and reads nothing.
 */
enum multipart_error multipart_feed(struct multipart *m, const char *p,
    size_t len);

/*
 * Says how the body ended, once all of it was fed: MULTIPART_OK when the
 * close delimiter was read, the parse's error, or MULTIPART_ERR_TRUNCATED.
 */
enum multipart_error multipart_finish(struct multipart *m);

/* Returns a sentence for the user saying what went wrong ("" for OK). */
const char *multipart_error_text(enum multipart_error e);

/*
 * Returns the HTTP status to answer for e: 400 for malformed input, 413
 * for a limit, and 0 for MULTIPART_OK and MULTIPART_ERR_STOPPED (the
 * caller stopped the parse and chooses its own answer).
 */
int multipart_error_status(enum multipart_error e);

#endif

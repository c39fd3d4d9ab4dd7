/*
 * script: migration files read: the file name checked, the text read and
 * normalised (no byte order mark, LF line ends) once, for the checksum
 * and for the lexer (script_lex.c) alike. The directory of them is
 * script_dir.c's.
 */
#include "script.h"

#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../lib/arena.h"
#include "../lib/buf.h"
#include "script_lex.h"

#define SCRIPT_FILE_MAX (16 * 1024 * 1024)	/* bytes */

/*
 * Returns a NUL-terminated copy of text from a, without a UTF-8 byte order
 * mark and with CRLF turned into LF; its length in *outlen.
 */
static char *
normalise(struct arena *a, const char *text, size_t len, size_t *outlen)
{
	char *out = arena_alloc(a, len + 1);
	size_t i = 0, n = 0;

	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	for (; i < len; i++) {
		if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
			continue;
		out[n++] = text[i];
	}
	out[n] = '\0';
	*outlen = n;
	return out;
}

/* Writes the SHA-256 of the n bytes of normalised text into hex. */
static void
checksum_of(const char *norm, size_t n, char hex[65])
{
	unsigned char hash[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(hash, (const unsigned char *)norm, n);
	sodium_bin2hex(hex, 65, hash, sizeof(hash));
}

void
script_checksum(const char *text, size_t len, char hex[65])
{
	struct arena a;
	size_t n;
	char *norm;

	arena_init(&a, 0);
	norm = normalise(&a, text, len, &n);
	checksum_of(norm, n, hex);
	arena_free(&a);
}

int
script_parse_name(const char *filename, unsigned *version, char *err,
    size_t errlen)
{
	static const char rule[] = "want NNNN_name.sql: at least 4 digits, "
	    "'_', then lowercase letters, digits and '_'";
	size_t len = strlen(filename), digits = 0, i;
	unsigned long long n = 0;

	if (len < 4 || strcmp(filename + len - 4, ".sql") != 0) {
		snprintf(err, errlen, "'%s' does not end in .sql", filename);
		return -1;
	}
	len -= 4;
	while (digits < len && filename[digits] >= '0' &&
	    filename[digits] <= '9') {
		n = n * 10 + (unsigned)(filename[digits] - '0');
		if (n > UINT_MAX) {
			snprintf(err, errlen, "'%s': number too large "
			    "(at most %u)", filename, UINT_MAX);
			return -1;
		}
		digits++;
	}
	if (digits < 4 || digits + 1 >= len || filename[digits] != '_') {
		snprintf(err, errlen, "bad migration file name '%s': %s",
		    filename, rule);
		return -1;
	}
	for (i = digits + 1; i < len; i++) {
		char c = filename[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '_')) {
			snprintf(err, errlen, "bad migration file name '%s': "
			    "'%c' in the name; %s", filename, c, rule);
			return -1;
		}
	}
	if (n == 0) {
		snprintf(err, errlen, "bad migration file name '%s': numbers "
		    "start at 0001 (0 means no migration)", filename);
		return -1;
	}
	if (len > SCRIPT_NAME_MAX) {
		snprintf(err, errlen, "migration file name '%s' is longer "
		    "than %d characters", filename, SCRIPT_NAME_MAX);
		return -1;
	}
	*version = (unsigned)n;
	return 0;
}

int
script_parse(struct arena *a, const char *path, const char *text,
    size_t len, struct script *s, char *err, size_t errlen)
{
	const char *base = strrchr(path, '/');
	char why[512], *norm;
	size_t n;

	base = base ? base + 1 : path;
	memset(s, 0, sizeof(*s));
	if (script_parse_name(base, &s->version, why, sizeof(why)) != 0) {
		snprintf(err, errlen, "%s: %s", path, why);
		return -1;
	}
	s->name = arena_strndup(a, base, strlen(base) - 4);
	s->path = arena_strdup(a, path);
	/* Normalised once: the checksum and the lexer read the same text. */
	norm = normalise(a, text, len, &n);
	checksum_of(norm, n, s->checksum);
	return script_lex(a, path, norm, n, s, err, errlen);
}

/* Reads the file at path into out. Returns 0, or -1 with the reason. */
static int
read_file(const char *path, struct buf *out, char *err, size_t errlen)
{
	char chunk[8192];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL) {
		snprintf(err, errlen, "%s: cannot open: %s", path,
		    strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (out->len + n > SCRIPT_FILE_MAX) {
			fclose(f);
			snprintf(err, errlen, "%s: larger than %d MiB", path,
			    SCRIPT_FILE_MAX / (1024 * 1024));
			return -1;
		}
		buf_append(out, chunk, n);
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: cannot read: %s", path,
		    strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	if (out->data == NULL)
		buf_append(out, "", 0);
	return 0;
}

int
script_load(struct arena *a, const char *path, struct script *s, char *err,
    size_t errlen)
{
	struct buf text = { NULL, 0, 0 };
	int rc;

	rc = read_file(path, &text, err, errlen);
	if (rc == 0)
		rc = script_parse(a, path, text.data, text.len, s, err, errlen);
	buf_free(&text);
	return rc;
}


/* backup_manifest: the archive's MANIFEST, written and strictly read. */
#include "backup_manifest.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_BYTES 512

enum {
	HAS_CREATED = 1 << 0,
	HAS_DATABASE = 1 << 1,
	HAS_SCHEMA = 1 << 2,
	HAS_POSTS = 1 << 3,
	HAS_USERS = 1 << 4,
	HAS_MEDIA = 1 << 5,
	HAS_ALL = (1 << 6) - 1,
};

void
manifest_hex(const unsigned char sha256[32], char hex[65])
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < 32; i++) {
		hex[2 * i] = digits[sha256[i] >> 4];
		hex[2 * i + 1] = digits[sha256[i] & 15];
	}
	hex[64] = '\0';
}

/* Adds a member whose hash is already hex. */
static int
add_hex(struct manifest *m, const char *name, const char *hex)
{
	struct manifest_file *f;

	if (m->nfiles == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 256;
		void *v = realloc(m->files, cap * sizeof(*m->files));

		if (v == NULL)
			return -1;
		m->files = v;
		m->cap = cap;
	}
	f = &m->files[m->nfiles++];
	snprintf(f->name, sizeof(f->name), "%s", name);
	snprintf(f->sha256, sizeof(f->sha256), "%s", hex);
	f->seen = 0;
	return 0;
}

int
manifest_add(struct manifest *m, const char *name,
    const unsigned char sha256[32])
{
	char hex[65];

	manifest_hex(sha256, hex);
	return add_hex(m, name, hex);
}

int
manifest_write(const struct manifest *m, FILE *f)
{
	fprintf(f, "blogctl-backup %d\n", MANIFEST_FORMAT);
	fprintf(f, "created_at %s\n", m->created_at);
	fprintf(f, "database %s\n", m->database);
	fprintf(f, "schema_version %u\n", m->schema_version);
	fprintf(f, "posts %llu\nusers %llu\nmedia %llu\n", m->posts, m->users,
	    m->media);
	for (size_t i = 0; i < m->nfiles; i++)
		fprintf(f, "file %s %s\n", m->files[i].sha256,
		    m->files[i].name);
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

/* Returns 1 if name may be a member (database.sql, media/<name>). */
static int
member_valid(const char *name)
{
	struct medianame mn;
	size_t dir = strlen(MANIFEST_MEDIA);

	if (strcmp(name, MANIFEST_DATABASE) == 0)
		return 1;
	return strncmp(name, MANIFEST_MEDIA "/", dir + 1) == 0 &&
	    medianame_parse(name + dir + 1, strlen(name + dir + 1), &mn) == 0;
}

/* Reads a decimal count; returns 0, or -1 if value is not one. */
static int
read_count(const char *value, unsigned long long max,
    unsigned long long *out)
{
	char *end;

	if (value[0] < '0' || value[0] > '9' ||
	    (value[0] == '0' && value[1] != '\0'))
		return -1;
	errno = 0;
	*out = strtoull(value, &end, 10);
	return errno != 0 || *end != '\0' || *out > max ? -1 : 0;
}

/* Reads one "file <hex> <name>" value. Returns NULL or why not. */
static const char *
read_file_line(struct manifest *m, char *value)
{
	char *name = value + 64;

	if (strlen(value) < 66 || *name != ' ')
		return "a file line is 'file', the SHA-256 in hex, a name";
	*name++ = '\0';
	if (strspn(value, "0123456789abcdef") != 64)
		return "not a SHA-256 in lower-case hex";
	if (!member_valid(name))
		return "a member is database.sql or media/ and an image's "
		    "name";
	return add_hex(m, name, value) == 0 ? NULL : "out of memory";
}

/* Reads one line (its line break gone). Returns NULL, or why not. */
static const char *
read_line(struct manifest *m, char *line, unsigned *has)
{
	static const struct {
		const char *key;
		unsigned flag;
	} counts[] = {
		{ "posts", HAS_POSTS }, { "users", HAS_USERS },
		{ "media", HAS_MEDIA }, { "schema_version", HAS_SCHEMA },
	};
	char *value = strchr(line, ' ');
	unsigned long long n;
	unsigned flag = 0;

	if (value == NULL)
		return "no value";
	*value++ = '\0';
	if (strcmp(line, "file") == 0)
		return read_file_line(m, value);
	if (strcmp(line, "created_at") == 0) {
		flag = HAS_CREATED;
		if (strlen(value) == 0 || strlen(value) >= sizeof(m->created_at)
		    || strspn(value, "0123456789-:TZ") != strlen(value))
			return "created_at is not a date";
		memcpy(m->created_at, value, strlen(value) + 1);
	} else if (strcmp(line, "database") == 0) {
		flag = HAS_DATABASE;
		if (strlen(value) == 0 || strlen(value) >= sizeof(m->database))
			return "database is not a database's name";
		memcpy(m->database, value, strlen(value) + 1);
	}
	for (size_t i = 0; flag == 0 && i < sizeof(counts) /
	    sizeof(counts[0]); i++) {
		if (strcmp(line, counts[i].key) != 0)
			continue;
		flag = counts[i].flag;
		if (read_count(value, flag == HAS_SCHEMA ? 0xffffffffULL :
		    UINT64_MAX, &n) != 0)
			return "not a number";
		if (flag == HAS_POSTS)
			m->posts = n;
		else if (flag == HAS_USERS)
			m->users = n;
		else if (flag == HAS_MEDIA)
			m->media = n;
		else
			m->schema_version = (unsigned)n;
	}
	if (flag == 0)
		return "an unknown key";
	if (*has & flag)
		return "a key given twice";
	*has |= flag;
	return NULL;
}

static int
file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct manifest_file *)a)->name,
	    ((const struct manifest_file *)b)->name);
}

/* The first line: the format. Returns NULL, or why not. */
static const char *
read_format(const char *line, char *err, size_t errlen)
{
	static const char magic[] = "blogctl-backup ";
	unsigned long long format;

	if (strncmp(line, magic, strlen(magic)) != 0 ||
	    read_count(line + strlen(magic), 1000000, &format) != 0)
		return "it is not a blogctl backup's MANIFEST";
	if (format != MANIFEST_FORMAT) {
		snprintf(err, errlen, "MANIFEST: the archive is of format "
		    "%llu; this blogctl reads format %d", format,
		    MANIFEST_FORMAT);
		return err;
	}
	return NULL;
}

int
manifest_read(struct manifest *m, FILE *f, char *err, size_t errlen)
{
	char line[LINE_MAX_BYTES + 2];
	const char *why = NULL;
	unsigned has = 0, n = 0;
	size_t len;

	memset(m, 0, sizeof(*m));
	while (why == NULL && fgets(line, sizeof(line), f) != NULL) {
		n++;
		len = strlen(line);
		if (len == 0 || line[len - 1] != '\n')	/* or a NUL byte */
			why = "a line too long, or cut short";
		else {
			line[len - 1] = '\0';
			why = n == 1 ? read_format(line, err, errlen) :
			    read_line(m, line, &has);
		}
	}
	if (why == err)
		return -1;
	if (why == NULL && ferror(f))
		why = strerror(errno);
	if (why == NULL && n == 0)
		why = "it is empty";
	if (why != NULL) {
		snprintf(err, errlen, "MANIFEST, line %u: %s", n, why);
		return -1;
	}
	if (has != HAS_ALL) {
		snprintf(err, errlen, "MANIFEST: a key is missing (it needs "
		    "created_at, database, schema_version, posts, users, "
		    "media)");
		return -1;
	}
	qsort(m->files, m->nfiles, sizeof(*m->files), file_cmp);
	for (size_t i = 1; i < m->nfiles; i++)
		if (strcmp(m->files[i - 1].name, m->files[i].name) == 0) {
			snprintf(err, errlen, "MANIFEST: %s is listed twice",
			    m->files[i].name);
			return -1;
		}
	return 0;
}

struct manifest_file *
manifest_find(struct manifest *m, const char *name)
{
	struct manifest_file key;

	if (strlen(name) >= sizeof(key.name) || m->nfiles == 0)
		return NULL;
	memcpy(key.name, name, strlen(name) + 1);
	return bsearch(&key, m->files, m->nfiles, sizeof(*m->files),
	    file_cmp);
}

void
manifest_free(struct manifest *m)
{
	free(m->files);
	m->files = NULL;
	m->nfiles = m->cap = 0;
}

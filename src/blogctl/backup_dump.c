/*
 * backup_dump: mariadb-dump's text, streamed into database.sql and read on
 * the way. The reader looks at the start of each line: an INSERT INTO
 * `table` VALUES starts the rows of a table, which are read quote by quote
 * up to the statement's ';' (mariadb-dump escapes with backslashes, and
 * writes binary columns as 0x... with --hex-blob); a trigger's first line
 * loses its DEFINER; everything else passes as it is.
 */
#include "backup_dump.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "../lib/config.h"
#include "backup_child.h"

#define HEAD_MAX 1024		/* of a line, looked at before it is passed */
#define OUT_MAX 65536
#define VALUE_MAX 96		/* of a field kept while its row is read */

enum table {
	T_OTHER,
	T_POSTS,
	T_USERS,
	T_MEDIA,
	T_MIGRATIONS,
};

struct reader {
	struct dump_summary *sum;
	enum { R_HEAD, R_LINE, R_VALUES } state;
	char head[HEAD_MAX];
	size_t hlen;

	/* In the rows of an INSERT. */
	enum table table;
	int depth, quoted, escaped;
	unsigned field;
	char value[VALUE_MAX];
	size_t vlen;
	char version[VALUE_MAX], dirty[VALUE_MAX], name[VALUE_MAX];

	/* The text written, and its hash. */
	int fd;
	int failed;		/* errno of a failed write, or 0 */
	char out[OUT_MAX];
	size_t olen;
	crypto_hash_sha256_state sha;
};

/* Writes the buffered text out; returns 0 or -1 (r->failed set). */
static int
flush_out(struct reader *r)
{
	size_t done = 0;
	ssize_t n;

	crypto_hash_sha256_update(&r->sha, (unsigned char *)r->out, r->olen);
	r->sum->bytes += r->olen;
	while (done < r->olen && !r->failed) {
		n = write(r->fd, r->out + done, r->olen - done);
		if (n > 0)
			done += (size_t)n;
		else if (n < 0 && errno == EINTR && !child_interrupted)
			continue;
		else
			r->failed = n < 0 ? errno : EIO;
	}
	r->olen = 0;
	return r->failed ? -1 : 0;
}

/* Appends len bytes to the text written (flushed when the buffer fills). */
static void
put(struct reader *r, const char *s, size_t len)
{
	while (len > 0) {
		size_t n = OUT_MAX - r->olen < len ? OUT_MAX - r->olen : len;

		memcpy(r->out + r->olen, s, n);
		r->olen += n;
		s += n;
		len -= n;
		if (r->olen == OUT_MAX)
			flush_out(r);
	}
}

/* Keeps byte c of the field being read (its first VALUE_MAX - 1). */
static void
keep(struct reader *r, char c)
{
	if (r->vlen < VALUE_MAX - 1)
		r->value[r->vlen++] = c;
}

/* The field just read: kept if its table's summary needs it. */
static void
field_done(struct reader *r)
{
	char *to = NULL;

	r->value[r->vlen] = '\0';
	if (r->table == T_MIGRATIONS && r->field == 0)
		to = r->version;
	else if (r->table == T_MIGRATIONS && r->field == 5)
		to = r->dirty;
	else if (r->table == T_MEDIA && r->field == 2)
		to = r->name;
	if (to != NULL)
		memcpy(to, r->value, r->vlen + 1);
	r->vlen = 0;
	r->field++;
}

/* A migration's row: its version counts once it finished (not dirty). */
static void
migration_row(struct reader *r)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(r->version, &end, 10);
	if (errno == 0 && end != r->version && *end == '\0' &&
	    strcmp(r->dirty, "0") == 0 && v > r->sum->schema_version &&
	    v <= 0xffffffffUL)
		r->sum->schema_version = (unsigned)v;
}

/* A media row: its name kept, for the check that its file was staged. */
static void
media_row(struct reader *r)
{
	struct dump_summary *s = r->sum;
	struct medianame m;

	if (medianame_parse(r->name, strlen(r->name), &m) != 0)
		return;
	if (s->nnames == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		void *v = realloc(s->names, cap * sizeof(*s->names));

		if (v == NULL) {
			r->failed = ENOMEM;
			return;
		}
		s->names = v;
		s->cap = cap;
	}
	memcpy(s->names[s->nnames++], r->name, strlen(r->name) + 1);
}

/* A row is read: counted, and read further for the tables that need it. */
static void
row_done(struct reader *r)
{
	field_done(r);
	switch (r->table) {
	case T_POSTS:
		r->sum->posts++;
		break;
	case T_USERS:
		r->sum->users++;
		break;
	case T_MEDIA:
		r->sum->media++;
		media_row(r);
		break;
	case T_MIGRATIONS:
		migration_row(r);
		break;
	case T_OTHER:
		break;
	}
}

/*
 * Reads byte c of an INSERT's rows. Returns 1 when it ends the
 * statement, else 0.
 */
static int
values_step(struct reader *r, char c)
{
	if (r->quoted) {
		if (r->escaped) {
			r->escaped = 0;
			keep(r, c);
		} else if (c == '\\')
			r->escaped = 1;
		else if (c == '\'')
			r->quoted = 0;
		else
			keep(r, c);
		return 0;
	}
	switch (c) {
	case '\'':
		r->quoted = 1;
		break;
	case '(':
		if (r->depth++ == 0) {
			r->field = 0;
			r->vlen = 0;
			r->version[0] = r->dirty[0] = r->name[0] = '\0';
		} else
			keep(r, c);
		break;
	case ')':
		if (r->depth > 0 && --r->depth == 0)
			row_done(r);
		else
			keep(r, c);
		break;
	case ',':
		if (r->depth == 1)
			field_done(r);
		else if (r->depth > 1)
			keep(r, c);
		break;
	case ';':
		return r->depth == 0;
	default:
		if (r->depth > 0 && c != '\n')
			keep(r, c);
		break;
	}
	return 0;
}

/* Returns which of the tables the summary reads name is, or T_OTHER. */
static enum table
table_of(const char *name, size_t len)
{
	static const struct {
		const char *name;
		enum table t;
	} known[] = {
		{ "posts", T_POSTS },
		{ "users", T_USERS },
		{ "media", T_MEDIA },
		{ "schema_migrations", T_MIGRATIONS },
	};

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strlen(known[i].name) == len &&
		    memcmp(known[i].name, name, len) == 0)
			return known[i].t;
	return T_OTHER;
}

/*
 * If the head starts an INSERT's rows, returns the offset of what follows
 * its VALUES, with r->table set; else 0.
 */
static size_t
insert_start(struct reader *r)
{
	static const char insert[] = "INSERT INTO `", values[] = "` VALUES";
	const char *name = r->head + strlen(insert), *tick;

	if (r->hlen < strlen(insert) || memcmp(r->head, insert,
	    strlen(insert)) != 0)
		return 0;
	tick = memchr(name, '`', r->hlen - strlen(insert));
	if (tick == NULL || (size_t)(r->head + r->hlen - tick) <
	    strlen(values) || memcmp(tick, values, strlen(values)) != 0)
		return 0;
	r->table = table_of(name, (size_t)(tick - name));
	r->depth = r->quoted = r->escaped = 0;
	return (size_t)(tick - r->head) + strlen(values);
}

/*
 * Passes the head on: a trigger's first line without its DEFINER
 * ("/x!50003 CREATE*x/ /x!50017 DEFINER=`u`@`h`*x/ /x!50003 TRIGGER ...",
 * x for *); the rest as it is.
 */
static void
put_head(struct reader *r)
{
	static const char create[] = "/*!50003 CREATE*/ ",
	    definer[] = "/*!50017 DEFINER=";
	size_t c = strlen(create), d = strlen(definer);
	const char *end;

	if (r->hlen > c + d && memcmp(r->head, create, c) == 0 &&
	    memcmp(r->head + c, definer, d) == 0 &&
	    (end = memmem(r->head + c + d, r->hlen - c - d, "*/ ", 3)) !=
	    NULL) {
		put(r, r->head, c);
		end += 3;
		put(r, end, (size_t)(r->head + r->hlen - end));
	} else
		put(r, r->head, r->hlen);
}

/* The head is whole (a line, or HEAD_MAX bytes of one): what it starts. */
static void
head_done(struct reader *r)
{
	size_t at = insert_start(r);
	int line_ended = r->head[r->hlen - 1] == '\n';

	put_head(r);
	r->state = line_ended ? R_HEAD : R_LINE;
	if (at > 0) {
		r->state = R_VALUES;
		for (; at < r->hlen; at++)
			if (values_step(r, r->head[at])) {
				r->state = line_ended ? R_HEAD : R_LINE;
				break;
			}
	}
	r->hlen = 0;
}

/* Reads the len bytes at buf: passes them on, reading as it goes. */
static void
feed(struct reader *r, const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = buf[i];

		switch (r->state) {
		case R_HEAD:
			r->head[r->hlen++] = c;
			if (c == '\n' || r->hlen == HEAD_MAX)
				head_done(r);
			break;
		case R_LINE:
			put(r, &c, 1);
			if (c == '\n')
				r->state = R_HEAD;
			break;
		case R_VALUES:
			put(r, &c, 1);
			if (values_step(r, c))
				r->state = R_LINE;
			break;
		}
	}
}

/* Reads the dump from fd to its end; returns 0, or -1 after saying why. */
static int
read_dump(struct reader *r, int fd)
{
	char buf[OUT_MAX];
	ssize_t n;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n > 0) {
			feed(r, buf, (size_t)n);
			if (r->failed)
				break;
			continue;
		}
		if (n < 0 && errno == EINTR && !child_interrupted)
			continue;
		if (n < 0 && !child_interrupted)
			fprintf(stderr, "blogctl: reading mariadb-dump's output: "
			    "%s\n", strerror(errno));
		if (n < 0)
			return -1;
		break;
	}
	if (r->hlen > 0 && !r->failed)
		put_head(r);
	if (!r->failed)
		flush_out(r);
	if (r->failed) {
		fprintf(stderr, "blogctl: writing the database's dump: %s\n",
		    strerror(r->failed));
		return -1;
	}
	crypto_hash_sha256_final(&r->sha, r->sum->sha256);
	return 0;
}

int
dump_database(const struct config *cfg, int out_fd,
    struct dump_summary *sum)
{
	struct reader *r;
	struct child c;
	int fds[2], rc;

	memset(sum, 0, sizeof(*sum));
	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    pipe2(fds, O_CLOEXEC) != 0) {
		fprintf(stderr, "blogctl: dumping the database: %s\n",
		    strerror(errno));
		free(r);
		return -1;
	}
	r->sum = sum;
	r->fd = out_fd;
	crypto_hash_sha256_init(&r->sha);
	child_init(&c, "mariadb-dump");
	child_db_account(&c, cfg);
	/* One snapshot, without locking the tables the blog writes. */
	child_arg(&c, "--single-transaction");
	child_arg(&c, "--routines");
	child_arg(&c, "--triggers");
	child_arg(&c, "--no-create-db");
	child_arg(&c, "--no-tablespaces");
	child_arg(&c, "--hex-blob");
	child_arg(&c, "--default-character-set=utf8mb4");
	child_arg(&c, cfg->db_name);
	if (child_start(&c, -1, fds[1]) != 0) {
		close(fds[0]);
		close(fds[1]);
		free(r);
		return -1;
	}
	close(fds[1]);
	rc = read_dump(r, fds[0]);
	close(fds[0]);
	if (rc != 0)
		kill(c.pid, SIGTERM);
	if (child_wait(&c) != 0)
		rc = -1;
	free(r);
	return rc;
}

void
dump_summary_free(struct dump_summary *sum)
{
	free(sum->names);
	sum->names = NULL;
	sum->nnames = sum->cap = 0;
}

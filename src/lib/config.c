/*
 * config: parses config.ini with inih against one table of known keys.
 * Unknown keys are errors too, so a typo never silently falls back to a
 * default.
 */
#include "config.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum config_type {
	CONFIG_STRING,
	CONFIG_UINT,
	CONFIG_SIZE,
	CONFIG_ULL,	/* unsigned long long */
	CONFIG_PATH,	/* a string; relative means relative to the file */
	CONFIG_URL,	/* http(s)://..., trailing slash removed */
	CONFIG_ZONE,	/* a string zone_known takes */
	CONFIG_MILLIS,	/* seconds, up to 3 decimals; stored in ms (unsigned) */
};

struct config_key {
	const char *section;
	const char *name;
	enum config_type type;
	size_t offset;
	size_t size;		/* strings: capacity */
	unsigned long long min, max;	/* numbers */
	int required;
};

#define STR(sec, key, field, req) \
	{ sec, key, CONFIG_STRING, offsetof(struct config, field), \
	  sizeof(((struct config *)0)->field), 0, 0, req }

static const struct config_key config_keys[] = {
	{ "server", "port", CONFIG_UINT, offsetof(struct config, port), 0,
	    1, 65535, 0 },
	{ "server", "base_url", CONFIG_URL, offsetof(struct config, base_url),
	    sizeof(((struct config *)0)->base_url), 0, 0, 0 },
	{ "server", "max_body", CONFIG_SIZE, offsetof(struct config, max_body),
	    0, 1024, 1024ULL * 1024 * 1024, 0 },
	{ "database", "socket", CONFIG_PATH, offsetof(struct config, db_socket),
	    sizeof(((struct config *)0)->db_socket), 0, 0, 0 },
	STR("database", "host", db_host, 0),
	{ "database", "port", CONFIG_UINT, offsetof(struct config, db_port), 0,
	    1, 65535, 0 },
	STR("database", "user", db_user, 1),
	STR("database", "password", db_password, 0),
	{ "database", "password_file", CONFIG_PATH,
	    offsetof(struct config, db_password_file),
	    sizeof(((struct config *)0)->db_password_file), 0, 0, 0 },
	STR("database", "migrate_user", db_migrate_user, 0),
	STR("database", "migrate_password", db_migrate_password, 0),
	{ "database", "migrate_password_file", CONFIG_PATH,
	    offsetof(struct config, db_migrate_password_file),
	    sizeof(((struct config *)0)->db_migrate_password_file), 0, 0, 0 },
	STR("database", "name", db_name, 1),
	{ "database.replica", "socket", CONFIG_PATH,
	    offsetof(struct config, replica_socket),
	    sizeof(((struct config *)0)->replica_socket), 0, 0, 0 },
	STR("database.replica", "host", replica_host, 0),
	{ "database.replica", "port", CONFIG_UINT,
	    offsetof(struct config, replica_port), 0, 1, 65535, 0 },
	STR("database.replica", "user", replica_user, 0),
	STR("database.replica", "password", replica_password, 0),
	{ "database.replica", "password_file", CONFIG_PATH,
	    offsetof(struct config, replica_password_file),
	    sizeof(((struct config *)0)->replica_password_file), 0, 0, 0 },
	{ "database.replica", "max_lag", CONFIG_MILLIS,
	    offsetof(struct config, replica_max_lag_ms), 0, 1, 3600000, 0 },
	STR("blog", "title", blog_title, 0),
	STR("blog", "description", blog_description, 0),
	{ "blog", "per_page", CONFIG_UINT, offsetof(struct config, per_page), 0,
	    1, 100, 0 },
	{ "blog", "timezone", CONFIG_ZONE,
	    offsetof(struct config, blog_timezone),
	    sizeof(((struct config *)0)->blog_timezone), 0, 0, 0 },
	{ "blog", "trash_days", CONFIG_UINT,
	    offsetof(struct config, trash_days), 0, 0, 36500, 0 },
	{ "media", "dir", CONFIG_PATH, offsetof(struct config, media_dir),
	    sizeof(((struct config *)0)->media_dir), 0, 0, 0 },
	{ "media", "max_upload", CONFIG_SIZE,
	    offsetof(struct config, max_upload), 0, 1024,
	    1024ULL * 1024 * 1024, 0 },
	{ "media", "max_pixels", CONFIG_ULL,
	    offsetof(struct config, max_pixels), 0, 1, 100000000000ULL, 0 },
};

#define CONFIG_NKEYS (sizeof(config_keys) / sizeof(config_keys[0]))

struct config_parse {
	struct config *cfg;
	char dir[CONFIG_PATH_MAX];	/* the file's directory, with '/' */
	int seen[CONFIG_NKEYS];
	FILE *file;
	int line;			/* lines read so far */
	int in_line;			/* the last read ended mid-line */
	int error_line;			/* of error, 0 while there is none */
	char error[512];		/* the first error, without file:line */
};

static void
config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->port = 8080;
	cfg->max_body = 1024 * 1024;
	snprintf(cfg->db_section, sizeof(cfg->db_section), "database");
	cfg->db_port = 3306;
	cfg->replica_port = 3306;
	cfg->replica_max_lag_ms = 1000;
	snprintf(cfg->blog_title, sizeof(cfg->blog_title), "Blog");
	cfg->per_page = 10;
	snprintf(cfg->blog_timezone, sizeof(cfg->blog_timezone), "UTC");
	cfg->trash_days = 30;
	cfg->max_upload = 10 * 1024 * 1024;
	cfg->max_pixels = 40000000;
}

/* Parses a whole decimal number in [min, max]; returns 0 or -1. */
static int
config_parse_number(const char *s, unsigned long long min,
    unsigned long long max, unsigned long long *out)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/*
 * Parses seconds with up to three decimals ("1", "0.25") into whole
 * milliseconds in [min, max]; returns 0 or -1.
 */
static int
config_parse_millis(const char *s, unsigned long long min,
    unsigned long long max, unsigned long long *out)
{
	unsigned long long whole = 0, ms = 0;
	int digits = 0, decimals = 0;

	for (; *s >= '0' && *s <= '9'; s++, digits++)
		if ((whole = whole * 10 + (unsigned long long)(*s - '0')) >
		    max / 1000)
			return -1;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, decimals++) {
			if (decimals >= 3)
				return -1;	/* finer than a millisecond */
			ms = ms * 10 + (unsigned long long)(*s - '0');
		}
		if (decimals == 0)
			return -1;
	}
	if (digits == 0 || *s != '\0')
		return -1;
	for (; decimals < 3; decimals++)
		ms *= 10;
	ms += whole * 1000;
	if (ms < min || ms > max)
		return -1;
	*out = ms;
	return 0;
}

/*
 * inih's reader: fgets, counting the lines, so that the handler knows
 * which one it is called for. A line longer than buf comes in several
 * pieces, as inih reads it, and counts once. Returns buf, or NULL.
 */
static char *
config_reader(char *buf, int size, void *user)
{
	struct config_parse *p = user;
	size_t len;

	if (!p->in_line)
		p->line++;
	if (fgets(buf, size, p->file) == NULL)
		return NULL;
	len = strlen(buf);
	p->in_line = len > 0 && buf[len - 1] != '\n';
	return buf;
}

/*
 * Keeps the message of the handler's first error with its line: inih goes
 * on after an error and reports the first one's line. Returns 0.
 */
static int
config_error(struct config_parse *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
config_error(struct config_parse *p, const char *fmt, ...)
{
	va_list ap;

	if (p->error_line != 0)
		return 0;
	p->error_line = p->line;
	va_start(ap, fmt);
	vsnprintf(p->error, sizeof(p->error), fmt, ap);
	va_end(ap);
	return 0;
}

static int
config_set(struct config_parse *p, const struct config_key *k,
    const char *value)
{
	char *field = (char *)p->cfg + k->offset;
	unsigned long long n;
	size_t len = strlen(value);

	switch (k->type) {
	case CONFIG_UINT:
	case CONFIG_SIZE:
	case CONFIG_ULL:
		if (config_parse_number(value, k->min, k->max, &n) != 0) {
			config_error(p, "[%s] %s: \"%s\" is not a whole number "
			    "from %llu to %llu", k->section, k->name, value,
			    k->min, k->max);
			return -1;
		}
		if (k->type == CONFIG_UINT)
			*(unsigned *)(void *)field = (unsigned)n;
		else if (k->type == CONFIG_SIZE)
			*(size_t *)(void *)field = (size_t)n;
		else
			*(unsigned long long *)(void *)field = n;
		return 0;
	case CONFIG_MILLIS:
		if (config_parse_millis(value, k->min, k->max, &n) != 0) {
			config_error(p, "[%s] %s: \"%s\" is not a number of "
			    "seconds from %.3f to %llu (at most 3 decimals)",
			    k->section, k->name, value, k->min / 1000.0,
			    k->max / 1000);
			return -1;
		}
		*(unsigned *)(void *)field = (unsigned)n;
		return 0;
	case CONFIG_URL:
		if (strncmp(value, "http://", 7) != 0 &&
		    strncmp(value, "https://", 8) != 0) {
			config_error(p, "[%s] %s: \"%s\" must start with "
			    "http:// or https://", k->section, k->name, value);
			return -1;
		}
		while (len > 0 && value[len - 1] == '/')
			len--;
		break;
	case CONFIG_PATH:
		if (len > 0 && value[0] != '/') {
			if (strlen(p->dir) + len >= k->size)
				break;	/* reported as too long below */
			snprintf(field, k->size, "%s%s", p->dir, value);
			return 0;
		}
		break;
	case CONFIG_ZONE:
		if (!zone_known(value)) {
			config_error(p, "[%s] %s: \"%s\" is not a time zone's "
			    "IANA name (such as UTC or Europe/Berlin)",
			    k->section, k->name, value);
			return -1;
		}
		break;
	case CONFIG_STRING:
		break;
	}
	if (len >= k->size) {
		config_error(p, "[%s] %s: longer than %zu characters",
		    k->section, k->name, k->size - 1);
		return -1;
	}
	memcpy(field, value, len);
	field[len] = '\0';
	return 0;
}

/* inih's callback: returns nonzero to go on, 0 after noting an error. */
static int
config_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct config_parse *p = user;
	size_t i;

	for (i = 0; i < CONFIG_NKEYS; i++) {
		const struct config_key *k = &config_keys[i];

		if (strcmp(k->section, section) != 0 ||
		    strcmp(k->name, name) != 0)
			continue;
		if (p->seen[i])
			return config_error(p, "[%s] %s: given twice", section,
			    name);
		p->seen[i] = 1;
		return config_set(p, k, value) == 0;
	}
	return config_error(p, "[%s] %s: unknown key", section, name);
}

/* Returns the index of [section] name in config_keys. */
static size_t
config_key_index(const char *section, const char *name)
{
	size_t i;

	for (i = 0; i < CONFIG_NKEYS; i++)
		if (strcmp(config_keys[i].section, section) == 0 &&
		    strcmp(config_keys[i].name, name) == 0)
			break;
	return i;
}

/*
 * Fills out (outlen bytes) with one account's password: the environment
 * variable env, else the key of section (already in out when given), else
 * the first line of file. Returns 0, or -1 with a message naming what
 * failed.
 */
static int
config_password(struct config_parse *p, const char *env, const char *section,
    const char *key, const char *file, char *out, size_t outlen, char *err,
    size_t errlen)
{
	const char *value = getenv(env);
	int given = p->seen[config_key_index(section, key)];
	FILE *f;
	size_t len;

	if (value != NULL) {
		if (strlen(value) >= outlen) {
			snprintf(err, errlen, "%s: too long", env);
			return -1;
		}
		snprintf(out, outlen, "%s", value);
		return 0;
	}
	if (given && file[0] != '\0') {
		snprintf(err, errlen, "%s: [%s] %s and %s_file: give one, "
		    "not both", p->cfg->path, section, key, key);
		return -1;
	}
	if (given || file[0] == '\0')
		return 0;
	if ((f = fopen(file, "r")) == NULL) {
		snprintf(err, errlen, "%s: [%s] %s_file: cannot read %s: "
		    "%s (the private database's first start, make db-start, "
		    "writes it)", p->cfg->path, section, key, file,
		    strerror(errno));
		return -1;
	}
	if (fgets(out, (int)outlen, f) == NULL)
		out[0] = '\0';
	fclose(f);
	len = strcspn(out, "\r\n");
	if (out[len] == '\0' && len == outlen - 1) {
		snprintf(err, errlen, "%s: longer than %zu characters", file,
		    outlen - 2);
		return -1;
	}
	out[len] = '\0';
	return 0;
}

/*
 * [database.replica]: set when it names a socket or a host; any other key
 * of it without one is an error. Its user and password default to
 * [database]'s, read before. Returns 0, or -1 with the message in err.
 */
static int
config_replica(struct config_parse *p, char *err, size_t errlen)
{
	struct config *cfg = p->cfg;
	size_t i;
	int any = 0;

	for (i = 0; i < CONFIG_NKEYS; i++)
		any |= p->seen[i] &&
		    strcmp(config_keys[i].section, "database.replica") == 0;
	if (!any)
		return 0;
	if (cfg->replica_socket[0] == '\0' && cfg->replica_host[0] == '\0') {
		snprintf(err, errlen, "%s: [database.replica] host: missing "
		    "(a replica needs a host, or a socket)", cfg->path);
		return -1;
	}
	cfg->replica = 1;
	if (cfg->replica_user[0] == '\0')
		memcpy(cfg->replica_user, cfg->db_user, sizeof(cfg->db_user));
	if (config_password(p, "BLOG_DB_REPLICA_PASSWORD", "database.replica",
	    "password", cfg->replica_password_file, cfg->replica_password,
	    sizeof(cfg->replica_password), err, errlen) != 0)
		return -1;
	if (getenv("BLOG_DB_REPLICA_PASSWORD") == NULL &&
	    !p->seen[config_key_index("database.replica", "password")] &&
	    cfg->replica_password_file[0] == '\0')
		memcpy(cfg->replica_password, cfg->db_password,
		    sizeof(cfg->db_password));
	return 0;
}

static int
config_env_overrides(struct config_parse *p, char *err, size_t errlen)
{
	struct config *cfg = p->cfg;
	const char *port = getenv("BLOG_PORT"), *media;
	unsigned long long n;

	if (port != NULL && *port != '\0') {
		if (config_parse_number(port, 1, 65535, &n) != 0) {
			snprintf(err, errlen,
			    "BLOG_PORT: \"%s\" is not a port number from 1 to 65535",
			    port);
			return -1;
		}
		p->cfg->port = (unsigned)n;
	}
	if ((media = getenv("BLOG_MEDIA_DIR")) != NULL && *media != '\0') {
		if (media[0] != '/' || strlen(media) >= sizeof(cfg->media_dir)) {
			snprintf(err, errlen, "BLOG_MEDIA_DIR: \"%s\" is not an "
			    "absolute path shorter than %zu bytes", media,
			    sizeof(cfg->media_dir));
			return -1;
		}
		snprintf(cfg->media_dir, sizeof(cfg->media_dir), "%s", media);
	}
	if (p->cfg->base_url[0] == '\0')
		snprintf(p->cfg->base_url, sizeof(p->cfg->base_url),
		    "http://127.0.0.1:%u", p->cfg->port);
	if (cfg->blog_description[0] == '\0')
		snprintf(cfg->blog_description, sizeof(cfg->blog_description),
		    "%s", cfg->blog_title);
	if (config_password(p, "BLOG_DB_PASSWORD", "database", "password",
	    cfg->db_password_file, cfg->db_password, sizeof(cfg->db_password),
	    err, errlen) != 0)
		return -1;
	if (config_replica(p, err, errlen) != 0)
		return -1;
	if (cfg->db_migrate_user[0] == '\0')
		return 0;
	return config_password(p, "BLOG_DB_MIGRATE_PASSWORD", "database",
	    "migrate_password", cfg->db_migrate_password_file,
	    cfg->db_migrate_password, sizeof(cfg->db_migrate_password), err,
	    errlen);
}

void
config_use_replica(struct config *cfg)
{
	snprintf(cfg->db_section, sizeof(cfg->db_section), "database.replica");
	memcpy(cfg->db_socket, cfg->replica_socket, sizeof(cfg->db_socket));
	memcpy(cfg->db_host, cfg->replica_host, sizeof(cfg->db_host));
	cfg->db_port = cfg->replica_port;
	memcpy(cfg->db_user, cfg->replica_user, sizeof(cfg->db_user));
	memcpy(cfg->db_password, cfg->replica_password,
	    sizeof(cfg->db_password));
}

void
config_use_migrate_account(struct config *cfg)
{
	if (cfg->db_migrate_user[0] == '\0')
		return;
	memcpy(cfg->db_user, cfg->db_migrate_user, sizeof(cfg->db_user));
	memcpy(cfg->db_password, cfg->db_migrate_password,
	    sizeof(cfg->db_password));
}

int
config_load_file(struct config *cfg, const char *path, char *err,
    size_t errlen)
{
	struct config_parse p;
	const char *slash;
	size_t i;
	int line;

	config_defaults(cfg);
	memset(&p, 0, sizeof(p));
	p.cfg = cfg;
	if (strlen(path) >= sizeof(cfg->path)) {
		snprintf(err, errlen, "%.64s...: path too long", path);
		return -1;
	}
	snprintf(cfg->path, sizeof(cfg->path), "%s", path);
	slash = strrchr(path, '/');
	if (slash != NULL)
		snprintf(p.dir, sizeof(p.dir), "%.*s", (int)(slash - path + 1),
		    path);
	/* The default, beside the file as a relative [media] dir would be. */
	if ((size_t)snprintf(cfg->media_dir, sizeof(cfg->media_dir),
	    "%svar/media", p.dir) >= sizeof(cfg->media_dir)) {
		snprintf(err, errlen, "%.64s...: path too long", path);
		return -1;
	}

	if ((p.file = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: cannot read: %s", path,
		    strerror(errno));
		return -1;
	}
	line = ini_parse_stream(config_reader, &p, config_handler, &p);
	fclose(p.file);
	if (line == -2) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	if (line > 0) {
		/* Not the handler's error: inih found the line malformed. */
		if (line != p.error_line)
			snprintf(p.error, sizeof(p.error),
			    "not a [section] or key = value line");
		snprintf(err, errlen, "%s:%d: %s", path, line, p.error);
		return -1;
	}
	for (i = 0; i < CONFIG_NKEYS; i++) {
		if (config_keys[i].required && !p.seen[i]) {
			snprintf(err, errlen, "%s: [%s] %s: missing (required)",
			    path, config_keys[i].section, config_keys[i].name);
			return -1;
		}
	}
	return config_env_overrides(&p, err, errlen);
}

int
config_load(struct config *cfg, char *err, size_t errlen)
{
	const char *path = getenv("BLOG_CONFIG");

	if (path == NULL || *path == '\0')
		path = "config.ini";
	return config_load_file(cfg, path, err, errlen);
}

/*
 * media: the images page. An upload is read as it comes (http/multipart.h):
 * each file part goes straight into a temporary file of [media] dir, the
 * form's token is checked once the body is in, and then, one image at a
 * time, src/media stores it (decoding in a child process of its own, under
 * limits) before one transaction adds the rows. A request refused at any
 * step leaves no row and no file of its own: images it stored are removed
 * again (not those that were there before it), and its temporary files
 * always go.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../http/csrf.h"
#include "../http/multipart.h"
#include "../lib/arena.h"
#include "../lib/buf.h"
#include "../lib/json.h"
#include "../lib/log.h"
#include "../lib/page.h"
#include "../media/image.h"
#include "../model/media.h"
#include "../view/view.h"
#include "auth.h"
#include "list.h"
#include "media.h"
#include "render.h"

#define MEDIA_PER_PAGE 20
#define UPLOAD_FILES_MAX 20	/* file parts of one request */
#define UPLOAD_CHUNK 65536	/* bytes read from the body at a time */
#define UPLOAD_TEMP IMAGE_TEMP_MARK "upload-XXXXXX"	/* image_sweep's */
#define THUMB_WIDTH 480		/* the copy the list shows */

/* One file part of an upload. */
struct upload_file {
	char path[4096];		/* its temporary file */
	const char *filename;		/* as sent, for the alt text */
	struct image_result stored;
	int done;			/* image_store stored it */
};

/* An upload being read (the multipart callbacks' ctx). */
struct upload {
	struct ctx *c;
	struct upload_file files[UPLOAD_FILES_MAX];
	size_t nfiles;
	int fd;				/* the file part being written, or -1 */
	int in_token;			/* the part being read is the token */
	struct buf token;
	int status;			/* why a callback stopped the parse */
	const char *why;
	int kept;			/* the rows are in: keep the images */
};

/* Returns whether the request asks for JSON (the post form's script). */
static int
wants_json(const struct ctx *c)
{
	return c->req->accept != NULL &&
	    strstr(c->req->accept, "application/json") != NULL;
}

/* Answers status with {"error": why}: the script's kind of error page. */
static struct outcome
json_error(struct ctx *c, int status, const char *why)
{
	struct buf *b = &c->resp->body;

	buf_clear(b);
	buf_puts(b, "{\"error\":");
	json_string(b, why);
	buf_puts(b, "}\n");
	c->resp->status = status;
	c->resp->content_type = "application/json";
	c->no_store = 1;
	page_cache_headers(c);
	return outcome_page();
}

/* An upload's refusal: the error page, or JSON for the script. */
static struct outcome
refuse(struct ctx *c, int status, const char *why)
{
	return wants_json(c) ? json_error(c, status, why) :
	    outcome_error(status, why);
}

/* Stops the parse with status and why. */
static int
upload_stop(struct upload *u, int status, const char *why)
{
	u->status = status;
	u->why = why;
	return -1;
}

static int
part_begin(void *ctx, const struct multipart_part *part)
{
	struct upload *u = ctx;
	struct upload_file *f;

	u->in_token = part->filename == NULL &&
	    strcmp(part->name, CSRF_FIELD) == 0;
	/* A file input left empty sends a part with filename="": none. */
	if (strcmp(part->name, "file") != 0 || part->filename == NULL ||
	    part->filename[0] == '\0')
		return 0;
	if (u->nfiles == UPLOAD_FILES_MAX)
		return upload_stop(u, 413, "At most 20 images can be uploaded "
		    "at a time.");
	f = &u->files[u->nfiles];
	if ((size_t)snprintf(f->path, sizeof(f->path), "%s/" UPLOAD_TEMP,
	    u->c->cfg->media_dir) >= sizeof(f->path))
		errno = ENAMETOOLONG;
	else
		u->fd = mkostemp(f->path, O_CLOEXEC);
	if (u->fd < 0) {
		log_error("upload: cannot make a file in %s: %s",
		    u->c->cfg->media_dir, strerror(errno));
		return upload_stop(u, 500, "The upload could not be saved.");
	}
	f->filename = arena_strdup(u->c->arena, part->filename);
	u->nfiles++;
	return 0;
}

static int
part_data(void *ctx, const char *p, size_t len)
{
	struct upload *u = ctx;

	if (u->in_token) {
		/* A token is 64 characters: more is not one. */
		if (u->token.len + len <= 256)
			buf_append(&u->token, p, len);
		return 0;
	}
	while (u->fd >= 0 && len > 0) {
		ssize_t n = write(u->fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			log_error("upload: writing %s: %s",
			    u->files[u->nfiles - 1].path, strerror(errno));
			return upload_stop(u, 500, "The upload could not be "
			    "saved: the disk may be full.");
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
part_end(void *ctx)
{
	struct upload *u = ctx;
	int rc = 0;

	if (u->fd >= 0 && close(u->fd) != 0)
		rc = upload_stop(u, 500, "The upload could not be saved.");
	u->fd = -1;
	u->in_token = 0;
	return rc;
}

/* Removes the upload's temporary files, and with undo its images too. */
static void
upload_clean(struct upload *u, int undo)
{
	if (u->fd >= 0)
		close(u->fd);
	u->fd = -1;
	for (size_t i = 0; i < u->nfiles; i++) {
		struct upload_file *f = &u->files[i];

		unlink(f->path);
		if (undo && f->done && !f->stored.existed &&
		    image_delete(u->c->cfg->media_dir, f->stored.hash) < 0)
			log_error("upload: removing the files of %s: %s",
			    f->stored.hash, strerror(errno));
	}
	buf_free(&u->token);
}

/*
 * Reads the whole body into u. Returns 0, or the status to answer with its
 * sentence in *why.
 */
static int
upload_read(struct upload *u, const char **why)
{
	struct http_body_stream *body = u->c->req->stream;
	struct multipart_callbacks cb = { part_begin, part_data, part_end, u };
	struct multipart_limits limits;
	struct multipart m;
	char boundary[MULTIPART_BOUNDARY_MAX + 1], *chunk;
	enum multipart_error e;
	long n;

	multipart_limits_default(&limits);
	limits.max_parts = UPLOAD_FILES_MAX + 4;
	limits.max_body_bytes = u->c->cfg->max_upload;
	if ((e = multipart_boundary(u->c->req->content_type, boundary)) !=
	    MULTIPART_OK ||
	    (e = multipart_init(&m, boundary, &limits, &cb, u->c->arena)) !=
	    MULTIPART_OK) {
		*why = multipart_error_text(e);
		return multipart_error_status(e);
	}
	chunk = arena_alloc(u->c->arena, UPLOAD_CHUNK);
	while ((n = http_body_read(body, chunk, UPLOAD_CHUNK)) > 0)
		if ((e = multipart_feed(&m, chunk, (size_t)n)) != MULTIPART_OK)
			break;
	if (n < 0) {
		*why = "The upload was cut short.";
		return 400;
	}
	if (e == MULTIPART_OK)
		e = multipart_finish(&m);
	if (e == MULTIPART_ERR_STOPPED) {
		*why = u->why;
		return u->status;
	}
	if (e != MULTIPART_OK) {
		*why = multipart_error_text(e);
		return multipart_error_status(e);
	}
	return 0;
}

/*
 * Refuses, before any decoding, a file that is not JPEG, PNG, GIF or WebP
 * by its first bytes. Returns 0, or 415 (or 500) with *why.
 */
static int
upload_sniff(struct upload *u, const char **why)
{
	for (size_t i = 0; i < u->nfiles; i++) {
		unsigned char head[IMAGE_SNIFF_LEN];
		ssize_t n = -1;
		int fd = open(u->files[i].path, O_RDONLY | O_CLOEXEC);

		if (fd >= 0) {
			n = read(fd, head, sizeof(head));
			close(fd);
		}
		if (n < 0) {
			*why = "The upload could not be read back.";
			return 500;
		}
		if (image_sniff(head, (size_t)n) == MEDIA_NONE) {
			*why = arena_printf(u->c->arena, "%s is not a JPEG, "
			    "PNG, GIF or WebP image.", u->files[i].filename);
			return 415;
		}
	}
	return 0;
}

/* Stores each file; returns 0, or the status of the first refused. */
static int
upload_store(struct upload *u, const char **why)
{
	const struct config *cfg = u->c->cfg;
	struct image_limits limits;

	image_limits_default(&limits);
	limits.max_pixels = cfg->max_pixels;
	for (size_t i = 0; i < u->nfiles; i++) {
		struct upload_file *f = &u->files[i];
		char reason[IMAGE_WHY_MAX];
		enum image_status s;

		s = image_store(f->path, cfg->media_dir, &limits, &f->stored,
		    reason, sizeof(reason));
		if (s == IMAGE_OK) {
			f->done = 1;
			/* What decoding costs, for the operator (and make
			 * bench): none when the bytes were stored before. */
			if (!f->stored.existed)
				log_error("upload by %s: stored %s (%s) in %ld ms, "
				    "decoder peak %ld KiB", u->c->user->username,
				    f->stored.name, f->filename, f->stored.millis,
				    f->stored.peak_kib);
			continue;
		}
		log_error("upload of %s by %s: %s", f->filename,
		    u->c->user->username, f->stored.detail);
		*why = arena_printf(u->c->arena, "%s: %s", f->filename, reason);
		return image_status_http(s);
	}
	return 0;
}

/* Returns filename without its extension and without what would end a
 * Markdown image's alt text: the alt text the script puts in. */
static const char *
alt_text(struct arena *a, const char *filename)
{
	char *alt = arena_strdup(a, filename), *dot = strrchr(alt, '.');

	if (dot != NULL && dot != alt)
		*dot = '\0';
	for (char *p = alt; *p != '\0'; p++)
		if (strchr("[]\\", *p) != NULL)
			*p = ' ';
	return alt;
}

/* Answers the script: {"images": [{"url", "markdown", "width",
 * "height"}, ...]}, 201. */
static struct outcome
upload_json(struct ctx *c, const struct upload *u)
{
	struct buf *b = &c->resp->body;

	buf_clear(b);
	buf_puts(b, "{\"images\":[");
	for (size_t i = 0; i < u->nfiles; i++) {
		const struct upload_file *f = &u->files[i];
		const char *url = arena_printf(c->arena, "/media/%s",
		    f->stored.name);

		buf_puts(b, i > 0 ? ",{\"url\":" : "{\"url\":");
		json_string(b, url);
		buf_puts(b, ",\"markdown\":");
		json_string(b, arena_printf(c->arena, "![%s](%s)",
		    alt_text(c->arena, f->filename), url));
		buf_printf(b, ",\"width\":%u,\"height\":%u}", f->stored.width,
		    f->stored.height);
	}
	buf_puts(b, "]}\n");
	c->resp->status = 201;
	c->resp->content_type = "application/json";
	c->no_store = 1;
	page_cache_headers(c);
	return outcome_page();
}

/* Returns type as the media.type column spells it. */
static const char *
type_column(enum media_type type)
{
	switch (type) {
	case MEDIA_JPEG:
		return "jpeg";
	case MEDIA_PNG:
		return "png";
	case MEDIA_GIF:
		return "gif";
	case MEDIA_WEBP:
		return "webp";
	case MEDIA_NONE:
	case MEDIA__MAX:
		break;
	}
	return "";
}

/* The rows of the stored files, for media_add. */
static struct media *
upload_rows(const struct upload *u, struct arena *a)
{
	struct media *rows = arena_calloc(a, u->nfiles, sizeof(*rows));

	for (size_t i = 0; i < u->nfiles; i++) {
		const struct image_result *r = &u->files[i].stored;

		rows[i].hash = r->hash;
		rows[i].name = r->name;
		rows[i].type = type_column(r->type);
		rows[i].width = r->width;
		rows[i].height = r->height;
		rows[i].bytes = (long long)r->bytes;
	}
	return rows;
}

/* The steps of an upload once the visitor is known to be an author. */
static struct outcome
upload_run(struct ctx *c, struct upload *u)
{
	struct field_value *token = &c->in[FIELD_CSRF];
	struct outcome refusal;
	const char *why = NULL;
	int status, rc;

	if ((status = upload_read(u, &why)) != 0)
		return refuse(c, status, why);
	token->present = 1;
	token->text = u->token.data != NULL ? u->token.data : "";
	token->len = u->token.len;
	if (auth_require(c, "/blog/media", &refusal) != AUTH_OK)
		return refusal;
	if (u->nfiles == 0)
		return refuse(c, 422, "Choose an image to upload.");
	if ((status = upload_sniff(u, &why)) != 0 ||
	    (status = upload_store(u, &why)) != 0)
		return refuse(c, status, why);
	if ((rc = media_add(c->db, c->arena, upload_rows(u, c->arena),
	    u->nfiles, c->user->user_id)) != DB_OK)
		return outcome_db_error(rc, "adding uploaded images");
	u->kept = 1;
	return wants_json(c) ? upload_json(c, u) :
	    outcome_redirect(303, "/blog/media");
}

/* POST /blog/media. */
static struct outcome
handle_upload(struct ctx *c)
{
	struct upload u;
	struct outcome out;

	if (c->req->stream == NULL)
		return refuse(c, 415, "Images are sent as a file upload "
		    "(multipart/form-data).");
	/* Who asks, before a byte of the body is read: a stranger's
	 * upload is not written to disk. */
	if (!csrf_same_origin(c->req, c->cfg->base_url))
		return auth_refuse_cross_site();
	if (auth_user(c) == NULL) {
		struct outcome refusal;

		if (auth_require(c, "/blog/media", &refusal) != AUTH_OK)
			return refusal;
	}
	memset(&u, 0, sizeof(u));
	u.c = c;
	u.fd = -1;
	out = upload_run(c, &u);
	upload_clean(&u, !u.kept);
	return out;
}

/* Returns n bytes for people: "830 KB", "4.2 MB". */
static const char *
bytes_human(struct arena *a, long long n)
{
	if (n < 1000)
		return arena_printf(a, "%lld bytes", n);
	if (n < 1000 * 1000)
		return arena_printf(a, "%lld KB", (n + 500) / 1000);
	return arena_printf(a, "%.1f MB", (double)n / 1e6);
}

/* Adds image m to the list of d. */
static void
add_image(struct ctx *c, struct view_dict *list, const struct media *m)
{
	struct view_dict *row = view_add_section(list, "IMAGE");
	struct medianame name;
	char thumb[MEDIANAME_MAX];
	long long w = m->width, h = m->height;

	/* The 480 copy when there is one: the list shows images small. */
	if (medianame_parse(m->name, strlen(m->name), &name) == 0 &&
	    m->width > THUMB_WIDTH) {
		name.copy = THUMB_WIDTH;
		h = (h * THUMB_WIDTH + w / 2) / w;
		w = THUMB_WIDTH;
	}
	if (medianame_format(&name, thumb) < 0)
		snprintf(thumb, sizeof(thumb), "%s", m->name);
	view_set_int(row, "ID", m->id);
	view_set(row, "THUMB_URL", arena_printf(c->arena, "/media/%s", thumb));
	view_set_int(row, "THUMB_WIDTH", w);
	view_set_int(row, "THUMB_HEIGHT", h > 0 ? h : 1);
	view_set_int(row, "WIDTH", m->width);
	view_set_int(row, "HEIGHT", m->height);
	view_set(row, "BYTES", bytes_human(c->arena, m->bytes));
	view_set(row, "MARKDOWN", arena_printf(c->arena, "![](/media/%s)",
	    m->name));
	page_set_time(c, row, "WHEN", &m->created);
}

/*
 * Renders the images page with status: page number of the library, and
 * with users (the posts that show an image a delete was refused for).
 */
static struct outcome
media_page(struct ctx *c, int status, unsigned long long number,
    const struct media_user *users, size_t nusers)
{
	struct view_dict *d, *list;
	struct media *v;
	struct page p;
	unsigned long long total;
	size_t n;
	int rc;

	if ((rc = media_count(c->db, c->arena, &total)) != DB_OK)
		return outcome_db_error(rc, "counting images");
	if (page_compute(&p, total, MEDIA_PER_PAGE, number) != 0)
		return list_no_such_page(c, &p);
	if ((rc = media_list_newest(c->db, c->arena, p.per_page, p.offset, &v,
	    &n)) != DB_OK)
		return outcome_db_error(rc, "listing images");
	c->unpublished = 1;
	d = page_dict(c, arena_printf(c->arena, "Images — %s",
	    c->cfg->blog_title));
	view_set(d, "MAX_UPLOAD", bytes_human(c->arena,
	    (long long)c->cfg->max_upload));
	view_set_int(d, "MAX_MEGAPIXELS", (long long)(c->cfg->max_pixels /
	    1000000));
	if (nusers > 0) {
		struct view_dict *in_use = view_add_section(d, "IN_USE");

		view_set(in_use, "IN_USE_TEXT", "This image cannot be deleted: "
		    "these posts show it. Take it out of them first.");
		for (size_t i = 0; i < nusers; i++) {
			struct view_dict *u = view_add_section(in_use, "USER");

			view_set(u, "SLUG", users[i].slug);
			view_set(u, "TITLE", users[i].title);
		}
	}
	if (n == 0)
		view_show(d, "EMPTY");
	else {
		list = view_add_section(d, "IMAGES");
		for (size_t i = 0; i < n; i++)
			add_image(c, list, &v[i]);
	}
	list_add_pagination(c, d, &p, "/blog/media", NULL, NULL);
	return page_render(c, status, "media", d);
}

struct outcome
handle_media(struct ctx *c)
{
	struct outcome refusal;

	if (c->req->method == HTTP_POST)
		return handle_upload(c);
	if (auth_require(c, "/blog/media", &refusal) != AUTH_OK)
		return refusal;
	return media_page(c, 200, list_asked_page(c), NULL, 0);
}

struct outcome
handle_media_delete(struct ctx *c)
{
	struct media gone;
	struct media_user *users;
	struct outcome refusal;
	unsigned long long id;
	size_t nusers;
	int rc;

	if (auth_require(c, "/blog/media", &refusal) != AUTH_OK)
		return refusal;
	/* The {slug} of the route is the image's id. */
	if (page_parse(c->slug, strlen(c->slug), &id) != 0 || id > INT64_MAX)
		return outcome_error(404, "There is no image at this address.");
	rc = media_delete(c->db, c->arena, (long long)id, &gone, &users,
	    &nusers);
	if (rc == DB_NOT_FOUND)
		return outcome_error(404, "There is no image at this address.");
	if (rc == DB_CONFLICT)
		return media_page(c, 409, 1, users, nusers);
	if (rc != DB_OK)
		return outcome_db_error(rc, "deleting an image");
	/* The row is gone; files left behind are swept later. */
	if (image_delete(c->cfg->media_dir, gone.hash) < 0)
		log_error("deleting image %lld: removing the files of %s: %s",
		    gone.id, gone.hash, strerror(errno));
	return outcome_redirect(303, "/blog/media");
}

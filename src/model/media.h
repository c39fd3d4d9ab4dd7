/*
 * media: the uploaded images (table media) and which posts show them
 * (post_media). The files themselves are src/media's; a row is written
 * only once its files are in place, and a file no row names is an
 * unfinished upload or a leftover (media_hashes lists what rows name).
 * Every function takes the connection and an arena (which owns every
 * string returned) and answers with an enum db_status.
 */
#ifndef MODEL_MEDIA_H
#define MODEL_MEDIA_H

#include <stddef.h>

#include "../lib/date.h"
#include "../lib/mediaref.h"

struct arena;
struct db;

/* The posts media_delete names when an image is in use, at most. */
#define MEDIA_USERS_MAX 20

struct media {
	long long id;
	const char *hash;	/* MEDIANAME_HASH_LEN hex digits */
	const char *name;	/* the original's file name (medianame.h) */
	const char *type;	/* "jpeg", "png", "gif" or "webp" */
	long long width;
	long long height;
	long long bytes;	/* the stored original's */
	struct date created;
};

/* A post that shows an image. */
struct media_user {
	const char *slug;
	const char *title;
};

/*
 * Adds the n images of v (hash, name, type, width, height, bytes) as
 * uploaded by user_id, in one transaction; an image whose hash has a row
 * already keeps that row. Writes each row's id into v[i].id. DB_OK or a
 * failure (nothing added).
 */
int media_add(struct db *db, struct arena *a, struct media *v, size_t n,
    long long user_id);

/* Fills *out with the image of id; DB_OK, DB_NOT_FOUND or a failure. */
int media_get(struct db *db, struct arena *a, long long id,
    struct media *out);

/* Fills *out with the image stored under hash; as media_get. */
int media_get_by_hash(struct db *db, struct arena *a, const char *hash,
    struct media *out);

/* Counts the images into *n; DB_OK or a failure. */
int media_count(struct db *db, struct arena *a, unsigned long long *n);

/* Fills *out (*n of them) with a page of images, newest first. */
int media_list_newest(struct db *db, struct arena *a,
    unsigned long long limit, unsigned long long offset, struct media **out,
    size_t *n);

/*
 * Deletes the row of image id unless a post shows it, in one transaction;
 * the caller then removes its files. Returns DB_OK with the row in *gone,
 * DB_NOT_FOUND, DB_CONFLICT with up to MEDIA_USERS_MAX of the posts that
 * show it in *users (*nusers), by title, or a failure.
 */
int media_delete(struct db *db, struct arena *a, long long id,
    struct media *gone, struct media_user **users, size_t *nusers);

/*
 * Makes post_id's rows of post_media the images of refs that have a row
 * (others are not the library's: they stay as written). Runs inside the
 * caller's transaction (post_write.c's). DB_OK or a failure.
 */
int media_link_post(struct db *db, struct arena *a, long long post_id,
    const struct media_refs *refs);

/*
 * Calls each(hash, ctx) for every image's hash, for blogctl's sweep of
 * files no row names; stops when each returns non-zero. DB_OK or a
 * failure.
 */
int media_hashes(struct db *db, struct arena *a,
    int (*each)(const char *hash, void *ctx), void *ctx);

#endif

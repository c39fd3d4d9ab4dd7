/*
 * tag: the tags and post_tags tables. Same conventions as post.h: strings
 * from the arena, answers as enum db_status.
 */
#ifndef MODEL_TAG_H
#define MODEL_TAG_H

#include <stddef.h>

#include "db.h"

struct arena;
struct db;
struct post;

/* Posts whose tags one statement reads: the largest per_page (config). */
#define TAG_POSTS_PER_QUERY DB_IN_MAX

struct tag {
	long long id;
	const char *name;
	const char *slug;
	long long count;	/* its posts (tag_get_by_slug, tag_list_with_counts) */
};

/* Fills *out with the tag of slug; DB_OK, DB_NOT_FOUND or an error. */
int tag_get_by_slug(struct db *db, struct arena *a, const char *slug,
    struct tag *out);

/* Lists every tag by name, each with its number of posts (maybe 0). */
int tag_list_with_counts(struct db *db, struct arena *a, struct tag **out,
    size_t *n);

/*
 * Fills the tags (by name) of the n posts, reading them with one statement
 * for every TAG_POSTS_PER_QUERY posts, so a page costs one query whatever
 * its size; none when every post has its tags already (tags_read: the
 * readers' lists of post.h read them with the posts).
 */
int tags_for_posts(struct db *db, struct arena *a, struct post *posts,
    size_t n);

/*
 * Writes into *id the tag called name (as the tags.name collation compares
 * names: regardless of case and accents), made first if there is none, its
 * slug from the name (taken: -2, -3, ...; none: tag-N). For the caller's
 * transaction (db_begin): it may wait for another one making the same
 * tag, and then uses that one. Returns DB_OK or a failure.
 */
int tag_find_or_create(struct db *db, struct arena *a, const char *name,
    long long *id);

#endif

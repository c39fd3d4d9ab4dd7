/*
 * post: the posts table, read side. Every function takes the connection and
 * the request's arena (which owns every string returned) and answers with
 * an enum db_status.
 */
#ifndef MODEL_POST_H
#define MODEL_POST_H

#include <stddef.h>

#include "../lib/date.h"

struct arena;
struct db;
struct search;
struct tag;

/* How much of a body the lists fetch: enough for any excerpt. */
#define POST_EXCERPT_SOURCE 4000

struct post {
	long long id;
	const char *title;
	const char *slug;
	const char *body;	/* Markdown; in lists only its beginning */
	size_t body_len;
	struct date created;
	struct date updated;
	struct tag *tags;	/* filled by tags_for_posts, by name */
	size_t ntags;
};

/* A page's worth of posts, newest first. */
struct post_list {
	struct post *v;
	size_t n;
};

/* What a listing needs before fetching a page: its size and freshness. */
struct post_stats {
	unsigned long long count;
	int has_update;			/* 0 when count is 0 */
	struct date newest_update;	/* the largest updated_at */
};

/* Fills *out with the post of slug; DB_OK, DB_NOT_FOUND or an error. */
int post_get_by_slug(struct db *db, struct arena *a, const char *slug,
    struct post *out);

/* Counts all posts and finds the latest change among them. */
int post_count(struct db *db, struct arena *a, struct post_stats *out);

/* Lists limit posts from offset, newest first (created_at, then id). */
int post_list_newest(struct db *db, struct arena *a, unsigned long long limit,
    unsigned long long offset, struct post_list *out);

/* Lists the limit newest posts with their whole bodies (for the feed). */
int post_list_feed(struct db *db, struct arena *a, unsigned long long limit,
    struct post_list *out);

/* Counts the posts a search finds (see search.h). */
int post_search_count(struct db *db, struct arena *a, const struct search *s,
    unsigned long long *out);

/* Lists limit posts of a search from offset, newest first. */
int post_search(struct db *db, struct arena *a, const struct search *s,
    unsigned long long limit, unsigned long long offset,
    struct post_list *out);

/* Counts the posts of a tag and finds the latest change among them. */
int post_count_by_tag(struct db *db, struct arena *a, long long tag_id,
    struct post_stats *out);

/* Lists limit posts of a tag from offset, newest first. */
int post_list_by_tag(struct db *db, struct arena *a, long long tag_id,
    unsigned long long limit, unsigned long long offset,
    struct post_list *out);

#endif

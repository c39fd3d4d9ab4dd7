/*
 * post: the posts table. Every function takes the connection and the
 * request's arena (which owns every string returned) and answers with an
 * enum db_status. The reads are in post.c, the writes in post_write.c.
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

/* Fills *out with the post of slug; DB_OK, DB_NOT_FOUND or an error. */
int post_get_by_slug(struct db *db, struct arena *a, const char *slug,
    struct post *out);

/*
 * Lists limit (at most DB_IN_MAX) posts from offset, newest first
 * (created_at, then id). The number of posts is the site's (site.h).
 */
int post_list_newest(struct db *db, struct arena *a, unsigned long long limit,
    unsigned long long offset, struct post_list *out);

/* Lists the limit newest posts with their whole bodies (for the feed). */
int post_list_feed(struct db *db, struct arena *a, unsigned long long limit,
    struct post_list *out);

/* Past this many matches, a search's count is an estimate (post_search). */
#define POST_SEARCH_EXACT_MAX 1000

/* The most posts post_search reads for a common word, newest first. */
#define POST_SEARCH_WALK_MAX 10000

/* A page of a search's posts, newest first. */
struct post_search_page {
	struct post_list posts;	/* at most limit */
	/*
	 * Exact: the number of posts matching. Approximate: offset, plus
	 * the posts of this page, plus 1 when another page follows.
	 */
	unsigned long long total;
	/*
	 * 1 when more than about POST_SEARCH_EXACT_MAX posts match: the
	 * page was found by walking the newest POST_SEARCH_WALK_MAX posts,
	 * and older ones are not searched.
	 */
	int approximate;
};

/*
 * Lists limit posts from offset holding every word of s (see search.h),
 * newest first, and how many match, reading a bounded number of rows
 * whatever the words; post_count is the site's. A probe reads the newest
 * posts first: a word in few of them is found through the FULLTEXT index,
 * in few posts overall, sorted, counted exactly; a word common among them
 * by walking the posts_newest index checking each post, which stops at the
 * page's last post, so the more common the word the sooner.
 */
int post_search(struct db *db, struct arena *a, const struct search *s,
    unsigned long long post_count, unsigned long long limit,
    unsigned long long offset, struct post_search_page *out);

/* Lists limit posts of a tag from offset, newest first (the tag's count
 * is in struct tag). */
int post_list_by_tag(struct db *db, struct arena *a, long long tag_id,
    unsigned long long limit, unsigned long long offset,
    struct post_list *out);

/* A post as the form gives it, checked: see src/app/post_input.h. */
struct post_draft {
	const char *title;	/* trimmed, 1 to 140 characters */
	const char *body;	/* Markdown, at most 65,535 bytes */
	size_t body_len;
	char *const *tags;	/* tag names, distinct */
	size_t ntags;
};

/*
 * Returns 1 if slug must not be a post's because the blog's own paths use
 * it (/blog/create, /blog/tags), else 0.
 */
typedef int post_slug_reserved_fn(const char *slug);

/*
 * Creates the post of d and gives it its tags (made if missing), all in one
 * transaction: nothing is left of a failure. Its slug is made from the
 * title: taken or reserved, it gets -2, -3, ... (the unique index decides,
 * so posts saved at the same time get different ones); a title that makes
 * none gets post-N. Returns DB_OK with the slug in *slug, or a failure.
 */
int post_create(struct db *db, struct arena *a, const struct post_draft *d,
    post_slug_reserved_fn *reserved, const char **slug);

/*
 * Replaces the title, body and tags of the post of slug with d's, in one
 * transaction, and sets its updated_at; the slug stays. Returns DB_OK,
 * DB_NOT_FOUND or a failure.
 */
int post_update(struct db *db, struct arena *a, const char *slug,
    const struct post_draft *d);

/*
 * Deletes the post of slug and its tag links (its tags stay, maybe with
 * no posts). Returns DB_OK, DB_NOT_FOUND or a failure.
 */
int post_delete(struct db *db, struct arena *a, const char *slug);

#endif

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
struct media_refs;
struct search;
struct tag;

/* How much of a body (characters) a list's excerpt is made from. */
#define POST_EXCERPT_SOURCE 4000

/*
 * The version of what post_html holds (struct post_rendering): rows of
 * another are not current. Bump it with src/view/markdown.h's
 * MARKDOWN_RENDERER, or when the lengths the excerpts are cut at change
 * (src/app/list.c checks both at build time).
 */
#define POST_RENDERER 1

struct post {
	long long id;
	const char *title;
	const char *slug;
	/*
	 * Markdown. Lists read it only when its rendering below is not
	 * current (and then whole), else it is "".
	 */
	const char *body;
	size_t body_len;
	struct date created;
	struct date updated;
	struct date publish_at;	/* year 0: none (a draft with no time) */
	struct date trashed_at;	/* year 0: not in the trash */
	long long published;	/* 1: state published, 0: draft */
	long long visible;	/* readers see it (visibility.h) */
	long long revision;	/* bumped by every save of the form */
	const char *author;	/* the byline: "" when unknown */
	const char *featured_image;	/* a /media/ URL, or "" */
	struct tag *tags;	/* by name */
	size_t ntags;
	int tags_read;		/* 1: tags are the post's (tags_for_posts) */
	/*
	 * The body rendered, from post_html (post_html_put), when the
	 * statement reads it and it is current: rendered is 1 and the parts
	 * the statement reads are set (the post and the feeds: html and
	 * description; the lists: excerpt). Else rendered is 0, the parts are
	 * NULL, and the caller renders body (and may store it).
	 */
	int rendered;
	const char *html;
	const char *excerpt;
	const char *description;
	/* CRC32 of body as read, which a rendering of it is stored with. */
	long long body_crc;
};

/* Where a post stands, for its author (post_standing). */
enum post_standing {
	POST_STANDING_VISIBLE,		/* readers see it */
	POST_STANDING_DRAFT,
	POST_STANDING_SCHEDULED,	/* published, its time to come */
	POST_STANDING_TRASHED,
};

/* Returns where p stands. */
enum post_standing post_standing(const struct post *p);

/* A page's worth of posts, newest first. */
struct post_list {
	struct post *v;
	size_t n;
};

/*
 * Fills *out with the post of slug, whether readers see it or not (the
 * caller decides who may: visibility.h), with its whole body, its author,
 * its tags and its rendering when current, all from one statement; DB_OK,
 * DB_NOT_FOUND or an error.
 */
int post_get_by_slug(struct db *db, struct arena *a, const char *slug,
    struct post *out);

/*
 * The lists below hold the posts readers see only (visibility.h), newest
 * first: by publish time, then id, each with its tags and its rendering
 * (its excerpt; a feed's, its html) when current.
 *
 * Lists limit (at most DB_IN_MAX) posts from offset. The number of posts
 * is the site's (site.h).
 */
int post_list_newest(struct db *db, struct arena *a, unsigned long long limit,
    unsigned long long offset, struct post_list *out);

/* Lists the limit newest posts (for the feed). */
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

/* Lists the limit newest posts of a tag (for its feed); limit at most
 * DB_IN_MAX. */
int post_list_feed_by_tag(struct db *db, struct arena *a, long long tag_id,
    unsigned long long limit, struct post_list *out);

/* The most posts each of an author's lists holds (post_list_unseen). */
#define POST_UNSEEN_MAX 100

/* What readers do not see, for the author's /blog/manage. */
enum post_unseen {
	POST_UNSEEN_DRAFTS,	/* most recently changed first */
	POST_UNSEEN_SCHEDULED,	/* the next to come first */
	POST_UNSEEN_TRASH,	/* most recently trashed first */
};

/* Lists at most POST_UNSEEN_MAX + 1 posts of list which, in its order,
 * with the beginnings of their bodies and no tags. */
int post_list_unseen(struct db *db, struct arena *a, enum post_unseen which,
    struct post_list *out);

/*
 * Lists limit posts (whole, without tags) of every post but the trashed,
 * readers' or not, by id from the first after after_id: pages for
 * ./blogctl export, which reads them all in one db_begin_snapshot.
 */
int post_list_export(struct db *db, struct arena *a, long long after_id,
    unsigned long long limit, struct post_list *out);

/* Counts the posts post_list_export lists into *n. */
int post_count_export(struct db *db, struct arena *a, unsigned long long *n);

/*
 * A body rendered (src/view/markdown.h's markdown_render_post), as
 * post_html keeps it: made by renderer, MARKDOWN_RENDERER when made.
 */
struct post_rendering {
	long long renderer;
	const char *html;
	const char *excerpt;
	const char *description;
};

/*
 * Stores r, the rendering of the body p was read with (its id, updated
 * and body_crc say which), for the next readers of p: one statement, out
 * of any transaction, writing no other table (site_state's version stays,
 * and with it every page cache). A post saved meanwhile keeps nothing of
 * it: the next reader finds its rendering stale. Returns DB_OK or a
 * failure (a read-only server), which a reader may ignore: it has its own
 * rendering.
 */
int post_html_put(struct db *db, struct arena *a, const struct post *p,
    const struct post_rendering *r);

/* A post as the form gives it, checked: see src/app/post_input.h. */
struct post_draft {
	const char *title;	/* trimmed, 1 to 140 characters */
	const char *body;	/* Markdown, at most 65,535 bytes */
	size_t body_len;
	char *const *tags;	/* tag names, distinct */
	size_t ntags;
	int publish;		/* 1: published (maybe scheduled), 0: draft */
	/* When readers see it (UTC); year 0: not given, which means now
	 * when first published, and otherwise leaves it as it was. */
	struct date publish_at;
	long long author_id;	/* post_create: who writes it; 0: unknown */
	const char *featured_image;	/* a /media/ URL, or "" for none */
	/* The library's images it shows, in its body and featured: its
	 * rows of post_media (media.h). */
	const struct media_refs *images;
	/* post_update: the revision the form was opened at; 0: the form
	 * did not say, and is not checked. */
	long long revision;
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
 * Replaces the title, body, tags, state and time of the post of slug with
 * d's, in one transaction, and sets its updated_at and a new revision.
 * Its slug follows the title until it is first published (the new one in
 * *new_slug, else slug), then never changes. Returns DB_OK, DB_NOT_FOUND,
 * DB_CONFLICT (d->revision is not the post's: someone saved it since the
 * form was opened; nothing changed) or a failure.
 */
int post_update(struct db *db, struct arena *a, const char *slug,
    const struct post_draft *d, post_slug_reserved_fn *reserved,
    const char **new_slug);

/* A post as ./blogctl import gives it: its own slug and times. */
struct post_import {
	const char *slug;	/* valid and not reserved: the caller's */
	/* Its title, body, tags, state, author, featured image and
	 * images; publish_at (UTC) is the published post's time, and for
	 * a draft its time when it has one (year 0: none). */
	struct post_draft draft;
	struct date created;	/* UTC */
	struct date updated;	/* UTC */
	/*
	 * NULL, or the ids of draft.tags, one per name: 0 where not known,
	 * which post_import finds (or makes) and writes there once it
	 * commits, so that an import asks for each tag once.
	 */
	long long *tag_ids;
};

/*
 * Creates the post of p with its slug and times, its tags (made if
 * missing, as the form makes them) and its rows of post_media, all in one
 * transaction: nothing is left of a failure. When a post has the slug
 * already: with replace, its title, body, tags, state, times, featured
 * image (and author, when p names one) become p's, keeping its id, and
 * *replaced is set; else DB_DUPLICATE and nothing changes. At most
 * TAGLIST_MAX tags (taglist.h). Returns DB_OK or a failure.
 */
int post_import(struct db *db, struct arena *a, const struct post_import *p,
    int replace, int *replaced);

/*
 * Moves the post of slug to the trash (it keeps its slug until purged:
 * schedule.h) or brings it back as it was. Returns DB_OK, DB_NOT_FOUND
 * (no such post, or not in the trash for post_restore, already in it for
 * post_trash) or a failure.
 */
int post_trash(struct db *db, struct arena *a, const char *slug);
int post_restore(struct db *db, struct arena *a, const char *slug);

#endif

/*
 * backup_db: what restore asks the blog's database before and after it
 * loads a dump: whether the blog is empty, and a site version past every
 * page blog.fcgi may have cached of the blog it replaced. (Its few
 * statements would sit in src/model, site.c, had this change been free
 * to touch it; they are a db_table of db.h all the same.)
 */
#ifndef BLOGCTL_BACKUP_DB_H
#define BLOGCTL_BACKUP_DB_H

struct arena;
struct config;

/* What the blog holds; a table that does not exist holds nothing. */
struct blog_contents {
	unsigned long long posts, users, media;
	unsigned long long version;	/* site_state's, 0 without one */
	int tables;			/* posts, users, media that exist */
};

/*
 * Reads what cfg's blog holds. Returns 0, or -1 after saying why.
 */
int backup_db_contents(const struct config *cfg, struct arena *a,
    struct blog_contents *out);

/*
 * Moves the site's version past both its own and past (the replaced
 * blog's), so that no page cached or ETag given for the old blog matches
 * the new. Returns 0, or -1 after saying why.
 */
int backup_db_bump_version(const struct config *cfg, struct arena *a,
    unsigned long long past);

#endif

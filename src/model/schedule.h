/*
 * schedule: what happens to posts when time passes with no write: a
 * scheduled post is shown when its time comes, and the trash is purged
 * of posts trashed more than [blog] trash_days ago. blog.fcgi's clock
 * process (src/app/clock.c) runs these; a worker runs schedule_publish_due
 * too when the site's state says a post is due, so that no page is made
 * from before it.
 */
#ifndef MODEL_SCHEDULE_H
#define MODEL_SCHEDULE_H

struct arena;
struct db;

/*
 * Shows every scheduled post whose time has come (visibility.h) and
 * records when the next comes due, in one transaction; the number shown
 * in *shown (may be NULL). Returns DB_OK or a failure.
 */
int schedule_publish_due(struct db *db, struct arena *a,
    unsigned long long *shown);

/*
 * Deletes (for good, with their tag links) at most a few hundred posts
 * trashed more than days days ago; their number in *purged. Returns DB_OK
 * or a failure.
 */
int schedule_purge_trash(struct db *db, struct arena *a, unsigned days,
    unsigned long long *purged);

#endif

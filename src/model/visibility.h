/*
 * visibility: the one rule of who may read a post (SPEC, "Writing
 * workflow"): readers see a post only when it is published, not in the
 * trash, and its publish time has come.
 *
 * The rule is kept in the posts.visible column (migration 0007), so that
 * every reader's query asks only "visible = 1" of an index and the
 * triggers count visible posts only. These are the only statements that
 * evaluate it: post_write.c sets visible when a post is saved, trashed or
 * restored (POST_VISIBLE_SET), and schedule.c shows the posts whose time
 * has come since (POST_DUE), keeping site_state.next_due_at, the time of
 * the next one, for the readers' pages (POST_NEXT_DUE_SET).
 */
#ifndef MODEL_VISIBILITY_H
#define MODEL_VISIBILITY_H

/* A post is published and not in the trash: it will be visible in time. */
#define POST_PUBLISHED_SQL "state = 'published' AND trashed_at IS NULL"

/* The rule, as an SQL expression over a posts row. */
#define POST_VISIBLE_SQL \
	"(" POST_PUBLISHED_SQL " AND publish_at <= NOW(6))"

/* The assignment that applies the rule to a row being updated; last in a
 * SET list, since MariaDB assigns left to right. */
#define POST_VISIBLE_SET "visible = " POST_VISIBLE_SQL

/* Scheduled: published, hidden, its time still to come (or just come). */
#define POST_SCHEDULED_SQL "(" POST_PUBLISHED_SQL " AND visible = 0)"

/* Scheduled posts whose time has come: to be shown now. */
#define POST_DUE_SQL \
	"(" POST_SCHEDULED_SQL " AND publish_at <= NOW(6))"

/* Records in site_state when the next scheduled post comes due (index
 * posts_schedule: one index dive). */
#define POST_NEXT_DUE_SET \
	"UPDATE site_state SET next_due_at = (SELECT MIN(publish_at) " \
	"FROM posts WHERE " POST_SCHEDULED_SQL ") WHERE id = 1"

#endif

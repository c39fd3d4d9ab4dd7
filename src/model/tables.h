/*
 * tables: the statement tables of src/model (struct db_table of db.h),
 * each defined beside its SQL in its table's file, and the list a
 * worker's connection prepares. Private to src/model.
 */
#ifndef MODEL_TABLES_H
#define MODEL_TABLES_H

#include "db.h"

extern const struct db_table db_own_table;		/* db.c */
extern const struct db_table post_table;		/* post.c */
extern const struct db_table post_write_table;		/* post_write.c */
extern const struct db_table tag_table;			/* tag.c */
extern const struct db_table user_table;		/* user.c */
extern const struct db_table session_table;		/* session.c */
extern const struct db_table site_table;		/* site.c */
extern const struct db_table schedule_table;		/* schedule.c */
extern const struct db_table login_failure_table;	/* login_failure.c */
extern const struct db_table media_table;		/* media.c */
extern const struct db_table sitemap_table;		/* sitemap.c */

/* The tables of blog.fcgi's and blogctl's connections (db_init). */
extern const struct db_table *const db_worker_tables[];

#endif

/* tables: the list of statement tables a worker's connection prepares. */
#include "tables.h"

#include <stddef.h>

const struct db_table *const db_worker_tables[] = {
	&db_own_table,
	&post_table,
	&post_write_table,
	&tag_table,
	&user_table,
	&session_table,
	&site_table,
	&schedule_table,
	&login_failure_table,
	&media_table,
	&sitemap_table,
	NULL
};

/*
 * clock: blog.fcgi's clock, a process of its own beside the workers under
 * the prefork master (prefork.h), that does what time does to posts with
 * no request needed (schedule.h): it shows a scheduled post when its time
 * comes (SPEC: on every page within 1 s), and purges the trash of posts
 * trashed more than [blog] trash_days ago. It is also the host's one
 * poller of site_state: a version moved elsewhere becomes the one whose
 * copies Apache serves (pagefile.h) within a round.
 */
#ifndef APP_CLOCK_H
#define APP_CLOCK_H

struct config;

/* The clock's process name, as ps and top show it (15 bytes at most). */
#define CLOCK_PROCESS_NAME "blog-clock"

/*
 * Runs the clock on a connection of its own, until prefork_stopping()
 * says to stop; with replica_cfg (the replica's address and account, or
 * NULL), it also watches the replica, on a second connection. A database
 * that is away is logged once when it goes and once when it is back, and
 * tried again every second: the clock never exits for it. Returns 0.
 */
int clock_run(const struct config *cfg, const struct config *replica_cfg);

#endif

/*
 * prefork: blog.fcgi as its own FastCGI server for mod_proxy_fcgi. A master
 * process keeps a fixed number of workers accepting on one socket, and one
 * clock process (clock.h), starts a new one whenever one dies, and stops
 * them all on SIGTERM or SIGINT.
 */
#ifndef APP_PREFORK_H
#define APP_PREFORK_H

/*
 * Runs workers copies of worker_main(listen_fd, arg) in child processes,
 * and one of clock_main(arg) unless clock_main is NULL, until the master
 * is told to stop. Returns the master's exit status.
 */
int prefork_run(int listen_fd, unsigned workers,
    int (*worker_main)(int listen_fd, void *arg),
    int (*clock_main)(void *arg), void *arg);

/*
 * Returns whether a child has been asked to stop (set by SIGTERM or
 * SIGINT, whose handler is installed without SA_RESTART: a blocking call
 * returns EINTR).
 */
int prefork_stopping(void);

#endif

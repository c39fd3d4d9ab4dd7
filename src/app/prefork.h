/*
 * prefork: blog.fcgi as its own FastCGI server for mod_proxy_fcgi. A master
 * process keeps a fixed number of workers accepting on one socket, starts a
 * new one whenever one dies, and stops them all on SIGTERM or SIGINT.
 */
#ifndef APP_PREFORK_H
#define APP_PREFORK_H

/*
 * Runs workers copies of worker_main(listen_fd, arg) in child processes
 * until the master is told to stop. Returns the master's exit status.
 */
int prefork_run(int listen_fd, unsigned workers,
    int (*worker_main)(int listen_fd, void *arg), void *arg);

/* Returns whether a worker has been asked to stop (set by SIGTERM). */
int prefork_stopping(void);

#endif

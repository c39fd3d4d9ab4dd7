/*
 * gateway: the two ways a request reaches blog.fcgi, as struct http_io:
 * FastCGI through libfcgi (on a socket of its own, or on the one a spawner
 * passes as fd 0) and plain CGI (environment, stdin, stdout). Knows nothing
 * of pages: each request goes to the function it is given.
 */
#ifndef APP_GATEWAY_H
#define APP_GATEWAY_H

struct http_io;

/* Answers one request read from io; arg is what the loop was given. */
typedef void gateway_serve_fn(void *arg, const struct http_io *io);

/*
 * Opens a FastCGI listening socket at path, replacing a stale one, readable
 * and writable by its owner and group only (Apache's workers run in that
 * group). Returns the descriptor, or -1 having logged why.
 */
int gateway_listen(const char *path);

/* Returns whether the program was started as plain CGI, not by FastCGI. */
int gateway_is_cgi(void);

/* The descriptor a FastCGI spawner passes the listening socket on. */
int gateway_spawner_fd(void);

/*
 * Accepts FastCGI requests on listen_fd and hands each to serve, until
 * prefork_stopping() says to stop. Returns 0, or 1 when libfcgi cannot
 * start (logged).
 */
int gateway_fastcgi_loop(int listen_fd, gateway_serve_fn *serve, void *arg);

/*
 * Answers the one request of a CGI run with serve. Returns 0, or 1 when
 * the response could not be flushed.
 */
int gateway_cgi_once(gateway_serve_fn *serve, void *arg);

#endif

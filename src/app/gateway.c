/*
 * gateway: libfcgi and plain CGI behind one struct http_io, and the
 * FastCGI listening socket. The only file that calls libfcgi.
 */
#include "gateway.h"

#include <errno.h>
#include <fcgiapp.h>
#include <fastcgi.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "../http/request.h"
#include "../lib/buf.h"
#include "../lib/log.h"
#include "prefork.h"

#define LISTEN_BACKLOG 1024
/* Bytes of a record's content: FastCGI's most, rounded down to 8. */
#define RECORD_MAX 65528
/* Writes held back to leave with the next one: an answer's header block. */
#define HOLD_MAX 8192
/* Records one writev carries at most. */
#define RECORDS_PER_WRITE 32

/*
 * FastCGI through libfcgi, but for the answer: libfcgi's output stream has
 * a fixed 8 KB buffer, so a larger answer left in pieces that Apache took
 * and sent on one by one (a page of 8.3 KB ran 15% slower than one of
 * 7.6 KB; README, Speed). The answer goes out here instead as FCGI_STDOUT
 * records in one writev on the request's connection: a small write (the
 * header block) is held until the next (the body) or the end. libfcgi
 * still reads the request and ends it (FCGX_Finish_r writes the empty
 * FCGI_STDOUT record and FCGI_END_REQUEST after ours).
 */
struct fcgi_conn {
	FCGX_Request request;
	struct buf held;
};

static const char *
fcgi_param(void *ctx, const char *name)
{
	return FCGX_GetParam(name, ((struct fcgi_conn *)ctx)->request.envp);
}

static long
fcgi_read(void *ctx, char *p, size_t len)
{
	return FCGX_GetStr(p, len > INT_MAX ? INT_MAX : (int)len,
	    ((struct fcgi_conn *)ctx)->request.in);
}

/* Writes the n buffers of iov whole to fd; returns 0, or -1. */
static int
write_all(int fd, struct iovec *iov, int n)
{
	while (n > 0) {
		ssize_t done = writev(fd, iov, n);

		if (done < 0 && errno == EINTR)
			continue;
		if (done <= 0)
			return -1;
		while (n > 0 && (size_t)done >= iov->iov_len) {
			done -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + done;
			iov->iov_len -= (size_t)done;
		}
	}
	return 0;
}

/*
 * Puts into *iov the next bytes of *p (*len of them left) that fit a
 * record's room left, and moves all three on. Returns 1, or 0 when none.
 */
static int
take(struct iovec *iov, const char **p, size_t *len, size_t *room)
{
	size_t n = *len < *room ? *len : *room;

	if (n == 0)
		return 0;
	iov->iov_base = (void *)*p;
	iov->iov_len = n;
	*p += n;
	*len -= n;
	*room -= n;
	return 1;
}

/*
 * Sends the a_len bytes at a, then the b_len at b, as FCGI_STDOUT records
 * of conn's request. Returns 0, or -1.
 */
static int
fcgi_send(struct fcgi_conn *conn, const char *a, size_t a_len,
    const char *b, size_t b_len)
{
	FCGI_Header head[RECORDS_PER_WRITE];
	struct iovec iov[RECORDS_PER_WRITE * 3];
	int id = conn->request.requestId;

	while (a_len + b_len > 0) {
		int records = 0, n = 0;

		while (records < RECORDS_PER_WRITE && a_len + b_len > 0) {
			FCGI_Header *h = &head[records++];
			size_t room = RECORD_MAX;

			memset(h, 0, sizeof(*h));
			h->version = FCGI_VERSION_1;
			h->type = FCGI_STDOUT;
			h->requestIdB1 = (unsigned char)(id >> 8);
			h->requestIdB0 = (unsigned char)id;
			iov[n].iov_base = h;
			iov[n++].iov_len = sizeof(*h);
			n += take(&iov[n], &a, &a_len, &room);
			n += take(&iov[n], &b, &b_len, &room);
			h->contentLengthB1 = (unsigned char)
			    ((RECORD_MAX - room) >> 8);
			h->contentLengthB0 = (unsigned char)(RECORD_MAX - room);
		}
		if (write_all(conn->request.ipcFd, iov, n) != 0)
			return -1;
	}
	return 0;
}

static int
fcgi_write(void *ctx, const char *p, size_t len)
{
	struct fcgi_conn *conn = ctx;
	int rc;

	if (conn->held.len + len <= HOLD_MAX) {
		buf_append(&conn->held, p, len);
		return 0;
	}
	rc = fcgi_send(conn, conn->held.data, conn->held.len, p, len);
	buf_clear(&conn->held);
	return rc;
}

/* Sends what fcgi_write holds, at the end of an answer; 0 or -1. */
static int
fcgi_flush(struct fcgi_conn *conn)
{
	int rc = fcgi_send(conn, conn->held.data, conn->held.len, NULL, 0);

	buf_clear(&conn->held);
	return rc;
}

/* Plain CGI: the environment, stdin and stdout. */

static const char *
cgi_param(void *ctx, const char *name)
{
	(void)ctx;
	return getenv(name);
}

static long
cgi_read(void *ctx, char *p, size_t len)
{
	size_t n = fread(p, 1, len, stdin);

	(void)ctx;
	return n == 0 && ferror(stdin) ? -1 : (long)n;
}

static int
cgi_write(void *ctx, const char *p, size_t len)
{
	(void)ctx;
	return fwrite(p, 1, len, stdout) == len ? 0 : -1;
}

int
gateway_listen(const char *path)
{
	int fd;

	if (unlink(path) != 0 && errno != ENOENT) {
		log_error("%s: cannot replace: %s", path, strerror(errno));
		return -1;
	}
	if ((fd = FCGX_OpenSocket(path, LISTEN_BACKLOG)) < 0) {
		log_error("%s: cannot listen: %s", path, strerror(errno));
		return -1;
	}
	/* Apache's workers run as the same user as this program. */
	chmod(path, 0660);
	return fd;
}

int
gateway_is_cgi(void)
{
	return FCGX_IsCGI();
}

int
gateway_spawner_fd(void)
{
	return FCGI_LISTENSOCK_FILENO;
}

int
gateway_fastcgi_loop(int listen_fd, gateway_serve_fn *serve, void *arg)
{
	static struct fcgi_conn conn;
	struct http_io io = { fcgi_param, fcgi_read, fcgi_write, &conn };

	/* FCGI_FAIL_ACCEPT_ON_INTR: SIGTERM ends a wait in accept at once. */
	if (FCGX_Init() != 0 || FCGX_InitRequest(&conn.request, listen_fd,
	    FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		log_error("cannot initialise FastCGI");
		return 1;
	}
	while (!prefork_stopping() && FCGX_Accept_r(&conn.request) >= 0) {
		serve(arg, &io);
		if (fcgi_flush(&conn) != 0)
			log_error("an answer could not be sent (client gone?)");
		FCGX_Finish_r(&conn.request);
	}
	FCGX_Free(&conn.request, 1);
	buf_free(&conn.held);
	return 0;
}

int
gateway_cgi_once(gateway_serve_fn *serve, void *arg)
{
	struct http_io io = { cgi_param, cgi_read, cgi_write, NULL };

	serve(arg, &io);
	return fflush(stdout) == 0 ? 0 : 1;
}

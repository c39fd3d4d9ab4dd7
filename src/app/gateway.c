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
#include <unistd.h>

#include "../http/request.h"
#include "../lib/log.h"
#include "prefork.h"

#define LISTEN_BACKLOG 1024

/* FastCGI through libfcgi: ctx is the FCGX_Request. */

static const char *
fcgi_param(void *ctx, const char *name)
{
	return FCGX_GetParam(name, ((FCGX_Request *)ctx)->envp);
}

static long
fcgi_read(void *ctx, char *p, size_t len)
{
	return FCGX_GetStr(p, len > INT_MAX ? INT_MAX : (int)len,
	    ((FCGX_Request *)ctx)->in);
}

static int
fcgi_write(void *ctx, const char *p, size_t len)
{
	FCGX_Stream *out = ((FCGX_Request *)ctx)->out;

	while (len > 0) {
		int n = len > INT_MAX ? INT_MAX : (int)len;

		if (FCGX_PutStr(p, n, out) != n)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
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
	FCGX_Request request;
	struct http_io io = { fcgi_param, fcgi_read, fcgi_write, &request };

	/* FCGI_FAIL_ACCEPT_ON_INTR: SIGTERM ends a wait in accept at once. */
	if (FCGX_Init() != 0 || FCGX_InitRequest(&request, listen_fd,
	    FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		log_error("cannot initialise FastCGI");
		return 1;
	}
	while (!prefork_stopping() && FCGX_Accept_r(&request) >= 0) {
		serve(arg, &io);
		FCGX_Finish_r(&request);
	}
	FCGX_Free(&request, 1);
	return 0;
}

int
gateway_cgi_once(gateway_serve_fn *serve, void *arg)
{
	struct http_io io = { cgi_param, cgi_read, cgi_write, NULL };

	serve(arg, &io);
	return fflush(stdout) == 0 ? 0 : 1;
}

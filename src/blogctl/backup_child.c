/* backup_child: mariadb-dump, mariadb and tar, run without a shell. */
#include "backup_child.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../lib/config.h"

volatile int child_interrupted;

/* Notes the signal; the loops and waits look at child_interrupted. */
static void
on_signal(int sig)
{
	(void)sig;
	child_interrupted = 1;
}

void
child_catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

void
child_init(struct child *c, const char *program)
{
	memset(c, 0, sizeof(*c));
	c->argv[c->argc++] = program;
}

void
child_arg(struct child *c, const char *arg)
{
	if (c->argc < CHILD_ARGS_MAX)
		c->argv[c->argc++] = arg;
}

/* Appends --name=value, the text kept in c. */
static void
child_opt(struct child *c, const char *name, const char *value)
{
	char *o = c->opts[c->nopts];

	if (c->nopts == (int)(sizeof(c->opts) / sizeof(c->opts[0])))
		return;
	c->nopts++;
	snprintf(o, sizeof(c->opts[0]), "--%s=%s", name, value);
	child_arg(c, o);
}

void
child_db_account(struct child *c, const struct config *cfg)
{
	int owner = cfg->db_migrate_user[0] != '\0';	/* as
					   config_use_migrate_account */
	char port[16];

	child_arg(c, "--no-defaults");
	if (cfg->db_socket[0] != '\0')
		child_opt(c, "socket", cfg->db_socket);
	else {
		snprintf(port, sizeof(port), "%u", cfg->db_port);
		child_opt(c, "host", cfg->db_host);
		child_opt(c, "port", port);
	}
	child_opt(c, "user", owner ? cfg->db_migrate_user : cfg->db_user);
	c->password = owner ? cfg->db_migrate_password : cfg->db_password;
}

/* In the child: its descriptors and environment, then the program. */
static void
child_exec(const struct child *c, int in_fd, int out_fd)
{
	int null;

	if (in_fd < 0 && (null = open("/dev/null", O_RDONLY)) >= 0)
		in_fd = null;
	if ((in_fd >= 0 && in_fd != STDIN_FILENO &&
	    dup2(in_fd, STDIN_FILENO) < 0) ||
	    (out_fd >= 0 && out_fd != STDOUT_FILENO &&
	    dup2(out_fd, STDOUT_FILENO) < 0))
		_exit(126);
	if (c->password != NULL && setenv("MYSQL_PWD", c->password, 1) != 0)
		_exit(126);
	execvp(c->argv[0], (char *const *)c->argv);
	fprintf(stderr, "blogctl: cannot run %s: %s\n", c->argv[0],
	    strerror(errno));
	_exit(127);
}

int
child_start(struct child *c, int in_fd, int out_fd)
{
	c->argv[c->argc] = NULL;
	fflush(NULL);
	if ((c->pid = fork()) < 0) {
		fprintf(stderr, "blogctl: cannot start %s: %s\n", c->argv[0],
		    strerror(errno));
		c->pid = 0;
		return -1;
	}
	if (c->pid == 0)
		child_exec(c, in_fd, out_fd);
	return 0;
}

int
child_wait(struct child *c)
{
	int status, stopped = 0;

	if (c->pid == 0)
		return -1;
	while (waitpid(c->pid, &status, 0) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "blogctl: waiting for %s: %s\n",
			    c->argv[0], strerror(errno));
			c->pid = 0;
			return -1;
		}
		if (child_interrupted && !stopped) {
			kill(c->pid, SIGTERM);
			stopped = 1;
		}
	}
	c->pid = 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && !stopped)
		return 0;
	if (stopped || child_interrupted)
		fprintf(stderr, "blogctl: interrupted; stopped %s\n",
		    c->argv[0]);
	else if (WIFEXITED(status))
		fprintf(stderr, "blogctl: %s failed (exit status %d)\n",
		    c->argv[0], WEXITSTATUS(status));
	else
		fprintf(stderr, "blogctl: %s was killed by signal %d\n",
		    c->argv[0], WTERMSIG(status));
	return -1;
}

int
child_run(struct child *c, int in_fd, int out_fd)
{
	if (child_start(c, in_fd, out_fd) != 0)
		return -1;
	return child_wait(c);
}

int
child_output(struct child *c, size_t max, char **out, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *text = malloc(cap);
	int fds[2], rc = 0;
	ssize_t got;

	*out = NULL;
	*len = 0;
	if (text == NULL || pipe2(fds, O_CLOEXEC) != 0) {
		fprintf(stderr, "blogctl: running %s: %s\n", c->argv[0],
		    strerror(errno));
		free(text);
		return -1;
	}
	if (child_start(c, -1, fds[1]) != 0) {
		close(fds[0]);
		close(fds[1]);
		free(text);
		return -1;
	}
	close(fds[1]);
	for (;;) {
		if (n + 1 == cap) {
			char *more = cap * 2 > max + 2 ? NULL :
			    realloc(text, cap * 2);

			if (more == NULL) {
				fprintf(stderr, "blogctl: %s said more than "
				    "%zu bytes\n", c->argv[0], max);
				rc = -1;
				break;
			}
			text = more;
			cap *= 2;
		}
		got = read(fds[0], text + n, cap - 1 - n);
		if (got > 0) {
			n += (size_t)got;
			continue;
		}
		if (got < 0 && errno == EINTR && !child_interrupted)
			continue;
		if (got < 0)
			rc = -1;
		break;
	}
	close(fds[0]);
	if (rc != 0)
		kill(c->pid, SIGTERM);
	if (child_wait(c) != 0 || rc != 0) {
		free(text);
		return -1;
	}
	text[n] = '\0';
	*out = text;
	*len = n;
	return 0;
}

/* nftw's callback: removes one entry, children before their directory. */
static int
remove_entry(const char *path, const struct stat *st, int type,
    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return type == FTW_DP ? rmdir(path) : unlink(path);
}

int
child_remove_tree(const char *path)
{
	return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int
child_temp_dir(const char *base, const char *prefix, char *out,
    size_t outlen)
{
	int n = snprintf(out, outlen, "%s/%sXXXXXX", base, prefix);

	if (n < 0 || (size_t)n >= outlen) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return mkdtemp(out) == NULL ? -1 : 0;
}

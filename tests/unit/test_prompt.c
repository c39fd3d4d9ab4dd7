/*
 * Tests src/lib/prompt.c: lines read from a pipe, and the hidden prompt on
 * a pseudo-terminal of its own: Ctrl-Z (SIGTSTP) gives the terminal its
 * echo back while stopped, and continuing hides it again.
 *
 * The prompt runs in a grandchild: the child starts a session on the
 * terminal and the grandchild is its foreground job, so that SIGTSTP stops
 * it (the kernel ignores it in a group without a parent in the session).
 * The child reports the stop through a pipe.
 *
 * Under valgrind (tests/fuzz/valgrind.sh) a process is never stopped by
 * SIGTSTP, whoever sends it (valgrind 3.19 takes the signal's default
 * action as "go on"): there only the prompt itself is checked.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "../../src/lib/prompt.h"
#include "test.h"

static void
test_lines_from_a_pipe(void)
{
	static char text[] = "one\r\ntoo long a line\n\nlast", nul[] = "a\0b\n";
	char buf[8];
	FILE *f;

	f = fmemopen(text, sizeof(text) - 1, "r");
	CHECK(f != NULL);
	if (f == NULL)
		return;
	CHECK_INT(prompt_line(f, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "one");
	CHECK_INT(prompt_line(f, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "too lon");
	CHECK_INT(prompt_line(f, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "");
	CHECK_INT(prompt_line(f, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "last");
	CHECK_INT(prompt_line(f, buf, sizeof(buf)), -1);
	fclose(f);
	f = fmemopen(nul, sizeof(nul) - 1, "r");
	CHECK(f != NULL && prompt_line(f, buf, sizeof(buf)) == -1);
	if (f != NULL)
		fclose(f);
}

/* Returns whether the test runs under valgrind's memcheck. */
static int
under_valgrind(void)
{
	const char *preload = getenv("LD_PRELOAD");

	return preload != NULL && strstr(preload, "vgpreload") != NULL;
}

/* Returns whether the terminal of master echoes, -1 if unknown. */
static int
echoes(int master)
{
	struct termios t;

	if (tcgetattr(master, &t) != 0)
		return -1;
	return (t.c_lflag & ECHO) != 0;
}

/* Waits up to 5 s for the terminal's echo to be want. Returns echoes(). */
static int
echo_becomes(int master, int want)
{
	int i, e = -1;

	for (i = 0; i < 500 && (e = echoes(master)) != want; i++)
		usleep(10000);
	return e;
}

/* Reads one byte from fd within 5 s; returns it, or -1. */
static int
read_byte(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	unsigned char c;

	if (poll(&p, 1, 5000) != 1 || read(fd, &c, 1) != 1)
		return -1;
	return c;
}

/* The grandchild: the prompt, on the terminal named tty. Never returns. */
static void
prompt_on(const char *tty)
{
	char buf[64];
	int fd;

	setpgid(0, 0);
	if ((fd = open(tty, O_RDWR)) < 0)
		_exit(3);
	signal(SIGTTOU, SIG_IGN);
	tcsetpgrp(fd, getpid());
	signal(SIGTTOU, SIG_DFL);
	dup2(fd, STDIN_FILENO);
	if (freopen("/dev/null", "w", stderr) == NULL)
		_exit(3);
	if (prompt_hidden("Password: ", buf, sizeof(buf)) != 0)
		_exit(1);
	_exit(strcmp(buf, "secret") == 0 ? 0 : 2);
}

/*
 * The child: a session on tty, the prompt as its job. Writes the job's pid
 * to report, then 'S' each time it stops; exits with its status.
 */
static void
session_on(const char *tty, int report)
{
	pid_t pid;
	int fd, status;

	setsid();
	if ((fd = open(tty, O_RDWR)) < 0)
		_exit(3);
	if ((pid = fork()) == 0)
		prompt_on(tty);
	setpgid(pid, pid);
	if (write(report, &pid, sizeof(pid)) != sizeof(pid))
		_exit(3);
	while (waitpid(pid, &status, WUNTRACED) == pid) {
		if (!WIFSTOPPED(status))
			_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 4);
		if (write(report, "S", 1) != 1)
			_exit(3);
	}
	_exit(5);
}

static void
test_ctrl_z_gives_echo_back(void)
{
	int master, report[2], status = -1;
	pid_t child, job = -1;
	char *tty;

	master = posix_openpt(O_RDWR | O_NOCTTY);
	CHECK(master >= 0);
	if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0 ||
	    (tty = ptsname(master)) == NULL || pipe(report) != 0)
		return;
	fflush(NULL);
	if ((child = fork()) == 0)
		session_on(tty, report[1]);
	close(report[1]);
	CHECK(read(report[0], &job, sizeof(job)) == sizeof(job));
	CHECK_INT(echo_becomes(master, 0), 0);		/* asking */
	if (job > 0 && !under_valgrind()) {
		kill(job, SIGTSTP);
		CHECK_INT(read_byte(report[0]), 'S');	/* stopped */
		CHECK_INT(echoes(master), 1);		/* echo back */
		kill(job, SIGCONT);
		CHECK_INT(echo_becomes(master, 0), 0);	/* hidden again */
	}
	CHECK(write(master, "secret\n", 7) == 7);
	CHECK(waitpid(child, &status, 0) == child);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_INT(echoes(master), 1);
	if (job > 0)
		kill(job, SIGKILL);	/* in case it did not end */
	close(report[0]);
	close(master);
}

int
main(void)
{
	TEST_RUN(test_lines_from_a_pipe);
	TEST_RUN(test_ctrl_z_gives_echo_back);
	return TEST_DONE();
}

/*
 * prompt: lines read without echo. While echo is off, the signals that end
 * or stop the process are caught, so that the shell never gets back a
 * terminal that does not show what is typed.
 */
#include "prompt.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* The terminal's settings before and while echo is off, for the handlers. */
static struct termios saved_tty, quiet_tty;
static volatile sig_atomic_t echo_off;

/* The signals that end the process while it waits for a password. */
static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP };

int
prompt_line(FILE *in, char *buf, size_t size)
{
	size_t len = 0;
	int c, nul = 0;

	while ((c = getc(in)) != EOF && c != '\n') {
		if (c == '\0')
			nul = 1;
		if (len + 1 < size)
			buf[len++] = (char)c;
	}
	buf[len] = '\0';
	if (nul || (c == EOF && len == 0))
		return -1;
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	return 0;
}

/* Sets sig's handler; the others of ours are blocked while it runs. */
static void
on_signal(int sig, void (*handler)(int))
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		sigaddset(&sa.sa_mask, fatal_signals[i]);
	sigaddset(&sa.sa_mask, SIGTSTP);
	sa.sa_flags = SA_RESTART;
	sigaction(sig, &sa, NULL);
}

/* Delivers sig to ourselves with its default action, now. */
static void
raise_default(int sig)
{
	sigset_t set;

	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
}

/* Turns echo back on and dies of the signal, as if it had not been caught. */
static void
restore_tty_and_die(int sig)
{
	if (echo_off)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
	raise_default(sig);
}

/*
 * Ctrl-Z: turns echo back on (dropping what was typed of the password, so
 * that the shell cannot read it) and stops; hides it again on SIGCONT.
 */
static void
restore_tty_and_stop(int sig)
{
	int saved_errno = errno;

	if (echo_off)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
	raise_default(sig);
	/* Continued. */
	on_signal(sig, restore_tty_and_stop);
	if (echo_off)
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet_tty);
	errno = saved_errno;
}

int
prompt_hidden(const char *prompt, char *buf, size_t size)
{
	sigset_t block, was;
	size_t i;
	int rc;

	if (tcgetattr(STDIN_FILENO, &saved_tty) != 0)
		return -1;
	quiet_tty = saved_tty;
	quiet_tty.c_lflag &= ~(tcflag_t)ECHO;
	quiet_tty.c_lflag |= ECHONL;
	for (i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		on_signal(fatal_signals[i], restore_tty_and_die);
	on_signal(SIGTSTP, restore_tty_and_stop);
	echo_off = 1;
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet_tty) != 0) {
		echo_off = 0;
		return -1;
	}
	fputs(prompt, stderr);
	fflush(stderr);
	rc = prompt_line(stdin, buf, size);
	/* No Ctrl-Z between the two, to hide it again. */
	sigemptyset(&block);
	sigaddset(&block, SIGTSTP);
	sigprocmask(SIG_BLOCK, &block, &was);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
	echo_off = 0;
	sigprocmask(SIG_SETMASK, &was, NULL);
	return rc;
}

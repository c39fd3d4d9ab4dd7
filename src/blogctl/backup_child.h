/*
 * backup_child: the programs backup and restore run (mariadb-dump, the
 * mariadb client, tar), by fork and exec, never through a shell; the
 * database password goes to a child in MYSQL_PWD, in its environment
 * alone, never on a command line. Also what an interrupt (SIGINT, SIGTERM,
 * SIGHUP) does while they run: the child is stopped, and the command
 * cleans up and fails instead of dying half-way; and the private
 * directories they work in, made and removed.
 */
#ifndef BLOGCTL_BACKUP_CHILD_H
#define BLOGCTL_BACKUP_CHILD_H

#include <stddef.h>
#include <sys/types.h>

struct config;

#define CHILD_ARGS_MAX 40

struct child {
	const char *argv[CHILD_ARGS_MAX + 1];
	int argc;
	char opts[4][4200];	/* the connection options' text */
	int nopts;
	const char *password;	/* MYSQL_PWD in the child, or NULL */
	pid_t pid;		/* 0 until started */
};

/* Set by a caught SIGINT, SIGTERM or SIGHUP (child_catch_signals). */
extern volatile int child_interrupted;

/*
 * Makes SIGINT, SIGTERM and SIGHUP set child_interrupted instead of
 * killing blogctl, and interrupt a blocked read or wait (no SA_RESTART).
 */
void child_catch_signals(void);

/* Starts the command line of program (found in PATH). */
void child_init(struct child *c, const char *program);

/* Appends arg (kept by pointer: it must live until child_wait). */
void child_arg(struct child *c, const char *arg);

/*
 * Appends the options that connect a mariadb tool to cfg's database
 * server as the account that owns the schema ([database] migrate_user,
 * else user), its password set aside for MYSQL_PWD. Call right after
 * child_init: --no-defaults must come first, so that no option file of
 * the machine's changes what the tool does.
 */
void child_db_account(struct child *c, const struct config *cfg);

/*
 * Starts the child with in_fd as its standard input and out_fd as its
 * standard output (-1: /dev/null and blogctl's own, respectively); its
 * standard error is blogctl's. Returns 0, or -1 after saying why.
 */
int child_start(struct child *c, int in_fd, int out_fd);

/*
 * Waits for the started child (stopping it first if blogctl was
 * interrupted). Returns 0 if it exited 0, else -1 after saying how it
 * ended.
 */
int child_wait(struct child *c);

/* child_start and child_wait. */
int child_run(struct child *c, int in_fd, int out_fd);

/*
 * Runs the child and reads its standard output, up to max bytes, into a
 * NUL-terminated malloc'd *out (its length in *len). Returns 0, or -1
 * after saying why (it failed, or said more than max bytes).
 */
int child_output(struct child *c, size_t max, char **out, size_t *len);

/*
 * Removes the directory path and everything under it, never following a
 * symbolic link. Returns 0, or -1 with errno set.
 */
int child_remove_tree(const char *path);

/* Makes the private directory <base>/<prefix>XXXXXX into out; 0 or -1. */
int child_temp_dir(const char *base, const char *prefix, char *out,
    size_t outlen);

#endif

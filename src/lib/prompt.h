/*
 * prompt: reading a line of secret text, from the terminal without echo
 * or from a pipe, for ./blogctl's passwords.
 */
#ifndef LIB_PROMPT_H
#define LIB_PROMPT_H

#include <stddef.h>
#include <stdio.h>

/*
 * Reads one line into buf (size bytes, NUL-terminated), without its line
 * ending; the rest of a longer line is read and dropped, so buf then holds
 * size - 1 bytes. Returns 0, or -1 at the end of input with nothing read,
 * or for a line holding a NUL byte (which no C string can carry).
 */
int prompt_line(FILE *in, char *buf, size_t size);

/*
 * Writes prompt to standard error and reads a line from standard input, a
 * terminal, with echo off, as prompt_line does. The terminal gets its
 * echo back when the process is interrupted, hung up or terminated (then
 * it dies of the signal) and while it is stopped (Ctrl-Z; echo goes off
 * again when it continues). Returns 0, or -1.
 */
int prompt_hidden(const char *prompt, char *buf, size_t size);

#endif

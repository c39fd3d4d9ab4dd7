/*
 * log: one line per event on stderr (Apache's error log for blog.fcgi),
 * prefixed with the program's name.
 */
#ifndef LIB_LOG_H
#define LIB_LOG_H

/* Sets the prefix of every line (the program's name). */
void log_init(const char *program);

/* Writes one line: "program: message". */
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

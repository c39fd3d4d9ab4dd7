/* log: single-line messages on stderr. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>

static const char *log_program = "blog";

void
log_init(const char *program)
{
	log_program = program;
}

void
log_error(const char *fmt, ...)
{
	va_list ap;
	char line[2048];

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One fprintf, so lines from concurrent workers do not interleave. */
	fprintf(stderr, "%s: %s\n", log_program, line);
}

/*
 * import: ./blogctl import [--update] PATH..., posts from files of
 * ./blogctl export's format or Hugo's and Jekyll's (src/lib/frontmatter.h),
 * given as files or as directories walked for *.md and *.markdown, in
 * sorted order. Each file is checked whole (its size before it is read,
 * then UTF-8, front matter, dates, slug, the form's rules), its images
 * stored through the upload code, then written in one transaction: all
 * of it or nothing. One line per file, a summary, exit 1 if any failed.
 */
#ifndef BLOGCTL_IMPORT_H
#define BLOGCTL_IMPORT_H

#include "blogctl.h"

/* The command (blogctl.h). Returns the exit status. */
int import_command(struct blogctl *b, int argc, char *argv[]);

#endif

/*
 * export: ./blogctl export DIR, every post but the trashed as
 * DIR/posts/YYYY-MM-DD-SLUG.md (front matter, then the body byte for byte:
 * src/lib/frontmatter.h) and the images they show under DIR/media/, read
 * in one consistent snapshot, so that it is safe while the blog serves.
 */
#ifndef BLOGCTL_EXPORT_H
#define BLOGCTL_EXPORT_H

#include "blogctl.h"

/*
 * The command (blogctl.h): its one argument is DIR, made if missing;
 * files of the same names are replaced (each written under a temporary
 * name, then renamed), others left. Progress on stderr when it is a
 * terminal; a summary on stdout. Returns the exit status.
 */
int export_command(struct blogctl *b, int argc, char *argv[]);

#endif

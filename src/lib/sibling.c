/* sibling: the path of a file beside the running program. */
#include "sibling.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void
sibling_path(const char *name, char *out, size_t outlen)
{
	const char *root = getenv("BLOG_ROOT");
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;

	if (root != NULL && root[0] != '\0') {
		snprintf(out, outlen, "%s/%s", root, name);
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0) {
		snprintf(out, outlen, "%s", name);
		return;
	}
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) != NULL)
		*slash = '\0';
	snprintf(out, outlen, "%s/%s", exe, name);
}

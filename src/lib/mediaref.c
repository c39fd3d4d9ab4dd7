/* mediaref: the scan of a text for /media/ URLs. */
#include "mediaref.h"

#include <string.h>

/* Returns whether c may stand in a name (medianame.h). */
static int
name_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' ||
	    c == '.';
}

/* Adds hash to refs unless it is there; -1 when refs is full. */
static int
refs_add(struct media_refs *refs, const char *hash)
{
	for (size_t i = 0; i < refs->n; i++)
		if (strcmp(refs->hash[i], hash) == 0)
			return 0;
	if (refs->n == MEDIA_PER_POST_MAX)
		return -1;
	memcpy(refs->hash[refs->n++], hash, MEDIANAME_HASH_LEN + 1);
	return 0;
}

int
media_refs_scan(const char *text, size_t len, struct media_refs *refs)
{
	static const char prefix[] = "/media/";
	const char *p = text, *end = text + len;

	while ((p = memmem(p, (size_t)(end - p), prefix, sizeof(prefix) - 1)) !=
	    NULL) {
		struct medianame m;
		size_t n;

		p += sizeof(prefix) - 1;
		/* A name runs to the first character no name holds. */
		for (n = 0; p + n < end && n < MEDIANAME_MAX &&
		    name_char(p[n]); n++)
			;
		if (medianame_parse(p, n, &m) == 0 && refs_add(refs, m.hash) !=
		    0)
			return -1;
		p += n;
	}
	return 0;
}

/*
 * fuzz_medianame: src/lib/medianame.c and src/lib/mediaref.c on any text,
 * the names Apache serves and the renderer trusts to make attributes.
 *
 * Properties: a name medianame_parse takes is exactly what
 * medianame_format makes of the parse (one spelling per image, so no path,
 * case or padding gets through), and only [0-9a-z.-] characters; a copy is
 * one the original would have; every hash media_refs_scan finds is valid
 * and listed once.
 */
#include <string.h>

#include "../../src/lib/medianame.h"
#include "../../src/lib/mediaref.h"
#include "fuzz.h"

static struct media_refs refs;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct medianame m;
	char name[MEDIANAME_MAX];
	unsigned widths[MEDIANAME_COPIES];
	size_t copies;

	if (medianame_parse(s, size, &m) == 0) {
		FUZZ_CHECK(medianame_format(&m, name) == (int)size);
		FUZZ_CHECK(memcmp(name, s, size) == 0);
		FUZZ_CHECK(strspn(name, "0123456789abcdefghijklmnopqrstuvwxyz.-") ==
		    size);
		FUZZ_CHECK(medianame_hash_valid(m.hash, strlen(m.hash)));
		if (m.copy != 0) {
			copies = medianame_copies(m.width, widths);
			FUZZ_CHECK(copies > 0 && m.copy < m.width);
		}
	}
	memset(&refs, 0, sizeof(refs));
	(void)media_refs_scan(s, size, &refs);
	FUZZ_CHECK(refs.n <= MEDIA_PER_POST_MAX);
	for (size_t i = 0; i < refs.n; i++) {
		FUZZ_CHECK(medianame_hash_valid(refs.hash[i],
		    strlen(refs.hash[i])));
		for (size_t j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(refs.hash[i], refs.hash[j]) != 0);
	}
	return 0;
}

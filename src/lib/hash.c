/*
 * hash: FNV-1a, 64 bits (http://www.isthe.com/chongo/tech/comp/fnv/).
 */
#include "hash.h"

#define FNV_PRIME 0x100000001b3ULL

uint64_t
hash_string(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= FNV_PRIME;
	}
	return h;
}

/*
 * hash: the 64-bit FNV-1a hash of strings, for keys that need to be quick
 * and well spread, not secret (cache slots, ETags).
 */
#ifndef LIB_HASH_H
#define LIB_HASH_H

#include <stdint.h>

/* Where a hash starts: FNV-1a's offset basis. */
#define HASH_START 0xcbf29ce484222325ULL

/*
 * Returns the FNV-1a hash of the string s continued from h (HASH_START for
 * a new hash), so that hash_string(hash_string(HASH_START, a), b) hashes a
 * then b.
 */
uint64_t hash_string(uint64_t h, const char *s);

#endif

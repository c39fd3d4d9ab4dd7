/*
 * page: pagination arithmetic. Which page was asked for, how many there are,
 * and which rows the asked page covers.
 */
#ifndef LIB_PAGE_H
#define LIB_PAGE_H

#include <stddef.h>

struct page {
	unsigned long long number;	/* 1-based */
	unsigned long long pages;	/* at least 1, even with no rows */
	unsigned long long total;	/* rows in every page */
	unsigned long long offset;	/* rows before this page */
	unsigned per_page;
};

/*
 * Parses a page number: decimal digits without sign, spaces or leading
 * zeros, at least 1. Returns 0 with the number in *out, or -1 ("0", "-1",
 * "1.5", "abc", "", and numbers that do not fit).
 */
int page_parse(const char *s, size_t len, unsigned long long *out);

/*
 * Fills p for page number of total rows split per_page (at least 1) a page.
 * Page 1 always exists, empty when total is 0. Returns 0, or -1 when number
 * is past the last page.
 */
int page_compute(struct page *p, unsigned long long total, unsigned per_page,
    unsigned long long number);

/* Returns whether there is a page before / after p. */
int page_has_prev(const struct page *p);
int page_has_next(const struct page *p);

#endif

/* page: page numbers checked strictly, and the offset of a page. */
#include "page.h"

#include <limits.h>

int
page_parse(const char *s, size_t len, unsigned long long *out)
{
	unsigned long long n = 0;

	if (len == 0 || s[0] < '1' || s[0] > '9')
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned digit;

		if (s[i] < '0' || s[i] > '9')
			return -1;
		digit = (unsigned)(s[i] - '0');
		if (n > (ULLONG_MAX - digit) / 10)
			return -1;
		n = n * 10 + digit;
	}
	*out = n;
	return 0;
}

int
page_compute(struct page *p, unsigned long long total, unsigned per_page,
    unsigned long long number)
{
	if (per_page == 0)
		per_page = 1;
	p->total = total;
	p->per_page = per_page;
	/* Rounded up without the overflow of total + per_page - 1. */
	p->pages = total / per_page + (total % per_page != 0);
	if (p->pages == 0)
		p->pages = 1;
	if (number == 0 || number > p->pages)
		return -1;
	p->number = number;
	/* Cannot overflow: (number - 1) * per_page < total. */
	p->offset = (number - 1) * per_page;
	return 0;
}

int
page_has_prev(const struct page *p)
{
	return p->number > 1;
}

int
page_has_next(const struct page *p)
{
	return p->number < p->pages;
}

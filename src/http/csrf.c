/* csrf: constant-time token comparison and origin matching. */
#include "csrf.h"

#include <sodium.h>
#include <string.h>
#include <strings.h>

int
csrf_token_well_formed(const char *s)
{
	return s != NULL && strlen(s) == CSRF_TOKEN_HEX &&
	    strspn(s, "0123456789abcdef") == CSRF_TOKEN_HEX;
}

int
csrf_token_matches(const char *expected, const char *submitted, size_t len)
{
	if (expected == NULL || submitted == NULL ||
	    strlen(expected) != CSRF_TOKEN_HEX || len != CSRF_TOKEN_HEX)
		return 0;
	return sodium_memcmp(expected, submitted, CSRF_TOKEN_HEX) == 0;
}

int
csrf_origin_of(const char *url, char *out, size_t outlen)
{
	const char *scheme, *host, *port = NULL, *default_port;
	size_t scheme_len, authority_len, host_len, need;

	if (strncasecmp(url, "http://", 7) == 0) {
		scheme = "http";
		default_port = "80";
	} else if (strncasecmp(url, "https://", 8) == 0) {
		scheme = "https";
		default_port = "443";
	} else
		return -1;
	scheme_len = strlen(scheme);
	host = url + scheme_len + 3;
	authority_len = strcspn(host, "/?#");
	/* No user:password@ (browsers never send one), no IPv6 brackets'
	 * colons mistaken for a port: the port is after the last ':' past
	 * any ']'. */
	if (memchr(host, '@', authority_len) != NULL || authority_len == 0)
		return -1;
	host_len = authority_len;
	for (size_t i = authority_len; i > 0; i--) {
		if (host[i - 1] == ']')
			break;
		if (host[i - 1] == ':') {
			port = host + i;
			host_len = i - 1;
			break;
		}
	}
	if (host_len == 0)
		return -1;
	if (port != NULL) {
		size_t port_len = authority_len - host_len - 1;

		if (port_len == 0 || strspn(port, "0123456789") < port_len)
			return -1;
		if (port_len == strlen(default_port) &&
		    strncmp(port, default_port, port_len) == 0)
			port = NULL;
	}
	need = scheme_len + 3 + (port ? authority_len : host_len) + 1;
	if (need > outlen)
		return -1;
	memcpy(out, scheme, scheme_len);
	memcpy(out + scheme_len, "://", 3);
	for (size_t i = 0; i < (port ? authority_len : host_len); i++) {
		char c = host[i];

		out[scheme_len + 3 + i] = (c >= 'A' && c <= 'Z') ?
		    (char)(c - 'A' + 'a') : c;
	}
	out[need - 1] = '\0';
	return 0;
}

int
csrf_same_origin(const struct http_request *r, const char *base_url)
{
	char ours[CSRF_ORIGIN_MAX], theirs[CSRF_ORIGIN_MAX];

	if (r->sec_fetch_site != NULL &&
	    strcasecmp(r->sec_fetch_site, "cross-site") == 0)
		return 0;
	if (r->origin == NULL)
		return 1;
	if (csrf_origin_of(base_url, ours, sizeof(ours)) != 0 ||
	    csrf_origin_of(r->origin, theirs, sizeof(theirs)) != 0)
		return 0;
	return strcmp(ours, theirs) == 0;
}

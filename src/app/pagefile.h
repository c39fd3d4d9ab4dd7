/*
 * pagefile: copies of the readers' pages that Apache serves itself, as
 * files, so that a reader's request for a current page never crosses
 * FastCGI (conf/apache.conf.in has the rules; README, "Caching").
 *
 * The copies of site version V live in DIR/vV/, one file per address:
 * its path without the first '/', then '@', then the query string as the
 * client sent it: /blog/ is blog/@, /blog/?page=2 blog/@page=2,
 * /blog/a-post blog/a-post@. DIR/generation (a RewriteMap text file,
 * replaced by rename) names the directory Apache looks in: "current vV",
 * or "current none" before the clock's first round.
 *
 * Never stale: a worker writes a page only into the directory of the
 * version it read before it read the page's rows (page_answer_known), so
 * no copy predates its directory. Moving "current" to a newer version
 * makes every older copy unreachable at once, and a worker does that
 * right after a write it made (the next request on this host sees it);
 * the clock does it when its poll of site_state finds a newer version (a
 * change from another host, a scheduled post, SQL by hand).
 */
#ifndef APP_PAGEFILE_H
#define APP_PAGEFILE_H

#include <stddef.h>

struct http_response;

/* How long a superseded version's copies stay on disk, in seconds: Apache
 * may have found a file there an instant before it opens it. */
#define PAGEFILE_GRACE_SECONDS 2

/*
 * Writes into out (size bytes) the name under a version's directory of
 * the copy of the page at path (decoded, from '/') with query (as sent;
 * NULL or "" for none), and returns 0; returns -1 when the address has no
 * copy: a path of other characters than [a-z0-9-] with '.' and '/' only
 * between two of them ('/' also last), a query of other characters than
 * [A-Za-z0-9=&%+._-], more than 200 bytes of either, or a name that does
 * not fit. The rules of conf/apache.conf.in ask for exactly these names.
 */
int pagefile_name(char *out, size_t size, const char *path,
    const char *query);

/*
 * Opens dir for the copies, before the fork (a worker writes at most
 * budget bytes of copies into one version), and empties it: copies made
 * by another build or configuration must not be served. Returns 0, or -1
 * having logged why (the copies are then off).
 */
int pagefile_open(const char *dir, size_t budget);

/* Returns whether the copies are on (pagefile_open succeeded). */
int pagefile_on(void);

/* A copy's size and modification time: what Apache's ETag and
 * Last-Modified for it are made of. */
struct pagefile_stamp {
	unsigned long long size;
	long long mtime_usec;		/* since the epoch */
};

/*
 * Keeps resp (a 200, its body whole) as the copy of the page at path with
 * query, made from site version, and returns 0 with its stamp in *stamp.
 * Returns -1 when no copy was written (the address has none, the budget
 * is spent, the disk is full: logged once).
 */
int pagefile_keep(const char *path, const char *query,
    unsigned long long version, const struct http_response *resp,
    struct pagefile_stamp *stamp);

/*
 * Returns 0 with the stamp of the copy of the page at path with query for
 * version in *stamp, or -1 when there is none.
 */
int pagefile_stamp(const char *path, const char *query,
    unsigned long long version, struct pagefile_stamp *stamp);

/*
 * Writes into out the ETag Apache sends for a copy of that stamp
 * (FileETag MTime Size: "size-mtime", in hex; compared weakly, as
 * GET's If-None-Match is, whether or not Apache marks it W/).
 */
void pagefile_etag(const struct pagefile_stamp *stamp, char *out,
    size_t size);

/* What pagefile_publish returns, besides -1 on an error (logged). */
#define PAGEFILE_KEPT 0		/* version is the current one already */
#define PAGEFILE_MOVED 1	/* version is now the current one */
#define PAGEFILE_OLDER 2	/* version is older than the current one */

/*
 * Makes version the one Apache serves, if it is newer than the current
 * one; an older one only when older_too (the database's version went back:
 * a blog restored from elsewhere), and then every copy of a newer version
 * goes first.
 */
int pagefile_publish(unsigned long long version, int older_too);

/*
 * Sends every reader to blog.fcgi ("current none") until the next
 * pagefile_publish: the clock does when it cannot read the database, since
 * it could not then see a change made elsewhere.
 */
void pagefile_withdraw(void);

/*
 * Removes the copies of versions superseded for PAGEFILE_GRACE_SECONDS or
 * more; now is a monotonic time in seconds. The clock calls it each round.
 */
void pagefile_sweep(double now);

#endif

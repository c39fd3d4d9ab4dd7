#!/usr/bin/env bash
# The workers' page cache and the version-based ETags are never stale: a
# change made anywhere (the blog, or SQL straight into the database, as
# another host would) shows on the next request of every worker, and an old
# ETag no longer gets a 304.
. "$(dirname "$0")/lib.sh"

start_blog

# fetch PATH: the body of $BASE_URL$PATH.
fetch() { curl -sS "$BASE_URL$1"; }

# every_worker_sees NAME PATH TEXT: 12 requests in a row (4 workers, taken in
# turn by whoever accepts first) all show TEXT.
every_worker_sees() {
	local i
	for ((i = 0; i < 12; i++)); do
		if ! fetch "$2" | grep -qF -- "$3"; then
			not_ok "$1" "request $i of $2 lacks: $3"
			return
		fi
	done
	ok "$1"
}

sql "INSERT INTO posts (title, slug, body) VALUES ('First cached', 'first-cached', 'one')"
every_worker_sees "index shows the first post" /blog/ "First cached"
every_worker_sees "post page shows its title" /blog/first-cached "First cached"

etag=$(curl -sS -o /dev/null -D - "$BASE_URL/blog/" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" { print $2 }')
code=$(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$BASE_URL/blog/")
[ "$code" = 304 ] && ok "the cached index's ETag gets 304" || not_ok "the cached index's ETag gets 304" "got $code"

# Behind the blog's back, as another host's worker would write.
sql "UPDATE posts SET title = 'Renamed elsewhere' WHERE slug = 'first-cached'"
every_worker_sees "index shows the new title at once" /blog/ "Renamed elsewhere"
every_worker_sees "post page shows the new title at once" /blog/first-cached "Renamed elsewhere"
code=$(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$BASE_URL/blog/")
[ "$code" = 200 ] && ok "the old ETag no longer gets 304" || not_ok "the old ETag no longer gets 304" "got $code"

sql "INSERT INTO tags (name, slug) VALUES ('Cached tag', 'cached-tag')"
every_worker_sees "tags page shows a new tag" /blog/tags "Cached tag"
sql "INSERT INTO post_tags (post_id, tag_id) SELECT p.id, t.id FROM posts p, tags t WHERE p.slug = 'first-cached' AND t.slug = 'cached-tag'"
every_worker_sees "tag page lists the newly tagged post" /blog/tag/cached-tag "Renamed elsewhere"
every_worker_sees "tags page counts it" /blog/tags ">1<"
every_worker_sees "feed shows the new title" /blog/feed.atom "Renamed elsewhere"

sql "DELETE FROM posts WHERE slug = 'first-cached'"
code=$(curl -sS -o /dev/null -w '%{http_code}' "$BASE_URL/blog/first-cached")
[ "$code" = 404 ] && ok "a deleted post is 404 at once" || not_ok "a deleted post is 404 at once" "got $code"
every_worker_sees "index is empty again" /blog/ "No posts yet."
every_worker_sees "the tag keeps its name with no posts" /blog/tags "Cached tag"

finish

#!/usr/bin/env bash
# Readers' pages served by Apache from files (src/app/pagefile.h; README,
# "Caching"), and the freshness they promise:
# - a write made through the blog shows on the very next request of any
#   reader (same host);
# - a change made anywhere else (SQL by hand, a scheduled time passing)
#   within 1 s, noticed by the clock's one primary-key read per round, not
#   by a read per request;
# - a signed-in author always goes to blog.fcgi, and no copy ever holds a
#   form token or a signed-in name;
# - conditional GET (ETag, 304) through Apache's copies.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/write_lib.sh"

start_blog
PAGES=$(pages_dir "$TEST_DIR/apache")

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# etag_of PATH [CURL-ARGS...]: the ETag of an anonymous GET in ETAG, and in
# SERVER who answered: "apache" when it was a file (Apache's static handler
# says Accept-Ranges: bytes, blog.fcgi never does), else "blog".
etag_of() {
	local path=$1 head
	shift
	head=$(curl -sS -o /dev/null -D - "$@" "$BASE_URL$path" | tr -d '\r')
	SERVER=blog
	if grep -qi '^accept-ranges: bytes' <<<"$head"; then SERVER=apache; fi
	ETAG=$(awk -F': ' 'tolower($1) == "etag" { print $2 }' <<<"$head")
}

# A copy's ETag, from Apache or blog.fcgi alike, is Apache's for a file:
# "size-mtime" in hex (W/ when the file is new). Other pages have the
# version's, W/"16 hex digits".
copy_etag() { [[ $1 =~ ^(W/)?\"[0-9a-f]+-[0-9a-f]+\"$ ]]; }
from_file() { copy_etag "$1" && [ "$SERVER" = apache ]; }
from_blog() { [ "$SERVER" = blog ]; }

# served_from_file NAME PATH: a first request makes the copy, the next ones
# are Apache's.
served_from_file() {
	local e
	curl -sS -o /dev/null "$BASE_URL$2"
	etag_of "$2"
	e=$ETAG
	if from_file "$e"; then ok "$1 (ETag $e)"; else
		not_ok "$1" "ETag $e, from $SERVER; $(cat "$PAGES/generation");" \
		    "copies: $(cd "$PAGES" && find . -path "*${2%%\?*}@*" | head -5)"
	fi
}

# within_1s NAME PATH TEXT: polls PATH anonymously until it shows TEXT;
# ok when that took at most 1000 ms from the call.
within_1s() {
	local start t
	start=$(now_ms)
	while :; do
		if curl -sS "$BASE_URL$2" | grep -qF -- "$3"; then
			t=$(($(now_ms) - start))
			if [ "$t" -le 1000 ]; then ok "$1 (in $t ms)"
			else not_ok "$1" "took $t ms"; fi
			return
		fi
		if [ $(($(now_ms) - start)) -gt 3000 ]; then
			not_ok "$1" "not after 3 s"
			return
		fi
		sleep 0.02
	done
}

# --- Readers are served by Apache ------------------------------------------------

new_author ada
sign_in ada "$PASSWORD"
session_token
create_ok "Kept as a file" "The first body." "filed"
POST=$SLUG
sleep 0.4	# the clock's round: the version is current

served_from_file "the index is served from Apache's copy" /blog/
served_from_file "a post page is served from its copy" "/blog/$POST"
served_from_file "a tag page is served from its copy" /blog/tag/filed
served_from_file "a page of the index (?page=1)" "/blog/?page=1"
served_from_file "a search (?q=first)" "/blog/?q=first"
served_from_file "a Cyrillic search, percent-encoded" "/blog/?q=%D0%BF%D0%B5%D1%80"
served_from_file "the feed" /blog/feed.atom
served_from_file "the tag's feed" /blog/tag/filed/feed.atom
served_from_file "the sitemap" /sitemap.xml
served_from_file "robots.txt" /robots.txt

for pair in "/blog/|text/html; charset=utf-8" \
    "/blog/feed.atom|application/atom+xml" \
    "/sitemap.xml|application/xml; charset=utf-8" \
    "/robots.txt|text/plain; charset=utf-8"; do
	path=${pair%%|*}
	fetch_anon "$path"
	same "$path from the copy: Content-Type as blog.fcgi sends it" \
	    "$(header content-type)" "${pair#*|}"
	same "$path from the copy: Cache-Control" "$(header cache-control)" "no-cache"
	same "$path from the copy: Vary" "$(header vary)" "Cookie"
done
fetch_anon /blog/
same "the copy keeps the site's security headers" \
    "$(header x-content-type-options)" nosniff
copy=$(curl -sS "$BASE_URL/blog/$POST")
# A parameter the page ignores, in characters no copy is named with.
made=$(curl -sS "$BASE_URL/blog/$POST?ref=a!b")
etag_of "/blog/$POST?ref=a!b"; e=$ETAG
from_blog "$e" && ok "an ignored parameter of other characters goes to blog.fcgi" ||
    not_ok "an ignored parameter of other characters goes to blog.fcgi" "ETag $e"
[ "$copy" = "$made" ] && ok "the copy is byte for byte what blog.fcgi makes" ||
    not_ok "the copy is byte for byte what blog.fcgi makes"
same "HEAD of a copy" "$(curl -sS -o /dev/null -w '%{http_code}' -I "$BASE_URL/blog/")" 200

# Other queries, methods and odd addresses go to blog.fcgi.
etag_of "/blog/?q=first+one%21%21%28x%29"; e=$ETAG
from_blog "$e" && ok "a query with other characters goes to blog.fcgi" ||
    not_ok "a query with other characters goes to blog.fcgi" "ETag $e"
# Parameters the page does not take make no copies (else a client could
# fill the disk with copies of one page): the worker's cache answers them.
before=$(find "$PAGES" -type f -name '*@*' | wc -l)
for i in 1 2 3 4 5 6; do curl -sS -o /dev/null "$BASE_URL/blog/?r=$i"; done
for i in 1 2 3; do curl -sS -o /dev/null "$BASE_URL/blog/?page=1&page=1&x=$i"; done
curl -sS -o /dev/null "$BASE_URL/blog/?page=01"
same "unknown, repeated or oddly written parameters make no copy" \
    "$(find "$PAGES" -type f -name '*@*' | wc -l)" "$before"
served_from_file "the site's own link to a search's page is a copy" "/blog/?q=first&page=1"
same "an unknown page is still the blog's 404" \
    "$(curl -sS -o /dev/null -w '%{http_code}' "$BASE_URL/blog/no-such-post")" 404
same "and so is an address with a dot segment" \
    "$(curl -sS -o /dev/null -w '%{http_code}' "$BASE_URL/blog/.tmp-1-1")" 404
same "a bad page number is still 400" \
    "$(curl -sS -o /dev/null -w '%{http_code}' "$BASE_URL/blog/?page=0")" 400
same "POST to a reader page is still 405" \
    "$(curl -sS -o /dev/null -w '%{http_code}' -d x=1 "$BASE_URL/blog/")" 405
same "static files are untouched" \
    "$(curl -sS -o /dev/null -w '%{http_code}' "$BASE_URL/static/style.css")" 200

# --- Conditional GET through the copies ----------------------------------------------

etag_of /blog/; e=$ETAG
same "the copy's ETag gets a 304" \
    "$(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $e" "$BASE_URL/blog/")" 304
lm=$(curl -sS -o /dev/null -D - "$BASE_URL/blog/" | tr -d '\r' |
    awk -F': ' 'tolower($1) == "last-modified" { print $2 }')
etag_of "/blog/?page=1&q=first"; e=$ETAG
[ "$SERVER" = blog ] && copy_etag "$e" &&
    ok "a page blog.fcgi makes has its copy's ETag ($e)" ||
    not_ok "a page blog.fcgi makes has its copy's ETag" "$e from $SERVER"
etag_of "/blog/?page=1&q=first" -H "If-None-Match: $e"
same "...which Apache's copy then answers with a 304" \
    "$(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $e" "$BASE_URL/blog/?page=1&q=first")" 304
same "and its Last-Modified too" \
    "$(curl -sS -o /dev/null -w '%{http_code}' -H "If-Modified-Since: $lm" "$BASE_URL/blog/")" 304

# --- A write through the blog: the very next request --------------------------------

for i in 1 2 3 4 5 6 7 8; do
	fetch "/blog/$POST/edit"
	rev=$(sed -n 's/.*name="revision" value="\([0-9]*\)".*/\1/p' "$B" | head -1)
	fetch "/blog/$POST/edit" --data-urlencode "csrf_token=$TOKEN" \
	    --data-urlencode "title=Edited $i" --data-urlencode "body=Body $i" \
	    --data-urlencode "tags=filed" --data-urlencode "revision=$rev"
	# At once: no sleep, an anonymous reader, on every kind of page.
	idx=$(curl -sS "$BASE_URL/blog/")
	page=$(curl -sS "$BASE_URL/blog/$POST")
	tag=$(curl -sS "$BASE_URL/blog/tag/filed")
	if [ "$CODE" = 303 ] && grep -qF "Edited $i" <<<"$idx" &&
	    grep -qF "Body $i" <<<"$page" && grep -qF "Edited $i" <<<"$tag"; then
		ok "edit $i: the next anonymous requests show it"
	else
		not_ok "edit $i: the next anonymous requests show it" \
		    "status $CODE; index/post/tag: $(grep -c "Edited $i" <<<"$idx")/$(grep -c "Body $i" <<<"$page")/$(grep -c "Edited $i" <<<"$tag")"
	fi
	# Apache serves the new page's copy from the next request on.
	curl -sS -o /dev/null "$BASE_URL/blog/$POST"
done
etag_of "/blog/$POST"; e=$ETAG
from_file "$e" && ok "after the edits the post is a copy again" ||
    not_ok "after the edits the post is a copy again" "ETag $e"
etag_of /blog/; old=$ETAG
create_ok "Second post" "Another." "filed"
SECOND=$SLUG
same "a new post: the old copy's ETag gets 200 at once" \
    "$(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $old" "$BASE_URL/blog/")" 200
body_has_anon() { curl -sS "$BASE_URL$1" | grep -qF -- "$2"; }
body_has_anon /blog/ "Second post" && ok "a new post is on the index at once" ||
    not_ok "a new post is on the index at once"
fetch "/blog/$SECOND/delete" --data-urlencode "csrf_token=$TOKEN"
same "a deleted post is 404 at once (SPEC)" \
    "$(curl -sS -o /dev/null -w '%{http_code}' "$BASE_URL/blog/$SECOND")" 404
body_has_anon /blog/ "Second post" && not_ok "the index drops it at once" ||
    ok "the index drops it at once"

# --- Changes made elsewhere: within 1 s ----------------------------------------------

sleep 0.5
served_from_file "before the SQL change, the post is a copy" "/blog/$POST"
sql "UPDATE posts SET title = 'Renamed by SQL' WHERE slug = '$POST'"
within_1s "an SQL UPDATE is seen by readers within 1 s" "/blog/$POST" "Renamed by SQL"
within_1s "...on the index too" /blog/ "Renamed by SQL"

# The database's version going back (a blog restored from elsewhere): the
# copies of the higher versions must not come back.
sleep 0.5
curl -sS -o /dev/null "$BASE_URL/blog/"
sql "UPDATE site_state SET version = 3 WHERE id = 1;
    UPDATE posts SET title = 'After a restore' WHERE slug = '$POST'"
start=$(now_ms)
while ! body_has_anon /blog/ "After a restore" && [ $(($(now_ms) - start)) -lt 4000 ]; do
	sleep 0.05
done
t=$(($(now_ms) - start))
[ "$t" -le 1500 ] && ok "a version gone back is followed within 1.5 s ($t ms)" ||
    not_ok "a version gone back is followed within 1.5 s" "took $t ms"

# A scheduled post, with readers asking all along (Apache answers them).
due=$(( $(date +%s) + 2 ))
create_ok "Scheduled for soon" "Soon." "" \
    --data-urlencode "publish_at=$(date -u -d "@$due" +%Y-%m-%dT%H:%M:%S)"
body_has_anon /blog/ "Scheduled for soon" && not_ok "a scheduled post is hidden before its time" ||
    ok "a scheduled post is hidden before its time"
served_from_file "the index with it hidden is a copy" /blog/
while [ "$(date +%s%N)" -lt "${due}000000000" ]; do sleep 0.02; done
within_1s "the scheduled post shows within 1 s of its time" /blog/ "Scheduled for soon"

# --- Authors go to blog.fcgi; no copy holds a name or a token ---------------------------

# An author of no post, so that no byline holds the name.
WRITER_TOKEN=$TOKEN
JAR=$TEST_DIR/jar-watcher
new_author watcher
sign_in watcher "$PASSWORD"
session_token
for path in /blog/ "/blog/$POST" /blog/tag/filed; do
	for i in 1 2 3; do
		fetch "$path"
		e=$(header etag)
		SERVER=blog
		[ -z "$(header accept-ranges)" ] || SERVER=apache
		if ! grep -qF "$TOKEN" "$B" || ! grep -qw "watcher" "$B"; then
			not_ok "a signed-in author on $path gets the signed-in page" "request $i"
			continue 2
		fi
		if ! from_blog "$e"; then
			not_ok "a signed-in author on $path is answered by blog.fcgi" "ETag $e"
			continue 2
		fi
	done
	ok "a signed-in author on $path always gets blog.fcgi's signed-in page"
done
# A stale session cookie: blog.fcgi still answers, as a reader.
etag_of /blog/ -H "Cookie: blog_session=nonsense"; e=$ETAG
from_blog "$e" && ok "any session cookie goes to blog.fcgi" ||
    not_ok "any session cookie goes to blog.fcgi" "ETag $e"
for path in /blog/ "/blog/$POST" /blog/tag/filed /blog/feed.atom /blog/tags; do
	curl -sS -o /dev/null "$BASE_URL$path"
done
files=$(find "$PAGES" -type f -name '*@*' | wc -l)
[ "$files" -ge 5 ] && ok "copies were written ($files files)" ||
    not_ok "copies were written" "$files files"
leaks=$(grep -rlF -e "$TOKEN" -e "$WRITER_TOKEN" -e "csrf_token" -e "Sign out" \
    "$PAGES" 2>/dev/null | head -3)
same "no copy holds a form token, a token field or a sign-out form" "$leaks" ""
leaks=$(grep -rlw "watcher" "$PAGES" 2>/dev/null | head -3)
same "no copy holds the signed-in name" "$leaks" ""
ls -l "$PAGES"/v*/blog/@ >/dev/null 2>&1 && {
	mode=$(stat -c %a "$(ls -d "$PAGES"/v*/blog/@ | head -1)")
	same "a copy is not world-readable" "${mode: -1}" 0
}

# --- One poller per host: one primary-key read a round, none per request ---------------

selects() { sql "SHOW GLOBAL STATUS LIKE 'Com_select'" | awk '{ print $2 }'; }
curl -sS -o /dev/null "$BASE_URL/blog/"
sleep 0.5
s0=$(selects)
sleep 2
idle=$(( $(selects) - s0 ))
s0=$(selects)
for i in $(seq 1 300); do echo "url = \"$BASE_URL/blog/\""; done > "$TEST_DIR/urls"
curl -sS -K "$TEST_DIR/urls" -o /dev/null
busy=$(( $(selects) - s0 ))
# 4 rounds a second, each one read (and once a second the chores' few).
[ "$idle" -le 16 ] && ok "idle, the database sees $idle SELECTs in 2 s" ||
    not_ok "idle, the database sees at most 16 SELECTs in 2 s" "$idle"
[ "$busy" -le 20 ] && ok "300 readers' requests cost $busy SELECTs (not one each)" ||
    not_ok "300 readers' requests cost no SELECT each" "$busy"
clocks=$(pgrep -c -f "blog-clock" || true)
[ "$(pgrep -x blog-clock -P "$(cat "$TEST_DIR/apache/blog.pid")" | wc -l)" = 1 ] &&
    ok "one clock (the poller) for the host's workers" ||
    not_ok "one clock (the poller) for the host's workers" "$clocks"

# --- Superseded versions are swept ---------------------------------------------------

sleep 3
dirs=$(find "$PAGES" -maxdepth 1 -name 'v*' | wc -l)
[ "$dirs" -le 2 ] && ok "superseded versions' copies are removed ($dirs left)" ||
    not_ok "superseded versions' copies are removed" "$dirs directories"

finish

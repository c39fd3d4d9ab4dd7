#!/usr/bin/env bash
# Markdown bombs over real HTTP (Apache, blog.fcgi, a private MariaDB).
# md4c 0.4.8 gives every row of a table as many cells as its header has
# columns (64 KB of Markdown made 830 MB of HTML in 13 s), repeats a
# reference link's whole URL at each use, and is quadratic in the square
# brackets of a paragraph (64 KB of nested "[[[...]]]" with a reference
# took 7 s). Sent through the post forms, each is refused with 422, its
# reason by the body field, everything typed kept and nothing saved; put
# in the database by SQL (as before the forms checked), each post page,
# the index and the feed answer in under 2 s and at most 1 MiB of HTML a
# body, a notice in place of what does not fit; afterwards every worker is
# back under 16 MB resident (not in a build with AddressSanitizer, which
# keeps freed memory aside on purpose).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/write_lib.sh"
. "$(dirname "$0")/robust_lib.sh"

start_blog
sign_in_new_author alice

# The bombs, as files: the table of 300 columns over 300 one-cell rows
# (2.4 KB, 907 KB of HTML before), 16,000 lines of "]([" (64 KB, 0.2 s
# before), quotes nested 60,000 deep (1.6 MB of HTML).
TABLE=$TEST_DIR/table.md
LINKS=$TEST_DIR/links.md
QUOTES=$TEST_DIR/quotes.md
{
	printf 'h'; printf '|h%.0s' $(seq 299); printf '\n'
	printf -- '---'; printf -- '|---%.0s' $(seq 299); printf '\n'
	printf 'x\n%.0s' $(seq 300)
} > "$TABLE"
printf ']([\n%.0s' $(seq 16000) > "$LINKS"
printf '>%.0s' $(seq 60000) > "$QUOTES"

# send PATH TITLE FILE: POSTs the post form to PATH with the body in FILE.
send() {
	fetch "$1" --data-urlencode "csrf_token=$TOKEN" \
	    --data-urlencode "title=$2" --data-urlencode "body@$3" \
	    --data-urlencode "tags=kept, tags"
}

# textarea_is NAME FILE: ok if the form's textarea holds FILE exactly, once
# the template's escapes are undone.
textarea_is() {
	local page text
	page=$(<"$B")
	text=${page#*<textarea}
	text=${text#*>}
	text=${text%%</textarea>*}
	text=${text//&gt;/>}
	text=${text//&lt;/<}
	text=${text//&quot;/\"}
	text=${text//&#39;/\'}
	text=${text//&amp;/&}
	if printf '%s' "$text" | cmp -s - "$2"; then ok "$1"; else
		not_ok "$1" "the textarea holds $(printf '%s' "$text" | wc -c) bytes," \
		    "the body sent $(wc -c < "$2")"; fi
}

# refused NAME PATH FILE REASON: the form at PATH refuses FILE with 422,
# REASON by the body field, the title, tags and body kept.
refused() {
	send "$2" "$1 kept" "$3"
	same "$1: 422" "$CODE" 422
	body_has "$1: the reason is by the body" "id=\"post-body-error\""
	body_has "$1: the reason is named" "$4"
	body_has "$1: the title is kept" "value=\"$1 kept\""
	body_has "$1: the tags are kept" 'value="kept, tags"'
	textarea_is "$1: the body is kept byte for byte" "$3"
}

# --- Through the forms: 422, nothing saved ---------------------------------

refused "the table bomb" /blog/create "$TABLE" \
    "a table of 300 columns and 301 rows: 90,300 cells"
body_has "the table bomb: the limit is said" "at most 16,384 cells"
refused "the bracket bomb" /blog/create "$LINKS" \
    "the paragraph at line 1 has 32,000 of them over 16,000 lines"
refused "the quote bomb" /blog/create "$QUOTES" \
    "would make a page of more than 1,024 KB"
same "no refused form saved a post" "$(count_rows posts)" 0

fetch /blog/create --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=Kept as it was" --data-urlencode "body=Before."
same "an ordinary post is created" "$CODE" 303
refused "the table bomb as an edit" /blog/kept-as-it-was/edit "$TABLE" \
    "a table of 300 columns and 301 rows"
same "the refused edit changed nothing" \
    "$(sql "SELECT CONCAT(title, '/', body) FROM posts WHERE slug = 'kept-as-it-was'")" \
    "Kept as it was/Before."

# --- Stored before the check: bounded pages ----------------------------------

# 64 KB each: 4,000 columns over 20,767 rows (830 MB of HTML before); nested
# brackets with a reference (7 s before); "]([" lines; a 60 KB URL used
# 1,000 times, each use a paragraph (60 MB of HTML before).
sql "INSERT INTO posts (slug, title, body, created_at, updated_at) VALUES
    ('table-bomb', 'Table bomb', CONCAT('Before the table.\n\n',
        'h', REPEAT('|h', 3999), '\n', '---', REPEAT('|---', 3999), '\n',
        REPEAT('x\n', 20750)), NOW() - INTERVAL 4 MINUTE, NOW()),
    ('nested-bomb', 'Nested bomb', CONCAT('Before the brackets.\n\n',
        '[x]: /foo\n\n', REPEAT('[', 32000), REPEAT(']', 32000)),
        NOW() - INTERVAL 3 MINUTE, NOW()),
    ('link-bomb', 'Link bomb', REPEAT(']([\n', 16000),
        NOW() - INTERVAL 2 MINUTE, NOW()),
    ('reference-bomb', 'Reference bomb', CONCAT('[x]: /', REPEAT('u', 60000),
        '\n\n', REPEAT('[x]\n\n', 1000)), NOW() - INTERVAL 1 MINUTE, NOW())"
same "the bombs are stored, 64 KB or less each" \
    "$(sql "SELECT COUNT(*) FROM posts WHERE slug LIKE '%-bomb'
        AND LENGTH(body) BETWEEN 60000 AND 65535")" 4

# timed NAME PATH MAX_BYTES: GET PATH (signed out): 200 in under 2 s, at
# most MAX_BYTES.
timed() {
	local code time size
	read -r code time size < <(curl -sS -o "$B" \
	    -w '%{http_code} %{time_total} %{size_download}\n' \
	    "$BASE_URL$2" || echo "000 99 0")
	echo "# $2: $code in $time s, $size bytes"
	same "$1: 200" "$code" 200
	check "$1: in under 2 s ($time s)" awk -v t="$time" 'BEGIN { exit !(t < 2) }'
	check "$1: at most $3 bytes ($size)" test "$size" -le "$3"
}

MIB=$((1024 * 1024))
timed "the table bomb's page" /blog/table-bomb $((64 * 1024))
body_has "it shows what comes before the table" "<p>Before the table.</p>"
body_has "then says the rest is not shown" "it holds a table too large to show"
timed "the nested bomb's page" /blog/nested-bomb $((64 * 1024))
body_has "it shows what comes before the brackets" "<p>Before the brackets.</p>"
body_has "then says the rest is not shown" "it would take too long to lay out"
timed "the link bomb's page" /blog/link-bomb $((64 * 1024))
body_has "it says it is not shown" "it would take too long to lay out"
# The layout around a body is under 8 KiB.
timed "the reference bomb's page" /blog/reference-bomb $((MIB + 8 * 1024))
body_has "it shows the paragraphs that fit" "<p><a href=\"/uuu"
body_has "then says the rest is not shown" "it would make the page too large"
timed "the index of the bombs" /blog/ $((256 * 1024))
# Five bodies: three bombs cut to a notice, one to 1 MiB, one short.
timed "the feed" /blog/feed.atom $((MIB + 16 * 1024))
check "the feed has the five posts" \
    test "$(grep -c '<entry>' "$B")" -eq 5

# --- Memory: every worker back under 16 MB -----------------------------------

# Each page again, a few times, so that every worker answers some.
for ((i = 0; i < 6; i++)); do
	for path in /blog/reference-bomb /blog/feed.atom /blog/table-bomb \
	    /blog/nested-bomb /blog/; do
		curl -sS -o /dev/null "$BASE_URL$path" || true
	done
done
pids=$(workers | tr '\n' ' ')
same "the workers are found" "$(wc -w <<<"$pids")" "${BLOG_WORKERS:-4}"
if grep -qa __asan_init "$ROOT/blog.fcgi"; then
	echo "# memory not measured: this blog.fcgi has AddressSanitizer, whose" \
	    "quarantine keeps freed memory resident"
else
	for pid in $pids; do
		rss=$(rss_kb "$pid")
		if [ -n "$rss" ] && [ "$rss" -lt 16384 ]; then
			ok "worker $pid is back under 16 MB: $rss KiB"
		else
			not_ok "worker $pid is back under 16 MB" "${rss:-?} KiB"
		fi
	done
fi
no_crash "no worker crashed"
finish

#!/usr/bin/env bash
# Stored renderings (post_html, migration 0009; issue 17): a reader that
# finds none renders the body and stores it, the next reads it; storing
# never moves site_state's version; a body changed any way (the form, SQL
# by hand) or a row of another renderer is rendered again; a reader that
# cannot store still answers, logging once; tags whose names hold the
# packing's characters come out whole; a restore leaves no rendering.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/write_lib.sh"

start_blog
sign_in_new_author writer

# version: site_state's version.
version() { sql "SELECT version FROM site_state WHERE id = 1"; }
# stored SLUG [COLUMN]: the post's stored html (or COLUMN).
stored() {
	sql "SELECT h.${2:-html} FROM post_html AS h JOIN posts AS p
	    ON p.id = h.post_id WHERE p.slug = '$1'"
}

create_ok "Stored one" $'# Heading\n\nSome *text* with a [link](https://example.org/).\n\n- one\n- two' \
    "7,5,3, 12,4,ab,Zebra"
POST=$SLUG
same "a new post has no rendering stored yet" "$(count_rows post_html)" 0

before=$(version)
fetch_anon "/blog/$POST"
same "the post page is 200" "$CODE" 200
first=$(cat "$B")
same "the reader stored its rendering" "$(count_rows post_html)" 1
check "the stored html is the body's" grep -q '<h2>Heading</h2>' <<<"$(stored "$POST")"
same "storing it left the site's version" "$(version)" "$before"
same "its list excerpt is stored" "$(stored "$POST" excerpt)" "Some text with a link. one two"

fetch_anon "/blog/$POST"
same "read from the store, the page is the same bytes" "$(cat "$B")" "$first"

# The tags, packed one after the other by length: names of digits and
# commas' neighbours, in the order of their names.
OUT=$(grep -o 'href="/blog/tag/[^"]*">[^<]*<' "$B" | sed 's/.*">//; s/<$//' | tr '\n' '|')
same "every tag comes out whole, by name" "$OUT" "12|3|4|5|7|ab|Zebra|"

# A body changed by SQL by hand (its updated_at kept) is rendered again.
sql "UPDATE posts SET body = '# Changed by hand', updated_at = updated_at
    WHERE slug = '$POST'"
fetch_anon "/blog/$POST"
body_has "a body changed by hand shows at once" '<h2>Changed by hand</h2>'
check "and its new rendering is stored" grep -q 'Changed by hand' <<<"$(stored "$POST")"

# A row of another renderer (or made from another body) is not read.
sql "UPDATE post_html SET renderer = renderer + 1, html = '<p>stale</p>',
    excerpt = 'stale'"
fetch_anon "/blog/$POST"
body_lacks "a rendering of another renderer is not shown" '<p>stale</p>'
fetch_anon /blog/
body_lacks "nor its excerpt on the index" 'stale'
same "and it was replaced" "$(sql "SELECT COUNT(*) FROM post_html WHERE html = '<p>stale</p>'")" 0

# A reader that cannot store (a read-only server, as a replica is)
# answers all the same.
create_ok "Stored two" "Second body" "garden"
SECOND=$SLUG
sql "SET GLOBAL read_only = 1"
for i in 1 2 3 4 5 6 7 8; do fetch_anon "/blog/$SECOND"; [ "$CODE" = 200 ] || break; done
same "on a read-only server, the post page is still 200" "$CODE" 200
body_has "and shows its body" '<p>Second body</p>'
fetch_anon /blog/tag/garden
same "and the tag page too" "$CODE" 200
sql "SET GLOBAL read_only = 0"
same "nothing was stored" "$(stored "$SECOND" excerpt)" ""
logged=$(error_log | grep -c 'storing the rendering of post')
check "a worker that failed to store said so once, not per request ($logged)" \
    test "$logged" -ge 1 -a "$logged" -le 4

# A restore forgets every stored rendering.
fetch_anon "/blog/$POST"
check "a rendering is stored before the restore" test "$(count_rows post_html)" -ge 1
TMPDIR=$TEST_DIR "$ROOT/blogctl" backup "$TEST_DIR/b.tar.gz" >"$TEST_DIR/ctl.log" 2>&1 ||
    not_ok "./blogctl backup" "$(cat "$TEST_DIR/ctl.log")"
sql "UPDATE post_html SET html = '<p>left over</p>'"
TMPDIR=$TEST_DIR "$ROOT/blogctl" restore "$TEST_DIR/b.tar.gz" --force \
    >"$TEST_DIR/ctl.log" 2>&1 || not_ok "./blogctl restore" "$(cat "$TEST_DIR/ctl.log")"
same "after a restore no rendering is left" "$(count_rows post_html)" 0
fetch_anon "/blog/$POST"
body_lacks "and the post shows its own" '<p>left over</p>'

finish

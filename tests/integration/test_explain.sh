#!/usr/bin/env bash
# Visibility is answered from indexes (SPEC, "Writing workflow"; migration
# 0007): 2,000 posts, one in ten a draft or scheduled, 20 tags; the reader
# pages requested once each with MariaDB's general log on (to a table); then
# every SELECT the blog executed is EXPLAINed. A statement that reads posts
# or post_tags fails when a plan row over either does a full scan (type ALL
# or index) or a filesort, but for two bounded sorts (see below), which
# are printed as "allowed". Each plan is printed compactly.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/write_lib.sh"

N=2000
start_blog
sql >/dev/null <<SQL || not_ok "filling $N posts"
SET time_zone = '+00:00';
INSERT INTO tags (name, slug)
SELECT CONCAT('Topic ', seq), CONCAT('topic-', seq) FROM seq_1_to_20;
-- seq % 20 = 0: a draft; seq % 20 = 10: scheduled (far ahead); else
-- published at its time.
INSERT INTO posts (title, slug, body, state, publish_at, first_published_at,
    visible, created_at, updated_at)
SELECT CONCAT('Post number ', seq), CONCAT('post-number-', seq),
    CONCAT('A **post**, number ', seq, ', with word', seq % 1000,
        ' and lorem ipsum dolor sit amet, ', IF(seq % 2, 'odd', 'even'), '.'),
    IF(seq % 20 = 0, 'draft', 'published'),
    CASE WHEN seq % 20 = 0 THEN NULL
        WHEN seq % 20 = 10 THEN TIMESTAMP('2035-01-01') + INTERVAL seq HOUR
        ELSE TIMESTAMP('2020-01-01') + INTERVAL seq * 13 MINUTE END,
    IF(seq % 20 IN (0, 10), NULL, TIMESTAMP('2020-01-01') + INTERVAL seq * 13 MINUTE),
    seq % 20 NOT IN (0, 10),
    TIMESTAMP('2020-01-01') + INTERVAL seq * 13 MINUTE,
    TIMESTAMP('2020-01-01') + INTERVAL seq * 13 MINUTE
FROM seq_1_to_$N;
INSERT INTO post_tags (post_id, tag_id, post_visible, post_publish_at)
SELECT p.id, t.id, p.visible, p.publish_at
FROM posts p JOIN tags t ON t.slug IN (CONCAT('topic-', p.id % 20 + 1),
    CONCAT('topic-', (p.id + 7) % 20 + 1), CONCAT('topic-', (p.id + 13) % 20 + 1));
UPDATE site_state SET next_due_at = (SELECT MIN(publish_at) FROM posts
    WHERE state = 'published' AND trashed_at IS NULL AND visible = 0)
WHERE id = 1;
ANALYZE TABLE posts, tags, post_tags, tag_counts;
SQL
same "filled: $N posts, $((N * 9 / 10)) visible" \
    "$(count_rows posts) $(sql "SELECT post_count FROM site_state")" "$N $((N * 9 / 10))"

sql "TRUNCATE mysql.general_log; SET GLOBAL log_output = 'TABLE';
    SET GLOBAL general_log = 1"
# Each reader page once.
for page in /blog/ "/blog/?page=3" /blog/tag/topic-5 /blog/tags /blog/feed.atom \
    "/blog/?q=word42" "/blog/?q=lorem" /blog/post-number-1234 \
    /blog/tag/topic-5/feed.atom /sitemap.xml; do
	fetch_anon "$page"
	same "GET $page is 200" "$CODE" 200
done
sql "SET GLOBAL general_log = 0; SET GLOBAL log_output = 'FILE'"

# The SELECTs the blog executed, one a line (hex, since they hold newlines).
sql "SELECT HEX(argument) FROM mysql.general_log
    WHERE command_type = 'Execute' AND user_host LIKE 'blog_test[%'
    ORDER BY event_time" > "$TEST_DIR/statements"
selects=0 bad=0
while read -r hex; do
	stmt=$(xxd -r -p <<<"$hex" | tr '\n\t' '  ' | sed 's/  */ /g; s/^ //')
	case ${stmt^^} in SELECT*|WITH*) ;; *) continue ;; esac
	selects=$((selects + 1))
	# The names posts and post_tags go by in this statement.
	names=$(grep -oiE '\b(posts|post_tags)\b( +AS)? +[a-z_]+' <<<"$stmt" |
	    awk '{ print $1; if ($NF !~ /^(WHERE|JOIN|ON|USING|ORDER|GROUP|LIMIT|LEFT|INNER|STRAIGHT_JOIN|FORCE|USE|SET|AS)$/) print $NF }' |
	    tr 'A-Z' 'a-z' | sort -u | tr '\n' ' ')
	plan=$(sql "EXPLAIN $stmt" 2>&1) || { not_ok "EXPLAIN failed: $stmt" "$plan"; continue; }
	echo "# ${stmt:0:160}"
	# id select_type table type possible_keys key key_len ref rows Extra
	awk -F '\t' '{ printf "#   %s %s type=%s key=%s rows=%s %s\n", $1, $3, $4, $6, $9, $10 }' <<<"$plan"
	[ -n "$names" ] || continue
	# A filesort over posts or post_tags fails but for two bounded ones,
	# printed as "allowed": the tags of the posts of one page (post_id IN a
	# list of ids: page size x tags each), and a FULLTEXT search's matches
	# (the blog asks the index only for rare words; common ones walk
	# posts_shown newest first).
	bounded=0
	grep -qE 'post_id IN \([0-9, ]+\)' <<<"$stmt" && bounded=1
	why=$(awk -F '\t' -v names=" $names" -v bounded=$bounded '
	    { mine = index(names, " " $3 " ") }
	    $4 == "fulltext" { fulltext = 1 }
	    mine && ($4 == "ALL" || $4 == "index") {
		print $3 ": full scan (type " $4 ")" }
	    mine && $10 ~ /Using filesort/ { sorted = sorted " " $3 }
	    END { if (sorted != "") {
		if (bounded || fulltext) print "allowed:" sorted ": Using filesort, bounded (" (bounded ? "a page of ids" : "FULLTEXT matches") ")" > "/dev/stderr"
		else print sorted ": Using filesort" } }' <<<"$plan" 2>"$TEST_DIR/allowed")
	[ ! -s "$TEST_DIR/allowed" ] || sed 's/^/#   /' "$TEST_DIR/allowed"
	if [ -n "$why" ]; then
		bad=$((bad + 1))
		not_ok "a reader's query on posts/post_tags uses its indexes" \
		    "$stmt"$'\n'"$why"
	fi
done < "$TEST_DIR/statements"
check "the log holds the reader pages' SELECTs ($selects)" test "$selects" -ge 8
same "no reader query on posts or post_tags scans or sorts" "$bad" 0

finish

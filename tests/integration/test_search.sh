#!/usr/bin/env bash
# Search at a size where the way matters (issue 11): 30,000 posts of the
# benchmark's data. Every word required, newest first, whether the words are
# rare (the FULLTEXT index) or common (the newest-first walk); words too short
# or too common answered with a message; no search reads half the table
# (handler counters); parameters the page does not take hit the page cache; a
# post saved is found by the very next search; Cyrillic, case and accents;
# drafts and scheduled posts (one in ten each) never found.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/write_lib.sh"

N=30000
# One worker, so that a second request finds the first one's cached page.
export BLOG_WORKERS=1
start_blog
{ echo "SET @n = $N;"; cat "$ROOT/tests/bench/fill.sql"; } | sql >/dev/null ||
    not_ok "filling $N posts"
# A Cyrillic and an accented word in every other post: common words.
sql "UPDATE posts SET body = CONCAT(body, '\n\nЁлка naïve.') WHERE id % 2 = 0"

# search Q [CURL-ARGS...]: GET /blog/?q=Q into $B.
search() {
	local q=$1
	shift
	fetch_anon "/blog/" -G --data-urlencode "q=$q" "$@"
}

# numbers: the post numbers of the posts listed in $B, in order.
numbers() {
	grep -o 'href="/blog/[a-z0-9-]*"' "$B" | sed 's|href="/blog/||; s|"$||' |
	    awk '!seen[$0]++' | sed -n 's/^post-number-\([0-9]*\)-.*/\1/p;
	    s/^zametka-nomer-\([0-9]*\)$/\1/p' | tr '\n' ' ' | sed 's/ $//'
}

# newest_first FROM STEP [PAGE]: page PAGE (1) of FROM, FROM - STEP, ...,
# ten a page, of the posts readers see: the fill makes post numbers ending
# in 3 drafts and those ending in 8 scheduled (tests/bench/fill.sql).
newest_first() {
	seq "$1" "-$2" 1 | awk '$1 % 10 != 3 && $1 % 10 != 8' |
	    sed -n "$(( (${3:-1} - 1) * 10 + 1 )),+9p" | tr '\n' ' ' |
	    sed 's/ $//'
}

# --- Rare words: the index, an exact count ----------------------------------

search word42
same "a rare word: 200" "$CODE" 200
same "a rare word: its posts, newest first" "$(numbers)" \
    "29042 28042 27042 26042 25042 24042 23042 22042 21042 20042"
body_has "a rare word: counted exactly" "30 posts match."
body_has "a rare word: page 1 of 3" "Page 1 of 3"
search "word42 even"
same "two words: only posts with both" "$(numbers)" \
    "29042 28042 27042 26042 25042 24042 23042 22042 21042 20042"
search "word43 even"
same "two words no post holds together: none" "$(numbers)" ""
body_has "  ...and says so" "No posts match"
search "word42 заметка"
same "a rare word and a Cyrillic one: both required" "$(numbers)" \
    "28042 21042 14042 7042 42"
search word43
same "a rare word only drafts hold: none" "$(numbers)" ""
body_has "  ...and says so" "No posts match"
search word48
same "a rare word only scheduled posts hold: none" "$(numbers)" ""
search "nosuchwordanywhere"
same "a word in no post: none" "$(numbers)" ""

# --- Common words: the walk, newest first, an estimate -----------------------

search benchmark
same "a word in every post: the newest ten" "$(numbers)" "$(newest_first $N 1)"
body_has "  ...an estimated count, said so" "More than 1,000 posts match (an estimate)"
body_has "  ...no last page claimed" "Page 1 of more than 100<"
same "  ...the next link keeps q" \
    "$(grep -o 'rel="next" href="[^"]*"' "$B" | sed 's/.*href="//; s/"$//')" \
    "/blog/?q=benchmark&amp;page=2"
search benchmark --data-urlencode page=2
same "  ...page 2 goes on" "$(numbers)" "$(newest_first $N 1 2)"
search "lorem ipsum"
same "two words in every post" "$(numbers)" "$(newest_first $N 1)"
search "benchmark even"
same "a common word and a word in half the posts: both required" \
    "$(numbers)" "$(newest_first $N 2)"
search "benchmark odd"
same "  ...the other half" "$(numbers)" "$(newest_first $((N - 1)) 2)"
search "even odd"
same "two common words no post holds together: none" "$(numbers)" ""
search benchmark --data-urlencode page=1001
same "past the walk's reach: 404" "$CODE" 404
body_has "  ...saying why" "Add a word to narrow the search."
search "benchmarks"
same "whole words: benchmarks is not benchmark" "$(numbers)" ""

# --- Words too short or too common -------------------------------------------

for q in the "x y" "a" "the of x" "é"; do
	search "$q"
	same "[$q]: 200" "$CODE" 200
	body_has "[$q]: the message" "too short or too common to search for"
	same "[$q]: no posts" "$(numbers)" ""
done
search "the benchmark"
same "a stopword beside a word: the word is searched" "$(numbers)" \
    "$(newest_first $N 1)"
body_has "  ...and the stopword named as left out" \
    "Left out as too short or too common to search for: the."

# --- Cyrillic, case, accents --------------------------------------------------

search "Заметка"
same "Заметка finds заметка, newest first" "$(numbers)" \
    "$(newest_first 29995 7)"
search "ЗАМЕТКА"
same "  ...in capitals too" "$(numbers)" "$(newest_first 29995 7)"
for q in ёлка елка ЁЛКА; do
	search "$q"
	same "$q (walk): the posts with Ёлка" "$(numbers)" "$(newest_first $N 2)"
done
for q in naive naïve NAÏVE; do
	search "$q"
	same "$q (walk): the posts with naïve" "$(numbers)" "$(newest_first $N 2)"
done

# --- No search reads half the table --------------------------------------------

# reads: the rows MariaDB's handlers have read since it started.
reads() {
	sql "SELECT SUM(VARIABLE_VALUE) FROM information_schema.GLOBAL_STATUS
	    WHERE VARIABLE_NAME IN ('HANDLER_READ_FIRST', 'HANDLER_READ_KEY',
	    'HANDLER_READ_LAST', 'HANDLER_READ_NEXT', 'HANDLER_READ_PREV',
	    'HANDLER_READ_RND', 'HANDLER_READ_RND_NEXT')"
}
for q in benchmark "lorem ipsum" even "benchmark even" "Заметка" ёлка word77 \
    zzzqqqnothing the "x y"; do
	# A page number not asked before: never from the cache.
	before=$(reads)
	search "$q" --data-urlencode page=1
	after=$(reads)
	# The statement that reads the status reads a few hundred rows itself.
	if [ "$CODE" = 200 ] && [ $((after - before)) -lt $((N / 2)) ]; then
		ok "[$q] reads $((after - before)) rows of $N posts"
	else
		not_ok "[$q] reads under half the table" \
		    "status $CODE, $((after - before)) rows read"
	fi
done

# --- The page cache: parameters the page does not take ----------------------

# executions: prepared statements run by the server so far.
executions() {
	sql "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS
	    WHERE VARIABLE_NAME = 'COM_STMT_EXECUTE'"
}
# statements CMD...: the fewest statements the server ran over CMD, of 8
# tries (blog.fcgi's clock reads site_state four times a second beside it).
statements() {
	local i before after n least=
	for ((i = 0; i < 8; i++)); do
		before=$(executions)
		"$@"
		after=$(executions)
		n=$((after - before))
		[ -n "$least" ] && [ "$least" -le "$n" ] || least=$n
	done
	echo "$least"
}
search "lorem" >/dev/null
first=$(cat "$B")
n=$(statements search "lorem" --data-urlencode r=123 --data-urlencode utm_source=x)
same "an ignored parameter: the cached page" "$(cat "$B")" "$first"
same "  ...with one statement (the site's version)" "$n" 1
same "  ...in any order" "$(statements fetch_anon "/blog/?r=1&q=lorem")" 1

# --- A post saved is found by the very next search ---------------------------

printf 'correct horse battery\n' | "$ROOT/blogctl" adduser alice >/dev/null ||
    not_ok "./blogctl adduser alice"
sign_in alice "correct horse battery"
session_token
fetch /blog/create --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=Café crème" \
    --data-urlencode "body=A fresh benchmark post about a zebrafinch." \
    --data-urlencode "tags="
same "a new post is saved" "$CODE" 303
slug=$(header location | sed -n 's|^/blog/||p')
for q in zebrafinch cafe CAFÉ "crème café" benchmark; do
	search "$q"
	same "[$q] finds the new post first at once" \
	    "$(grep -o 'href="/blog/[a-z0-9-][a-z0-9-]*"' "$B" |
	    grep -v -e /blog/tags -e /blog/create | head -n 1)" \
	    "href=\"/blog/$slug\""
done

finish

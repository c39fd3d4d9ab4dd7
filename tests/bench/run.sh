#!/usr/bin/env bash
# make bench: the blog's pages against Apache's own static speed.
#
# Starts a private MariaDB and Apache as make run does (in a temporary
# directory), fills N posts (default 10000) with tests/bench/fill.sql, saves the
# index page as a static file served by the same Apache, uploads a photo
# whose 960-pixel copy is the /media/ row, then runs wrk (-t1
# -c$CONNECTIONS) on every page in ROUNDS interleaved rounds of SECONDS
# each, and prints one table. Stops everything it started by PID.
#
# Two rows are not one URL: crawler, every visible post in a random order
# (tests/bench/crawler.lua; the site's version bumped before each run, so
# that no page of an earlier run is current and nearly every request misses
# every cache), and author, the index for a signed-in author (wrk sends the
# session's cookie; the page is checked to be the signed-in one before and
# after). Each row also shows the CPU time per request that Apache,
# blog.fcgi and MariaDB used during its runs (tests/bench/cpu.sh: their
# processes' user + system time from /proc), summed and split, and its
# ratio to the static file's (cpu_x).
#
# Then times each kind of search one request at a time with the page cache
# missed (tests/bench/search_latency.sh), the sitemap and its parts uncached
# and cached (tests/bench/sitemap.sh), and uploads of a 4000x3000 JPEG
# (tests/bench/upload.sh).
#
#   N=100000 make bench     ROUNDS=3 SECONDS_PER_RUN=5 CONNECTIONS=32
#   BLOG_PAGE_CACHE=0 make bench    the same without blog.fcgi's page cache
#   SEARCH_ONLY=1 make bench        only the search table
set -uo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/../integration" && pwd)/lib.sh"
. "$ROOT/tests/bench/search_latency.sh"
. "$ROOT/tests/bench/upload.sh"
. "$ROOT/tests/bench/sitemap.sh"
. "$ROOT/tests/bench/author.sh"
. "$ROOT/tests/bench/cpu.sh"

N=${N:-10000}
ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-5}
CONNECTIONS=${CONNECTIONS:-32}
STATIC_NAME=bench-index-$$.html
# Where Apache serves /static/ from: static/, or as root a copy of it
# (scripts/lib.sh, static_dir).
STATIC_FILE=$(static_dir "$TEST_DIR/apache")/$STATIC_NAME

# Whichever way the script ends, nothing it started or wrote is left.
cleanup() { rm -f "$STATIC_FILE"; }
trap 'cleanup; [ "$FINISHED" -eq 1 ] || stop_servers; rm -rf "$TEST_DIR"' EXIT

TEST_PER_PAGE=10 start_blog
echo "bench: filling $N posts"
start=$(date +%s)
{ echo "SET @n = $N;"; cat "$ROOT/tests/bench/fill.sql"; } | sql >/dev/null || {
	echo "bench: filling the database failed" >&2; exit 1; }
echo "bench: filled in $(( $(date +%s) - start )) s"

mid=$((N / 2))
if [ $((mid % 7)) -eq 0 ]; then mid=$((mid + 1)); fi
upload_prepare || exit 1
author_prepare || exit 1
author_check || exit 1
# The crawler's posts: every one a reader may see, so that each answer is a 200.
CRAWLER_SLUGS=$TEST_DIR/crawler-slugs
sql "SELECT slug FROM posts WHERE visible = 1 ORDER BY id" > "$CRAWLER_SLUGS"
crawler_posts=$(wc -l < "$CRAWLER_SLUGS")
# The posts were filled by SQL, so none has its rendering stored (post_html)
# as one saved through the form has after its first reading: one walk of
# every post stores them, and the crawler row measures a blog's pages, not
# the Markdown renderer.
start=$(date +%s)
CRAWLER_ONCE=1 wrk -t1 -c8 -d1800s -s "$ROOT/tests/bench/crawler.lua" \
    "$BASE_URL/blog/" -- "$CRAWLER_SLUGS" >/dev/null
echo "bench: every post read once (renderings stored) in $(( $(date +%s) - start )) s:" \
    "$(sql "SELECT COUNT(*) FROM post_html") of $crawler_posts"
[ "$crawler_posts" -gt 0 ] || { echo "bench: no visible post for the crawler" >&2; exit 1; }
names=(index page50 post crawler tag search sitemap media author static)
declare -A url=(
	[index]=/blog/
	[page50]="/blog/?page=50"
	[post]=/blog/post-number-$mid-about-topic-$((mid % 50 + 1))
	[crawler]="/blog/<any of $crawler_posts posts, random order>"
	[tag]=/blog/tag/topic-7
	[search]="/blog/?q=word42"
	[sitemap]=/sitemap.xml
	[media]=$MEDIA_URL
	[author]="/blog/ signed in"
	[static]=/static/$STATIC_NAME
)
for name in "${names[@]}"; do
	case $name in
	static|author) continue ;;	# saved just below; checked above
	crawler)	# its first and last posts
		for path in "/blog/$(head -n 1 "$CRAWLER_SLUGS")" "/blog/$(tail -n 1 "$CRAWLER_SLUGS")"; do
			status=$(curl -s -o /dev/null -w '%{http_code}' "$BASE_URL$path")
			[ "$status" = 200 ] || { echo "bench: $path answers $status" >&2; exit 1; }
		done
		continue ;;
	esac
	status=$(curl -s -o /dev/null -w '%{http_code}' "$BASE_URL${url[$name]}")
	[ "$status" = 200 ] || { echo "bench: ${url[$name]} answers $status" >&2; exit 1; }
done
curl -sf -o "$STATIC_FILE" "$BASE_URL/blog/" || { echo "bench: cannot save the index" >&2; exit 1; }
for kind in "${search_kinds[@]}"; do
	status=$(curl -s -o /dev/null -w '%{http_code}' "$BASE_URL${search_url[$kind]}")
	[ "$status" = 200 ] || { echo "bench: ${search_url[$kind]} answers $status" >&2; exit 1; }
done
if [ "${SEARCH_ONLY:-0}" = 1 ]; then
	echo "N=$N posts, $(nproc) cores"
	search_latency
	FINISHED=1
	stop_servers
	rm -rf "$TEST_DIR"
	exit 0
fi

# The resident memory (MB) of this run's blog.fcgi workers (the master's children).
worker_rss() {
	ps -e -o pid=,ppid=,rss=,comm= | awk -v root="$(cat "$TEST_DIR/apache/blog.pid")" '
		{ parent[$1] = $2; rss[$1] = $3; comm[$1] = $4 }
		END {
			for (pid in comm) {
				if (comm[pid] != "blog.fcgi") continue
				for (p = parent[pid]; p > 1 && p != root; p = parent[p]) ;
				if (p == root) { printf "%s%.1f", sep, rss[pid] / 1024; sep = " " }
			}
		}'
}

# bench_wrk NAME SECONDS: wrk on row NAME for SECONDS, its summary on a
# RESULT line (report.lua's). Before a crawler run the site's version is
# bumped, as any write does, and the caches are given the second the blog
# promises to notice a change in (more, for a loaded machine), so that no
# page of an earlier run is current; that wait is outside the CPU reads.
bench_wrk() {
	local name=$1 target=$BASE_URL${url[$1]} script=$ROOT/tests/bench/report.lua
	local headers=() args=()
	case $name in
	crawler)
		target=$BASE_URL/blog/ script=$ROOT/tests/bench/crawler.lua
		args=(-- "$CRAWLER_SLUGS") ;;
	author)
		target=$BASE_URL/blog/ headers=(-H "Cookie: $AUTHOR_COOKIE") ;;
	esac
	wrk -t1 -c"$CONNECTIONS" -d"$2s" "${headers[@]}" -s "$script" "$target" "${args[@]}"
}

# bench_ready NAME: before a run of row NAME, for the crawler, the bump and
# the wait above.
bench_ready() {
	[ "$1" = crawler ] || return 0
	sql "UPDATE site_state SET version = version + 1 WHERE id = 1"
	sleep 1.5
}

# Warm up: every worker, template and statement, and MariaDB's buffer pool.
for name in "${names[@]}"; do
	bench_ready "$name"
	bench_wrk "$name" 2 >/dev/null
done
rss_before=$(worker_rss)

# Per row, summed over the rounds: wrk's figures, and the CPU clock ticks
# of Apache, blog.fcgi and MariaDB during its runs.
declare -A requests duration non2xx errors p50s p99s ticks_apache ticks_app ticks_db
crawler_walked=0	# crawler runs that asked for more than every post once
for ((round = 1; round <= ROUNDS; round++)); do
	for name in "${names[@]}"; do
		bench_ready "$name"
		read -r a0 b0 c0 < <(cpu_ticks)
		line=$(bench_wrk "$name" "$SECONDS_PER_RUN" | grep '^RESULT')
		read -r a1 b1 c1 < <(cpu_ticks)
		ticks_apache[$name]=$(( ${ticks_apache[$name]:-0} + a1 - a0 ))
		ticks_app[$name]=$(( ${ticks_app[$name]:-0} + b1 - b0 ))
		ticks_db[$name]=$(( ${ticks_db[$name]:-0} + c1 - c0 ))
		read -r _ r d s e p50 p99 <<<"$line"
		[ "$name" != crawler ] || [ "$r" -le "$crawler_posts" ] || crawler_walked=$((crawler_walked + 1))
		requests[$name]=$(( ${requests[$name]:-0} + r ))
		duration[$name]=$(( ${duration[$name]:-0} + d ))
		non2xx[$name]=$(( ${non2xx[$name]:-0} + s ))
		errors[$name]=$(( ${errors[$name]:-0} + e ))
		p50s[$name]="${p50s[$name]:-} $p50"
		p99s[$name]="${p99s[$name]:-} $p99"
	done
done
rss_after=$(worker_rss)
# The author row measured the signed-in page only if the session held.
author_check || { echo "bench: the author row's session was lost during the runs" >&2; exit 1; }

# p50: the median of the rounds' p50; p99: the worst round's p99.
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
worst() { tr ' ' '\n' | grep . | sort -n | tail -n 1; }

# row_ticks NAME: the CPU clock ticks of row NAME, the three summed.
row_ticks() { echo $(( ${ticks_apache[$1]} + ${ticks_app[$1]} + ${ticks_db[$1]} )); }

static_rps=$(awk -v r="${requests[static]}" -v d="${duration[static]}" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
static_cpu=$(row_ticks static)
echo
echo "N=$N posts, wrk -t1 -c$CONNECTIONS, $ROUNDS rounds of ${SECONDS_PER_RUN}s per page, $(nproc) cores," \
    "page cache ${BLOG_PAGE_CACHE:-on}"
echo "cpu_us: CPU time per request (µs) of Apache + blog.fcgi + MariaDB, then each;" \
    "cpu_x: cpu_us over the static file's"
printf '%-8s %-48s %10s %9s %9s %7s %9s %7s %7s %7s %7s %6s\n' page url req/s p50_ms p99_ms non2xx \
    vs_static cpu_us apache app db cpu_x
for name in "${names[@]}"; do
	rps=$(awk -v r="${requests[$name]}" -v d="${duration[$name]}" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
	p50=$(median <<<"${p50s[$name]}")
	p99=$(worst <<<"${p99s[$name]}")
	printf '%-8s %-48s %10s %9.2f %9.2f %7s %8.0f%% %7s %7s %7s %7s %6s\n' "$name" "${url[$name]:0:48}" "$rps" \
	    "$(awk -v v="$p50" 'BEGIN { print v / 1000 }')" "$(awk -v v="$p99" 'BEGIN { print v / 1000 }')" \
	    "$(( ${non2xx[$name]} + ${errors[$name]} ))" "$(awk -v a="$rps" -v b="$static_rps" 'BEGIN { print 100 * a / b }')" \
	    "$(cpu_us "$(row_ticks "$name")" "${requests[$name]}")" \
	    "$(cpu_us "${ticks_apache[$name]}" "${requests[$name]}")" \
	    "$(cpu_us "${ticks_app[$name]}" "${requests[$name]}")" \
	    "$(cpu_us "${ticks_db[$name]}" "${requests[$name]}")" \
	    "$(awk -v t="$(row_ticks "$name")" -v r="${requests[$name]}" \
	        -v st="$static_cpu" -v sr="${requests[static]}" \
	        'BEGIN { if (r > 0 && st > 0 && sr > 0) printf "%.2f", (t / r) / (st / sr); else print "-" }')"
done
echo "blog.fcgi workers' resident memory (MB), before: $rss_before"
echo "blog.fcgi workers' resident memory (MB), after:  $rss_after"
[ "$crawler_walked" -eq 0 ] || echo "crawler: $crawler_walked of $ROUNDS runs asked for more than" \
    "all $crawler_posts posts, so their later requests could hit a cache (raise N)"
search_latency
sitemap_latency
upload_bench
FINISHED=1
stop_servers
rm -rf "$TEST_DIR"

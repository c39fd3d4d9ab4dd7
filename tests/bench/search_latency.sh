# Sourced by tests/bench/run.sh: search_latency, the time of one search
# request of each kind issue 11 names, with the page cache missed (the
# site's version bumped before each request, as any write does) and nothing
# else running: single-request latency, not throughput. Needs $BASE_URL and
# lib.sh's sql.
#
#   SEARCH_REPEAT=11    requests per kind; the table shows their median and max

search_kinds=(every two_every half stopword one_letter rare cyrillic none)
declare -A search_url=(
	[every]="/blog/?q=benchmark"
	[two_every]="/blog/?q=lorem+ipsum"
	[half]="/blog/?q=even"
	[stopword]="/blog/?q=the"
	[one_letter]="/blog/?q=x+y"
	[rare]="/blog/?q=word42"
	[cyrillic]="/blog/?q=%D0%97%D0%B0%D0%BC%D0%B5%D1%82%D0%BA%D0%B0"
	[none]="/blog/?q=nosuchwordanywhere"
)

search_latency() {
	local kind i t code times
	echo
	echo "search, page cache missed, one request at a time, ${SEARCH_REPEAT:-11} requests each (ms)"
	printf '%-10s %-48s %8s %8s %6s\n' kind url median max status
	for kind in "${search_kinds[@]}"; do
		times=
		for ((i = 0; i < ${SEARCH_REPEAT:-11}; i++)); do
			sql "UPDATE site_state SET version = version + 1 WHERE id = 1"
			read -r code t < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' \
			    "$BASE_URL${search_url[$kind]}")
			times="$times $t"
		done
		printf '%-10s %-48s %8.1f %8.1f %6s\n' "$kind" "${search_url[$kind]:0:48}" \
		    "$(tr ' ' '\n' <<<"$times" | grep . | sort -n |
		        awk '{ v[NR] = $1 } END { print 1000 * v[int((NR + 1) / 2)] }')" \
		    "$(tr ' ' '\n' <<<"$times" | grep . | sort -n | tail -n 1 | awk '{ print 1000 * $1 }')" \
		    "$code"
	done
}

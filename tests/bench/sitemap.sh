# Sourced by tests/bench/run.sh: sitemap_latency, the time of one request
# for the sitemap and each of its parts, uncached (the site's version
# bumped before each request, as any write does) and cached (the same
# request again), one request at a time. Needs $BASE_URL and lib.sh's sql.
# The cached rate under load is the "sitemap" row of run.sh's table.
#
#   SITEMAP_REPEAT=5    requests per URL; the table shows their median and max

# sitemap_urls: /sitemap.xml, then its parts when it is an index.
sitemap_urls() {
	echo /sitemap.xml
	curl -s "$BASE_URL/sitemap.xml" |
	    xmllint --xpath "//*[local-name()='sitemap']/*[local-name()='loc']/text()" - 2>/dev/null |
	    sed 's|^[a-z]*://[^/]*||'
}

# sitemap_fetch URL: prints "status seconds bytes" of one GET.
sitemap_fetch() {
	curl -s -o /dev/null -w '%{http_code} %{time_total} %{size_download}\n' "$BASE_URL$1"
}

sitemap_latency() {
	local path i code t size uncached cached
	echo
	echo "sitemap, one request at a time, ${SITEMAP_REPEAT:-5} each: uncached (a write just before) and cached (ms)"
	printf '%-18s %10s %8s %8s %8s %6s\n' url bytes uncached max cached status
	for path in $(sitemap_urls); do
		uncached= cached=
		for ((i = 0; i < ${SITEMAP_REPEAT:-5}; i++)); do
			sql "UPDATE site_state SET version = version + 1 WHERE id = 1"
			read -r code t size < <(sitemap_fetch "$path")
			uncached="$uncached $t"
			read -r code t size < <(sitemap_fetch "$path")
			cached="$cached $t"
		done
		printf '%-18s %10s %8.1f %8.1f %8.1f %6s\n' "$path" "$size" \
		    "$(tr ' ' '\n' <<<"$uncached" | grep . | sort -n |
		        awk '{ v[NR] = $1 } END { print 1000 * v[int((NR + 1) / 2)] }')" \
		    "$(tr ' ' '\n' <<<"$uncached" | grep . | sort -n | tail -n 1 | awk '{ print 1000 * $1 }')" \
		    "$(tr ' ' '\n' <<<"$cached" | grep . | sort -n |
		        awk '{ v[NR] = $1 } END { print 1000 * v[int((NR + 1) / 2)] }')" \
		    "$code"
	done
}

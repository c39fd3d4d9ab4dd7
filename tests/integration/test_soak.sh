#!/usr/bin/env bash
# A soak: SOAK_SECONDS (default 15; 60 for the real thing) of wrk at
# SOAK_CONNECTIONS (default 64) connections through Apache, reads of every
# page mixed with a signed-in author's creates (one request in twenty) and
# edits (one in twenty), all at once. Afterwards: no 5xx at all; every
# post a create was answered for is there with both its tags; every edited
# post has the tags of an edit; the counts the triggers keep agree with
# the rows; no worker died or was replaced; and each worker's memory is
# flat: its resident size after the soak within 10% (and 4 MiB, the page
# cache's budget) of what it was after a warm-up (not in a build with
# AddressSanitizer, which keeps freed memory aside on purpose).
#   SOAK_SECONDS=60 bash tests/integration/test_soak.sh
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/write_lib.sh"
. "$(dirname "$0")/robust_lib.sh"

SECONDS_SOAK=${SOAK_SECONDS:-15}
CONNECTIONS=${SOAK_CONNECTIONS:-64}
TARGETS=8

start_blog
sign_in_new_author alice
for ((i = 1; i <= TARGETS; i++)); do
	fetch /blog/create --data-urlencode "csrf_token=$TOKEN" \
	    --data-urlencode "title=Edit target $i" \
	    --data-urlencode "body=To be *edited*." --data-urlencode "tags=target"
	[ "$CODE" = 303 ] || not_ok "edit target $i is created" "status $CODE"
done

cat > "$TEST_DIR/soak.lua" <<'LUA'
-- The soak's requests: reads, and one in twenty a create (titled
-- "$SOAK_TITLE thread n"), one in twenty an edit, as alice. Each thread
-- writes the slugs of the posts it was told it created to
-- $SOAK_OUT/created.N; done() prints the statuses.
local cookie = "blog_session=" .. os.getenv("SOAK_SESSION")
local token = os.getenv("SOAK_TOKEN")
local out = os.getenv("SOAK_OUT")
local targets = tonumber(os.getenv("SOAK_TARGETS"))
local title = os.getenv("SOAK_TITLE")
local created_path = "^/blog/" .. title:lower() .. "%-"
local reads = { "/blog/", "/blog/?page=2", "/blog/edit-target-1",
	"/blog/tags", "/blog/tag/soak", "/blog/feed.atom", "/blog/?q=soak",
	"/blog/tag/target", "/healthz", "/blog/edit-target-2" }
local form = { ["Cookie"] = cookie,
	["Content-Type"] = "application/x-www-form-urlencoded" }
local threads = {}

function setup(thread)
	threads[#threads + 1] = thread
	thread:set("id", #threads)
end

function init(args)
	n = 0
	statuses = {}
	created = io.open(out .. "/created." .. id, "w")
end

function request()
	n = n + 1
	if n % 20 == 0 then
		return wrk.format("POST", "/blog/create", form,
			"csrf_token=" .. token .. "&title=" .. title .. "+" .. id .. "+" .. n ..
			"&body=Written+by+thread+" .. id .. "%2C+request+" .. n ..
			".&tags=soak%2C+t" .. id)
	elseif n % 20 == 10 then
		local target = math.floor(n / 20) % targets + 1
		return wrk.format("POST", "/blog/edit-target-" .. target ..
			"/edit", form, "csrf_token=" .. token ..
			"&title=Edited+" .. id .. "+" .. n ..
			"&body=Edited+*again*.&tags=soak%2C+edited")
	end
	return wrk.format("GET", reads[n % #reads + 1])
end

function response(status, headers, body)
	statuses[status] = (statuses[status] or 0) + 1
	local location = headers["Location"]
	if status == 303 and location and location:match(created_path) then
		created:write(location:sub(7), "\n")
		created:flush()
	end
end

function done(summary, latency, requests)
	local all = {}
	for _, t in ipairs(threads) do
		for status, count in pairs(t:get("statuses")) do
			all[status] = (all[status] or 0) + count
		end
	end
	for status, count in pairs(all) do
		io.write(string.format("STATUS %d %d\n", status, count))
	end
	local e = summary.errors
	io.write(string.format("RESULT %d %d %d %d\n", summary.requests,
		e.connect + e.read + e.write + e.timeout, latency:percentile(50),
		latency:percentile(99)))
end
LUA

# soak SECONDS NAME: wrk with the mix, creating posts titled "NAME ...";
# its report in $TEST_DIR/NAME.out, the slugs created in $TEST_DIR/NAME/.
soak() {
	mkdir -p "$TEST_DIR/$2"
	SOAK_SESSION=$(jar_cookie blog_session) SOAK_TOKEN=$TOKEN \
	    SOAK_OUT=$TEST_DIR/$2 SOAK_TARGETS=$TARGETS SOAK_TITLE=$2 \
	    wrk -t 2 -c "$CONNECTIONS" -d "${1}s" --timeout 10s \
	    -s "$TEST_DIR/soak.lua" "$BASE_URL" > "$TEST_DIR/$2.out" 2>&1
}

# rss_of PIDS: "pid:KiB" of each.
rss_of() {
	local pid
	for pid in $1; do printf '%s:%s ' "$pid" "$(rss_kb "$pid")"; done
}

# The warm-up fills each worker's page cache and statement cache, and
# ICU's and MariaDB's buffers, so that what is left to see is growth.
soak 3 Warmup
pids=$(workers | tr '\n' ' ')
# None found would make the memory checks below vacuous.
same "the workers are found" "$(wc -w <<<"$pids")" "${BLOG_WORKERS:-4}"
rss_before=$(rss_of "$pids")
soak "$SECONDS_SOAK" Soak
rss_after=$(rss_of "$pids")

read -r _ requests errors p50 p99 < <(grep '^RESULT' "$TEST_DIR/Soak.out")
statuses=$(awk '/^STATUS/ { printf "%s:%s ", $2, $3 }' "$TEST_DIR/Soak.out")
echo "# soak: ${SECONDS_SOAK} s, $CONNECTIONS connections: ${requests:-?} requests," \
    "$statuses${errors:-?} socket errors, p50 ${p50:-?} us, p99 ${p99:-?} us"
echo "# worker RSS (KiB) after the warm-up: $rss_before"
echo "# worker RSS (KiB) after the soak:    $rss_after"
check "wrk ran" test "${requests:-0}" -gt 1000
same "no 5xx" "$(awk '/^STATUS 5/ { n += $3 } END { print n + 0 }' "$TEST_DIR/Soak.out")" 0
same "only 200s and 303s" \
    "$(awk '/^STATUS/ && $2 != 200 && $2 != 303 { print $2 }' "$TEST_DIR/Soak.out")" ""
same "no socket errors" "${errors:-?}" 0

# Every post a create was answered for, with both its tags.
cat "$TEST_DIR"/Soak/created.* > "$TEST_DIR/created"
answered=$(wc -l < "$TEST_DIR/created")
check "posts were created (${answered})" test "$answered" -gt 10
{
	echo "CREATE TEMPORARY TABLE answered (slug VARCHAR(140) PRIMARY KEY);"
	sed "s/.*/INSERT INTO answered VALUES ('&');/" "$TEST_DIR/created"
	echo "SELECT COUNT(*) FROM answered a JOIN posts p ON p.slug = a.slug
	    WHERE (SELECT COUNT(*) FROM post_tags pt JOIN tags t ON t.id = pt.tag_id
	           WHERE pt.post_id = p.id AND t.name IN ('soak',
	           CONCAT('t', SUBSTRING_INDEX(SUBSTRING_INDEX(p.title, ' ', 2), ' ', -1)))) = 2;"
} > "$TEST_DIR/created.sql"
same "every post answered for is there with its two tags" \
    "$(sql < "$TEST_DIR/created.sql")" "$answered"
stored=$(sql "SELECT COUNT(*) FROM posts WHERE title LIKE 'Soak %'")
# A create still in flight when wrk stopped may be stored unanswered.
check "no more posts than creates sent ($stored stored)" \
    test "$stored" -ge "$answered" -a "$stored" -le $((answered + CONNECTIONS * 2))
same "every post has a distinct slug" \
    "$(sql "SELECT COUNT(DISTINCT slug) FROM posts")" "$(count_rows posts)"
same "every edited post has the edit's tags, and only them" \
    "$(sql "SELECT COUNT(*) FROM posts p WHERE p.title LIKE 'Edited %' AND
        (SELECT GROUP_CONCAT(t.name ORDER BY t.name) FROM post_tags pt
         JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = p.id) = 'edited,soak'")" \
    "$(sql "SELECT COUNT(*) FROM posts WHERE title LIKE 'Edited %'")"
same "the post count the triggers keep is the rows'" \
    "$(sql "SELECT post_count FROM site_state")" "$(count_rows posts)"
same "each tag's count is its rows'" "$(sql "SELECT COUNT(*) FROM tags t
    LEFT JOIN tag_counts c ON c.tag_id = t.id WHERE COALESCE(c.post_count, 0) <>
    (SELECT COUNT(*) FROM post_tags pt WHERE pt.tag_id = t.id)")" 0

# Memory: each worker, the same process before and after.
same "the same workers served the whole soak" "$(workers | tr '\n' ' ')" "$pids"
if grep -qa __asan_init "$ROOT/blog.fcgi"; then
	# LeakSanitizer and the unsanitized runs answer for leaks there.
	echo "# memory not compared: this blog.fcgi has AddressSanitizer, whose" \
	    "quarantine keeps freed memory resident"
else
	for pid in $pids; do
		before=${rss_before#*"$pid:"}; before=${before%% *}
		after=${rss_after#*"$pid:"}; after=${after%% *}
		limit=$((before + before / 10 + 4096))
		if [ -n "$after" ] && [ "$after" -le "$limit" ]; then
			ok "worker $pid stays flat: $before KiB, then $after KiB"
		else
			not_ok "worker $pid stays flat" \
			    "$before KiB, then ${after:-?} KiB (limit $limit)"
		fi
	done
fi
no_crash "no worker crashed"
finish

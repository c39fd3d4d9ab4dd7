#!/usr/bin/env bash
# Faults while the blog is serving (Apache, blog.fcgi, a private MariaDB):
#   - MariaDB stopped, then killed, under a load of readers: every answer a
#     200 or a 503 page, none slow, none a 500 or 502; a write in between
#     is a 503 and writes nothing; once MariaDB is back the
#     next requests are 200, with Apache and the workers never restarted;
#   - MariaDB frozen (SIGSTOP): a 503 after the read and connect time-outs,
#     not a worker waiting for ever;
#   - a worker killed with SIGKILL, three times, under wrk: the master
#     replaces each, and no request fails but the one each killed worker
#     was answering;
#   - ./migrate upgrade killed with SIGKILL in the middle of a migration:
#     status tells the statement it reached, upgrade refuses and says what
#     to do, and after the repair and force nothing runs twice;
#   - a database that refuses writes (read_only, as a full disk would) and
#     a write failing half-way through a post (a trigger standing in for a
#     full table): an error page that says so, the form's text kept,
#     nothing half-written, and all well once writing works again.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/write_lib.sh"
. "$(dirname "$0")/robust_lib.sh"

start_blog_signed_in
KILLED=
NWORKERS=$(workers | wc -l)
# Apache's script starts 4 (BLOG_WORKERS); none found would make the worker
# checks below vacuous.
same "blog.fcgi's master runs its workers" "$NWORKERS" "${BLOG_WORKERS:-4}"

# checksums: the tables' checksums, one line.
checksums() {
	sql "CHECKSUM TABLE posts, tags, post_tags, users, sessions,
	    site_state, tag_counts" | awk '{ printf "%s=%s ", $1, $2 }'
}

# create TITLE [TAGS]: POST /blog/create as alice.
create() {
	fetch /blog/create --data-urlencode "csrf_token=$TOKEN" \
	    --data-urlencode "title=$1" --data-urlencode "body=Body of $1." \
	    --data-urlencode "tags=${2-}" --max-time 10
}

# reader OUT PATHS...: GETs the paths in turn until $TEST_DIR/stop exists,
# one line "status seconds" per request in OUT.
reader() {
	local out=$1 p
	shift
	while [ ! -f "$TEST_DIR/stop" ]; do
		for p in "$@"; do
			curl -s -o /dev/null -w '%{http_code} %{time_total}\n' \
			    --max-time 10 "$BASE_URL$p" >> "$out"
		done
	done
}

# readers_start / readers_stop: two readers over every read page.
readers_start() {
	rm -f "$TEST_DIR/stop" "$TEST_DIR"/reads.*
	reader "$TEST_DIR/reads.1" /blog/ /blog/hello /blog/tags /healthz &
	READER1=$!
	reader "$TEST_DIR/reads.2" /blog/feed.atom /blog/tag/linux "/blog/?q=first" \
	    "/blog/?page=1" &
	READER2=$!
}
readers_stop() {
	touch "$TEST_DIR/stop"
	wait "$READER1" "$READER2"
	cat "$TEST_DIR"/reads.* > "$TEST_DIR/reads"
}

# readers_verdict WHAT: the readers saw only 200 and 503, none slow, and
# some of each.
readers_verdict() {
	local tally slow
	tally=$(awk '{ print $1 }' "$TEST_DIR/reads" > "$TEST_DIR/codes";
	    status_tally "$TEST_DIR/codes")
	echo "# $1: $(wc -l < "$TEST_DIR/reads") reads: $tally"
	if grep -qvE '^(200|503) ' "$TEST_DIR/reads"; then
		not_ok "$1: every read is a 200 or a 503" "$tally"
	else
		ok "$1: every read is a 200 or a 503"
	fi
	check "$1: the readers saw the outage" grep -q '^503 ' "$TEST_DIR/reads"
	check "$1: and the pages before and after it" grep -q '^200 ' "$TEST_DIR/reads"
	slow=$(awk '$2 >= 5 { print }' "$TEST_DIR/reads" | head -n 3)
	if [ -z "$slow" ]; then ok "$1: no read took 5 s"; else
		not_ok "$1: no read took 5 s" "$slow"; fi
}

# back_to_200 WHAT: the first requests after the database is back are 200,
# enough of them to reach every worker.
back_to_200() {
	local codes="" i
	for i in 1 2 3 4 5 6 7 8; do
		codes+="$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 \
		    "$BASE_URL/blog/hello") "
	done
	same "$1: the next requests are 200" "$codes" \
	    "200 200 200 200 200 200 200 200 "
}

# --- MariaDB stopped under load ---------------------------------------------

apache_pid=$(cat "$TEST_DIR/apache/httpd.pid")
master_pid=$(app_master)
workers_before=$(workers | tr '\n' ' ')
readers_start
sleep 1.5
stop_db
sleep 0.5
expect "with MariaDB stopped, the index is 503" 503 /blog/ --max-time 10
same "the 503 is a page" "$(header content-type)" "$HTML"
body_has "it says the database is not answering" "The database is not answering"
expect "healthz is 503" 503 /healthz --max-time 10
expect "a post is 503" 503 /blog/hello --max-time 10
expect "the login form still shows" 200 /login --max-time 10
fetch /blog/create --max-time 10 --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=Written in the dark" \
    --data-urlencode "body=Kept text, line one."$'\n'"Line two." \
    --data-urlencode "tags=kept-tag"
# The session cannot be checked, but the author's text is not lost.
same "a post sent meanwhile is 503" "$CODE" 503
body_has "it is the form again, saying why" "the database is not answering"
body_has "with the title kept" 'value="Written in the dark"'
check "and the body, line breaks and all" grep -qx 'Line two.</textarea>' "$B"
body_has "and the tags" 'value="kept-tag"'
same "and the token it was sent with, to send it again" "$(form_token)" "$TOKEN"
cp "$B" "$TEST_DIR/kept-form"
fetch /blog/hello/edit --max-time 10 --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=Edited in the dark" --data-urlencode "body=Edit kept."
same "an edit sent meanwhile is 503 too, its form kept" \
    "$CODE $(grep -c 'value="Edited in the dark"' "$B")" "503 1"
sleep 2
start_db
sleep 0.5
fetch /blog/ --max-time 10
same "the first request after MariaDB is back is 200" "$CODE" 200
back_to_200 "after a clean stop"
sleep 1
readers_stop
readers_verdict "a clean stop"
same "nothing was written while it was away" \
    "$(sql "SELECT COUNT(*) FROM posts WHERE title = 'Written in the dark'")" 0
B=$TEST_DIR/kept-form
kept_token=$(form_token)
B=$TEST_DIR/body
fetch /blog/create --data-urlencode "csrf_token=$kept_token" \
    --data-urlencode "title=Written in the dark" --data-urlencode "body=Kept text."
same "sent again from the kept form, it is saved" \
    "$CODE $(header location)" "303 /blog/written-in-the-dark"
same "Apache was not restarted" "$(cat "$TEST_DIR/apache/httpd.pid")" "$apache_pid"
same "nor blog.fcgi's master" "$(app_master)" "$master_pid"
same "nor any worker" "$(workers | tr '\n' ' ')" "$workers_before"

# --- MariaDB killed under load ----------------------------------------------

readers_start
sleep 1.5
db_pid=$(cat "$TEST_DIR/db/mariadbd.pid")
kill -KILL "$db_pid"
wait_for_exit "$db_pid" 10 || not_ok "MariaDB dies of SIGKILL"
sleep 2
expect "with MariaDB killed, the index is 503" 503 /blog/ --max-time 10
start_db
sleep 0.5
back_to_200 "after a crash"
sleep 1
readers_stop
readers_verdict "a crash"
same "a crash restarted no worker" "$(workers | tr '\n' ' ')" "$workers_before"
create "After the crash" linux
same "writing works again" "$CODE" 303

# --- MariaDB frozen -----------------------------------------------------------

# SIGSTOP: the server keeps its socket and connections but answers nothing,
# as one cut off by the network would. A worker must give up (a read
# timeout, then a reconnect timeout) rather than wait for it.
db_pid=$(cat "$TEST_DIR/db/mariadbd.pid")
kill -STOP "$db_pid"
rm -f "$TEST_DIR/frozen"
# One request for each worker (more would queue behind them).
for ((i = 0; i < NWORKERS; i++)); do
	curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 30 \
	    "$BASE_URL/blog/hello" >> "$TEST_DIR/frozen" &
done
wait
curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 30 \
    "$BASE_URL/blog/" >> "$TEST_DIR/frozen"
kill -CONT "$db_pid"
echo "# with MariaDB frozen:" \
    "$(awk '{ printf "%s in %.1f s; ", $1, $2 }' "$TEST_DIR/frozen")"
same "with MariaDB frozen, every request is a 503" \
    "$(awk '{ print $1 }' "$TEST_DIR/frozen" | sort -u | tr '\n' ' ')" "503 "
check "each within 12 s" test -z "$(awk '$2 >= 12' "$TEST_DIR/frozen")"
back_to_200 "after it thaws"

# --- A worker killed under load ---------------------------------------------

cat > "$TEST_DIR/mix.lua" <<'LUA'
-- Readers over several pages; the summary as "RESULT requests non2xx errors".
local paths = { "/blog/", "/blog/hello", "/blog/tags", "/blog/tag/linux",
	"/blog/feed.atom", "/blog/?q=first", "/healthz" }
local i = 0
request = function()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("RESULT %d %d %d\n", summary.requests, e.status,
		e.connect + e.read + e.write + e.timeout))
end
LUA
wrk -t 2 -c 16 -d 8s --timeout 5s -s "$TEST_DIR/mix.lua" "$BASE_URL" \
    > "$TEST_DIR/wrk.out" 2>&1 &
wrk_pid=$!
sleep 1.5
for n in 1 2 3; do
	victim=$(workers | head -n 1)
	kill -KILL "$victim"
	KILLED+="$victim "
	sleep 1.5
done
wait "$wrk_pid"
read -r _ requests non2xx errors < <(grep '^RESULT' "$TEST_DIR/wrk.out")
echo "# wrk with 3 workers killed: $requests requests," \
    "$non2xx not 2xx/3xx, $errors socket errors"
check "wrk ran" test "${requests:-0}" -gt 100
# Each worker answers one request at a time: at most that one is lost.
check "at most one request failed per killed worker (${non2xx:-?} failed)" \
    test "${non2xx:-99}" -le 3
same "no connection failed" "${errors:-?}" 0
check "the master keeps $NWORKERS workers" wait_workers "$NWORKERS" 5
for pid in $KILLED; do
	if workers | grep -qx "$pid"; then
		not_ok "killed worker $pid is gone"
	else
		ok "killed worker $pid is gone"
	fi
	check "the master said it replaced $pid" grep -q \
	    "worker $pid died of signal 9; starting another" "$TEST_DIR/log/error.log"
done
same "the same master" "$(app_master)" "$master_pid"
back_to_200 "after the kills"

# --- ./migrate killed in the middle of a migration --------------------------

MIG=$TEST_DIR/m
mkdir -p "$MIG"
cp "$ROOT"/migrations/*.sql "$MIG/"
last=$(ls "$MIG" | tail -n 1 | cut -c1-4)
next=$(printf '%04d' $((10#$last + 1)))
cat > "$MIG/${next}_fault.sql" <<'SQL'
-- migrate:up
CREATE TABLE fault_a (x INT);
SELECT SLEEP(5);
CREATE TABLE fault_b (x INT);
-- migrate:down
DROP TABLE fault_b;
DROP TABLE fault_a;
SQL
run_migrate() { OUT=$("$ROOT/migrate" --dir "$MIG" "$@" 2>&1); RC=$?; }

"$ROOT/migrate" --dir "$MIG" upgrade > "$TEST_DIR/migrate-killed.log" 2>&1 &
migrate_pid=$!
for ((i = 0; i < 100; i++)); do
	[ "$(sql "SELECT COUNT(*) FROM information_schema.processlist
	    WHERE info LIKE 'SELECT SLEEP(5)%'")" = 1 ] && break
	sleep 0.1
done
kill -KILL "$migrate_pid"
wait "$migrate_pid" 2>/dev/null
check "the migration was killed in its second statement" test "$i" -lt 100
run_migrate status
same "status exits 0" "$RC" 0
output_has "status tells the truth: dirty at statement 2 of 3" \
    "version $((10#$next)) (dirty)" "DIRTY: upgrade stopped at statement 2 of 3" \
    "${next}_fault.sql:3"
check "the first statement is applied" sql "SELECT 1 FROM fault_a"
same "the third is not" "$(sql "SELECT COUNT(*) FROM information_schema.tables
    WHERE table_schema = 'blog_test' AND table_name = 'fault_b'")" 0
run_migrate --lock-timeout 30 upgrade
same "upgrade refuses" "$RC" 1
output_has "and says what to do" "upgrade refused: ${next}_fault is dirty" \
    "./migrate force $((10#$next))" "./migrate force $((10#$last))"
expect "the blog serves meanwhile" 200 /blog/
# The repair: finish the migration by hand, then record it.
sql "CREATE TABLE fault_b (x INT)"
run_migrate force "$((10#$next))"
output_has "force records the repaired migration" "recorded at version $((10#$next)), clean"
run_migrate upgrade
same "upgrade then has nothing to do" "$RC" 0
check "and ran nothing twice (its CREATE TABLE would fail)" \
    test -z "$(grep -i error <<<"$OUT")"
same "the migration is recorded once" "$(sql "SELECT COUNT(*) FROM schema_migrations
    WHERE version = $((10#$next))")" 1
run_migrate status
output_has "status is clean" "version $((10#$next))"
check "and not dirty" test -z "$(grep -i dirty <<<"$OUT")"
run_migrate downgrade "$((10#$last))"
same "and it can be reverted" "$RC" 0

# --- A database that refuses writes -----------------------------------------

before=$(checksums)
sql "SET GLOBAL read_only = 1"
rm -f "$TEST_DIR/ro.jar"
curl -sS -o /dev/null -c "$TEST_DIR/ro.jar" "$BASE_URL/login"
ro_token=$(awk -F '\t' '$6 == "blog_csrf" { print $7 }' "$TEST_DIR/ro.jar")
rm -f "$B" "$H"
CODE=$(curl -sS -o "$B" -D "$H" -w '%{http_code}' -b "$TEST_DIR/ro.jar" \
    --data-urlencode "csrf_token=$ro_token" --data-urlencode username=alice \
    --data-urlencode "password=$PASSWORD" "$BASE_URL/login")
case "$CODE" in 500|503) ok "signing in while read-only is $CODE" ;;
*) not_ok "signing in while read-only is 500 or 503" "got $CODE" ;; esac
body_has "the page says it went wrong" "went wrong"
same "and gives no session cookie" "$(set_cookie blog_session)" ""
create "Read-only post" "linux, new-tag"
case "$CODE" in 500|503) ok "a post while read-only is $CODE" ;;
*) not_ok "a post while read-only is 500 or 503" "got $CODE" ;; esac
body_has "the form says the post was not saved" "The post was not saved"
body_has "and keeps the title" 'value="Read-only post"'
fetch /blog/hello/edit --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=Changed" --data-urlencode "body=Changed."
case "$CODE" in 500|503) ok "an edit while read-only is $CODE" ;;
*) not_ok "an edit while read-only is 500 or 503" "got $CODE" ;; esac
body_has "the edit form says so" "The post was not saved"
fetch /blog/second/delete --data-urlencode "csrf_token=$TOKEN"
case "$CODE" in 500|503) ok "a delete while read-only is $CODE" ;;
*) not_ok "a delete while read-only is 500 or 503" "got $CODE" ;; esac
expect "reading still works" 200 /blog/hello
same "nothing was written" "$(checksums)" "$before"
sql "SET GLOBAL read_only = 0"
create "Written again" linux
same "once writable, a post is 303" "$CODE" 303

# --- A write failing half-way: the table is full ---------------------------

before=$(checksums)
sql "CREATE TRIGGER fault_full BEFORE INSERT ON post_tags FOR EACH ROW
     SIGNAL SQLSTATE 'HY000' SET MYSQL_ERRNO = 1114,
     MESSAGE_TEXT = 'The table ''post_tags'' is full'"
create "Half a post" "linux, brand-new-tag"
case "$CODE" in 500|503) ok "a post whose tags do not fit is $CODE" ;;
*) not_ok "a post whose tags do not fit is 500 or 503" "got $CODE" ;; esac
body_has "the form keeps the tags" 'brand-new-tag'
fetch /blog/hello/edit --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=Hello, changed" --data-urlencode "body=New body." \
    --data-urlencode "tags=linux, another-new-tag"
case "$CODE" in 500|503) ok "an edit whose tags do not fit is $CODE" ;;
*) not_ok "an edit whose tags do not fit is 500 or 503" "got $CODE" ;; esac
same "no post, tag or count is half-written" "$(checksums)" "$before"
same "the post keeps its title" \
    "$(sql "SELECT title FROM posts WHERE slug = 'hello'")" Hello
sql "DROP TRIGGER fault_full"
create "A whole post" "linux, brand-new-tag"
same "with room again, a post is 303" "$CODE" 303
same "with its two tags" "$(sql "SELECT COUNT(*) FROM post_tags pt JOIN posts p
    ON p.id = pt.post_id WHERE p.title = 'A whole post'")" 2

no_crash "no worker crashed but those killed on purpose"
finish

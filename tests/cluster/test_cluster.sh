#!/usr/bin/env bash
# The blog on several hosts (README, "Running on several hosts"): a
# balancer, two app hosts, a MariaDB primary and its replica, each in a
# network namespace of this machine (tests/cluster/lib.sh), and what each
# failure costs:
#   a. an app host killed (SIGKILL, every process) under a load of 32
#      connections: no reader request fails, kept-alive or each on a new
#      connection; started again, it takes requests from the balancer
#      within 10 s;
#   b. an author writes through app host A and reads through B at once,
#      signed in: the change is there; a reader through B sees it within 1 s;
#   c. the replica killed: readers get no errors (served from the primary);
#      started again, reads go back to it;
#   d. the primary killed: readers keep reading (from the replica); a
#      post sent gets the 503 page with what was typed; the primary back,
#      the same post is saved and the replica has it too;
#   e. (--long) throughput through the balancer beside one app host (wrk).
#
#   tests/cluster/test_cluster.sh [--short|--long]
# --short (make test) takes about 50 s; --long (make
# cluster-test) loads longer and adds e. Without root or network
# namespaces it says "skipped: why" and passes.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/../integration/write_lib.sh"
. "$(dirname "$0")/lib.sh"

MODE=short
case "${1:-}" in --long) MODE=long ;; --short|"") ;; *) echo "usage: $0 [--short|--long]" >&2; exit 2 ;; esac

if ! why=$(cluster_possible); then
	echo "skipped: $why"
	FINISHED=1
	rm -rf "$TEST_DIR"
	echo "0 passed, 0 failed"
	exit 0
fi
for tool in python3 curl; do
	if ! command -v $tool >/dev/null; then
		echo "skipped: no $tool"; FINISHED=1; rm -rf "$TEST_DIR"
		echo "0 passed, 0 failed"; exit 0
	fi
done

CLUSTER_DIR=$TEST_DIR/cluster
LOAD=$CLUSTER_LIB_DIR/load.py
PATHS=$TEST_DIR/paths
# Requests a second of the load: bounded, well under what the cluster
# serves (README), so that a failure is the failure's, not an overload's.
if [ "$MODE" = long ]; then LOAD_SECONDS=20 RATE=${CLUSTER_RATE:-1000}
else LOAD_SECONDS=14 RATE=${CLUSTER_RATE:-300}; fi
T0=$(date +%s)

# On any exit: every server stopped by PID, the namespaces deleted, then
# the tally.
trap 'cluster_down >/dev/null 2>&1; [ "$FINISHED" -eq 1 ] || finish' EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }
say() { echo "# $(($(date +%s) - T0)) s: $*"; }

# req HOST PATH [CURL-ARGS...]: PATH from cli through HOST (lb: the
# balancer); the status in CODE, the headers in $H, the body in $B.
req() {
	local host=$1 path=$2
	shift 2
	rm -f "$B" "$H"
	CODE=$(on cli curl -sS --max-time 15 -o "$B" -D "$H" -w '%{http_code}' \
	    "$@" "http://$(addr "$host"):$PORT$path") || CODE=000
	touch "$B" "$H"
}

# load NAME SECONDS [PATHS-FILE [LOAD-ARGS...]]: load.py from cli for
# SECONDS through the balancer, its JSON in $TEST_DIR/NAME.json; run in
# the background.
load() {
	local name=$1 seconds=$2 paths=${3:-$PATHS}
	shift 2; [ $# -eq 0 ] || shift
	on cli python3 "$LOAD" "http://$(addr lb):$PORT" --paths "$paths" \
	    --connections 32 --seconds "$seconds" --rate "$RATE" "$@" > "$TEST_DIR/$name.json"
}

# dump_logs: the end of every server's log, when a check failed.
dump_logs() {
	local f
	for f in "$CLUSTER_DIR"/lb/log/error.log "$CLUSTER_DIR"/app?/log/error.log \
	    "$CLUSTER_DIR"/db?/mariadbd.log; do
		[ -s "$f" ] || continue
		echo "# ${f#"$CLUSTER_DIR"/}:"
		tail -n 15 "$f" | sed 's/^/#   /'
	done
}

# no_failures NAME CHECK: ok when load NAME failed no request.
no_failures() {
	local json
	json=$(cat "$TEST_DIR/$1.json" 2>/dev/null)
	echo "# load $1: $json"
	if [ -n "$json" ] && python3 -c 'import json,sys; d = json.loads(sys.argv[1]); sys.exit(d["failed"] != 0 or d["ok"] == 0)' "$json"; then
		ok "$2"
	else
		not_ok "$2" "$json"
	fi
}

# new_lines FILE FROM: FILE's lines after line FROM that are not health
# checks.
new_lines() { tail -n +"$(($2 + 1))" "$1" 2>/dev/null | grep -v '"GET /healthz'; }
lines_of() { wc -l < "$1" 2>/dev/null || echo 0; }

status_var() { "$1" <<<"SHOW GLOBAL STATUS LIKE '$2'" | cut -f2; }

# --- The cluster -------------------------------------------------------------

say "making the cluster in $CLUSTER_DIR (namespaces $(ns '*'))"
start=$(now_ms)
if ! cluster_up; then
	not_ok "the cluster starts" "$(tail -n 20 "$CLUSTER_DIR"/*/log/error.log "$CLUSTER_DIR"/db*/mariadbd.log 2>/dev/null)"
	finish
	exit 1
fi
ok "the cluster starts: balancer, 2 app hosts, primary, replica ($(($(now_ms) - start)) ms)"
if grep -q '^\[database.replica\]' "$CLUSTER_DIR/app1/config.ini"; then
	say "blog.fcgi reads from the replica ([database.replica])"
else
	say "this blog.fcgi knows no [database.replica]: app hosts read from the primary; c and d need it"
fi

# Readers' addresses: the demo posts, their tags, the index and its feed.
printf '%s\n' /blog/ /blog/?page=1 /blog/tags /blog/feed.atom /blog/hello-world \
    /blog/why-fastcgi-still-makes-sense /blog/prepared-statements-always \
    /blog/pervyy-post /blog/notes-on-writing-short-posts /blog/tag/c \
    /blog/tag/web /blog/tag/writing /blog/tag/databases > "$PATHS"
bad=
while read -r path; do
	req lb "$path"
	[ "$CODE" = 200 ] || bad="$bad $path:$CODE"
done < "$PATHS"
[ -z "$bad" ] && ok "every reader's address answers 200 through the balancer" ||
    not_ok "every reader's address answers 200 through the balancer" "$bad"

for n in 1 2; do
	from=$(lines_of "$CLUSTER_DIR/app$n/log/access.log")
	for i in 1 2 3 4 5 6; do req lb /blog/tags; done
	if new_lines "$CLUSTER_DIR/app$n/log/access.log" "$from" | grep -c "^$(addr cli) " >/dev/null; then
		ok "app host $n takes the balancer's requests, and sees the client's address (X-Forwarded-For, mod_remoteip)"
	else
		not_ok "app host $n takes the balancer's requests, and sees the client's address" \
		    "$(new_lines "$CLUSTER_DIR/app$n/log/access.log" "$from" | tail -n 3)"
	fi
done

same "the replica replicates (IO, SQL threads)" \
    "$(slave_status | awk '/^Slave_IO_Running:|^Slave_SQL_Running:/ { printf "%s ", $2 }')" "Yes Yes "
same "the replica holds the primary's posts" \
    "$(replica_sql <<<'SELECT COUNT(*) FROM posts')" "$(primary_sql <<<'SELECT COUNT(*) FROM posts')"

# The sign-in limit counts the client, not the balancer: an app host's
# mod_remoteip takes the address the balancer adds to X-Forwarded-For, and
# only from the balancer (a client's own X-Forwarded-For counts for nothing).
JAR=$TEST_DIR/guess.jar
for host in lb app1; do
	req "$host" /login -c "$JAR" -b "$JAR"
	req "$host" /login -c "$JAR" -b "$JAR" -H "X-Forwarded-For: 192.0.2.9" \
	    --data-urlencode "csrf_token=$(form_token)" \
	    --data-urlencode "username=nobody" --data-urlencode "password=wrong guess"
	same "a wrong password through $host: 401" "$CODE" 401
done
same "both failures count against the client's own address" \
    "$(primary_sql <<<'SELECT address, COUNT(*) FROM login_failures GROUP BY address' | tr '\t\n' ': ')" \
    "$(addr cli):2 "
JAR=$TEST_DIR/jar

# --- a. An app host killed under load -----------------------------------------

say "a. $LOAD_SECONDS s of readers at 32 connections, $RATE a second; app host 1 killed at 2 s"
load a "$LOAD_SECONDS" &
load_pid=$!
sleep 2
killed=$(app_kill 1)
say "killed app host 1: $killed"
for ((i = 0; i < 20; i++)); do [ -z "$(app_pids 1)" ] && break; sleep 0.1; done
[ -n "$killed" ] && [ -z "$(app_pids 1)" ] && ok "every process of app host 1 is killed (SIGKILL)" ||
    not_ok "every process of app host 1 is killed" "left: $(app_pids 1)"
sleep 2
from=$(lines_of "$CLUSTER_DIR/app1/log/access.log")
start=$(now_ms)
if app_start 1; then
	while [ $(($(now_ms) - start)) -lt 15000 ]; do
		[ -n "$(new_lines "$CLUSTER_DIR/app1/log/access.log" "$from")" ] && break
		sleep 0.1
	done
	t=$(($(now_ms) - start))
	if [ -n "$(new_lines "$CLUSTER_DIR/app1/log/access.log" "$from")" ] && [ "$t" -le 10000 ]; then
		ok "app host 1, started again, takes readers' requests from the balancer in $t ms"
	else
		not_ok "app host 1, started again, takes requests within 10 s" "after $t ms: $(new_lines "$CLUSTER_DIR/app1/log/access.log" "$from" | head -n 3)"
	fi
else
	not_ok "app host 1 starts again" "$(tail -n 10 "$CLUSTER_DIR/app1/log/error.log")"
fi
wait "$load_pid"
no_failures a "no reader request failed while app host 1 was killed and came back"
grep -q '"retried": [1-9]' "$TEST_DIR/a.json" && say "a. (answers lost with app host 1 were asked again, as browsers do)"

# A first visit's request is the first of its connection: when its host
# dies with it in flight, the balancer answers 502 rather than closing,
# and no browser sends it again; the balancer itself sends such a GET once
# more, to the other member (conf/balancer.conf.in).
say "a. $((LOAD_SECONDS / 2)) s of readers, a new connection for each request; app host 2 killed at 2 s"
load a2 $((LOAD_SECONDS / 2)) "$PATHS" --fresh &
load_pid=$!
sleep 2
app_kill 2 >/dev/null
sleep 1.5
app_start 2 || not_ok "app host 2 starts again" "$(tail -n 10 "$CLUSTER_DIR/app2/log/error.log")"
wait "$load_pid"
no_failures a2 "no first visit failed while app host 2 was killed (each request on a new connection)"

# --- b. Write through A, read through B ---------------------------------------

say "b. an author writes through app host 1, reads through app host 2"
printf '%s\n' "$PASSWORD" | app 1 "$ROOT/blogctl" adduser ada >/dev/null ||
    not_ok "./blogctl adduser ada on app host 1"
req app1 /login -c "$JAR" -b "$JAR"
req app1 /login -c "$JAR" -b "$JAR" --data-urlencode "csrf_token=$(form_token)" \
    --data-urlencode "username=ada" --data-urlencode "password=$PASSWORD"
SESSION=$(jar_cookie blog_session)
check "ada signs in through app host 1" test -n "$SESSION"
AUTHOR=(-H "Cookie: blog_session=$SESSION")
req app2 /blog/ "${AUTHOR[@]}"
TOKEN=$(form_token)
check "app host 2 knows ada's session at once (a sign-out form)" test -n "$TOKEN"
TITLE="Written on host one $RANDOM"
req app1 /blog/create "${AUTHOR[@]}" --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=$TITLE" --data-urlencode "body=Read on host two." \
    --data-urlencode "tags=cluster"
written=$(now_ms)
SLUG=$(header location | sed -n 's|^/blog/||p')
same "the post is saved through app host 1 (303)" "$CODE" 303
req app2 "/blog/$SLUG" "${AUTHOR[@]}"
same "ada reads it through app host 2 at once" "$CODE" 200
body_has "... with its title" "$TITLE"
req app2 /blog/ "${AUTHOR[@]}"
body_has "ada's index on app host 2 lists it at once" "$TITLE"
while :; do
	req app2 /blog/
	grep -qF -- "$TITLE" "$B" && break
	[ $(($(now_ms) - written)) -lt 3000 ] || break
	sleep 0.02
done
t=$(($(now_ms) - written))
if grep -qF -- "$TITLE" "$B" && [ "$t" -le 1000 ]; then
	ok "a reader through app host 2 sees it in $t ms"
else
	not_ok "a reader through app host 2 sees it within 1 s" "after $t ms, status $CODE"
fi

# --- c. The replica killed, and back ------------------------------------------

# Readers' addresses that no cache holds (searches for new words, in
# characters Apache's copies are never named with), so that blog.fcgi
# reads the database for each; and these mixed with the others.
printf '%s\n' '/blog/?q=w{n}%21' '/blog/?q=post+{n}%21' > "$TEST_DIR/uncached"
cat "$PATHS" "$TEST_DIR/uncached" "$TEST_DIR/uncached" > "$TEST_DIR/mixed"

say "c. readers while the replica is killed"
load c 6 "$TEST_DIR/mixed" &
load_pid=$!
sleep 1.5
db_kill 2
say "killed the replica (mariadbd $(db_pid 2))"
wait "$load_pid"
no_failures c "no reader request failed while the replica was down"
if grep -q '^\[database.replica\]' "$CLUSTER_DIR/app1/config.ini"; then
	req app1 /healthz
	body_has "/healthz says the replica is down" "replica: down"
fi
start=$(now_ms)
if db_start 2; then
	ok "the replica starts again ($(($(now_ms) - start)) ms)"
else
	not_ok "the replica starts again" "$(tail -n 10 "$CLUSTER_DIR/db2/mariadbd.log")"
fi
for ((i = 0; i < 100; i++)); do
	req app1 /healthz
	grep -q 'replica: ok' "$B" && break
	sleep 0.1
done
body_has "/healthz says the replica is ok again (in $((i / 10)).$((i % 10)) s)" "replica: ok"
before=$(status_var replica_sql Com_stmt_execute)
load c2 3 "$TEST_DIR/uncached"
after=$(status_var replica_sql Com_stmt_execute)
no_failures c2 "readers after the replica came back: no errors"
if [ "${after:-0}" -gt "${before:-0}" ] 2>/dev/null; then
	ok "reads return to the replica (its Com_stmt_execute $before -> $after)"
else
	not_ok "reads return to the replica" "Com_stmt_execute $before -> $after"
fi

# --- d. The primary killed, and back ------------------------------------------

say "d. readers and a writer while the primary is killed"
posts_before=$(primary_sql <<<'SELECT COUNT(*) FROM posts')
load d 6 "$TEST_DIR/mixed" &
load_pid=$!
sleep 1.5
db_kill 1
say "killed the primary"
TITLE="Sent while the primary was down $RANDOM"
req lb /blog/create "${AUTHOR[@]}" --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=$TITLE" --data-urlencode "body=Kept in the form." \
    --data-urlencode "tags=cluster"
same "a post sent while the primary is down gets 503" "$CODE" 503
body_has "... with the typed title kept in the form" "$TITLE"
wait "$load_pid"
no_failures d "readers get 200 (from the replica) while the primary is down"
start=$(now_ms)
if db_start 1; then
	ok "the primary starts again ($(($(now_ms) - start)) ms)"
else
	not_ok "the primary starts again" "$(tail -n 10 "$CLUSTER_DIR/db1/mariadbd.log")"
fi
for ((i = 0; i < 100; i++)); do
	[ "$(get /healthz lb -o /dev/null -w '%{http_code}')" = 200 ] && break
	sleep 0.1
done
req lb /blog/create "${AUTHOR[@]}" --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=$TITLE" --data-urlencode "body=Kept in the form." \
    --data-urlencode "tags=cluster"
same "the same post, sent again with the primary back, is saved (303)" "$CODE" 303
want=$((posts_before + 1))
for ((i = 0; i < 100; i++)); do
	[ "$(replica_sql <<<'SELECT COUNT(*) FROM posts' 2>/dev/null)" = "$want" ] && break
	sleep 0.1
done
same "nothing lost: the primary has every post" "$(primary_sql <<<'SELECT COUNT(*) FROM posts')" "$want"
same "... and so has the replica" "$(replica_sql <<<'SELECT COUNT(*) FROM posts')" "$want"
same "the post was saved once" \
    "$(primary_sql <<<"SELECT COUNT(*) FROM posts WHERE title = $(sql_string "$TITLE")")" 1

# --- e. Throughput ------------------------------------------------------------

if [ "$MODE" = long ]; then
	say "e. throughput, wrk -t2 -c32 -d5s from cli"
	for path in /blog/ /blog/hello-world; do
		for host in lb app1; do
			rps=$(on cli wrk -t2 -c32 -d5s "http://$(addr $host):$PORT$path" |
			    awk '/Requests\/sec/ { print $2 } /Non-2xx/ { print "non-2xx:" $NF }' | tr '\n' ' ')
			echo "# throughput $path through $host: $rps req/s"
		done
	done
fi

[ "$FAILED" -eq 0 ] || dump_logs
say "done; stopping the cluster"
cluster_down
if ip netns list | grep -c "^blc-$(cluster_id)-" >/dev/null; then
	not_ok "every namespace is deleted" "$(ip netns list | grep "^blc-$(cluster_id)-")"
else
	ok "the cluster is down: every server stopped by PID, every namespace deleted"
fi
say "total"
finish

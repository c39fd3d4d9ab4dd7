#!/usr/bin/env bash
# Readers' pages from a MariaDB replica (src/app/replica.h; README, "Running
# on several hosts"), on one machine: a primary and a GTID replica made by
# scripts/db.sh (DB_ROLE) and scripts/replica.sh, both on loopback TCP, and
# one Apache with blog.fcgi naming both ([database.replica]).
# - anonymous readers read from the replica, authors from the primary;
# - a write through the blog is seen by the next reader even while the
#   replica lags (the host's floor), and a lag over max_lag sends readers
#   to the primary, as /healthz says;
# - the replica stopped: readers served by the primary, no errors; started:
#   back to it;
# - the primary stopped: readers served by the replica, a write answers
#   503 with the form kept; started: the write goes through, nothing lost.
# tests/cluster/test_cluster.sh checks the same across hosts and a balancer.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/write_lib.sh"

P1=$(free_port)
P2=$(free_port)
while [ "$P2" = "$P1" ]; do P2=$(free_port); done
# The primary: TCP on loopback, for the replica and for blog.fcgi; its
# accounts are for 127.0.0.1 (a TCP client is not 'localhost').
export DB_CLIENT_HOST=127.0.0.1
write_config
sed -i -e "s|^socket = .*|host = 127.0.0.1\nport = $P1|" "$BLOG_CONFIG"
cat >> "$BLOG_CONFIG" <<INI

[database.replica]
host = 127.0.0.1
port = $P2
max_lag = 1
INI
export DB_ROLE=primary DB_SERVER_ID=1
start_db
REPL_FILE=$TEST_DIR/db/repl.password
# The replica: the same accounts and names, its own port and server_id.
REPLICA_CONFIG=$TEST_DIR/replica.ini
sed -e "s|^port = $P1|port = $P2|" "$BLOG_CONFIG" > "$REPLICA_CONFIG"
REPLICA_SOCKET=$TEST_DIR/db2/mysqld.sock
replica_db() {
	BLOG_CONFIG=$REPLICA_CONFIG DB_DIR=$TEST_DIR/db2 DB_ROLE=replica \
	    DB_SERVER_ID=2 "$ROOT/scripts/db.sh" "$@"
}
stop_all() {
	replica_db stop >/dev/null 2>&1
	finish
}
replica_db start >/dev/null || { not_ok "the replica starts"; finish; exit 1; }
# Whatever happens, the replica is stopped too (lib.sh's trap stops the rest).
trap '[ "$FINISHED" -eq 1 ] || stop_all >/dev/null' EXIT
OUT=$(BLOG_CONFIG=$REPLICA_CONFIG DB_DIR=$TEST_DIR/db2 \
    DB_PRIMARY_SOCKET=$TEST_DIR/db/mysqld.sock DB_REPL_PASSWORD_FILE=$REPL_FILE \
    "$ROOT/scripts/replica.sh" follow 127.0.0.1 "$P1" 2>&1)
output_has "the replica follows the primary by GTID" "replicating"
start_blog

# replica_sql STATEMENTS: as the replica's admin.
replica_sql() {
	mariadb --no-defaults --socket="$REPLICA_SOCKET" -u "$(id -un)" -N -B \
	    blog_test -e "$1"
}
executed() {
	if [ "$1" = primary ]; then sql "SHOW GLOBAL STATUS LIKE 'Com_stmt_execute'"
	else replica_sql "SHOW GLOBAL STATUS LIKE 'Com_stmt_execute'"; fi |
	    cut -f2
}
health() { curl -sS "$BASE_URL/healthz"; }
# wait_health TEXT: polls /healthz for up to 5 s until it holds TEXT.
wait_health() {
	local i
	for ((i = 0; i < 50; i++)); do
		health | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
# reads N PREFIX: N anonymous reads of pages that have no copy (a query
# of their own: blog.fcgi makes each); prints the statuses, counted.
reads() {
	local i
	for ((i = 0; i < $1; i++)); do
		curl -sS -o /dev/null -w '%{http_code}\n' "$BASE_URL/blog/?$2=$i"
	done | sort | uniq -c | awk '{ printf "%s:%s ", $2, $1 }'
}

check "/healthz says the replica is ok" wait_health "replica: ok, lag"
OUT=$(health)
check "/healthz starts with ok" test "$(head -n 1 <<<"$OUT")" = ok

# --- Who reads where.
sign_in_new_author alice
p0=$(executed primary) r0=$(executed replica)
OUT=$(reads 40 r)
r1=$(executed replica) p1=$(executed primary)
same "anonymous readers are answered" "$OUT" "200:40 "
check "anonymous readers read from the replica ($((r1 - r0)) statements)" \
    test $((r1 - r0)) -ge 40
check "and not from the primary ($((p1 - p0)) statements, the clock's)" \
    test $((p1 - p0)) -lt 20
r0=$(executed replica)
for i in $(seq 40); do fetch "/blog/?a=$i"; done
r1=$(executed replica)
check "a signed-in author never reads from the replica ($((r1 - r0)) statements in 40 pages, the clock's)" \
    test $((r1 - r0)) -lt 10

# --- A write through the blog, then a reader at once, while the replica
# lags by 2 s: the reader is sent to the primary (its version is below
# the one this host wrote).
replica_sql "STOP SLAVE; CHANGE MASTER TO MASTER_DELAY = 2; START SLAVE;"
session_token
misses=0
for i in 1 2 3 4 5; do
	create_ok "Lagging replica $i" "Body $i."
	curl -sS "$BASE_URL/blog/?w=$i" | grep -qF "Lagging replica $i" ||
	    misses=$((misses + 1))
	curl -sS "$BASE_URL/blog/" | grep -qF "Lagging replica $i" ||
	    misses=$((misses + 1))
done
same "a write is seen by the next reader while the replica lags" "$misses" 0
check "a replica 2 s behind is 'behind' on /healthz" \
    wait_health "replica: behind, lag"
replica_sql "STOP SLAVE; CHANGE MASTER TO MASTER_DELAY = 0; START SLAVE;"
check "and 'ok' once caught up" wait_health "replica: ok, lag"
check "the replica has every post" test "$(replica_sql \
    "SELECT COUNT(*) FROM posts")" = "$(sql "SELECT COUNT(*) FROM posts")"

# --- The replica stopped under readers, then started.
OUT=$( { reads 150 s & } ; sleep 0.3; replica_db stop >/dev/null; wait)
same "readers get no error while the replica stops" "$OUT" "200:150 "
check "/healthz says the replica is down" wait_health "replica: down"
OUT=$(reads 20 t)
same "readers are served by the primary meanwhile" "$OUT" "200:20 "
replica_db start >/dev/null
check "/healthz says ok when it is back" wait_health "replica: ok, lag"
r0=$(executed replica)
OUT=$(reads 20 u)
r1=$(executed replica)
check "readers read from it again ($((r1 - r0)) statements)" \
    test $((r1 - r0)) -ge 20

# --- The primary stopped: readers go on, writes wait with the form kept.
stop_db
check "/healthz says the replica serves" wait_health "replica: ok, lag unknown"
OUT=$(curl -sS -o /dev/null -w '%{http_code}' "$BASE_URL/healthz")
same "/healthz is 503 without the primary" "$OUT" 503
OUT=$(reads 20 v)
same "readers are served by the replica" "$OUT" "200:20 "
for path in /blog/ "/blog/$SLUG" /blog/tag/nosuch /blog/?q=lagging; do
	code=$(curl -sS -o /dev/null -w '%{http_code}' "$BASE_URL$path")
	case $path in */nosuch) want=404 ;; *) want=200 ;; esac
	same "GET $path without the primary" "$code" "$want"
done
create "Written while the primary is away" "Kept body."
same "a write without the primary is 503" "$CODE" 503
check "the 503 keeps the title typed" grep -qF \
    'value="Written while the primary is away"' "$B"
start_db
for ((i = 0; i < 50; i++)); do
	create "Written once the primary is back" "Kept body."
	[ "$CODE" = 503 ] || break
	sleep 0.2
done
same "the same write once the primary is back" "$CODE" 303
for ((i = 0; i < 50; i++)); do
	[ "$(replica_sql "SELECT COUNT(*) FROM posts")" = \
	    "$(sql "SELECT COUNT(*) FROM posts")" ] && break
	sleep 0.1
done
same "the replica catches up: nothing lost" \
    "$(replica_sql "SELECT COUNT(*) FROM posts")" \
    "$(sql "SELECT COUNT(*) FROM posts")"
check "no read went to the replica's binary log or was refused there" \
    bash -c "! grep -q 'read-only\|read_only' '$TEST_DIR/log/error.log'"

stop_all

#!/usr/bin/env bash
# ./migrate and the server: two upgrades at once apply each migration once
# (the second waits and says for whom), the lock's time-out, --wait for a
# server that starts late, the immediate explanation without it, and a
# wrong password.
. "$(dirname "$0")/lib.sh"

MIG=$TEST_DIR/m
mkdir -p "$MIG"

# expect NAME RC WANT_RC OUTPUT [TEXT...]: ok if RC is WANT_RC and OUTPUT
# holds each TEXT.
expect() {
	local name=$1 rc=$2 want=$3 out=$4 text
	shift 4
	if [ "$rc" -ne "$want" ]; then
		not_ok "$name" "exit $rc, want $want; output:"$'\n'"$out"
		return
	fi
	for text in "$@"; do
		if ! grep -qF -- "$text" <<<"$out"; then
			not_ok "$name" "no '$text' in:"$'\n'"$out"
			return
		fi
	done
	ok "$name"
}

# now_ms: a clock in milliseconds.
now_ms() { echo $(($(date +%s%N) / 1000000)); }

cat > "$MIG/0001_create_counter.sql" <<'SQL'
-- migrate:up
CREATE TABLE counter (n INT NOT NULL);
-- migrate:down
DROP TABLE counter;
SQL
cat > "$MIG/0002_slow_insert.sql" <<'SQL'
-- migrate:up
DO SLEEP(2);
INSERT INTO counter VALUES (1);
-- migrate:down
DELETE FROM counter;
SQL

start_db

# --- two upgrades at once
"$ROOT/migrate" --dir "$MIG" upgrade > "$TEST_DIR/first.out" 2>&1 &
first=$!
sleep 0.7
out=$("$ROOT/migrate" --dir "$MIG" upgrade 2>&1); rc=$?
wait "$first"; first_rc=$?
expect "the first upgrade applies both" "$first_rc" 0 "$(cat "$TEST_DIR/first.out")" \
    "0001_create_counter ... ok" "0002_slow_insert ... ok"
expect "the second waits for the lock and says who holds it" "$rc" 0 "$out" \
    "waiting up to 60 s (--lock-timeout) for lock 'migrate:blog_test', held by connection" \
    "(blog_test_migrate@localhost"
expect "then finds nothing left to apply" "$rc" 0 "$out" "nothing to upgrade: the database is at version 2"
check "each migration ran once" test "$(sql "SELECT COUNT(*) FROM counter")" = 1

# --- the lock's time-out
sql "SELECT GET_LOCK('migrate:blog_test', 0); DO SLEEP(3)" >/dev/null &
holder=$!
sleep 0.5
start=$(now_ms)
out=$("$ROOT/migrate" --dir "$MIG" --lock-timeout 1 downgrade 2>&1); rc=$?
elapsed=$(($(now_ms) - start))
expect "a held lock times out with a message" "$rc" 1 "$out" \
    "gave up after 1 s waiting for lock 'migrate:blog_test', held by connection" \
    "./migrate status"
check "after about the time-out ($elapsed ms)" test "$elapsed" -lt 2500
wait "$holder"
check "and nothing was reverted" test "$(sql "SELECT COUNT(*) FROM schema_migrations")" = 2

# --- the server down: an immediate explanation, or --wait
stop_db
start=$(now_ms)
out=$("$ROOT/migrate" --dir "$MIG" status 2>&1); rc=$?
elapsed=$(($(now_ms) - start))
expect "without --wait, a stopped server is explained at once" "$rc" 1 "$out" \
    "cannot reach the MariaDB server at socket $TEST_DIR/db/mysqld.sock (ERROR 2002" \
    "make db-start"
check "at once ($elapsed ms)" test "$elapsed" -lt 1000
start=$(now_ms)
"$ROOT/migrate" --dir "$MIG" --wait 30 status > "$TEST_DIR/wait.out" 2>&1 &
waiter=$!
sleep 2
start_db
wait "$waiter"; rc=$?
elapsed=$(($(now_ms) - start))
expect "--wait waits for a server that starts late" "$rc" 0 "$(cat "$TEST_DIR/wait.out")" \
    "database blog_test: version 2"
check "and returns once it is up ($elapsed ms)" test "$elapsed" -ge 2000 -a "$elapsed" -lt 15000
stop_db
out=$("$ROOT/migrate" --dir "$MIG" --wait 1 status 2>&1); rc=$?
expect "--wait gives up after its time" "$rc" 1 "$out" "ERROR 2002" "Gave up after waiting 1 s"
start_db

# --- a wrong password (./migrate connects as [database] migrate_user)
start=$(now_ms)
out=$(BLOG_DB_MIGRATE_PASSWORD=wrong "$ROOT/migrate" --dir "$MIG" --wait 5 status 2>&1); rc=$?
elapsed=$(($(now_ms) - start))
expect "a wrong password gets the access-denied explanation" "$rc" 1 "$out" \
    "access denied for user 'blog_test_migrate'" "(ERROR 1045" \
    "migrate_password" "BLOG_DB_MIGRATE_PASSWORD" "GRANT ALL ON"
check "which --wait does not wait for ($elapsed ms)" test "$elapsed" -lt 1000

finish

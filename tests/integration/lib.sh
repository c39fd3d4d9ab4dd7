# Integration tests' shared part: a throw-away MariaDB (and Apache serving
# blog.fcgi) in a temporary directory, and a tally of checks. Sourced by each
# tests/integration/test_*.sh, which ends with `finish`.
#
#   start_db          a private MariaDB, a config.ini naming it ($BLOG_CONFIG)
#   start_blog        start_db, ./migrate upgrade, Apache serving blog.fcgi on
#                     a free loopback port ($BASE_URL); stop_apache
#   stop_db           stops MariaDB (start_db starts it again, data kept)
#   ok NAME / not_ok NAME [DETAIL]   record one check
#   check NAME COMMAND...            ok if COMMAND succeeds
#   output_has NAME TEXT...          ok if $OUT holds every TEXT
#   finish            stops what was started (by PID) and prints the tally
set -uo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"
cd "$ROOT"

# 0700, as mktemp makes it: Apache's workers and blog.fcgi, which run as
# www-data when the tests run as root, need nothing inside (scripts/lib.sh,
# runtime_dir), as for a checkout in root's home.
TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/blog-test.XXXXXX")
PASSED=0
FAILED=0
STARTED_DB=0
STARTED_APACHE=0
FINISHED=0
# Whatever happens to the script, the servers it started are stopped.
trap '[ "$FINISHED" -eq 1 ] || finish >/dev/null' EXIT

ok() { PASSED=$((PASSED + 1)); echo "ok - $1"; }
not_ok() {
	FAILED=$((FAILED + 1))
	echo "not ok - $1"
	[ $# -lt 2 ] || printf '%s\n' "$2" | sed 's/^/#   /'
}
# output_has NAME TEXT...: ok if $OUT (a command's output) holds every TEXT.
output_has() {
	local name=$1 text
	shift
	for text in "$@"; do
		if ! grep -qF -- "$text" <<<"$OUT"; then
			not_ok "$name" "no '$text' in:"$'\n'"$OUT"
			return
		fi
	done
	ok "$name"
}

check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then ok "$name"; else not_ok "$name" "$out"; fi
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on now, below the
# kernel's ephemeral range (when that starts above 11000, as by default),
# where no outgoing connection can be holding it.
free_port() {
	local port low=32768
	read -r low _ 2>/dev/null < /proc/sys/net/ipv4/ip_local_port_range || true
	[ "$low" -gt 11000 ] 2>/dev/null || low=32768
	while :; do
		port=$((10000 + RANDOM % (low - 10000)))
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
	done
}

# write_config: $TEST_DIR/config.ini for this run; extra lines from stdin go
# at the end (e.g. a [blog] section).
write_config() {
	BLOG_PORT=${BLOG_PORT:-$(free_port)}
	export BLOG_PORT
	cat > "$TEST_DIR/config.ini" <<INI
[server]
port = $BLOG_PORT
base_url = http://127.0.0.1:$BLOG_PORT
max_body = ${TEST_MAX_BODY:-1048576}

[database]
socket = $TEST_DIR/db/mysqld.sock
user = blog_test
password = test-$RANDOM$RANDOM
migrate_user = blog_test_migrate
migrate_password = test-migrate-$RANDOM$RANDOM
name = blog_test

[blog]
title = Test Blog
per_page = ${TEST_PER_PAGE:-10}
INI
	export BLOG_CONFIG=$TEST_DIR/config.ini
	CONFIG=$BLOG_CONFIG
}

start_db() {
	[ -f "$TEST_DIR/config.ini" ] || write_config
	DB_DIR=$TEST_DIR/db "$ROOT/scripts/db.sh" start >/dev/null || {
		echo "could not start MariaDB"; finish; exit 1; }
	STARTED_DB=1
}

stop_db() {
	DB_DIR=$TEST_DIR/db "$ROOT/scripts/db.sh" stop >/dev/null
}

# sql [STATEMENTS]: runs them (or standard input) in the test database as
# the admin (unix socket). After statements that may change what readers
# see (not a SELECT or SHOW), waits for the blog's copies to catch up
# (pages_settle), as readers would within 1 s: a test's next request then
# sees the change.
sql() {
	local text rc
	if [ $# -gt 0 ]; then text=$1; else text=$(cat); fi
	printf '%s\n' "$text" | mariadb --no-defaults \
	    --socket="$TEST_DIR/db/mysqld.sock" -u "$(id -un)" -N -B blog_test
	rc=$?
	case "${text#"${text%%[![:space:]]*}"}" in
	[Ss][Ee][Ll][Ee][Cc][Tt][[:space:]]*|[Ss][Hh][Oo][Ww][[:space:]]*) ;;
	*) [ "$rc" -ne 0 ] || pages_settle ;;
	esac
	return "$rc"
}

# pages_settle: after a change made behind the blog's back (SQL, ./blogctl),
# waits until Apache's copies of readers' pages are of the database's
# version, as blog.fcgi's clock makes them within a quarter of a second
# (README, "Caching"): a reader's next request is then current. A change
# through the blog needs no wait.
pages_settle() {
	local want i file gen
	file=$(pages_dir "$TEST_DIR/apache")/generation
	# No blog running, or no copies served now: nothing can be stale.
	[ -f "$file" ] && [ "$(cat "$file")" != "current none" ] || return 0
	want=$(sql "SELECT version FROM site_state WHERE id = 1" 2>/dev/null) ||
	    return 0
	for ((i = 0; i < 60; i++)); do
		gen=$(cat "$file" 2>/dev/null)
		[ "$gen" = "current v$want" ] || [ "$gen" = "current none" ] &&
		    return 0
		sleep 0.05
	done
	echo "# pages_settle: $file says '$(cat "$file" 2>/dev/null)'," \
	    "the database v$want"
}

# start_blog: the whole blog on $BASE_URL: MariaDB, the migrations, Apache.
start_blog() {
	start_db
	# Uploaded images: where Apache's www-data may read them (as root too),
	# and gone with the run (scripts/apache.sh stop removes runtime_dir).
	export BLOG_MEDIA_DIR=${BLOG_MEDIA_DIR:-$(runtime_dir "$TEST_DIR/apache")/media}
	"$ROOT/migrate" upgrade >"$TEST_DIR/migrate.log" 2>&1 || {
		cat "$TEST_DIR/migrate.log"; echo "./migrate upgrade failed"; finish; exit 1; }
	local try port
	for try in 1 2 3; do
		if APACHE_DIR=$TEST_DIR/apache LOG_DIR=$TEST_DIR/log \
		    "$ROOT/scripts/apache.sh" start; then
			STARTED_APACHE=1
			BASE_URL=http://127.0.0.1:$BLOG_PORT
			return
		fi
		echo "# Apache did not start on port $BLOG_PORT (try $try of 3)"
		[ "$try" -lt 3 ] || break
		# Something may have taken the port since free_port chose it.
		port=$(free_port)
		sed -i -e "s|^port = $BLOG_PORT\$|port = $port|" \
		    -e "s|//127.0.0.1:$BLOG_PORT\$|//127.0.0.1:$port|" "$BLOG_CONFIG"
		BLOG_PORT=$port
	done
	echo "could not start Apache"
	finish
	exit 1
}

stop_apache() {
	APACHE_DIR=$TEST_DIR/apache LOG_DIR=$TEST_DIR/log "$ROOT/scripts/apache.sh" stop
}

# The Apache error log of this run (blog.fcgi's log lines land there).
error_log() { cat "$TEST_DIR/log/error.log" 2>/dev/null; }

# stop_servers: stops Apache and MariaDB if this script started them, by PID.
stop_servers() {
	[ "$STARTED_APACHE" -eq 0 ] || stop_apache
	[ "$STARTED_DB" -eq 0 ] || stop_db
	STARTED_APACHE=0 STARTED_DB=0
}

finish() {
	FINISHED=1
	if [ "$FAILED" -ne 0 ] && [ -f "$TEST_DIR/log/error.log" ]; then
		echo "# Apache error log of this run:"
		sed 's/^/#   /' "$TEST_DIR/log/error.log" | tail -n 40
	fi
	stop_servers
	rm -rf "$TEST_DIR"
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}

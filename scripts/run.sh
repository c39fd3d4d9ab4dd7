#!/usr/bin/env bash
# make run: MariaDB, the migrations, demo posts on a first run, then Apache in
# the foreground until Ctrl-C, which stops Apache and MariaDB; data stays in
# var/. Says where the blog is only once /healthz answers 200; when it does
# not, says why and what to do, and stops what it started.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

PORT=${BLOG_PORT:-$(ini_get server port 8080)}
DB_NAME=$(ini_get database name)
DEMO_MARK=$ROOT/var/demo-loaded
LOG=$ROOT/var/log/error.log
READY_SECONDS=30

stop_all() {
	trap - INT TERM EXIT
	echo
	[ -z "${apache_pid:-}" ] || kill -TERM "$apache_pid" 2>/dev/null || true
	[ -z "${apache_pid:-}" ] || wait "$apache_pid" 2>/dev/null || true
	scripts/apache.sh stop || true
	scripts/db.sh stop || true
}
trap stop_all INT TERM EXIT

# fail WHY FIX: says why the blog is not up and what to do, then stops.
fail() {
	echo "run: the blog did not start: $1" >&2
	echo "run: $2" >&2
	exit 1
}

# port_taken: whether something already listens on 127.0.0.1:$PORT.
port_taken() {
	(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
}

# explain: the cause of a failed start, from what Apache and blog.fcgi
# wrote to the error log since it started (lines after $log_start).
explain() {
	local news
	news=$(tail -n +"$((log_start + 1))" "$LOG" 2>/dev/null | grep -v 'AH00489\|AH00094' | tail -n 5)
	case "$news" in
	*"Address already in use"*)
		fail "port $PORT is taken by another program" \
		    "choose another port: BLOG_PORT=9000 make run" ;;
	*"does not answer"*|*"ERROR 2002"*|*"ERROR 1045"*|*"ERROR 1698"*)
		fail "blog.fcgi cannot use the database:"$'\n'"$news" \
		    "see var/mariadb/mariadbd.log; 'make db-stop && make run' starts it again" ;;
	*"blog.fcgi: "*"config.ini"*|*"blog.fcgi: "*"[database]"*|*"blog.fcgi: "*"[server]"*|*"blog.fcgi: "*"[blog]"*)
		fail "blog.fcgi cannot use its configuration:"$'\n'"$news" \
		    "correct the file or key it names, then make run again" ;;
	*)
		fail "no answer from http://127.0.0.1:$PORT/healthz within $READY_SECONDS s; the log (var/log/error.log) says:"$'\n'"${news:-nothing}" \
		    "correct what it names, then make run again" ;;
	esac
}

if port_taken; then
	fail "port $PORT is taken by another program" \
	    "choose another port: BLOG_PORT=9000 make run"
fi

scripts/db.sh start
./migrate --wait 30 upgrade

# Demo posts once, into an empty database: never again after the first run,
# even if every post is deleted later.
if [ ! -e "$DEMO_MARK" ]; then
	admin=(mariadb --no-defaults --socket="$(config_path "$(ini_get database socket)")" -u "$(id -un)" -N -B "$DB_NAME")
	if [ "$("${admin[@]}" <<<'SELECT COUNT(*) FROM posts')" = 0 ]; then
		"${admin[@]}" < sql/demo.sql
		echo "run: loaded the demo posts from sql/demo.sql"
	fi
	touch "$DEMO_MARK"
fi

mkdir -p "$(dirname "$LOG")"
log_start=$(wc -l 2>/dev/null < "$LOG" || echo 0)
scripts/apache.sh foreground &
apache_pid=$!

# Ready means /healthz is 200: Apache, blog.fcgi and the database all answer.
for ((i = 0; i < READY_SECONDS * 10; i++)); do
	code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
	    "http://127.0.0.1:$PORT/healthz" || true)
	[ "$code" = 200 ] && break
	kill -0 "$apache_pid" 2>/dev/null || explain
	sleep 0.1
done
[ "$code" = 200 ] || explain
echo "run: the blog is on http://127.0.0.1:$PORT/blog/ (Ctrl-C stops it)"
wait "$apache_pid" || true

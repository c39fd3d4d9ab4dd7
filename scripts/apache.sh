#!/usr/bin/env bash
# Apache httpd serving blog.fcgi: scripts/apache.sh start|foreground|stop|render.
#
# Renders conf/apache.conf.in into $APACHE_DIR (default var/apache) with the port
# of config.ini ($BLOG_CONFIG; BLOG_PORT overrides), logs in $LOG_DIR (default
# var/log). As root, the workers run as www-data (or $APACHE_USER).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

APACHE_DIR=${APACHE_DIR:-$ROOT/var/apache}
LOG_DIR=${LOG_DIR:-$ROOT/var/log}
mkdir -p "$APACHE_DIR/run" "$LOG_DIR"
APACHE_DIR=$(cd "$APACHE_DIR" && pwd)
LOG_DIR=$(cd "$LOG_DIR" && pwd)
PORT=${BLOG_PORT:-$(ini_get server port 8080)}
MAX_BODY=$(ini_get server max_body 1048576)
WORKERS=${BLOG_WORKERS:-4}
CONF=$APACHE_DIR/httpd.conf
PIDFILE=$APACHE_DIR/httpd.pid

render() {
	local user="" fcgid_env=""
	if [ "$(id -u)" -eq 0 ]; then
		local run_as=${APACHE_USER:-www-data}
		user="User $run_as
Group $(id -gn "$run_as")"
		# The workers must be able to write their logs.
		chown "$run_as" "$LOG_DIR"
	fi
	# Pass the sanitizer and test settings on to the workers, when set.
	for var in BLOG_DB_PASSWORD ASAN_OPTIONS UBSAN_OPTIONS; do
		[ -z "${!var:-}" ] || fcgid_env+="FcgidInitialEnv $var \"${!var}\""$'\n'
	done
	awk -v user="$user" -v fcgid_env="$fcgid_env" '
		{ gsub(/@USER@/, user); gsub(/@FCGID_ENV@/, fcgid_env); print }' \
	    "$ROOT/conf/apache.conf.in" | sed \
	    -e "s|@DIR@|$APACHE_DIR|g" -e "s|@LOGDIR@|$LOG_DIR|g" \
	    -e "s|@ROOT@|$ROOT|g" -e "s|@CONFIG@|$CONFIG|g" -e "s|@PORT@|$PORT|g" \
	    -e "s|@MAX_BODY@|$MAX_BODY|g" -e "s|@WORKERS@|$WORKERS|g" \
	    -e "s|@MAX_REQUEST_LEN@|$((MAX_BODY + 65536))|g" > "$CONF"
	apache2 -t -f "$CONF" 2>&1 | grep -v 'Syntax OK' >&2 || true
}

running_pid() {
	local pid
	[ -f "$PIDFILE" ] || return 1
	pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && printf '%s' "$pid"
}

# Waits until the port answers, or Apache has died.
wait_ready() {
	local i
	for ((i = 0; i < 100; i++)); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then return 0; fi
		sleep 0.1
	done
	echo "apache: nothing listens on 127.0.0.1:$PORT (log: $LOG_DIR/error.log)" >&2
	tail -n 20 "$LOG_DIR/error.log" >&2 || true
	return 1
}

start() {
	if pid=$(running_pid); then
		echo "apache: already running (pid $pid)" >&2
		return 1
	fi
	render
	apache2 -f "$CONF" -k start
	wait_ready
}

stop() {
	local pid
	pid=$(running_pid) || return 0
	kill -TERM "$pid"
	wait_for_exit "$pid" 30 || kill -KILL "$pid" 2>/dev/null || true
}

case "${1:-}" in
render) render ;;
start) start ;;
foreground) render; exec apache2 -f "$CONF" -DFOREGROUND ;;
stop) stop ;;
*) echo "usage: scripts/apache.sh start|foreground|stop|render" >&2; exit 2 ;;
esac

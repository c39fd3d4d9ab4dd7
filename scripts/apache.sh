#!/usr/bin/env bash
# The web server: blog.fcgi's worker pool behind Apache httpd.
#   scripts/apache.sh start|foreground|stop|render
#
# Renders conf/apache.conf.in into $APACHE_DIR (default var/apache) with the port
# of config.ini ($BLOG_CONFIG; BLOG_PORT overrides), logs in $LOG_DIR (default
# var/log); both closed to other local accounts. blog.fcgi listens on
# blog.sock in runtime_dir (scripts/lib.sh) with $BLOG_WORKERS workers
# (default 4, for 2 cores). As root, Apache's threads and blog.fcgi run as
# www-data (or $APACHE_USER): blog.fcgi starts as root, reads config.ini and
# the templates, and then becomes www-data (--user); Apache serves a copy of
# static/ made in runtime_dir at each start, since www-data may not be able
# to enter the checkout (root's home is 0700).
#
# On an app host of several (README, "Running on several hosts"):
# APACHE_LISTEN is the address Apache listens on (default 127.0.0.1), and
# APACHE_TRUSTED_PROXY the balancer's address, whose X-Forwarded-For then
# gives blog.fcgi its client's address (REMOTE_ADDR, for the sign-in
# limit; mod_remoteip); without it nothing of the kind is loaded.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -n "${APACHE_DIR:-}" ] || private_dir "$ROOT/var"
APACHE_DIR=${APACHE_DIR:-$ROOT/var/apache}
LOG_DIR=${LOG_DIR:-$ROOT/var/log}
private_dir "$APACHE_DIR"
private_dir "$LOG_DIR"
mkdir -p "$APACHE_DIR/run"
APACHE_DIR=$(cd "$APACHE_DIR" && pwd)
LOG_DIR=$(cd "$LOG_DIR" && pwd)
PORT=${BLOG_PORT:-$(ini_get server port 8080)}
LISTEN=${APACHE_LISTEN:-127.0.0.1}
TRUSTED_PROXY=${APACHE_TRUSTED_PROXY:-}
MAX_BODY=$(ini_get server max_body 1048576)
MAX_UPLOAD=$(ini_get media max_upload 10485760)
WORKERS=${BLOG_WORKERS:-4}
CONF=$APACHE_DIR/httpd.conf
PIDFILE=$APACHE_DIR/httpd.pid
APP_PIDFILE=$APACHE_DIR/blog.pid
RUN_AS=
[ "$(id -u)" -ne 0 ] || RUN_AS=${APACHE_USER:-www-data}
RUN_DIR=$(runtime_dir "$APACHE_DIR")
APP_SOCKET=$RUN_DIR/blog.sock
STATIC_DIR=$(static_dir "$APACHE_DIR")
MEDIA_DIR=$(media_dir)
# Readers' pages that Apache serves as files (src/app/pagefile.h):
# blog.fcgi's to write, Apache's to read; emptied at each start.
PAGES_DIR=$(pages_dir "$APACHE_DIR")

# copy_static: as root, static/ as www-data may read it, in runtime_dir.
copy_static() {
	[ "$STATIC_DIR" != "$ROOT/static" ] || return 0
	rm -rf "$STATIC_DIR.new"
	cp -R "$ROOT/static" "$STATIC_DIR.new"
	chgrp -R "$(id -gn "$RUN_AS")" "$STATIC_DIR.new"
	chmod -R u=rwX,g=rX,o= "$STATIC_DIR.new"
	rm -rf "$STATIC_DIR"
	mv "$STATIC_DIR.new" "$STATIC_DIR"
}

# make_pages_dir: the pages' directory, with a generation file (Apache
# checks at start that it is there); blog.fcgi empties it when it starts,
# and says "current none" (ask blog.fcgi) until its clock names a version.
make_pages_dir() {
	mkdir -p -m 0750 "$(dirname "$PAGES_DIR")" "$PAGES_DIR"
	[ -z "$RUN_AS" ] || chgrp "$(id -gn "$RUN_AS")" "$(dirname "$PAGES_DIR")"
	[ -f "$PAGES_DIR/generation" ] ||
	    echo "current none" > "$PAGES_DIR/generation"
	[ -z "$RUN_AS" ] || chown -R "$RUN_AS:$(id -gn "$RUN_AS")" "$PAGES_DIR"
}

render() {
	local user="" remoteip=""
	if [ -n "$RUN_AS" ]; then
		user="User $RUN_AS
Group $(id -gn "$RUN_AS")"
	fi
	if [ -n "$TRUSTED_PROXY" ]; then
		remoteip="# Behind a balancer: the client's address from its X-Forwarded-For,
# for blog.fcgi's REMOTE_ADDR (the sign-in limit).
LoadModule remoteip_module /usr/lib/apache2/modules/mod_remoteip.so
RemoteIPHeader X-Forwarded-For
RemoteIPInternalProxy $TRUSTED_PROXY"
	fi
	copy_static
	make_pages_dir
	# @REMOTEIP@'s line goes when empty: one host's httpd.conf as before.
	awk -v user="$user" -v remoteip="$remoteip" '
	    /^@REMOTEIP@$/ { if (remoteip != "") print remoteip; next }
	    { gsub(/@USER@/, user); print }' \
	    "$ROOT/conf/apache.conf.in" | sed \
	    -e "s|@DIR@|$APACHE_DIR|g" -e "s|@LOGDIR@|$LOG_DIR|g" \
	    -e "s|@STATIC@|$STATIC_DIR|g" -e "s|@APP_SOCKET@|$APP_SOCKET|g" \
	    -e "s|@CONFIG@|$CONFIG|g" -e "s|@PORT@|$PORT|g" \
	    -e "s|@LISTEN@|$LISTEN|g" \
	    -e "s|@MAX_BODY@|$MAX_BODY|g" -e "s|@MAX_UPLOAD@|$MAX_UPLOAD|g" \
	    -e "s|@MEDIA@|$MEDIA_DIR|g" -e "s|@PAGES@|$PAGES_DIR|g" \
	    -e "s|@SESSION_COOKIE@|blog_session|g" > "$CONF"
	apache2 -t -f "$CONF" 2>&1 | grep -v 'Syntax OK' >&2 || true
}

# running_pid [PIDFILE]: the live process the pid file names.
running_pid() {
	local pid file=${1:-$PIDFILE}
	[ -f "$file" ] || return 1
	pid=$(cat "$file" 2>/dev/null) || return 1
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && printf '%s' "$pid"
}

# Starts blog.fcgi's master in the background (its own session, so a
# terminal's Ctrl-C reaches only whoever stops it by PID), logging to
# error.log beside Apache's lines.
start_app() {
	local user=()
	[ -z "$RUN_AS" ] || user=(--user "$RUN_AS")
	BLOG_CONFIG=$CONFIG BLOG_ROOT=$ROOT BLOG_MEDIA_DIR=$MEDIA_DIR \
	    setsid "$ROOT/blog.fcgi" \
	    --listen "$APP_SOCKET" --workers "$WORKERS" "${user[@]}" \
	    --pages "$PAGES_DIR" \
	    < /dev/null >> "$LOG_DIR/error.log" 2>&1 &
	echo $! > "$APP_PIDFILE"
	for ((i = 0; i < 100; i++)); do
		[ -S "$APP_SOCKET" ] && return 0
		kill -0 "$(cat "$APP_PIDFILE")" 2>/dev/null || break
		sleep 0.05
	done
	echo "apache: blog.fcgi did not start (log: $LOG_DIR/error.log)" >&2
	tail -n 5 "$LOG_DIR/error.log" >&2
	return 1
}

stop_app() {
	local pid
	pid=$(running_pid "$APP_PIDFILE") || return 0
	kill -TERM "$pid"
	wait_for_exit "$pid" 30 || kill -KILL "$pid" 2>/dev/null || true
}

# Waits until the port answers, or Apache has died.
wait_ready() {
	local i
	for ((i = 0; i < 100; i++)); do
		if (exec 3<>"/dev/tcp/$LISTEN/$PORT") 2>/dev/null; then return 0; fi
		sleep 0.1
	done
	echo "apache: nothing listens on $LISTEN:$PORT (log: $LOG_DIR/error.log)" >&2
	tail -n 20 "$LOG_DIR/error.log" >&2 || true
	return 1
}

start() {
	if pid=$(running_pid); then
		echo "apache: already running (pid $pid)" >&2
		return 1
	fi
	render
	start_app
	# Apache failing (a port taken, say) leaves no blog.fcgi behind.
	if ! apache2 -f "$CONF" -k start || ! wait_ready; then
		stop
		return 1
	fi
}

stop() {
	local pid
	if pid=$(running_pid); then
		kill -TERM "$pid"
		wait_for_exit "$pid" 30 || kill -KILL "$pid" 2>/dev/null || true
	fi
	stop_app
	[ "$RUN_DIR" = "$APACHE_DIR" ] || rm -rf "$RUN_DIR"
	rm -rf "$(dirname "$PAGES_DIR")"
}

case "${1:-}" in
render) render ;;
start) start ;;
foreground) render; start_app; trap 'stop_app; [ "$RUN_DIR" = "$APACHE_DIR" ] || rm -rf "$RUN_DIR"' EXIT; apache2 -f "$CONF" -DFOREGROUND ;;
stop) stop ;;
*) echo "usage: scripts/apache.sh start|foreground|stop|render" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# The private MariaDB: scripts/db.sh start|stop|status.
#
# Lives in $DB_DIR (default var/mariadb): data, pid file, log, rendered my.cnf;
# the socket is [database] socket of config.ini ($BLOG_CONFIG). Created with
# mariadb-install-db on first start; the user and database that config.ini
# names are created then too. No TCP unless config.ini sets host instead of
# socket. Works as root (the server then runs as root) and as a normal user.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

DB_DIR=${DB_DIR:-$ROOT/var/mariadb}
mkdir -p "$DB_DIR"
DB_DIR=$(cd "$DB_DIR" && pwd)
PIDFILE=$DB_DIR/mariadbd.pid
SOCKET_SETTING=$(ini_get database socket)
SOCKET=$DB_DIR/mysqld.sock
[ -z "$SOCKET_SETTING" ] || SOCKET=$(config_path "$SOCKET_SETTING")
ME=$(id -un)

running_pid() {
	local pid
	[ -f "$PIDFILE" ] || return 1
	pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && printf '%s' "$pid"
}

render_config() {
	local networking="skip-networking"
	if [ -z "$SOCKET_SETTING" ] && [ -n "$(ini_get database host)" ]; then
		networking="bind-address = $(ini_get database host)
port = $(ini_get database port 3306)"
	fi
	sed -e "s|@DIR@|$DB_DIR|g" -e "s|@SOCKET@|$SOCKET|g" \
	    -e "s|@NETWORKING@|${networking//$'\n'/\\n}|" \
	    "$ROOT/conf/mariadb.cnf.in" > "$DB_DIR/my.cnf"
}

admin_sql() {
	mariadb --no-defaults --socket="$SOCKET" -u "$ME" -e "$1"
}

create_user_and_database() {
	local user name password
	user=$(ini_get database user)
	name=$(ini_get database name)
	password=${BLOG_DB_PASSWORD:-$(ini_get database password)}
	admin_sql "CREATE DATABASE IF NOT EXISTS \`$name\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS $(sql_string "$user")@'localhost' IDENTIFIED BY $(sql_string "$password");
GRANT ALL ON \`$name\`.* TO $(sql_string "$user")@'localhost';"
}

start() {
	local pid first=0 i
	if pid=$(running_pid); then
		echo "db: MariaDB already running (pid $pid, socket $SOCKET)"
		return 0
	fi
	render_config
	if [ ! -d "$DB_DIR/data/mysql" ]; then
		echo "db: creating a private MariaDB in $DB_DIR"
		mariadb-install-db --defaults-file="$DB_DIR/my.cnf" --user="$ME" \
		    --auth-root-authentication-method=socket --skip-test-db \
		    > "$DB_DIR/install.log" 2>&1 || {
			cat "$DB_DIR/install.log" >&2
			echo "db: mariadb-install-db failed (log above)" >&2
			return 1
		}
		first=1
	fi
	mkdir -p "$(dirname "$SOCKET")"
	# setsid: the server outlives this script and ignores the terminal's Ctrl-C,
	# so that whoever started it stops it by PID, cleanly.
	setsid mariadbd --defaults-file="$DB_DIR/my.cnf" --user="$ME" \
	    < /dev/null >> "$DB_DIR/mariadbd.log" 2>&1 &
	for ((i = 0; i < 300; i++)); do
		if mariadb-admin --no-defaults --socket="$SOCKET" -u "$ME" ping >/dev/null 2>&1; then
			break
		fi
		if ! kill -0 $! 2>/dev/null; then
			tail -n 20 "$DB_DIR/mariadbd.log" >&2
			echo "db: MariaDB did not start (log: $DB_DIR/mariadbd.log)" >&2
			return 1
		fi
		sleep 0.1
	done
	if [ "$i" -ge 300 ]; then
		echo "db: MariaDB did not answer within 30 s (log: $DB_DIR/mariadbd.log)" >&2
		return 1
	fi
	# Every start, not only the first: config.ini may name a new user or database.
	create_user_and_database
	[ "$first" -eq 0 ] || echo "db: created user '$(ini_get database user)' and database '$(ini_get database name)'"
	echo "db: MariaDB running (pid $(running_pid), socket $SOCKET)"
}

stop() {
	local pid
	if ! pid=$(running_pid); then
		echo "db: MariaDB not running"
		return 0
	fi
	kill "$pid"
	if ! wait_for_exit "$pid" 60; then
		echo "db: MariaDB (pid $pid) did not stop within 60 s; killing it" >&2
		kill -9 "$pid" 2>/dev/null || true
	fi
	echo "db: MariaDB stopped"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) if pid=$(running_pid); then echo "running (pid $pid, socket $SOCKET)"; else echo "stopped"; exit 1; fi ;;
*) echo "usage: scripts/db.sh start|stop|status" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# The private MariaDB: scripts/db.sh start|stop|status|shell.
#
# Lives in $DB_DIR (default var/mariadb, both closed to other local
# accounts): data, pid file, log, rendered my.cnf; the socket is [database]
# socket of config.ini ($BLOG_CONFIG). Created with mariadb-install-db on
# first start. No TCP unless config.ini sets host instead of socket. Works
# as root (the server then runs as root) and as a normal user.
#
# Every start makes sure of the database and its two accounts (see
# accounts() below): blog.fcgi's, which may only read and write rows, and
# ./migrate's, which may change the schema. Their passwords are config.ini's,
# or generated on the first start into the files its password_file keys
# name; none is ever put on a command line.
#
# As root the real socket is in runtime_dir (scripts/lib.sh), where
# blog.fcgi, running as www-data, can reach it, and the configured path is a
# symbolic link to it.
#
# For several hosts (README, "Running on several hosts"; scripts/replica.sh):
#   DB_CLIENT_HOST  the host part of the accounts ('localhost'): the app
#                   hosts' addresses, e.g. '10.213.0.%'
#   DB_ROLE         primary: a binary log (ROW, GTID) and the replication
#                   account; replica: read_only, replicates (replica.sh)
#   DB_SERVER_ID    the server's server_id (1), unique among them
#   DB_REPL_USER, DB_REPL_PASSWORD_FILE  the replication account (blog_repl;
#                   its password generated into the file, DB_DIR/repl.password)
# Account statements are never written to the binary log: each server makes
# its own accounts, the replica included.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -n "${DB_DIR:-}" ] || private_dir "$ROOT/var"
DB_DIR=${DB_DIR:-$ROOT/var/mariadb}
private_dir "$DB_DIR"
DB_DIR=$(cd "$DB_DIR" && pwd)
PIDFILE=$DB_DIR/mariadbd.pid
SOCKET_SETTING=$(ini_get database socket)
LINK=$DB_DIR/mysqld.sock
[ -z "$SOCKET_SETTING" ] || LINK=$(config_path "$SOCKET_SETTING")
SOCKET=$LINK
ME=$(id -un)
CLIENT_HOST=${DB_CLIENT_HOST:-localhost}
ROLE=${DB_ROLE:-}
case "$ROLE" in ""|primary|replica) ;; *) echo "db: DB_ROLE is primary or replica, not '$ROLE'" >&2; exit 2 ;; esac
REPL_USER=${DB_REPL_USER:-blog_repl}
REPL_PASSWORD_FILE=${DB_REPL_PASSWORD_FILE:-$DB_DIR/repl.password}

running_pid() {
	local pid
	[ -f "$PIDFILE" ] || return 1
	pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && printf '%s' "$pid"
}

render_config() {
	local networking="skip-networking"
	if [ "$(id -u)" -eq 0 ]; then
		SOCKET=$(runtime_dir "$DB_DIR")/mysqld.sock
		mkdir -p "$(dirname "$LINK")"
		ln -sfn "$SOCKET" "$LINK"
	fi
	if [ -z "$SOCKET_SETTING" ] && [ -n "$(ini_get database host)" ]; then
		networking="bind-address = $(ini_get database host)
port = $(ini_get database port 3306)"
	fi
	local replication
	replication=$(replication_config)
	# No role: no line at all, my.cnf as it always was.
	sed -e "s|@DIR@|$DB_DIR|g" -e "s|@SOCKET@|$SOCKET|g" \
	    -e "s|@NETWORKING@|${networking//$'\n'/\\n}|" \
	    -e "${replication:+s|@REPLICATION@|${replication//$'\n'/\\n}|}" \
	    -e '/^@REPLICATION@$/d' \
	    "$ROOT/conf/mariadb.cnf.in" > "$DB_DIR/my.cnf"
}

# replication_config: my.cnf's lines for DB_ROLE (none without one). A
# primary writes every change to its binary log as rows, which GTIDs
# number; a replica is read-only to every account but the admin and its
# own replication threads, and starts replicating by itself at each start
# from where it stopped (its relay log and gtid_slave_pos are in DB_DIR).
# ./migrate's account makes triggers without SUPER: with rows logged, not
# statements, a trigger's body is never run again by a replica, so the
# binary log can trust it (log_bin_trust_function_creators).
replication_config() {
	local id=${DB_SERVER_ID:-1}
	case "$ROLE" in
	primary) printf '%s\n' "server_id = $id" "log_bin = $DB_DIR/binlog" \
	    "binlog_format = ROW" "log_slave_updates = ON" \
	    "expire_logs_days = 2" "log_bin_trust_function_creators = ON" ;;
	replica) printf '%s\n' "server_id = $id" "read_only = ON" \
	    "relay_log = $DB_DIR/relay" "slave_net_timeout = 10" ;;
	esac
}

# admin_sql: runs the statements on standard input as the server's admin
# (this OS account, by the unix_socket plugin: no password).
admin_sql() {
	mariadb --no-defaults --socket="$SOCKET" -u "$ME" -N -B
}

# account_password ENV KEY: an account's password: $ENV, else config.ini's
# [database] KEY, else the file KEY_file names, generated if missing.
account_password() {
	local file
	if [ -n "${!1:-}" ]; then printf '%s' "${!1}"; return; fi
	if [ -n "$(ini_get database "$2")" ]; then ini_get database "$2"; return; fi
	file=$(ini_get database "$2_file")
	if [ -z "$file" ]; then
		echo "db: config.ini sets neither [database] $2 nor $2_file" >&2
		return 1
	fi
	file=$(config_path "$file")
	if [ ! -s "$file" ]; then
		private_dir "$(dirname "$file")"
		(umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$file")
		echo "db: wrote a new password for [database] ${2%password}user to $file" >&2
	fi
	head -n 1 "$file"
}

APP_STATEMENT_SECONDS=5	# as long as blog.fcgi waits for an answer (db.c)

# accounts: the database, and its two accounts with just their rights.
# blog.fcgi's (user) may read and write rows; a statement of its may run
# for at most APP_STATEMENT_SECONDS, so no query outlives its request.
# ./migrate's (migrate_user) owns the schema. Run at every start, so that a
# changed config.ini, or an installation from before the two accounts,
# comes right.
accounts() {
	local name user password migrate_user migrate_password
	name=$(ini_get database name)
	user=$(ini_get database user)
	password=$(account_password BLOG_DB_PASSWORD password)
	migrate_user=$(ini_get database migrate_user)
	[ -z "$migrate_user" ] || [ "$migrate_user" = "$user" ] ||
		migrate_password=$(account_password BLOG_DB_MIGRATE_PASSWORD migrate_password)
	{
		# Each server's own: its accounts are not replicated.
		[ -z "$ROLE" ] || echo "SET SESSION sql_log_bin = 0;"
		echo "CREATE DATABASE IF NOT EXISTS \`$name\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
		account_sql "$user" "$password"
		if [ -n "${migrate_password:-}" ]; then
			account_sql "$migrate_user" "$migrate_password"
			echo "REVOKE ALL PRIVILEGES, GRANT OPTION FROM $(account "$user");"
			echo "GRANT SELECT, INSERT, UPDATE, DELETE ON \`$name\`.* TO $(account "$user");"
			echo "ALTER USER $(account "$user") WITH MAX_STATEMENT_TIME $APP_STATEMENT_SECONDS;"
			echo "GRANT ALL ON \`$name\`.* TO $(account "$migrate_user");"
			legacy_trigger_sql "$name" "$user"
		else
			# One account for both: it must own the schema.
			echo "GRANT ALL ON \`$name\`.* TO $(account "$user");"
		fi
		[ "$ROLE" != primary ] || replication_account_sql
	} | admin_sql
}

# account USER: USER at DB_CLIENT_HOST, as SQL.
account() {
	printf "%s@%s" "$(sql_string "$1")" "$(sql_string "$CLIENT_HOST")"
}

# repl_password: the replication account's password, from
# DB_REPL_PASSWORD_FILE, generated there if missing.
repl_password() {
	if [ ! -s "$REPL_PASSWORD_FILE" ]; then
		private_dir "$(dirname "$REPL_PASSWORD_FILE")"
		(umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$REPL_PASSWORD_FILE")
		echo "db: wrote a new password for the replication account $REPL_USER to $REPL_PASSWORD_FILE" >&2
	fi
	head -n 1 "$REPL_PASSWORD_FILE"
}

# replication_account_sql: the account replicas connect with, from the
# same hosts as the app's, with the one right it needs.
replication_account_sql() {
	account_sql "$REPL_USER" "$(repl_password)"
	echo "GRANT REPLICATION SLAVE ON *.* TO $(account "$REPL_USER");"
}

# account_sql USER PASSWORD: creates the account, or sets its password.
account_sql() {
	local who
	who=$(account "$1")
	echo "CREATE USER IF NOT EXISTS $who IDENTIFIED BY $(sql_string "$2");"
	echo "ALTER USER $who IDENTIFIED BY $(sql_string "$2");"
}

# legacy_trigger_sql NAME USER: before the two accounts, blog.fcgi's account
# ran the migrations, so it is the DEFINER of their triggers, and a trigger
# runs only while its definer holds TRIGGER on the table. Such an
# installation keeps that one right until the triggers are made again by
# ./migrate (downgrade 4, upgrade), which db.sh then says.
legacy_trigger_sql() {
	local count
	count=$(admin_sql <<<"SELECT COUNT(*) FROM information_schema.TRIGGERS
	    WHERE TRIGGER_SCHEMA = $(sql_string "$1")
	    AND DEFINER = CONCAT($(sql_string "$2"), '@', $(sql_string "$CLIENT_HOST"));")
	[ "$count" -gt 0 ] || return 0
	echo "GRANT TRIGGER ON \`$1\`.* TO $(account "$2");"
	echo "db: $count triggers were made by [database] user '$2', which keeps the TRIGGER right for them; './migrate downgrade 4 && ./migrate upgrade' remakes them as migrate_user" >&2
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
	accounts
	[ "$first" -eq 0 ] || echo "db: created the database '$(ini_get database name)' and its accounts"
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
	if [ "$(id -u)" -eq 0 ]; then
		rm -rf "$(runtime_dir "$DB_DIR")"
		rm -f "$LINK"
	fi
	echo "db: MariaDB stopped"
}

# shell: the mariadb client on the blog's database, as the server's admin
# (this OS account, through the unix_socket plugin: no password asked).
shell() {
	if ! running_pid >/dev/null; then
		echo "db: MariaDB is not running; make db-start starts it" >&2
		return 1
	fi
	exec mariadb --no-defaults --socket="$LINK" -u "$ME" "$(ini_get database name)"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
shell) shell ;;
status) if pid=$(running_pid); then echo "running (pid $pid, socket $SOCKET)"; else echo "stopped"; exit 1; fi ;;
*) echo "usage: scripts/db.sh start|stop|status|shell" >&2; exit 2 ;;
esac

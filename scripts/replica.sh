#!/usr/bin/env bash
# A MariaDB replica of the blog's primary, by GTID:
#   scripts/replica.sh follow PRIMARY_HOST [PRIMARY_PORT]
#   scripts/replica.sh status
#
# The replica is a private MariaDB started by scripts/db.sh with
# DB_ROLE=replica (DB_DIR, BLOG_CONFIG: its own; DB_SERVER_ID: not the
# primary's); the primary one started with DB_ROLE=primary. `follow` runs
# once, on a replica that does not replicate yet: it copies the blog's
# database from the primary (read through the primary's admin socket,
# DB_PRIMARY_SOCKET, a file that any network namespace of this machine can
# reach; one consistent snapshot, mariadb-dump --single-transaction, with
# the GTID position it was taken at), loads it without writing the
# replica's own binary log, and then replicates from that position over
# TCP to PRIMARY_HOST, as the replication account db.sh made on the
# primary (DB_REPL_USER; its password from DB_REPL_PASSWORD_FILE, sent on
# standard input, never on a command line). A replica that already
# replicates is left as it is: stopped and started again, it carries on
# from its own gtid_slave_pos; a primary that goes away is retried every
# second (MASTER_CONNECT_RETRY) until it is back.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

DB_DIR=${DB_DIR:?DB_DIR names the replica directory}
DB_DIR=$(cd "$DB_DIR" && pwd)
SOCKET=$DB_DIR/mysqld.sock
PRIMARY_SOCKET=${DB_PRIMARY_SOCKET:?DB_PRIMARY_SOCKET names the primary socket}
REPL_USER=${DB_REPL_USER:-blog_repl}
REPL_PASSWORD_FILE=${DB_REPL_PASSWORD_FILE:?DB_REPL_PASSWORD_FILE names the replication password file}
NAME=$(ini_get database name)
ME=$(id -un)

# replica_sql / primary_sql: statements on standard input, as each
# server's admin (this OS account, by the unix_socket plugin).
replica_sql() { mariadb --no-defaults --socket="$SOCKET" -u "$ME" -N -B "$@"; }
primary_sql() { mariadb --no-defaults --socket="$PRIMARY_SOCKET" -u "$ME" -N -B "$@"; }

# replicating: whether this replica has been told its primary already.
replicating() {
	[ -n "$(replica_sql <<<'SHOW SLAVE STATUS')" ]
}

follow() {
	local host=${1:?usage: scripts/replica.sh follow PRIMARY_HOST [PORT]}
	local port=${2:-3306} password
	if replicating; then
		replica_sql <<<'START SLAVE;'
		echo "replica: already replicating; started"
		return 0
	fi
	password=$(head -n 1 "$REPL_PASSWORD_FILE")
	# The copy: every table of the blog, its triggers and routines, as of
	# one transaction of the primary; --gtid --master-data=1 end it with
	# the position it was taken at (SET GLOBAL gtid_slave_pos). Loaded
	# into a fresh database without binary logging (the replica's log, if
	# any, must hold only what it replicates).
	{
		echo "SET SESSION sql_log_bin = 0;"
		echo "DROP DATABASE IF EXISTS \`$NAME\`;"
		echo "CREATE DATABASE \`$NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
		echo "USE \`$NAME\`;"
		mariadb-dump --no-defaults --socket="$PRIMARY_SOCKET" -u "$ME" \
		    --single-transaction --gtid --master-data=1 \
		    --routines --triggers --events "$NAME"
	} | replica_sql
	replica_sql <<SQL
CHANGE MASTER TO MASTER_HOST = $(sql_string "$host"), MASTER_PORT = $port,
    MASTER_USER = $(sql_string "$REPL_USER"), MASTER_PASSWORD = $(sql_string "$password"),
    MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1;
START SLAVE;
SQL
	echo "replica: replicating $NAME from $host:$port from GTID $(replica_sql <<<'SELECT @@gtid_slave_pos')"
}

# status: the replica's threads, its lag, and its last error.
status() {
	replica_sql -E <<<'SHOW SLAVE STATUS' | grep -E \
	    'Master_Host|Slave_IO_Running|Slave_SQL_Running:|Seconds_Behind_Master|Gtid_IO_Pos|Last_IO_Error|Last_SQL_Error'
}

case "${1:-}" in
follow) shift; follow "$@" ;;
status) status ;;
*) echo "usage: scripts/replica.sh follow PRIMARY_HOST [PORT] | status" >&2; exit 2 ;;
esac

# shellcheck shell=bash
# The blog on several hosts, made on this one machine with network
# namespaces (tests/cluster/cluster.sh, tests/cluster/test_cluster.sh).
# Sourced, not run; needs root.
#
# Seven namespaces, named after $CLUSTER_DIR so that two clusters never
# share one: a bridge (br0) in a namespace of its own, and one host each
# for the balancer (lb), two app hosts (app1, app2), the MariaDB primary
# (db1) and its replica (db2), and a client (cli) that tests and load run
# from. Each host has lo and eth0, a veth whose other end is on the bridge,
# with an address of $NET.0/24; nothing is added to the machine's own
# network and no packet leaves it. Each server is started by the project's
# own scripts inside its host's namespace and recorded by PID in its pid
# file under $CLUSTER_DIR; cluster_down stops each by PID, then anything
# still left in a namespace (`ip netns pids`), and deletes the namespaces.
#
#   cluster_up / cluster_down / cluster_status
#   on HOST COMMAND...          COMMAND in HOST's namespace
#   addr HOST                   HOST's address
#   app_start N / app_kill N    app host N's Apache and blog.fcgi
#   db_start 1|2 / db_kill 1|2  the primary / the replica (mariadbd)
#   primary_sql / replica_sql   SQL as each server's admin (unix socket)
#   get PATH [HOST] [CURL-ARGS] curl from cli, through the balancer or HOST

CLUSTER_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$CLUSTER_LIB_DIR/../../scripts/lib.sh"

CLUSTER_DIR=${CLUSTER_DIR:-$ROOT/var/cluster}
case "$CLUSTER_DIR" in /*) ;; *) CLUSTER_DIR=$PWD/$CLUSTER_DIR ;; esac
NET=${CLUSTER_NET:-10.213.0}
PORT=8080
HOSTS="lb app1 app2 db1 db2 cli"
DB_NAME=blog

# addr HOST: HOST's address on the cluster's /24.
addr() {
	case "$1" in
	lb) echo "$NET.2" ;; app1) echo "$NET.11" ;; app2) echo "$NET.12" ;;
	db1) echo "$NET.21" ;; db2) echo "$NET.22" ;; cli) echo "$NET.100" ;;
	*) echo "cluster: no host '$1'" >&2; return 1 ;;
	esac
}

# cluster_id: 8 hex digits of $CLUSTER_DIR's path, the namespaces' mark.
cluster_id() {
	printf '%s' "$CLUSTER_DIR" | sha256sum | cut -c1-8
}

# ns HOST: the name of HOST's namespace (br: the bridge's).
ns() { echo "blc-$(cluster_id)-$1"; }

on() {
	local host=$1
	shift
	ip netns exec "$(ns "$host")" "$@"
}

# cluster_possible: whether this machine lets us make namespaces; says
# why not on standard output.
cluster_possible() {
	local probe
	if [ "$(id -u)" -ne 0 ]; then echo "not root (network namespaces need it)"; return 1; fi
	command -v ip >/dev/null || { echo "no ip command (iproute2)"; return 1; }
	probe=blc-probe-$$
	if ! ip netns add "$probe" 2>/dev/null; then echo "ip netns add fails here"; return 1; fi
	if ! ip -n "$probe" link add b0 type bridge 2>/dev/null; then
		ip netns del "$probe"; echo "no bridges in a namespace here"; return 1; fi
	ip netns del "$probe"
}

# net_up: the namespaces, the bridge, a veth for each host.
net_up() {
	local br host
	br=$(ns br)
	ip netns add "$br"
	ip -n "$br" link set lo up
	ip -n "$br" link add br0 type bridge
	ip -n "$br" link set br0 up
	for host in $HOSTS; do
		ip netns add "$(ns "$host")"
		ip -n "$(ns "$host")" link set lo up
		ip -n "$br" link add "v-$host" type veth peer name eth0 netns "$(ns "$host")"
		ip -n "$br" link set "v-$host" master br0 up
		ip -n "$(ns "$host")" addr add "$(addr "$host")/24" dev eth0
		ip -n "$(ns "$host")" link set eth0 up
	done
}

# net_down: whatever still runs in a namespace is stopped by PID, then the
# namespaces go (their veths and the bridge with them). (Here and in the
# test, a pipe ends in grep -c, never grep -q: under pipefail, grep -q
# leaving at its first match can fail the pipe's writer with SIGPIPE.)
net_down() {
	local host name pids
	for host in $HOSTS br; do
		name=$(ns "$host")
		ip netns list | grep -c "^$name\b" >/dev/null || continue
		pids=$(ip netns pids "$name" 2>/dev/null | tr '\n' ' ')
		if [ -n "$pids" ]; then
			echo "cluster: stopping what was left in $name: $pids" >&2
			# shellcheck disable=SC2086
			kill -KILL $pids 2>/dev/null || true
		fi
		ip netns del "$name"
	done
}

# The shared files of the app hosts: uploaded images (one directory both
# use: BLOG_MEDIA_DIR), in a directory www-data may pass.
media_root() { echo "/run/blog/cluster-$(cluster_id)"; }

# write_configs: each host's config.ini and the database servers'.
write_configs() {
	local n replica=""
	mkdir -p -m 0700 "$CLUSTER_DIR/secrets"
	# [database.replica] only for a blog.fcgi that knows it (before, an
	# unknown section is an error): the app hosts then read from db2.
	if grep -qa 'database.replica' "$ROOT/blog.fcgi" 2>/dev/null; then
		replica="
[database.replica]
host = $(addr db2)
port = 3306
max_lag = 1"
	fi
	for n in 1 2; do
		mkdir -p -m 0700 "$CLUSTER_DIR/app$n"
		{
			printf '[server]\nport = %s\nbase_url = http://%s:%s\n\n' \
			    "$PORT" "$(addr lb)" "$PORT"
			database_ini "$(addr db1)"
			printf '%s\n\n[blog]\ntitle = Cluster Blog\n' "$replica"
		} > "$CLUSTER_DIR/app$n/config.ini"
	done
	database_ini "$(addr db1)" > "$CLUSTER_DIR/db1.ini"
	database_ini "$(addr db2)" > "$CLUSTER_DIR/db2.ini"
}

# database_ini HOST: a [database] section for the server at HOST.
database_ini() {
	cat <<INI
[database]
host = $1
port = 3306
name = $DB_NAME
user = blog
password_file = $CLUSTER_DIR/secrets/blog.password
migrate_user = blog_migrate
migrate_password_file = $CLUSTER_DIR/secrets/blog_migrate.password
INI
}

# db_env N: the environment of scripts/db.sh for server N (1: primary).
db_env() {
	local role=primary
	[ "$1" = 1 ] || role=replica
	echo BLOG_CONFIG="$CLUSTER_DIR/db$1.ini" DB_DIR="$CLUSTER_DIR/db$1" \
	    DB_ROLE=$role DB_SERVER_ID="$1" DB_CLIENT_HOST="$NET.%" \
	    DB_REPL_PASSWORD_FILE="$CLUSTER_DIR/secrets/repl.password"
}

# db_start N: server N in its namespace (db1: the primary, db2: the
# replica, which replicates from the primary's position at its first
# start and from its own at every later one).
db_start() {
	# shellcheck disable=SC2046
	on "db$1" env $(db_env "$1") "$ROOT/scripts/db.sh" start >/dev/null || return 1
	[ "$1" = 2 ] || return 0
	# shellcheck disable=SC2046
	on db2 env $(db_env 2) DB_PRIMARY_SOCKET="$CLUSTER_DIR/db1/mysqld.sock" \
	    "$ROOT/scripts/replica.sh" follow "$(addr db1)" >/dev/null
}

db_stop() {
	# shellcheck disable=SC2046
	on "db$1" env $(db_env "$1") "$ROOT/scripts/db.sh" stop >/dev/null
}

db_pid() { cat "$CLUSTER_DIR/db$1/mariadbd.pid" 2>/dev/null; }

# db_kill N: server N's mariadbd killed (SIGKILL), as a crash would.
db_kill() {
	local pid
	pid=$(db_pid "$1") || return 0
	kill -KILL "$pid" 2>/dev/null || true
	wait_for_exit "$pid" 10
}

# slave_status: the replica's SHOW SLAVE STATUS, a "Name: value" a line.
slave_status() {
	mariadb --no-defaults --socket="$CLUSTER_DIR/db2/mysqld.sock" -u root -E \
	    <<<'SHOW SLAVE STATUS' | sed 's/^ *//'
}

primary_sql() {
	mariadb --no-defaults --socket="$CLUSTER_DIR/db1/mysqld.sock" -u root -N -B "$DB_NAME" "$@"
}
replica_sql() {
	mariadb --no-defaults --socket="$CLUSTER_DIR/db2/mysqld.sock" -u root -N -B "$DB_NAME" "$@"
}

# app_env N: the environment of scripts/apache.sh (and ./migrate,
# ./blogctl) on app host N.
app_env() {
	echo BLOG_CONFIG="$CLUSTER_DIR/app$1/config.ini" \
	    APACHE_DIR="$CLUSTER_DIR/app$1/apache" LOG_DIR="$CLUSTER_DIR/app$1/log" \
	    APACHE_LISTEN="$(addr "app$1")" APACHE_TRUSTED_PROXY="$(addr lb)" \
	    BLOG_MEDIA_DIR="$(media_root)/media"
}

# app N COMMAND...: COMMAND on app host N, with its configuration.
app() {
	local n=$1
	shift
	# shellcheck disable=SC2046
	on "app$n" env $(app_env "$n") "$@"
}

# app_start N: app host N's blog.fcgi and Apache; a stop first clears what
# a killed one left (its pid files, socket and page copies).
app_start() {
	app "$1" "$ROOT/scripts/apache.sh" stop >/dev/null 2>&1 || true
	app "$1" "$ROOT/scripts/apache.sh" start >/dev/null
}

app_stop() { app "$1" "$ROOT/scripts/apache.sh" stop >/dev/null; }

# tree PID: PID and all its descendants.
tree() {
	local child
	echo "$1"
	for child in $(ps -o pid= --ppid "$1"); do tree "$child"; done
}

# app_pids N: every process of app host N: Apache's (its parent and
# children) and blog.fcgi's (master, workers, clock).
app_pids() {
	local file pid
	for file in httpd.pid blog.pid; do
		pid=$(cat "$CLUSTER_DIR/app$1/apache/$file" 2>/dev/null) || continue
		kill -0 "$pid" 2>/dev/null && tree "$pid"
	done
}

# app_kill N: SIGKILL to every process of app host N at once.
app_kill() {
	local pids
	pids=$(app_pids "$1" | tr '\n' ' ')
	[ -z "$pids" ] || kill -KILL $pids 2>/dev/null
	echo "$pids"
}

balancer() {
	on lb env BALANCER_DIR="$CLUSTER_DIR/lb" LOG_DIR="$CLUSTER_DIR/lb/log" \
	    BALANCER_LISTEN="$(addr lb)" BALANCER_PORT=$PORT \
	    BALANCER_MEMBERS="$(addr app1):$PORT $(addr app2):$PORT" \
	    BALANCER_LBMETHOD="${BALANCER_LBMETHOD:-byrequests}" \
	    "$ROOT/scripts/balancer.sh" "$@"
}

# get PATH [HOST [CURL-ARGS...]]: the body of PATH from cli, through the
# balancer (HOST lb, the default) or HOST's Apache.
get() {
	local path=$1 host=${2:-lb}
	shift; [ $# -eq 0 ] || shift
	on cli curl -sS --max-time 10 "$@" "http://$(addr "$host"):$PORT$path"
}

# wait_healthy HOST SECONDS: until HOST's /healthz answers 200.
wait_healthy() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		[ "$(get /healthz "$1" -o /dev/null -w '%{http_code}')" = 200 ] && return 0
		sleep 0.1
	done
	return 1
}

# cluster_up: the whole cluster, from nothing (or from a cluster_down's
# leftovers: the data in $CLUSTER_DIR are kept and used again).
cluster_up() {
	local n why
	if ! why=$(cluster_possible); then
		echo "cluster: cannot make the cluster: $why" >&2; return 2; fi
	mkdir -p -m 0700 "$CLUSTER_DIR"
	CLUSTER_DIR=$(cd "$CLUSTER_DIR" && pwd)
	if ip netns list | grep -c "^$(ns br)\b" >/dev/null; then
		echo "cluster: $(ns br) exists already (cluster.sh down first)" >&2; return 1; fi
	write_configs
	net_up || return 1
	mkdir -p -m 0750 "$(media_root)"
	chgrp "$(id -gn "${APACHE_USER:-www-data}")" "$(media_root)"
	db_start 1 || { echo "cluster: the primary did not start" >&2; return 1; }
	app 1 "$ROOT/migrate" --wait 30 upgrade >"$CLUSTER_DIR/migrate.log" 2>&1 || {
		cat "$CLUSTER_DIR/migrate.log" >&2; echo "cluster: ./migrate failed" >&2; return 1; }
	if [ "$(primary_sql <<<'SELECT COUNT(*) FROM posts')" = 0 ]; then
		primary_sql < "$ROOT/sql/demo.sql"
	fi
	db_start 2 || { echo "cluster: the replica did not start" >&2; return 1; }
	for n in 1 2; do
		app_start "$n" || { echo "cluster: app host $n did not start" >&2; return 1; }
	done
	balancer start >/dev/null || { echo "cluster: the balancer did not start" >&2; return 1; }
	wait_healthy lb 10 || { echo "cluster: no 200 from the balancer's /healthz" >&2; return 1; }
}

cluster_down() {
	local n
	[ -d "$CLUSTER_DIR" ] || return 0
	if ip netns list | grep -c "^$(ns lb)\b" >/dev/null; then
		balancer stop || true
		# Each by PID, the hosts at once (an app host takes 4 s).
		for n in 1 2; do app_stop "$n" 2>/dev/null & done
		db_stop 2 2>/dev/null &
		db_stop 1 2>/dev/null &
		wait
	fi
	net_down
	rm -rf "$(media_root)"
}

cluster_status() {
	local n pid
	if ! ip netns list | grep -c "^$(ns br)\b" >/dev/null; then echo "down ($CLUSTER_DIR)"; return 1; fi
	echo "namespaces: $(ip netns list | grep -o "^blc-$(cluster_id)-[a-z0-9]*" | tr '\n' ' ')"
	echo "network: $NET.0/24, bridge br0 in $(ns br)"
	pid=$(cat "$CLUSTER_DIR/lb/httpd.pid" 2>/dev/null)
	echo "lb   $(addr lb):$PORT balancer pid ${pid:-none} $(alive "$pid")"
	for n in 1 2; do
		echo "app$n $(addr "app$n"):$PORT apache pid $(cat "$CLUSTER_DIR/app$n/apache/httpd.pid" 2>/dev/null)" \
		    "blog.fcgi pid $(cat "$CLUSTER_DIR/app$n/apache/blog.pid" 2>/dev/null)" \
		    "healthz: $(get /healthz "app$n" 2>&1 | tr '\n' ' ')"
	done
	for n in 1 2; do
		pid=$(db_pid "$n")
		echo "db$n  $(addr "db$n"):3306 mariadbd pid ${pid:-none} $(alive "$pid")"
	done
	slave_status 2>/dev/null |
	    grep -E '^(Slave_IO_Running|Slave_SQL_Running|Seconds_Behind_Master|Gtid_IO_Pos|Last_IO_Error|Last_SQL_Error):' |
	    sed 's/^/     /'
	echo "readers: ip netns exec $(ns cli) curl http://$(addr lb):$PORT/blog/"
}

alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null && echo running || echo stopped; }

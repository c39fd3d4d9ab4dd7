#!/usr/bin/env bash
# The balancer in front of the app hosts: Apache httpd with
# mod_proxy_balancer and mod_proxy_hcheck (conf/balancer.conf.in).
#   scripts/balancer.sh start|stop|render
#
#   BALANCER_MEMBERS  the app hosts' Apaches, "ADDRESS:PORT ..." (required)
#   BALANCER_LISTEN   the address it listens on (127.0.0.1)
#   BALANCER_PORT     its port (8080)
#   BALANCER_LBMETHOD byrequests (or bybusyness, bytraffic)
#   BALANCER_DIR, LOG_DIR  its rendered configuration and pid file, its logs
#                     (var/balancer, var/log/balancer)
# As root its threads run as www-data ($APACHE_USER).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -n "${BALANCER_DIR:-}" ] || private_dir "$ROOT/var"
BALANCER_DIR=${BALANCER_DIR:-$ROOT/var/balancer}
LOG_DIR=${LOG_DIR:-$ROOT/var/log/balancer}
private_dir "$BALANCER_DIR"
private_dir "$LOG_DIR"
mkdir -p "$BALANCER_DIR/run"
BALANCER_DIR=$(cd "$BALANCER_DIR" && pwd)
LOG_DIR=$(cd "$LOG_DIR" && pwd)
LISTEN=${BALANCER_LISTEN:-127.0.0.1}
PORT=${BALANCER_PORT:-8080}
LBMETHOD=${BALANCER_LBMETHOD:-byrequests}
CONF=$BALANCER_DIR/httpd.conf
PIDFILE=$BALANCER_DIR/httpd.pid

# members: a BalancerMember line for each of BALANCER_MEMBERS. A member in
# error (connection refused) is tried again after retry=1 s; a connection
# gets connectiontimeout=2 s; pooled connections live ttl=4 s idle (the
# members' KeepAliveTimeout is 5 s); /healthz every second decides whether
# it takes requests (conf/balancer.conf.in says why each).
members() {
	local member
	for member in ${BALANCER_MEMBERS:?BALANCER_MEMBERS names the app hosts}; do
		printf '\tBalancerMember "http://%s" retry=1 connectiontimeout=2 ttl=4 hcmethod=GET hcuri=/healthz hcinterval=1 hcpasses=1 hcfails=1 hcexpr=healthy\n' "$member"
	done
}

render() {
	local user="" run_as
	if [ "$(id -u)" -eq 0 ]; then
		run_as=${APACHE_USER:-www-data}
		user="User $run_as
Group $(id -gn "$run_as")"
	fi
	awk -v user="$user" -v members="$(members)" '
	    /^@MEMBERS@$/ { print members; next }
	    { gsub(/@USER@/, user); print }' "$ROOT/conf/balancer.conf.in" |
	    sed -e "s|@DIR@|$BALANCER_DIR|g" -e "s|@LOGDIR@|$LOG_DIR|g" \
	    -e "s|@LISTEN@|$LISTEN|g" -e "s|@PORT@|$PORT|g" \
	    -e "s|@LBMETHOD@|$LBMETHOD|g" > "$CONF"
	apache2 -t -f "$CONF" 2>&1 | grep -v 'Syntax OK' >&2 || true
}

running_pid() {
	local pid
	[ -f "$PIDFILE" ] || return 1
	pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && printf '%s' "$pid"
}

start() {
	local i
	if pid=$(running_pid); then
		echo "balancer: already running (pid $pid)" >&2
		return 1
	fi
	render
	apache2 -f "$CONF" -k start
	for ((i = 0; i < 100; i++)); do
		if (exec 3<>"/dev/tcp/$LISTEN/$PORT") 2>/dev/null; then return 0; fi
		sleep 0.1
	done
	echo "balancer: nothing listens on $LISTEN:$PORT (log: $LOG_DIR/error.log)" >&2
	tail -n 20 "$LOG_DIR/error.log" >&2 || true
	stop
	return 1
}

stop() {
	local pid
	if pid=$(running_pid); then
		kill -TERM "$pid"
		wait_for_exit "$pid" 30 || kill -KILL "$pid" 2>/dev/null || true
	fi
}

case "${1:-}" in
render) render ;;
start) start ;;
stop) stop ;;
*) echo "usage: scripts/balancer.sh start|stop|render" >&2; exit 2 ;;
esac

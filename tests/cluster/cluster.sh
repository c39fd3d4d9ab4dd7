#!/usr/bin/env bash
# The blog on several hosts, on this one machine (tests/cluster/lib.sh):
#   tests/cluster/cluster.sh up|down|status
# CLUSTER_DIR (default var/cluster) holds its configuration, data and logs;
# the namespaces are named after it. `make cluster` is `up`. Needs root and
# a build (make).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

case "${1:-}" in
up)
	if ! cluster_up; then
		echo "cluster: stopping what started" >&2
		cluster_down
		exit 1
	fi
	cluster_status ;;
down) cluster_down; echo "cluster: down" ;;
status) cluster_status ;;
*) echo "usage: tests/cluster/cluster.sh up|down|status" >&2; exit 2 ;;
esac

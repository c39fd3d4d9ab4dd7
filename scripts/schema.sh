#!/usr/bin/env bash
# The schema the migrations make, as mariadb-dump prints it, on stdout:
# what sql/schema.sql holds (make schema), so that a change to the schema
# shows in review as a diff of one file.
#
#   scripts/schema.sh                  starts a throw-away MariaDB in a
#                                      temporary directory, runs ./migrate
#                                      upgrade, dumps, stops it (by PID)
#   scripts/schema.sh dump SOCKET DB   only dumps DB of the server at SOCKET
#                                      (tests/integration/test_schema.sh)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# dump_schema SOCKET DATABASE: the tables, stable from run to run: no dump
# date or comments, none of the client's SET lines, no AUTO_INCREMENT
# counters, no trigger DEFINER (the user that ran the migrations); a blank
# line before each table.
dump_schema() {
	echo "-- The schema that ./migrate upgrade makes, as mariadb-dump --no-data"
	echo "-- prints it. Written by 'make schema' (scripts/schema.sh): do not edit;"
	echo "-- tests/integration/test_schema.sh fails when it is out of date."
	mariadb-dump --no-defaults --socket="$1" -u "$(id -un)" --no-data \
	    --compact "$2" |
	    sed -E -e '/^\/\*[!M][^*]*\*\/;? *$/d' \
		-e 's/ AUTO_INCREMENT=[0-9]+//' \
		-e 's/ \/\*!50017 DEFINER=[^*]*\*\///' \
		-e 's/^CREATE TABLE/\nCREATE TABLE/'
}

# from_scratch: a private server for the length of one dump.
from_scratch() {
	local dir
	dir=$(mktemp -d "${TMPDIR:-/tmp}/blog-schema.XXXXXX")
	# shellcheck disable=SC2064
	trap "DB_DIR='$dir/db' '$ROOT/scripts/db.sh' stop >/dev/null 2>&1; rm -rf '$dir'" EXIT
	cat > "$dir/config.ini" <<INI
[database]
socket = $dir/db/mysqld.sock
user = blog_schema
password = schema-$RANDOM$RANDOM
name = blog_schema
INI
	export BLOG_CONFIG=$dir/config.ini
	CONFIG=$BLOG_CONFIG
	DB_DIR=$dir/db "$ROOT/scripts/db.sh" start >/dev/null
	(cd "$ROOT" && ./migrate upgrade) > "$dir/migrate.log" 2>&1 || {
		cat "$dir/migrate.log" >&2
		echo "schema: ./migrate upgrade failed" >&2
		return 1
	}
	dump_schema "$dir/db/mysqld.sock" blog_schema
}

case "${1:-}" in
"") from_scratch ;;
dump) [ $# -eq 3 ] || { echo "usage: scripts/schema.sh [dump SOCKET DATABASE]" >&2; exit 2; }
	dump_schema "$2" "$3" ;;
*) echo "usage: scripts/schema.sh [dump SOCKET DATABASE]" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# make run: MariaDB, the migrations, demo posts on a first run, then Apache in
# the foreground until Ctrl-C, which stops Apache and MariaDB; data stays in var/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

PORT=${BLOG_PORT:-$(ini_get server port 8080)}
DB_NAME=$(ini_get database name)
DEMO_MARK=$ROOT/var/demo-loaded

stop_all() {
	trap - INT TERM EXIT
	echo
	scripts/apache.sh stop || true
	scripts/db.sh stop || true
}
trap stop_all INT TERM EXIT

scripts/db.sh start
./migrate --wait 30 upgrade

# Demo posts once, into an empty database: never again after the first run,
# even if every post is deleted later.
if [ ! -e "$DEMO_MARK" ]; then
	admin=(mariadb --no-defaults --socket="$(config_path "$(ini_get database socket)")" -u "$(id -un)" -N -B "$DB_NAME")
	if [ "$("${admin[@]}" -e 'SELECT COUNT(*) FROM posts')" = 0 ]; then
		"${admin[@]}" < sql/demo.sql
		echo "run: loaded the demo posts from sql/demo.sql"
	fi
	touch "$DEMO_MARK"
fi

echo "run: the blog is on http://127.0.0.1:$PORT/blog/ (Ctrl-C stops it)"
scripts/apache.sh foreground &
wait $! || true

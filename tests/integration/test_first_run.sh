#!/usr/bin/env bash
# A first `make run` as a new user does it, from a checkout inside a 0700
# folder (root's home on Debian is 0700, and Apache's workers and blog.fcgi
# run as www-data): it says where the blog is only once /healthz answers,
# the pages and the stylesheet are served, and what it keeps is closed to
# other local accounts. Then the failures a new user meets (a port taken)
# are named with their fix. The checkout is copied with its build, so make
# has nothing to compile; its private MariaDB is new.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/write_lib.sh"

HOME700=$TEST_DIR/home
mkdir -m 0700 "$HOME700"
COPY=$HOME700/blog
mkdir "$COPY"
# The checkout as a clone has it, plus what make built (sanitized under
# make test SAN=1), with their times, so that make finds all up to date.
BUILD=${BUILD:-build}
SAN_ARG=
[ "$BUILD" != build-san ] || SAN_ARG=SAN=1
# checkout_files: the files a clone has (all but var/ and what is built,
# outside a git checkout).
checkout_files() {
	if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git -C "$ROOT" ls-files -z --cached --others --exclude-standard
	else
		(cd "$ROOT" && find . \( -path ./var -o -path './build*' -o \
		    -name node_modules -o -path ./.git \) -prune -o -type f -print0)
	fi
}
(cd "$ROOT" && checkout_files | tar --null -cf - -T -) | (cd "$COPY" && tar -xf -)
(cd "$ROOT" && tar -cf - "$BUILD" blog.fcgi blog-image migrate blogctl .build-flavor) |
    (cd "$COPY" && tar -xf -)
# The make running this test must not pass its own variables down.
unset MAKEFLAGS MFLAGS MAKELEVEL
PORT=$(free_port)
RUN_LOG=$TEST_DIR/run.log
RUN_PID=

# stop_run: stops make run as Ctrl-C would (run.sh traps TERM the same way).
stop_run() {
	local pid
	[ -n "$RUN_PID" ] || return 0
	pid=$(pgrep -f "^bash scripts/run.sh" -P "$RUN_PID" 2>/dev/null || true)
	for p in $pid $RUN_PID; do kill -TERM "$p" 2>/dev/null || true; done
	wait_for_exit "$RUN_PID" 60 || kill -KILL "$RUN_PID" 2>/dev/null || true
	RUN_PID=
}
# As root, the copy's images live outside it, where www-data can read them
# (scripts/lib.sh, media_dir); they go with the test.
MEDIA_HOME=
[ "$(id -u)" -ne 0 ] ||
    MEDIA_HOME=/var/lib/blog/$(printf '%s' "$COPY" | sha256sum | cut -c1-16)
trap 'stop_run; [ -z "$MEDIA_HOME" ] || rm -rf "$MEDIA_HOME";
    [ "$FINISHED" -eq 1 ] || finish >/dev/null' EXIT

(cd "$COPY" && unset BLOG_CONFIG BLOG_PORT && BLOG_PORT=$PORT exec make run $SAN_ARG) \
    > "$RUN_LOG" 2>&1 &
RUN_PID=$!
ready=0
for ((i = 0; i < 1200; i++)); do
	if grep -q "the blog is on" "$RUN_LOG"; then
		# At the very moment it says so, the blog answers.
		code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/blog/")
		ready=1
		break
	fi
	kill -0 "$RUN_PID" 2>/dev/null || break
	sleep 0.1
done
OUT=$(cat "$RUN_LOG")
if [ "$ready" -eq 1 ]; then ok "make run in a 0700 folder says where the blog is"
else not_ok "make run in a 0700 folder says where the blog is" "$OUT"; fi
output_has "make run names the address" "http://127.0.0.1:$PORT/blog/"
same "the index answers as soon as it is announced" "${code:-none}" 200
check "the stylesheet is served" curl -sf -o /dev/null "http://127.0.0.1:$PORT/static/style.css"
check "/healthz answers ok" curl -sf "http://127.0.0.1:$PORT/healthz"
check "a demo post is served" curl -sf -o /dev/null "http://127.0.0.1:$PORT/blog/tags"

if [ "$(id -u)" -eq 0 ]; then
	users=$(ps -C blog.fcgi -o user=,args= | grep -F "$COPY/" | awk '{print $1}' | sort -u | tr '\n' ' ')
	same "blog.fcgi serves as www-data, not root" "$users" "www-data "
	# www-data writes the images there and Apache reads them.
	same "the images' directory is www-data's, closed to others" \
	    "$(stat -c '%U %a' "$MEDIA_HOME/media" 2>&1)" "www-data 750"
fi
same "var/ is closed to other accounts" "$(stat -c %a "$COPY/var")" 700
same "the generated password files are the owner's alone" \
    "$(stat -c %a "$COPY/var/secrets/blog.password" "$COPY/var/secrets/blog_migrate.password" | tr '\n' ' ')" \
    "600 600 "
if grep -qE '^[[:space:]]*(migrate_)?password[[:space:]]*=' "$ROOT/config.ini"; then
	not_ok "config.ini holds no password" "$(grep -n password "$ROOT/config.ini")"
else ok "config.ini holds no password"; fi

# Another local account can reach neither the database's socket nor the
# FastCGI socket (nobody: any account but the owner and www-data).
socket=$COPY/var/mariadb/mysqld.sock
if [ "$(id -u)" -eq 0 ]; then
	OUT=$(setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    mariadb --no-defaults --socket="$(readlink -f "$socket")" -u nobody -e 'SELECT 1' 2>&1)
	case "$OUT" in
	*"ERROR 2002"*|*"Permission denied"*|*"ERROR 1045"*|*"ERROR 1698"*)
		ok "another account cannot connect to the database's socket" ;;
	*) not_ok "another account cannot connect to the database's socket" "$OUT" ;;
	esac
	if setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    ls "$COPY/var" "$(dirname "$(readlink -f "$socket")")" >/dev/null 2>&1; then
		not_ok "another account cannot list var/ or the socket's folder"
	else ok "another account cannot list var/ or the socket's folder"; fi
fi

# A second make run on the same port: refused before starting anything,
# with the cause and the fix.
OUT=$(cd "$COPY" && unset BLOG_CONFIG && BLOG_PORT=$PORT timeout 120 scripts/run.sh 2>&1)
status=$?
same "a run on a taken port fails" "$status" 1
output_has "the failure names the taken port and the fix" "port $PORT is taken" "BLOG_PORT="
if grep -q "the blog is on" <<<"$OUT"; then
	not_ok "a failed run never says the blog is on" "$OUT"
else ok "a failed run never says the blog is on"; fi

# none_left: no process of the copy's (MariaDB, Apache, blog.fcgi) runs.
none_left() { ! pgrep -f "$COPY/" >/dev/null; }
stop_run
check "stopping make run stopped Apache, blog.fcgi and MariaDB" none_left
finish

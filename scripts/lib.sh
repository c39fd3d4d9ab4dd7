# Shared by the scripts: where things are, and reading config.ini.
# Sourced, not run.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CONFIG=${BLOG_CONFIG:-$ROOT/config.ini}
case "$CONFIG" in /*) ;; *) CONFIG=$PWD/$CONFIG ;; esac

# ini_get SECTION KEY [DEFAULT]: a value of $CONFIG, as inih reads it
# (trimmed, inline ';' or '#' comments after a space dropped).
ini_get() {
	local value
	value=$(awk -v want_section="$1" -v want_key="$2" '
		/^[ \t]*[;#]/ { next }
		/^[ \t]*\[/ { sub(/^[ \t]*\[/, ""); sub(/\].*/, ""); section = $0; next }
		section == want_section {
			eq = index($0, "="); if (eq == 0) next
			key = substr($0, 1, eq - 1); gsub(/^[ \t]+|[ \t]+$/, "", key)
			if (key != want_key) next
			value = substr($0, eq + 1)
			sub(/[ \t][;#].*$/, "", value); gsub(/^[ \t]+|[ \t]+$/, "", value)
			print value; exit
		}' "$CONFIG")
	printf '%s' "${value:-${3:-}}"
}

# config_path VALUE: VALUE made absolute against the directory of $CONFIG.
config_path() {
	case "$1" in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$(dirname "$CONFIG")" "$1" ;; esac
}

# sql_string VALUE: VALUE quoted as an SQL string literal.
sql_string() {
	local s=${1//\\/\\\\}
	printf "'%s'" "${s//\'/\'\'}"
}

# wait_for_exit PID SECONDS: waits until PID is gone; returns 1 on time-out.
wait_for_exit() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	return 1
}

# runtime_dir DIR: where the sockets and files of DIR live that Apache's
# workers and blog.fcgi reach once they run as www-data. For a normal user,
# who runs them all, that is DIR itself. Root's checkout may sit in a 0700
# home that www-data cannot even pass through, so for root it is a directory
# of its own under /run, named after DIR, open to root and www-data's group
# only. Prints the directory, made if missing.
runtime_dir() {
	local dir=$1 id
	if [ "$(id -u)" -ne 0 ]; then
		printf '%s' "$dir"
		return
	fi
	id=$(printf '%s' "$dir" | sha256sum | cut -c1-16)
	dir=/run/blog/$id
	mkdir -p -m 0755 /run/blog
	mkdir -p -m 0750 "$dir"
	chgrp "$(id -gn "${APACHE_USER:-www-data}")" "$dir"
	printf '%s' "$dir"
}

# private_dir DIR: makes DIR (and its parents) if missing, and closes DIR
# to every other local account.
private_dir() {
	mkdir -p "$1"
	chmod 0700 "$1"
}

# static_dir APACHE_DIR: the directory Apache serves /static/ from: static/
# itself, or as root a copy in runtime_dir (scripts/apache.sh makes it).
static_dir() {
	if [ "$(id -u)" -ne 0 ]; then
		printf '%s' "$ROOT/static"
	else
		printf '%s/static' "$(runtime_dir "$1")"
	fi
}

# pages_dir DIR: where the copies of readers' pages live that blog.fcgi
# writes and Apache serves (src/app/pagefile.h) for the Apache of DIR: in
# memory, /dev/shm/blog-<id>/pages, named after DIR as runtime_dir is.
# Copies come and go by the thousand (a crawler makes one per post, and a
# write makes them all stale): on a disk's file system (ext4) creating
# files soon after deleting thousands made blog.fcgi's workers spend a
# millisecond a file in the kernel's inode search; tmpfs has no such
# search, and holds nothing worth keeping. Prints the directory (not made
# here).
pages_dir() {
	local id
	id=$(printf '%s' "$1" | sha256sum | cut -c1-16)
	printf '/dev/shm/blog-%s/pages' "$id"
}

# media_dir: where the uploaded images live, which blog.fcgi writes and
# Apache serves as /media/: $BLOG_MEDIA_DIR, else config.ini's [media] dir
# (relative to its directory), else var/media beside it. Root's checkout may
# sit in a 0700 home that Apache's www-data cannot pass through, so for
# root, when neither names a directory, it is /var/lib/blog/<id>/media
# instead, named after the checkout as runtime_dir is, and kept (unlike
# /run) across reboots. As root the directory is made www-data's. Prints
# the directory, made if missing.
media_dir() {
	local dir=${BLOG_MEDIA_DIR:-} id user=${APACHE_USER:-www-data}
	[ -n "$dir" ] || dir=$(ini_get media dir)
	if [ -n "$dir" ]; then
		dir=$(config_path "$dir")
	elif [ "$(id -u)" -ne 0 ]; then
		dir=$(dirname "$CONFIG")/var/media
	else
		id=$(printf '%s' "$ROOT" | sha256sum | cut -c1-16)
		mkdir -p -m 0755 /var/lib/blog
		dir=/var/lib/blog/$id/media
		mkdir -p -m 0750 "$(dirname "$dir")"
		chgrp "$(id -gn "$user")" "$(dirname "$dir")"
	fi
	if [ ! -d "$dir" ]; then
		mkdir -p -m 0750 "$dir"
		[ "$(id -u)" -ne 0 ] || chown "$user:$(id -gn "$user")" "$dir"
	fi
	printf '%s' "$dir"
}

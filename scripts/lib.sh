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

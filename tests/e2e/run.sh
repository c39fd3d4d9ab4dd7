#!/usr/bin/env bash
# The browser tests: starts the whole blog (private MariaDB, ./migrate,
# Apache with blog.fcgi) through tests/integration/lib.sh, loads the
# fixtures, makes an author with ./blogctl, and runs the *.test.js files
# here in Debian's Chromium with node's test runner. Installs the npm
# packages from package-lock.json first when they are missing or stale.
# Prints node's spec report, then as its last line "N passed, N failed";
# exits non-zero on any failure. Screenshots go to tests/e2e/screenshots/.
#
#   tests/e2e/run.sh [FILE.test.js...]     (default: every *.test.js here)
set -uo pipefail
E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# fail_early MESSAGE: the suite could not run at all; that counts as a failure.
fail_early() {
	echo "e2e: $1" >&2
	echo "0 passed, 1 failed"
	exit 1
}

command -v node >/dev/null || fail_early "node is not installed"
# The files to run, made absolute before lib.sh changes directory.
files=()
for f in "$@"; do
	[ -f "$f" ] || fail_early "no such test file: $f"
	files+=("$(realpath "$f")")
done
[ ${#files[@]} -gt 0 ] || files=("$E2E_DIR"/*.test.js)
[ -x /usr/bin/chromium ] || fail_early "/usr/bin/chromium is missing (Debian package chromium)"

# npm ci when node_modules is missing or older than the lock file: npm ci
# writes node_modules/.package-lock.json last, so its age is the install's.
if [ ! -f "$E2E_DIR/node_modules/.package-lock.json" ] ||
    [ "$E2E_DIR/package-lock.json" -nt "$E2E_DIR/node_modules/.package-lock.json" ]; then
	echo "e2e: npm ci"
	(cd "$E2E_DIR" && npm ci --no-audit --no-fund --loglevel=error) ||
	    fail_early "npm ci failed"
fi

. "$E2E_DIR/../integration/lib.sh"	# cd's to the project root
for bin in migrate blog.fcgi; do
	[ -x "./$bin" ] || fail_early "./$bin is missing: run make first"
done

TEST_PER_PAGE=3
# start_blog calls lib.sh's finish and exits when a server will not start;
# its tally then reports that as the one failure.
FAILED=1
start_blog
FAILED=0
sql < "$E2E_DIR/fixtures.sql" || fail_early "could not load fixtures.sql"

# The author the write tests sign in as. Without ./blogctl those tests are
# reported as skipped, with this reason, never as passed.
export E2E_USERNAME=e2e E2E_PASSWORD=e2e-password-1
if [ ! -x ./blogctl ]; then
	export E2E_NO_AUTHOR="./blogctl is missing, so there is no author to sign in as"
elif ! printf '%s\n' "$E2E_PASSWORD" | ./blogctl adduser "$E2E_USERNAME" \
    >"$TEST_DIR/adduser.log" 2>&1; then
	cat "$TEST_DIR/adduser.log" >&2
	fail_early "./blogctl adduser $E2E_USERNAME failed"
fi
export BASE_URL

tap=$TEST_DIR/e2e.tap
mkdir -p "$E2E_DIR/screenshots"

# One file at a time: the files share the database, and two Chromiums on
# two cores only make each slower. A test stuck for a minute fails (each
# takes a few seconds). The spec report is for people, the TAP copy for
# the tally.
node --test --test-concurrency=1 --test-timeout=60000 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" \
    "${files[@]}"
status=$?

# tap_count NAME: the number on the "# NAME N" summary line of the TAP copy.
tap_count() {
	sed -n "s/^# $1 \([0-9][0-9]*\)\$/\1/p" "$tap" 2>/dev/null | tail -n 1
}
passed=$(tap_count pass) failed=$(tap_count fail)
cancelled=$(tap_count cancelled) skipped=$(tap_count skipped) todo=$(tap_count todo)
if [ -z "$passed" ] || [ -z "$failed" ]; then
	echo "e2e: node's test runner gave no summary (exit $status)"
	passed=${passed:-0} failed=$((${failed:-0} + 1))
fi
failed=$((failed + ${cancelled:-0}))
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
# The failed tests again, one line each, for scripts/test.sh's summary.
grep -E '^not ok ' "$tap" 2>/dev/null
[ "${skipped:-0}" -eq 0 ] || echo "e2e: ${skipped} skipped${E2E_NO_AUTHOR:+ (${E2E_NO_AUTHOR})}"
[ "${todo:-0}" -eq 0 ] || echo "e2e: ${todo} todo: known gaps, marked # TODO above, not counted"
echo "e2e: screenshots in tests/e2e/screenshots/"

if [ "$failed" -gt 0 ] && [ -s "$TEST_DIR/log/error.log" ]; then
	echo "# Apache error log of this run (last 40 lines):"
	tail -n 40 "$TEST_DIR/log/error.log" | sed 's/^/#   /'
fi

# finish stops Apache and MariaDB and prints lib.sh's own tally of the
# shell-side checks (none here): keep it off the last line.
finish >/dev/null
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

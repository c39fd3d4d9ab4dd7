#!/usr/bin/env bash
# Runs the test suites: scripts/test.sh [unit|integration|cluster|e2e]...
# (default: all; cluster-long: the cluster's long pass, with its throughput).
# Each test program prints "N passed, N failed" as its last line; this adds
# them up, prints the total the same way, and fails if anything failed. What
# went wrong is repeated at the end, where a CI log's tail shows it.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
BUILD=${BUILD:-build}
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(unit integration cluster e2e)

total_passed=0 total_failed=0 broken=() failures=()

# A sanitized build: every report, the FastCGI workers' (running as
# www-data) included, goes to one directory, and any file there fails the run.
if [ "$BUILD" = build-san ] && [ -z "${SAN_LOG_DIR:-}" ]; then
	SAN_LOG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/blog-san.XXXXXX")
	chmod 1777 "$SAN_LOG_DIR"
	export SAN_LOG_DIR
	export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:log_path=$SAN_LOG_DIR/asan${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
	export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$SAN_LOG_DIR/ubsan${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
fi

# run_one NAME COMMAND...: runs a test program and adds up its tally.
run_one() {
	local name=$1 out status tally passed failed named line
	shift
	echo "== $name"
	out=$(mktemp)
	"$@" 2>&1 | tee "$out"
	status=${PIPESTATUS[0]}
	tally=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
	# A failed check: "not ok - ..." (integration, e2e), "FAIL fn" (unit).
	named=$(grep -cE '^not ok |^FAIL ' "$out")
	while IFS= read -r line; do failures+=("$name: $line"); done \
	    < <(grep -E '^not ok |^FAIL ' "$out")
	if [ -z "$tally" ]; then
		broken+=("$name (exit $status, no tally)")
		total_failed=$((total_failed + 1))
	else
		passed=${tally%% passed*}
		failed=${tally#*, }; failed=${failed%% failed*}
		total_passed=$((total_passed + passed))
		total_failed=$((total_failed + failed))
		if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
			broken+=("$name (exit $status)")
			total_failed=$((total_failed + 1))
		elif [ "$status" -ne 0 ] && [ "$named" -eq 0 ]; then
			broken+=("$name (exit $status, no check named)")
		fi
	fi
	# Stopped short, or failed without naming a check: say its last words.
	if [ "$status" -ne 0 ] && [ "$named" -eq 0 ] || [ -z "$tally" ]; then
		last_words "$out"
	fi
	rm -f "$out"
}

# last_words OUTPUT: what a test that stopped short said last, besides its
# passing checks, kept for the summary.
last_words() {
	local line
	while IFS= read -r line; do broken+=("    $line"); done \
	    < <(grep -vE '^ok |^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 8)
}

for suite in "${suites[@]}"; do
	case "$suite" in
	unit)
		for t in "$BUILD"/tests/test_*; do
			[ -x "$t" ] && run_one "unit/$(basename "$t")" "$t"
		done ;;
	integration)
		for t in tests/integration/test_*.sh; do
			[ -f "$t" ] && run_one "integration/$(basename "$t" .sh)" bash "$t"
		done ;;
	cluster)
		run_one cluster bash tests/cluster/test_cluster.sh --short ;;
	cluster-long)
		run_one cluster bash tests/cluster/test_cluster.sh --long ;;
	e2e)
		run_one e2e bash tests/e2e/run.sh ;;
	*) echo "test.sh: unknown suite '$suite'" >&2; exit 2 ;;
	esac
done

if [ -n "${SAN_LOG_DIR:-}" ] && [ -n "$(ls -A "$SAN_LOG_DIR")" ]; then
	for f in "$SAN_LOG_DIR"/*; do echo "== sanitizer report $f"; head -n 40 "$f"; done
	broken+=("sanitizers: $(ls "$SAN_LOG_DIR" | wc -l) report(s) in $SAN_LOG_DIR")
	total_failed=$((total_failed + 1))
fi

echo
for f in "${failures[@]}"; do echo "failed: $f"; done
for b in "${broken[@]}"; do
	case "$b" in "    "*) echo "$b" ;; *) echo "broken: $b" ;; esac
done
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]

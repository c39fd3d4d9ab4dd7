#!/usr/bin/env bash
# valgrind memcheck on every unit test: tests/fuzz/valgrind.sh [TEST...]
#
# Runs each $BUILD/tests/test_* (default build/, after `make unit`; not
# build-san/, whose AddressSanitizer cannot run under valgrind) under
# memcheck: any invalid read or write, use of uninitialised memory or
# definitely lost block fails the test; still-reachable memory (ICU's and
# ctemplate's caches) does not. Works with gcc's objects; clang 14 writes
# DWARF 5, which valgrind 3.19 cannot read. Logs go to
# $BUILD/valgrind/TEST.log. The last line is "N passed, N failed".
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
BUILD=${BUILD:-build}

if ! command -v valgrind >/dev/null; then
	echo "valgrind: not installed (apt-get install valgrind)" >&2
	exit 2
fi
tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
	for t in "$BUILD"/tests/test_*; do
		[ -x "$t" ] && tests+=("$t")
	done
fi
if [ ${#tests[@]} -eq 0 ]; then
	echo "valgrind: no unit tests in $BUILD/tests (run make unit first)" >&2
	exit 2
fi

mkdir -p "$BUILD/valgrind"
passed=0 failed=0
for t in "${tests[@]}"; do
	name=$(basename "$t")
	log=$BUILD/valgrind/$name.log
	if valgrind --quiet --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite --show-leak-kinds=definite \
	    --track-origins=yes --log-file="$log" "$t" >/dev/null 2>&1; then
		echo "ok - $name"
		passed=$((passed + 1))
	else
		status=$?
		if [ "$status" -eq 99 ]; then
			echo "not ok - $name: memcheck errors (log $log)"
			grep -E '^==[0-9]+== (Invalid|Conditional|Use of|Syscall|Mismatched|[0-9,]+ bytes in .* definitely)' \
			    "$log" | sort | uniq -c | head -n 5 | sed 's/^/#   /'
		else
			echo "not ok - $name: the test itself failed (exit $status)"
		fi
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

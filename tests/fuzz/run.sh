#!/usr/bin/env bash
# The fuzz targets: tests/fuzz/run.sh [SECONDS] [TARGET...]
#
# Builds each tests/fuzz/fuzz_TARGET.c with clang's libFuzzer, AddressSanitizer
# and UndefinedBehaviorSanitizer into build-fuzz/ (with the parts of src/ it
# reaches, and tests/fuzz/arena.c in place of src/lib/arena.c so that every
# allocation has red zones of its own), then runs each for SECONDS (default
# 60) from the seed corpus tests/fuzz/corpus/TARGET/, with the dictionary
# tests/fuzz/dict/TARGET.dict when there is one. New inputs go to
# build-fuzz/corpus/TARGET/, so a later run starts from where this one got.
#
# Prints the executions of each target and fails if any crashed, broke a
# property, ran out of memory or hung: the input is then saved as
# build-fuzz/crashes/TARGET-*, to become a unit test (tests/unit/test_regress_*.c).
# Replay one with: build-fuzz/fuzz_TARGET build-fuzz/crashes/TARGET-...
# The last line is "N passed, N failed", as for the other test programs.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"

secs=${1:-60}
shift || true
case "$secs" in
''|*[!0-9]*) echo "usage: tests/fuzz/run.sh [SECONDS] [TARGET...]" >&2; exit 2 ;;
esac
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	for f in tests/fuzz/fuzz_*.c; do
		t=${f#tests/fuzz/fuzz_}
		targets+=("${t%.c}")
	done
fi

CC=${FUZZ_CC:-clang}
OUT=build-fuzz
PKGS="libsodium icu-uc icu-i18n md4c inih yaml-0.1"
CFLAGS=(-std=c17 -Wall -Wextra -Wpedantic -Werror -D_GNU_SOURCE -g -O1
    -fno-omit-frame-pointer -fsanitize=address,undefined
    -fno-sanitize-recover=all $(pkg-config --cflags $PKGS))
LIBS=$(pkg-config --libs $PKGS)

# What the targets reach of src/: the lib and http layers whole (but the
# arena), the view's C files (not ctemplate.cc), the app's route table with
# the post form's checks it names, and the migrator's file reader.
sources() {
	ls src/lib/*.c src/http/*.c src/view/*.c src/migrate/script*.c |
	    grep -v '^src/lib/arena\.c$'
	printf '%s\n' tests/fuzz/arena.c src/app/routes.c src/app/post_input.c
}

compile() {
	"$CC" "${CFLAGS[@]}" -fsanitize=fuzzer-no-link -c -o "$2" "$1"
}

# build: the archive of the sources, rebuilt when anything it reads is
# newer; two compilers at a time.
build() {
	local lib=$OUT/libsrc.a objs=() pids=() src obj rc=0
	mkdir -p "$OUT/obj"
	if [ -f "$lib" ] && [ -z "$(find src tests/fuzz -name '*.[ch]' \
	    -newer "$lib" -print -quit)" ]; then
		return 0
	fi
	echo "fuzz: building with $CC into $OUT/"
	for src in $(sources); do
		obj=$OUT/obj/$(tr / _ <<<"${src%.c}").o
		objs+=("$obj")
		compile "$src" "$obj" &
		pids+=($!)
		if [ ${#pids[@]} -ge 2 ]; then
			wait "${pids[0]}" || rc=1
			pids=("${pids[@]:1}")
		fi
	done
	for p in "${pids[@]}"; do wait "$p" || rc=1; done
	[ "$rc" -eq 0 ] || return 1
	rm -f "$lib"
	ar rcs "$lib" "${objs[@]}"
}

# link TARGET: build-fuzz/fuzz_TARGET.
link() {
	"$CC" "${CFLAGS[@]}" -fsanitize=fuzzer -o "$OUT/fuzz_$1" \
	    "tests/fuzz/fuzz_$1.c" "$OUT/libsrc.a" $LIBS
}

# run TARGET: fuzzes it for $secs seconds; prints one line; 0 unless it failed.
run() {
	local t=$1 log=$OUT/$1.log dict=() execs status
	mkdir -p "$OUT/corpus/$t" "$OUT/crashes"
	[ -f "tests/fuzz/dict/$t.dict" ] && dict=(-dict="tests/fuzz/dict/$t.dict")
	"$OUT/fuzz_$t" -max_total_time="$secs" -print_final_stats=1 \
	    -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
	    -artifact_prefix="$OUT/crashes/$t-" "${dict[@]}" \
	    "$OUT/corpus/$t" "tests/fuzz/corpus/$t" > "$log" 2>&1
	status=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	if [ "$status" -eq 0 ]; then
		printf 'fuzz_%-10s %10s executions in %s s, corpus %s inputs\n' \
		    "$t" "${execs:-?}" "$secs" \
		    "$(ls "$OUT/corpus/$t" | wc -l)"
		return 0
	fi
	printf 'fuzz_%-10s FAILED (exit %s) after %s executions; log %s\n' \
	    "$t" "$status" "${execs:-?}" "$log"
	grep -E '^(==[0-9]+==ERROR|SUMMARY|.*property failed|.*runtime error|artifact_prefix|Test unit written)' \
	    "$log" | head -n 10 | sed 's/^/    /'
	return 1
}

if ! command -v "$CC" >/dev/null; then
	echo "fuzz: $CC not found (Debian: apt-get install clang libclang-rt-14-dev)" >&2
	exit 2
fi
passed=0 failed=0
build || { echo "fuzz: the build failed"; echo "0 passed, 1 failed"; exit 1; }
for t in "${targets[@]}"; do
	if [ ! -f "tests/fuzz/fuzz_$t.c" ]; then
		echo "fuzz: no target '$t' (tests/fuzz/fuzz_$t.c)" >&2
		failed=$((failed + 1))
		continue
	fi
	if ! link "$t"; then
		echo "fuzz_$t: does not link"
		failed=$((failed + 1))
		continue
	fi
	if run "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

# What the ./migrate tests share, sourced after lib.sh: scratch migrations
# in $MIG (passed with --dir) and checks on a run's exit status and output.
#
#   run ARGS...            ./migrate ARGS; sets OUT (stdout and stderr), RC
#   run_migrate ARGS...    the same on the scratch migrations
#   expect NAME RC [TEXT...]   ok if the last run exited RC and printed each TEXT
#   migration NAME         writes $MIG/NAME.sql from stdin

MIG=$TEST_DIR/m
mkdir -p "$MIG"

run() { OUT=$("$ROOT/migrate" "$@" 2>&1); RC=$?; }
run_migrate() { run --dir "$MIG" "$@"; }

expect() {
	local name=$1 rc=$2
	shift 2
	if [ "$RC" -ne "$rc" ]; then
		not_ok "$name" "exit $RC, want $rc; output:"$'\n'"$OUT"
		return
	fi
	output_has "$name" "$@"
}

migration() { cat > "$MIG/$1.sql"; }

#!/usr/bin/env bash
# The migrations of the project, against sql/schema.sql: upgrading makes
# exactly the schema that file shows (else: the diff, and 'make schema');
# every down section works (downgrade 0 leaves only the version table); and
# upgrading again makes the same schema.
. "$(dirname "$0")/lib.sh"

# schema_diff: how the test database differs from sql/schema.sql (empty: not).
schema_diff() {
	diff -u "$ROOT/sql/schema.sql" \
	    <("$ROOT/scripts/schema.sh" dump "$TEST_DIR/db/mysqld.sock" blog_test) |
	    sed -e "1s|.*|--- sql/schema.sql|" -e "2s|.*|+++ what the migrations make|"
}

# same_schema NAME: ok when the test database has sql/schema.sql's schema.
same_schema() {
	local out
	out=$(schema_diff)
	if [ -z "$out" ]; then
		ok "$1"
	else
		not_ok "$1" "$out"$'\n'"(run 'make schema' and review the diff)"
	fi
}

# tables: the test database's tables, on one line.
tables() { sql "SHOW TABLES" | tr '\n' ' '; }

start_db

check "./migrate upgrade applies every migration" "$ROOT/migrate" upgrade
same_schema "sql/schema.sql is what the migrations make"
check "./migrate downgrade 0 reverts every migration" "$ROOT/migrate" downgrade 0
check "the down sections leave only the version table" \
    test "$(tables)" = "schema_migrations "
check "./migrate upgrade works again after that" "$ROOT/migrate" upgrade
same_schema "and makes the same schema again"

finish

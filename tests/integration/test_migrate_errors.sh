#!/usr/bin/env bash
# ./migrate when things go wrong, on scratch migrations in $TEST_DIR/m: a
# failing statement (file, line, server message; dirty at the statement;
# upgrade refuses; force repairs), an applied file edited since, a pending
# file numbered below the current version, a missing file, a file the
# reader refuses, and CRLF and BOM not counting as edits.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/migrate_lib.sh"

# json_value PATH: PATH of the last status --json (MariaDB reads it).
json_value() { sql "SELECT JSON_VALUE($(sql_string "$OUT"), '$1')"; }

start_db

migration 0001_create_a <<'SQL'
-- migrate:up
CREATE TABLE a (x INT);
-- migrate:down
DROP TABLE a;
SQL
migration 0002_create_b_and_c <<'SQL'
-- migrate:up
CREATE TABLE b (x INT);

-- the typo below fails on the server
CREATE TABLE c (x INT) ENGIN=InnoDB;
CREATE TABLE d (x INT);
-- migrate:down
DROP TABLE d;
DROP TABLE c;
DROP TABLE b;
SQL

# --- a failing statement
run_migrate upgrade
expect "a failing statement: exit 1, file, line and server message" 1 \
    "0001_create_a ... ok" "0002_create_b_and_c ... FAILED" \
    "$MIG/0002_create_b_and_c.sql:5: statement 2 of 3 of the up section failed: ERROR 1911 (HY000): Unknown option 'ENGIN'"
expect "the failure says how to repair" 1 "Repair the database by hand" \
    "./migrate force 2   if 0002_create_b_and_c is now completely applied" \
    "./migrate force 1   if it is completely undone"
check "the statement before the failing one stays applied" sql "SELECT 1 FROM b"
run_migrate status
expect "status shows it dirty at the failing statement" 0 \
    "database blog_test: version 2 (dirty)" \
    "DIRTY: upgrade stopped at statement 2 of 3" \
    "($MIG/0002_create_b_and_c.sql:5)"
run_migrate status --json
check "status --json says dirty, at statement 1 done of 3" test \
    "$(json_value '$.dirty') $(json_value '$.applied[1].statements_done') $(json_value '$.applied[1].statements_total')" = "1 1 3"
run_migrate upgrade
expect "upgrade refuses while a migration is dirty" 1 \
    "upgrade refused: 0002_create_b_and_c is dirty" "./migrate force 1"
run_migrate downgrade
expect "downgrade refuses too" 1 "downgrade refused: 0002_create_b_and_c is dirty"

# Repair: undo what ran, fix the file, record version 1, upgrade again.
sql "DROP TABLE b"
sed -i 's/ENGIN=/ENGINE=/' "$MIG/0002_create_b_and_c.sql"
run_migrate force 1
expect "force 1 records the undone migration as not applied" 0 \
    "removed 0002_create_b_and_c from the version table (was dirty)" \
    "the database is recorded at version 1, clean"
run_migrate upgrade
expect "after the repair, upgrade applies the fixed file" 0 \
    "0002_create_b_and_c ... ok" "the database is at version 2"
run_migrate force 9
expect "force to an unknown version is refused" 1 "no migration numbered 9"
run_migrate force 2
expect "force on a clean state changes nothing" 0 "nothing to record"

# A failure in a down section leaves it dirty the other way.
sql "DROP TABLE c"
run_migrate downgrade
expect "a failing down statement: exit 1, file and line" 1 \
    "$MIG/0002_create_b_and_c.sql:9: statement 2 of 3 of the down section failed" \
    "./migrate force 1   if 0002_create_b_and_c is now completely reverted"
run_migrate status
expect "status shows the downgrade stopped" 0 "DIRTY: downgrade stopped at statement 2 of 3"
sql "DROP TABLE b"
run_migrate force 1
expect "force repairs a failed downgrade" 0 "the database is recorded at version 1, clean"

# --- an applied file edited since
run_migrate upgrade
cp "$MIG/0001_create_a.sql" "$TEST_DIR/0001.orig"
sed -i 's/x INT/x BIGINT/' "$MIG/0001_create_a.sql"
migration 0003_create_e <<'SQL'
-- migrate:up
CREATE TABLE e (x INT);
-- migrate:down
DROP TABLE e;
SQL
run_migrate upgrade
expect "upgrade refuses an applied file edited since, naming it" 1 \
    "upgrade refused: 1 applied migration changed since it was applied:" \
    "  $MIG/0001_create_a.sql (applied "
check "and applies nothing" test "$(sql "SELECT COUNT(*) FROM schema_migrations")" = 2
run_migrate status
expect "status reports the edited file" 0 "0001_create_a" "CHANGED since applied"
cp "$TEST_DIR/0001.orig" "$MIG/0001_create_a.sql"

# --- CRLF and a BOM are not edits
{ printf '\xef\xbb\xbf'; sed 's/$/\r/' "$TEST_DIR/0001.orig"; } > "$MIG/0001_create_a.sql"
run_migrate upgrade
expect "the same file with CRLF and a BOM is not an edit" 0 "0003_create_e ... ok"
run_migrate status --json
check "its checksum is the one applied from LF" test \
    "$(json_value '$.applied[0].checksum')" = "$(json_value '$.applied[0].file_checksum')"
check "and its state is ok" test "$(json_value '$.applied[0].state')" = ok

# --- a pending file numbered below the current version
migration 0002_late <<'SQL'
-- migrate:up
CREATE TABLE late (x INT);
-- migrate:down
DROP TABLE late;
SQL
run_migrate upgrade
expect "two files with one number are refused, naming both" 1 \
    "$MIG/0002_create_b_and_c.sql and $MIG/0002_late.sql have the same number 2"
mv "$MIG/0002_late.sql" "$MIG/0000_late.sql"
run_migrate upgrade
expect "a bad file name is refused, naming it" 1 "$MIG/0000_late.sql: bad migration file name"
rm "$MIG/0000_late.sql"
run_migrate downgrade 1
mv "$MIG/0002_create_b_and_c.sql" "$TEST_DIR/"
run_migrate upgrade
expect "with 2 gone, upgrade applies 3" 0 "0003_create_e ... ok"
sed 's/late/later/g' > "$MIG/0002_later.sql" <<'SQL'
-- migrate:up
CREATE TABLE late (x INT);
-- migrate:down
DROP TABLE late;
SQL
run_migrate upgrade
expect "a pending file below the current version is refused, not skipped" 1 \
    "upgrade refused: pending migration numbered below the current version 3" \
    "$MIG/0002_later.sql: renumber it above 3, e.g. to $MIG/0004_later.sql"
run_migrate status
expect "status marks it out of order" 0 "0002_later" "OUT OF ORDER: below the current version"
rm "$MIG/0002_later.sql"

# --- an applied file that is missing
mv "$MIG/0003_create_e.sql" "$TEST_DIR/"
run_migrate status
expect "status reports a missing applied file" 0 "0003_create_e" "FILE MISSING" \
    "$MIG/0003_create_e.sql is missing"
run_migrate status --json
check "status --json counts it missing" test "$(json_value '$.missing')" = 1
run_migrate downgrade
expect "downgrade refuses to revert without the file" 1 \
    "their files are missing:" "$MIG/0003_create_e.sql"
mv "$TEST_DIR/0003_create_e.sql" "$MIG/"

# --- the reader's errors name file and line
migration 0004_broken <<'SQL'
-- migrate:up
INSERT INTO e VALUES (1);
INSERT INTO e VALUES ('unterminated);
-- migrate:down
SQL
run_migrate upgrade
expect "an unterminated string names file and line" 1 \
    "$MIG/0004_broken.sql:3: unterminated '...' string that starts here"
check "and nothing ran" test "$(sql "SELECT COUNT(*) FROM e")" = 0

finish

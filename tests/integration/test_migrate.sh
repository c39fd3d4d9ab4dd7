#!/usr/bin/env bash
# ./migrate against a throw-away MariaDB, on scratch migrations in
# $TEST_DIR/m (--dir): init, new, upgrade, status (text and JSON),
# downgrade, --dry-run, the splitter on a real server (quotes, comments,
# DELIMITER), and usage errors. Failures and repairs: test_migrate_errors.sh;
# locking and connecting: test_migrate_server.sh.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/migrate_lib.sh"

# tables: the test database's tables, on one line.
tables() { sql "SHOW TABLES" | tr '\n' ' '; }

start_db

# --- usage errors: exit 2, before touching anything
for args in "" "frobnicate" "upgrade abc" "upgrade -- -1" "new Bad-Name" \
    "new" "force" "status extra" "--json upgrade" "--dry-run status" \
    "--wait soon status" "--lock-timeout 5 status" "--bogus status" \
    "init 3" "--dir"; do
	# shellcheck disable=SC2086
	run $args
	expect "usage error: ./migrate $args -> exit 2" 2 "migrate: " "--help"
done
run --help
expect "--help prints the usage, exit 0" 0 "usage: ./migrate" "--dry-run" \
    "--wait SECONDS" "--dir DIR" "force VERSION"

# --- init
sql "DROP DATABASE blog_test"
run_migrate status
expect "a missing database is explained" 1 "database 'blog_test' does not exist" \
    "./migrate init"
run init
expect "init creates the database and the version table" 0 \
    "created database blog_test (utf8mb4, utf8mb4_unicode_ci)" \
    "version table schema_migrations ready"
check "the database is utf8mb4_unicode_ci" test "$(sql "SELECT DEFAULT_COLLATION_NAME \
    FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'blog_test'")" = utf8mb4_unicode_ci
run init
expect "init again finds both" 0 "database blog_test exists (utf8mb4, utf8mb4_unicode_ci)"
check "the version table exists" test "$(tables)" = "schema_migrations "

# --- new
run_migrate new create_notes
expect "new writes 0001_NAME.sql" 0 "created $MIG/0001_create_notes.sql"
check "the new file has both sections" grep -qx -- "-- migrate:down" "$MIG/0001_create_notes.sql"
run_migrate upgrade
expect "an empty up section is refused, naming file and line" 1 \
    "$MIG/0001_create_notes.sql:9: the up section has no statements"

# --- the splitter on a real server
migration 0001_create_notes <<'SQL'
-- Notes, with text that would fool a naive splitter.
-- migrate:up
CREATE TABLE notes (
    id INT NOT NULL PRIMARY KEY, -- the key; not the end
    body VARCHAR(100) NOT NULL, # another; comment
    /* a block; comment */ len INT NULL
);

-- migrate:down
DROP TABLE notes;
SQL
migration 0002_fill_notes <<'SQL'
-- migrate:up
INSERT INTO notes (id, body) VALUES (1, 'semi;colon'), (2, "double;quoted"),
    (3, 'it''s; doubled'), (4, 'back\'slash;'), (5, "say \";\"");
-- migrate:down
DELETE FROM notes;
SQL
migration 0003_note_trigger <<'SQL'
-- migrate:up
DELIMITER $$
CREATE TRIGGER notes_len BEFORE INSERT ON notes FOR EACH ROW
BEGIN
    SET NEW.len = CHAR_LENGTH(NEW.body);
    SET NEW.body = CONCAT(NEW.body, '!');
END$$
CREATE PROCEDURE notes_count()
BEGIN
    SELECT COUNT(*) FROM notes;
END$$
DELIMITER ;

-- migrate:down
DROP PROCEDURE notes_count;
DROP TRIGGER notes_len;
SQL
migration 0004_more_notes <<'SQL'
-- migrate:up
INSERT INTO notes (id, body) VALUES (6, 'x;y');
CALL notes_count();
-- migrate:down
DELETE FROM notes WHERE id = 6;
SQL

run_migrate status
expect "status lists the pending migrations" 0 "database blog_test: version 0" \
    "applied: none" "  0001_create_notes" "  0004_more_notes"
expect "status warns about a migration with several DDL statements" 0 \
    "warning: 0003_note_trigger: its down section has 2 DDL statements"

# --- dry run: prints everything, runs nothing
before=$(tables)
run_migrate upgrade --dry-run
expect "upgrade --dry-run prints the statements and the version table's" 0 \
    "nothing was run" "-- $MIG/0002_fill_notes.sql:2" \
    "INSERT INTO schema_migrations (version, name, checksum, dirty, direction, statements_done, statements_total) VALUES (1, '0001_create_notes'" \
    "UPDATE schema_migrations SET statements_done = 1 WHERE version = 1;" \
    "DELIMITER \$\$" "END\$\$"
check "upgrade --dry-run runs nothing" test "$(tables)" = "$before"
check "upgrade --dry-run records nothing" test "$(sql "SELECT COUNT(*) FROM schema_migrations")" = 0

# --- upgrade to a version, then all
run_migrate upgrade 2
expect "upgrade 2 applies 1 and 2 with a line each" 0 \
    "0001_create_notes ... ok (" "0002_fill_notes ... ok (" "the database is at version 2"
check "upgrade 2 stops at 2" test "$(sql "SELECT MAX(version) FROM schema_migrations")" = 2
check "quoted and commented semicolons reached the server intact" test \
    "$(sql "SELECT GROUP_CONCAT(body ORDER BY id SEPARATOR '|') FROM notes")" = \
    "semi;colon|double;quoted|it's; doubled|back'slash;|say \";\""
run_migrate upgrade
expect "upgrade applies the rest in order" 0 "0003_note_trigger ... ok (" \
    "0004_more_notes ... ok (" "the database is at version 4"
check "the trigger made by DELIMITER works" test "$(sql "SELECT CONCAT(body, len) FROM notes WHERE id = 6")" = "x;y!3"
run_migrate upgrade
expect "upgrade with nothing pending says so" 0 "nothing to upgrade: the database is at version 4"
run_migrate upgrade 3
expect "upgrade to a lower version points to downgrade" 1 "./migrate downgrade 3"

# --- status, text and JSON
run_migrate status
expect "status shows the applied migrations with dates and times" 0 \
    "database blog_test: version 4" "pending: none" \
    "$(date -u +%Y-%m-%d)" " ms"
run_migrate status --json
json=$OUT
check "status --json is valid JSON" test "$(sql "SELECT JSON_VALID($(sql_string "$json"))")" = 1
check "status --json has the version" test "$(sql "SELECT JSON_VALUE($(sql_string "$json"), '\$.version')")" = 4
check "status --json lists the applied" test "$(sql "SELECT JSON_VALUE($(sql_string "$json"), '\$.applied[2].name')")" = 0003_note_trigger
mkdir -p "$TEST_DIR/odd \"dir\" \\ ü"
cp "$MIG/0001_create_notes.sql" "$TEST_DIR/odd \"dir\" \\ ü/"
json=$("$ROOT/migrate" --dir "$TEST_DIR/odd \"dir\" \\ ü" status --json 2>&1)
check "status --json escapes quotes and backslashes in paths" test \
    "$(sql "SELECT JSON_VALID($(sql_string "$json"))")" = 1
# A checksum is printed as the database holds it: whatever that is (a quote,
# a backslash, a control character), escaped.
checksum=$(sql "SELECT checksum FROM schema_migrations WHERE version = 1")
sql "UPDATE schema_migrations SET checksum = CONCAT('q', CHAR(34 USING ascii),
    'b', CHAR(92 USING ascii), 's', CHAR(1 USING ascii), 't') WHERE version = 1"
run_migrate status --json
json=$OUT
check "status --json escapes a checksum read from the database" test \
    "$(sql "SELECT JSON_VALID($(sql_string "$json"))")" = 1
check "and its value is the checksum as stored" test "$(sql "SELECT HEX(JSON_VALUE(
    $(sql_string "$json"), '\$.applied[0].checksum'))")" = 7122625C730174
sql "UPDATE schema_migrations SET checksum = '$checksum' WHERE version = 1"

# --- downgrade
run_migrate downgrade
expect "downgrade reverts one step" 0 "0004_more_notes (down) ... ok (" "the database is at version 3"
run_migrate downgrade --dry-run 1
expect "downgrade --dry-run prints the down statements" 0 "nothing was run" \
    "DROP TRIGGER notes_len;" "DELETE FROM schema_migrations WHERE version = 3;"
check "downgrade --dry-run runs nothing" test "$(sql "SELECT COUNT(*) FROM schema_migrations")" = 3
run_migrate downgrade 1
expect "downgrade 1 reverts 3 and 2" 0 "0003_note_trigger (down)" "0002_fill_notes (down)" \
    "the database is at version 1"
check "downgrade goes in the reverse order of application" test \
    "$(grep -o '^000[0-9]_[a-z_]*' <<<"$OUT" | tr '\n' ' ')" = "0003_note_trigger 0002_fill_notes "
run_migrate downgrade 3
expect "downgrade to a higher version is refused" 1 "nothing to revert"
run_migrate downgrade 0
expect "downgrade 0 reverts everything" 0 "0001_create_notes (down)" "the database is at version 0"
check "downgrade 0 leaves only the version table" test "$(tables)" = "schema_migrations "
run_migrate downgrade
expect "downgrade with nothing applied says so" 0 "nothing to downgrade"

# --- the dry run's output is what would run: fed to the client, it migrates
"$ROOT/migrate" --dir "$MIG" upgrade --dry-run > "$TEST_DIR/dry.sql" 2>&1
check "the dry run's output runs in the mariadb client" sql "source $TEST_DIR/dry.sql"
run_migrate status
expect "after it, status shows everything applied and clean" 0 \
    "database blog_test: version 4" "pending: none"
run_migrate upgrade
expect "and upgrade has nothing left" 0 "nothing to upgrade"

finish

#!/usr/bin/env bash
# ./migrate baseline, validate and repair: validate in CI with no server at
# all, and catching each kind of bad file; baseline on a database whose
# schema was made by hand (then upgrade applies only the later files), and
# its refusals; validate and repair on an applied file edited since; the
# run lock the two writers take.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/migrate_lib.sh"

# tables: the test database's tables, on one line.
tables() { sql "SHOW TABLES" | tr '\n' ' '; }
# up FILE: the statements of FILE's up section, for the mariadb client.
up() { awk '/^-- migrate:up/ { u = 1; next } /^-- migrate:down/ { u = 0 } u' "$1"; }
# checksum VERSION: the checksum the version table records for VERSION.
checksum() { sql "SELECT checksum FROM schema_migrations WHERE version = $1"; }

files=$(find migrations -maxdepth 1 -name '[0-9]*_*.sql' | wc -l)
last=$(printf '%04d' "$files")

# --- usage errors: exit 2, before touching anything
for args in "baseline" "baseline abc" "baseline 3 4" "validate 3" \
    "repair 3" "--yes validate" "--yes baseline 3" "--dry-run repair" \
    "--wait 5 validate"; do
	# shellcheck disable=SC2086
	run $args
	expect "usage error: ./migrate $args -> exit 2" 2 "migrate: " "--help"
done
run --help
expect "--help lists the three commands and --yes" 0 "baseline VERSION" \
    "validate" "repair --yes" "--yes" "exit 1"

# --- validate with no MariaDB at all (the config names a socket that is
# not there yet: start_db has not run)
write_config
started=$(date +%s)
run validate
expect "validate passes the repo's migrations with no server" 0 \
    "migrations: $files migration files (0001 to $last): 0 problems" \
    "checked the files only: no database answered"
check "and does not wait for one" test $(($(date +%s) - started)) -lt 5
BLOG_CONFIG=$TEST_DIR/none.ini run validate
expect "validate without a configuration checks the files only" 0 \
    "checked the files only: the configuration cannot be read"

# --- validate catches each kind of bad file, every one in one run
BAD=$TEST_DIR/bad
mkdir -p "$BAD"
cp migrations/*.sql "$BAD/"
rm "$BAD/0003_"*.sql
cp "$BAD/0005_"*.sql "$BAD/0005_again.sql"
n=$((files + 1))
cat > "$BAD/$(printf '%04d' "$n")_no_up.sql" <<'SQL'
-- a file that forgot its up section
-- migrate:down
DROP TABLE x;
SQL
noup=$BAD/$(printf '%04d' "$n")_no_up.sql
n=$((n + 1))
cat > "$BAD/$(printf '%04d' "$n")_quote.sql" <<'SQL'
-- migrate:up
CREATE TABLE q (x INT);

INSERT INTO q VALUES ('unterminated);
-- migrate:down
DROP TABLE q;
SQL
quote=$BAD/$(printf '%04d' "$n")_quote.sql
n=$((n + 1))
printf -- '-- migrate:up\nSELECT 1;\n-- migrate:down\n' > "$BAD/$(printf '%04d' "$n")_Bad_Name.sql"
printf -- '-- migrate:up\n-- migrate:down\n' > "$BAD/0099_empty_down.sql"
run validate --dir "$BAD"
expect "validate lists every problem, exit 1" 1 \
    "$BAD: no migration numbered 0003 (between 0002_" \
    "$BAD: 2 files numbered 0005: 0005_again.sql, 0005_count_posts.sql;" \
    "$noup:2: '-- migrate:down' before any '-- migrate:up'" \
    "$quote:4: unterminated '...' string that starts here" \
    "_Bad_Name.sql: bad migration file name" \
    "$BAD/0099_empty_down.sql:1: the up section has no statements"
expect "and counts them" 1 "problems, 0 warnings"
expect "a gap before 0099 is one problem, naming the range" 1 \
    "$BAD: no migrations numbered"
printf -- '-- migrate:up\nSELECT 1;\n-- migrate:down\n' > "$BAD/0099_empty_down.sql"
run validate --dir "$BAD"
expect "an empty down section is a warning" 1 \
    "$BAD/0099_empty_down.sql:3: warning: the down section is empty" "1 warning"
run validate --dir "$TEST_DIR/nothing"
expect "a missing directory fails, naming it" 1 "$TEST_DIR/nothing: cannot open"

start_db

# --- baseline on a database made by hand
cp migrations/*.sql "$MIG/"
for f in "$MIG"/000[1-5]_*.sql; do
	up "$f" | sql || echo "could not apply $f by hand"
done
before=$(tables)
run validate --dir "$MIG"
expect "validate on a database without a version table compares nothing" 0 \
    "no version table, so no applied migration to compare"
run_migrate baseline 42
expect "baseline to a version no file has is refused, naming those there are" 1 \
    "baseline refused: no migration numbered 42 in $MIG (its files are numbered 0001 to $last)"
check "and creates nothing" test "$(tables)" = "$before"
run_migrate baseline 5
expect "baseline 5 records 1 to 5, a line each, and runs nothing" 0 \
    "recorded 0001_create_posts as applied, not run (baseline)" \
    "recorded 0005_count_posts as applied, not run (baseline)" \
    "the database is recorded at version 5 (baseline); ./migrate upgrade applies the $((files - 5)) after it"
check "the version table has five rows" test "$(sql "SELECT COUNT(*) FROM schema_migrations")" = 5
check "with the files' checksums" test "$(checksum 1)" = "$(sha256sum < "$MIG/0001_create_posts.sql" | cut -d' ' -f1)"
run_migrate status
expect "status shows them applied by baseline, the rest pending" 0 \
    "database blog_test: version 5" "(baseline: not run)" "pending:" \
    "  0006_login_failures"
run_migrate status --json
check "status --json marks them as baseline" test \
    "$(sql "SELECT JSON_VALUE($(sql_string "$OUT"), '\$.applied[0].baseline')")" = 1
run_migrate upgrade
expect "upgrade applies only the files after the baseline" 0 \
    "0006_login_failures ... ok" "the database is at version $files"
if grep -qF "0005_count_posts ..." <<<"$OUT"; then
	not_ok "and none before it" "$OUT"
else
	ok "and none before it"
fi
run_migrate baseline 5
expect "baseline on a database with migrations recorded is refused" 1 \
    "baseline refused: the version table records $files migrations already (the database is at version $files)" \
    "./migrate force VERSION"

# --- baseline on the dumped schema (an empty version table in it)
sql "DROP DATABASE blog_test; CREATE DATABASE blog_test CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
# The dump lists tables by name, so a reference may come before its table.
check "sql/schema.sql loads by hand" sql \
    "SET FOREIGN_KEY_CHECKS = 0; SOURCE sql/schema.sql; SET FOREIGN_KEY_CHECKS = 1"
run_migrate baseline "$files"
expect "baseline on sql/schema.sql (its empty version table) records all" 0 \
    "the database is recorded at version $files (baseline)"
run_migrate upgrade
expect "after it upgrade has nothing to do" 0 "nothing to upgrade: the database is at version $files"

# --- validate with a server, an edited applied file, repair
run validate --dir "$MIG"
expect "validate with a server: every applied file matches" 0 \
    "0 problems" "database blog_test: $files applied migrations, each matching its file"
old=$(checksum 2)
echo "-- a comment added after it was applied" >> "$MIG/0002_create_tags.sql"
new=$(sha256sum < "$MIG/0002_create_tags.sql" | cut -d' ' -f1)
run validate --dir "$MIG"
expect "validate reports an edited applied file, exit 1" 1 \
    "$MIG/0002_create_tags.sql: changed since it was applied" "checksum $old then, $new now" \
    "./migrate repair --yes"
run_migrate upgrade
expect "upgrade refuses the edited file" 1 "upgrade refused: 1 applied migration changed"
run_migrate repair
expect "repair without --yes says what it would do, exit 1" 1 \
    "would re-record $MIG/0002_create_tags.sql: checksum $old -> $new" \
    "nothing was changed: ./migrate repair --yes re-records it"
check "and changes nothing" test "$(checksum 2)" = "$old"
sql "SELECT GET_LOCK('migrate:blog_test', 0); DO SLEEP(6)" >/dev/null & holder=$!
sleep 1
run_migrate --lock-timeout 1 repair --yes
expect "repair --yes takes the run lock" 1 "gave up after 1 s waiting for lock 'migrate:blog_test'"
check "and changed nothing while waiting" test "$(checksum 2)" = "$old"
run_migrate --lock-timeout 1 baseline 1
expect "so does baseline" 1 "gave up after 1 s waiting for lock 'migrate:blog_test'"
wait "$holder"
run_migrate repair --yes
expect "repair --yes re-records the checksum, naming the file" 0 \
    "re-recorded $MIG/0002_create_tags.sql: checksum $old -> $new" \
    "1 checksum re-recorded"
check "the version table has the new checksum" test "$(checksum 2)" = "$new"
run_migrate upgrade
expect "after it upgrade no longer refuses" 0 "nothing to upgrade"
run_migrate repair --yes
expect "repair with nothing to do says so" 0 "nothing to repair"
run_migrate repair
expect "and so without --yes" 0 "nothing to repair"

# --- a missing applied file, and a dirty one, are named but not repaired
mv "$MIG/${last}_"*.sql "$TEST_DIR/"
run validate --dir "$MIG"
expect "validate reports an applied file that is missing" 1 \
    "$MIG/${last}_" "the file is missing: restore it"
run_migrate repair --yes
expect "repair names it and has nothing to re-record" 0 \
    "warning: ${last}_" "is missing: there is no checksum to re-record" "nothing to repair"
mv "$TEST_DIR/${last}_"*.sql "$MIG/"
sql "UPDATE schema_migrations SET dirty = 1, statements_done = 0 WHERE version = 1"
run validate --dir "$MIG"
expect "validate reports a dirty migration" 1 "0001_create_posts is dirty"
run_migrate repair --yes
expect "repair leaves a dirty migration to force" 0 \
    "warning: 0001_create_posts is dirty: repair leaves it" "nothing to repair"
check "and it stays dirty" test "$(sql "SELECT dirty FROM schema_migrations WHERE version = 1")" = 1

finish

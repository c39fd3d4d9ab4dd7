#!/usr/bin/env bash
# Least privilege in the database: blog.fcgi's account ([database] user) may
# read and write rows and nothing more, with a statement time limit;
# ./migrate's (migrate_user) owns the schema; scripts/db.sh never puts a
# password on a command line, where ps would show it to every local account.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/write_lib.sh"

write_config
APP_PASSWORD=$(ini_get database password)
MIGRATE_PASSWORD=$(ini_get database migrate_password)

# Watches every process's command line while db.sh makes a new database and
# its accounts, looking for either password.
DB_DIR=$TEST_DIR/db "$ROOT/scripts/db.sh" start >"$TEST_DIR/db-start.log" 2>&1 &
starter=$!
STARTED_DB=1	# finish stops it, whatever happens below
seen=
while kill -0 "$starter" 2>/dev/null; do
	lines=$(ps -eo args= 2>/dev/null)
	case "$lines" in
	*"$APP_PASSWORD"*|*"$MIGRATE_PASSWORD"*) seen=$(grep -F -e "$APP_PASSWORD" -e "$MIGRATE_PASSWORD" <<<"$lines") ;;
	esac
done
if ! wait "$starter"; then
	not_ok "scripts/db.sh makes the database and its accounts" "$(cat "$TEST_DIR/db-start.log")"
	finish
	exit 1
fi
if [ -z "$seen" ]; then ok "no password on any command line while the accounts are made"
else not_ok "no password on any command line while the accounts are made" "$seen"; fi
start_blog

# as ACCOUNT PASSWORD SQL: runs SQL as that account, the password passed
# the way a program should: in the environment, not the arguments.
as() {
	MYSQL_PWD=$2 mariadb --no-defaults --socket="$TEST_DIR/db/mysqld.sock" \
	    -u "$1" -N -B blog_test -e "$3" 2>&1
}

OUT=$(sql "SHOW GRANTS FOR 'blog_test'@'localhost'")
output_has "blog.fcgi's account may select, insert, update and delete rows" \
    'GRANT SELECT, INSERT, UPDATE, DELETE ON `blog_test`.* TO `blog_test`@`localhost`'
if grep -qE 'ALL PRIVILEGES|CREATE|DROP|ALTER|TRIGGER|GRANT OPTION|ON \*\.\*  *TO.*(SELECT|INSERT)' <<<"$OUT"; then
	not_ok "blog.fcgi's account has no other right" "$OUT"
else ok "blog.fcgi's account has no other right"; fi
OUT=$(sql "SHOW GRANTS FOR 'blog_test_migrate'@'localhost'")
output_has "./migrate's account owns the schema" \
    'GRANT ALL PRIVILEGES ON `blog_test`.* TO `blog_test_migrate`@`localhost`'

OUT=$(as blog_test "$APP_PASSWORD" "CREATE TABLE intruder (i INT)")
output_has "blog.fcgi's account cannot create a table" "ERROR 1142"
OUT=$(as blog_test "$APP_PASSWORD" "DROP TABLE posts")
output_has "blog.fcgi's account cannot drop a table" "ERROR 1142"
OUT=$(as blog_test "$APP_PASSWORD" "ALTER TABLE posts ADD COLUMN x INT")
output_has "blog.fcgi's account cannot alter a table" "ERROR 1142"
OUT=$(as blog_test "$APP_PASSWORD" "SELECT @@max_statement_time")
same "blog.fcgi's account has a statement time limit (seconds)" "${OUT%%.*}" 5
OUT=$(as blog_test "$APP_PASSWORD" "INSERT INTO posts (slug, title, body, created_at, updated_at)
    VALUES ('by-app', 'By the app', 'x', NOW(), NOW()); SELECT post_count FROM site_state")
same "blog.fcgi's account writes rows, and the triggers keep the counts" "$OUT" 1
OUT=$(as blog_test_migrate "$MIGRATE_PASSWORD" "CREATE TABLE scratch (i INT); DROP TABLE scratch; SELECT 'done'")
same "./migrate's account changes the schema" "$OUT" done
check "./migrate connects as its own account" "$ROOT/migrate" status

# The operator's SQL shell on the private database, in one command.
OUT=$(echo "SELECT COUNT(*) AS n FROM posts" | DB_DIR=$TEST_DIR/db "$ROOT/scripts/db.sh" shell 2>&1)
same "scripts/db.sh shell (make db-shell) opens the blog's database" "$(tr '\n' ' ' <<<"$OUT")" "n 1 "

# Signing in and writing through the blog work with the narrow account.
printf 'correct horse battery\n' | "$ROOT/blogctl" adduser alice >/dev/null ||
    not_ok "./blogctl adduser alice, as blog.fcgi's account"
sign_in alice 'correct horse battery'
session_token
fetch /blog/create --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=Narrow" --data-urlencode "body=Written as blog_test" \
    --data-urlencode "tags=least, privilege"
same "a post with tags is written through the blog" "$CODE $(header location)" "303 /blog/narrow"
finish

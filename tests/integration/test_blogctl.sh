#!/usr/bin/env bash
# ./blogctl against a private MariaDB: adduser, passwd and deluser with the
# password on standard input; the password never taken from the command
# line; usage errors (exit 2) against failures (exit 1); short passwords
# and taken names refused with nothing changed; passwd and deluser ending
# the user's sessions; deluser keeping the user's posts, bylines gone.
. "$(dirname "$0")/lib.sh"

start_db
"$ROOT/migrate" upgrade >"$TEST_DIR/migrate.log" 2>&1 || {
	cat "$TEST_DIR/migrate.log"; not_ok "./migrate upgrade"; finish; exit 1; }

OUT=$TEST_DIR/out
ERR=$TEST_DIR/err

# ctl STDIN ARGS...: runs ./blogctl with STDIN on standard input; sets RC.
ctl() {
	local input=$1
	shift
	printf '%s' "$input" | "$ROOT/blogctl" "$@" >"$OUT" 2>"$ERR"
	RC=$?
	pages_settle	# readers see a change made elsewhere within 1 s
}

# exits NAME WANT: the last ./blogctl exited WANT.
exits() {
	if [ "$RC" = "$2" ]; then ok "$1"; else
		not_ok "$1" "exit $RC, want $2; stderr: $(cat "$ERR")"; fi
}

said() {
	if grep -qiF -- "$2" "$ERR" "$OUT"; then ok "$1"; else
		not_ok "$1" "output lacks '$2': $(cat "$OUT" "$ERR")"; fi
}

users() { sql "SELECT COUNT(*) FROM users ${1:+WHERE username = '$1'}"; }
hash_of() { sql "SELECT password_hash FROM users WHERE username = '$1'"; }

same() {
	if [ "$2" = "$3" ]; then ok "$1"; else
		not_ok "$1" "got  '$2'"$'\n'"want '$3'"; fi
}

# add_session USER HEX: a session row for USER, as a sign-in would make.
add_session() {
	sql "INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at)
	    SELECT UNHEX(SHA2('$2', 256)), id, REPEAT('a', 64),
	    NOW(6) + INTERVAL 1 DAY FROM users WHERE username = '$1'"
}
sessions_of() {
	sql "SELECT COUNT(*) FROM sessions AS s JOIN users AS u
	    ON u.id = s.user_id WHERE u.username = '$1'"
}

# --- Usage ----------------------------------------------------------------

ctl "" --help
exits "--help exits 0" 0
if grep -q 'adduser' "$OUT" && grep -q 'deluser' "$OUT"; then
	ok "--help prints the usage on stdout"; else not_ok "--help prints the usage on stdout"; fi
ctl ""
exits "no command is a usage error" 2
said "a usage error shows the usage" "usage:"
ctl "" frobnicate alice
exits "an unknown command is a usage error" 2
ctl "" adduser
exits "adduser without a name is a usage error" 2
ctl "" adduser 'two words'
exits "a name with a space is a usage error" 2
ctl "" adduser "$(printf 'a%.0s' {1..65})"
exits "a name of 65 characters is a usage error" 2

ctl "" adduser alice 'hunter2-secret'
exits "a password on the command line is a usage error" 2
said "it says the password never comes from the command line" "command line"
same "nothing was added" "$(users)" 0
ctl "secret-pass-1"$'\n' passwd alice 'hunter2-secret'
exits "passwd with a password argument is a usage error" 2

# --- adduser --------------------------------------------------------------

ctl "correct horse battery"$'\n' adduser alice
exits "adduser with the password on stdin exits 0" 0
said "adduser says so" "added user 'alice'"
same "alice exists" "$(users alice)" 1
case "$(hash_of alice)" in
'$argon2id$'*) ok "the password is stored as an Argon2id hash" ;;
*) not_ok "the password is stored as an Argon2id hash" "$(hash_of alice)" ;;
esac
check "the password itself is stored nowhere" test -z \
    "$(sql "SELECT 1 FROM users WHERE password_hash LIKE '%horse%'")"

ctl "another password"$'\n' adduser alice
exits "adding a taken name fails" 1
said "it says the user exists" "exists already"
ctl "another password"$'\n' adduser ALICE
exits "names are taken regardless of case" 1
same "still one alice" "$(users)" 1

ctl "short"$'\n' adduser bob
exits "a short password is refused" 1
said "it says why" "at least 8 characters"
same "bob was not added" "$(users bob)" 0
ctl "" adduser bob
exits "no password at all is refused" 1
same "bob was not added without a password" "$(users bob)" 0
printf 'abcd\0efghijkl\n' | "$ROOT/blogctl" adduser bob >"$OUT" 2>"$ERR"
RC=$?
exits "a password holding a NUL byte is refused" 1
"$ROOT/blogctl" adduser bob < <(head -c 1100 /dev/zero | tr '\0' 'x'; echo) \
    >"$OUT" 2>"$ERR"
RC=$?
exits "a password over 1024 bytes is refused" 1
said "it says it is too long" "1024"
same "bob was never added" "$(users bob)" 0

ctl "bobs password"$'\r\n' adduser bob
exits "a CRLF line ending is not part of the password" 0
ctl "12345678" adduser carol.c-d_e
exits "a last line without a line break is the password" 0

# --- On a terminal (script(1) gives it one) --------------------------------

# on_tty LINE1 LINE2 ARGS...: ./blogctl ARGS on a pseudo-terminal, typing
# the two lines once it has asked (typed-ahead input is flushed, as it
# should be); everything the terminal showed goes to $OUT.
on_tty() {
	local first=$1 second=$2
	shift 2
	: >"$ERR"
	{ sleep 1; printf '%s\n' "$first"; sleep 0.5; printf '%s\n' "$second"
	  sleep 0.5; } | script -qec "$ROOT/blogctl $*" /dev/null >"$OUT" 2>&1
	RC=$?
}
on_tty "tty-secret-1" "tty-secret-1" adduser dave
exits "on a terminal, the password typed twice adds the user" 0
same "dave exists" "$(users dave)" 1
said "it asked for the password" "Password:"
if grep -qF "tty-secret-1" "$OUT"; then
	not_ok "the typed password is not echoed" "$(cat "$OUT")"
else ok "the typed password is not echoed"; fi
on_tty "tty-secret-1" "tty-secret-2" adduser erin
exits "two different passwords are refused" 1
said "it says they differ" "differ"
same "erin was not added" "$(users erin)" 0

# --- passwd ---------------------------------------------------------------

add_session alice aaaa
add_session alice bbbb
add_session bob cccc
old_hash=$(hash_of alice)
ctl "a new password"$'\n' passwd alice
exits "passwd exits 0" 0
check "passwd changed the hash" test "$(hash_of alice)" != "$old_hash"
same "passwd ended alice's sessions" "$(sessions_of alice)" 0
same "passwd left bob's sessions alone" "$(sessions_of bob)" 1
ctl "a new password"$'\n' passwd nobody
exits "passwd of an unknown user fails" 1
said "it says there is no such user" "no user 'nobody'"
old_hash=$(hash_of alice)
ctl "tiny"$'\n' passwd alice
exits "passwd refuses a short password" 1
same "the refused password changed nothing" "$(hash_of alice)" "$old_hash"

# --- deluser --------------------------------------------------------------

add_session bob dddd
sql "INSERT INTO posts (title, slug, body, state, author_id)
    SELECT CONCAT('Bob ', n), CONCAT('bob-', n), 'Text.', 'published', u.id
    FROM users AS u, (SELECT 1 AS n UNION SELECT 2) AS two
    WHERE u.username = 'bob'"
version=$(sql "SELECT version FROM site_state WHERE id = 1")
ctl "" deluser bob
exits "deluser exits 0" 0
said "it says bob's posts stay" "their 2 posts stay, with no byline"
same "bob's posts stay, with no author" \
    "$(sql "SELECT COUNT(*) FROM posts WHERE slug LIKE 'bob-%' AND author_id IS NULL")" 2
check "the site's version moved on (cached bylines go)" \
    test "$(sql "SELECT version FROM site_state WHERE id = 1")" -gt "$version"
same "bob is gone" "$(users bob)" 0
same "bob's sessions are gone" "$(sessions_of bob)" 0
same "no session is left without its user" \
    "$(sql "SELECT COUNT(*) FROM sessions WHERE user_id NOT IN (SELECT id FROM users)")" 0
ctl "" deluser bob
exits "deleting an unknown user fails" 1
same "alice is still there" "$(users alice)" 1

# --- Configuration and the database ---------------------------------------

BLOG_CONFIG=$TEST_DIR/missing.ini "$ROOT/blogctl" deluser alice >"$OUT" 2>"$ERR"
RC=$?
exits "a missing config.ini fails" 1
said "it names the file" "missing.ini"
stop_db
ctl "" deluser alice
exits "a stopped database fails" 1
said "it says the server cannot be reached" "cannot reach"
start_db
same "alice survived it all" "$(users alice)" 1

finish

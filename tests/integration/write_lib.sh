# The write side's integration tests' shared part, sourced after lib.sh by
# test_auth.sh and test_write.sh: requests with a cookie jar, reading
# headers, cookies and form tokens, signing in.
#
#   fetch PATH [CURL-ARGS...]     $BASE_URL$PATH with the jar $JAR; the
#                                 headers in $H, the body in $B, status in CODE
#   fetch_anon PATH [CURL-ARGS...]  the same with an empty jar
#   expect NAME CODE PATH [ARGS]  fetch, and check the status
#   header NAME                   a header of the last response
#   set_cookie NAME               the Set-Cookie line for cookie NAME, if any
#   jar_cookie NAME               the value of cookie NAME in $JAR
#   form_token                    the csrf_token of the first form in $B
#   sign_in USER PASSWORD [NEXT]  GET /login, then POST it, in $JAR
#   new_author NAME               ./blogctl adduser NAME, password $PASSWORD
#   sign_in_new_author NAME       new_author, signed in, its token in $TOKEN
#   session_token                 the signed-in session's CSRF token (in $TOKEN)
#   same / body_has / body_lacks  checks

H=$TEST_DIR/headers
B=$TEST_DIR/body
JAR=$TEST_DIR/jar
TOKEN=
HTML="text/html; charset=utf-8"

fetch() {
	local path=$1
	shift
	rm -f "$B" "$H"
	CODE=$(curl -sS -o "$B" -D "$H" -w '%{http_code}' -b "$JAR" -c "$JAR" \
	    "$@" "$BASE_URL$path") || CODE=000
	touch "$B" "$H"
}

# fetch_anon PATH [CURL-ARGS...]: fetch with no cookies but those given.
fetch_anon() {
	local JAR=$TEST_DIR/anonymous.jar
	rm -f "$JAR"
	fetch "$@"
}

expect() {
	local name=$1 code=$2 path=$3
	shift 3
	fetch "$path" "$@"
	if [ "$CODE" = "$code" ]; then ok "$name"; else
		not_ok "$name" "$path: status $CODE, want $code"; fi
}

header() {
	tr -d '\r' < "$H" | awk -v want="${1,,}" '
		{ i = index($0, ":"); if (i && tolower(substr($0, 1, i - 1)) == want) {
			print substr($0, i + 2); exit } }'
}

set_cookie() {
	tr -d '\r' < "$H" | grep -i "^set-cookie: $1=" | head -n 1 |
	    sed 's/^[^:]*: //'
}

# In curl's jar an HttpOnly cookie's line starts with "#HttpOnly_".
jar_cookie() {
	[ -f "$JAR" ] || return 0
	awk -v name="$1" -F '\t' 'NF >= 7 && $6 == name { print $7 }' "$JAR" |
	    tail -n 1
}

form_token() {
	grep -o 'name="csrf_token" value="[0-9a-f]*"' "$B" | head -n 1 |
	    sed 's/.*value="//; s/"$//'
}

same() {
	if [ "$2" = "$3" ]; then ok "$1"; else
		not_ok "$1" "got  '$2'"$'\n'"want '$3'"; fi
}

body_has() {
	if grep -qF -- "$2" "$B"; then ok "$1"; else
		not_ok "$1" "body lacks: $2"; fi
}

body_lacks() {
	if grep -qF -- "$2" "$B"; then not_ok "$1" "body has: $2"; else
		ok "$1"; fi
}

sign_in() {
	local next=${3-}
	fetch /login
	fetch /login --data-urlencode "csrf_token=$(form_token)" \
	    --data-urlencode "username=$1" --data-urlencode "password=$2" \
	    ${next:+--data-urlencode "next=$next"}
}

PASSWORD=${PASSWORD:-correct horse battery}

new_author() {
	printf '%s\n' "$PASSWORD" | "$ROOT/blogctl" adduser "$1" >/dev/null ||
	    not_ok "./blogctl adduser $1"
}

sign_in_new_author() {
	new_author "$1"
	sign_in "$1" "$PASSWORD"
	session_token
	check "$1 is signed in" test -n "$TOKEN"
}

# session_token: reads the session's CSRF token off the index's logout form.
session_token() {
	local code=$CODE
	fetch /blog/
	TOKEN=$(form_token)
	CODE=$code
}

# count_rows TABLE [WHERE]: the number of rows, through the admin.
count_rows() {
	sql "SELECT COUNT(*) FROM $1 ${2:+WHERE $2}"
}

# sha256_of_hex HEX: the SHA-256 (upper-case hex) of the bytes HEX spells.
sha256_of_hex() {
	# printf turns each \xHH back into its byte, NUL included.
	printf "$(sed 's/../\\x&/g' <<<"$1")" | sha256sum | cut -c1-64 |
	    tr a-f A-F
}

# create TITLE BODY [TAGS [CURL-ARGS...]]: POST /blog/create as the signed-in
# author with the session's token; SLUG is the slug the answer redirects to
# (empty when it did not).
create() {
	local title=$1 body=$2 tags=${3-}
	shift 2
	[ $# -eq 0 ] || shift
	fetch /blog/create --data-urlencode "csrf_token=$TOKEN" \
	    --data-urlencode "title=$title" --data-urlencode "body=$body" \
	    --data-urlencode "tags=$tags" "$@"
	SLUG=$(header location | sed -n 's|^/blog/||p')
}

# create_ok TITLE BODY [TAGS [CURL-ARGS...]]: create, and a failed check
# when the post was not made.
create_ok() {
	local title=$1
	create "$@"
	[ "$CODE" = 303 ] && [ -n "$SLUG" ] ||
	    not_ok "creating '$title'" "status $CODE, Location $(header location)"
}

# Sourced by tests/bench/run.sh: the signed-in author of the author row.
# Needs $BASE_URL, $TEST_DIR, $ROOT.
#
#   author_prepare    ./blogctl adduser, then signs in through the login
#                     form (its CSRF token and cookie) with curl; sets
#                     AUTHOR_COOKIE to the Cookie header wrk sends
#   author_check      0 if /blog/ with AUTHOR_COOKIE is the signed-in page
#                     (a sign-out form, the author's name); else says what
#                     came and returns 1

AUTHOR_NAME=bench-author
AUTHOR_PASSWORD=bench-author-password-1
AUTHOR_JAR=$TEST_DIR/author.jar
AUTHOR_COOKIE=

author_prepare() {
	local page=$TEST_DIR/author.html token session
	printf '%s\n' "$AUTHOR_PASSWORD" | "$ROOT/blogctl" adduser "$AUTHOR_NAME" >/dev/null || {
		echo "bench: ./blogctl adduser $AUTHOR_NAME failed" >&2; return 1; }
	curl -s -b "$AUTHOR_JAR" -c "$AUTHOR_JAR" -o "$page" "$BASE_URL/login"
	token=$(sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' "$page" | head -n 1)
	curl -s -b "$AUTHOR_JAR" -c "$AUTHOR_JAR" -o /dev/null \
	    --data-urlencode "csrf_token=$token" --data-urlencode "username=$AUTHOR_NAME" \
	    --data-urlencode "password=$AUTHOR_PASSWORD" "$BASE_URL/login"
	# Only the session's cookie: the login form's own is for /login.
	session=$(awk -F '\t' 'NF >= 7 && $6 == "blog_session" { v = $7 } END { print v }' \
	    "$AUTHOR_JAR" 2>/dev/null)
	rm -f "$page" "$AUTHOR_JAR"
	[ -n "$session" ] || { echo "bench: signing in as $AUTHOR_NAME gave no session cookie" >&2; return 1; }
	AUTHOR_COOKIE="blog_session=$session"
}

author_check() {
	local page=$TEST_DIR/author.html status
	status=$(curl -s -o "$page" -w '%{http_code}' -H "Cookie: $AUTHOR_COOKIE" "$BASE_URL/blog/")
	if [ "$status" != 200 ] || ! grep -q 'action="/logout"' "$page" ||
	    ! grep -qF ">$AUTHOR_NAME<" "$page"; then
		echo "bench: /blog/ with the author's cookie is not the signed-in page" \
		    "(status $status, sign-out form $(grep -c 'action="/logout"' "$page")," \
		    "name $(grep -cF ">$AUTHOR_NAME<" "$page"))" >&2
		rm -f "$page"
		return 1
	fi
	rm -f "$page"
}

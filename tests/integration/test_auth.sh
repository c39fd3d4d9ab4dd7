#!/usr/bin/env bash
# Signing in and out over real HTTP (Apache, blog.fcgi, a private MariaDB):
# the login form and its double-submit token, a wrong name and a wrong
# password answered alike, cookie attributes, a new session at every
# sign-in, `next` and the open redirects it must refuse, requests from
# other sites, logout, expired sessions, and passwd signing a user out.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/write_lib.sh"

start_blog
printf 'correct horse battery\n' | "$ROOT/blogctl" adduser alice >/dev/null ||
    not_ok "./blogctl adduser alice"
printf 'bobs password\r\n' | "$ROOT/blogctl" adduser bob >/dev/null ||
    not_ok "./blogctl adduser bob"
PASSWORD="correct horse battery"

# --- The login form -------------------------------------------------------

rm -f "$JAR"
expect "GET /login is 200" 200 /login
same "login page is HTML" "$(header content-type)" "$HTML"
same "login page is never stored" "$(header cache-control)" "no-store"
cookie=$(set_cookie blog_csrf)
check "login page gives a token cookie" test -n "$cookie"
case "$cookie" in *"; HttpOnly"*) ok "token cookie is HttpOnly" ;;
*) not_ok "token cookie is HttpOnly" "$cookie" ;; esac
case "$cookie" in *"; SameSite=Strict"*) ok "token cookie is SameSite=Strict" ;;
*) not_ok "token cookie is SameSite=Strict" "$cookie" ;; esac
case "$cookie" in *"; Path=/login"*) ok "token cookie is for /login only" ;;
*) not_ok "token cookie is for /login only" "$cookie" ;; esac
same "the form's token is the cookie's" "$(form_token)" "$(jar_cookie blog_csrf)"
body_has "login form has a username field" 'name="username"'
body_has "login form has a password field" 'type="password"'
body_has "layout shows Sign in" 'href="/login"'
first_token=$(form_token)
fetch /login
same "the token stays while the cookie does" "$(form_token)" "$first_token"
same "no new cookie when one is there" "$(set_cookie blog_csrf)" ""

# --- CSRF on the login form -------------------------------------------------

before=$(count_rows sessions)
expect "login without a token is 403" 403 /login \
    --data-urlencode username=alice --data-urlencode "password=$PASSWORD"
same "403 page is HTML" "$(header content-type)" "$HTML"
# The token with its last digit changed (to 0, or to 1 when it was 0).
wrong_token=${first_token%?}0
[ "$wrong_token" != "$first_token" ] || wrong_token=${first_token%?}1
expect "login with a wrong token is 403" 403 /login \
    --data-urlencode "csrf_token=$wrong_token" \
    --data-urlencode username=alice --data-urlencode "password=$PASSWORD"
fetch_anon /login --data-urlencode "csrf_token=$first_token" \
    --data-urlencode username=alice --data-urlencode "password=$PASSWORD"
same "login with the token but not its cookie is 403" "$CODE" 403
expect "login from another origin is 403" 403 /login \
    -H "Origin: http://evil.example" --data-urlencode "csrf_token=$first_token" \
    --data-urlencode username=alice --data-urlencode "password=$PASSWORD"
expect "login sent cross-site is 403" 403 /login \
    -H "Sec-Fetch-Site: cross-site" --data-urlencode "csrf_token=$first_token" \
    --data-urlencode username=alice --data-urlencode "password=$PASSWORD"
same "no refused login made a session" "$(count_rows sessions)" "$before"
check "no refused login set a session cookie" test -z "$(jar_cookie blog_session)"

# --- Wrong name, wrong password: one answer, in the same time -------------

# try_login USER PASSWORD: one failed sign-in; its time in ms in MS.
try_login() {
	local t0 t1
	t0=$(date +%s%N)
	fetch /login --data-urlencode "csrf_token=$first_token" \
	    --data-urlencode "username=$1" --data-urlencode "password=$2"
	t1=$(date +%s%N)
	MS=$(( (t1 - t0) / 1000000 ))
}
try_login alice "wrong password"
same "a wrong password is 401" "$CODE" 401
cp "$B" "$TEST_DIR/wrong-password.html"
body_has "the username is kept" 'value="alice"'
body_lacks "the password is not sent back" 'wrong password'
body_has "one message" 'role="alert"'
try_login mallory "wrong password"
same "an unknown user is 401" "$CODE" 401
sed 's/value="mallory"/value="alice"/' "$B" > "$TEST_DIR/unknown-user.html"
if cmp -s "$TEST_DIR/wrong-password.html" "$TEST_DIR/unknown-user.html"; then
	ok "an unknown user and a wrong password get the same page"
else
	not_ok "an unknown user and a wrong password get the same page" \
	    "$(diff "$TEST_DIR/wrong-password.html" "$TEST_DIR/unknown-user.html")"
fi
try_login "" ""
same "empty fields are 401 too" "$CODE" 401
try_login "$(printf 'x%.0s' {1..300})" "y"
same "an overlong username is 401 too" "$CODE" 401
same "no failed login made a session" "$(count_rows sessions)" "$before"

# The unknown user's check costs the same Argon2id work: the medians of
# five tries must be within a factor of two (both are tens of ms or more;
# an unknown user answered without hashing would be a few ms).
wrong=() unknown=()
for i in 1 2 3 4 5; do
	try_login alice "wrong password $i"; wrong+=("$MS")
	try_login "nobody$i" "wrong password $i"; unknown+=("$MS")
done
median() { printf '%s\n' "$@" | sort -n | sed -n 3p; }
w=$(median "${wrong[@]}") u=$(median "${unknown[@]}")
if [ $((u * 2)) -ge "$w" ] && [ $((w * 2)) -ge "$u" ]; then
	ok "an unknown user takes as long as a wrong password (${u} ms, ${w} ms)"
else
	not_ok "an unknown user takes as long as a wrong password" \
	    "unknown ${unknown[*]} ms; wrong password ${wrong[*]} ms"
fi

# Those were 14 failed sign-ins from 127.0.0.1, past the limit of 10 that
# test_throttle.sh tests: forget them, so that the right password works again.
sql "DELETE FROM login_failures"

# --- Signing in -------------------------------------------------------------

rm -f "$JAR"
# A session token planted before signing in (session fixation) is replaced.
planted=0000000000000000000000000000000000000000000000000000000000000000
fetch /login
fetch /login -H "Origin: $BASE_URL" -H "Sec-Fetch-Site: same-origin" \
    -b "blog_session=$planted; blog_csrf=$(jar_cookie blog_csrf)" \
    --data-urlencode "csrf_token=$(form_token)" \
    --data-urlencode username=alice --data-urlencode "password=$PASSWORD"
same "login is 303" "$CODE" 303
same "login goes to /blog/ without next" "$(header location)" /blog/
cookie=$(set_cookie blog_session)
check "login sets the session cookie" test -n "$cookie"
for attribute in "; HttpOnly" "; SameSite=Lax" "; Path=/" "; Max-Age=1209600"; do
	case "$cookie" in *"$attribute"*) ok "session cookie has $attribute" ;;
	*) not_ok "session cookie has $attribute" "$cookie" ;; esac
done
case "$cookie" in *Secure*) not_ok "no Secure over plain http" "$cookie" ;;
*) ok "no Secure over plain http" ;; esac
case "$(set_cookie blog_csrf)" in *"Max-Age=0"*) ok "login drops the token cookie" ;;
*) not_ok "login drops the token cookie" "$(set_cookie blog_csrf)" ;; esac
session=$(jar_cookie blog_session)
check "the session token is 64 hex digits" grep -qE '^[0-9a-f]{64}$' <<<"$session"
check "the planted token was not kept" test "$session" != "$planted"
same "the database holds the token's SHA-256, not the token" \
    "$(sql "SELECT HEX(token_hash) FROM sessions WHERE user_id =
        (SELECT id FROM users WHERE username = 'alice')")" "$(sha256_of_hex "$session")"
check "the token itself is stored nowhere" test -z \
    "$(sql "SELECT 1 FROM sessions WHERE HEX(token_hash) = '$session'
        OR csrf_token = '$session'")"
same "the session lasts 14 days" \
    "$(sql "SELECT TIMESTAMPDIFF(DAY, created_at, expires_at) FROM sessions")" 14

expect "signed in, the index is 200" 200 /blog/
body_has "the layout shows the user" 'alice'
body_has "the layout has the logout form" 'action="/logout"'
body_has "the layout links to a new post" 'href="/blog/create"'
body_lacks "the layout has no Sign in" 'href="/login"'
same "a signed-in page is private" "$(header cache-control)" "private, no-cache"
same "pages vary by cookie" "$(header vary)" "Cookie"
signed_etag=$(header etag)
fetch_anon /blog/
check "the signed-in ETag is not the anonymous one" test "$(header etag)" != "$signed_etag"
session_token
same "the session's CSRF token is the database's" "$TOKEN" \
    "$(sql "SELECT csrf_token FROM sessions")"

expect "signed in, the login form sends on to next" 303 "/login?next=%2Fblog%2Fcreate"
same "to next" "$(header location)" /blog/create
expect "or to the index" 303 /login
same "without next" "$(header location)" /blog/

# Signing in again (a form from before, another tab): a new session, the
# old one deleted.
rm -f "$JAR"
fetch /login
fetch /login -b "blog_session=$session" --data-urlencode "csrf_token=$(form_token)" \
    --data-urlencode username=alice --data-urlencode "password=$PASSWORD"
same "signing in again is 303" "$CODE" 303
check "signing in again gives a new token" test "$(jar_cookie blog_session)" != "$session"
same "the old session is gone" "$(count_rows sessions)" 1
fetch_anon /blog/create -b "blog_session=$session"
same "the old token no longer signs in" "$CODE" 303

rm -f "$JAR"
sign_in bob "bobs password"
same "a password given with CRLF works without the CR" "$CODE" 303
rm -f "$JAR"
sign_in ALICE "$PASSWORD"
same "usernames match regardless of case" "$CODE" 303

# --- next, and open redirects -------------------------------------------------

rm -f "$JAR"
expect "signed out, /blog/create is 303" 303 /blog/create
same "it goes to the login form with next" "$(header location)" \
    "/login?next=%2Fblog%2Fcreate"
expect "signed out, an edit form is 303" 303 /blog/some-post/edit
same "next is the edit form" "$(header location)" \
    "/login?next=%2Fblog%2Fsome-post%2Fedit"
expect "the login form with next is 200" 200 "/login?next=%2Fblog%2Fcreate"
body_has "the form keeps next" 'name="next" value="/blog/create"'
sign_in alice "$PASSWORD" /blog/create
same "login with next is 303" "$CODE" 303
same "login goes on to next" "$(header location)" /blog/create
expect "and the page is there" 200 /blog/create

for evil in "//evil.example" "//evil.example/blog/" '/\evil.example' \
    "https://evil.example" "http:evil.example" "javascript:alert(1)" \
    "evil.example" " /blog/"; do
	rm -f "$JAR"
	sign_in alice "$PASSWORD" "$evil"
	same "next=$evil is not followed" "$CODE $(header location)" "303 /blog/"
	fetch_anon /login -G --data-urlencode "next=$evil"
	body_has "the form drops next=$evil" 'name="next" value=""'
done
# Encoded once more than a browser would: decoded once, still refused.
rm -f "$JAR"
fetch /login
fetch /login --data "csrf_token=$(form_token)&username=alice&password=correct+horse+battery&next=%2F%2Fevil.example"
same "next=%2F%2Fevil.example is not followed" "$CODE $(header location)" "303 /blog/"
fetch_anon "/login?next=%2F%2Fevil.example"
body_has "the form drops next=%2F%2Fevil.example" 'name="next" value=""'
fetch_anon "/login?next=%252F%252Fevil.example"
body_has "the form drops next=%252F%252Fevil.example" 'name="next" value=""'
rm -f "$JAR"
fetch /login
fetch /login --data "csrf_token=$(form_token)&username=alice&password=correct+horse+battery&next=%2F%09%2Fevil.example"
same "a tab inside next is refused" "$(header location)" /blog/
rm -f "$JAR"
sign_in alice "$PASSWORD" "/blog/?q=a%20b&page=2"
same "a local path with a query is followed" "$(header location)" "/blog/?q=a%20b&page=2"

# --- Logout -----------------------------------------------------------------

rm -f "$JAR"
sign_in alice "$PASSWORD"
session_token
session=$(jar_cookie blog_session)
expect "logout without a token is 403" 403 /logout -X POST
same "the session survives a refused logout" "$(count_rows sessions \
    "HEX(token_hash) = '$(sha256_of_hex "$session")'")" 1
expect "logout from another site is 403" 403 /logout \
    -H "Origin: http://evil.example" --data-urlencode "csrf_token=$TOKEN"
expect "GET /logout is 405" 405 /logout
expect "logout is 303" 303 /logout --data-urlencode "csrf_token=$TOKEN"
same "logout goes to /blog/" "$(header location)" /blog/
case "$(set_cookie blog_session)" in "blog_session=;"*"Max-Age=0"*)
	ok "logout removes the cookie" ;;
*) not_ok "logout removes the cookie" "$(set_cookie blog_session)" ;; esac
same "logout deletes the session row" "$(count_rows sessions \
    "HEX(token_hash) = '$(sha256_of_hex "$session")'")" 0
fetch_anon /blog/create -b "blog_session=$session"
same "the token no longer signs in" "$CODE" 303
expect "logging out while signed out just goes home" 303 /logout -X POST

# --- Sessions that end by themselves ------------------------------------------

rm -f "$JAR"
sign_in alice "$PASSWORD"
sql "UPDATE sessions SET expires_at = NOW(6) - INTERVAL 1 SECOND"
expect "an expired session is not accepted" 303 /blog/create
expect "with an expired session the index is 200" 200 /blog/
body_has "and shows Sign in" 'href="/login"'
same "an expired session is public again" "$(header cache-control)" "no-cache"
rm -f "$JAR"
sign_in alice "$PASSWORD"
same "signing in deletes the expired sessions" \
    "$(count_rows sessions "expires_at <= NOW(6)")" 0

expect "a malformed session cookie is ignored" 200 /blog/ -b "blog_session=zz'--"

rm -f "$JAR"
sign_in alice "$PASSWORD"
printf 'a brand new password\n' | "$ROOT/blogctl" passwd alice >/dev/null
expect "passwd ends the user's sessions" 303 /blog/create
rm -f "$JAR"
sign_in alice "$PASSWORD"
same "the old password no longer works" "$CODE" 401
sign_in alice "a brand new password"
same "the new one does" "$CODE" 303
"$ROOT/blogctl" deluser alice >/dev/null
expect "deluser ends the user's sessions" 303 /blog/create

finish

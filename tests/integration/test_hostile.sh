#!/usr/bin/env bash
# Hostile requests over real HTTP (Apache, blog.fcgi, a private MariaDB), a
# table of them, each row with the status SPEC promises (or, where SPEC is
# silent, what a well-made server answers): SQL injection in every query
# parameter, path segment, cookie and form field; script in every field;
# header injection through `next` and the path; overlong fields, paths
# and headers; broken %-escapes and text that is not UTF-8; huge, negative
# and lying Content-Lengths; TRACE, OPTIONS and made-up methods; paths that
# try to climb out of /static/. Every answer also must not be a 500, must
# not echo markup or an injected header, must not show a file it should
# not, and must come quickly (an injected SLEEP would not). The tables keep
# their checksum across every refused request; the accepted ones (hostile
# text in a title is still a title) store exactly what was sent and show
# it escaped. No worker dies on the way.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/write_lib.sh"
. "$(dirname "$0")/robust_lib.sh"

# Alice is signed in, so that the form rows carry a real token.
start_blog_signed_in

ROWS=0
SLOW_MS=4000
ANON_JAR=$TEST_DIR/anonymous.jar
# Markup from a payload, unescaped. Every payload marks itself with a 7.
MARKUP='<script>alert\(7\)|<img src=x|<svg onload|(href|src|action)="javascript:'
# A header smuggled in by CR LF, or a cookie set by one.
INJECTED='^(x-injected|set-cookie: injected)'
# What only files that must never be served hold.
SECRET='^\[database\]|root:x:0:0|\{\{%AUTOESCAPE|^-- migrate:up'

# checksums: the tables' checksums, one line.
checksums() {
	sql "CHECKSUM TABLE posts, tags, post_tags, users, sessions" |
	    awk '{ printf "%s=%s ", $1, $2 }'
}

# verdict NAME WANT: checks the answer in $CODE, $H, $B, $MS against WANT.
verdict() {
	local name=$1 want=$2 problems=""
	ROWS=$((ROWS + 1))
	[ "$CODE" = "$want" ] || problems+="status $CODE, want $want; "
	[ "$CODE" != 500 ] || problems+="a 500; "
	[ "$MS" -lt "$SLOW_MS" ] || problems+="took ${MS} ms; "
	if grep -qiE "$MARKUP" "$B"; then problems+="the payload's markup; "; fi
	if tr -d '\r' < "$H" | grep -qiE "$INJECTED"; then
		problems+="an injected header; "
	fi
	if grep -qE "$SECRET" "$B"; then problems+="a file it must not show; "; fi
	if [ -z "$problems" ]; then ok "$name: $want"; else
		not_ok "$name" "$problems"; fi
}

# req WANT NAME CURL-ARGS... URL: one request through curl, the path sent
# as it is (no ../ folded away), judged by verdict.
req() {
	local want=$1 name=$2 t0
	shift 2
	rm -f "$B" "$H"
	t0=$(date +%s%N)
	CODE=$(curl -sS --path-as-is -g --max-time 10 -o "$B" -D "$H" \
	    -w '%{http_code}' "$@" 2>/dev/null) || CODE=${CODE:-000}
	MS=$(( ($(date +%s%N) - t0) / 1000000 ))
	touch "$B" "$H"
	verdict "$name" "$want"
}

# get WANT NAME PATH [CURL-ARGS...]: GET as a visitor.
get() {
	local want=$1 name=$2 path=$3
	shift 3
	rm -f "$ANON_JAR"
	req "$want" "$name" -b "$ANON_JAR" "$@" "$BASE_URL$path"
}

# as_author WANT NAME PATH [CURL-ARGS...]: a request with alice's session.
as_author() {
	local want=$1 name=$2 path=$3
	shift 3
	req "$want" "$name" -b "$JAR" "$@" "$BASE_URL$path"
}

# raw WANT NAME REQUEST: REQUEST (printf %b escapes) sent as it is on a new
# connection, for what curl would not send.
raw() {
	local want=$1 name=$2 t0
	rm -f "$B" "$H"
	t0=$(date +%s%N)
	if exec 3<>"/dev/tcp/127.0.0.1/$BLOG_PORT"; then
		printf '%b' "$3" >&3 2>/dev/null
		timeout 10 cat <&3 > "$TEST_DIR/raw" 2>/dev/null
		exec 3<&-
	fi
	MS=$(( ($(date +%s%N) - t0) / 1000000 ))
	touch "$TEST_DIR/raw"
	CODE=$(head -n 1 "$TEST_DIR/raw" | awk '{ print $2 }')
	CODE=${CODE:-000}
	# Headers up to the first empty line, the body after it.
	awk '/^\r?$/ { exit } { print }' "$TEST_DIR/raw" > "$H"
	awk 'body { print } /^\r?$/ { body = 1 }' "$TEST_DIR/raw" > "$B"
	verdict "$name" "$want"
}

# abandon NAME REQUEST: REQUEST sent on a new connection that is then
# closed without waiting: the blog must go on answering, with nothing
# half-written (the checksums below).
abandon() {
	ROWS=$((ROWS + 1))
	if exec 3<>"/dev/tcp/127.0.0.1/$BLOG_PORT"; then
		printf '%b' "$2" >&3 2>/dev/null
		exec 3<&-
	fi
	sleep 0.2
	CODE=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 \
	    "$BASE_URL/healthz")
	if [ "$CODE" = 200 ]; then ok "$1: the blog answers after"; else
		not_ok "$1: the blog answers after" "healthz: $CODE"; fi
}

# request METHOD PATH [HEADER...]: a request line, Host, Connection: close,
# the headers and the empty line, in printf %b escapes; a body may follow.
request() {
	local h
	printf '%s %s HTTP/1.1\\r\\n' "$1" "$2"
	printf 'Host: 127.0.0.1\\r\\nConnection: close\\r\\n'
	shift 2
	for h in "$@"; do printf '%s\\r\\n' "$h"; done
	printf '\\r\\n'
}
FORM="Content-Type: application/x-www-form-urlencoded"

SQLI=(
	"' OR '1'='1"
	"1; DROP TABLE posts; --"
	"' UNION SELECT username, password_hash FROM users -- 7"
	"\" OR \"\"=\""
	"1' AND SLEEP(5) AND '1'='1"
	"admin'-- 7"
	"%' OR 1=1 #"
	"\\'; SELECT 7; --"
)
XSS=(
	"<script>alert(7)</script>"
	"\"><img src=x onerror=alert(7)>"
	"'><svg onload=alert(7)>"
	"javascript:alert(7)"
	"</title><script>alert(7)</script>"
)
PAYLOADS=("${SQLI[@]}" "${XSS[@]}")

# urlenc TEXT: TEXT %-encoded as a path segment.
urlenc() {
	local s=$1 out="" c i
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		case "$c" in
		[A-Za-z0-9._~-]) out+=$c ;;
		*) out+=$(printf '%%%02X' "'$c") ;;
		esac
	done
	printf '%s' "$out"
}

before=$(checksums)

# --- Every payload in every read parameter and path segment ----------------

for p in "${PAYLOADS[@]}"; do
	e=$(urlenc "$p")
	get 200 "search for [$p]" "/blog/?q=$e"
	get 400 "page number [$p]" "/blog/?page=$e"
	get 400 "tag page number [$p]" "/blog/tag/linux?page=$e"
	get 404 "post slug [$p]" "/blog/$e"
	get 404 "tag slug [$p]" "/blog/tag/$e"
	get 404 "edit slug [$p]" "/blog/$e/edit"
	get 200 "session cookie [$p]" /blog/ -H "Cookie: blog_session=$e"
	get 200 "login next [$p]" "/login?next=$e"
done

# --- Broken %-escapes and text that is not UTF-8 ---------------------------

get 400 "a path with %zz" "/blog/%zz"
get 400 "a path ending in %" "/blog/abc%"
get 400 "a path with %4" "/blog/%4"
get 400 "q with %zz" "/blog/?q=%zz"
get 400 "q ending in %" "/blog/?q=abc%"
get 400 "q with a lone continuation byte" "/blog/?q=%80"
get 400 "q with a truncated sequence" "/blog/?q=%E2%82"
get 400 "q with an overlong slash" "/blog/?q=%C0%AF"
get 400 "q with a surrogate" "/blog/?q=%ED%A0%80"
get 400 "q past U+10FFFF" "/blog/?q=%F4%90%80%80"
get 400 "q with a NUL" "/blog/?q=a%00b"
get 400 "page with a NUL" "/blog/?page=1%00"
get 400 "a path not UTF-8" "/blog/%FF%FE"
get 400 "a path with an overlong dot" "/blog/%C0%AE%C0%AE"
raw 400 "a raw 0xFF byte in the path" "$(request GET '/blog/\xff')"
raw 400 "a raw 0xC0 0xAF in the query" "$(request GET '/blog/?q=\xc0\xaf')"
get 404 "a NUL in the path" "/blog/a%00b"
get 404 "an encoded slash in a slug" "/blog/hello%2Fedit"
get 200 "an empty q" "/blog/?q="
get 200 "q of white space" "/blog/?q=%20%09"

# --- Numbers ------------------------------------------------------------------

get 400 "page 0" "/blog/?page=0"
get 400 "page -1" "/blog/?page=-1"
get 400 "page +1" "/blog/?page=%2B1"
get 400 "page 1.5" "/blog/?page=1.5"
get 400 "page 0x10" "/blog/?page=0x10"
get 400 "page 01" "/blog/?page=01"
get 400 "page past 2^64" "/blog/?page=99999999999999999999999"
get 404 "page 2^64 - 1" "/blog/?page=18446744073709551615"
get 404 "page past the last" "/blog/?page=2"

# --- Overlong fields, paths and headers ------------------------------------

long() { head -c "$1" /dev/zero | tr '\0' "${2:-a}"; }
get 200 "q of 200 characters" "/blog/?q=$(long 200)"
get 400 "q of 201 characters" "/blog/?q=$(long 201)"
get 400 "q of 200 four-byte characters and one more" \
    "/blog/?q=$(for i in $(seq 201); do printf '%%F0%%9F%%99%%82'; done)"
get 404 "a slug of 140 characters, no such post" "/blog/$(long 140)"
get 404 "a slug of 141 characters" "/blog/$(long 141)"
get 404 "a path of 4000 characters" "/blog/$(long 4000)"
get 414 "a request line of 9000 characters" "/blog/?q=$(long 9000)"
get 400 "a cookie of 9000 bytes" /blog/ -H "Cookie: blog_session=$(long 9000)"
get 200 "five hundred cookies" /blog/ \
    -H "Cookie: $(for i in $(seq 500); do printf 'c%d=%d; ' "$i" "$i"; done)"
get 200 "five hundred query parameters" \
    "/blog/?$(for i in $(seq 500); do printf 'x%d=%d&' "$i" "$i"; done)"
get 400 "a header line of 9000 bytes" /blog/ -H "X-Long: $(long 9000)"
raw 400 "a hundred and one headers" \
    "$(request GET /blog/ $(for i in $(seq 101); do echo "X-H$i:1"; done))"

# --- Paths that climb out of /static/ ------------------------------------

get 404 "/static/../config.ini" "/static/../config.ini"
get 400 "/static/ and ../ past the root" "/static/../../../../etc/passwd"
get 404 "/static/%2e%2e/config.ini" "/static/%2e%2e/config.ini"
get 404 "/static/..%2fconfig.ini" "/static/..%2fconfig.ini"
get 404 "/static/%2e%2e%2f%2e%2e%2fetc/passwd" "/static/%2e%2e%2f%2e%2e%2fetc/passwd"
get 400 "/static/.%2e/.%2e/.%2e/etc/passwd" "/static/.%2e/.%2e/.%2e/.%2e/etc/passwd"
get 404 "/static/..\\config.ini" "/static/..\\config.ini"
get 404 "/static/ with an overlong ../" "/static/%c0%ae%c0%ae/config.ini"
get 404 "/static/style.css%00.txt" "/static/style.css%00.txt"
get 404 "/static/ lists nothing" "/static/"
get 404 "/static/.htaccess" "/static/.htaccess"
get 404 "/config.ini" "/config.ini"
get 404 "/templates/layout.tpl" "/templates/layout.tpl"
get 404 "/migrations/0001_create_posts.sql" "/migrations/0001_create_posts.sql"
get 404 "/.git/config" "/.git/config"
get 404 "/var/log/error.log" "/var/log/error.log"
raw 400 "an absolute path outside the site" "$(request GET '../config.ini')"

# --- Methods -------------------------------------------------------------

get 405 "TRACE" /blog/ -X TRACE
get 405 "TRACK" /blog/ -X TRACK
get 405 "OPTIONS on the index" /blog/ -X OPTIONS
get 405 "OPTIONS on a post" /blog/hello -X OPTIONS
get 405 "PUT on a post" /blog/hello -X PUT --data "title=x"
get 405 "DELETE on a post" /blog/hello -X DELETE
get 405 "PATCH on the create form" /blog/create -X PATCH
get 405 "POST on the index" /blog/ --data "q=x"
get 405 "POST on the feed" /blog/feed.atom --data "x=1"
get 405 "GET of logout" /logout
get 405 "GET of delete" /blog/hello/delete
get 405 "a made-up method" /blog/ -X FOO
get 405 "a lowercase get" /blog/ -X get
raw 400 "a method with a space inside" "$(request 'G ET' /blog/)"
raw 400 "no Host with HTTP/1.1" "GET /blog/ HTTP/1.1\r\nConnection: close\r\n\r\n"

# --- Content-Length --------------------------------------------------------

raw 400 "a negative Content-Length" \
    "$(request POST /login 'Content-Length: -1' "$FORM")"
raw 400 "a Content-Length that is not a number" \
    "$(request POST /login 'Content-Length: abc' "$FORM")"
# Not a number Apache can hold: refused as malformed, before any limit.
raw 400 "a Content-Length of 10^23" \
    "$(request POST /login 'Content-Length: 99999999999999999999999' "$FORM")"
raw 400 "two different Content-Lengths" \
    "$(request POST /login 'Content-Length: 5' 'Content-Length: 6' "$FORM")ab=cd"
# Apache drops the Content-Length and reads the chunks (none here): the
# form is empty, so it has no token.
raw 403 "Content-Length with chunked" \
    "$(request POST /login 'Content-Length: 5' 'Transfer-Encoding: chunked' \
    "$FORM")0\r\n\r\n"
abandon "a body shorter than its Content-Length, then gone" \
    "$(request POST /blog/create 'Content-Length: 100' "$FORM" \
    "Cookie: blog_session=$(jar_cookie blog_session)")csrf_token=$TOKEN&title=Half&body=writ"
abandon "half the headers, then gone" \
    "POST /blog/create HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Len"
# Apache reads a chunked body whole before blog.fcgi sees it (proxy-sendcl,
# conf/apache.conf.in), so one over max_body is refused like any other.
get 413 "a chunked body over max_body" /login -H "Transfer-Encoding: chunked" \
    --data-binary @<(head -c 1100000 /dev/zero | tr '\0' a)
get 413 "a form body over max_body" /login \
    --data-binary @<(head -c 1048577 /dev/zero | tr '\0' a)

# --- Header injection --------------------------------------------------------

get 404 "CR LF in a path" "/blog/x%0d%0aX-Injected:%201"
get 404 "CR LF and a cookie in a path" "/blog/x%0d%0aSet-Cookie:%20injected=1"
get 301 "CR LF after /" "/?%0d%0aX-Injected:%201"
get 200 "CR LF in next, signed out" "/login?next=/blog/%0d%0aX-Injected:%201"
as_author 303 "CR LF in next, signed in" "/login?next=/blog/%0d%0aX-Injected:%201"
same "  ...goes to /blog/" "$(header location)" "/blog/"
as_author 303 "next to another host" "/login?next=//evil.example/"
same "  ...goes to /blog/" "$(header location)" "/blog/"
as_author 303 "next with a backslash" "/login?next=/%5Cevil.example/"
same "  ...goes to /blog/" "$(header location)" "/blog/"
as_author 303 "next with a scheme" "/login?next=https://evil.example/"
same "  ...goes to /blog/" "$(header location)" "/blog/"
as_author 303 "next with a tab before //" "/login?next=/%09/evil.example/"
same "  ...goes to /blog/" "$(header location)" "/blog/"
as_author 303 "next to a script" "/login?next=javascript:alert(7)"
same "  ...goes to /blog/" "$(header location)" "/blog/"
as_author 303 "next with a space and a quote" "/login?next=/blog/a%20b%22c"
same "  ...goes there, escaped" "$(header location)" "/blog/a%20b%22c"
get 200 "a Host header of another site" /blog/ -H "Host: evil.example"
check "  ...links stay relative" test -z "$(grep -o 'evil.example' "$B")"

# --- Forms, refused: nothing may change ------------------------------------

# login WANT NAME USERNAME PASSWORD [CURL-ARGS...]: a sign-in with the
# login form's token and its cookie, in a jar of its own. The failures of
# 127.0.0.1 are forgotten first: past ten, a sign-in would be refused with
# 429 before its fields were even read (test_throttle.sh).
login() {
	local want=$1 name=$2 username=$3 password=$4 token
	shift 4
	sql "DELETE FROM login_failures"
	rm -f "$ANON_JAR"
	curl -sS -o /dev/null -c "$ANON_JAR" "$BASE_URL/login"
	token=$(awk -F '\t' '$6 == "blog_csrf" { print $7 }' "$ANON_JAR")
	req "$want" "$name" -b "$ANON_JAR" --data-urlencode "csrf_token=$token" \
	    --data-urlencode "username=$username" \
	    --data-urlencode "password=$password" "$@" "$BASE_URL/login"
}
for p in "${PAYLOADS[@]}"; do
	login 401 "sign-in as [$p]" "$p" "$p"
	login 401 "alice with password [$p]" alice "$p"
done
login 401 "a username of 100,000 characters" "$(long 100000)" x
login 401 "alice with a password of 100,000 characters" alice "$(long 100000)"
get 403 "a sign-in without a token" /login --data-urlencode username=alice \
    --data-urlencode "password=$PASSWORD"
get 403 "a sign-in with an injected token" /login \
    --data-urlencode "csrf_token=' OR '1'='1" --data-urlencode username=alice \
    --data-urlencode "password=$PASSWORD"

# post WANT NAME PATH FIELDS...: a signed-in POST of urlencoded FIELDS
# (name=value, encoded here) with the session's token unless one is given.
post() {
	local want=$1 name=$2 path=$3 args=() f
	shift 3
	case " $* " in
	*" csrf_token="*) ;;
	*) args+=(--data-urlencode "csrf_token=$TOKEN") ;;
	esac
	for f in "$@"; do args+=(--data-urlencode "$f"); done
	as_author "$want" "$name" "$path" "${args[@]}"
}
# post_raw WANT NAME PATH BODY: a signed-in POST of BODY as it is.
post_raw() {
	as_author "$1" "$2" "$3" -H "Content-Type: application/x-www-form-urlencoded" \
	    --data-binary "$4"
}

for p in "${PAYLOADS[@]}"; do
	post 403 "create with the token [$p]" /blog/create "csrf_token=$p" \
	    title=T body=B
	post 422 "create with title [$p] and no body" /blog/create "title=$p" body=
	post 422 "create with body [$p] and no title" /blog/create title= "body=$p"
	post 404 "edit of slug [$p]" "/blog/$(urlenc "$p")/edit" title=T body=B
done
post 403 "create without a token" /blog/create csrf_token= title=T body=B
as_author 403 "create from another origin" /blog/create \
    -H "Origin: https://evil.example" --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode title=T --data-urlencode body=B
as_author 403 "create sent cross-site" /blog/create -H "Sec-Fetch-Site: cross-site" \
    --data-urlencode "csrf_token=$TOKEN" --data-urlencode title=T --data-urlencode body=B
as_author 403 "create with Origin: null" /blog/create -H "Origin: null" \
    --data-urlencode "csrf_token=$TOKEN" --data-urlencode title=T --data-urlencode body=B
as_author 415 "create as multipart" /blog/create -F "csrf_token=$TOKEN" \
    -F title=T -F body=B
post_raw 400 "create with a title not UTF-8" /blog/create \
    "csrf_token=$TOKEN&title=%FF%FE&body=B"
post_raw 400 "create with a NUL in the title" /blog/create \
    "csrf_token=$TOKEN&title=a%00b&body=B"
post_raw 400 "create with a broken escape in the body" /blog/create \
    "csrf_token=$TOKEN&title=T&body=100%"
post_raw 400 "create with raw bytes not UTF-8" /blog/create \
    "$(printf 'csrf_token=%s&title=\xc3\x28&body=B' "$TOKEN")"
post 422 "create with a title of 141 characters" /blog/create "title=$(long 141)" body=B
post 422 "create with a title of 141 Cyrillic letters" /blog/create \
    "title=$(for i in $(seq 141); do printf 'я'; done)" body=B
post 422 "create with a control character in the title" /blog/create \
    "title=$(printf 'a\x01b')" body=B
post 422 "create with a line break in the title" /blog/create \
    "title=$(printf 'a\r\nX-Injected: 1')" body=B
post 422 "create with a body of 65,536 bytes" /blog/create title=T "body=$(long 65536)"
post 422 "create with a tag of 101 characters" /blog/create title=T body=B \
    "tags=$(long 101)"
post 422 "create with an XSS tag too long" /blog/create title=T body=B \
    "tags=<script>alert(7)</script>$(long 100)"
as_author 413 "create with a body over max_body" /blog/create \
    --data-binary @<(printf 'csrf_token=%s&title=T&body=' "$TOKEN"; long 1048576)
post 404 "edit of a post that does not exist" /blog/no-such-post/edit title=T body=B
post 404 "delete of a post that does not exist" /blog/no-such-post/delete
post 403 "delete without a token" /blog/hello/delete csrf_token=
post 403 "edit without a token" /blog/hello/edit csrf_token= title=T body=B
post 403 "logout with an injected token" /logout "csrf_token=' OR 1=1 -- 7"
post 405 "a form to the index" /blog/ title=T body=B
post 405 "a form to a tag page" /blog/tag/linux title=T body=B

same "no refused request changed a table" "$(checksums)" "$before"

# --- Accepted: hostile text is kept as text -------------------------------

users_before=$(sql "CHECKSUM TABLE users" | awk '{ print $2 }')
posts_before=$(count_rows posts)
TITLE_SQL="Robert'); DROP TABLE posts; -- 7"
TITLE_XSS="<script>alert(7)</script> & \"quotes\""
BODY_XSS='<script>alert(7)</script>

[click](javascript:alert(7)) [ok](https://example.com/?a=1&b=2)
<img src=x onerror=alert(7)> ![i](javascript:alert(7))'
TAGS_XSS="<b>bold</b>, ' OR '1'='1, \"><svg onload=alert(7)>"

post 303 "create with an injection in the title" /blog/create "title=$TITLE_SQL" body=x
slug_sql=$(header location | sed 's|^/blog/||')
post 303 "create with script everywhere" /blog/create "title=$TITLE_XSS" \
    "body=$BODY_XSS" "tags=$TAGS_XSS"
slug_xss=$(header location | sed 's|^/blog/||')
same "the posts table is still there, two posts more" "$(count_rows posts)" \
    $((posts_before + 2))
same "the title is stored as sent" \
    "$(sql "SELECT title FROM posts WHERE slug = '$slug_sql'")" "$TITLE_SQL"
same "the body is stored as sent" \
    "$(sql "SELECT HEX(body) FROM posts WHERE slug = '$slug_xss'")" \
    "$(printf '%s' "$BODY_XSS" | od -An -tx1 | tr -d ' \n' | tr a-f A-F)"
get 200 "the post with script everywhere" "/blog/$slug_xss"
TITLE_ESCAPED="&lt;script&gt;alert(7)&lt;/script&gt; &amp; &quot;quotes&quot;"
body_has "  ...shows the title as text" "$TITLE_ESCAPED"
body_has "  ...keeps the good link" 'href="https://example.com/?a=1&amp;b=2"'
get 200 "the index with them" /blog/
get 200 "the tags page with them" /blog/tags
body_has "  ...shows the tag as text" "&lt;b&gt;bold&lt;/b&gt;"
get 200 "the feed with them" /blog/feed.atom
get 200 "a search that finds them" "/blog/?q=$(urlenc 'alert quotes')"
post 303 "edit with script everywhere" "/blog/$slug_sql/edit" "title=$TITLE_XSS" \
    "body=$BODY_XSS" "tags=$TAGS_XSS"
same "  ...keeps the slug" "$(header location)" "/blog/$slug_sql"
get 200 "the edited post" "/blog/$slug_sql"
as_author 200 "the edit form holds it escaped" "/blog/$slug_sql/edit"
body_has "  ...escaped in the field" "value=\"$TITLE_ESCAPED\""
login 303 "alice signs in with next full of CR LF" alice "$PASSWORD" \
    --data-urlencode "next=/blog/%0d%0aX-Injected: 1"
same "no user was changed" "$(sql "CHECKSUM TABLE users" | awk '{ print $2 }')" \
    "$users_before"

# --- And nothing broke ---------------------------------------------------

get 200 "the blog still answers" /blog/
same "tables still there" "$(sql "SELECT COUNT(*) FROM information_schema.tables
    WHERE table_schema = 'blog_test' AND table_name IN
    ('posts', 'tags', 'post_tags', 'users', 'sessions')")" 5
no_crash "no worker died, no sanitizer reported"
check "at least 100 hostile requests" test "$ROWS" -ge 100
echo "# $ROWS hostile requests"

finish

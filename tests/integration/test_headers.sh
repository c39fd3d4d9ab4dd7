#!/usr/bin/env bash
# The security headers conf/apache.conf.in sets once for the whole site, on
# every kind of answer: a page, the error pages of blog.fcgi and of Apache,
# a static file, a redirect, a form, the feed, and a 503 while the database
# is away. Each header is there exactly once, and the policy allows no
# script but this site's own files (static/upload.js), never inline.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/write_lib.sh"

start_blog
sql "INSERT INTO posts (slug, title, body, created_at, updated_at)
     VALUES ('hello', 'Hello', 'Some *text*.', NOW(), NOW())"

# header_count NAME: how many times the last response sent header NAME.
header_count() {
	tr -d '\r' < "$H" | grep -ci "^$1:"
}

# secured WHAT: the last response carries each header once, as set.
secured() {
	local what=$1 csp
	csp=$(header content-security-policy)
	same "$what: one Content-Security-Policy" "$(header_count content-security-policy)" 1
	case "$csp" in
	*"default-src 'none'"*"frame-ancestors 'none'"*) ok "$what: the policy denies by default and framing" ;;
	*) not_ok "$what: the policy denies by default and framing" "got: $csp" ;;
	esac
	# Scripts only from this site's files (static/upload.js), never
	# inline or evaluated; and requests only to this site.
	case "$csp" in
	*unsafe-inline*|*unsafe-eval*)
		not_ok "$what: the policy allows only this site's script files" "got: $csp" ;;
	*"script-src 'self';"*"connect-src 'self';"*)
		ok "$what: the policy allows only this site's script files" ;;
	*) not_ok "$what: the policy allows only this site's script files" "got: $csp" ;;
	esac
	same "$what: nosniff, once" \
	    "$(header_count x-content-type-options) $(header x-content-type-options)" \
	    "1 nosniff"
	same "$what: a Referrer-Policy, once" \
	    "$(header_count referrer-policy) $(header referrer-policy)" "1 same-origin"
	same "$what: X-Frame-Options DENY, once" \
	    "$(header_count x-frame-options) $(header x-frame-options)" "1 DENY"
}

# scriptless WHAT: the body of the last response has no script, inline or
# not, and no event handler attribute, which the policy would block anyway.
# A post's JSON-LD is a data block (<script type="application/ld+json">),
# which no browser runs: it is taken out before looking.
scriptless() {
	local page
	page=$(sed 's|<script type="application/ld+json">[^<]*</script>||g' "$B")
	if grep -qiE '<script|[[:space:]]on[a-z]+=|javascript:' <<<"$page"; then
		not_ok "$1: no script in the page" "$(grep -oiE '<script[^>]*>|[[:space:]]on[a-z]+=[^ >]*|javascript:[^ "]*' <<<"$page" | head -3)"
	else
		ok "$1: no script in the page"
	fi
}

expect "the index is 200" 200 /blog/
secured "a page"
scriptless "the index"

expect "a post is 200" 200 /blog/hello
secured "a post"
scriptless "a post"

expect "an unknown path is blog.fcgi's 404" 404 /blog/no-such-post
secured "a 404 page"
scriptless "the 404 page"

expect "a wrong method is 405" 405 /blog/hello -X DELETE
secured "a 405 page"

expect "a bad page number is 400" 400 "/blog/?page=abc"
secured "a 400 page"

expect "a static file is 200" 200 /static/style.css
secured "a static file"
expect "a missing static file is Apache's 404" 404 /static/no-such-file.css
secured "Apache's 404"

expect "/ redirects" 301 /
secured "a redirect"
check "the redirect goes to /blog/" test "$(header location)" = /blog/

expect "the login form is 200" 200 /login
secured "the login form"
scriptless "the login form"

expect "the feed is 200" 200 /blog/feed.atom
secured "the feed"

expect "TRACE is refused" 405 /blog/ -X TRACE
secured "Apache's refusal of TRACE"

stop_db
expect "with the database away a page is 503" 503 /blog/
secured "a 503 page"
start_db

finish

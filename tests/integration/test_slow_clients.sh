#!/usr/bin/env bash
# Slow clients cannot hold the blog: 64 connections trickling a request
# body and 64 trickling header lines (600 bytes a second each, reconnecting
# whenever dropped) while two readers loop GET /blog/. Apache reads every
# body whole before a blog.fcgi worker sees the request (conf/apache.conf.in),
# and has threads enough for the tricklers, so readers keep their speed.
# Loopback only, bounded: SLOW_SECONDS (8) of measuring after 2 s of warm-up.
. "$(dirname "$0")/lib.sh"

start_blog
sql "INSERT INTO posts (slug, title, body, created_at, updated_at)
     VALUES ('hello', 'Hello', 'Some *text*.', NOW(), NOW())"

OUT=$(python3 "$ROOT/tests/integration/slow_clients.py" "$BLOG_PORT" \
    --bodies 64 --headers 64 --rate 600 --seconds "${SLOW_SECONDS:-8}" 2>&1)
echo "$OUT" | sed 's/^/# /'
last=$(tail -n 1 <<<"$OUT")
requests=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$last")
p99=$(sed -n 's/.*p99_ms=\([0-9]*\).*/\1/p' <<<"$last")
errors=$(sed -n 's/.*errors=\([0-9]*\).*/\1/p' <<<"$last")

if [ "${requests:-0}" -ge 100 ]; then ok "readers got $requests answers while 128 slow clients ran"
else not_ok "readers got answers while 128 slow clients ran" "$OUT"; fi
if [ -n "$errors" ] && [ "$errors" -eq 0 ]; then ok "every reader's answer was 200"
else not_ok "every reader's answer was 200" "$OUT"; fi
if [ -n "$p99" ] && [ "$p99" -le 100 ]; then ok "GET /blog/ p99 ${p99} ms <= 100 ms under slow clients"
else not_ok "GET /blog/ p99 <= 100 ms under slow clients" "$OUT"; fi

# The tricklers are gone: the blog still answers, and no worker is stuck.
check "the blog answers after the slow clients left" \
    curl -sf -o /dev/null --max-time 5 "$BASE_URL/blog/"
finish

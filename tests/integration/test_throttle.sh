#!/usr/bin/env bash
# Sign-in guessing over real HTTP (Apache, blog.fcgi, a private MariaDB):
# ten failures from one address, then 429 with Retry-After for anything it
# sends, right password or wrong, while another address signs in; the count
# kept in the database, forgotten after 15 minutes and deleted by itself;
# and readers of /blog/ answered fast while guessers from many addresses
# keep blog.fcgi hashing (one Argon2id run at a time, the rest 503).
#
# Other addresses come from curl --interface 127.x.y.z: Linux routes all
# of 127/8 to lo, so Apache on 127.0.0.1 sees them as REMOTE_ADDR.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/write_lib.sh"

start_blog
printf 'correct horse battery\n' | "$ROOT/blogctl" adduser alice >/dev/null ||
    not_ok "./blogctl adduser alice"
PASSWORD="correct horse battery"

# attempt FROM USER PASSWORD: one sign-in from the address FROM, with the
# login form fetched first, in a jar of FROM's own; status in CODE.
attempt() {
	local JAR=$TEST_DIR/jar-$1 from=$1
	shift
	fetch /login --interface "$from"
	fetch /login --interface "$from" --data-urlencode "csrf_token=$(form_token)" \
	    --data-urlencode "username=$1" --data-urlencode "password=$2"
}

# failures ADDRESS: the rows kept for ADDRESS.
failures() { count_rows login_failures "address = '$1'"; }

# retry_after_ok: Retry-After of the last response is a number of seconds
# from 1 to 900 (the window).
retry_after_ok() {
	local v
	v=$(header retry-after)
	if [[ "$v" =~ ^[0-9]+$ ]] && [ "$v" -ge 1 ] && [ "$v" -le 900 ]; then
		ok "$1 (Retry-After: $v)"
	else
		not_ok "$1" "Retry-After: '$v'"
	fi
}

# --- Ten failures, then 429 ---------------------------------------------------

codes=()
for i in 1 2 3 4 5 6 7 8 9 10; do
	if [ $((i % 2)) -eq 0 ]; then attempt 127.0.0.1 alice "wrong $i"
	else attempt 127.0.0.1 "nobody$i" "wrong $i"; fi
	codes+=("$CODE")
done
same "ten failed sign-ins from 127.0.0.1 are each 401" "${codes[*]}" \
    "401 401 401 401 401 401 401 401 401 401"
same "the database counts them under the address" "$(failures 127.0.0.1)" 10

attempt 127.0.0.1 alice "wrong 11"
same "the eleventh attempt is 429" "$CODE" 429
retry_after_ok "the 429 says when to try again"
same "the 429 is HTML" "$(header content-type)" "$HTML"
same "the status line names it" "$(head -n 1 "$H" | tr -d '\r')" "HTTP/1.1 429 Too Many Requests"
body_has "the 429 says why in a sentence" \
    "Too many failed sign-ins from your address; try again in 15 minutes."
body_has "the 429 is the login form again" 'name="username" value="alice"'

before=$(count_rows sessions)
attempt 127.0.0.1 alice "$PASSWORD"
same "the right password from 127.0.0.1 is 429 too" "$CODE" 429
retry_after_ok "with Retry-After"
same "and gives no session cookie" "$(set_cookie blog_session)" ""
same "no session was made" "$(count_rows sessions)" "$before"
same "refused attempts are not counted as failures" "$(failures 127.0.0.1)" 10

# Retry-After is when the oldest failure that counts leaves the window:
# make it 14 minutes old, and the wait is a minute at most (less the time
# this attempt takes, on a loaded machine).
sql "UPDATE login_failures SET failed_at = UTC_TIMESTAMP(6) - INTERVAL 14 MINUTE
    WHERE address = '127.0.0.1' ORDER BY failed_at LIMIT 1"
attempt 127.0.0.1 alice "$PASSWORD"
v=$(header retry-after)
if [ "$CODE" = 429 ] && [[ "$v" =~ ^[0-9]+$ ]] && [ "$v" -ge 40 ] &&
    [ "$v" -le 60 ]; then
	ok "Retry-After counts down to the oldest failure's end ($v s)"
else
	not_ok "Retry-After counts down to the oldest failure's end" \
	    "status $CODE, Retry-After '$v', want 40 to 60"
fi
body_has "and the sentence says 1 minute" "try again in 1 minute."

# --- Another address ----------------------------------------------------------

attempt 127.0.0.2 alice "wrong from two"
same "another address is not throttled: a wrong password is 401" "$CODE" 401
same "REMOTE_ADDR is curl's --interface address" \
    "$(sql "SELECT address FROM login_failures WHERE address <> '127.0.0.1'")" \
    127.0.0.2
attempt 127.0.0.2 alice "$PASSWORD"
same "the right password from 127.0.0.2 signs in" "$CODE" 303
check "with a session cookie" test -n "$(set_cookie blog_session)"
same "signing in does not erase the address's failures" "$(failures 127.0.0.2)" 1
same "nor anyone else's" "$(failures 127.0.0.1)" 10
attempt 127.0.0.1 alice "$PASSWORD"
same "127.0.0.1 is still refused" "$CODE" 429

# --- Fifteen minutes later ------------------------------------------------------

sql "UPDATE login_failures SET failed_at = failed_at - INTERVAL 16 MINUTE"
attempt 127.0.0.1 alice "$PASSWORD"
same "16 minutes later 127.0.0.1 signs in again" "$CODE" 303
same "old failures are ignored, not deleted, until a failure is recorded" \
    "$(count_rows login_failures)" 11
attempt 127.0.0.3 alice "wrong from three"
same "a new failure is 401" "$CODE" 401
same "and the table keeps nothing older than the window" \
    "$(count_rows login_failures "failed_at <= UTC_TIMESTAMP(6) - INTERVAL 15 MINUTE")" 0
same "but the new failure" "$(count_rows login_failures)" 1

# --- Readers stay fast while guessers hash ------------------------------------

sql "DELETE FROM login_failures"
GUESSERS=${GUESSERS:-8}
GUESS_SECONDS=${GUESS_SECONDS:-7}
TOKEN64=$(printf '%064d' 7)

# reader_times FILE: 100 GET /blog/, 40 ms apart, one "status time_total"
# (seconds) a line.
reader_times() {
	local i
	for i in $(seq 100); do
		curl -sS -o /dev/null -w '%{http_code} %{time_total}\n' \
		    --max-time 10 "$BASE_URL/blog/" >> "$1"
		sleep 0.04
	done
}

# guesser G END: wrong passwords from 127.1.G.N (N changing every five
# tries, so the throttle never stops them) until END (epoch seconds); one
# "status retry-after" line per answer in $TEST_DIR/guess-G.
guesser() {
	local g=$1 end=$2 n=0 i urls=()
	for i in 1 2 3 4 5; do urls+=(-o /dev/null "$BASE_URL/login"); done
	while [ "$(date +%s)" -lt "$end" ]; do
		n=$((n % 250 + 1))
		curl -sS --interface "127.1.$g.$n" --max-time 5 \
		    -w '%{http_code} %header{retry-after}\n' \
		    -b "blog_csrf=$TOKEN64" --data-urlencode "csrf_token=$TOKEN64" \
		    --data-urlencode username=alice \
		    --data-urlencode "password=guess $g $n" "${urls[@]}" \
		    >> "$TEST_DIR/guess-$g" 2>/dev/null
	done
}

# percentile P FILE: the P-th percentile (nearest rank) of FILE's second
# column, in ms.
percentile() {
	awk '{ print $2 * 1000 }' "$2" | sort -n |
	    awk -v p="$1" '{ v[NR] = $1 } END { i = int((p * NR + 99) / 100);
		if (i < 1) i = 1; printf "%.1f", v[i] }'
}

curl -sS -o /dev/null "$BASE_URL/blog/"	# the page cache, warm
reader_times "$TEST_DIR/idle"
end=$(( $(date +%s) + GUESS_SECONDS ))
pids=()
for g in $(seq "$GUESSERS"); do
	guesser "$g" "$end" &
	pids+=($!)
done
sleep 0.5
reader_times "$TEST_DIR/busy"
for p in "${pids[@]}"; do wait "$p"; done

idle50=$(percentile 50 "$TEST_DIR/idle") idle99=$(percentile 99 "$TEST_DIR/idle")
busy50=$(percentile 50 "$TEST_DIR/busy") busy99=$(percentile 99 "$TEST_DIR/busy")
echo "# GET /blog/ alone: p50 ${idle50} ms, p99 ${idle99} ms"
echo "# GET /blog/ with $GUESSERS guessers: p50 ${busy50} ms, p99 ${busy99} ms"
cat "$TEST_DIR"/guess-* > "$TEST_DIR/guesses"
summary=$(awk '{ print $1 }' "$TEST_DIR/guesses" | sort | uniq -c |
    awk '{ printf "%s%s x%s", sep, $2, $1; sep = ", " }')
echo "# the guessers' answers: $summary"

same "every reader got 200" "$(awk '$1 != 200' "$TEST_DIR/busy" | wc -l)" 0
# 100 samples: p99 is the slowest but one. With the hashing slot it is
# tens of ms on this 2-core machine (under 220 ms sanitized, with the
# machine's load average at 25); without it, readers queue behind workers
# that hash, and it is over a second. The bound sits between, doubled for
# a sanitized build (scripts/test.sh sets SAN_LOG_DIR for one).
bound=250
[ -z "${SAN_LOG_DIR:-}" ] || bound=500
if awk -v v="$busy99" -v b="$bound" 'BEGIN { exit !(v <= b) }'; then
	ok "readers stay fast while guessers run (p99 $busy99 ms <= $bound)"
else
	not_ok "readers stay fast while guessers run" \
	    "p99 $busy99 ms > $bound ms; p50 $busy50 ms; alone p99 $idle99 ms"
fi
if awk -v v="$busy50" 'BEGIN { exit !(v <= 50) }'; then
	ok "the median reader hardly notices (p50 $busy50 ms <= 50)"
else
	not_ok "the median reader hardly notices" "p50 $busy50 ms > 50 ms"
fi
check "the guessers' passwords were checked (401)" \
    grep -q '^401 ' "$TEST_DIR/guesses"
check "guessers beyond the slot were refused (503)" \
    grep -q '^503 ' "$TEST_DIR/guesses"
same "every 503 says Retry-After: 1" \
    "$(awk '$1 == 503 && $2 != 1' "$TEST_DIR/guesses" | wc -l)" 0
same "guessers got nothing but 401, 429 and 503" \
    "$(awk '$1 != 401 && $1 != 429 && $1 != 503' "$TEST_DIR/guesses" | wc -l)" 0
attempt 127.0.0.9 alice "$PASSWORD"
same "after the guessers, the author signs in" "$CODE" 303

finish

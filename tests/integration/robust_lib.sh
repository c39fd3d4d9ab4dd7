# What test_faults.sh, test_soak.sh and test_hostile.sh share, sourced
# after lib.sh (and write_lib.sh): the worker processes, their memory, and
# the checks that nothing crashed on the way.
#
#   workers               the PIDs of blog.fcgi's workers, one a line
#   rss_kb PID            the resident memory of PID in KiB
#   wait_workers N SECS   waits until there are N workers; 1 on time-out
#   no_crash NAME         ok unless a worker died or a sanitizer reported
#   status_tally FILE     "200:N 503:M ..." of a file of status codes
#   start_blog_signed_in  start_blog, two posts (one tagged Linux) and the
#                         author alice ($PASSWORD), signed in (write_lib.sh)

# The master's PID, from the file scripts/apache.sh writes.
app_master() { cat "$TEST_DIR/apache/blog.pid" 2>/dev/null; }

workers() {
	local master
	master=$(app_master) || return 0
	# The master's children but its clock (named blog-clock by prctl).
	ps -o pid=,comm= --ppid "$master" 2>/dev/null |
	    awk '$2 != "blog-clock" { print $1 }' | sort -n
}

rss_kb() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null
}

wait_workers() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		[ "$(workers | wc -l)" -eq "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# sanitizer_reports: the AddressSanitizer and UndefinedBehaviorSanitizer
# reports written since this test started, when the run is sanitized
# (scripts/test.sh points their log_path into $SAN_LOG_DIR).
sanitizer_reports() {
	[ -n "${SAN_LOG_DIR:-}" ] && [ -d "$SAN_LOG_DIR" ] || return 0
	find "$SAN_LOG_DIR" -type f -newer "$TEST_DIR/config.ini" 2>/dev/null
}

# no_crash NAME: no worker died of a signal or exited (but those this test
# killed itself, listed in $KILLED), and no sanitizer wrote a report.
no_crash() {
	local deaths reports pid
	deaths=$(error_log | grep -E 'worker [0-9]+ (died of signal|exited with status)')
	for pid in ${KILLED:-}; do
		deaths=$(grep -v "worker $pid died of signal 9" <<<"$deaths")
	done
	reports=$(sanitizer_reports)
	if [ -z "$deaths" ] && [ -z "$reports" ]; then
		ok "$1"
		return
	fi
	not_ok "$1" "$deaths${reports:+$'\n'sanitizer reports: }$(
	    for r in $reports; do head -n 20 "$r"; done)"
}

status_tally() {
	sort "$1" | uniq -c | awk '{ printf "%s%s:%s", sep, $2, $1; sep = " " }'
}

start_blog_signed_in() {
	start_blog
	new_author alice
	sql "INSERT INTO posts (slug, title, body, created_at, updated_at) VALUES
	     ('hello', 'Hello', 'The *first* post.', NOW() - INTERVAL 1 DAY, NOW()),
	     ('second', 'Second', 'Another one.', NOW(), NOW());
	     INSERT INTO tags (slug, name) VALUES ('linux', 'Linux');
	     INSERT INTO post_tags (post_id, tag_id)
	     SELECT p.id, t.id FROM posts p, tags t
	     WHERE p.slug = 'hello';"
	sign_in alice "$PASSWORD"
	[ "$CODE" = 303 ] || not_ok "alice signs in" "status $CODE"
	session_token
}

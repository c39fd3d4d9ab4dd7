# Sourced by tests/bench/run.sh: the CPU time the servers use, for the
# table's CPU per request. Needs $TEST_DIR (lib.sh's start_blog).
#
#   cpu_ticks     prints "APACHE APP DB": the CPU time used so far, in clock
#                 ticks (getconf CLK_TCK a second), by Apache (the httpd
#                 parent of $TEST_DIR/apache/httpd.pid and every process
#                 under it), blog.fcgi (the master of $TEST_DIR/apache/blog.pid
#                 and every process under it: workers, blog-clock, image
#                 children) and MariaDB ($TEST_DIR/db/mariadbd.pid, all its
#                 threads)
#   cpu_us TICKS REQUESTS   prints TICKS as microseconds per request
#
# A process's time is user + system (fields 14 and 15 of /proc/PID/stat,
# every thread's) plus the same of its children it has reaped (fields 16
# and 17): so a worker that exits between two reads still counts, in its
# parent, and one that appears between them counts from 0. The difference
# of two reads is the time used between them.

cpu_ticks() {
	ps -e -o pid=,ppid= | awk \
	    -v apache="$(cat "$TEST_DIR/apache/httpd.pid" 2>/dev/null)" \
	    -v app="$(cat "$TEST_DIR/apache/blog.pid" 2>/dev/null)" \
	    -v db="$(cat "$TEST_DIR/db/mariadbd.pid" 2>/dev/null)" '
		{ parent[$1] = $2 }
		END {
			if (apache != "") root[apache] = 1
			if (app != "") root[app] = 2
			if (db != "") root[db] = 3
			t[1] = t[2] = t[3] = 0
			for (pid in parent) {
				for (p = pid; p + 0 > 1 && !(p in root); p = parent[p])
					;
				if (!(p in root))
					continue
				file = "/proc/" pid "/stat"
				# The name, field 2, is in parentheses and may hold
				# spaces: the fields are counted after its ")".
				if ((getline line < file) > 0) {
					sub(/^.*\) /, "", line)
					split(line, f, " ")
					t[root[p]] += f[12] + f[13] + f[14] + f[15]
				}
				close(file)
			}
			printf "%.0f %.0f %.0f\n", t[1], t[2], t[3]
		}'
}

cpu_us() {
	awk -v t="$1" -v r="$2" -v hz="$(getconf CLK_TCK)" \
	    'BEGIN { if (r > 0) printf "%.0f", t * 1e6 / hz / r; else print "-" }'
}

# Sourced by tests/bench/run.sh: uploads, and a file for the /media/ row.
# Needs $BASE_URL, $TEST_DIR, $ROOT, lib.sh's error_log and run.sh's
# worker_rss.
#
#   upload_prepare     an author signed in, and one photo stored; sets
#                      MEDIA_URL to its 960-pixel copy, for wrk
#   upload_bench       UPLOAD_REPEAT (3) uploads of a 4000x3000 JPEG of
#                      3.4 MB, each of new bytes: the time to accept it and
#                      make its copies (curl's, end to end), and the decoding
#                      child's peak memory and time (blog.fcgi's log line)

UPLOAD_JAR=$TEST_DIR/upload.jar

# photo SEED WIDTH HEIGHT FILE: a photo-like JPEG (noise over a gradient),
# new bytes for each seed.
photo() {
	local d=$TEST_DIR/photo.$1
	mkdir -p "$d"
	vips gaussnoise "$d/n.v" "$2" "$3" --sigma 12 --seed "$1"
	vips bandjoin "$d/n.v $d/n.v $d/n.v" "$d/rgb.v"
	vips sines "$d/s.v" "$2" "$3" --hfreq 3 --vfreq 2
	vips linear "$d/s.v" "$d/s2.v" 60 128
	vips add "$d/rgb.v" "$d/s2.v" "$d/sum.v"
	vips linear "$d/sum.v" "$d/half.v" 0.5 0 --uchar
	vips jpegsave "$d/half.v" "$4" --Q 90
	rm -rf "$d"
}

# upload FILE: POST /blog/media as the author; prints "status seconds".
upload() {
	curl -s -o /dev/null -b "$UPLOAD_JAR" -c "$UPLOAD_JAR" \
	    -F "csrf_token=$UPLOAD_TOKEN" -F "file=@$1" \
	    -w '%{http_code} %{time_total}\n' "$BASE_URL/blog/media"
}

upload_prepare() {
	local page=$TEST_DIR/page.html token name
	printf 'bench-password-1\n' | "$ROOT/blogctl" adduser bench >/dev/null
	curl -s -b "$UPLOAD_JAR" -c "$UPLOAD_JAR" -o "$page" "$BASE_URL/login"
	token=$(sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' "$page" | head -n 1)
	curl -s -b "$UPLOAD_JAR" -c "$UPLOAD_JAR" -o /dev/null \
	    --data-urlencode "csrf_token=$token" --data-urlencode username=bench \
	    --data-urlencode password=bench-password-1 "$BASE_URL/login"
	curl -s -b "$UPLOAD_JAR" -c "$UPLOAD_JAR" -o "$page" "$BASE_URL/blog/media"
	UPLOAD_TOKEN=$(sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' "$page" | head -n 1)
	photo 1 1920 1280 "$TEST_DIR/media-row.jpg"
	read -r status _ < <(upload "$TEST_DIR/media-row.jpg")
	if [ "$status" != 303 ]; then
		echo "bench: uploading a photo answers $status" >&2
		tail -n 5 "$TEST_DIR/log/error.log" >&2
		return 1
	fi
	name=$(error_log | sed -n 's/.*stored \([0-9a-f]*-1920x1280\)\.jpg .*/\1/p' | tail -n 1)
	[ -n "$name" ] || { echo "bench: no log line for the stored photo" >&2; return 1; }
	MEDIA_URL=/media/$name-960w.jpg
}

upload_bench() {
	local i status seconds line
	echo
	echo "upload of a 4000x3000 JPEG (3.4 MB), one at a time, ${UPLOAD_REPEAT:-3} of new bytes"
	printf '%-6s %10s %12s %14s %10s\n' upload status total_ms decoder_ms peak_MiB
	for ((i = 1; i <= ${UPLOAD_REPEAT:-3}; i++)); do
		photo $((100 + i)) 4000 3000 "$TEST_DIR/upload.jpg"
		read -r status seconds < <(upload "$TEST_DIR/upload.jpg")
		line=$(error_log | grep 'stored [0-9a-f]*-4000x3000\.jpg' | tail -n 1)
		printf '%-6s %10s %12.0f %14s %10.1f\n' "$i" "$status" \
		    "$(awk -v s="$seconds" 'BEGIN { print s * 1000 }')" \
		    "$(sed -n 's/.* in \([0-9]*\) ms.*/\1/p' <<<"$line")" \
		    "$(awk -v k="$(sed -n 's/.*peak \([0-9]*\) KiB.*/\1/p' <<<"$line")" 'BEGIN { print k / 1024 }')"
	done
	# Decoding happens in a child: the workers must not grow with it.
	echo "blog.fcgi workers' resident memory (MB), after the uploads: $(worker_rss)"
}

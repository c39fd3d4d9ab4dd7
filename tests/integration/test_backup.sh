#!/usr/bin/env bash
# ./blogctl backup and restore (issue 16) against a real MariaDB and Apache:
# a blog with an author, posts, tags and an image used by a post, backed up
# and restored into the same installation emptied (a fresh database with
# only ./migrate's schema, an empty [media] dir), after which every page
# compared is the same byte for byte, the image is served, and the author
# signs in; a blog that is not empty refused without --force and replaced
# with it; damaged archives (a flipped byte, a truncated file, no MANIFEST,
# not a tar, a member no backup has) refused before anything is touched;
# a backup taken while posts are being written holds exactly posts 1..k;
# usage errors exit 2.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/write_lib.sh"

start_blog
MEDIA=$BLOG_MEDIA_DIR
OUT=$TEST_DIR/out
ERR=$TEST_DIR/err
ARCHIVE=$TEST_DIR/blog.tar.gz

# ctl ARGS...: ./blogctl ARGS, output in $OUT and $ERR, status in RC.
ctl() {
	"$ROOT/blogctl" "$@" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	pages_settle	# readers see a change made elsewhere within 1 s
}

exits() {
	if [ "$RC" = "$2" ]; then ok "$1"; else
		not_ok "$1" "exit $RC, want $2; stderr: $(cat "$ERR")"; fi
}

said() {
	if grep -qiF -- "$2" "$OUT" "$ERR"; then ok "$1"; else
		not_ok "$1" "output lacks '$2': $(cat "$OUT" "$ERR")"; fi
}

# fingerprint: the blog's rows and image files, to show nothing changed.
fingerprint() {
	sql "CHECKSUM TABLE posts, users, tags, post_tags, media, post_media,
	    site_state, schema_migrations" 2>&1
	ls -la --time-style=+%s "$MEDIA" 2>&1 | sed 1d
}

# empty_blog [--no-schema]: the installation made new: a fresh database
# (with ./migrate's schema unless --no-schema) and no image files.
empty_blog() {
	sql "DROP DATABASE blog_test; CREATE DATABASE blog_test
	    CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
	[ "${1:-}" = --no-schema ] ||
		"$ROOT/migrate" upgrade >"$TEST_DIR/migrate.log" 2>&1 ||
		not_ok "./migrate upgrade of the empty blog" "$(cat "$TEST_DIR/migrate.log")"
	find "$MEDIA" -mindepth 1 -delete
	pages_settle	# readers see a blog made new within 1 s
}

# pages DIR: the pages compared, fetched without a session into DIR.
PAGES="/blog/ /blog/feed.atom /blog/tags /blog/tag/garden /blog/tag/garden/feed.atom"
pages() {
	local dir=$1 path i=0
	mkdir -p "$dir"
	for path in $PAGES $POSTS "/media/$PNG"; do
		i=$((i + 1))
		fetch_anon "$path"
		printf '%s\n' "$CODE" > "$dir/$i.code"
		cp "$B" "$dir/$i.body"
	done
}

# same_pages NAME DIR1 DIR2: every page of DIR2 the same as DIR1's.
same_pages() {
	local path i=0 bad=
	for path in $PAGES $POSTS "/media/$PNG"; do
		i=$((i + 1))
		cmp -s "$2/$i.code" "$3/$i.code" && cmp -s "$2/$i.body" "$3/$i.body" ||
			bad="$bad $path ($(cat "$3/$i.code"))"
	done
	if [ -z "$bad" ]; then ok "$1"; else not_ok "$1" "differ:$bad"; fi
}

# --- Usage ----------------------------------------------------------------

ctl backup
exits "backup without a FILE is a usage error" 2
said "  ...with the usage" "usage:"
ctl backup "$TEST_DIR/a" "$TEST_DIR/b"
exits "backup with two FILEs is a usage error" 2
ctl backup --gzip
exits "backup with an option it does not take is a usage error" 2
ctl restore
exits "restore without a FILE is a usage error" 2
ctl restore "$TEST_DIR/a" "$TEST_DIR/b"
exits "restore with two FILEs is a usage error" 2
ctl restore "$TEST_DIR/a" --force --force
exits "restore with --force twice is a usage error" 2
ctl restore --yes "$TEST_DIR/a"
exits "restore with an unknown option is a usage error" 2
check "no usage error wrote a file" test ! -e "$TEST_DIR/a" -a ! -e "$TEST_DIR/a.tmp"

# --- A blog ---------------------------------------------------------------

sign_in_new_author alice
vips gaussnoise "$TEST_DIR/garden.png" 700 500 >/dev/null
fetch /blog/media -F "csrf_token=$TOKEN" -F "file=@$TEST_DIR/garden.png"
same "an image uploads" "$CODE" 303
PNG=$(sql "SELECT name FROM media")
POSTS=
for n in 1 2 3; do
	fetch /blog/create --data-urlencode "csrf_token=$TOKEN" \
	    --data-urlencode "title=Spring, part $n" \
	    --data-urlencode "tags=Garden, Notes $n" \
	    --data-urlencode "body=Planted row $n. ![Beds](/media/$PNG)

*Text* with \"quotes\", a back\\slash and 'apostrophes'."
	POSTS="$POSTS $(header location)"
done
fetch /blog/create --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=Featured" --data-urlencode "tags=garden" \
    --data-urlencode "featured_image=/media/$PNG" --data-urlencode "body=Look."
POSTS="$POSTS $(header location)"
same "four posts, one image used by them" \
    "$(count_rows posts) $(count_rows post_media)" "4 4"
pages "$TEST_DIR/before"
same "the pages compared are there (200)" \
    "$(cat "$TEST_DIR"/before/*.code | sort -u)" 200

# --- backup ---------------------------------------------------------------

# A staging directory a killed backup left two days ago, and one of now.
mkdir "$MEDIA/.backup-OLD123" "$MEDIA/.backup-NEW123"
ln "$MEDIA/$PNG" "$MEDIA/.backup-OLD123/$PNG"
touch -d '2 days ago' "$MEDIA/.backup-OLD123" "$MEDIA/.backup-NEW123"
"$ROOT/blogctl" sweep-media >/dev/null 2>&1
check "sweep-media leaves a staging directory alone" test -d "$MEDIA/.backup-OLD123"
touch "$MEDIA/.backup-NEW123"
ctl backup "$ARCHIVE"
exits "backup exits 0" 0
said "it says what it wrote" "backed up 4 posts, 1 user and 1 image"
check "it removed the staging directory a backup left a day ago or more" \
    test ! -e "$MEDIA/.backup-OLD123"
said "  ...saying so" "left by a backup that did not finish"
check "  ...and kept one of now (a backup may be running)" test -d "$MEDIA/.backup-NEW123"
rmdir "$MEDIA/.backup-NEW123"
ctl backup "$ARCHIVE"
same "it is silent but for one line when not on a terminal" \
    "$(wc -l < "$OUT") $(wc -c < "$ERR")" "1 0"
same "the archive is mode 0600 (it holds password hashes)" \
    "$(stat -c %a "$ARCHIVE")" 600
check "no FILE.tmp is left" test ! -e "$ARCHIVE.tmp"
same "no staging directory is left in [media] dir" \
    "$(ls -a "$MEDIA" | grep -c '^\.backup-')" 0
same "the archive holds MANIFEST, database.sql and the image files" \
    "$(tar -tzf "$ARCHIVE" | sort | tr '\n' ' ')" \
    "MANIFEST database.sql media/ $(ls "$MEDIA" | sed 's|^|media/|' | sort | tr '\n' ' ')"
tar -xzf "$ARCHIVE" -C "$TEST_DIR" MANIFEST database.sql
same "MANIFEST: format, database, schema version, counts" \
    "$(sed -n '1p;3,7p' "$TEST_DIR/MANIFEST" | tr '\n' ' ')" \
    "blogctl-backup 1 database blog_test schema_version $(ls "$ROOT"/migrations/*.sql | wc -l) posts 4 users 1 media 1 "
same "  ...and the SHA-256 of every other member" \
    "$(grep '^file ' "$TEST_DIR/MANIFEST" | sort -k3 | awk '{print $2 "  " $3}')" \
    "$(cd "$TEST_DIR" && sha256sum database.sql; tar -xzf "$ARCHIVE" -C "$TEST_DIR" media &&
       cd "$TEST_DIR" && sha256sum media/* | sort -k2)"
check "database.sql names no trigger DEFINER (restorable by another account)" \
    bash -c '! grep -q DEFINER "$1"' _ "$TEST_DIR/database.sql"
check "database.sql was dumped with --single-transaction's snapshot" \
    grep -q "^-- Dump completed" "$TEST_DIR/database.sql"
rm -rf "$TEST_DIR/MANIFEST" "$TEST_DIR/database.sql" "$TEST_DIR/media"

ctl backup "$TEST_DIR/no/such/dir/b.tar.gz"
exits "a backup to a directory that does not exist fails" 1
said "  ...saying nothing was written" "no backup written"
same "  ...and leaves no staging directory" \
    "$(ls -a "$MEDIA" | grep -c '^\.backup-')" 0

# --- Damaged archives are refused before anything is touched ---------------

# bad_archive NAME FILE WANT: restore --force of FILE refused with WANT said,
# the blog as it was.
bad_archive() {
	local before
	before=$(fingerprint)
	ctl restore "$2" --force
	exits "$1: refused (exit 1)" 1
	said "  ...saying why" "$3"
	said "  ...and that nothing changed" "nothing changed"
	same "  ...the blog untouched" "$(fingerprint)" "$before"
}

# rebuild DIR FILE MEMBERS...: a tar.gz of MEMBERS of DIR.
rebuild() {
	local dir=$1 file=$2
	shift 2
	tar -czf "$file" -C "$dir" "$@"
}
X=$TEST_DIR/x
mkdir -p "$X"
tar -xzf "$ARCHIVE" -C "$X"

python3 - "$X/database.sql" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
i = b.index(b"Spring, part 2")
b[i] ^= 0x01
open(p, "wb").write(b)
PY
rebuild "$X" "$TEST_DIR/flipped.tar.gz" MANIFEST database.sql media
bad_archive "a flipped byte in database.sql" "$TEST_DIR/flipped.tar.gz" \
    "database.sql is damaged"
tar -xzf "$ARCHIVE" -C "$X" database.sql

printf 'x' >> "$X/media/$PNG"
rebuild "$X" "$TEST_DIR/image.tar.gz" MANIFEST database.sql media
bad_archive "an image file changed" "$TEST_DIR/image.tar.gz" "media/$PNG is damaged"
tar -xzf "$ARCHIVE" -C "$X" "media/$PNG"

head -c $(($(stat -c %s "$ARCHIVE") / 2)) "$ARCHIVE" > "$TEST_DIR/cut.tar.gz"
bad_archive "a truncated archive" "$TEST_DIR/cut.tar.gz" "not a whole gzip'd tar"
rebuild "$X" "$TEST_DIR/nomanifest.tar.gz" database.sql media
bad_archive "an archive without MANIFEST" "$TEST_DIR/nomanifest.tar.gz" "no MANIFEST"
printf 'this is not an archive\n' > "$TEST_DIR/text.tar.gz"
bad_archive "a file that is not a tar" "$TEST_DIR/text.tar.gz" "not a whole gzip'd tar"
bad_archive "a file that is not there" "$TEST_DIR/missing.tar.gz" "not a whole gzip'd tar"
cp "$ROOT/README.md" "$X/notes.txt"
rebuild "$X" "$TEST_DIR/extra.tar.gz" MANIFEST database.sql media notes.txt
bad_archive "an archive with a member no backup has" "$TEST_DIR/extra.tar.gz" \
    "holds 'notes.txt'"
rm "$X/notes.txt"
sed -i '1s/.*/blogctl-backup 2/' "$X/MANIFEST"
rebuild "$X" "$TEST_DIR/format.tar.gz" MANIFEST database.sql media
bad_archive "a MANIFEST of a format to come" "$TEST_DIR/format.tar.gz" \
    "this blogctl reads format 1"
tar -xzf "$ARCHIVE" -C "$X" MANIFEST
sed -i '$d' "$X/MANIFEST"
rebuild "$X" "$TEST_DIR/unlisted.tar.gz" MANIFEST database.sql media
bad_archive "an image the MANIFEST does not list" "$TEST_DIR/unlisted.tar.gz" \
    "is not in the MANIFEST"

# A gzip bomb: 64 MB of zeros as database.sql packs into ~64 KB, and the
# private directory (TMPDIR) is a 16 MB file system: refused from tar's
# list, before a byte is extracted.
SMALL=$TEST_DIR/small
mkdir -p "$SMALL"
if mount -t tmpfs -o size=16m tmpfs "$SMALL" 2>/dev/null; then
	mkdir -p "$TEST_DIR/bomb"
	cp "$X/MANIFEST" "$TEST_DIR/bomb/"
	head -c $((64 << 20)) /dev/zero > "$TEST_DIR/bomb/database.sql"
	rebuild "$TEST_DIR/bomb" "$TEST_DIR/bomb.tar.gz" MANIFEST database.sql
	rm -rf "$TEST_DIR/bomb"
	TMPDIR=$SMALL bad_archive "an archive that unpacks past the free space" \
	    "$TEST_DIR/bomb.tar.gz" "unpacks to 64 MB"
	same "  ...nothing of it was extracted" "$(find "$SMALL" -type f | wc -l)" 0
	umount "$SMALL"
else
	echo "# skipped: the free-space check needs a small tmpfs (mount: not root?)"
fi

# --- restore into an empty installation -----------------------------------

empty_blog
fetch_anon /blog/
body_lacks "the emptied blog shows no post" "Spring, part 1"
ctl restore "$ARCHIVE"
exits "restore into the empty blog exits 0" 0
said "it says what it restored" "restored 4 posts, 1 user and 1 image (2 files)"
pages "$TEST_DIR/after"
same_pages "every page compared is the same, byte for byte (index, feeds, tags, posts, image)" \
    "$TEST_DIR/before" "$TEST_DIR/after"
fetch_anon "/media/$PNG"
same "the image is served" "$CODE" 200
same "  ...its file mode 0644 and owned as [media] dir is" \
    "$(stat -c '%a %U:%G' "$MEDIA/$PNG")" "644 $(stat -c '%U:%G' "$MEDIA")"
same "  ...no temporary file left" "$(ls -a "$MEDIA" | grep -c '^\.tmp-')" 0
rm -f "$JAR"
sign_in alice "$PASSWORD"
session_token
check "alice signs in with her password" test -n "$TOKEN"
same "the restored triggers work (a new post is counted)" \
    "$(sql "INSERT INTO posts (title, slug, body, state) VALUES ('t', 't', 't', 'draft');
    SELECT post_count FROM site_state; DELETE FROM posts WHERE slug = 't'")" 5

# --- A blog that is not empty ----------------------------------------------

before=$(fingerprint)
ctl restore "$ARCHIVE"
exits "restore into a blog that is not empty fails" 1
said "  ...saying it is not empty" "is not empty"
said "  ...and that --force would replace it" "--force"
same "  ...nothing changed" "$(fingerprint)" "$before"
sql "UPDATE posts SET title = 'Changed' WHERE slug LIKE 'spring-part-1%'"
ctl restore "$ARCHIVE" --force
exits "restore --force replaces it" 0
pages "$TEST_DIR/forced"
same_pages "  ...the pages are the backup's again" "$TEST_DIR/before" "$TEST_DIR/forced"

empty_blog --no-schema
ctl restore "$ARCHIVE"
exits "restore into a database without even the schema exits 0" 0
pages "$TEST_DIR/bare"
same_pages "  ...the same pages" "$TEST_DIR/before" "$TEST_DIR/bare"

# --- Consistent while posts are written -------------------------------------

# Enough rows that the dump takes a while: 4000 posts of 8 KB.
sql "INSERT INTO posts (title, slug, body, state)
    SELECT CONCAT('Filler ', seq), CONCAT('filler-', seq), REPEAT('x', 8000),
    'published' FROM seq_1_to_4000"
# The writer: posts w-1, w-2, ... each in its own transaction, in order.
(
	n=0
	while [ ! -e "$TEST_DIR/stop" ]; do
		n=$((n + 1))
		sql "INSERT INTO posts (title, slug, body, state)
		    VALUES ('W $n', 'w-$n', 'x', 'published')" || break
	done
) &
WRITER=$!
until [ "$(count_rows posts "slug LIKE 'w-%'")" -ge 20 ]; do sleep 0.1; done
before_backup=$(count_rows posts "slug LIKE 'w-%'")
ctl backup "$ARCHIVE"
exits "a backup while posts are written exits 0" 0
after_backup=$(count_rows posts "slug LIKE 'w-%'")
touch "$TEST_DIR/stop"
wait "$WRITER"
ctl restore "$ARCHIVE" --force
exits "  ...and restores" 0
k=$(count_rows posts "slug LIKE 'w-%'")
same "the restored posts are w-1 to w-k, no gap (one moment)" \
    "$(sql "SELECT COUNT(*), COALESCE(MIN(CAST(SUBSTRING(slug, 3) AS UNSIGNED)), 0),
    COALESCE(MAX(CAST(SUBSTRING(slug, 3) AS UNSIGNED)), 0) FROM posts WHERE slug LIKE 'w-%'")" \
    "$k	1	$k"
check "  ...k ($k) at least the count before the backup began ($before_backup)" \
    test "$k" -ge "$before_backup"
check "  ...and at most the count after it ended ($after_backup)" \
    test "$k" -le "$after_backup"
same "  ...the MANIFEST counted the snapshot's posts" \
    "$(tar -xzOf "$ARCHIVE" MANIFEST | sed -n 's/^posts //p')" "$((k + 4004))"
same "  ...and site_state agrees" "$(sql "SELECT post_count FROM site_state")" "$((k + 4004))"
echo "# writes during the backup: $before_backup before it, $k in it, $after_backup after"

# --- Interrupted ---------------------------------------------------------------

mkdir "$TEST_DIR/tmp"
TMPDIR=$TEST_DIR/tmp "$ROOT/blogctl" backup "$TEST_DIR/cut-short.tar.gz" \
    >"$OUT" 2>"$ERR" &
BACKUP=$!
for ((i = 0; i < 200; i++)); do
	ls -a "$MEDIA" | grep -q '^\.backup-' && break
	sleep 0.02
done
kill -TERM "$BACKUP"
wait "$BACKUP"
RC=$?
exits "a backup sent SIGTERM while it runs fails" 1
said "  ...saying it was interrupted" "interrupted"
check "  ...and writes no FILE, no FILE.tmp" \
    test ! -e "$TEST_DIR/cut-short.tar.gz" -a ! -e "$TEST_DIR/cut-short.tar.gz.tmp"
same "  ...and leaves no staging directory" \
    "$(ls -a "$MEDIA" | grep -c '^\.backup-')" 0
same "  ...and no private directory" "$(ls -A "$TEST_DIR/tmp")" ""
sed 's/^/# /' "$ERR"

finish

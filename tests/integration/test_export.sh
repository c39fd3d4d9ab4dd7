#!/usr/bin/env bash
# ./blogctl export and import against a real MariaDB and Apache: posts made
# through the forms (published, draft, scheduled, trashed, tags with & and
# Unicode, an author, one with no author, an uploaded image in a body and
# as featured), exported (file names, front matter read back by
# python3-yaml, bodies byte for byte, images, the trashed left out); the
# blog emptied and imported again: every post page, the index, the tag
# pages and the feeds byte for byte the same, the image served; Hugo
# itself building a site of the export; a Hugo content folder
# (tests/fixtures/hugo) with its slugs and dates; each bad
# input named with exit 1 and nothing written; duplicate slugs; --update.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/write_lib.sh"

start_blog
sign_in_new_author alice
MEDIA=$BLOG_MEDIA_DIR
EXPORT=$TEST_DIR/export
IMG=$TEST_DIR/img
mkdir -p "$IMG"

slug_of() { sql "SELECT slug FROM posts WHERE title = '$1'"; }

# ctl ARGS...: ./blogctl, its output in $OUT, its status in $RC.
ctl() {
	OUT=$("$ROOT/blogctl" "$@" 2>&1)
	RC=$?
	pages_settle	# readers see a change made elsewhere within 1 s
}
exits() {
	if [ "$RC" = "$2" ]; then ok "$1"; else
		not_ok "$1" "exit $RC, want $2:"$'\n'"$OUT"; fi
}

# --- A blog -----------------------------------------------------------------

vips gaussnoise "$IMG/photo.jpg" 1200 800 >/dev/null
fetch /blog/media -F "csrf_token=$TOKEN" -F "file=@$IMG/photo.jpg"
same "an image uploads" "$CODE" 303
JPG=$(sql "SELECT name FROM media")
COPY=${JPG%.jpg}-480w.jpg

create_ok 'Hello & welcome: "quoted" # not a comment' \
    $'First post.\n\n![A photo](/media/'"$JPG"$')\n\nA copy: /media/'"$COPY"$'\n' \
    'R&D, Café, 東京'
create_ok 'Featured' $'With a featured image.\r\nAnd CRLF.' 'Café' \
    --data-urlencode "featured_image=/media/$JPG"
create_ok 'A draft' 'Not yet.' 'R&D' --data-urlencode status=draft
create_ok 'Scheduled' 'Later.' '' --data-urlencode publish_at=2031-01-02T03:04
create_ok 'Trashed' 'Gone.' 'gone-tag'
fetch "/blog/$(slug_of Trashed)/delete" --data-urlencode "csrf_token=$TOKEN"
new_author bob
ALICE_JAR=$JAR
JAR=$TEST_DIR/bob.jar
sign_in bob "$PASSWORD"
session_token
create_ok 'By bob' 'Bob wrote this.' 'Café'
JAR=$ALICE_JAR
session_token
printf '' | "$ROOT/blogctl" deluser bob >/dev/null
same "five posts out of the trash" \
    "$(count_rows posts 'trashed_at IS NULL')" 5

# Every page a reader sees, saved.
PAGES=$TEST_DIR/pages.list
save_pages() {
	local dir=$1 path
	mkdir -p "$dir"
	{
		echo /blog/
		echo /blog/tags
		echo /blog/feed.atom
		sql "SELECT CONCAT('/blog/', slug) FROM posts WHERE visible = 1"
		# A tag of the trashed post alone is not exported.
		sql "SELECT CONCAT('/blog/tag/', slug) FROM tags
		    JOIN tag_counts ON tag_id = id WHERE post_count > 0"
		sql "SELECT CONCAT('/blog/tag/', slug, '/feed.atom') FROM tags
		    JOIN tag_counts ON tag_id = id WHERE post_count > 0"
	} | sort > "$PAGES.$2"
	while read -r path; do
		fetch_anon "$path"
		cp "$B" "$dir/$(tr / _ <<<"$path")"
		echo "$path $CODE" >> "$dir/codes"
	done < "$PAGES.$2"
}
save_pages "$TEST_DIR/before" before

# --- Export -------------------------------------------------------------------

ctl export "$EXPORT"
exits "export exits 0" 0
output_has "it sums up" "exported 5 posts and 1 image"
HELLO=$(slug_of 'Hello & welcome: "quoted" # not a comment')
same "one file per post but the trashed" \
    "$(ls "$EXPORT/posts" | sort | tr '\n' ' ')" \
    "$(sql "SELECT CONCAT(DATE_FORMAT(COALESCE(publish_at, created_at),
        '%Y-%m-%d-'), slug, '.md') FROM posts WHERE trashed_at IS NULL
        ORDER BY 1" | tr '\n' ' ')"
check "the trashed post is not exported" \
    bash -c '! ls "$1"/posts | grep -q trashed' _ "$EXPORT"
check "the image and its copies are exported" \
    test -f "$EXPORT/media/$JPG" -a -f "$EXPORT/media/$COPY"
check "no temporary files are left" \
    bash -c '[ -z "$(ls -A "$1"/posts "$1"/media | grep "^\.")" ]' _ "$EXPORT"

# The front matter as any YAML reader reads it, and the bodies' bytes.
for slug in $(sql "SELECT slug FROM posts WHERE trashed_at IS NULL"); do
	sql "SELECT HEX(body) FROM posts WHERE slug = '$slug'" \
	    > "$TEST_DIR/body.$slug"
done
if python3 - "$EXPORT/posts" "$TEST_DIR" > "$TEST_DIR/yaml.out" 2>&1 <<'PY'
import glob, os, sys, yaml
d, t = sys.argv[1], sys.argv[2]
for path in sorted(glob.glob(d + "/*.md")):
    raw = open(path, "rb").read()
    assert raw.startswith(b"---\n"), path
    end = raw.index(b"\n---\n", 3)
    fm = yaml.safe_load(raw[4:end + 1].decode())
    body = raw[end + 5:]
    want = bytes.fromhex(open(t + "/body." + fm["slug"]).read().strip())
    assert body == want, (path, body, want)
    assert os.path.basename(path) == \
        fm["date"].strftime("%Y-%m-%d-") + fm["slug"] + ".md", path
    assert set(fm) <= {"title", "slug", "date", "lastmod", "tags", "draft",
        "author", "featured_image"}, fm
    print(fm["slug"], repr(fm["title"]), fm["tags"], fm["draft"],
        fm.get("author"), fm.get("featured_image"),
        fm["date"].isoformat())
PY
then ok "python3-yaml reads every file; bodies byte for byte"; else
	not_ok "python3-yaml reads every file; bodies byte for byte" \
	    "$(cat "$TEST_DIR/yaml.out")"; fi
OUT=$(cat "$TEST_DIR/yaml.out")
output_has "titles, tags, authors and states survive YAML" \
    "$HELLO 'Hello & welcome: \"quoted\" # not a comment' ['Café', 'R&D', '東京'] False alice None" \
    "a-draft 'A draft' ['R&D'] True alice" \
    "scheduled 'Scheduled' [] False alice None 2031-01-02T03:04:00+00:00" \
    "by-bob 'By bob' ['Café'] False None None" \
    "featured 'Featured' ['Café'] False alice /media/$JPG"

# Hugo reads the export as content (SPEC): a site of the bare minimum (no
# theme, one layout printing what Hugo made of each post) over the exported
# posts and images; every post readers see is a page at its slug, with its
# title, date, tags and body as Hugo reads them. Drafts and scheduled posts
# are not built, as Hugo leaves them out by default.
if command -v hugo >/dev/null; then
	SITE=$TEST_DIR/hugo
	mkdir -p "$SITE/content" "$SITE/layouts/_default" "$SITE/static"
	cp -r "$EXPORT/posts" "$SITE/content/posts"
	cp -r "$EXPORT/media" "$SITE/static/media"
	cat > "$SITE/config.toml" <<'TOML'
baseURL = "http://example.org/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[permalinks]
posts = "/:slug/"
TOML
	printf '%s\n' '{{ .Title | safeHTML }}|{{ .Date.UTC.Format "2006-01-02T15:04:05Z" }}|{{ delimit .Params.tags "," | safeHTML }}' \
	    '{{ .Content }}' > "$SITE/layouts/_default/single.html"
	printf '%s\n' '{{ range .Site.RegularPages }}{{ .Params.slug }} {{ end }}' \
	    > "$SITE/layouts/index.html"
	if hugo --source "$SITE" --destination "$SITE/public" --quiet \
	    > "$TEST_DIR/hugo.out" 2>&1; then
		ok "hugo builds a site of the export"
	else
		not_ok "hugo builds a site of the export" "$(cat "$TEST_DIR/hugo.out")"
	fi
	same "  ...with a page for each post readers see, at its slug" \
	    "$(tr ' ' '\n' < "$SITE/public/index.html" | grep . | sort | tr '\n' ' ')" \
	    "$(sql "SELECT slug FROM posts WHERE visible = 1 ORDER BY slug" |
	        tr '\n' ' ')"
	same "  ...its title, date and tags as Hugo reads them" \
	    "$(head -n 1 "$SITE/public/$HELLO/index.html")" \
	    "$(sql "SELECT CONCAT(title, '|', DATE_FORMAT(publish_at,
	        '%Y-%m-%dT%H:%i:%sZ'), '|') FROM posts WHERE slug = '$HELLO'")Café,R&D,東京"
	check "  ...and its body rendered from the Markdown, the image at its path" \
	    grep -q "<img src=\"/media/$JPG\"" "$SITE/public/$HELLO/index.html"
else
	echo "# skipped: hugo is not installed (scripts/deps.sh installs it)"
fi

# --- Into an empty blog -----------------------------------------------------

empty_blog() {
	stop_apache >/dev/null
	sql "DROP DATABASE blog_test; CREATE DATABASE blog_test"
	"$ROOT/migrate" upgrade >"$TEST_DIR/migrate.log" 2>&1 ||
	    not_ok "migrate an empty blog" "$(cat "$TEST_DIR/migrate.log")"
	[ ! -d "$MEDIA" ] || find "$MEDIA" -mindepth 1 -delete
	APACHE_DIR=$TEST_DIR/apache LOG_DIR=$TEST_DIR/log \
	    "$ROOT/scripts/apache.sh" start >/dev/null || not_ok "Apache again"
}
empty_blog
new_author alice
ctl import "$EXPORT"
exits "import into an empty blog exits 0" 0
output_has "a line per file and a summary" \
    "imported  $EXPORT/posts/" "→ /blog/$HELLO" "5 imported, 0 updated, 0 skipped, 0 failed"
same "the images' rows" "$(sql "SELECT name FROM media")" "$JPG"
save_pages "$TEST_DIR/after" after
same "the same pages" "$(cat "$PAGES.after")" "$(cat "$PAGES.before")"
if diff -r "$TEST_DIR/before" "$TEST_DIR/after" > "$TEST_DIR/diff" 2>&1; then
	ok "every page byte for byte the same ($(wc -l < "$PAGES.after") pages)"
else
	not_ok "every page byte for byte the same" "$(head -c 3000 "$TEST_DIR/diff")"
fi
fetch_anon "/media/$JPG"
same "the image is served" "$CODE" 200
fetch_anon "/media/$COPY"
same "its copy is served" "$CODE" 200
same "the draft and the scheduled post are back, unseen" \
    "$(sql "SELECT slug, state, visible FROM posts WHERE visible = 0 ORDER BY slug" | tr '\t\n' ', ')" \
    "a-draft,draft,0 scheduled,published,0 "

ctl export "$TEST_DIR/new/parent/export2"
mv "$TEST_DIR/new/parent/export2" "$TEST_DIR/export2"
same "a second export: the same posts, byte for byte" \
    "$(cd "$EXPORT/posts" && sha256sum *)" \
    "$(cd "$TEST_DIR/export2/posts" && sha256sum *)"
same "  ...and images of the same names" "$(ls "$EXPORT/media")" \
    "$(ls "$TEST_DIR/export2/media")"

# --- Again, and --update ---------------------------------------------------------

ctl import "$EXPORT/posts"
exits "importing again exits 0" 0
output_has "each post is skipped, and said so" \
    "skipped   $EXPORT/posts/" "slug $HELLO exists (--update replaces it)" \
    "0 imported, 0 updated, 5 skipped, 0 failed"
FILE=$(ls "$EXPORT"/posts/*-featured.md)
sed -i 's/^title: Featured$/title: Featured, again/' "$FILE"
ctl import --update "$FILE"
exits "--update exits 0" 0
output_has "--update replaces it" "updated   $FILE → /blog/featured" \
    "0 imported, 1 updated, 0 skipped, 0 failed"
fetch_anon /blog/featured
body_has "  ...its page shows the new title" "Featured, again"
same "  ...keeping its id and one row" \
    "$(count_rows posts "slug = 'featured'")" 1

# --- A Hugo site, and Jekyll's names ------------------------------------------------

empty_blog
new_author alice
ctl import "$ROOT/tests/fixtures/hugo/content"
exits "the Hugo folder: exit 1 for its TOML file" 1
HUGO=$ROOT/tests/fixtures/hugo/content/posts
output_has "each file's line" \
    "imported  $HUGO/2026-11-04-dated-name.md → /blog/dated-name" \
    "skipped   $HUGO/_index.md: a section page (_index.md), not a post" \
    "imported  $HUGO/bundle-post/index.md → /blog/bundle-post" \
    "imported  $HUGO/first-post.md → /blog/hello-hugo" \
    "imported  $HUGO/my-second-post.md → /blog/my-second-post" \
    "failed    $HUGO/toml-post.md:1: TOML front matter (+++) is not supported" \
    "imported  $HUGO/unfinished.md → /blog/unfinished" \
    "5 imported, 0 updated, 1 skipped, 1 failed"
fetch_anon /blog/hello-hugo
body_has "Hugo's slug and date (+01:00 made UTC)" \
    'datetime="2026-11-01T08:30:00Z"'
fetch_anon /blog/my-second-post
body_has "a date alone is midnight" 'datetime="2026-11-03T00:00:00Z"'
same "tags and categories are tags" \
    "$(sql "SELECT GROUP_CONCAT(t.name ORDER BY t.name) FROM tags t
        JOIN post_tags pt ON pt.tag_id = t.id JOIN posts p ON p.id = pt.post_id
        WHERE p.slug = 'hello-hugo'")" "go,News,static sites"
same "draft: true is a draft" \
    "$(sql "SELECT state FROM posts WHERE slug = 'unfinished'")" draft
same "lastmod is the post's updated time" \
    "$(sql "SELECT updated_at FROM posts WHERE slug = 'hello-hugo'")" \
    "2026-11-02 09:00:00.000000"

J=$TEST_DIR/jekyll/_posts
mkdir -p "$J"
printf -- '---\nlayout: post\ntitle: Jekyll post\ndate: 2026-11-08 10:00:00 +0100\ncategories: [jekyll]\nauthor: nobody\n---\nJekyll.\n' \
    > "$J/2026-11-08-jekyll-post.md"
printf -- '---\nlayout: post\ntitle: Date from the name\n---\nJekyll.\n' \
    > "$J/2026-11-09-from-the-name.markdown"
printf 'not a post\n' > "$J/notes.txt"
ctl import "$TEST_DIR/jekyll"
exits "a Jekyll folder exits 0" 0
output_has "Jekyll's names and an unknown author" \
    "imported  $J/2026-11-08-jekyll-post.md → /blog/jekyll-post (no user 'nobody': imported without a byline)" \
    "imported  $J/2026-11-09-from-the-name.markdown → /blog/from-the-name" \
    "2 imported, 0 updated, 0 skipped, 0 failed"
same "Jekyll's date with +0100, and the file name's" \
    "$(sql "SELECT publish_at FROM posts WHERE slug IN ('jekyll-post', 'from-the-name') ORDER BY slug")" \
    "2026-11-09 00:00:00.000000"$'\n'"2026-11-08 09:00:00.000000"

# --- Bad input: each named, nothing written ---------------------------------------

BAD=$TEST_DIR/bad
mkdir -p "$BAD/posts" "$BAD/media"
printf '# Just Markdown\n' > "$BAD/posts/no-front-matter.md"
printf -- '---\ntitle: Open\n\nNever closed.\n' > "$BAD/posts/unterminated.md"
{
	printf -- '---\ntitle: Bomb\n'
	printf 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
	printf 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
	printf 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n---\nBoom.\n'
} > "$BAD/posts/yaml-bomb.md"
printf -- '---\ntitle: Huge\n---\n' > "$BAD/posts/huge.md"
truncate -s 100M "$BAD/posts/huge.md"
printf -- '---\ntitle: Latin-1\n---\nfine\ncaf\xe9\n' > "$BAD/posts/invalid-utf8.md"
printf -- '---\ntitle: When?\ndate: next tuesday\n---\nSoon.\n' > "$BAD/posts/bad-date.md"
printf -- '---\ntitle: Outside\n---\nFrom outside.\n' > "$TEST_DIR/outside.md"
ln -s "$TEST_DIR/outside.md" "$BAD/posts/symlink-out.md"
printf -- '---\ntitle: Reserved\nslug: tags\n---\nNo.\n' > "$BAD/posts/reserved.md"
FAKE=0123456789abcdef0123456789abcdef-40x30.png
printf 'not a png at all\n' > "$BAD/media/$FAKE"
printf -- '---\ntitle: Broken image\n---\n![x](/media/%s)\n' "$FAKE" > "$BAD/posts/broken-image.md"
VIPS_PNG=$(printf 'fedcba9876543210fedcba9876543210-64x48.png')
vips gaussnoise "$BAD/media/$VIPS_PNG" 64 48 >/dev/null
printf -- '---\ntitle: Image, then no featured one\nfeatured_image: /media/%s\n---\n![x](/media/%s)\n' \
    "99999999999999999999999999999999-10x10.png" "$VIPS_PNG" > "$BAD/posts/no-featured.md"
printf -- '---\ntitle: Wrong size\n---\n![x](/media/%s)\n' \
    "00112233445566778899aabbccddeeff-65x48.png" > "$BAD/posts/wrong-size.md"
vips gaussnoise "$BAD/media/00112233445566778899aabbccddeeff-65x48.png" 64 48 >/dev/null

counts() {
	sql "SELECT (SELECT COUNT(*) FROM posts), (SELECT COUNT(*) FROM tags),
	    (SELECT COUNT(*) FROM post_tags), (SELECT COUNT(*) FROM media),
	    (SELECT COUNT(*) FROM post_media)"
	ls -A "$MEDIA" | wc -l
}
BEFORE=$(counts)
ctl import "$BAD"
exits "bad input exits 1" 1
output_has "each bad file named, with its line and why" \
    "failed    $BAD/posts/no-front-matter.md:1: no front matter" \
    "failed    $BAD/posts/unterminated.md:1: the front matter is not closed" \
    "failed    $BAD/posts/yaml-bomb.md:3: aliases are not allowed" \
    "failed    $BAD/posts/huge.md: 104857600 bytes, more than a post can be" \
    "failed    $BAD/posts/invalid-utf8.md:5: invalid UTF-8" \
    "failed    $BAD/posts/bad-date.md:3: 'next tuesday' is not a date" \
    "failed    $BAD/posts/symlink-out.md: a symlink that leads out of the PATH given: refused" \
    "failed    $BAD/posts/reserved.md:3: the slug 'tags' is one of the blog's own paths" \
    "failed    $BAD/posts/broken-image.md: media/$FAKE: The file is not a JPEG, PNG, GIF or WebP image." \
    "failed    $BAD/posts/no-featured.md:3: the featured image /media/99999999999999999999999999999999-10x10.png is neither the blog's nor in" \
    "failed    $BAD/posts/wrong-size.md: media/00112233445566778899aabbccddeeff-65x48.png is 64 × 48 pixels" \
    "0 imported, 0 updated, 0 skipped, 11 failed"
same "nothing written: rows and media files as they were" "$(counts)" "$BEFORE"

mkfifo "$TEST_DIR/fifo.md"
ctl import "$TEST_DIR/fifo.md"
exits "a FIFO given as a PATH fails, unread" 1
output_has "  ...and says so" "failed    $TEST_DIR/fifo.md: not a regular file"

DUP=$TEST_DIR/dup
mkdir -p "$DUP"
printf -- '---\ntitle: One\nslug: same\n---\nA.\n' > "$DUP/a.md"
printf -- '---\ntitle: Two\nslug: same\n---\nB.\n' > "$DUP/b.md"
ctl import "$DUP"
exits "a slug twice in one import exits 1" 1
output_has "the second names the first" "imported  $DUP/a.md → /blog/same" \
    "failed    $DUP/b.md:3: the slug 'same' is also that of $DUP/a.md, earlier in this import" \
    "1 imported, 0 updated, 0 skipped, 1 failed"

ctl import
exits "import without a PATH is a usage error" 2
ctl import --frobnicate "$DUP"
exits "an unknown option is a usage error" 2

finish

#!/usr/bin/env bash
# Found and shared (SPEC "Found and shared: metadata, sitemap, feeds") over
# real HTTP (Apache, blog.fcgi, a private MariaDB), read with real parsers:
# each page's <head> through Python's html.parser (head_meta.py), the
# JSON-LD through json, the sitemap and the feeds through xml.etree and
# xmllint against the schemas of tests/schemas/, robots.txt through a small
# RFC 9309 matcher.
#
#   1. The schemas are not vacuous: small good documents pass them, bad ones
#      (no id, no title, no loc, lastmod "yesterday", a wrong namespace, one
#      URL too many...) fail. No server: `test_found.sh --schemas-only` stops
#      after this part.
#   2. Every HTML page's head: canonical, description, Open Graph, Twitter
#      card, article:*, the featured image, the feeds it links, noindex on
#      exactly the pages that should have it; what link-preview bots get;
#      the post's JSON-LD.
#   3. robots.txt, the tag feeds and the site feed, the sitemap, conditional
#      GETs of all three; then past 50,000 URLs (posts inserted by SQL), the
#      sitemap index and its parts; last, a config.ini without description.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/write_lib.sh"

SCHEMAS=$ROOT/tests/schemas
HEAD_META=$ROOT/tests/integration/head_meta.py
DOCS=$TEST_DIR/docs
mkdir -p "$DOCS"

# --- Helpers ---------------------------------------------------------------------

# xml_valid SCHEMA FILE: xmllint finds FILE valid against SCHEMA (.rng or
# .xsd); its complaints on standard output otherwise.
xml_valid() {
	case $1 in
	*.rng) xmllint --noout --relaxng "$1" "$2" 2>&1 ;;
	*) xmllint --noout --schema "$1" "$2" 2>&1 ;;
	esac
}

# accepts NAME SCHEMA FILE / refuses NAME SCHEMA FILE: one check each.
accepts() {
	local out
	if out=$(xml_valid "$2" "$3"); then ok "$1"; else
		not_ok "$1" "$(tail -n 5 <<<"$out")"; fi
}
refuses() {
	local out
	if out=$(xml_valid "$2" "$3"); then not_ok "$1" "valid, but should not be"
	else ok "$1"; fi
}

# variant FROM TO SED-SCRIPT: TO is FROM edited by SED-SCRIPT, which must
# change something (else the bad document would be the good one).
variant() {
	sed -e "$3" "$DOCS/$1" > "$DOCS/$2"
	cmp -s "$DOCS/$1" "$DOCS/$2" && echo "# variant $2 changed nothing" >&2
	return 0
}

# --- 1. The schemas ------------------------------------------------------------

ATOM=$SCHEMAS/atom.rng
SITEMAP=$SCHEMAS/sitemap.xsd
SITEINDEX=$SCHEMAS/siteindex.xsd
for schema in "$ATOM" "$SITEMAP" "$SITEINDEX"; do
	check "${schema#"$ROOT"/} is well-formed XML" xmllint --noout "$schema"
done

# A feed with what RFC 4287 allows around our own: an extension element of
# another namespace, an XHTML title, a feed-level author and category.
cat > "$DOCS/feed.atom" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:ext="urn:example:ext" xml:lang="en">
<title>Test Blog</title>
<id>http://127.0.0.1:8080/blog/tag/common</id>
<link rel="self" type="application/atom+xml" href="http://127.0.0.1:8080/blog/tag/common/feed.atom"/>
<link rel="alternate" type="text/html" href="http://127.0.0.1:8080/blog/tag/common"/>
<updated>2026-12-04T10:00:00Z</updated>
<author><name>Test Blog</name></author>
<category term="common"/>
<ext:note kind="x">an extension</ext:note>
<entry>
<title>A post</title>
<link rel="alternate" type="text/html" href="http://127.0.0.1:8080/blog/a-post"/>
<id>http://127.0.0.1:8080/blog/a-post</id>
<published>2026-12-04T10:00:00Z</published>
<updated>2026-12-04T11:30:00+01:00</updated>
<author><name>alice</name><email>alice@example.org</email></author>
<category term="common"/>
<category term="Second Tag" label="Second Tag"/>
<content type="html">&lt;p&gt;Some &lt;em&gt;text&lt;/em&gt;.&lt;/p&gt;</content>
</entry>
<entry>
<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">An <b>XHTML</b> title</div></title>
<id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
<updated>2026-12-04T09:00:00Z</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Text.</p></div></content>
</entry>
</feed>
XML
accepts "atom.rng accepts a feed (extension element, XHTML title, categories)" \
    "$ATOM" "$DOCS/feed.atom"
sed -n '/<entry>/,/<\/entry>/p' "$DOCS/feed.atom" | sed -n '1,/<\/entry>/p' |
    sed 's|<entry>|<entry xmlns="http://www.w3.org/2005/Atom">|' > "$DOCS/entry.atom"
accepts "atom.rng accepts a lone entry (the RFC's other start)" "$ATOM" "$DOCS/entry.atom"
variant feed.atom no-entry-id.atom '/<id>http:\/\/127.0.0.1:8080\/blog\/a-post<\/id>/d'
refuses "atom.rng refuses an entry without <id>" "$ATOM" "$DOCS/no-entry-id.atom"
variant feed.atom no-feed-title.atom '/<title>Test Blog<\/title>/d'
refuses "atom.rng refuses a feed without <title>" "$ATOM" "$DOCS/no-feed-title.atom"
variant feed.atom two-titles.atom 's|<title>Test Blog</title>|&<title>Again</title>|'
refuses "atom.rng refuses a feed with two <title>" "$ATOM" "$DOCS/two-titles.atom"
variant feed.atom no-updated.atom '/<updated>2026-12-04T11:30:00+01:00<\/updated>/d'
refuses "atom.rng refuses an entry without <updated>" "$ATOM" "$DOCS/no-updated.atom"
variant feed.atom bad-date.atom 's|<updated>2026-12-04T11:30:00+01:00|<updated>yesterday|'
refuses "atom.rng refuses <updated>yesterday</updated>" "$ATOM" "$DOCS/bad-date.atom"
variant feed.atom no-term.atom 's|<category term="common"/>|<category label="common"/>|g'
refuses "atom.rng refuses a <category> without term" "$ATOM" "$DOCS/no-term.atom"
variant feed.atom no-href.atom 's|<link rel="alternate" type="text/html" href="[^"]*"/>|<link rel="alternate"/>|'
refuses "atom.rng refuses a <link> without href" "$ATOM" "$DOCS/no-href.atom"
variant feed.atom no-name.atom 's|<author><name>alice</name>|<author>|'
refuses "atom.rng refuses an <author> without <name>" "$ATOM" "$DOCS/no-name.atom"
variant feed.atom bad-type.atom 's|<content type="html">|<content type="markdown">|'
refuses "atom.rng refuses <content type=\"markdown\">" "$ATOM" "$DOCS/bad-type.atom"
variant feed.atom atom-ext.atom 's|<ext:note kind="x">an extension</ext:note>|<note>in the Atom namespace</note>|'
refuses "atom.rng refuses an unknown element of the Atom namespace" "$ATOM" "$DOCS/atom-ext.atom"
variant feed.atom old-ns.atom 's|xmlns="http://www.w3.org/2005/Atom"|xmlns="http://purl.org/atom/ns#"|'
refuses "atom.rng refuses the wrong namespace (Atom 0.3's)" "$ATOM" "$DOCS/old-ns.atom"

cat > "$DOCS/sitemap.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
<url><loc>http://127.0.0.1:8080/blog/</loc><lastmod>2026-12-04T10:00:00Z</lastmod></url>
<url><loc>http://127.0.0.1:8080/blog/a-post</loc><lastmod>2026-12-04</lastmod><changefreq>monthly</changefreq><priority>0.8</priority></url>
<url><loc>http://127.0.0.1:8080/blog/b-post</loc><lastmod>2026-12-04T10:00+01:00</lastmod><image:image><image:loc>http://127.0.0.1:8080/media/x.png</image:loc></image:image></url>
<url><loc>http://127.0.0.1:8080/blog/tag/common</loc></url>
</urlset>
XML
accepts "sitemap.xsd accepts a urlset (lastmod as date, dateTime, minutes; an extension)" \
    "$SITEMAP" "$DOCS/sitemap.xml"
variant sitemap.xml no-loc.xml 's|<url><loc>http://127.0.0.1:8080/blog/tag/common</loc></url>|<url><lastmod>2026-12-04</lastmod></url>|'
refuses "sitemap.xsd refuses a <url> without <loc>" "$SITEMAP" "$DOCS/no-loc.xml"
variant sitemap.xml yesterday.xml 's|<lastmod>2026-12-04</lastmod>|<lastmod>yesterday</lastmod>|'
refuses "sitemap.xsd refuses <lastmod>yesterday</lastmod>" "$SITEMAP" "$DOCS/yesterday.xml"
variant sitemap.xml no-zone.xml 's|2026-12-04T10:00:00Z|2026-12-04T10:00:00|'
refuses "sitemap.xsd refuses a lastmod time without its zone" "$SITEMAP" "$DOCS/no-zone.xml"
variant sitemap.xml relative.xml 's|<loc>http://127.0.0.1:8080/blog/a-post|<loc>/blog/a-post|'
refuses "sitemap.xsd refuses a relative <loc>" "$SITEMAP" "$DOCS/relative.xml"
variant sitemap.xml freq.xml 's|monthly|sometimes|'
refuses "sitemap.xsd refuses <changefreq>sometimes</changefreq>" "$SITEMAP" "$DOCS/freq.xml"
variant sitemap.xml priority.xml 's|0\.8|1.5|'
refuses "sitemap.xsd refuses <priority>1.5</priority>" "$SITEMAP" "$DOCS/priority.xml"
variant sitemap.xml long.xml "s|/blog/a-post<|/blog/$(printf 'a%.0s' $(seq 2030))<|"
refuses "sitemap.xsd refuses a <loc> of 2,048 characters or more" "$SITEMAP" "$DOCS/long.xml"
variant sitemap.xml wrong-ns.xml 's|http://www.sitemaps.org/schemas/sitemap/0.9|http://www.google.com/schemas/sitemap/0.84|'
refuses "sitemap.xsd refuses the wrong namespace (Google's 0.84)" "$SITEMAP" "$DOCS/wrong-ns.xml"
python3 - "$DOCS" <<'PY'
import sys
d = sys.argv[1]
for n in (50000, 50001):
    with open(f"{d}/urls-{n}.xml", "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n')
        for i in range(n):
            f.write(f"<url><loc>http://127.0.0.1:8080/blog/p-{i}</loc>"
                    "<lastmod>2026-12-04T10:00:00Z</lastmod></url>\n")
        f.write("</urlset>\n")
    with open(f"{d}/index-{n}.xml", "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n')
        for i in range(n):
            f.write(f"<sitemap><loc>http://127.0.0.1:8080/sitemap-{i + 1}.xml</loc></sitemap>\n")
        f.write("</sitemapindex>\n")
PY
accepts "sitemap.xsd accepts 50,000 URLs" "$SITEMAP" "$DOCS/urls-50000.xml"
refuses "sitemap.xsd refuses 50,001 URLs" "$SITEMAP" "$DOCS/urls-50001.xml"

cat > "$DOCS/index.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://127.0.0.1:8080/sitemap-1.xml</loc><lastmod>2026-12-04T10:00:00Z</lastmod></sitemap>
<sitemap><loc>http://127.0.0.1:8080/sitemap-2.xml</loc></sitemap>
</sitemapindex>
XML
accepts "siteindex.xsd accepts a sitemap index" "$SITEINDEX" "$DOCS/index.xml"
refuses "siteindex.xsd refuses a urlset" "$SITEINDEX" "$DOCS/sitemap.xml"
refuses "sitemap.xsd refuses a sitemap index" "$SITEMAP" "$DOCS/index.xml"
variant index.xml index-no-loc.xml 's|<sitemap><loc>http://127.0.0.1:8080/sitemap-2.xml</loc></sitemap>|<sitemap><lastmod>2026-12-04</lastmod></sitemap>|'
refuses "siteindex.xsd refuses a <sitemap> without <loc>" "$SITEINDEX" "$DOCS/index-no-loc.xml"
variant index.xml index-yesterday.xml 's|2026-12-04T10:00:00Z|yesterday|'
refuses "siteindex.xsd refuses <lastmod>yesterday</lastmod>" "$SITEINDEX" "$DOCS/index-yesterday.xml"
variant index.xml index-ns.xml 's|http://www.sitemaps.org/schemas/sitemap/0.9|http://www.sitemaps.org/schemas/sitemap/0.8|'
refuses "siteindex.xsd refuses the wrong namespace" "$SITEINDEX" "$DOCS/index-ns.xml"
variant index.xml index-url.xml 's|<sitemap><loc>http://127.0.0.1:8080/sitemap-2.xml</loc></sitemap>|<url><loc>http://127.0.0.1:8080/blog/</loc></url>|'
refuses "siteindex.xsd refuses a <url> in an index" "$SITEINDEX" "$DOCS/index-url.xml"
accepts "siteindex.xsd accepts 50,000 sitemaps" "$SITEINDEX" "$DOCS/index-50000.xml"
refuses "siteindex.xsd refuses 50,001 sitemaps" "$SITEINDEX" "$DOCS/index-50001.xml"
rm -f "$DOCS"/urls-* "$DOCS"/index-5*

if [ "${1-}" = --schemas-only ]; then
	finish
	exit
fi

# --- 2. The blog -------------------------------------------------------------------

# Two posts a page, so that second pages come cheap; a description that
# must be escaped in an attribute (and read back whole by the parser).
TEST_PER_PAGE=2 write_config
DESC='Notes on testing: “quotes”, <angles> & ampersands.'
TITLE="Test Blog"
[ "$(grep '^\[' "$BLOG_CONFIG" | tail -n 1)" = "[blog]" ] ||
    echo "[blog]" >> "$BLOG_CONFIG"
printf 'description = %s\n' "$DESC" >> "$BLOG_CONFIG"
start_blog
BASE=$BASE_URL
sign_in_new_author alice

# parse_head: the head of $B (head_meta.py's lines) in $HEAD_LINES.
HEAD_LINES=$TEST_DIR/head
parse_head() {
	python3 "$HEAD_META" "$B" > "$HEAD_LINES" 2>&1 ||
	    echo "# head_meta.py: no <head> in the page" >&2
}
# metas KEY: the content of each <meta> KEY of the head, one a line.
metas() { awk -F '\t' -v k="$1" '$1 == "meta" && $2 == k { print $3 }' "$HEAD_LINES"; }
# links REL [TYPE]: the href of each <link> of the head whose rel holds the
# token REL (and of type TYPE), one a line.
links() {
	awk -F '\t' -v r="$1" -v t="${2-}" '$1 == "link" {
		n = split(tolower($2), rels, " "); hit = 0
		for (i = 1; i <= n; i++) if (rels[i] == r) hit = 1
		if (hit && (t == "" || $3 == t)) print $4 }' "$HEAD_LINES"
}
# jsonld: the text of each JSON-LD block, as JSON string literals.
jsonld() { awk -F '\t' '$1 == "jsonld" { print $2 }' "$HEAD_LINES"; }

FEED_TYPE=application/atom+xml
SITE_FEED=$BASE/blog/feed.atom

# one_value NAME VALUE: ok if VALUE is one line, not empty.
one_value() {
	if [ -n "$2" ] && [ "$(wc -l <<<"$2")" = 1 ]; then ok "$1"; else
		not_ok "$1" "got '$2'"; fi
}

# head_is NAME CANONICAL DESCRIPTION OG-TYPE CARD ROBOTS FEEDS: the checks
# every HTML page's head gets ($B, just fetched). CANONICAL ending in "*"
# is a prefix; DESCRIPTION "" is any but empty; OG-TYPE "-" is not
# checked; ROBOTS is "noindex" or "" (no robots meta at all); FEEDS the
# hrefs of its Atom links, space-separated, in order.
head_is() {
	local name=$1 canon=$2 desc=$3 type=$4 card=$5 robots=$6 feeds=$7 got
	parse_head
	got=$(links canonical)
	case $canon in
	*\*) if [ "$(wc -l <<<"$got")" = 1 ] && [ "${got#"${canon%\*}"}" != "$got" ]
	    then ok "$name: one canonical link, under ${canon%\*}"
	    else not_ok "$name: one canonical link, under ${canon%\*}" "got '$got'"; fi ;;
	*) same "$name: canonical $canon" "$got" "$canon" ;;
	esac
	canon=$got
	got=$(metas description)
	if [ -z "$desc" ]; then
		one_value "$name: one description, not empty" "$got"
		desc=$got
	else
		same "$name: description" "$got" "$desc"
	fi
	same "$name: og:site_name, og:url = canonical, og:description = description" \
	    "$(metas og:site_name)|$(metas og:url)|$(metas og:description)" \
	    "$TITLE|$canon|$desc"
	one_value "$name: one og:title, not empty" "$(metas og:title)"
	[ "$type" = - ] || same "$name: og:type $type" "$(metas og:type)" "$type"
	same "$name: twitter:card $card" "$(metas twitter:card)" "$card"
	if [ -n "$robots" ]; then
		same "$name: noindex" "$(metas robots)" noindex
	else
		same "$name: no robots meta (indexed)" "$(metas robots)" ""
	fi
	same "$name: Atom feed links" "$(links alternate "$FEED_TYPE" | tr '\n' ' ')" \
	    "$feeds "
	got=$(awk -F '\t' '$1 == "bodyhead" { print $2 " " $3 }' "$HEAD_LINES")
	[ -z "$got" ] || not_ok "$name: no <link>/<meta> outside the head" "$got"
}

# reader_head NAME PATH CANONICAL ...: fetch PATH signed out (200), then
# head_is with the rest.
reader_head() {
	local name=$1 path=$2
	shift 2
	fetch_anon "$path"
	same "$name: 200" "$CODE" 200
	head_is "$name" "$@"
}

# expect_anon NAME CODE PATH [CURL-ARGS...]: expect, signed out (a reader,
# a crawler).
expect_anon() {
	local JAR=$TEST_DIR/anonymous.jar
	rm -f "$JAR"
	expect "$@"
}


# The posts: a long one in two-byte letters, with Markdown to take out; a
# short one; an old one; one with a featured image; slugs that begin
# like the authors' pages; and the unseen: a draft, a scheduled post and a
# trashed one, each with a tag of its own.
LONG_BODY="**Grüße** aus _Köln_: a [link](https://example.org/) and \`code\`.
Дальше идёт длинный текст на русском языке, чтобы в каждом символе было два
байта: описание должно считать символы, а не байты, и резать по ним. Ещё
немного слов, и ещё, и ещё, пока не наберётся заметно больше ста шестидесяти
символов во всём первом абзаце этого поста.

A second paragraph."
# The plain text a reader sees of it, whitespace collapsed.
LONG_TEXT=$(printf '%s' "$LONG_BODY" | sed 's/\*\*//g; s/_//g; s/`//g;
    s|\[link\](https://example.org/)|link|' | tr '\n' ' ' | sed 's/  */ /g')
create_ok "Long read" "$LONG_BODY" "common, Second Tag"
LONG=$SLUG
create_ok "Short note" "Just *one* line: fish & chips, with a [link](https://example.org/)." "common"
SHORT=$SLUG
SHORT_TEXT="Just one line: fish & chips, with a link."
create_ok "Old times" "Published long ago." "common" \
    --data-urlencode "publish_at=2020-01-02T03:04"
OLD=$SLUG
create_ok "Create a thing" "A post whose slug begins like /blog/create." ""
CREATE_POST=$SLUG
create_ok "Media literacy" "A post whose slug begins like /blog/media." ""
MEDIA_POST=$SLUG
create_ok "Draft post" "Unseen draft." "common, onlydraft" --data-urlencode "status=draft"
DRAFT=$SLUG
create_ok "Scheduled post" "Unseen until 2030." "onlyscheduled" \
    --data-urlencode "publish_at=2030-06-15T10:30"
SCHED=$SLUG
create_ok "Trashed post" "Unseen in the trash." "onlytrashed"
TRASHED=$SLUG
fetch "/blog/$TRASHED/delete" --data-urlencode "csrf_token=$TOKEN"
same "the trashed post is trashed: 303" "$CODE" 303

# A featured image: 2000 pixels wide, so that og:image is its 1920 copy.
vips gaussnoise "$TEST_DIR/wide.webp" 2000 1000 >/dev/null
fetch /blog/media -F "csrf_token=$TOKEN" -F "file=@$TEST_DIR/wide.webp"
same "an image uploads: 303" "$CODE" 303
WEBP=$(sql "SELECT name FROM media WHERE type = 'webp'")
create_ok "Pictured" "A post with a *featured* image." "pics" \
    --data-urlencode "featured_image=/media/$WEBP"
PICTURED=$SLUG

# 22 posts of tag "many" by SQL, an hour apart (many-1 the newest), and a
# draft of the same tag newer than all: the tag's feed has the 20 newest
# visible ones.
sql "INSERT INTO tags (name, slug) VALUES ('Many', 'many');
INSERT INTO posts (title, slug, body, state, publish_at)
    SELECT CONCAT('Many ', seq), CONCAT('many-', seq), 'Many a post.',
        'published', NOW(6) - INTERVAL seq HOUR FROM seq_1_to_22;
INSERT INTO posts (title, slug, body, state, visible)
    VALUES ('Many draft', 'many-draft', 'Unseen.', 'draft', 0);
INSERT INTO post_tags (post_id, tag_id)
    SELECT p.id, t.id FROM posts p JOIN tags t ON t.slug = 'many'
    WHERE p.slug LIKE 'many-%';"

# What readers may see, by SQL: the posts' slugs, newest first.
VISIBLE="p.visible = 1 AND p.state = 'published' AND p.trashed_at IS NULL
    AND p.publish_at <= NOW(6)"
visible_posts() {
	sql "SELECT p.slug FROM posts p WHERE $VISIBLE ORDER BY p.publish_at DESC, p.id DESC"
}
check "the posts are there: $(visible_posts | wc -l) visible" \
    test "$(visible_posts | wc -l)" -ge 28

# --- Every page's head ----------------------------------------------------------

reader_head "index" /blog/ "$BASE/blog/" "$DESC" website summary "" "$SITE_FEED"
reader_head "index page 2" "/blog/?page=2" "$BASE/blog/?page=2" "$DESC" website \
    summary "" "$SITE_FEED"
reader_head "index ?page=1" "/blog/?page=1" "$BASE/blog/" "$DESC" website \
    summary "" "$SITE_FEED"
reader_head "search" "/blog/?q=chips" "$BASE/blog/*" "$DESC" website summary \
    noindex "$SITE_FEED"
reader_head "tags list" /blog/tags "$BASE/blog/tags" "$DESC" website summary "" \
    "$SITE_FEED"
reader_head "tag page" /blog/tag/common "$BASE/blog/tag/common" "$DESC" website \
    summary "" "$SITE_FEED $BASE/blog/tag/common/feed.atom"
reader_head "tag page 2" "/blog/tag/common?page=2" "$BASE/blog/tag/common?page=2" \
    "$DESC" website summary "" "$SITE_FEED $BASE/blog/tag/common/feed.atom"

# A post: its excerpt, cut at 160 code points with "…".
reader_head "long post" "/blog/$LONG" "$BASE/blog/$LONG" "" article summary "" \
    "$SITE_FEED"
check "long post: the description is the text without Markdown, cut to <= 160 code points with …" \
    python3 - "$(metas description)" "$LONG_TEXT" <<'PY'
import sys
got, text = sys.argv[1], sys.argv[2]
problems = []
if len(got) > 160:
    problems.append(f"{len(got)} code points")
if not got.endswith("\u2026"):
    problems.append("no … at the end")
cut = got[:-1].rstrip()
if not text.startswith(cut):
    problems.append(f"not the start of the text: {cut!r}\n  text: {text[:200]!r}")
# Bytes counted for characters would stop near 160 bytes: ~85 of these.
if len(cut) < 100:
    problems.append(f"cut at {len(cut)} code points ({len(cut.encode())} bytes)")
if problems:
    sys.exit("; ".join(problems) + f"\n  got: {got!r}")
PY
same "long post: og:title is its title" "$(metas og:title)" "Long read"
same "long post: one article:tag per tag" "$(metas article:tag | sort | tr '\n' '|')" \
    "$(printf '%s\n' common "Second Tag" | sort | tr '\n' '|')"
same "long post: no og:image without an image" "$(metas og:image)" ""
for t in published modified; do
	check "long post: article:${t}_time in RFC 3339 UTC" \
	    grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' \
	    <<<"$(metas "article:${t}_time")"
done
published=$(metas article:published_time) modified=$(metas article:modified_time)
check "long post: modified ($modified) is not before published ($published)" \
    test -n "$published" -a -n "$modified" -a ! "$modified" '<' "$published"

reader_head "short post" "/blog/$SHORT" "$BASE/blog/$SHORT" "$SHORT_TEXT" article \
    summary "" "$SITE_FEED"
reader_head "old post" "/blog/$OLD" "$BASE/blog/$OLD" "Published long ago." article \
    summary "" "$SITE_FEED"
same "old post: article:published_time is its publish time, in UTC" \
    "$(metas article:published_time)" "2020-01-02T03:04:00Z"
same "old post: its one article:tag" "$(metas article:tag)" common

# The featured image: absolute, the 1920 copy, its size, a large card.
reader_head "pictured post" "/blog/$PICTURED" "$BASE/blog/$PICTURED" \
    "A post with a featured image." article summary_large_image "" "$SITE_FEED"
IMAGE=$(metas og:image)
same "pictured post: og:image is the 1920 copy, absolute" "$IMAGE" \
    "$BASE/media/${WEBP%.webp}-1920w.webp"
same "pictured post: og:image:width and height" \
    "$(metas og:image:width)x$(metas og:image:height)" 1920x960
PICTURED_HEAD=$(grep -v '^jsonld' "$HEAD_LINES")
if [ -n "$IMAGE" ] && curl -sS -o "$TEST_DIR/og.webp" "$IMAGE"; then
	same "  ...the image is served, of that size" \
	    "$(vipsheader -f width "$TEST_DIR/og.webp" 2>&1)x$(vipsheader -f height "$TEST_DIR/og.webp" 2>&1)" \
	    1920x960
else
	not_ok "  ...the image is served, of that size" "og:image '$IMAGE' not fetched"
fi

# JSON-LD: a data block, parsed as JSON, a BlogPosting.
fetch_anon "/blog/$PICTURED"
parse_head
check "pictured post: JSON-LD is one BlogPosting with its headline, url, dates, author, image, keywords" \
    python3 - "$(jsonld)" "$BASE/blog/$PICTURED" "$IMAGE" <<'PY'
import json, re, sys
blocks = [l for l in sys.argv[1].split("\n") if l]
url, image = sys.argv[2], sys.argv[3]
if len(blocks) != 1:
    sys.exit(f"{len(blocks)} JSON-LD blocks")
try:
    d = json.loads(json.loads(blocks[0]))
except ValueError as e:
    sys.exit(f"not JSON: {e}: {json.loads(blocks[0])!r}")
p = []
if d.get("@context") not in ("https://schema.org", "http://schema.org",
                             "https://schema.org/", "http://schema.org/"):
    p.append(f"@context {d.get('@context')!r}")
if d.get("@type") != "BlogPosting":
    p.append(f"@type {d.get('@type')!r}")
if d.get("headline") != "Pictured":
    p.append(f"headline {d.get('headline')!r}")
if d.get("url") != url:
    p.append(f"url {d.get('url')!r}")
rfc3339 = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$"
for k in ("datePublished", "dateModified"):
    if not re.match(rfc3339, str(d.get(k))):
        p.append(f"{k} {d.get(k)!r}")
a = d.get("author")
names = [x.get("name") for x in (a if isinstance(a, list) else [a])
         if isinstance(x, dict)]
if names != ["alice"]:
    p.append(f"author {a!r}")
i = d.get("image")
images = i if isinstance(i, list) else [i]
images = [x.get("url") if isinstance(x, dict) else x for x in images]
if image not in images:
    p.append(f"image {i!r}, not {image}")
k = d.get("keywords")
kw = k if isinstance(k, list) else [s.strip() for s in str(k).split(",")]
if kw != ["pics"]:
    p.append(f"keywords {k!r}")
if p:
    sys.exit("; ".join(p) + f"\n{json.dumps(d, ensure_ascii=False)}")
PY
csp=$(header content-security-policy)
check "  ...the page's CSP allows scripts of 'self' only (no 'unsafe-inline')" \
    bash -c '[[ $1 == *"script-src '"'self'"'"* && $1 != *unsafe-inline* ]]' _ "$csp"
check "  ...and every <script> but the JSON-LD data block has a src (nothing for CSP to block)" \
    test -z "$(awk -F '\t' '$1 == "script" && $3 == "-"' "$HEAD_LINES")"
fetch_anon "/blog/$SHORT"
parse_head
check "short post: JSON-LD parses as a BlogPosting with its headline and url" \
    python3 -c 'import json, sys
if not sys.argv[1]:
    sys.exit("no JSON-LD block")
d = json.loads(json.loads(sys.argv[1]))
sys.exit(0 if d.get("@type") == "BlogPosting" and d.get("headline") == "Short note"
    and d.get("url") == sys.argv[2] and "image" not in d else json.dumps(d))' \
    "$(jsonld | head -n 1)" "$BASE/blog/$SHORT"

# Link-preview bots: no cookie, their own User-Agent, the same head.
for bot in "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)" \
    "Twitterbot/1.0"; do
	fetch_anon "/blog/$PICTURED" -A "$bot"
	parse_head
	name="${bot%%/*}"
	same "$name: 200" "$CODE" 200
	same "$name: og:title, og:description, og:image, og:url" \
	    "$(metas og:title)|$(metas og:description)|$(metas og:image)|$(metas og:url)" \
	    "Pictured|A post with a featured image.|$BASE/media/${WEBP%.webp}-1920w.webp|$BASE/blog/$PICTURED"
	check "$name: og:image and og:url are absolute http:// URLs" \
	    bash -c '[[ $1 == http://* && $2 == http://* ]]' _ "$(metas og:image)" "$(metas og:url)"
	same "$name: the head a browser gets" "$(grep -v '^jsonld' "$HEAD_LINES")" \
	    "$PICTURED_HEAD"
done

# noindex on exactly: search (above), an author's view of an unseen post,
# the preview, the forms, every error page.
fetch "/blog/$DRAFT"
same "draft, its author's view: 200" "$CODE" 200
head_is "draft, its author's view" "$BASE/blog/$DRAFT" "Unseen draft." article \
    summary noindex "$SITE_FEED"
fetch "/blog/$SCHED"
same "scheduled post, its author's view: 200" "$CODE" 200
head_is "scheduled post, its author's view" "$BASE/blog/$SCHED" "Unseen until 2030." \
    article summary noindex "$SITE_FEED"
fetch "/blog/$TRASHED"
same "trashed post, its author's view: 200" "$CODE" 200
head_is "trashed post, its author's view" "$BASE/blog/$TRASHED" \
    "Unseen in the trash." article summary noindex "$SITE_FEED"
fetch /blog/preview --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=Preview me" --data-urlencode "body=Preview *text*." \
    --data-urlencode "tags=common"
same "preview: 200" "$CODE" 200
head_is "preview" "$BASE/*" "" - summary noindex "$SITE_FEED"
for form in /login /blog/create "/blog/$LONG/edit" /blog/manage /blog/media; do
	if [ "$form" = /login ]; then fetch_anon "$form"; else fetch "$form"; fi
	same "$form: 200" "$CODE" 200
	head_is "$form" "$BASE$form" "$DESC" website summary noindex "$SITE_FEED"
done
for error in "404 /blog/no-such-post" "404 /no/such/page" "400 /blog/?page=x" \
    "405 /blog/$LONG -X PUT" "404 /blog/tag/no-such-tag" "404 /blog/$DRAFT"; do
	read -r code path how <<<"$error"
	fetch_anon "$path" ${how:+-X "${how#-X }"}
	same "$path${how:+ $how}: $code" "$CODE" "$code"
	head_is "error $code ($path${how:+ $how})" "$BASE/*" "$DESC" website summary \
	    noindex "$SITE_FEED"
done
fetch /blog/create --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=" --data-urlencode "body=No title."
same "a post without a title: 422" "$CODE" 422
head_is "error 422 (the form again)" "$BASE/*" "$DESC" website summary noindex \
    "$SITE_FEED"

# --- robots.txt ---------------------------------------------------------------------

fetch_anon /robots.txt
same "/robots.txt: 200" "$CODE" 200
case $(header content-type) in
text/plain*) ok "  ...text/plain" ;;
*) not_ok "  ...text/plain" "Content-Type: $(header content-type)" ;;
esac
tr -d '\r' < "$B" > "$TEST_DIR/robots.txt"
check "  ...User-agent: *" grep -qx 'User-agent: \*' "$TEST_DIR/robots.txt"
check "  ...Disallow: /login" grep -qx 'Disallow: /login' "$TEST_DIR/robots.txt"
same "  ...one Sitemap line, absolute" "$(grep -i '^sitemap:' "$TEST_DIR/robots.txt")" \
    "Sitemap: $BASE/sitemap.xml"
# robots_verdicts < PATHS: "PATH allow" or "PATH disallow" for each line of
# standard input, for user agent "somebot", by RFC 9309: the group of its
# name or else of *, the longest matching rule wins, allow on a tie; "*"
# any run of characters, "$" the end.
cat > "$TEST_DIR/robots.py" <<'PY'
import re, sys
groups, agents, rules, last = [], [], [], None
for raw in open(sys.argv[1], encoding="utf-8"):
    line = raw.split("#", 1)[0].strip()
    if ":" not in line:
        continue
    key, value = (s.strip() for s in line.split(":", 1))
    key = key.lower()
    if key == "user-agent":
        if last != "user-agent" and agents:
            groups.append((agents, rules))
            agents, rules = [], []
        agents.append(value.lower())
    elif key in ("allow", "disallow") and agents:
        rules.append((key, value))
    last = key
if agents:
    groups.append((agents, rules))
mine = [r for a, r in groups if "somebot" in a] or \
       [r for a, r in groups if "*" in a]
rules = [x for r in mine for x in r]

def matches(pattern, path):
    if pattern == "":
        return False
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    rx = ".*".join(re.escape(p) for p in body.split("*"))
    return re.match(rx + ("$" if anchored else ""), path) is not None

for path in sys.stdin.read().split():
    best = None
    for kind, pattern in rules:
        if matches(pattern, path):
            key = (len(pattern.encode()), kind == "allow")
            if best is None or key > best[0]:
                best = (key, kind)
    if not rules:
        print(path, "no-rules")
    else:
        print(path, "disallow" if best and best[1] == "disallow" else "allow")
PY
robots_verdicts() { python3 "$TEST_DIR/robots.py" "$TEST_DIR/robots.txt"; }
DISALLOWED="/login /login?next=%2Fblog%2Fcreate /blog/create /blog/manage
    /blog/media /blog/$LONG/edit /blog/x/edit"
ALLOWED="/ /blog/ /blog/?page=2 /blog/tags /blog/tag/x /blog/tag/common/feed.atom
    /blog/feed.atom /sitemap.xml /blog/create-a-thing /blog/$CREATE_POST
    /blog/$MEDIA_POST /blog/manage-my-time /blog/edit /blog/editorial
    /media/${WEBP%.webp}-1920w.webp"
same "an RFC 9309 matcher disallows the authors' pages" \
    "$(robots_verdicts <<<"$DISALLOWED" | awk '$2 != "disallow"')" ""
same "  ...and allows the readers' pages, posts like create-a-thing, the images" \
    "$(robots_verdicts <<<"$ALLOWED" | awk '$2 != "allow"')" ""
fetch_anon /robots.txt
etag=$(header etag)
check "  ...has an ETag" test -n "$etag"
expect_anon "  ...If-None-Match gets 304" 304 /robots.txt -H "If-None-Match: $etag"

# --- The feeds ---------------------------------------------------------------------

# atom_summary FILE: the feed's id and links, then one line per entry: its
# alternate link, its authors' names and its categories' terms (in
# collation order, as SQL sorts them), tab-separated.
atom_summary() {
	python3 - "$1" <<'PY'
import sys
import xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
try:
    feed = ET.parse(sys.argv[1]).getroot()
except ET.ParseError as e:
    print(f"not XML: {e}")
    sys.exit(1)
print("id", feed.findtext(A + "id"), sep="\t")
for l in feed.findall(A + "link"):
    print("link", l.get("rel", "alternate"), l.get("href"), sep="\t")
for e in feed.findall(A + "entry"):
    href = [l.get("href") for l in e.findall(A + "link")
            if l.get("rel", "alternate") == "alternate"]
    names = [a.findtext(A + "name") or "" for a in e.findall(A + "author")]
    terms = sorted((c.get("term") for c in e.findall(A + "category")),
                   key=str.casefold)
    print("entry", ",".join(href), ",".join(names), ",".join(terms), sep="\t")
PY
}

# expected_entries [TAG-SLUG]: what atom_summary's entry lines should be,
# from SQL: the 20 newest visible posts (of the tag), each with its
# author's name (else the blog's title) and its tags' names.
expected_entries() {
	sql "SELECT 'entry', CONCAT('$BASE/blog/', p.slug), COALESCE(u.username, '$TITLE'),
	    COALESCE((SELECT GROUP_CONCAT(t.name ORDER BY t.name SEPARATOR ',')
	        FROM post_tags pt JOIN tags t ON t.id = pt.tag_id
	        WHERE pt.post_id = p.id), '')
	    FROM posts p LEFT JOIN users u ON u.id = p.author_id
	    WHERE $VISIBLE ${1:+AND p.id IN (SELECT pt.post_id FROM post_tags pt
	        JOIN tags t ON t.id = pt.tag_id WHERE t.slug = '$1')}
	    ORDER BY p.publish_at DESC, p.id DESC LIMIT 20"
}

# A post with no author: the blog's title stands for one in the feeds; its
# JSON-LD names none ("author when known").
sql "UPDATE posts SET author_id = NULL WHERE slug = '$SHORT'"
fetch_anon "/blog/$SHORT"
parse_head
check "a post without an author: its JSON-LD has no author" \
    python3 -c 'import json, sys
if not sys.argv[1]:
    sys.exit("no JSON-LD block")
d = json.loads(json.loads(sys.argv[1]))
sys.exit(json.dumps(d) if "author" in d else 0)' "$(jsonld | head -n 1)"

for tag in common many; do
	url=/blog/tag/$tag/feed.atom
	fetch_anon "$url"
	same "$url: 200" "$CODE" 200
	case $(header content-type) in
	"$FEED_TYPE"*) ok "  ...Atom" ;;
	*) not_ok "  ...Atom" "Content-Type: $(header content-type)" ;;
	esac
	accepts "  ...valid against atom.rng" "$ATOM" "$B"
	atom_summary "$B" > "$TEST_DIR/atom"
	same "  ...its id, alternate and self links" \
	    "$(grep -v '^entry' "$TEST_DIR/atom" | sort)" \
	    "$(printf 'id\t%s\nlink\talternate\t%s\nlink\tself\t%s\n' "$BASE/blog/tag/$tag" \
	    "$BASE/blog/tag/$tag" "$BASE$url")"
	same "  ...the tag's newest visible posts, newest first, each with its author and a category per tag" \
	    "$(grep '^entry' "$TEST_DIR/atom")" "$(expected_entries "$tag")"
done
same "the tag 'many' (22 visible, one draft): 20 entries, many-1 to many-20" \
    "$(grep '^entry' "$TEST_DIR/atom" | cut -f 2 | sed 's|.*/||' | tr '\n' ' ')" \
    "$(printf 'many-%s ' $(seq 1 20))"
fetch_anon /blog/tag/common/feed.atom
etag=$(header etag)
check "the tag feed has an ETag" test -n "$etag"
expect_anon "  ...If-None-Match gets 304" 304 /blog/tag/common/feed.atom -H "If-None-Match: $etag"
for tag in no-such-tag onlydraft onlyscheduled onlytrashed; do
	expect_anon "/blog/tag/$tag/feed.atom (no visible post): 404" 404 "/blog/tag/$tag/feed.atom"
done

fetch_anon /blog/feed.atom
same "/blog/feed.atom: 200" "$CODE" 200
accepts "  ...valid against atom.rng" "$ATOM" "$B"
atom_summary "$B" > "$TEST_DIR/atom"
same "  ...the 20 newest visible posts, each with its author and a category per tag" \
    "$(grep '^entry' "$TEST_DIR/atom")" "$(expected_entries)"
check "  ...the post without an author has the blog's title as author" \
    grep -qF "$(printf 'entry\t%s\t%s\t' "$BASE/blog/$SHORT" "$TITLE")" "$TEST_DIR/atom"

# --- The sitemap ------------------------------------------------------------------

# sitemap_summary FILE: "ROOT NAMESPACE" then one line per child: its loc
# and its lastmod ("-" if none), tab-separated.
sitemap_summary() {
	python3 - "$1" <<'PY'
import sys
import xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except ET.ParseError as e:
    print(f"not XML: {e}")
    sys.exit(1)
ns, _, name = root.tag[1:].partition("}") if root.tag[0] == "{" else ("", "", root.tag)
print(name, ns)
for child in root:
    loc = child.find(f"{{{ns}}}loc")
    mod = child.find(f"{{{ns}}}lastmod")
    print(loc.text.strip() if loc is not None and loc.text else "-",
          mod.text.strip() if mod is not None and mod.text else "-", sep="\t")
PY
}

# expected_urls: every URL the sitemap should hold, sorted: the index,
# every visible post, every tag with a visible post.
expected_urls() {
	{
		echo "$BASE/blog/"
		sql "SELECT CONCAT('$BASE/blog/', p.slug) FROM posts p WHERE $VISIBLE"
		sql "SELECT DISTINCT CONCAT('$BASE/blog/tag/', t.slug) FROM tags t
		    JOIN post_tags pt ON pt.tag_id = t.id JOIN posts p ON p.id = pt.post_id
		    WHERE $VISIBLE"
	} | sort
}

fetch_anon /sitemap.xml
same "/sitemap.xml: 200" "$CODE" 200
case $(header content-type) in
application/xml*) ok "  ...application/xml" ;;
*) not_ok "  ...application/xml" "Content-Type: $(header content-type)" ;;
esac
check "  ...in utf-8" grep -qi 'charset=utf-8' <<<"$(header content-type)"
accepts "  ...valid against sitemap.xsd" "$SITEMAP" "$B"
sitemap_summary "$B" > "$TEST_DIR/sitemap"
same "  ...a urlset of the 0.9 namespace" "$(head -n 1 "$TEST_DIR/sitemap")" \
    "urlset http://www.sitemaps.org/schemas/sitemap/0.9"
same "  ...exactly the index, the visible posts and the tags with visible posts, once each" \
    "$(tail -n +2 "$TEST_DIR/sitemap" | cut -f 1 | sort)" "$(expected_urls)"
check "  ...none of the unseen posts nor their tags" test -z \
    "$(grep -e "/blog/$DRAFT	" -e "/blog/$SCHED	" -e "/blog/$TRASHED	" -e /many-draft \
    -e /tag/onlydraft -e /tag/onlyscheduled -e /tag/onlytrashed "$TEST_DIR/sitemap")"
check "  ...a lastmod on the index and on every post, W3C datetime in UTC, not ahead of now" \
    python3 - "$TEST_DIR/sitemap" "$BASE" <<'PY'
import datetime, re, sys
base = sys.argv[2]
now = datetime.datetime.now(datetime.timezone.utc)
bad = []
for line in list(open(sys.argv[1], encoding="utf-8"))[1:]:
    loc, mod = line.rstrip("\n").split("\t")
    if "/blog/tag/" in loc:
        continue
    m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?)Z", mod)
    if not m:
        bad.append(f"{loc} {mod}")
        continue
    t = datetime.datetime.fromisoformat(m.group(1)).replace(tzinfo=datetime.timezone.utc)
    if t > now + datetime.timedelta(seconds=60):
        bad.append(f"{loc} {mod} is ahead of now")
sys.exit("\n".join(bad) or None)
PY
same "  ...every URL in it allowed by robots.txt" \
    "$(tail -n +2 "$TEST_DIR/sitemap" | cut -f 1 | sed "s|^$BASE||" | robots_verdicts |
    awk '$2 != "allow"')" ""
expect_anon "/sitemap-1.xml without an index: 404" 404 /sitemap-1.xml
fetch_anon /sitemap.xml
etag=$(header etag)
check "the sitemap has an ETag" test -n "$etag"
check "  ...and Last-Modified" test -n "$(header last-modified)"
expect_anon "  ...If-None-Match gets 304" 304 /sitemap.xml -H "If-None-Match: $etag"

# A new post is in every worker's sitemap at once.
create_ok "Fresh post" "Just written." "fresh"
FRESH=$SLUG
stale=
for i in $(seq 8); do
	fetch_anon /sitemap.xml
	sitemap_summary "$B" > "$TEST_DIR/sitemap"
	cut -f 1 "$TEST_DIR/sitemap" | grep -qx "$BASE/blog/$FRESH" || stale+=" $i"
	cut -f 1 "$TEST_DIR/sitemap" | grep -qx "$BASE/blog/tag/fresh" || stale+=" $i(tag)"
done
same "a new post and its tag are in the sitemap at once (8 requests)" "$stale" ""
expect_anon "  ...the old ETag gets 200" 200 /sitemap.xml -H "If-None-Match: $etag"

# --- Past 50,000 URLs --------------------------------------------------------------

start=$(date +%s%N)
sql "INSERT INTO posts (title, slug, body, state, publish_at)
    SELECT CONCAT('Bulk ', seq), CONCAT('bulk-', seq), 'Bulk.', 'published',
        NOW(6) - INTERVAL 2 DAY FROM seq_1_to_50000"
echo "# 50,000 posts inserted by SQL in $(( ($(date +%s%N) - start) / 1000000 )) ms"
start=$(date +%s%N)
fetch_anon /sitemap.xml
echo "# /sitemap.xml (the index) in $(( ($(date +%s%N) - start) / 1000000 )) ms"
same "/sitemap.xml past 50,000 URLs: 200" "$CODE" 200
accepts "  ...valid against siteindex.xsd" "$SITEINDEX" "$B"
sitemap_summary "$B" > "$TEST_DIR/index"
same "  ...a sitemapindex of the 0.9 namespace" "$(head -n 1 "$TEST_DIR/index")" \
    "sitemapindex http://www.sitemaps.org/schemas/sitemap/0.9"
K=0
grep -q '^sitemapindex ' "$TEST_DIR/index" && K=$(($(wc -l < "$TEST_DIR/index") - 1))
check "  ...of 2 parts or more ($K)" test "$K" -ge 2
[ "$K" -lt 2 ] || same "  ...listing $BASE/sitemap-1.xml to -$K.xml, in order" \
    "$(tail -n +2 "$TEST_DIR/index" | cut -f 1)" \
    "$(for i in $(seq 1 "$K"); do echo "$BASE/sitemap-$i.xml"; done)"
: > "$TEST_DIR/all-urls"
for i in $(seq 1 "$K"); do
	start=$(date +%s%N)
	fetch_anon "/sitemap-$i.xml"
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	same "/sitemap-$i.xml: 200 (in $ms ms)" "$CODE" 200
	accepts "  ...valid against sitemap.xsd (so at most 50,000 URLs)" "$SITEMAP" "$B"
	n=0
	sitemap_summary "$B" > "$TEST_DIR/part" && n=$(($(wc -l < "$TEST_DIR/part") - 1))
	same "  ...a urlset" "$(head -n 1 "$TEST_DIR/part")" \
	    "urlset http://www.sitemaps.org/schemas/sitemap/0.9"
	check "  ...of 1 to 50,000 URLs ($n)" test "$n" -ge 1 -a "$n" -le 50000
	tail -n +2 "$TEST_DIR/part" | cut -f 1 >> "$TEST_DIR/all-urls"
done
expected_urls > "$TEST_DIR/want-urls"
sort -u "$TEST_DIR/all-urls" > "$TEST_DIR/got-urls"
same "the parts hold every URL exactly once" \
    "$(wc -l < "$TEST_DIR/all-urls") URLs; twice: $(sort "$TEST_DIR/all-urls" | uniq -d | head -n 3)
missing: $(comm -13 "$TEST_DIR/got-urls" "$TEST_DIR/want-urls" | head -n 3)
not wanted: $(comm -23 "$TEST_DIR/got-urls" "$TEST_DIR/want-urls" | head -n 3)" \
    "$(wc -l < "$TEST_DIR/want-urls") URLs; twice: 
missing: 
not wanted: "
for bad in 0 $((K + 1)) 01 x; do
	expect_anon "/sitemap-$bad.xml: 404" 404 "/sitemap-$bad.xml"
done
fetch_anon /sitemap.xml
etag=$(header etag)
expect_anon "the index: If-None-Match gets 304" 304 /sitemap.xml -H "If-None-Match: $etag"

# --- Without [blog] description: the title ------------------------------------------

stop_apache
STARTED_APACHE=0
sed -i '/^description = /d' "$BLOG_CONFIG"
if APACHE_DIR=$TEST_DIR/apache LOG_DIR=$TEST_DIR/log "$ROOT/scripts/apache.sh" start \
    >/dev/null; then
	STARTED_APACHE=1
	for path in /blog/ /blog/tags; do
		fetch_anon "$path"
		parse_head
		same "no description in config.ini: $path says the title" \
		    "$(metas description)|$(metas og:description)" "$TITLE|$TITLE"
	done
else
	not_ok "Apache starts again without [blog] description"
fi

if error_log | grep -q -e 'AddressSanitizer' -e 'runtime error'; then
	not_ok "no sanitizer report" "$(error_log | grep -m3 -e Sanitizer -e 'runtime error')"
else
	ok "no sanitizer report"
fi
finish

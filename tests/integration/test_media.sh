#!/usr/bin/env bash
# Images (SPEC "Images") through Apache and blog.fcgi, with real files made
# by libvips' own command and exiftool: each type uploads (303) and is
# stored re-encoded with its copies, EXIF orientation applied and GPS gone;
# Apache serves /media/ with the SPEC's headers and the blog's 404; each
# refusal (415 SVG and a renamed text file, 413, 422 for a pixel bomb and a
# truncated JPEG) stores neither a row nor a file; the same bytes twice are
# one image; a post's image gets width, height and srcset; a featured
# image; 409 for an image in use, 303 and no files for one that is not;
# the script's JSON answer; who may upload; and ./blogctl sweep-media.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/write_lib.sh"

start_blog
sign_in_new_author alice
MEDIA=$BLOG_MEDIA_DIR
IMG=$TEST_DIR/img
mkdir -p "$IMG"

# --- The files ------------------------------------------------------------------

# Noise, so that the files are of a realistic size (it does not compress).
vips gaussnoise "$IMG/photo.jpg" 1200 800 >/dev/null
exiftool -q -overwrite_original -n -Orientation=6 -GPSLatitude=48.8584 \
    -GPSLatitudeRef=N -GPSLongitude=2.2945 -GPSLongitudeRef=E \
    -Artist="Alice" "$IMG/photo.jpg"
vips gaussnoise "$IMG/chart.png" 700 500 >/dev/null
vips gaussnoise "$IMG/small.gif" 300 200 >/dev/null
vips gaussnoise "$IMG/wide.webp" 2000 1000 >/dev/null
printf '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n' \
    > "$IMG/logo.svg"
printf 'just some text, not a picture\n' > "$IMG/notes.jpg"
head -c 2000 "$IMG/photo.jpg" > "$IMG/cut.jpg"
# A PNG whose header claims 100000 x 100000 pixels: 10 billion, in 70 bytes.
python3 - "$IMG/bomb.png" <<'PY'
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + \
        struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
ihdr = struct.pack(">IIBBBBB", 100000, 100000, 8, 0, 0, 0, 0)
idat = zlib.compress(b"\0" * 1024)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
    chunk(b"IDAT", idat) + chunk(b"IEND", b""))
PY
head -c $((11 * 1024 * 1024)) /dev/urandom > "$IMG/huge.jpg"
check "exiftool sees GPS in the original" \
    bash -c 'exiftool -s -GPSLatitude "$1" | grep -q GPSLatitude' _ "$IMG/photo.jpg"

# upload FILE... [-- CURL-ARGS...]: POST /blog/media with the token and
# the files.
upload() {
	local args=(-F "csrf_token=$TOKEN")
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		args+=(-F "file=@$1")
		shift
	done
	[ $# -eq 0 ] || shift
	fetch /blog/media "${args[@]}" "$@"
}

# files: the names in the media directory, sorted, one line.
files() { ls "$MEDIA" | sort | tr '\n' ' '; }

# --- Each type stores and shows --------------------------------------------

upload "$IMG/photo.jpg"
same "a JPEG uploads: 303" "$CODE" 303
same "  ...to /blog/media" "$(header location)" /blog/media
JPG=$(sql "SELECT name FROM media WHERE type = 'jpeg'")
case "$JPG" in
*-800x1200.jpg) ok "  ...stored upright: 1200x800 turned by its EXIF orientation ($JPG)" ;;
*) not_ok "  ...stored upright as 800x1200" "name: $JPG" ;;
esac
HASH=${JPG%%-*}
same "  ...with its copies below its width" \
    "$(ls "$MEDIA" | grep "^$HASH" | sort | tr '\n' ' ')" \
    "$HASH-800x1200-480w.jpg $HASH-800x1200.jpg "
gps=$(exiftool -s -a -G1 -gps:all -exif:all -xmp:all "$MEDIA/$JPG" \
    "$MEDIA/$HASH-800x1200-480w.jpg" 2>&1 | grep -v '^=\+' | grep -c '^\[')
same "  ...no GPS, EXIF or XMP left in any file" "$gps" 0
check "  ...the Artist tag is gone too" \
    bash -c '! exiftool -s -Artist "$1" | grep -q Alice' _ "$MEDIA/$JPG"
same "  ...its row: size, type, uploader" \
    "$(sql "SELECT m.width, m.height, m.type, u.username FROM media m
    JOIN users u ON u.id = m.uploaded_by WHERE m.name = '$JPG'")" \
    "800	1200	jpeg	alice"

upload "$IMG/chart.png" "$IMG/small.gif" "$IMG/wide.webp"
same "a PNG, a GIF and a WebP in one request: 303" "$CODE" 303
same "  ...three rows" "$(count_rows media "type IN ('png', 'gif', 'webp')")" 3
PNG=$(sql "SELECT name FROM media WHERE type = 'png'")
GIF=$(sql "SELECT name FROM media WHERE type = 'gif'")
WEBP=$(sql "SELECT name FROM media WHERE type = 'webp'")
same "  ...the GIF has no copy (300 wide)" "$(ls "$MEDIA" | grep -c "^${GIF%%-*}")" 1
same "  ...the WebP has three (2000 wide)" "$(ls "$MEDIA" | grep -c "^${WEBP%%-*}")" 4

# --- Apache serves them ----------------------------------------------------

for name in "$JPG" "$PNG" "$GIF" "$WEBP"; do
	fetch_anon "/media/$name"
	case "$name" in
	*.jpg) type=image/jpeg ;; *.png) type=image/png ;;
	*.gif) type=image/gif ;; *.webp) type=image/webp ;;
	esac
	same "/media/$name: 200" "$CODE" 200
	same "  ...Content-Type $type" "$(header content-type)" "$type"
	same "  ...nosniff" "$(header x-content-type-options)" nosniff
	same "  ...cached for good" "$(header cache-control)" \
	    "public, max-age=31536000, immutable"
	check "  ...the bytes stored" cmp -s "$B" "$MEDIA/$name"
done
fetch_anon "/media/${HASH}-800x1200-960w.jpg"
same "a copy that was not made: 404" "$CODE" 404
body_has "  ...the blog's own 404 page" "There is no page at this address."
fetch_anon "/media/../config.ini" --path-as-is
same "/media/../config.ini: not served" "$CODE" 404
printf '<script>alert(1)</script>' > "$MEDIA/evil.html"
fetch_anon /media/evil.html
same "a file under /media/ of another name: 404" "$CODE" 404
rm -f "$MEDIA/evil.html"

# --- Refusals store nothing --------------------------------------------------

rows=$(count_rows media)
before=$(files)
for refusal in "logo.svg 415 an SVG" "notes.jpg 415 a text file named .jpg" \
    "bomb.png 422 a PNG of 10 billion pixels" "cut.jpg 422 a truncated JPEG"; do
	set -- $refusal
	file=$1 want=$2
	shift 2
	upload "$IMG/$file"
	same "$*: $want" "$CODE" "$want"
	same "  ...no row" "$(count_rows media)" "$rows"
	same "  ...no file" "$(files)" "$before"
done
body_has "the truncated JPEG's page says which file" "cut.jpg"
upload "$IMG/chart.png" "$IMG/logo.svg"
same "a good image beside an SVG: 415 for the request" "$CODE" 415
same "  ...and the good one is not kept either" "$(count_rows media)" "$rows"
upload "$IMG/huge.jpg"
same "11 MiB, over [media] max_upload: 413" "$CODE" 413
same "  ...no row, no file" "$(count_rows media) $(files)" "$rows $before"
ls -a "$MEDIA" | grep -q '^\.tmp-' && not_ok "no temporary file is left" \
    "$(ls -a "$MEDIA")" || ok "no temporary file is left"

# --- The same bytes twice ----------------------------------------------------

upload "$IMG/photo.jpg"
same "the same JPEG again: 303" "$CODE" 303
same "  ...still one row and the same files" "$(count_rows media) $(files)" \
    "$rows $before"

# --- The script's JSON answer ----------------------------------------------------

upload "$IMG/chart.png" -- -H "Accept: application/json"
same "asked for JSON: 201" "$CODE" 201
same "  ...application/json" "$(header content-type)" application/json
same "  ...the Markdown to insert" \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["images"][0]["markdown"])' "$B")" \
    "![chart](/media/$PNG)"
upload "$IMG/logo.svg" -- -H "Accept: application/json"
check "  ...a refusal as JSON, with its reason" \
    python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["error"]; sys.exit(0 if "logo.svg" in e else 1)' "$B"

# --- Who may upload -----------------------------------------------------------

fetch_anon /blog/media -F "csrf_token=$TOKEN" -F "file=@$IMG/chart.png"
same "signed out: 303 to the login form" "$(header location)" "/login?next=%2Fblog%2Fmedia"
fetch /blog/media -F "csrf_token=wrong" -F "file=@$IMG/chart.png"
same "a wrong token: 403" "$CODE" 403
fetch /blog/media -H "Origin: https://evil.example" -F "csrf_token=$TOKEN" \
    -F "file=@$IMG/chart.png"
same "another site's upload: 403" "$CODE" 403
fetch /blog/create -F "csrf_token=$TOKEN" -F "title=x" -F "body=y"
same "a file upload to the post form: 415" "$CODE" 415
upload
same "no file chosen: 422" "$CODE" 422
same "nothing stored by any of these" "$(count_rows media) $(files)" "$rows $before"

# --- In posts -------------------------------------------------------------------

fetch /blog/create --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=Pictures" --data-urlencode "tags=" \
    --data-urlencode "featured_image=/media/$WEBP" \
    --data-urlencode "body=![The photo](/media/$JPG)

![The chart](/media/$PNG)"
same "a post with two images and a featured one: 303" "$CODE" 303
POST=$(header location)
fetch_anon "$POST"
body_has "the photo has its size and srcset" \
    "<img src=\"/media/$JPG\" width=\"800\" height=\"1200\" srcset=\"/media/$HASH-800x1200-480w.jpg 480w, /media/$JPG 800w\""
body_has "  ...and loads at once (the first)" "800w\" sizes=\"(max-width: 41rem) calc(100vw - 3rem), 38rem\" decoding=\"async\" alt=\"The photo\""
body_has "the second image loads lazily" "loading=\"lazy\" decoding=\"async\" alt=\"The chart\""
body_has "the featured image is above the text" \
    "<img class=\"featured\" src=\"/media/$WEBP\" width=\"2000\" height=\"1000\""
same "post_media knows the three" "$(count_rows post_media)" 3
fetch /blog/create --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=Bad" --data-urlencode "body=Text." \
    --data-urlencode "featured_image=/media/0123456789abcdef0123456789abcdef-10x10.png"
same "a featured image no upload has: 422" "$CODE" 422
body_has "  ...said beside its field" 'id="post-featured-image-error"'
fetch /blog/create --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=Bad" --data-urlencode "body=Text." \
    --data-urlencode "featured_image=https://example.org/a.png"
same "a featured image elsewhere: 422" "$CODE" 422

# --- Delete ------------------------------------------------------------------------

id=$(sql "SELECT id FROM media WHERE name = '$PNG'")
fetch "/blog/media/$id/delete" --data-urlencode "csrf_token=$TOKEN"
same "deleting an image a post shows: 409" "$CODE" 409
body_has "  ...naming the post" ">Pictures</a>"
same "  ...its row and files stay" \
    "$(count_rows media "id = $id") $(ls "$MEDIA" | grep -c "^${PNG%%-*}")" "1 2"
id=$(sql "SELECT id FROM media WHERE name = '$GIF'")
fetch "/blog/media/$id/delete" --data-urlencode "csrf_token=$TOKEN"
same "deleting an image no post shows: 303" "$CODE" 303
same "  ...row and files gone" \
    "$(count_rows media "id = $id") $(ls "$MEDIA" | grep -c "^${GIF%%-*}")" "0 0"
fetch "/blog/media/999999/delete" --data-urlencode "csrf_token=$TOKEN"
same "deleting an image that is not there: 404" "$CODE" 404
fetch "/blog/media/$id/delete" -X POST
same "a delete without the token: 403" "$CODE" 403

# --- The library page ------------------------------------------------------------

fetch /blog/media
same "GET /blog/media: 200" "$CODE" 200
body_has "  ...an upload form" 'enctype="multipart/form-data"'
body_has "  ...each image's Markdown" "![](/media/$JPG)"
body_has "  ...its size" "800 × 1200 pixels"
fetch_anon /blog/media
same "  ...signed out: to the login form" "$CODE" 303

# --- ./blogctl sweep-media ------------------------------------------------------------

orphan=0123456789abcdef0123456789abcdef-10x10.png
printf 'x' > "$MEDIA/$orphan"
cp "$MEDIA/$orphan" "$MEDIA/fedcba9876543210fedcba9876543210-10x10.png"
touch -d '2 hours ago' "$MEDIA/$orphan"
printf 'x' > "$MEDIA/.tmp-upload-abcdef"
touch -d '2 hours ago' "$MEDIA/.tmp-upload-abcdef"
out=$("$ROOT/blogctl" sweep-media --dry-run)
check "sweep-media --dry-run names the old orphan" grep -q "would remove $orphan" <<<"$out"
check "  ...and removes nothing" test -f "$MEDIA/$orphan"
out=$("$ROOT/blogctl" sweep-media)
same "sweep-media: the old orphan and the old temporary file go" \
    "$(ls -a "$MEDIA" | grep -c -e "^$orphan\$" -e '^\.tmp-upload-abcdef$')" 0
check "  ...a new orphan stays (an upload may be writing it)" \
    test -f "$MEDIA/fedcba9876543210fedcba9876543210-10x10.png"
check "  ...every image a row names stays" test -f "$MEDIA/$JPG" -a -f "$MEDIA/$WEBP"
check "  ...it says how many" grep -q "removed 1 file no image names, and 1 unfinished upload" <<<"$out"

no_crash_in_log() {
	if error_log | grep -q -e 'AddressSanitizer' -e 'runtime error'; then
		not_ok "no sanitizer report" "$(error_log | grep -m3 -e Sanitizer -e 'runtime error')"
	else
		ok "no sanitizer report"
	fi
}
no_crash_in_log
finish

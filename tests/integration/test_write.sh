#!/usr/bin/env bash
# The post forms over real HTTP (Apache, blog.fcgi, a private MariaDB):
# create, edit (the slug stays) and delete; the CSRF token and the origin
# checks (403, nothing changed); 422 with a message by each wrong field and
# the input kept; 413 and 400; slugs (transliterated, numbered when taken,
# post-N, never a path of the blog's own, distinct under concurrent
# creates); tags reused regardless of case, and the tag pages after each
# change; a post and its tags written in one transaction, or not at all.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/write_lib.sh"

start_blog
printf 'correct horse battery\n' | "$ROOT/blogctl" adduser alice >/dev/null ||
    not_ok "./blogctl adduser alice"

# posts_listed: the post slugs linked from $B, in order, once each.
posts_listed() {
	grep -o 'href="/blog/[a-z0-9-]*"' "$B" | sed 's|href="/blog/||; s|"$||' |
	    awk 'NF && $0 != "create" && $0 != "tags" && $0 != "manage" && $0 != "media" &&
	    !seen[$0]++' |
	    tr '\n' ' ' | sed 's/ $//'
}

# tag_count SLUG: the number shown next to tag SLUG on /blog/tags.
tag_count() {
	fetch /blog/tags
	tr -d '\n' < "$B" | grep -o "href=\"/blog/tag/$1\".*" |
	    sed 's|</li>.*||; s/<[^>]*>//g' | grep -oE '[0-9]+$'
}

# --- Signed out --------------------------------------------------------------

expect "signed out, POST /blog/create is 303" 303 /blog/create \
    --data-urlencode "title=Sneaky" --data-urlencode "body=text"
same "it goes to sign in first" "$(header location)" "/login?next=%2Fblog%2Fcreate"
expect "signed out, a delete goes to sign in" 303 /blog/some-post/delete -X POST
same "and back to the post afterwards" "$(header location)" \
    "/login?next=%2Fblog%2Fsome-post"
same "nothing was created signed out" "$(count_rows posts)" 0

sign_in alice "correct horse battery"
same "signed in" "$CODE" 303
session_token
check "the session has a token" test -n "$TOKEN"

# --- The empty form ---------------------------------------------------------

expect "GET /blog/create is 200" 200 /blog/create
same "the form is HTML" "$(header content-type)" "$HTML"
same "the form is never stored" "$(header cache-control)" "no-store"
for field in 'name="title"' 'name="body"' 'name="tags"' \
    'for="post-title"' 'for="post-body"' 'for="post-tags"' \
    'action="/blog/create"' 'method="post"'; do
	body_has "the form has $field" "$field"
done
same "the form carries the session's token" "$(form_token)" "$TOKEN"
expect "HEAD /blog/create is 200" 200 /blog/create -I

# --- CSRF and origins: 403, nothing changes -----------------------------------

expect "create without a token is 403" 403 /blog/create \
    --data-urlencode "title=No token" --data-urlencode "body=text"
expect "create with a wrong token is 403" 403 /blog/create \
    --data-urlencode "csrf_token=${TOKEN%?}x" \
    --data-urlencode "title=Wrong token" --data-urlencode "body=text"
expect "create with another session's token is 403" 403 /blog/create \
    --data-urlencode "csrf_token=$(printf '%064d' 0)" \
    --data-urlencode "title=Other token" --data-urlencode "body=text"
create "Other origin" "text" "" -H "Origin: http://evil.example"
same "create from another origin is 403" "$CODE" 403
create "Cross site" "text" "" -H "Sec-Fetch-Site: cross-site"
same "create sent cross-site is 403" "$CODE" 403
fetch /blog/create -F "csrf_token=$TOKEN" -F "title=Multipart" -F "body=text"
same "a multipart body to the post form: 415, it takes no uploads" "$CODE" 415
same "no refused request created a post" "$(count_rows posts)" 0
same "nor a tag" "$(count_rows tags)" 0

# --- Create -----------------------------------------------------------------

create "Hello, World" "Some *Markdown* text." "Linux, C"
same "create is 303" "$CODE" 303
same "create goes to the post" "$(header location)" /blog/hello-world
expect "the new post is there" 200 /blog/hello-world
body_has "its title is the h1" "<h1>Hello, World</h1>"
body_has "its body is rendered" "<em>Markdown</em>"
body_has "it links its tags" 'href="/blog/tag/linux"'
body_has "an author sees Edit" 'href="/blog/hello-world/edit"'
body_has "an author sees Delete" 'action="/blog/hello-world/delete"'
same "the delete form has the token" "$(form_token)" "$TOKEN"
fetch_anon /blog/hello-world
body_lacks "a reader sees no Edit" '/edit"'
body_lacks "a reader sees no Delete" '/delete"'
same "each tag link has its post's publish time and visibility" "$(sql "SELECT COUNT(*)
    FROM post_tags AS pt JOIN posts AS p ON p.id = pt.post_id
    WHERE NOT pt.post_publish_at <=> p.publish_at OR pt.post_visible <> p.visible")" 0
same "the post has its two tags" "$(count_rows post_tags)" 2

create "Hello, World" "Again." ""
same "a taken slug gets -2" "$SLUG" hello-world-2
create "Hello,   world!" "And again." ""
same "then -3" "$SLUG" hello-world-3
expect "each is reachable" 200 /blog/hello-world-3
sql "INSERT INTO posts (title, slug, body) VALUES ('Hello', 'hello-world-41', 'x'),
    ('Hello', 'hello-world-99999999', 'x'), ('Hello', 'hello-world-x7', 'x')"
create "Hello, World" "Once more." ""
same "a taken slug gets the number after the highest (of up to 7 digits)" \
    "$SLUG" hello-world-42

create "Первый пост" "По-русски." "Новости"
case "$SLUG" in pervy*-post) ok "a Russian title is transliterated ($SLUG)" ;;
*) not_ok "a Russian title is transliterated" "slug '$SLUG'" ;; esac
expect "the Russian post is reachable" 200 "/blog/$SLUG"
body_has "its title is kept in Cyrillic" "<h1>Первый пост</h1>"
tag_slug=$(sql "SELECT slug FROM tags WHERE name = 'Новости'")
case "$tag_slug" in novost*) ok "a Russian tag gets a Latin slug ($tag_slug)" ;;
*) not_ok "a Russian tag gets a Latin slug" "'$tag_slug'" ;; esac

create "🎉🎉" "Only emoji in the title." ""
same "a title without letters gets post-1" "$SLUG" post-1
create "!!!" "Only punctuation." ""
same "the next such title gets post-2" "$SLUG" post-2
create "New" "A post called like a tag with no letters." "🎉"
# (The admin's client speaks utf8mb3, which has no emoji: compare bytes.)
same "a tag without letters gets tag-1" \
    "$(sql "SELECT slug FROM tags WHERE HEX(name) = 'F09F8E89'")" tag-1

for title in Create Tags Tag; do
	create "$title" "A title that is a path of the blog's own." ""
	same "the title '$title' does not take /blog/${title,,}" "$SLUG" "${title,,}-2"
done
expect "/blog/create is still the form" 200 /blog/create
expect "/blog/tags is still the tags page" 200 /blog/tags
expect "the post 'Tag' is reachable" 200 /blog/tag-2

create "Long" "x" "$(printf 'a%.0s' {1..100})"
same "a tag of 100 characters is fine" "$CODE" 303

# Tags are matched regardless of case: the first spelling stays.
create "Second Linux post" "More." "LINUX, c, brand new"
same "tags are reused regardless of case" \
    "$(count_rows tags "name IN ('linux', 'c')")" 2
same "the first spelling stays" "$(sql "SELECT name FROM tags WHERE slug = 'linux'")" Linux
expect "the tag page is 200" 200 /blog/tag/linux
same "the tag page lists both posts, newest first" "$(posts_listed)" \
    "second-linux-post hello-world"

# --- 422: the form again, a message by the field, the input kept ---------------

before=$(count_rows posts)
create "" "body of a post without title" "kept-tag"
same "an empty title is 422" "$CODE" 422
same "the 422 is HTML" "$(header content-type)" "$HTML"
body_has "the title's message is by the title" 'id="post-title-error"'
body_has "the title is marked invalid" 'aria-describedby="post-title-error"'
body_has "the body is kept" "body of a post without title"
body_has "the tags are kept" 'value="kept-tag"'
body_lacks "the body has no message" 'id="post-body-error"'

long_title=$(printf 'T%.0s' {1..141})
create "$long_title" "body kept too" ""
same "a title of 141 characters is 422" "$CODE" 422
body_has "it says the title is too long" "at most 140 characters"
body_has "the long title is kept" "value=\"$long_title\""
create "$(printf 'Я%.0s' {1..140})" "140 Cyrillic letters are 280 bytes" ""
same "a title of 140 characters is fine, whatever its bytes" "$CODE" 303
before=$(count_rows posts)

create "A title kept" "" ""
same "an empty body is 422" "$CODE" 422
body_has "the body's message is by the body" 'id="post-body-error"'
body_has "the title is kept" 'value="A title kept"'
create "Only spaces" "   " ""
same "a body of white space is 422" "$CODE" 422

head -c 65536 /dev/zero | tr '\0' 'b' > "$TEST_DIR/body65536"
fetch /blog/create --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=Big body" --data-urlencode "body@$TEST_DIR/body65536"
same "a body of 65,536 bytes is 422" "$CODE" 422
body_has "it says the body is too long" "at most 65,535 bytes"
check "the big body is kept" grep -q "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" "$B"
head -c 65535 /dev/zero | tr '\0' 'b' > "$TEST_DIR/body65535"
fetch /blog/create --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=Biggest body" --data-urlencode "body@$TEST_DIR/body65535"
same "a body of 65,535 bytes is fine" "$CODE" 303
same "all of it is stored" "$(sql "SELECT LENGTH(body) FROM posts
    WHERE slug = 'biggest-body'")" 65535
fetch /blog/biggest-body
same "its page, many FastCGI records long, has an exact Content-Length" \
    "$CODE $(header content-length) $(header transfer-encoding)" "200 $(wc -c < "$B") "
before=$(count_rows posts)

create "Bad tag" "body" "fine, $(printf 'g%.0s' {1..101})"
same "a tag of 101 characters is 422" "$CODE" 422
body_has "the tags' message is by the tags" 'id="post-tags-error"'
body_has "it says which tag" "longer than 100 characters"

create "" "" "$(printf 'g%.0s' {1..101})"
same "three wrong fields: 422" "$CODE" 422
same "each field has its message" \
    "$(grep -c -e 'id="post-title-error"' -e 'id="post-body-error"' -e 'id="post-tags-error"' "$B")" 3
same "only the first field in error has autofocus (HTML allows one)" \
    "$(grep -o '<[a-z]* [^>]*autofocus' "$B" | grep -o ' id="[a-z-]*"')" ' id="post-title"'
create "Tag error only" "" "$(printf 'g%.0s' {1..101})"
same "with the title right, the body takes the focus" \
    "$(grep -o '<[a-z]* [^>]*autofocus' "$B" | grep -o ' id="[a-z-]*"')" ' id="post-body"'
create "<script>alert(1)</script>" "" '"><b>x</b>'
body_lacks "kept input is escaped" "<script>alert(1)"
body_lacks "kept tags are escaped" '"><b>x</b>'
same "no 422 created anything" "$(count_rows posts)" "$before"
same "nor any tag" "$(count_rows tags "name LIKE 'g%' OR name = 'kept-tag'")" 0

# --- 413 and 400 --------------------------------------------------------------

head -c 1100000 /dev/zero | tr '\0' 'x' > "$TEST_DIR/huge"
printf '&csrf_token=%s&title=Huge' "$TOKEN" >> "$TEST_DIR/huge"
fetch /blog/create -H "Content-Type: application/x-www-form-urlencoded" \
    --data-binary "@$TEST_DIR/huge"
same "a body over max_body is 413" "$CODE" 413
fetch /blog/create --data "csrf_token=$TOKEN&title=%FF%FE&body=text"
same "a title that is not UTF-8 is 400" "$CODE" 400
fetch /blog/create --data "csrf_token=$TOKEN&title=ok&body=%C3%28"
same "a body that is not UTF-8 is 400" "$CODE" 400
fetch /blog/create --data "csrf_token=$TOKEN&title=ok&body=x&tags=%E2%82"
same "tags that are not UTF-8 are 400" "$CODE" 400
fetch /blog/create --data "csrf_token=$TOKEN&title=ok&body=a%00b"
same "a NUL byte is 400" "$CODE" 400
same "no refused request created a post" "$(count_rows posts)" "$before"

# --- Edit ---------------------------------------------------------------------

expect "the edit form is 200" 200 /blog/hello-world/edit
same "the edit form is never stored" "$(header cache-control)" "no-store"
body_has "it holds the title" 'value="Hello, World"'
body_has "it holds the body" "Some *Markdown* text."
body_has "it holds the tags" 'value="C, Linux"'
body_has "it posts to the edit address" 'action="/blog/hello-world/edit"'
expect "editing an unknown post is 404" 404 /blog/no-such-post/edit
create "Lines" $'line one\n\n    indented code\nlast line' ""
expect "a post of several lines is edited" 200 "/blog/$SLUG/edit"
check "the edit form keeps its line breaks and indentation" \
    grep -qx '    indented code' "$B"
create "" $'kept line one\nkept line two' ""
check "so does the form sent back with 422" grep -qx 'kept line two</textarea>' "$B"
created=$(sql "SELECT created_at FROM posts WHERE slug = 'hello-world'")

fetch /blog/hello-world/edit --data-urlencode "title=Hello, World" \
    --data-urlencode "body=changed without a token"
same "edit without a token is 403" "$CODE" 403
fetch /blog/hello-world/edit --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=" --data-urlencode "body=changed body"
same "edit with an empty title is 422" "$CODE" 422
body_has "the edit form comes back to the same address" 'action="/blog/hello-world/edit"'
same "a refused edit changes nothing" \
    "$(sql "SELECT body FROM posts WHERE slug = 'hello-world'")" "Some *Markdown* text."

sleep 1	# so that "updated" shows a later second than the creation
fetch /blog/hello-world/edit --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=Hello again" --data-urlencode "body=New *body*." \
    --data-urlencode "tags=c, Rust"
same "edit is 303" "$CODE" 303
same "edit goes to the post, slug unchanged" "$(header location)" /blog/hello-world
expect "the post has its new title" 200 /blog/hello-world
body_has "the new title" "<h1>Hello again</h1>"
body_has "the new body" "<em>body</em>"
body_has "it shows it was updated" 'class="updated"'
expect "the new title made no new slug" 404 /blog/hello-again
same "created_at stays" "$(sql "SELECT created_at FROM posts WHERE slug = 'hello-world'")" "$created"
check "updated_at moves on" test "$(sql "SELECT updated_at > created_at FROM posts
    WHERE slug = 'hello-world'")" = 1
expect "the removed tag's page is 200" 200 /blog/tag/linux
same "it no longer lists the post" "$(posts_listed)" "second-linux-post"
expect "the added tag's page lists it" 200 /blog/tag/rust
same "the new tag lists the post" "$(posts_listed)" "hello-world"
same "tag links keep the publish time" "$(sql "SELECT COUNT(*)
    FROM post_tags AS pt JOIN posts AS p ON p.id = pt.post_id
    WHERE NOT pt.post_publish_at <=> p.publish_at OR pt.post_visible <> p.visible")" 0

updated=$(sql "SELECT updated_at FROM posts WHERE slug = 'hello-world'")
fetch /blog/tag/rust
rust_etag=$(header etag)
fetch /blog/hello-world/edit --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=Hello again" --data-urlencode "body=New *body*." \
    --data-urlencode "tags=c"
same "an edit of the tags alone is 303" "$CODE" 303
check "it moves updated_at on too" test \
    "$(sql "SELECT updated_at FROM posts WHERE slug = 'hello-world'")" != "$updated"
fetch /blog/tag/rust -H "If-None-Match: $rust_etag"
same "the tag's page changed with it" "$CODE" 200
same "the tag without posts lists none" "$(posts_listed)" ""
fetch /blog/no-such-post/edit --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=x" --data-urlencode "body=y"
same "saving an unknown post is 404" "$CODE" 404
same "and creates nothing" "$(count_rows posts "title = 'x'")" 0

# --- Delete -------------------------------------------------------------------

expect "GET on a delete address is 405" 405 /blog/hello-world/delete
expect "delete without a token is 403" 403 /blog/hello-world/delete -X POST
expect "delete from another site is 403" 403 /blog/hello-world/delete \
    -H "Origin: http://evil.example" --data-urlencode "csrf_token=$TOKEN"
same "the refused deletes left the post" "$(count_rows posts "slug = 'hello-world'")" 1
expect "delete is 303" 303 /blog/hello-world/delete --data-urlencode "csrf_token=$TOKEN"
same "delete goes to the index" "$(header location)" /blog/
fetch_anon /blog/hello-world
same "readers get 404 for the trashed post at once" "$CODE" 404
expect "its author still sees it" 200 /blog/hello-world
body_has "under the trash's banner" "In the trash since"
same "its tag links went with it" "$(count_rows post_tags "post_id NOT IN (SELECT id FROM posts)")" 0
expect "its tag's page is still there" 200 /blog/tag/c
check "and no longer lists it" test -z "$(posts_listed | grep -w hello-world)"
same "a tag left without posts is listed with 0" "$(tag_count rust)" 0
expect "deleting it again is 404" 404 /blog/hello-world/delete \
    --data-urlencode "csrf_token=$TOKEN"
create "Hello, World" "A new post where the deleted one was." ""
check "a trashed post keeps its slug: a new one gets another" \
    test "$SLUG" != hello-world
sql "DELETE FROM posts WHERE slug = 'hello-world'"
create "Hello, World" "A new post where the purged one was." ""
same "once purged, its slug can be used again" "$SLUG" hello-world

# --- Concurrent creates with the same title -----------------------------------

for i in 1 2 3 4 5 6 7 8; do
	curl -sS -o /dev/null -D "$TEST_DIR/race-$i" -b "$JAR" \
	    --data-urlencode "csrf_token=$TOKEN" --data-urlencode "title=Same title" \
	    --data-urlencode "body=racer $i" --data-urlencode "tags=race, Race $i" \
	    "$BASE_URL/blog/create" &
done
wait
slugs=$(cat "$TEST_DIR"/race-* | tr -d '\r' | sed -n 's|^[Ll]ocation: /blog/||p' | sort -u)
same "8 concurrent creates answer 303" "$(cat "$TEST_DIR"/race-* | grep -c '^HTTP/1.1 303')" 8
same "8 concurrent creates get 8 distinct slugs" "$(wc -l <<<"$slugs")" 8
reachable=0
for s in $slugs; do
	fetch "/blog/$s"
	[ "$CODE" = 200 ] && reachable=$((reachable + 1))
done
same "all 8 are reachable" "$reachable" 8
same "the shared tag was made once" "$(count_rows tags "name = 'race'")" 1
same "and carries all 8" "$(tag_count race)" 8

# --- One transaction: all or nothing ------------------------------------------

sql <<'SQL'
DELIMITER $$
CREATE TRIGGER test_refuse_boom BEFORE INSERT ON tags FOR EACH ROW
BEGIN
    IF NEW.name = 'boom' THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test';
    END IF;
END$$
DELIMITER ;
SQL
before_posts=$(count_rows posts)
before_links=$(count_rows post_tags)
create "Half written" "This post fails at its second tag." "fresh-tag, boom"
same "a failure half-way is 500" "$CODE" 500
body_has "the form comes back with the text" "This post fails at its second tag."
body_has "saying it was not saved" "was not saved"
same "the post was not left behind" "$(count_rows posts)" "$before_posts"
same "nor its first tag" "$(count_rows tags "name = 'fresh-tag'")" 0
same "nor any tag link" "$(count_rows post_tags)" "$before_links"
check "the failure is logged" grep -q 'creating a post: .*refused by the test' <<<"$(error_log)"
fetch /blog/hello-world/edit --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "title=Changed" --data-urlencode "body=Changed." \
    --data-urlencode "tags=boom"
same "a failed edit is 500" "$CODE" 500
same "and changes nothing" "$(sql "SELECT title FROM posts WHERE slug = 'hello-world'")" \
    "Hello, World"
sql "DROP TRIGGER test_refuse_boom"
create "Half written" "This post fails at its second tag." "fresh-tag, boom"
same "without the fault, the same post is saved" "$CODE" 303

# --- The database away ----------------------------------------------------------

stop_db
create "While down" "Text worth keeping." "x"
same "saving with the database stopped is 503" "$CODE" 503
start_db
fetch /blog/
same "the blog answers again" "$CODE" 200
same "nothing was saved while down" "$(count_rows posts "title = 'While down'")" 0
create "While down" "Text worth keeping." "x"
same "and saving works again" "$CODE" 303

finish

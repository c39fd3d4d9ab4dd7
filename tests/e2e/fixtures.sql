-- fixtures.sql: the posts and tags the browser tests read, loaded by run.sh
-- into a fresh database. With per_page = 3 (run.sh sets it): 7 posts make
-- three index pages, "Travel" (4 posts) and a search for "harbour" (4 posts)
-- two pages each. The tests in *.test.js name these titles and slugs.

INSERT INTO posts (slug, title, body, created_at, updated_at) VALUES
('first-light', 'First light',
 'The ferry left the harbour before dawn; the gulls were already awake.',
 '2026-03-01 07:00:00', '2026-03-01 07:00:00'),
('market-day', 'Market day',
 'Figs, cheese and a loud argument about the price of olives.',
 '2026-03-02 09:30:00', '2026-03-02 09:30:00'),
('the-long-walk', 'The long walk',
 'Twenty kilometres along the cliffs, down to the harbour and back.',
 '2026-03-03 08:15:00', '2026-03-03 08:15:00'),
('rain', 'Rain',
 'It rained all day. We read, and watched the harbour through the window.',
 '2026-03-04 16:00:00', '2026-03-04 16:00:00'),
('a-tour-of-markdown', 'A tour of Markdown',
 '# Everything a post can hold\n\nSome **bold**, some *italic*, `inline code`, ~~struck~~ and [a link](https://example.org/).\n\n## Lists\n\n- one\n- two\n  - nested\n\n1. first\n2. second\n\n- [x] done\n- [ ] to do\n\n## Quotes and code\n\n> A quotation, with *emphasis*.\n\n```c\nint\nmain(void)\n{\n\treturn 0;\t/* a line long enough to need scrolling on a phone, which it must do inside the block */\n}\n```\n\n## A table\n\n| Left | Centre | Right |\n| :--- | :----: | ----: |\n| a | b | 1 |\n| a longer cell | c | 22 |\n\nA timetable, wider than a phone:\n\n| Day | From | To | Departs | Arrives |\n| --- | --- | --- | --- | --- |\n| Monday | Piraeus | Heraklion | 21:00 | 06:30 |\n| Thursday | Heraklion | Santorini | 09:15 | 11:20 |\n\n## Pictures and long words\n\n![The blog''s icon](/static/favicon.svg)\n\nhttps://example.org/a/very/long/address/that/has/no/spaces/in/it/at/all/and/must/wrap/on/a/phone\n\nRaw <script>alert("no")</script> HTML is shown as text.\n\n---\n\nThe end.',
 '2026-03-05 12:00:00', '2026-03-05 12:00:00'),
('cafe-notes', 'Café notes',
 'Espresso by the harbour, then a crème brûlée that was worth the walk.',
 '2026-03-06 10:00:00', '2026-03-06 10:00:00'),
('home-again', 'Home again',
 'Unpacked, washed, and already planning the next trip.',
 '2026-03-07 18:45:00', '2026-03-07 18:45:00');

INSERT INTO tags (slug, name) VALUES
('travel', 'Travel'),
('cafe-creme', 'Café & Crème'),
('notes', 'Notes');

-- A trigger copies each post's visibility and time into post_tags. The
-- tag ids go through variables: a trigger on post_tags updates tags, so the
-- statement that fills post_tags must not read tags itself.
SET @travel = (SELECT id FROM tags WHERE slug = 'travel');
SET @cafe_creme = (SELECT id FROM tags WHERE slug = 'cafe-creme');
SET @notes = (SELECT id FROM tags WHERE slug = 'notes');

INSERT INTO post_tags (post_id, tag_id)
SELECT id, @travel FROM posts
WHERE slug IN ('first-light', 'the-long-walk', 'cafe-notes', 'home-again');
INSERT INTO post_tags (post_id, tag_id)
SELECT id, @cafe_creme FROM posts
WHERE slug IN ('market-day', 'cafe-notes');
INSERT INTO post_tags (post_id, tag_id)
SELECT id, @notes FROM posts
WHERE slug = 'a-tour-of-markdown';

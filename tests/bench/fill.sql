-- Fills the benchmark database with @n posts of realistic size (~1.5 KB of
-- Markdown), 3 tags each out of 50, every seventh title in Russian. Words for
-- the search rows: benchmark, lorem, ipsum in every post; even in every other;
-- заметка in every seventh; wordN in one post of 1000.
-- One post in ten is a draft and one in ten is scheduled (in 2030), hidden
-- from readers, so that the reader pages are measured reading past them.
-- Run by tests/bench/run.sh after ./migrate upgrade, with SET @n = N first.
SET time_zone = '+00:00';

INSERT INTO tags (name, slug)
SELECT CONCAT('Topic ', seq), CONCAT('topic-', seq) FROM seq_1_to_50;

INSERT INTO posts (title, slug, body, created_at, updated_at, state,
    publish_at, visible)
SELECT
    IF(seq % 7 = 0, CONCAT('Заметка номер ', seq), CONCAT('Post number ', seq, ' about topic ', seq % 50 + 1)),
    IF(seq % 7 = 0, CONCAT('zametka-nomer-', seq), CONCAT('post-number-', seq, '-about-topic-', seq % 50 + 1)),
    CONCAT(
        '## Section ', seq, '\n\n',
        'This is a **benchmark** post, number ', seq, ', with word', seq % 1000,
        ', ', IF(seq % 2 = 0, 'even', 'odd'),
        ' and a [link](https://example.org/', seq, ').\n\n',
        REPEAT('Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ', 8),
        '\n\n- one item\n- two items\n- three items\n\n',
        '```c\nint main(void) { return ', seq % 100, '; }\n```\n\n',
        REPEAT('Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. ', 4)),
    TIMESTAMP('2020-01-01 00:00:00') + INTERVAL seq * 13 MINUTE,
    TIMESTAMP('2020-01-01 00:00:00') + INTERVAL seq * 13 MINUTE,
    IF(seq % 10 = 3, 'draft', 'published'),
    CASE seq % 10
        WHEN 3 THEN NULL
        WHEN 8 THEN TIMESTAMP('2030-01-01 00:00:00') + INTERVAL seq MINUTE
        ELSE TIMESTAMP('2020-01-01 00:00:00') + INTERVAL seq * 13 MINUTE
    END,
    seq % 10 NOT IN (3, 8)
FROM seq_1_to_1000000 WHERE seq <= @n;

INSERT INTO post_tags (post_id, tag_id)
SELECT p.id, t.id
FROM posts p
JOIN tags t ON t.slug IN (CONCAT('topic-', p.id % 50 + 1),
                          CONCAT('topic-', (p.id + 17) % 50 + 1),
                          CONCAT('topic-', (p.id + 33) % 50 + 1));

ANALYZE TABLE posts, tags, post_tags;

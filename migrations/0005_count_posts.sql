-- Counts and a version number kept by the database itself, so that no page
-- has to count rows: site_state holds the number of posts and a version that
-- every change to posts, tags or post_tags bumps (blog.fcgi's page cache and
-- ETags compare it); tag_counts holds each tag's number of posts.
-- Triggers keep them true whoever writes: the blog, sql/demo.sql, the bench.
-- (tag_counts is a table of its own, not a column of tags, because a trigger
-- may not change a table its statement reads: INSERT INTO post_tags ...
-- SELECT ... FROM tags would fail.)
-- migrate:up
CREATE TABLE site_state (
    id TINYINT UNSIGNED NOT NULL,
    version BIGINT UNSIGNED NOT NULL,
    post_count INT UNSIGNED NOT NULL,
    changed_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE tag_counts (
    tag_id INT UNSIGNED NOT NULL,
    post_count INT UNSIGNED NOT NULL,
    PRIMARY KEY (tag_id),
    CONSTRAINT tag_counts_tag FOREIGN KEY (tag_id) REFERENCES tags (id)
        ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

DELIMITER $$
CREATE TRIGGER posts_counted_insert AFTER INSERT ON posts FOR EACH ROW
    UPDATE site_state
    SET version = version + 1, post_count = post_count + 1, changed_at = NOW(6)
    WHERE id = 1$$

CREATE TRIGGER posts_counted_update AFTER UPDATE ON posts FOR EACH ROW
    UPDATE site_state SET version = version + 1, changed_at = NOW(6)
    WHERE id = 1$$

-- Foreign-key cascades fire no triggers, so the post's tags are counted off
-- here, before the cascade removes its post_tags rows.
CREATE TRIGGER posts_counted_delete BEFORE DELETE ON posts FOR EACH ROW
BEGIN
    UPDATE tag_counts SET post_count = post_count - 1
    WHERE tag_id IN (SELECT tag_id FROM post_tags WHERE post_id = OLD.id);
    UPDATE site_state
    SET version = version + 1, post_count = post_count - 1, changed_at = NOW(6)
    WHERE id = 1;
END$$

CREATE TRIGGER post_tags_counted_insert AFTER INSERT ON post_tags FOR EACH ROW
BEGIN
    UPDATE tag_counts SET post_count = post_count + 1
    WHERE tag_id = NEW.tag_id;
    UPDATE site_state SET version = version + 1, changed_at = NOW(6)
    WHERE id = 1;
END$$

CREATE TRIGGER post_tags_counted_delete AFTER DELETE ON post_tags FOR EACH ROW
BEGIN
    UPDATE tag_counts SET post_count = post_count - 1
    WHERE tag_id = OLD.tag_id;
    UPDATE site_state SET version = version + 1, changed_at = NOW(6)
    WHERE id = 1;
END$$

CREATE TRIGGER tags_counted_insert AFTER INSERT ON tags FOR EACH ROW
BEGIN
    INSERT INTO tag_counts (tag_id, post_count) VALUES (NEW.id, 0);
    UPDATE site_state SET version = version + 1, changed_at = NOW(6)
    WHERE id = 1;
END$$

CREATE TRIGGER tags_counted_delete AFTER DELETE ON tags FOR EACH ROW
    UPDATE site_state SET version = version + 1, changed_at = NOW(6)
    WHERE id = 1$$
DELIMITER ;

-- Counted from scratch last, with the triggers already in place.
INSERT INTO site_state (id, version, post_count, changed_at)
SELECT 1, 1, COUNT(*), COALESCE(MAX(updated_at), NOW(6)) FROM posts;

INSERT INTO tag_counts (tag_id, post_count)
SELECT t.id, COUNT(pt.post_id) FROM tags AS t
LEFT JOIN post_tags AS pt ON pt.tag_id = t.id GROUP BY t.id;

-- migrate:down
DROP TRIGGER tags_counted_delete;
DROP TRIGGER tags_counted_insert;
DROP TRIGGER post_tags_counted_delete;
DROP TRIGGER post_tags_counted_insert;
DROP TRIGGER posts_counted_delete;
DROP TRIGGER posts_counted_update;
DROP TRIGGER posts_counted_insert;
DROP TABLE tag_counts;
DROP TABLE site_state;

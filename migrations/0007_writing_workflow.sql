-- The writing workflow (SPEC, "Writing workflow"): drafts, scheduled
-- posts, the trash, bylines.
--
-- A post has a state (draft or published), a publish time, and may be in
-- the trash (trashed_at set, whatever its state, so that restoring brings
-- it back as it was). `visible` says whether readers see it: published,
-- not trashed, its time come. blog.fcgi sets it when it saves a post and
-- its clock process when a scheduled time passes (src/model/visibility.h
-- holds the rule, once); every reader's query asks only `visible = 1`,
-- through an index. post_tags copies visible and publish_at so that a
-- tag's page reads its visible posts newest first from one index, as
-- before.
--
-- The triggers of 0005 count visible posts only: a post is counted in
-- site_state.post_count and in its tags' tag_counts while it is visible.
-- site_state.next_due_at is the publish time of the next scheduled post
-- (or NULL): once it has passed, whoever reads the site's version first
-- (a worker, or the clock) publishes what is due before answering.
-- migrate:up
DROP TRIGGER posts_counted_insert;
DROP TRIGGER posts_counted_update;
DROP TRIGGER posts_counted_delete;
DROP TRIGGER post_tags_counted_insert;
DROP TRIGGER post_tags_counted_delete;

ALTER TABLE posts
    ADD COLUMN state ENUM('draft', 'published') NOT NULL DEFAULT 'published'
        AFTER body,
    -- when readers see it (or saw it first); NULL: a draft with no time
    ADD COLUMN publish_at DATETIME(6) NULL AFTER state,
    -- set the first time it is published: its slug stops following its title
    ADD COLUMN first_published_at DATETIME(6) NULL AFTER publish_at,
    ADD COLUMN trashed_at DATETIME(6) NULL AFTER first_published_at,
    ADD COLUMN visible BOOLEAN NOT NULL DEFAULT 1 AFTER trashed_at,
    -- NULL: unknown (posts from before bylines, or of a deleted author)
    ADD COLUMN author_id INT UNSIGNED NULL AFTER visible,
    -- bumped by every save of the form: two authors saving the same post
    -- from the same revision, the second is refused
    ADD COLUMN revision INT UNSIGNED NOT NULL DEFAULT 1 AFTER author_id,
    DROP KEY posts_newest,
    -- the index and its pages, the feed, a search's walk: newest first
    ADD KEY posts_shown (visible, publish_at, id),
    -- the next scheduled post, and the due ones
    ADD KEY posts_schedule (state, trashed_at, visible, publish_at),
    -- the trash, oldest first, for the purge
    ADD KEY posts_trash (trashed_at),
    ADD CONSTRAINT posts_author FOREIGN KEY (author_id) REFERENCES users (id)
        ON DELETE SET NULL;

UPDATE posts
SET publish_at = created_at, first_published_at = created_at,
    updated_at = updated_at;

ALTER TABLE post_tags
    ADD COLUMN post_visible BOOLEAN NOT NULL DEFAULT 1 AFTER tag_id,
    ADD COLUMN post_publish_at DATETIME(6) NULL AFTER post_visible,
    DROP KEY post_tags_tag_newest,
    DROP COLUMN post_created_at,
    ADD KEY post_tags_tag_shown (tag_id, post_visible, post_publish_at, post_id);

UPDATE post_tags AS pt JOIN posts AS p ON p.id = pt.post_id
SET pt.post_publish_at = p.publish_at;

ALTER TABLE site_state ADD COLUMN next_due_at DATETIME(6) NULL;

DELIMITER $$
-- A post written by SQL without the new columns (sql/demo.sql, fixtures)
-- is published at its created_at, as the posts from before 0007.
CREATE TRIGGER posts_published_default BEFORE INSERT ON posts FOR EACH ROW
BEGIN
    IF NEW.state = 'published' THEN
        SET NEW.publish_at = COALESCE(NEW.publish_at, NEW.created_at),
            NEW.first_published_at =
                COALESCE(NEW.first_published_at, NEW.created_at);
    END IF;
END$$

-- A tag link copies its post's visibility and time, whoever writes it.
CREATE TRIGGER post_tags_copy_post BEFORE INSERT ON post_tags FOR EACH ROW
    SET NEW.post_visible = (SELECT visible FROM posts WHERE id = NEW.post_id),
        NEW.post_publish_at =
            (SELECT publish_at FROM posts WHERE id = NEW.post_id)$$

CREATE TRIGGER posts_counted_insert AFTER INSERT ON posts FOR EACH ROW
    UPDATE site_state
    SET version = version + 1, post_count = post_count + NEW.visible,
        changed_at = NOW(6)
    WHERE id = 1$$

-- A post shown or hidden moves its counts; its tag links follow its
-- visibility and time.
CREATE TRIGGER posts_counted_update AFTER UPDATE ON posts FOR EACH ROW
BEGIN
    IF NEW.visible <> OLD.visible THEN
        UPDATE tag_counts SET post_count = post_count + NEW.visible
            - OLD.visible
        WHERE tag_id IN (SELECT tag_id FROM post_tags WHERE post_id = NEW.id);
    END IF;
    IF NEW.visible <> OLD.visible OR
        NOT (NEW.publish_at <=> OLD.publish_at) THEN
        UPDATE post_tags
        SET post_visible = NEW.visible, post_publish_at = NEW.publish_at
        WHERE post_id = NEW.id;
    END IF;
    UPDATE site_state
    SET version = version + 1,
        post_count = post_count + NEW.visible - OLD.visible,
        changed_at = NOW(6)
    WHERE id = 1;
END$$

-- Foreign-key cascades fire no triggers, so the post's tags are counted off
-- here, before the cascade removes its post_tags rows.
CREATE TRIGGER posts_counted_delete BEFORE DELETE ON posts FOR EACH ROW
BEGIN
    IF OLD.visible THEN
        UPDATE tag_counts SET post_count = post_count - 1
        WHERE tag_id IN (SELECT tag_id FROM post_tags WHERE post_id = OLD.id);
    END IF;
    UPDATE site_state
    SET version = version + 1, post_count = post_count - OLD.visible,
        changed_at = NOW(6)
    WHERE id = 1;
END$$

CREATE TRIGGER post_tags_counted_insert AFTER INSERT ON post_tags FOR EACH ROW
BEGIN
    UPDATE tag_counts SET post_count = post_count + NEW.post_visible
    WHERE tag_id = NEW.tag_id;
    UPDATE site_state SET version = version + 1, changed_at = NOW(6)
    WHERE id = 1;
END$$

CREATE TRIGGER post_tags_counted_delete AFTER DELETE ON post_tags FOR EACH ROW
BEGIN
    UPDATE tag_counts SET post_count = post_count - OLD.post_visible
    WHERE tag_id = OLD.tag_id;
    UPDATE site_state SET version = version + 1, changed_at = NOW(6)
    WHERE id = 1;
END$$
DELIMITER ;

-- Counted again, visible posts only (all of them, so far).
UPDATE site_state
SET version = version + 1, changed_at = NOW(6),
    post_count = (SELECT COUNT(*) FROM posts WHERE visible = 1)
WHERE id = 1;

UPDATE tag_counts AS tc
SET tc.post_count = (SELECT COUNT(*) FROM post_tags AS pt
    WHERE pt.tag_id = tc.tag_id AND pt.post_visible = 1);

-- migrate:down
-- Before 0007 every post is public: refuse rather than publish drafts,
-- scheduled posts and the trash.
DELIMITER $$
BEGIN NOT ATOMIC
    IF EXISTS (SELECT 1 FROM posts WHERE visible = 0) THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
            'drafts, scheduled or trashed posts exist: before 0007 they would be public; publish or delete them first';
    END IF;
END$$
DELIMITER ;

DROP TRIGGER posts_published_default;
DROP TRIGGER post_tags_copy_post;
DROP TRIGGER posts_counted_insert;
DROP TRIGGER posts_counted_update;
DROP TRIGGER posts_counted_delete;
DROP TRIGGER post_tags_counted_insert;
DROP TRIGGER post_tags_counted_delete;

ALTER TABLE site_state DROP COLUMN next_due_at;

ALTER TABLE post_tags
    ADD COLUMN post_created_at DATETIME(6) NULL AFTER tag_id;
UPDATE post_tags AS pt JOIN posts AS p ON p.id = pt.post_id
SET pt.post_created_at = p.created_at;
ALTER TABLE post_tags
    MODIFY post_created_at DATETIME(6) NOT NULL,
    DROP KEY post_tags_tag_shown,
    DROP COLUMN post_publish_at,
    DROP COLUMN post_visible,
    ADD KEY post_tags_tag_newest (tag_id, post_created_at, post_id);

ALTER TABLE posts DROP FOREIGN KEY posts_author;
ALTER TABLE posts
    DROP KEY posts_author,
    DROP KEY posts_trash,
    DROP KEY posts_schedule,
    DROP KEY posts_shown,
    ADD KEY posts_newest (created_at, id),
    DROP COLUMN revision,
    DROP COLUMN author_id,
    DROP COLUMN visible,
    DROP COLUMN trashed_at,
    DROP COLUMN first_published_at,
    DROP COLUMN publish_at,
    DROP COLUMN state;

DELIMITER $$
CREATE TRIGGER posts_counted_insert AFTER INSERT ON posts FOR EACH ROW
    UPDATE site_state
    SET version = version + 1, post_count = post_count + 1, changed_at = NOW(6)
    WHERE id = 1$$

CREATE TRIGGER posts_counted_update AFTER UPDATE ON posts FOR EACH ROW
    UPDATE site_state SET version = version + 1, changed_at = NOW(6)
    WHERE id = 1$$

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
DELIMITER ;

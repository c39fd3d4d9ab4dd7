-- Tags and the posts that carry them.
-- migrate:up
CREATE TABLE tags (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    -- utf8mb4_unicode_ci: 'Linux' and 'linux' are one tag
    name VARCHAR(100) NOT NULL,
    slug VARCHAR(140) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY tags_name (name),
    UNIQUE KEY tags_slug (slug)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- post_created_at copies posts.created_at, which never changes, so that a
-- tag's page reads its posts newest first straight from one index.
CREATE TABLE post_tags (
    post_id BIGINT UNSIGNED NOT NULL,
    tag_id INT UNSIGNED NOT NULL,
    post_created_at DATETIME(6) NOT NULL,
    PRIMARY KEY (post_id, tag_id),
    KEY post_tags_tag_newest (tag_id, post_created_at, post_id),
    CONSTRAINT post_tags_post FOREIGN KEY (post_id) REFERENCES posts (id)
        ON DELETE CASCADE,
    CONSTRAINT post_tags_tag FOREIGN KEY (tag_id) REFERENCES tags (id)
        ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- migrate:down
DROP TABLE post_tags;
DROP TABLE tags;

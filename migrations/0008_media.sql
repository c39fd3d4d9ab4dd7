-- Uploaded images (SPEC "Images"). The files live under [media] dir, named
-- by a hash of the uploaded bytes with the stored original's size in pixels
-- (<hash>-<W>x<H>.<ext>, copies <hash>-<W>x<H>-<w>w.<ext>), so that a page
-- can draw an image's width, height and srcset from its URL alone; a row
-- here says who uploaded it, when, and what it is.
-- post_media says which posts show which image (in the body or as the
-- featured image), written with the post; an image a post shows cannot be
-- deleted (RESTRICT), and a post gone takes its rows with it (CASCADE).
-- migrate:up
CREATE TABLE media (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    -- BLAKE2b-128 of the uploaded bytes, hex: the same upload twice is one row
    hash CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    -- the stored original's file name, e.g. <hash>-4000x3000.jpg
    name VARCHAR(80) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    type ENUM('jpeg', 'png', 'gif', 'webp') NOT NULL,
    width INT UNSIGNED NOT NULL,
    height INT UNSIGNED NOT NULL,
    -- the stored original's size (the copies are not counted)
    bytes BIGINT UNSIGNED NOT NULL,
    uploaded_by INT UNSIGNED NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY media_hash (hash),
    UNIQUE KEY media_name (name),
    -- the media page: newest first
    KEY media_newest (created_at, id),
    CONSTRAINT media_uploaded_by FOREIGN KEY (uploaded_by) REFERENCES users (id)
        ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE post_media (
    post_id BIGINT UNSIGNED NOT NULL,
    media_id BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (post_id, media_id),
    -- the posts that show an image, for the delete's 409
    KEY post_media_media (media_id, post_id),
    CONSTRAINT post_media_post FOREIGN KEY (post_id) REFERENCES posts (id)
        ON DELETE CASCADE,
    CONSTRAINT post_media_media FOREIGN KEY (media_id) REFERENCES media (id)
        ON DELETE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The featured image: a /media/ URL, shown above the post.
ALTER TABLE posts ADD COLUMN featured_image VARCHAR(120) CHARACTER SET ascii
    COLLATE ascii_bin NULL AFTER body;

-- migrate:down
ALTER TABLE posts DROP COLUMN featured_image;
DROP TABLE post_media;
DROP TABLE media;

-- A post's body rendered, kept so that a page read does not run the
-- Markdown renderer (issue 17, "Uncached pages cheaper"): its HTML, the
-- excerpt the lists show and the description of its head.
--
-- Derived data only: any row may be deleted at any time (a restore empties
-- the table) and is made again by the next reader of the post. A row is
-- used only while it is current: renderer is the renderer's version that
-- made it (MARKDOWN_RENDERER in src/view/markdown.h, bumped whenever the
-- HTML or an excerpt of a body would come out different), and
-- source_updated_at and source_crc are the post's updated_at and
-- CRC32(body) it was made from, so that a body changed in any way (the
-- blog's form, an import, SQL by hand) is rendered again.
--
-- No triggers: writing a row never moves site_state's version, which would
-- empty every page cache. The app's account writes it (readers fill what
-- is missing), as it does every table of its database.
-- migrate:up
CREATE TABLE post_html (
    post_id BIGINT UNSIGNED NOT NULL,
    renderer INT UNSIGNED NOT NULL,
    source_updated_at DATETIME(6) NOT NULL,
    source_crc INT UNSIGNED NOT NULL,
    -- the whole body as HTML (at most MARKDOWN_HTML_MAX bytes)
    html MEDIUMTEXT NOT NULL,
    -- the lists' excerpt and the head's description, plain text
    excerpt TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (post_id),
    CONSTRAINT post_html_post FOREIGN KEY (post_id) REFERENCES posts (id)
        ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- migrate:down
DROP TABLE post_html;

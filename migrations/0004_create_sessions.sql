-- Signed-in sessions: the cookie holds a random token, the table only its hash.
-- migrate:up
CREATE TABLE sessions (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    -- SHA-256 of the cookie's token
    token_hash BINARY(32) NOT NULL,
    user_id INT UNSIGNED NOT NULL,
    -- the synchronizer token every POST of this session must carry (hex)
    csrf_token CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    expires_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY sessions_token (token_hash),
    KEY sessions_expiry (expires_at),
    CONSTRAINT sessions_user FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- migrate:down
DROP TABLE sessions;

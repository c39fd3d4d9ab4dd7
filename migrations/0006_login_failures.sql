-- Failed sign-ins, one row each, by the address they came from (an IPv4
-- address, or an IPv6 address's /64 prefix, as text), so that every app
-- host counts the same guesses. Only the last 15 minutes matter: blog.fcgi
-- ignores older rows and deletes them a few at a time as it records new ones.
-- migrate:up
CREATE TABLE login_failures (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    -- "192.0.2.7" or "2001:db8:1:2::/64"
    address VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    failed_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    -- an address's newest failures, read backwards from now
    KEY login_failures_address (address, failed_at),
    -- the oldest rows, deleted first
    KEY login_failures_time (failed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- migrate:down
DROP TABLE login_failures;

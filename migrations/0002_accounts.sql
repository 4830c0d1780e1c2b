-- Accounts, sessions, tokens, audit log, mail outbox and rate limits.
-- One SQL text for SQLite and PostgreSQL; times are Unix milliseconds.

-- A user belongs to one organization and holds one role in it.
CREATE TABLE users (
    id                  TEXT PRIMARY KEY,
    org_id              TEXT NOT NULL REFERENCES organizations(id),
    -- Stored lower-cased, so the UNIQUE constraint is case-insensitive.
    email               TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('org_admin', 'buyer', 'approver', 'finance',
                            'engineer', 'seller_admin', 'seller_staff', 'platform_admin')),
    password_hash       TEXT NOT NULL,
    email_verified      BOOLEAN NOT NULL DEFAULT FALSE,
    status              TEXT NOT NULL DEFAULT 'active'
                            CHECK (status IN ('active', 'deactivated', 'locked')),
    created_at          BIGINT NOT NULL,
    password_changed_at BIGINT NOT NULL
);
CREATE INDEX users_org ON users (org_id);

-- The cookie carries a random id; the table keeps only its SHA-256, so a
-- copy of the database does not hand out live sessions. `public_id` names a
-- session in the "your sessions" list without revealing the cookie.
CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    public_id    TEXT NOT NULL UNIQUE,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One-time tokens sent by mail (verification, password reset, invitation),
-- stored hashed.
CREATE TABLE email_tokens (
    token_hash  TEXT PRIMARY KEY,
    purpose     TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'invitation')),
    user_id     TEXT REFERENCES users(id) ON DELETE CASCADE,
    org_id      TEXT REFERENCES organizations(id),
    email       TEXT NOT NULL,
    role        TEXT,
    created_by  TEXT,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX email_tokens_org ON email_tokens (org_id, purpose);

-- Bearer tokens for the JSON API, per organization, stored hashed.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organizations(id),
    name         TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_by   TEXT NOT NULL REFERENCES users(id),
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_tokens_org ON api_tokens (org_id);

-- Append-only: the code has no UPDATE or DELETE for it.
CREATE TABLE audit_log (
    id          TEXT PRIMARY KEY,
    at          BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    actor_id    TEXT,
    actor_label TEXT NOT NULL,
    org_id      TEXT,
    ip          TEXT NOT NULL DEFAULT '',
    request_id  TEXT NOT NULL DEFAULT '',
    summary     TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_org_at ON audit_log (org_id, at);

-- Mail written in the transaction of the event that causes it, sent by a
-- job. `dedup_key` makes each event send exactly one mail.
CREATE TABLE mail_outbox (
    id              TEXT PRIMARY KEY,
    dedup_key       TEXT NOT NULL UNIQUE,
    to_addr         TEXT NOT NULL,
    to_name         TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    sent_at         BIGINT,
    last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, next_attempt_at);

-- Fixed-window counters (failed logins per account and per IP, password
-- resets, sign-ups, uploads). In the database so every node sees the same
-- count, and incremented atomically with an upsert.
CREATE TABLE rate_limits (
    key          TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    count        INTEGER NOT NULL
);

-- Seller catalog management: spreadsheet imports, mapping profiles, price and
-- stock history, images, visibility and low-stock thresholds.
-- One SQL text for SQLite and PostgreSQL; times are Unix milliseconds.

-- Hidden parts stay in the seller's catalog but are not searchable or
-- orderable; archived parts (status) are retired for good.
ALTER TABLE parts ADD COLUMN visibility TEXT NOT NULL DEFAULT 'public'
    CHECK (visibility IN ('public', 'hidden'));
-- Below or at this stock the part is listed as low on the seller dashboard;
-- 0 turns the warning off.
ALTER TABLE parts ADD COLUMN low_stock_threshold BIGINT NOT NULL DEFAULT 0
    CHECK (low_stock_threshold >= 0);
ALTER TABLE parts ADD COLUMN brand TEXT NOT NULL DEFAULT '';
ALTER TABLE parts ADD COLUMN oem_part_number TEXT NOT NULL DEFAULT '';
CREATE INDEX parts_seller ON parts (seller_id, status);

-- Uploaded files live under <data-dir>/files/<stored_name>; the type is the
-- one read from the content, never the one the browser claimed.
CREATE TABLE files (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organizations(id),
    purpose       TEXT NOT NULL CHECK (purpose IN ('import', 'image', 'payment_proof', 'document')),
    original_name TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    stored_name   TEXT NOT NULL UNIQUE,
    created_by    TEXT REFERENCES users(id),
    created_at    BIGINT NOT NULL
);
CREATE INDEX files_org ON files (org_id, purpose);

-- One spreadsheet import: previewed first (a dry run), then applied by a
-- background job in one transaction. Counts are filled by the preview and
-- replaced by the job's own when it ends.
CREATE TABLE imports (
    id              TEXT PRIMARY KEY,
    seller_id       TEXT NOT NULL REFERENCES organizations(id),
    created_by      TEXT REFERENCES users(id),
    file_id         TEXT NOT NULL REFERENCES files(id),
    file_name       TEXT NOT NULL,
    format          TEXT NOT NULL,
    sheet           TEXT NOT NULL DEFAULT '',
    header_row      BIGINT NOT NULL DEFAULT 0,
    -- JSON array of [column index, field key or null], as confirmed.
    mapping         TEXT NOT NULL DEFAULT '[]',
    scope           TEXT NOT NULL DEFAULT 'everything'
                        CHECK (scope IN ('everything', 'prices', 'stock')),
    missing_parts   TEXT NOT NULL DEFAULT 'keep' CHECK (missing_parts IN ('keep', 'archive')),
    create_models   BOOLEAN NOT NULL DEFAULT FALSE,
    status          TEXT NOT NULL DEFAULT 'previewed'
                        CHECK (status IN ('previewed', 'queued', 'running', 'succeeded',
                                          'failed', 'cancelled')),
    total_rows      BIGINT NOT NULL DEFAULT 0,
    rows_done       BIGINT NOT NULL DEFAULT 0,
    new_count       BIGINT NOT NULL DEFAULT 0,
    updated_count   BIGINT NOT NULL DEFAULT 0,
    unchanged_count BIGINT NOT NULL DEFAULT 0,
    invalid_count   BIGINT NOT NULL DEFAULT 0,
    skipped_count   BIGINT NOT NULL DEFAULT 0,
    archived_count  BIGINT NOT NULL DEFAULT 0,
    warning_count   BIGINT NOT NULL DEFAULT 0,
    -- JSON object of skipped rows by kind: blank, repeated_header, ...
    skipped_detail  TEXT NOT NULL DEFAULT '{}',
    -- JSON: what the preview shows besides counts (sample rows, new
    -- manufacturers and models, defaults, sheet names, detected format).
    preview         TEXT NOT NULL DEFAULT '{}',
    error           TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    queued_at       BIGINT,
    started_at      BIGINT,
    finished_at     BIGINT,
    heartbeat_at    BIGINT
);
CREATE INDEX imports_seller ON imports (seller_id, created_at);
-- At most one import per seller is queued or running: the second confirm
-- fails on this index and is refused with a message.
CREATE UNIQUE INDEX imports_one_active ON imports (seller_id)
    WHERE status IN ('queued', 'running');

-- The problems of the latest preview or run, for the page and the report.
CREATE TABLE import_problems (
    import_id  TEXT NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    seq        BIGINT NOT NULL,
    sheet      TEXT NOT NULL,
    row_number BIGINT NOT NULL,
    column_index BIGINT,
    header     TEXT NOT NULL DEFAULT '',
    value      TEXT NOT NULL DEFAULT '',
    message    TEXT NOT NULL,
    severity   TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
    PRIMARY KEY (import_id, seq)
);

-- A seller's saved column mapping: normalized header → field key ('' means
-- "ignore this column").
CREATE TABLE mapping_profiles (
    seller_id  TEXT NOT NULL REFERENCES organizations(id),
    header     TEXT NOT NULL,
    field      TEXT NOT NULL,
    updated_by TEXT REFERENCES users(id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (seller_id, header)
);

-- Every price change, whoever made it. Append-only.
CREATE TABLE price_history (
    id          TEXT PRIMARY KEY,
    part_id     TEXT NOT NULL REFERENCES parts(id) ON DELETE CASCADE,
    seller_id   TEXT NOT NULL REFERENCES organizations(id),
    old_minor   BIGINT,
    new_minor   BIGINT NOT NULL,
    currency    TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('import', 'edit', 'bulk', 'create')),
    import_id   TEXT REFERENCES imports(id),
    changed_by  TEXT REFERENCES users(id),
    changed_at  BIGINT NOT NULL
);
CREATE INDEX price_history_part ON price_history (part_id, changed_at);

-- Every stock change with its reason. Append-only.
CREATE TABLE stock_history (
    id          TEXT PRIMARY KEY,
    part_id     TEXT NOT NULL REFERENCES parts(id) ON DELETE CASCADE,
    seller_id   TEXT NOT NULL REFERENCES organizations(id),
    old_stock   BIGINT,
    new_stock   BIGINT NOT NULL,
    reason      TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('import', 'adjustment', 'create', 'order')),
    import_id   TEXT REFERENCES imports(id),
    changed_by  TEXT REFERENCES users(id),
    changed_at  BIGINT NOT NULL
);
CREATE INDEX stock_history_part ON stock_history (part_id, changed_at);

-- Pictures of a part: the original is kept re-encoded without metadata, with
-- thumbnails of about 160 and 640 px; all under <data-dir>/files/.
CREATE TABLE part_images (
    id          TEXT PRIMARY KEY,
    part_id     TEXT NOT NULL REFERENCES parts(id) ON DELETE CASCADE,
    seller_id   TEXT NOT NULL REFERENCES organizations(id),
    position    BIGINT NOT NULL DEFAULT 0,
    width       BIGINT NOT NULL,
    height      BIGINT NOT NULL,
    -- Stored names of the three renditions (files under <data-dir>/files/).
    full_name   TEXT NOT NULL,
    large_name  TEXT NOT NULL,
    small_name  TEXT NOT NULL,
    alt_text    TEXT NOT NULL DEFAULT '',
    original_name TEXT NOT NULL,
    created_by  TEXT REFERENCES users(id),
    created_at  BIGINT NOT NULL
);
CREATE INDEX part_images_part ON part_images (part_id, position);

-- The catalog: organizations, equipment, parts and the index outbox.
-- Portable SQL: runs unchanged on SQLite and PostgreSQL.
-- Ids are TEXT (UUIDv7), money is BIGINT minor units + currency,
-- timestamps are BIGINT Unix milliseconds (UTC), flags are BOOLEAN.

CREATE TABLE organizations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('hospital', 'clinic', 'manufacturer', 'supplier',
                    'distributor', 'dealer', 'service_provider', 'platform')),
    city        TEXT NOT NULL DEFAULT '',
    state       TEXT NOT NULL DEFAULT '',
    country     TEXT NOT NULL DEFAULT 'IN',
    verified    BOOLEAN NOT NULL DEFAULT FALSE,
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('pending', 'active', 'suspended')),
    created_at  BIGINT NOT NULL
);

CREATE TABLE equipment_manufacturers (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    country     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE equipment_models (
    id              TEXT PRIMARY KEY,
    manufacturer_id TEXT NOT NULL REFERENCES equipment_manufacturers(id),
    modality        TEXT NOT NULL,
    name            TEXT NOT NULL,
    -- JSON array of other spellings.
    aliases         TEXT NOT NULL DEFAULT '[]',
    UNIQUE (manufacturer_id, name)
);
CREATE INDEX equipment_models_modality ON equipment_models (modality);

CREATE TABLE parts (
    id               TEXT PRIMARY KEY,
    seller_id        TEXT NOT NULL REFERENCES organizations(id),
    part_number      TEXT NOT NULL,
    part_number_norm TEXT NOT NULL,
    name             TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    category         TEXT NOT NULL,
    manufacturer_id  TEXT NOT NULL REFERENCES equipment_manufacturers(id),
    price_minor      BIGINT NOT NULL CHECK (price_minor >= 0),
    currency         TEXT NOT NULL CHECK (currency IN ('INR', 'USD', 'EUR')),
    stock            BIGINT NOT NULL CHECK (stock >= 0),
    lead_time_days   INTEGER NOT NULL CHECK (lead_time_days >= 0),
    moq              INTEGER NOT NULL DEFAULT 1 CHECK (moq >= 1),
    warranty_months  INTEGER NOT NULL DEFAULT 0 CHECK (warranty_months >= 0),
    weight_grams     BIGINT NOT NULL DEFAULT 0 CHECK (weight_grams >= 0),
    dimensions       TEXT NOT NULL DEFAULT '',
    hsn_code         TEXT NOT NULL DEFAULT '',
    gst_rate         INTEGER NOT NULL DEFAULT 18 CHECK (gst_rate IN (0, 5, 12, 18, 28)),
    condition        TEXT NOT NULL DEFAULT 'new' CHECK (condition IN ('new', 'refurbished', 'exchange')),
    status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
    sales            BIGINT NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    UNIQUE (seller_id, part_number_norm)
);
CREATE INDEX parts_norm ON parts (part_number_norm);
CREATE INDEX parts_manufacturer ON parts (manufacturer_id);
CREATE INDEX parts_category ON parts (category);

CREATE TABLE part_compatibility (
    part_id  TEXT NOT NULL REFERENCES parts(id) ON DELETE CASCADE,
    model_id TEXT NOT NULL REFERENCES equipment_models(id),
    PRIMARY KEY (part_id, model_id)
);
CREATE INDEX part_compatibility_model ON part_compatibility (model_id);

-- An old part number replaced by a newer part.
CREATE TABLE part_supersessions (
    old_part_number      TEXT NOT NULL,
    old_part_number_norm TEXT NOT NULL,
    new_part_id          TEXT NOT NULL REFERENCES parts(id) ON DELETE CASCADE,
    note                 TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (old_part_number_norm, new_part_id)
);

-- Written in the same transaction as every catalog change; the index sync
-- task applies rows in seq order and records the last seq it applied.
CREATE TABLE index_outbox (
    seq        BIGINT PRIMARY KEY,
    part_id    TEXT NOT NULL,
    op         TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
    created_at BIGINT NOT NULL
);

-- Gap-free counters (outbox sequence now; document numbers later).
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('index_outbox', 0);

-- The cart, the address book, and the organization settings that price a
-- cart: a buyer's approval threshold, a seller's shipping rules, GST place
-- and bank details, and the net terms a seller grants a buyer.
-- One SQL text for SQLite and PostgreSQL; times are Unix milliseconds.

-- One line per part in a user's cart. The cart belongs to the user (it
-- survives logout and follows them to any device); `org_id` is the user's
-- organization when the line was added, so a user moved to another
-- organization does not carry lines across. The price and currency seen
-- when the line was added are kept to tell the buyer when they changed.
CREATE TABLE cart_lines (
    id                 TEXT PRIMARY KEY,
    user_id            TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    org_id             TEXT NOT NULL REFERENCES organizations(id),
    part_id            TEXT NOT NULL REFERENCES parts(id),
    quantity           INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 999),
    saved_for_later    BOOLEAN NOT NULL DEFAULT FALSE,
    price_minor_at_add BIGINT NOT NULL CHECK (price_minor_at_add >= 0),
    currency_at_add    TEXT NOT NULL,
    added_at           BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    UNIQUE (user_id, part_id)
);
CREATE INDEX cart_lines_user ON cart_lines (user_id, saved_for_later);

-- An organization's billing and shipping addresses. `state_code` is the GST
-- state code in India (it gives the place of supply), a region code
-- elsewhere. Orders copy the address they ship to, so editing or deleting
-- one never rewrites history.
CREATE TABLE addresses (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organizations(id),
    kind         TEXT NOT NULL CHECK (kind IN ('billing', 'shipping')),
    label        TEXT NOT NULL DEFAULT '',
    contact_name TEXT NOT NULL,
    phone        TEXT NOT NULL DEFAULT '',
    line1        TEXT NOT NULL,
    line2        TEXT NOT NULL DEFAULT '',
    city         TEXT NOT NULL,
    state_code   TEXT NOT NULL DEFAULT '',
    postal_code  TEXT NOT NULL,
    country      TEXT NOT NULL DEFAULT 'IN',
    gstin        TEXT NOT NULL DEFAULT '',
    is_default   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX addresses_org ON addresses (org_id, kind);
CREATE UNIQUE INDEX addresses_one_default ON addresses (org_id, kind) WHERE is_default;

-- A buying organization's purchasing rules: orders above the threshold
-- (in its currency) wait for an approver. NULL: no approval needed.
CREATE TABLE buyer_settings (
    org_id                   TEXT PRIMARY KEY REFERENCES organizations(id),
    approval_threshold_minor BIGINT CHECK (approval_threshold_minor >= 0),
    currency                 TEXT NOT NULL DEFAULT 'INR',
    updated_at               BIGINT NOT NULL
);

-- A selling organization's checkout settings. `shipping_rules` is the JSON
-- of `domain::shipping::ShippingRules` ('' means the defaults); the GST
-- state code and GSTIN decide CGST+SGST or IGST; bank details are shown on
-- bank-transfer orders.
CREATE TABLE seller_settings (
    org_id              TEXT PRIMARY KEY REFERENCES organizations(id),
    shipping_rules      TEXT NOT NULL DEFAULT '',
    state_code          TEXT NOT NULL DEFAULT '',
    gstin               TEXT NOT NULL DEFAULT '',
    bank_account_name   TEXT NOT NULL DEFAULT '',
    bank_account_number TEXT NOT NULL DEFAULT '',
    bank_ifsc           TEXT NOT NULL DEFAULT '',
    bank_swift          TEXT NOT NULL DEFAULT '',
    bank_name           TEXT NOT NULL DEFAULT '',
    updated_at          BIGINT NOT NULL
);

-- Net payment terms and a credit limit a seller grants one buyer.
CREATE TABLE credit_terms (
    seller_id          TEXT NOT NULL REFERENCES organizations(id),
    buyer_id           TEXT NOT NULL REFERENCES organizations(id),
    net_days           INTEGER NOT NULL CHECK (net_days BETWEEN 1 AND 180),
    credit_limit_minor BIGINT NOT NULL CHECK (credit_limit_minor >= 0),
    currency           TEXT NOT NULL DEFAULT 'INR',
    granted_by         TEXT REFERENCES users(id),
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    PRIMARY KEY (seller_id, buyer_id)
);

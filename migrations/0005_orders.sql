-- Checkout and orders: a checkout (the one-time key every step carries)
-- becomes one order per seller, each with its lines, an append-only status
-- history, payment proofs, a message thread, and the notifications it
-- causes. One SQL text for SQLite and PostgreSQL; times are Unix
-- milliseconds, calendar days are 'YYYY-MM-DD' text.

-- A checkout in progress, then placed. The id is the one-time key: placing
-- flips `status` from 'draft' to 'placed' with a conditional update, so a
-- double click, a second tab or a replay finds it placed and is shown the
-- same orders. `choices` is JSON: per seller, the shipping option and the
-- payment method.
CREATE TABLE checkouts (
    id                  TEXT PRIMARY KEY,
    user_id             TEXT NOT NULL REFERENCES users(id),
    org_id              TEXT NOT NULL REFERENCES organizations(id),
    status              TEXT NOT NULL CHECK (status IN ('draft', 'placed')),
    reference           TEXT UNIQUE,
    shipping_address_id TEXT,
    billing_address_id  TEXT,
    choices             TEXT NOT NULL DEFAULT '{}',
    po_number           TEXT NOT NULL DEFAULT '',
    notes               TEXT NOT NULL DEFAULT '',
    required_by         TEXT NOT NULL DEFAULT '',
    ticket_ref          TEXT NOT NULL DEFAULT '',
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    placed_at           BIGINT
);
CREATE INDEX checkouts_user ON checkouts (user_id, status);

-- One seller's share of a checkout. Numbers run per seller and year
-- (SO-2026-000123), from the counters row 'order:<seller id>:<year>'. Addresses, names and prices are copied
-- in, so editing the address book or the catalog never rewrites an order.
-- `version` goes up with every status move: a move applies only to the
-- status it was decided from, so of two conflicting moves exactly one wins.
CREATE TABLE orders (
    id                  TEXT PRIMARY KEY,
    number              TEXT NOT NULL,
    checkout_id         TEXT NOT NULL REFERENCES checkouts(id),
    buyer_org_id        TEXT NOT NULL REFERENCES organizations(id),
    seller_org_id       TEXT NOT NULL REFERENCES organizations(id),
    placed_by           TEXT NOT NULL REFERENCES users(id),
    status              TEXT NOT NULL,
    version             BIGINT NOT NULL DEFAULT 1,
    payment_method      TEXT NOT NULL CHECK (payment_method IN ('bank_transfer', 'net_terms')),
    currency            TEXT NOT NULL,
    subtotal_minor      BIGINT NOT NULL CHECK (subtotal_minor >= 0),
    shipping_minor      BIGINT NOT NULL CHECK (shipping_minor >= 0),
    tax_minor           BIGINT NOT NULL CHECK (tax_minor >= 0),
    total_minor         BIGINT NOT NULL CHECK (total_minor >= 0),
    tax_note            TEXT NOT NULL DEFAULT '',
    -- JSON list of {"label": "CGST 9%", "taxable_minor": .., "amount_minor": ..}.
    tax_breakdown       TEXT NOT NULL DEFAULT '[]',
    shipping_option     TEXT NOT NULL CHECK (shipping_option IN ('standard', 'express')),
    transit_days        INTEGER NOT NULL DEFAULT 0,
    estimated_delivery  TEXT NOT NULL DEFAULT '',
    ship_to             TEXT NOT NULL,
    ship_to_state       TEXT NOT NULL DEFAULT '',
    ship_to_country     TEXT NOT NULL DEFAULT 'IN',
    bill_to             TEXT NOT NULL DEFAULT '',
    buyer_gstin         TEXT NOT NULL DEFAULT '',
    seller_gstin        TEXT NOT NULL DEFAULT '',
    po_number           TEXT NOT NULL DEFAULT '',
    notes               TEXT NOT NULL DEFAULT '',
    required_by         TEXT NOT NULL DEFAULT '',
    ticket_ref          TEXT NOT NULL DEFAULT '',
    net_days            INTEGER,
    due_date            TEXT NOT NULL DEFAULT '',
    carrier             TEXT NOT NULL DEFAULT '',
    tracking_number     TEXT NOT NULL DEFAULT '',
    tracking_link       TEXT NOT NULL DEFAULT '',
    payment_verified_by TEXT REFERENCES users(id),
    payment_verified_at BIGINT,
    refund_due_minor    BIGINT NOT NULL DEFAULT 0,
    placed_at           BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    UNIQUE (seller_org_id, number),
    UNIQUE (checkout_id, seller_org_id)
);
CREATE INDEX orders_buyer ON orders (buyer_org_id, placed_at);
CREATE INDEX orders_seller ON orders (seller_org_id, status, placed_at);

CREATE TABLE order_lines (
    id               TEXT PRIMARY KEY,
    order_id         TEXT NOT NULL REFERENCES orders(id),
    line_no          INTEGER NOT NULL,
    part_id          TEXT NOT NULL REFERENCES parts(id),
    part_number      TEXT NOT NULL,
    name             TEXT NOT NULL,
    hsn_code         TEXT NOT NULL DEFAULT '',
    quantity         INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 999),
    unit_price_minor BIGINT NOT NULL CHECK (unit_price_minor >= 0),
    discount_minor   BIGINT NOT NULL DEFAULT 0 CHECK (discount_minor >= 0),
    taxable_minor    BIGINT NOT NULL,
    gst_rate         INTEGER NOT NULL DEFAULT 0,
    tax_minor        BIGINT NOT NULL,
    -- "CGST 9% + SGST 9%", as the review and documents print it.
    tax_label        TEXT NOT NULL DEFAULT '',
    total_minor      BIGINT NOT NULL,
    UNIQUE (order_id, line_no)
);

-- Append-only: one row per status change, in the transaction that made it.
-- The first row of an order has no `from_status` (placement).
CREATE TABLE order_status_history (
    id           TEXT PRIMARY KEY,
    order_id     TEXT NOT NULL REFERENCES orders(id),
    from_status  TEXT,
    to_status    TEXT NOT NULL,
    action       TEXT NOT NULL,
    actor_id     TEXT REFERENCES users(id),
    actor_org_id TEXT REFERENCES organizations(id),
    note         TEXT NOT NULL DEFAULT '',
    at           BIGINT NOT NULL
);
CREATE INDEX order_status_history_order ON order_status_history (order_id, at);

-- Bank-transfer proofs. The newest row is the current proof; replaced ones
-- stay for the record.
CREATE TABLE payment_proofs (
    id          TEXT PRIMARY KEY,
    order_id    TEXT NOT NULL REFERENCES orders(id),
    file_id     TEXT NOT NULL REFERENCES files(id),
    uploaded_by TEXT NOT NULL REFERENCES users(id),
    uploaded_at BIGINT NOT NULL
);
CREATE INDEX payment_proofs_order ON payment_proofs (order_id, uploaded_at);

-- The thread between the buying and the selling organization on one order.
CREATE TABLE order_messages (
    id         TEXT PRIMARY KEY,
    order_id   TEXT NOT NULL REFERENCES orders(id),
    author_id  TEXT NOT NULL REFERENCES users(id),
    org_id     TEXT NOT NULL REFERENCES organizations(id),
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX order_messages_order ON order_messages (order_id, created_at);

-- In-app notifications; the header shows the unread count.
CREATE TABLE notifications (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    order_id   TEXT REFERENCES orders(id),
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    link       TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    read_at    BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, read_at, created_at);

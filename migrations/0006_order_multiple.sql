-- Order multiples: a part sold in packs of 10 can only be ordered 10, 20,
-- 30... at a time. 1 means any whole quantity, which is what every part
-- listed before this column allowed. One SQL text for SQLite and PostgreSQL.
--
-- A cart line holds at most 999 units, so a larger multiple could never be
-- ordered; the importer and the part form refuse it, and so does this.
ALTER TABLE parts ADD COLUMN order_multiple INTEGER NOT NULL DEFAULT 1
    CHECK (order_multiple BETWEEN 1 AND 999);

-- The rate table for sales not taxed under Indian GST: sales tax or VAT by
-- destination (domain::tax::TaxTable), set by platform administrators at
-- /admin/tax-rates. One SQL text for SQLite and PostgreSQL.
--
-- One row per place. `region` is '' for a country-wide row rather than
-- NULL: NULLs are never equal in a UNIQUE constraint on either engine, so
-- two NULL-region rows for one country would both be accepted.
--
-- The checks hold the same rules as TaxTable::from_rows (codes uppercase,
-- only sales tax and VAT, 0 to 100 %), so a row that would stop the table
-- loading cannot be written, not even by hand. `ltrim(x, chars)` is ''
-- exactly when x is made of those characters, on both engines, whatever
-- the collation.
--
-- `rate_ppm` is the rate in millionths of the taxable value: 7.25 % is
-- 72500. An integer holds every rate with up to 4 decimals of a percent
-- exactly, which a float would not.
--
-- `updated_at` and `updated_by` are NULL on the starter rows below until an
-- administrator changes them.
CREATE TABLE tax_rates (
    country    TEXT NOT NULL CHECK (length(country) = 2
                   AND ltrim(country, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') = ''),
    region     TEXT NOT NULL DEFAULT '' CHECK (length(region) <= 3
                   AND ltrim(region, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789') = ''),
    kind       TEXT NOT NULL CHECK (kind IN ('sales_tax', 'vat')),
    rate_ppm   BIGINT NOT NULL CHECK (rate_ppm >= 0 AND rate_ppm <= 1000000),
    updated_at BIGINT,
    updated_by TEXT REFERENCES users(id),
    PRIMARY KEY (country, region)
);

-- The starter rows: the same as the code's TaxTable::default() (a test
-- compares them). US figures are state base rates without local taxes; EU
-- figures are standard VAT rates.
INSERT INTO tax_rates (country, region, kind, rate_ppm) VALUES
    ('US', 'CA', 'sales_tax', 72500),
    ('US', 'NY', 'sales_tax', 40000),
    ('US', 'TX', 'sales_tax', 62500),
    ('US', 'OR', 'sales_tax', 0),
    ('DE', '', 'vat', 190000),
    ('FR', '', 'vat', 200000),
    ('NL', '', 'vat', 210000),
    ('IE', '', 'vat', 230000),
    ('IT', '', 'vat', 220000),
    ('ES', '', 'vat', 210000);

-- Up Migration
-- A take carries the work it still has to do (a slash command's answer, the
-- weekly digest) and a lease its holder renews (as SQLite's migration 7): if
-- the holder dies, another replica claims the work and does it once.
ALTER TABLE delivery ADD COLUMN owner TEXT;
ALTER TABLE delivery ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE delivery ADD COLUMN kind TEXT;
ALTER TABLE delivery ADD COLUMN work TEXT;
UPDATE delivery SET lease_until = at + 30000;
CREATE INDEX delivery_pending ON delivery (lease_until) WHERE NOT done AND kind IS NOT NULL;

-- Down Migration
DROP INDEX delivery_pending;
ALTER TABLE delivery DROP COLUMN work;
ALTER TABLE delivery DROP COLUMN kind;
ALTER TABLE delivery DROP COLUMN lease_until;
ALTER TABLE delivery DROP COLUMN owner;

-- Up Migration
-- One vote per person per answer (as SQLite's migration 5): keep each
-- person's latest vote; the unique key makes a later vote replace it.
DELETE FROM usage_vote WHERE id NOT IN (SELECT MAX(id) FROM usage_vote GROUP BY platform, user_hash, section_id, question);
CREATE UNIQUE INDEX usage_vote_one_per_person ON usage_vote (platform, user_hash, section_id, question);

-- Down Migration
DROP INDEX usage_vote_one_per_person;

-- When the policy last decided a delivery: the moment a queued message counts as a contact
-- (next_attempt_at is rewritten when the sender claims it).
ALTER TABLE delivery ADD COLUMN decided_at timestamptz;
UPDATE delivery SET decided_at = created_at WHERE decided_at IS NULL;

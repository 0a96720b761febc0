-- The sender looks for messages left 'sending' by a crashed replica in every round: an index keeps
-- that look from scanning every delivery ever made.
CREATE INDEX delivery_sending ON delivery (next_attempt_at) WHERE status = 'sending';

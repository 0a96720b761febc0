-- Interactions keyed by an identity's provisional id (interaction-service did not know the
-- identity yet) are attributed to the customer whose profile has the identity: looked up by
-- containment in the snapshot's identities.
CREATE INDEX customer_identities ON customer USING gin ((snapshot -> 'identities') jsonb_path_ops);

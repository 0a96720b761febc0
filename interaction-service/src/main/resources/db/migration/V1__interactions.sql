-- Every touch point, inbound and outbound, once.

CREATE TABLE interaction (
    id               uuid PRIMARY KEY,
    client_event_id  text          NOT NULL,
    customer_id      uuid          NOT NULL,
    identity_type    text,
    identity_value   text,
    channel          text          NOT NULL,
    direction        text          NOT NULL,
    type             text          NOT NULL,
    occurred_at      timestamptz   NOT NULL,
    recorded_at      timestamptz   NOT NULL,
    campaign_id      uuid,
    message_id       uuid,
    variant          text,
    amount           numeric(19,4),
    currency         text,
    details          jsonb         NOT NULL,
    -- resending an event with the same client id records nothing
    CONSTRAINT interaction_client_event UNIQUE (client_event_id)
);
-- the timeline: newest first, keyset-paginated
CREATE INDEX interaction_timeline ON interaction (customer_id, occurred_at DESC, id DESC);
CREATE INDEX interaction_campaign ON interaction (campaign_id, occurred_at) WHERE campaign_id IS NOT NULL;
CREATE INDEX interaction_occurred ON interaction (occurred_at);

-- Projection of profile events: which customer an identity belongs to.
CREATE TABLE known_identity (
    type         text NOT NULL,
    value        text NOT NULL,
    customer_id  uuid NOT NULL,
    PRIMARY KEY (type, value)
);
CREATE INDEX known_identity_customer ON known_identity (customer_id);

-- Projection of profile merges: a merged id resolves to its survivor.
CREATE TABLE merged_customer (
    merged_id    uuid PRIMARY KEY,
    survivor_id  uuid NOT NULL
);
CREATE INDEX merged_customer_survivor ON merged_customer (survivor_id);

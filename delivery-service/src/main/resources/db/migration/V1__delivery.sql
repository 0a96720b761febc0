-- What delivery-service knows about customers, from profile and interaction events.
CREATE TABLE customer_facts (
    customer_id  uuid PRIMARY KEY,
    revision     bigint      NOT NULL,
    snapshot     jsonb       NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE TABLE campaign_response (
    customer_id  uuid NOT NULL,
    campaign_id  uuid NOT NULL,
    PRIMARY KEY (customer_id, campaign_id)
);

-- One row per delivery request: its decision and its state on the way out.
CREATE TABLE delivery (
    message_id         uuid PRIMARY KEY,
    request_id         uuid        NOT NULL UNIQUE,
    customer_id        uuid        NOT NULL,
    campaign_id        uuid,
    campaign_version   integer,
    variant            text,
    offer_id           text,
    category           text        NOT NULL,
    priority           integer     NOT NULL,
    -- allowed and preferred channels and the content per channel, as requested
    spec               jsonb       NOT NULL,
    not_before         timestamptz,
    expires_at         timestamptz,
    channel            text,
    decision           text        NOT NULL,
    reason             text,
    -- deferred -> queued -> sending -> sent | failed; or suppressed
    status             text        NOT NULL,
    attempts           integer     NOT NULL,
    next_attempt_at    timestamptz,
    sent_at            timestamptz,
    created_at         timestamptz NOT NULL
);
CREATE INDEX delivery_customer ON delivery (customer_id, created_at);
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status IN ('deferred', 'queued');

-- THE conversation: one append-only, ordered log per customer.
CREATE TABLE conversation_entry (
    seq            bigserial PRIMARY KEY,
    customer_id    uuid        NOT NULL,
    kind           text        NOT NULL,
    message_id     uuid,
    request_id     uuid,
    channel        text,
    campaign_id    uuid,
    offer_id       text,
    variant        text,
    category       text,
    decision       text,
    reason         text,
    deferred_until timestamptz,
    detail         jsonb,
    at             timestamptz NOT NULL
);
CREATE INDEX conversation_customer ON conversation_entry (customer_id, seq);

CREATE TABLE contact_policy (
    id          integer PRIMARY KEY,
    policy      jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- Messages for the web/app inbox, the call-center queue and the daily print batch.
CREATE TABLE channel_item (
    message_id   uuid PRIMARY KEY,
    customer_id  uuid        NOT NULL,
    channel      text        NOT NULL,
    subject      text,
    body         text,
    recipient    jsonb,
    created_at   timestamptz NOT NULL
);
CREATE INDEX channel_item_customer ON channel_item (customer_id, channel, created_at);
CREATE INDEX channel_item_channel ON channel_item (channel, created_at);

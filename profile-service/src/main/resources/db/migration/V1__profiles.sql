-- Profiles and everything profile-service knows about a customer.

CREATE TABLE profile (
    id              uuid PRIMARY KEY,
    revision        bigint      NOT NULL,
    title           text,
    given_name      text,
    family_name     text,
    address         jsonb,
    time_zone       text        NOT NULL,
    locale          text,
    traits          jsonb       NOT NULL,
    life_facts      jsonb,
    preferences     jsonb,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

-- One identity belongs to one profile: (type, value) is unique.
CREATE TABLE profile_identity (
    id              uuid PRIMARY KEY,
    customer_id     uuid        NOT NULL REFERENCES profile (id),
    type            text        NOT NULL,
    value           text        NOT NULL,
    valid           boolean     NOT NULL,
    invalid_reason  text,
    added_at        timestamptz NOT NULL,
    CONSTRAINT profile_identity_unique UNIQUE (type, value)
);
CREATE INDEX profile_identity_customer ON profile_identity (customer_id);

-- Append-only audit trail; the current state of a channel and purpose is its latest row.
CREATE TABLE consent_record (
    id              bigserial PRIMARY KEY,
    customer_id     uuid        NOT NULL,
    channel         text        NOT NULL,
    purpose         text        NOT NULL,
    status          text        NOT NULL,
    source          text        NOT NULL,
    proof           text,
    recorded_at     timestamptz NOT NULL
);
CREATE INDEX consent_record_customer ON consent_record (customer_id, channel, purpose, id);

-- Every purchase counted once, by the interaction that reported it.
CREATE TABLE purchase (
    interaction_id  uuid PRIMARY KEY,
    customer_id     uuid          NOT NULL,
    amount          numeric(19,4) NOT NULL,
    currency        text,
    occurred_at     timestamptz   NOT NULL
);
CREATE INDEX purchase_customer ON purchase (customer_id);

CREATE TABLE customer_value (
    customer_id             uuid PRIMARY KEY,
    order_count             integer       NOT NULL,
    revenue                 numeric(19,4) NOT NULL,
    average_order           numeric(19,4) NOT NULL,
    currency                text,
    first_purchase_at       timestamptz,
    last_purchase_at        timestamptz,
    recency_score           integer       NOT NULL,
    frequency_score         integer       NOT NULL,
    monetary_score          integer       NOT NULL,
    tier                    text          NOT NULL,
    lifecycle               text          NOT NULL,
    expected_lifetime_value numeric(19,4) NOT NULL,
    updated_at              timestamptz   NOT NULL
);
CREATE INDEX customer_value_revenue ON customer_value (revenue DESC) WHERE order_count > 0;

-- A merged profile's id keeps resolving to its survivor.
CREATE TABLE merged_profile (
    merged_id       uuid PRIMARY KEY,
    survivor_id     uuid        NOT NULL,
    merged_at       timestamptz NOT NULL
);
CREATE INDEX merged_profile_survivor ON merged_profile (survivor_id);

-- Ids of erased customers (no personal data): late events never bring them back.
CREATE TABLE erased_profile (
    customer_id     uuid PRIMARY KEY,
    erased_at       timestamptz NOT NULL
);

-- Tables of the shared reliable-messaging module (rapport-messaging), in every service's database.
-- A repeatable migration with idempotent DDL: Flyway applies it after the service's own versioned
-- migrations and again whenever this file changes, so the module evolves without colliding with
-- any service's version numbers.

-- Events committed with a change, waiting for the relay to publish them to Kafka.
-- seq orders publication; a row is deleted once Kafka has acknowledged it.
CREATE TABLE IF NOT EXISTS rapport_outbox (
    id          uuid        PRIMARY KEY,
    seq         bigserial   NOT NULL,
    topic       text        NOT NULL,
    message_key text        NOT NULL,
    event_type  text        NOT NULL,
    payload     text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS rapport_outbox_seq_idx ON rapport_outbox (seq);

-- Event ids each consumer has applied, written in the same transaction as the effect.
CREATE TABLE IF NOT EXISTS rapport_processed_event (
    consumer     text        NOT NULL,
    event_id     text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX IF NOT EXISTS rapport_processed_event_age_idx ON rapport_processed_event (processed_at);

-- Customers erased from this service, by a one-way hash of every id they were known by (the first
-- 16 bytes of SHA-256 over 'rapport:erased:<id>'): an event about one of them arriving after the
-- erasure is recorded as processed but not applied.
CREATE TABLE IF NOT EXISTS rapport_erased_customer (
    id_hash   uuid        PRIMARY KEY,
    erased_at timestamptz NOT NULL DEFAULT now()
);

-- What campaign-service knows about customers, from profile and interaction events.
CREATE TABLE customer (
    customer_id     uuid PRIMARY KEY,
    revision        bigint        NOT NULL,
    snapshot        jsonb,
    order_count     integer       NOT NULL,
    revenue         numeric(19,4) NOT NULL,
    last_visits     jsonb         NOT NULL,
    updated_at      timestamptz   NOT NULL
);

CREATE TABLE customer_purchase (
    interaction_id  uuid PRIMARY KEY,
    customer_id     uuid          NOT NULL,
    occurred_at     timestamptz   NOT NULL,
    categories      jsonb         NOT NULL,
    amount          numeric(19,4)
);
CREATE INDEX customer_purchase_customer ON customer_purchase (customer_id, occurred_at);

CREATE TABLE segment (
    id           uuid PRIMARY KEY,
    name         text        NOT NULL,
    description  text,
    rule         jsonb       NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

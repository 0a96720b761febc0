CREATE TABLE campaign (
    id            uuid PRIMARY KEY,
    name          text        NOT NULL,
    status        text        NOT NULL,
    version       integer     NOT NULL,
    spec          jsonb       NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

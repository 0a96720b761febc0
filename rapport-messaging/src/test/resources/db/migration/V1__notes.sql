CREATE TABLE note (
    id          uuid PRIMARY KEY,
    customer_id uuid NOT NULL,
    text        text NOT NULL
);

-- what the test consumer applied: one row per application, so a double application shows
CREATE TABLE note_effect (
    id          bigserial PRIMARY KEY,
    event_id    text NOT NULL,
    customer_id uuid NOT NULL
);

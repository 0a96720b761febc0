-- Segment membership kept current from events (and re-evaluated for time-based conditions).
CREATE TABLE segment_member (
    segment_id   uuid        NOT NULL,
    customer_id  uuid        NOT NULL,
    since        timestamptz NOT NULL,
    PRIMARY KEY (segment_id, customer_id)
);
CREATE INDEX segment_member_customer ON segment_member (customer_id);

-- Every entry of a customer into a campaign: a delivery request, or a holdout that receives
-- nothing. The request id is deterministic, so a redelivered trigger finds its row. After an
-- erasure customer_id is null and the row only counts in results.
CREATE TABLE campaign_request (
    request_id        uuid PRIMARY KEY,
    campaign_id       uuid        NOT NULL,
    campaign_version  integer     NOT NULL,
    customer_id       uuid,
    variant           text        NOT NULL,
    holdout           boolean     NOT NULL,
    offer_id          text,
    requested_at      timestamptz NOT NULL,
    message_id        uuid,
    decision          text,
    sent_at           timestamptz,
    delivered_at      timestamptz,
    opened_at         timestamptz,
    clicked_at        timestamptz,
    converted_at      timestamptz
);
CREATE INDEX campaign_request_entry ON campaign_request (campaign_id, customer_id, requested_at);
CREATE INDEX campaign_request_customer ON campaign_request (customer_id);
CREATE INDEX campaign_request_message ON campaign_request (message_id);

-- Redemptions of a campaign's offers, counted against their budgets.
CREATE TABLE offer_redemption (
    campaign_id     uuid NOT NULL,
    offer_id        text NOT NULL,
    interaction_id  uuid NOT NULL,
    PRIMARY KEY (campaign_id, interaction_id)
);
CREATE INDEX offer_redemption_offer ON offer_redemption (campaign_id, offer_id);

-- Runs of scheduled and inactivity audiences: where a run has got to, so a restart resumes it.
CREATE TABLE audience_run (
    campaign_id     uuid        NOT NULL,
    occurrence      text        NOT NULL,
    after_customer  uuid,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    entered         integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, occurrence)
);

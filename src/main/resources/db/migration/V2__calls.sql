-- One row per call that reached a queue (or ended in the IVR), written once when the call ends.
CREATE TABLE calls (
    linkedid        text        PRIMARY KEY,
    caller_number   text,
    customer_id     bigint      REFERENCES customers (id) ON DELETE SET NULL,
    queue           text,
    priority        integer     NOT NULL DEFAULT 0,
    tier            text,
    route_reason    text,
    ivr             text,
    entered_at      timestamptz NOT NULL,
    answered_at     timestamptz,
    ended_at        timestamptz NOT NULL,
    agent_id        bigint      REFERENCES agents (id) ON DELETE SET NULL,
    agent_interface text,
    outcome         text        NOT NULL
        CHECK (outcome IN ('answered', 'abandoned', 'no_answer', 'ended_in_ivr', 'lost')),
    wait_ms         bigint      NOT NULL DEFAULT 0,
    talk_ms         bigint      NOT NULL DEFAULT 0,
    missed_rings    integer     NOT NULL DEFAULT 0
);
CREATE INDEX calls_entered_idx ON calls (entered_at);
CREATE INDEX calls_queue_entered_idx ON calls (queue, entered_at);
CREATE INDEX calls_customer_idx ON calls (customer_id, entered_at DESC);
CREATE INDEX calls_agent_idx ON calls (agent_id, entered_at DESC);

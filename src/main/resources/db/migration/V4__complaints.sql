-- Complaints: every one logged, owned, answered within its SLA and followed up.
-- Due times live in columns (not only in Redis) so the sweeper, the board and routing read them
-- with an index instead of replaying the audit trail.
CREATE TABLE complaints (
    id                     bigserial PRIMARY KEY,
    customer_id            bigint      NOT NULL REFERENCES customers (id),
    linkedid               text,
    category               text        NOT NULL,
    severity               text        NOT NULL CHECK (severity IN ('critical', 'high', 'normal', 'low')),
    subject                text        NOT NULL,
    description            text        NOT NULL,
    status                 text        NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'acknowledged', 'in_progress', 'waiting_customer', 'resolved', 'closed')),
    owner_id               bigint REFERENCES agents (id) ON DELETE SET NULL,
    tier                   text,
    -- the promise made at opening: targets already scaled for the tier, and the calendar they count on
    policy                 text        NOT NULL,
    first_response_target_s integer    NOT NULL CHECK (first_response_target_s > 0),
    resolution_target_s    integer     NOT NULL CHECK (resolution_target_s > 0),
    calendar               text        NOT NULL,
    opened_at              timestamptz NOT NULL,
    first_response_due     timestamptz NOT NULL,
    resolution_due         timestamptz,          -- null while paused short of the target
    at_risk_at             timestamptz,          -- when the SLA state turns at risk in the current status
    breach_at              timestamptz,          -- when it turns breached (time to breach); once finished, set only if it was
    next_escalation_at     timestamptz,          -- the next level the sweeper must fire; null = none
    escalation_dues        timestamptz[] NOT NULL DEFAULT '{}', -- due time of each level (index = level - 1)
    first_responded_at     timestamptz,
    resolved_at            timestamptz,
    closed_at              timestamptz,
    paused_s               bigint      NOT NULL DEFAULT 0,
    paused_since           timestamptz,
    escalation_level       integer     NOT NULL DEFAULT 0,
    satisfaction           smallint CHECK (satisfaction BETWEEN 1 AND 5),
    follow_up_due          timestamptz,
    updated_at             timestamptz NOT NULL
);
-- The sweeper's only query on PostgreSQL: what is due now.
CREATE INDEX complaints_next_escalation_idx ON complaints (next_escalation_at) WHERE next_escalation_at IS NOT NULL;
CREATE INDEX complaints_open_by_breach_idx ON complaints (breach_at) WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX complaints_customer_open_idx ON complaints (customer_id) WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX complaints_customer_idx ON complaints (customer_id, opened_at DESC);
CREATE INDEX complaints_owner_idx ON complaints (owner_id, status);
CREATE INDEX complaints_follow_up_idx ON complaints (follow_up_due) WHERE status = 'resolved';

-- The audit trail: who did what, when, from which status to which. Rows are only ever added.
CREATE TABLE complaint_events (
    id           bigserial PRIMARY KEY,
    complaint_id bigint      NOT NULL REFERENCES complaints (id),
    at           timestamptz NOT NULL,
    actor_id     bigint REFERENCES agents (id),
    actor        text        NOT NULL,           -- username, or 'system' for the sweeper
    kind         text        NOT NULL CHECK (kind IN ('created', 'transition', 'assign', 'escalation', 'repeat-call', 'follow-up')),
    from_status  text,
    to_status    text,
    note         text,
    level        integer,
    linkedid     text
);
CREATE INDEX complaint_events_complaint_idx ON complaint_events (complaint_id, id);
-- Each escalation level is fired once per complaint, whichever node's sweeper gets there first.
CREATE UNIQUE INDEX complaint_events_level_once ON complaint_events (complaint_id, level) WHERE kind = 'escalation';
-- A repeat call escalates once, however often the call's events are replayed.
CREATE UNIQUE INDEX complaint_events_repeat_call_once ON complaint_events (linkedid) WHERE kind = 'repeat-call';

-- An audit trail that can be edited is not one: refuse UPDATE and DELETE of its rows for every role.
-- TRUNCATE stays possible on purpose: wiping a whole database (TRUNCATE customers CASCADE in tests and
-- resets) is an operator's act, not an edit of one complaint's history.
CREATE FUNCTION complaint_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'complaint_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER complaint_events_no_change BEFORE UPDATE OR DELETE ON complaint_events
    FOR EACH ROW EXECUTE FUNCTION complaint_events_append_only();

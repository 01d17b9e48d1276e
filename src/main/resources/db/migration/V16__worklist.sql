-- The agent's work list: callbacks dialled once at a time, retried with back-off and expiring; every click-to-call
-- attempt with its outcome; the account managers' items.

-- A callback is claimed ('dialling') by the agent who calls it, so two agents or nodes never dial it together; an
-- unanswered attempt puts it back ('pending') until next_attempt_at; after the last allowed attempt it is 'failed',
-- and one left too long is 'expired'.
ALTER TABLE callbacks DROP CONSTRAINT callbacks_status_check;
ALTER TABLE callbacks ADD CONSTRAINT callbacks_status_check
    CHECK (status IN ('pending', 'dialling', 'done', 'failed', 'expired'));
-- queue: where the caller would have waited; its agents see the request (null for requests made before this).
ALTER TABLE callbacks
    ADD COLUMN queue           text,
    ADD COLUMN attempts        integer     NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at timestamptz,
    ADD COLUMN claimed_by      bigint      REFERENCES agents (id) ON DELETE SET NULL,
    ADD COLUMN claimed_at      timestamptz,
    ADD COLUMN last_attempt_at timestamptz,
    ADD COLUMN last_outcome    text,
    ADD COLUMN last_reason     text;
-- One open request per number: one being dialled still stands for the caller's place in the line.
DROP INDEX callbacks_one_pending;
CREATE UNIQUE INDEX callbacks_one_open ON callbacks (caller_number) WHERE status IN ('pending', 'dialling');
DROP INDEX callbacks_pending_order;
CREATE INDEX callbacks_open_order ON callbacks (priority DESC, requested_at) WHERE status IN ('pending', 'dialling');
-- The work list also shows the callbacks attempted in the last hours, with their outcome.
CREATE INDEX callbacks_last_attempt_idx ON callbacks (last_attempt_at) WHERE last_attempt_at IS NOT NULL;

-- Every click-to-call placed from the work list, the pop or the 360° page, and how it ended. The id is the
-- Originate's ActionID.
CREATE TABLE call_attempts (
    id           text        PRIMARY KEY,
    agent_id     bigint      REFERENCES agents (id) ON DELETE SET NULL,
    number       text        NOT NULL,
    customer_id  bigint      REFERENCES customers (id) ON DELETE SET NULL,
    callback_id  bigint      REFERENCES callbacks (id) ON DELETE SET NULL,
    complaint_id bigint      REFERENCES complaints (id) ON DELETE SET NULL,
    item_id      bigint,
    started_at   timestamptz NOT NULL,
    stage        text        NOT NULL CHECK (stage IN ('ringing', 'answered', 'connected', 'failed')),
    outcome      text        CHECK (outcome IN ('connected', 'no_answer', 'busy', 'failed', 'agent_unreachable')),
    reason       text,
    settled_at   timestamptz
);
CREATE INDEX call_attempts_callback_idx ON call_attempts (callback_id, started_at DESC) WHERE callback_id IS NOT NULL;
CREATE INDEX call_attempts_agent_idx ON call_attempts (agent_id, started_at DESC);

-- What an account manager owes their customers: one item when one of them calls, complains or has a complaint
-- escalated, written by the database itself so that no path (live call, outbox, queue_log, API, sweeper) misses it.
CREATE TABLE account_items (
    id          bigserial   PRIMARY KEY,
    agent_id    bigint      NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    customer_id bigint      NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    kind        text        NOT NULL CHECK (kind IN ('call', 'complaint', 'escalation')),
    ref         text        NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    done_at     timestamptz,
    done_by     bigint      REFERENCES agents (id) ON DELETE SET NULL,
    notified_at timestamptz           -- when the manager's open screens were told, once across nodes
);
CREATE UNIQUE INDEX account_items_once ON account_items (kind, ref, agent_id);
CREATE INDEX account_items_to_notify_idx ON account_items (id) WHERE notified_at IS NULL;
CREATE INDEX account_items_open_idx ON account_items (agent_id, at) WHERE done_at IS NULL;
CREATE INDEX account_items_customer_open_idx ON account_items (customer_id) WHERE done_at IS NULL;

CREATE FUNCTION account_item_for_call() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A call the manager took themselves owes them nothing more.
    INSERT INTO account_items (agent_id, customer_id, kind, ref, at)
    SELECT c.account_manager_id, c.id, 'call', NEW.linkedid, NEW.entered_at
    FROM customers c
    WHERE c.id = NEW.customer_id AND c.account_manager_id IS NOT NULL
      AND c.account_manager_id IS DISTINCT FROM NEW.agent_id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
CREATE TRIGGER calls_account_item AFTER INSERT ON calls
    FOR EACH ROW WHEN (NEW.customer_id IS NOT NULL) EXECUTE FUNCTION account_item_for_call();

CREATE FUNCTION account_item_for_complaint() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO account_items (agent_id, customer_id, kind, ref, at)
    SELECT c.account_manager_id, c.id, 'complaint', NEW.id::text, NEW.opened_at
    FROM customers c
    WHERE c.id = NEW.customer_id AND c.account_manager_id IS NOT NULL
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
CREATE TRIGGER complaints_account_item AFTER INSERT ON complaints
    FOR EACH ROW EXECUTE FUNCTION account_item_for_complaint();

CREATE FUNCTION account_item_for_escalation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO account_items (agent_id, customer_id, kind, ref, at)
    SELECT c.account_manager_id, c.id, 'escalation', NEW.id::text, NEW.at
    FROM complaints k JOIN customers c ON c.id = k.customer_id
    WHERE k.id = NEW.complaint_id AND c.account_manager_id IS NOT NULL
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
CREATE TRIGGER complaint_events_account_item AFTER INSERT ON complaint_events
    FOR EACH ROW WHEN (NEW.kind IN ('escalation', 'repeat-call')) EXECUTE FUNCTION account_item_for_escalation();

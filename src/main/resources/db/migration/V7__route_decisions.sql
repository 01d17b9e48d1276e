-- Every route script decision, committed as it is made, so that a calldesk node that starts while callers wait
-- (a restart, a take-over) knows who they are: the board's tier and priority, the pop card, the customer on the
-- stored call. Keyed by the caller channel's Uniqueid (what the route script is told); Linkedid is what the live
-- call is known by. Kept a day: no caller waits longer; a periodic delete drops the rest.
CREATE TABLE route_decisions (
    uniqueid      text        PRIMARY KEY,
    linkedid      text,
    caller_number text,
    customer_id   bigint      REFERENCES customers (id) ON DELETE SET NULL,
    tier          text,
    priority      integer     NOT NULL DEFAULT 0,
    queue         text        NOT NULL,
    reason        text        NOT NULL,
    ivr           text,
    agent         text,
    greeting      text,
    decided_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX route_decisions_linkedid_idx ON route_decisions (linkedid);
CREATE INDEX route_decisions_decided_idx ON route_decisions (decided_at);

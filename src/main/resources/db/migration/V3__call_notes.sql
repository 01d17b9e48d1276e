-- What the agent wrote about a call: disposition and notes. Kept apart from calls because the agent
-- may save them while the call is still running, before the call row exists.
CREATE TABLE call_notes (
    linkedid    text        PRIMARY KEY,
    agent_id    bigint      REFERENCES agents (id) ON DELETE SET NULL,
    disposition text        NOT NULL,
    notes       text        NOT NULL DEFAULT '',
    saved_at    timestamptz NOT NULL DEFAULT now()
);

-- Notifications that are not missed (issue 12): kept until acknowledged, with who acknowledged and when.
-- A row goes to one agent or to a role (seen by that role and those above it; one acknowledgement for all).
CREATE TABLE notifications (
    id                 bigserial   PRIMARY KEY,
    created_at         timestamptz NOT NULL DEFAULT now(),
    recipient_agent_id bigint      REFERENCES agents (id) ON DELETE CASCADE,
    recipient_role     text        CHECK (recipient_role IN ('agent', 'supervisor', 'admin')),
    kind               text        NOT NULL,
    text_key           text        NOT NULL,   -- message key, rendered in the reader's language
    args               jsonb       NOT NULL DEFAULT '[]',
    link               text,                   -- a path on this server, e.g. /complaints/42
    acknowledged_at    timestamptz,
    acknowledged_by    bigint      REFERENCES agents (id) ON DELETE SET NULL,
    CHECK ((recipient_agent_id IS NULL) <> (recipient_role IS NULL))
);

CREATE INDEX notifications_by_agent ON notifications (recipient_agent_id, id DESC) WHERE recipient_agent_id IS NOT NULL;
CREATE INDEX notifications_by_role ON notifications (recipient_role, id DESC) WHERE recipient_role IS NOT NULL;

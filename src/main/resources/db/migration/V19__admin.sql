-- What administrators changed from their pages, over the defaults of config/calldesk.yaml: one row per
-- configuration key path (agents.pause_reasons, calls.dispositions, complaints.categories, sla.targets.<severity>,
-- sla.calendars.<name>), its value as the YAML would write it. A key without a row keeps the YAML's value.
CREATE TABLE admin_settings (
    path       text        PRIMARY KEY,
    value      jsonb       NOT NULL,
    changed_by text        NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);

-- Who changed what and when, from the admin pages: agents and settings, with the values before and after.
CREATE TABLE admin_audit (
    id      bigserial   PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    actor   text        NOT NULL,
    area    text        NOT NULL,
    subject text        NOT NULL,
    action  text        NOT NULL,
    before  jsonb,
    after   jsonb
);
CREATE INDEX admin_audit_at ON admin_audit (at DESC, id DESC);

-- Callback requests left on the hotline (menu 4). A pending request keeps the priority the caller's value
-- earned, so the valuable caller who chose not to wait is called back first.
CREATE TABLE callbacks (
    id            bigserial   PRIMARY KEY,
    caller_number text        NOT NULL,
    customer_id   bigint      REFERENCES customers (id) ON DELETE SET NULL,
    tier          text,
    priority      integer     NOT NULL DEFAULT 0,
    reason        text        NOT NULL,
    requested_at  timestamptz NOT NULL DEFAULT now(),
    status        text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
    done_at       timestamptz,
    done_by       bigint      REFERENCES agents (id) ON DELETE SET NULL
);
-- One pending request per number: a second one is a duplicate, not a second place in the line.
CREATE UNIQUE INDEX callbacks_one_pending ON callbacks (caller_number) WHERE status = 'pending';
CREATE INDEX callbacks_pending_order ON callbacks (priority DESC, requested_at) WHERE status = 'pending';

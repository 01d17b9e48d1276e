-- A creating request sent with an Idempotency-Key, per user: a retry of the same request gets the stored answer
-- instead of creating a second complaint, customer or call. The row is written (status null) before the request
-- is handled and gets its answer before the answer is sent, so an answered request can always be replayed; a row
-- left without an answer by a calldesk that died tells a retry that the outcome is unknown, never to do it twice.
CREATE TABLE idempotency_keys (
    user_id      bigint      NOT NULL,
    key          text        NOT NULL,
    request_hash bytea       NOT NULL,     -- SHA-256 of method, path and body: the same key with another request is refused
    owner        uuid        NOT NULL,     -- the calldesk run that handled it
    status       integer,                  -- the answer's status; null until it is answered
    location     text,                     -- the answer's Location header, if any
    body         text,                     -- the answer's JSON body
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);

CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

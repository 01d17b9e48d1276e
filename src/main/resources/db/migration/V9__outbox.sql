-- A callback request names the call it was made in. A request kept in the outbox while PostgreSQL was down may be
-- written twice (once late by the attempt that timed out, once from the outbox); the call's Linkedid makes the
-- second a duplicate, as the one-pending-per-number rule alone would not once the first is done.
ALTER TABLE callbacks ADD COLUMN linkedid text;
CREATE UNIQUE INDEX callbacks_once_per_call ON callbacks (linkedid) WHERE linkedid IS NOT NULL;

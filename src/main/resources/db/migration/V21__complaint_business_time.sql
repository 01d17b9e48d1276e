-- Each complaint's time to first response and to resolution in business time (its calendar's opening hours), as the
-- SLA clock that judges its targets counts them: written when it is first answered and when it is resolved, so the
-- complaints report takes percentiles over stored values instead of replaying trails. Resolution time is the clock's
-- use at the last resolve: paused while waiting for the customer, carried on after a reopen; null while not resolved.
ALTER TABLE complaints ADD COLUMN first_response_business_s bigint, ADD COLUMN resolve_business_s bigint;

-- What the one-off backfill of complaints answered or resolved before this column existed still has to do;
-- empty once it has run, so a later start finds nothing at once.
CREATE INDEX complaints_business_time_todo_idx ON complaints (id)
    WHERE (resolved_at IS NOT NULL AND resolve_business_s IS NULL)
       OR (first_responded_at IS NOT NULL AND first_response_business_s IS NULL);

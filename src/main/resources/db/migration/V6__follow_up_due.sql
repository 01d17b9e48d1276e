-- A satisfaction follow-up that falls due is announced to the complaint's owner once, whichever node's
-- sweeper claims it first; a new resolution (after a reopen) schedules a new follow-up and a new announcement.
-- The sweeper finds them through complaints_follow_up_idx (follow_up_due of resolved complaints).
ALTER TABLE complaints ADD COLUMN follow_up_announced_at timestamptz;

ALTER TABLE complaint_events DROP CONSTRAINT complaint_events_kind_check;
ALTER TABLE complaint_events ADD CONSTRAINT complaint_events_kind_check
    CHECK (kind IN ('created', 'transition', 'assign', 'escalation', 'repeat-call', 'follow-up', 'follow-up-due'));

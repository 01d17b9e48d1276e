-- A satisfaction follow-up that falls due is announced to the complaint's owner once, whichever node's
-- sweeper claims it first; a new resolution (after a reopen) schedules a new follow-up and a new announcement.
ALTER TABLE complaints ADD COLUMN follow_up_announced_at timestamptz;
CREATE INDEX complaints_follow_up_pending_idx ON complaints (follow_up_due)
    WHERE status = 'resolved' AND follow_up_announced_at IS NULL;

ALTER TABLE complaint_events DROP CONSTRAINT complaint_events_kind_check;
ALTER TABLE complaint_events ADD CONSTRAINT complaint_events_kind_check
    CHECK (kind IN ('created', 'transition', 'assign', 'escalation', 'repeat-call', 'follow-up', 'follow-up-due'));

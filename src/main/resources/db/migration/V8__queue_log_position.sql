-- How far calldesk has read Asterisk's queue_log, so that calls that started or ended while it was away
-- are filled in from where it left off, and only once. One row per log (its file path or table name).
CREATE TABLE queue_log_position (
    source     text        PRIMARY KEY,  -- 'file /var/log/asterisk/queue_log' or 'table queue_log'
    file_id    text,                     -- the file's identity (device and inode) when read: a rotated file is found by it
    file_head  text,                     -- the file's first bytes: a new file that reused the inode is told apart by them
    position   bigint      NOT NULL,     -- file: the byte after the last line read; table: the last id read
    last_time  timestamptz,              -- time of the last line read, for operators
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- queue_log names a call by its caller channel's Uniqueid, while calldesk keys calls by Linkedid; the two
-- differ when the caller reaches the queue through a Local channel. Keeping the Uniqueid, once per call,
-- lets a call heard live and the same call read from the queue_log meet on a constraint.
ALTER TABLE calls ADD COLUMN caller_uniqueid text;
CREATE UNIQUE INDEX calls_caller_uniqueid_once ON calls (caller_uniqueid) WHERE caller_uniqueid IS NOT NULL;

-- Set when the row (or its outcome, for a call first stored as lost) came from the queue_log rather than AMI.
ALTER TABLE calls ADD COLUMN reconciled_at timestamptz;

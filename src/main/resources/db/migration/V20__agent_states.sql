-- The agents report's missing figures (issue 13): a history of agent states, and ring-no-answer.
--
-- Every change of an agent's state as telephony.AgentStatus derives it is one row here, written when the interval
-- closes (by the node holding the AMI link, in batches). state: 'logged-out', 'available', 'ringing', 'on-call',
-- 'wrap-up', 'paused' (reason: the pause reason, '' for none), 'unavailable'; and 'hold' (AMI Hold to Unhold, or
-- the call's end), which lies within an 'on-call' interval.
CREATE TABLE agent_states (
    agent_id bigint      NOT NULL,
    state    text        NOT NULL,
    reason   text        NOT NULL DEFAULT '',
    started  timestamptz NOT NULL,
    ended    timestamptz NOT NULL,
    CHECK (ended >= started)
);
CREATE INDEX agent_states_started ON agent_states (started);
CREATE INDEX agent_states_ended ON agent_states (ended);

-- Each AMI AgentRingNoAnswer: a queue call rang the agent's phone and was not answered.
CREATE TABLE agent_ring_no_answers (
    agent_id bigint      NOT NULL,
    at       timestamptz NOT NULL,
    queue    text        NOT NULL DEFAULT '',
    ring_ms  bigint      NOT NULL
);
CREATE INDEX agent_ring_no_answers_at ON agent_ring_no_answers (at);

-- Time per local day (display time zone, report_settings '*'), agent, state and pause reason; an interval spanning
-- midnight is split between its days ('hold' overlaps 'on-call': logged-in time leaves it out). state 'ring-no-answer' counts the unanswered rings (n) and their ringing (ms).
-- Logged-out time is not rolled up (no figure needs it).
CREATE TABLE report_agent_state_daily (
    day      date    NOT NULL,
    agent_id bigint  NOT NULL,
    state    text    NOT NULL,
    reason   text    NOT NULL,
    ms       bigint  NOT NULL,
    n        integer NOT NULL,                      -- pieces of intervals (rings for 'ring-no-answer')
    PRIMARY KEY (day, agent_id, state, reason)
);

-- Adds the part of each interval that lies within [lo, hi) to the daily rollup, split at local midnights.
-- source: a query yielding agent_states rows. The rebuild passes one local day as [lo, hi); the trigger the whole time.
-- (The statement is made as text and run by the caller's EXECUTE: a trigger's transition table is visible only to
-- statements the trigger function itself runs.)
CREATE FUNCTION report_states_sql(source text, lo timestamptz, hi timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
    SELECT format($q$
        INSERT INTO report_agent_state_daily AS r (day, agent_id, state, reason, ms, n)
        SELECT p.day, p.agent_id, p.state, p.reason, sum(p.ms), count(*)
        FROM (SELECT d.day::date AS day, k.agent_id, k.state, k.reason,
                     round(extract(epoch FROM
                         least(k.ended, %3$L::timestamptz, (d.day::date + 1)::timestamp AT TIME ZONE z.tz)
                       - greatest(k.started, %2$L::timestamptz, d.day::date::timestamp AT TIME ZONE z.tz)) * 1000)::bigint AS ms
              FROM (%1$s) k
              CROSS JOIN (SELECT coalesce((SELECT time_zone FROM report_settings WHERE queue = '*'), 'UTC') AS tz) z
              CROSS JOIN LATERAL generate_series(
                  (greatest(k.started, %2$L::timestamptz) AT TIME ZONE z.tz)::date::timestamp,
                  (least(k.ended, %3$L::timestamptz) AT TIME ZONE z.tz)::date::timestamp,
                  interval '1 day') AS d(day)
              WHERE k.state <> 'logged-out' AND k.ended > k.started
                AND k.ended > %2$L::timestamptz AND k.started < %3$L::timestamptz) p
        WHERE p.ms > 0
        GROUP BY p.day, p.agent_id, p.state, p.reason
        ORDER BY p.day, p.agent_id, p.state, p.reason
        ON CONFLICT (day, agent_id, state, reason) DO UPDATE SET ms = r.ms + excluded.ms, n = r.n + excluded.n
        $q$, source, lo, hi)
$fn$;

CREATE FUNCTION report_rings_sql(source text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
    SELECT format($q$
        INSERT INTO report_agent_state_daily AS r (day, agent_id, state, reason, ms, n)
        SELECT (k.at AT TIME ZONE z.tz)::date, k.agent_id, 'ring-no-answer', '', sum(k.ring_ms), count(*)
        FROM (%1$s) k
        CROSS JOIN (SELECT coalesce((SELECT time_zone FROM report_settings WHERE queue = '*'), 'UTC') AS tz) z
        GROUP BY 1, 2
        ORDER BY 1, 2
        ON CONFLICT (day, agent_id, state, reason) DO UPDATE SET ms = r.ms + excluded.ms, n = r.n + excluded.n
        $q$, source)
$fn$;

-- Statement triggers: calldesk inserts a batch in one statement, so the rollup is updated once per batch.
CREATE FUNCTION report_agent_states_trigger() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    EXECUTE report_states_sql('SELECT * FROM agent_states_new', '-infinity', 'infinity');
    RETURN NULL;
END;
$fn$;

CREATE TRIGGER report_agent_states AFTER INSERT ON agent_states
    REFERENCING NEW TABLE AS agent_states_new FOR EACH STATEMENT EXECUTE FUNCTION report_agent_states_trigger();

CREATE FUNCTION report_agent_rings_trigger() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    EXECUTE report_rings_sql('SELECT * FROM agent_rings_new');
    RETURN NULL;
END;
$fn$;

CREATE TRIGGER report_agent_rings AFTER INSERT ON agent_ring_no_answers
    REFERENCING NEW TABLE AS agent_rings_new FOR EACH STATEMENT EXECUTE FUNCTION report_agent_rings_trigger();

-- The rebuild of one local day [lo, hi) (Rollups, when the time zone changes): the intervals overlapping it, clipped.
CREATE FUNCTION report_roll_states_between(lo timestamptz, hi timestamptz) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
    EXECUTE report_states_sql(format('SELECT * FROM agent_states WHERE started < %L AND ended > %L', hi, lo), lo, hi);
    EXECUTE report_rings_sql(format('SELECT * FROM agent_ring_no_answers WHERE at >= %L AND at < %L', lo, hi));
END;
$fn$;

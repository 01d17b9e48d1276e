-- Reports (issue 13): history by interval, kept in rollup tables so that a year of calls is read from a few
-- thousand rows instead of tens of millions. The rollups are maintained by triggers on calls and call_notes, in the
-- transaction that writes the call, so they never lag and need no job; calldesk rebuilds them set-wise
-- (report_roll_calls) when the thresholds or the time zone they count with change.

-- What the rollup needs from the configuration, written by calldesk at start (ReportsWiring): a queue's service
-- level threshold and wrap-up, the short-abandon threshold. Row '*' stands for queues not named. When these change,
-- calldesk rebuilds the rollup from calls, so figures are always counted with the thresholds configured now.
CREATE TABLE report_settings (
    queue            text   PRIMARY KEY,
    service_level_ms bigint,            -- answered within this counts toward the service level; null = no threshold
    wrapup_ms        bigint NOT NULL,   -- added to each answered call's talk time to make its handle time
    short_abandon_ms bigint NOT NULL,   -- an abandon with a shorter wait is a short abandon
    time_zone        text               -- row '*': the display time zone, in which the daily rollups count days
);

-- Lower edges (ms) of the answered calls' wait histogram; the last bin is open. Waits are binned so that the 90th
-- percentile of any interval, queue and tier can be estimated from sums (percentiles of parts do not add up).
CREATE FUNCTION report_wait_edges() RETURNS bigint[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT ARRAY[0,5000,10000,15000,20000,30000,45000,60000,90000,120000,180000,240000,300000,450000,600000,900000,1200000,1800000,3600000]::bigint[] $$;

CREATE FUNCTION report_wait_bin(wait_ms bigint) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT width_bucket(wait_ms, ARRAY[5000,10000,15000,20000,30000,45000,60000,90000,120000,180000,240000,300000,450000,600000,900000,1200000,1800000,3600000]::bigint[]) + 1 $$;

CREATE FUNCTION report_hist_add(a integer[], b integer[]) RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT array_agg(coalesce(a[i], 0) + coalesce(b[i], 0) ORDER BY i) FROM generate_series(1, 19) AS i $$;

-- The p-th percentile of a wait histogram (counts per bin, summed over rollup rows): linear within the bin that
-- holds rank p x n, the bin's top clamped to the longest answered wait ($2). Null when nothing was answered.
CREATE FUNCTION report_wait_percentile(hist bigint[], top_ms bigint, p double precision) RETURNS double precision
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    edges bigint[] := report_wait_edges();
    n bigint := 0;
    cum bigint := 0;
    target double precision;
    lo double precision;
    hi double precision;
BEGIN
    FOR i IN 1..19 LOOP
        n := n + coalesce(hist[i], 0);
    END LOOP;
    IF n = 0 THEN
        RETURN NULL;
    END IF;
    target := p * n;
    FOR i IN 1..19 LOOP
        IF coalesce(hist[i], 0) > 0 AND cum + hist[i] >= target THEN
            lo := edges[i];
            hi := CASE WHEN i < 19 THEN edges[i + 1] ELSE greatest(top_ms, edges[i]) END;
            hi := least(hi, greatest(top_ms, lo));
            RETURN lo + (hi - lo) * (target - cum) / hist[i];
        END IF;
        cum := cum + coalesce(hist[i], 0);
    END LOOP;
    RETURN top_ms;
END;
$$;

-- Calls that reached a queue, per 15-minute slot of when they were offered (entered_at), queue and caller tier.
-- Fifteen minutes divide the hour, so slots are whole in every display time zone (offsets are multiples of 15 min).
CREATE TABLE report_queue_rollup (
    bucket           timestamptz NOT NULL,
    queue            text        NOT NULL,
    tier             text        NOT NULL,          -- '' = caller without a tier (unknown number)
    offered          integer     NOT NULL,          -- answered + abandoned + timed out, as the live board counts
    answered         integer     NOT NULL,
    abandoned        integer     NOT NULL,
    short_abandoned  integer     NOT NULL,          -- abandons with a wait under the short-abandon threshold
    answered_within  integer     NOT NULL,          -- answered with wait_ms <= the queue's threshold
    wait_answered_ms bigint      NOT NULL,          -- sum of answered calls' waits (ASA = this / answered)
    max_wait_ms      bigint      NOT NULL,          -- longest wait of any call offered (an upper bound after a correction)
    max_answer_ms    bigint      NOT NULL,          -- longest wait of an answered call
    talk_ms          bigint      NOT NULL,
    wrapup_ms        bigint      NOT NULL,          -- answered x the queue's wrap-up
    managed_answered integer     NOT NULL,          -- answered calls of customers who have an account manager
    managed_by_own   integer     NOT NULL,          -- of those, answered by that account manager
    wait_hist        integer[]   NOT NULL,          -- answered calls by report_wait_bin(wait_ms)
    PRIMARY KEY (bucket, queue, tier)
);

-- The same per day in the display time zone, for day, week and month intervals: a year is 365 rows per queue and tier.
CREATE TABLE report_queue_daily (LIKE report_queue_rollup INCLUDING DEFAULTS);
ALTER TABLE report_queue_daily DROP COLUMN bucket;
ALTER TABLE report_queue_daily ADD COLUMN day date NOT NULL;
ALTER TABLE report_queue_daily ADD PRIMARY KEY (day, queue, tier);

-- Answered calls per day and agent.
CREATE TABLE report_agent_daily (
    day       date    NOT NULL,
    agent_id  bigint  NOT NULL,
    answered  integer NOT NULL,
    talk_ms   bigint  NOT NULL,
    wrapup_ms bigint  NOT NULL,
    PRIMARY KEY (day, agent_id)
);

-- Every stored call (menu-only ones too) per day by the caller's menu choice: the reasons for calling.
CREATE TABLE report_reason_daily (
    day    date    NOT NULL,
    reason text    NOT NULL,                        -- calls.ivr; '' = none
    calls  integer NOT NULL,
    PRIMARY KEY (day, reason)
);

-- Dispositions per day (of when they were saved) and agent.
CREATE TABLE report_disposition_daily (
    day         date    NOT NULL,
    disposition text    NOT NULL,
    agent_id    bigint  NOT NULL,                   -- 0 = no agent
    calls       integer NOT NULL,
    PRIMARY KEY (day, disposition, agent_id)
);

-- Adds calls to the rollups (sign 1) or takes them out (sign -1), set-wise. source: a query that yields calls rows
-- with a sign column. Used by calldesk to rebuild the rollups from calls; the row trigger below counts the same way
-- (ReportRollupTest holds the two against each other).
CREATE FUNCTION report_roll_calls(source text) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
    EXECUTE format($q$
        INSERT INTO report_queue_rollup AS r (bucket, queue, tier, offered, answered, abandoned, short_abandoned,
               answered_within, wait_answered_ms, max_wait_ms, max_answer_ms, talk_ms, wrapup_ms, managed_answered,
               managed_by_own, wait_hist)
        SELECT c.bucket, c.queue, c.tier,
               sum(c.sign),
               coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered'), 0),
               coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'abandoned'), 0),
               coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'abandoned' AND c.wait_ms < c.short_ms), 0),
               coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.wait_ms <= c.sl_ms), 0),
               coalesce(sum(c.sign * c.wait_ms) FILTER (WHERE c.outcome = 'answered'), 0),
               coalesce(max(c.wait_ms) FILTER (WHERE c.sign > 0), 0),
               coalesce(max(c.wait_ms) FILTER (WHERE c.sign > 0 AND c.outcome = 'answered'), 0),
               coalesce(sum(c.sign * c.talk_ms) FILTER (WHERE c.outcome = 'answered'), 0),
               coalesce(sum(c.sign * c.wrap_ms) FILTER (WHERE c.outcome = 'answered'), 0),
               coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.manager_id IS NOT NULL), 0),
               coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.manager_id = c.agent_id), 0),
               ARRAY[coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 1), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 2), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 3), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 4), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 5), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 6), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 7), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 8), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 9), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 10), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 11), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 12), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 13), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 14), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 15), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 16), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 17), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 18), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 19), 0)]
        FROM (SELECT date_bin('15 minutes', k.entered_at, timestamptz '2000-01-03 00:00+00') AS bucket,
                     k.queue, coalesce(k.tier, '') AS tier, k.outcome, k.wait_ms, k.talk_ms, k.agent_id, k.sign,
                     report_wait_bin(k.wait_ms) AS bin,
                     coalesce(s.service_level_ms, d.service_level_ms, -1) AS sl_ms,
                     coalesce(s.short_abandon_ms, d.short_abandon_ms, 0) AS short_ms,
                     coalesce(s.wrapup_ms, d.wrapup_ms, 0) AS wrap_ms,
                     cu.account_manager_id AS manager_id
              FROM (%1$s) k
              LEFT JOIN report_settings s ON s.queue = k.queue
              LEFT JOIN report_settings d ON d.queue = '*'
              LEFT JOIN customers cu ON cu.id = k.customer_id
              WHERE k.queue IS NOT NULL AND k.outcome IN ('answered', 'abandoned', 'no_answer')) c
        GROUP BY c.bucket, c.queue, c.tier
        ORDER BY c.bucket, c.queue, c.tier
        ON CONFLICT (bucket, queue, tier) DO UPDATE SET
            offered = r.offered + excluded.offered,
            answered = r.answered + excluded.answered,
            abandoned = r.abandoned + excluded.abandoned,
            short_abandoned = r.short_abandoned + excluded.short_abandoned,
            answered_within = r.answered_within + excluded.answered_within,
            wait_answered_ms = r.wait_answered_ms + excluded.wait_answered_ms,
            max_wait_ms = greatest(r.max_wait_ms, excluded.max_wait_ms),
            max_answer_ms = greatest(r.max_answer_ms, excluded.max_answer_ms),
            talk_ms = r.talk_ms + excluded.talk_ms,
            wrapup_ms = r.wrapup_ms + excluded.wrapup_ms,
            managed_answered = r.managed_answered + excluded.managed_answered,
            managed_by_own = r.managed_by_own + excluded.managed_by_own,
            wait_hist = report_hist_add(r.wait_hist, excluded.wait_hist)
        $q$, source);

    EXECUTE format($q$
        INSERT INTO report_queue_daily AS r (day, queue, tier, offered, answered, abandoned, short_abandoned,
               answered_within, wait_answered_ms, max_wait_ms, max_answer_ms, talk_ms, wrapup_ms, managed_answered,
               managed_by_own, wait_hist)
        SELECT c.day, c.queue, c.tier,
               sum(c.sign),
               coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered'), 0),
               coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'abandoned'), 0),
               coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'abandoned' AND c.wait_ms < c.short_ms), 0),
               coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.wait_ms <= c.sl_ms), 0),
               coalesce(sum(c.sign * c.wait_ms) FILTER (WHERE c.outcome = 'answered'), 0),
               coalesce(max(c.wait_ms) FILTER (WHERE c.sign > 0), 0),
               coalesce(max(c.wait_ms) FILTER (WHERE c.sign > 0 AND c.outcome = 'answered'), 0),
               coalesce(sum(c.sign * c.talk_ms) FILTER (WHERE c.outcome = 'answered'), 0),
               coalesce(sum(c.sign * c.wrap_ms) FILTER (WHERE c.outcome = 'answered'), 0),
               coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.manager_id IS NOT NULL), 0),
               coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.manager_id = c.agent_id), 0),
               ARRAY[coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 1), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 2), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 3), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 4), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 5), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 6), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 7), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 8), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 9), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 10), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 11), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 12), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 13), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 14), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 15), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 16), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 17), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 18), 0),
                     coalesce(sum(c.sign) FILTER (WHERE c.outcome = 'answered' AND c.bin = 19), 0)]
        FROM (SELECT (k.entered_at AT TIME ZONE coalesce(d.time_zone, 'UTC'))::date AS day,
                     k.queue, coalesce(k.tier, '') AS tier, k.outcome, k.wait_ms, k.talk_ms, k.agent_id, k.sign,
                     report_wait_bin(k.wait_ms) AS bin,
                     coalesce(s.service_level_ms, d.service_level_ms, -1) AS sl_ms,
                     coalesce(s.short_abandon_ms, d.short_abandon_ms, 0) AS short_ms,
                     coalesce(s.wrapup_ms, d.wrapup_ms, 0) AS wrap_ms,
                     cu.account_manager_id AS manager_id
              FROM (%1$s) k
              LEFT JOIN report_settings s ON s.queue = k.queue
              LEFT JOIN report_settings d ON d.queue = '*'
              LEFT JOIN customers cu ON cu.id = k.customer_id
              WHERE k.queue IS NOT NULL AND k.outcome IN ('answered', 'abandoned', 'no_answer')) c
        GROUP BY c.day, c.queue, c.tier
        ORDER BY c.day, c.queue, c.tier
        ON CONFLICT (day, queue, tier) DO UPDATE SET
            offered = r.offered + excluded.offered,
            answered = r.answered + excluded.answered,
            abandoned = r.abandoned + excluded.abandoned,
            short_abandoned = r.short_abandoned + excluded.short_abandoned,
            answered_within = r.answered_within + excluded.answered_within,
            wait_answered_ms = r.wait_answered_ms + excluded.wait_answered_ms,
            max_wait_ms = greatest(r.max_wait_ms, excluded.max_wait_ms),
            max_answer_ms = greatest(r.max_answer_ms, excluded.max_answer_ms),
            talk_ms = r.talk_ms + excluded.talk_ms,
            wrapup_ms = r.wrapup_ms + excluded.wrapup_ms,
            managed_answered = r.managed_answered + excluded.managed_answered,
            managed_by_own = r.managed_by_own + excluded.managed_by_own,
            wait_hist = report_hist_add(r.wait_hist, excluded.wait_hist)
        $q$, source);

    EXECUTE format($q$
        INSERT INTO report_agent_daily AS r (day, agent_id, answered, talk_ms, wrapup_ms)
        SELECT (k.entered_at AT TIME ZONE coalesce(d.time_zone, 'UTC'))::date, k.agent_id, sum(k.sign), sum(k.sign * k.talk_ms),
               sum(k.sign * coalesce(s.wrapup_ms, d.wrapup_ms, 0))
        FROM (%1$s) k
        LEFT JOIN report_settings s ON s.queue = k.queue
        LEFT JOIN report_settings d ON d.queue = '*'
        WHERE k.outcome = 'answered' AND k.agent_id IS NOT NULL
        GROUP BY 1, 2
        ORDER BY 1, 2
        ON CONFLICT (day, agent_id) DO UPDATE SET answered = r.answered + excluded.answered,
            talk_ms = r.talk_ms + excluded.talk_ms, wrapup_ms = r.wrapup_ms + excluded.wrapup_ms
        $q$, source);

    EXECUTE format($q$
        INSERT INTO report_reason_daily AS r (day, reason, calls)
        SELECT (k.entered_at AT TIME ZONE coalesce(d.time_zone, 'UTC'))::date, coalesce(k.ivr, ''), sum(k.sign)
        FROM (%1$s) k
        LEFT JOIN report_settings d ON d.queue = '*'
        WHERE k.outcome <> 'lost'
        GROUP BY 1, 2
        ORDER BY 1, 2
        ON CONFLICT (day, reason) DO UPDATE SET calls = r.calls + excluded.calls
        $q$, source);
END;
$fn$;

-- The same arithmetic for one call, with plans PostgreSQL keeps per session: a call ends one at a time, and a
-- statement-level trigger would plan five dynamic statements for each. sign 1 adds the call, -1 takes it out.
CREATE FUNCTION report_add_call(k calls, sign integer) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    s report_settings;
    d report_settings;
    v_zone text;
    v_day date;
    v_answered integer := (k.outcome = 'answered')::integer;
    v_abandoned integer := (k.outcome = 'abandoned')::integer;
    v_short integer;
    v_within integer;
    v_wrap bigint;
    v_manager bigint;
    v_bin integer := report_wait_bin(k.wait_ms);
    v_hist integer[] := array_fill(0, ARRAY[19]);
BEGIN
    IF k.outcome = 'lost' THEN
        RETURN;
    END IF;
    SELECT * INTO d FROM report_settings WHERE queue = '*';
    v_zone := coalesce(d.time_zone, 'UTC');
    v_day := (k.entered_at AT TIME ZONE v_zone)::date;
    INSERT INTO report_reason_daily AS r (day, reason, calls) VALUES (v_day, coalesce(k.ivr, ''), sign)
        ON CONFLICT (day, reason) DO UPDATE SET calls = r.calls + excluded.calls;
    IF k.queue IS NULL OR k.outcome NOT IN ('answered', 'abandoned', 'no_answer') THEN
        RETURN;
    END IF;
    SELECT * INTO s FROM report_settings WHERE queue = k.queue;
    v_short := (v_abandoned = 1 AND k.wait_ms < coalesce(s.short_abandon_ms, d.short_abandon_ms, 0))::integer;
    v_within := (v_answered = 1 AND k.wait_ms <= coalesce(s.service_level_ms, d.service_level_ms, -1))::integer;
    v_wrap := v_answered * coalesce(s.wrapup_ms, d.wrapup_ms, 0);
    IF v_answered = 1 AND k.customer_id IS NOT NULL THEN
        SELECT account_manager_id INTO v_manager FROM customers WHERE id = k.customer_id;
    END IF;
    v_hist[v_bin] := v_answered * sign;
    INSERT INTO report_queue_rollup AS r (bucket, queue, tier, offered, answered, abandoned, short_abandoned,
           answered_within, wait_answered_ms, max_wait_ms, max_answer_ms, talk_ms, wrapup_ms, managed_answered,
           managed_by_own, wait_hist)
    VALUES (date_bin('15 minutes', k.entered_at, timestamptz '2000-01-03 00:00+00'), k.queue, coalesce(k.tier, ''),
            sign, sign * v_answered, sign * v_abandoned, sign * v_short, sign * v_within, sign * v_answered * k.wait_ms,
            CASE WHEN sign > 0 THEN k.wait_ms ELSE 0 END, CASE WHEN sign > 0 THEN v_answered * k.wait_ms ELSE 0 END,
            sign * v_answered * k.talk_ms, sign * v_wrap, sign * (v_manager IS NOT NULL)::integer,
            sign * (v_manager IS NOT NULL AND v_manager = k.agent_id)::integer, v_hist)
    ON CONFLICT (bucket, queue, tier) DO UPDATE SET
        offered = r.offered + excluded.offered, answered = r.answered + excluded.answered,
        abandoned = r.abandoned + excluded.abandoned, short_abandoned = r.short_abandoned + excluded.short_abandoned,
        answered_within = r.answered_within + excluded.answered_within,
        wait_answered_ms = r.wait_answered_ms + excluded.wait_answered_ms,
        max_wait_ms = greatest(r.max_wait_ms, excluded.max_wait_ms),
        max_answer_ms = greatest(r.max_answer_ms, excluded.max_answer_ms),
        talk_ms = r.talk_ms + excluded.talk_ms, wrapup_ms = r.wrapup_ms + excluded.wrapup_ms,
        managed_answered = r.managed_answered + excluded.managed_answered,
        managed_by_own = r.managed_by_own + excluded.managed_by_own,
        wait_hist[v_bin] = r.wait_hist[v_bin] + excluded.wait_hist[v_bin];
    INSERT INTO report_queue_daily AS r (day, queue, tier, offered, answered, abandoned, short_abandoned,
           answered_within, wait_answered_ms, max_wait_ms, max_answer_ms, talk_ms, wrapup_ms, managed_answered,
           managed_by_own, wait_hist)
    VALUES (v_day, k.queue, coalesce(k.tier, ''),
            sign, sign * v_answered, sign * v_abandoned, sign * v_short, sign * v_within, sign * v_answered * k.wait_ms,
            CASE WHEN sign > 0 THEN k.wait_ms ELSE 0 END, CASE WHEN sign > 0 THEN v_answered * k.wait_ms ELSE 0 END,
            sign * v_answered * k.talk_ms, sign * v_wrap, sign * (v_manager IS NOT NULL)::integer,
            sign * (v_manager IS NOT NULL AND v_manager = k.agent_id)::integer, v_hist)
    ON CONFLICT (day, queue, tier) DO UPDATE SET
        offered = r.offered + excluded.offered, answered = r.answered + excluded.answered,
        abandoned = r.abandoned + excluded.abandoned, short_abandoned = r.short_abandoned + excluded.short_abandoned,
        answered_within = r.answered_within + excluded.answered_within,
        wait_answered_ms = r.wait_answered_ms + excluded.wait_answered_ms,
        max_wait_ms = greatest(r.max_wait_ms, excluded.max_wait_ms),
        max_answer_ms = greatest(r.max_answer_ms, excluded.max_answer_ms),
        talk_ms = r.talk_ms + excluded.talk_ms, wrapup_ms = r.wrapup_ms + excluded.wrapup_ms,
        managed_answered = r.managed_answered + excluded.managed_answered,
        managed_by_own = r.managed_by_own + excluded.managed_by_own,
        wait_hist[v_bin] = r.wait_hist[v_bin] + excluded.wait_hist[v_bin];
    IF v_answered = 1 AND k.agent_id IS NOT NULL THEN
        INSERT INTO report_agent_daily AS r (day, agent_id, answered, talk_ms, wrapup_ms)
        VALUES (v_day, k.agent_id, sign, sign * k.talk_ms, sign * v_wrap)
        ON CONFLICT (day, agent_id) DO UPDATE SET answered = r.answered + excluded.answered,
            talk_ms = r.talk_ms + excluded.talk_ms, wrapup_ms = r.wrapup_ms + excluded.wrapup_ms;
    END IF;
END;
$fn$;

CREATE FUNCTION report_call_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM report_add_call(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM report_add_call(NEW, 1);
    END IF;
    RETURN NULL;
END;
$fn$;

CREATE TRIGGER report_call_changed AFTER INSERT OR UPDATE OR DELETE ON calls
    FOR EACH ROW EXECUTE FUNCTION report_call_changed();

-- Adds dispositions to their rollup (sign 1) or takes them out (-1); source as for report_roll_calls.
CREATE FUNCTION report_roll_notes(source text) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
    EXECUTE format($q$
        INSERT INTO report_disposition_daily AS r (day, disposition, agent_id, calls)
        SELECT (k.saved_at AT TIME ZONE coalesce(d.time_zone, 'UTC'))::date, k.disposition, coalesce(k.agent_id, 0), sum(k.sign)
        FROM (%1$s) k
        LEFT JOIN report_settings d ON d.queue = '*'
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
        ON CONFLICT (day, disposition, agent_id) DO UPDATE SET calls = r.calls + excluded.calls
        $q$, source);
END;
$fn$;

CREATE FUNCTION report_note_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    v_zone text := coalesce((SELECT time_zone FROM report_settings WHERE queue = '*'), 'UTC');
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO report_disposition_daily AS r (day, disposition, agent_id, calls)
        VALUES ((OLD.saved_at AT TIME ZONE v_zone)::date, OLD.disposition, coalesce(OLD.agent_id, 0), -1)
        ON CONFLICT (day, disposition, agent_id) DO UPDATE SET calls = r.calls + excluded.calls;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO report_disposition_daily AS r (day, disposition, agent_id, calls)
        VALUES ((NEW.saved_at AT TIME ZONE v_zone)::date, NEW.disposition, coalesce(NEW.agent_id, 0), 1)
        ON CONFLICT (day, disposition, agent_id) DO UPDATE SET calls = r.calls + excluded.calls;
    END IF;
    RETURN NULL;
END;
$fn$;

CREATE TRIGGER report_note_changed AFTER INSERT OR UPDATE OR DELETE ON call_notes
    FOR EACH ROW EXECUTE FUNCTION report_note_changed();

-- Calls and dispositions already stored are rolled up by calldesk at its next start, once it has written the
-- thresholds and the time zone above (Rollups).

-- The complaints report reads complaints by when they were opened and resolved, and the reopenings in the trail.
CREATE INDEX complaints_opened_idx ON complaints (opened_at);
CREATE INDEX complaints_resolved_idx ON complaints (resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX complaint_events_reopen_idx ON complaint_events (at)
    WHERE kind = 'transition' AND from_status IN ('resolved', 'closed');
CREATE INDEX callbacks_requested_idx ON callbacks (requested_at);
CREATE INDEX callbacks_done_idx ON callbacks (done_at) WHERE done_at IS NOT NULL;
CREATE INDEX complaint_events_created_idx ON complaint_events (at) WHERE kind = 'created';
CREATE INDEX complaint_events_escalation_idx ON complaint_events (at) WHERE kind = 'escalation';

-- What the rollups were last built for (the settings above, as calldesk states them): a rebuild that did not finish
-- is done again at the next start.
CREATE TABLE report_state (
    key   text PRIMARY KEY,
    value text
);

-- Every change of a customer's tier, so that the movements of a reclassification can be shown afterwards. A
-- reclassification is one statement, so its moves share a time (the transaction's).
CREATE TABLE customer_tier_moves (
    moved_at    timestamptz NOT NULL DEFAULT now(),
    customer_id bigint      NOT NULL,
    from_tier   text,
    to_tier     text
);
CREATE INDEX customer_tier_moves_at_idx ON customer_tier_moves (moved_at);

CREATE FUNCTION report_tiers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO customer_tier_moves (customer_id, from_tier, to_tier)
    SELECT n.id, o.tier, n.tier FROM report_new n JOIN report_old o ON o.id = n.id WHERE o.tier IS DISTINCT FROM n.tier;
    RETURN NULL;
END;
$$;
CREATE TRIGGER report_tiers_changed AFTER UPDATE ON customers REFERENCING OLD TABLE AS report_old NEW TABLE AS report_new
    FOR EACH STATEMENT EXECUTE FUNCTION report_tiers_changed();

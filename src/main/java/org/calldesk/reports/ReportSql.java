package org.calldesk.reports;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Every statement the reports run; all prepared. Common parameters: $1 and $2 the range's instants (start
 * inclusive, end exclusive), $3 the display time zone, $4 'month' or 'bin' and $5 the interval date_bin takes.
 */
final class ReportSql {

    private ReportSql() {
    }

    /** Bins of the wait histogram (report_wait_edges() in V13). */
    static final int WAIT_BINS = 19;

    /** The interval an instant column falls in, as a local date-time in the display time zone. */
    static String interval(String column) {
        return "(CASE WHEN $4 = 'month' THEN date_trunc('month', " + column + " AT TIME ZONE $3)"
                + " ELSE date_bin($5::text::interval, " + column + " AT TIME ZONE $3, timestamp '2000-01-03') END)";
    }

    /** The interval a local date column falls in ($3, the zone, is not needed: the day is already local). */
    static String dayInterval(String column) {
        return "(CASE WHEN $4 = 'month' THEN date_trunc('month', " + column + "::timestamp)"
                + " ELSE date_bin($5::text::interval, " + column + "::timestamp, timestamp '2000-01-03') END)";
    }

    private static final String HIST_SUMS = IntStream.rangeClosed(1, WAIT_BINS)
            .mapToObj(i -> "sum(r.wait_hist[" + i + "])").collect(Collectors.joining(", "));

    /**
     * Queue figures per interval and, in the same pass, over the whole range (the rows whose ivl is null), split by
     * queue and/or tier or not. $6 queue and $7 tier ('' = no tier) filter when not null. The 15-minute rollup is read,
     * never the calls.
     */
    static String queueFigures(boolean byQueue, boolean byTier, boolean daily) {
        String ivl = daily ? dayInterval("day") : interval("bucket");
        String source = daily ? "report_queue_daily" : "report_queue_rollup";
        String range = daily ? "day >= $1 AND day <= $2 AND $3::text IS NOT NULL" : "bucket >= $1 AND bucket < $2";
        return """
            WITH r AS (
                SELECT %s AS ivl, %s AS queue, %s AS tier, offered, answered, abandoned, short_abandoned, answered_within,
                       wait_answered_ms, max_wait_ms, max_answer_ms, talk_ms, wrapup_ms, managed_answered, managed_by_own,
                       wait_hist
                FROM %s
                WHERE %s AND ($6::text IS NULL OR queue = $6) AND ($7::text IS NULL OR tier = $7))
            SELECT to_char(r.ivl, 'YYYY-MM-DD HH24:MI') AS ivl, r.queue, r.tier,
                   sum(r.offered) AS offered, sum(r.answered) AS answered, sum(r.abandoned) AS abandoned,
                   sum(r.short_abandoned) AS short_abandoned, sum(r.answered_within) AS answered_within,
                   sum(r.wait_answered_ms) AS wait_answered_ms, max(r.max_wait_ms) AS max_wait_ms,
                   sum(r.talk_ms) AS talk_ms, sum(r.wrapup_ms) AS wrapup_ms,
                   sum(r.managed_answered) AS managed_answered, sum(r.managed_by_own) AS managed_by_own,
                   report_wait_percentile(ARRAY[%s]::bigint[], max(r.max_answer_ms), 0.9) AS p90_answer_ms
            FROM r
            GROUP BY GROUPING SETS ((r.ivl, r.queue, r.tier), (r.queue, r.tier))
            HAVING sum(r.offered) > 0 OR r.ivl IS NULL
            ORDER BY r.ivl IS NULL, r.ivl, r.queue, r.tier
            """.formatted(ivl, byQueue ? "queue" : "NULL::text", byTier ? "tier" : "NULL::text", source, range, HIST_SUMS);
    }

    /**
     * Callback requests made and completed per interval (and over the range: ivl null), by tier or not; $6 a tier
     * filter ('' = no tier). Callbacks belong to no queue.
     */
    static String callbacks(boolean byTier) {
        return """
            WITH e AS (
                SELECT requested_at AS at, coalesce(tier, '') AS tier, 1 AS requested, 0 AS completed
                FROM callbacks WHERE requested_at >= $1 AND requested_at < $2
                UNION ALL
                SELECT done_at, coalesce(tier, ''), 0, 1
                FROM callbacks WHERE done_at >= $1 AND done_at < $2)
            SELECT to_char(x.ivl, 'YYYY-MM-DD HH24:MI') AS ivl, x.tier, sum(x.requested) AS requested,
                   sum(x.completed) AS completed
            FROM (SELECT %s AS ivl, %s AS tier, requested, completed FROM e WHERE $6::text IS NULL OR e.tier = $6) x
            GROUP BY GROUPING SETS ((x.ivl, x.tier), (x.tier))
            """.formatted(interval("at"), byTier ? "tier" : "NULL::text");
    }

    /** The thresholds the rollup was last built with. */
    static final String CLEAR_SETTINGS = "DELETE FROM report_settings";

    static final String SAVE_SETTING = """
            INSERT INTO report_settings (queue, service_level_ms, wrapup_ms, short_abandon_ms, time_zone) VALUES ($1, $2, $3, $4, $5)
            """;

    /** One rebuild at a time across nodes; the key is arbitrary but fixed ('rprt'). */
    static final String TRY_LOCK = "SELECT pg_try_advisory_lock(1919970420) AS locked";

    static final String UNLOCK = "SELECT pg_advisory_unlock(1919970420)";

    static final String REBUILT_FOR = "SELECT value FROM report_state WHERE key = 'rebuilt_for'";

    static final String SAVE_REBUILT_FOR = """
            INSERT INTO report_state (key, value) VALUES ('rebuilt_for', $1)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """;

    static final String CALLS_SPAN = "SELECT min(entered_at) AS first, max(entered_at) AS last FROM calls";

    /**
     * Rebuilds the rollups of one local day [$1, $2) (15-minute slots are whole in it). Writes of
     * calls wait meanwhile (SHARE lock), so that none is counted twice or missed; a day takes little time.
     */
    static final String LOCK_CALLS = "LOCK TABLE calls IN SHARE MODE";

    static final String CLEAR_QUEUE_ROLLUP = "DELETE FROM report_queue_rollup WHERE bucket >= $1 AND bucket < $2";
    static final String CLEAR_DAILY = """
            WITH a AS (DELETE FROM report_queue_daily WHERE day = $1),
                 b AS (DELETE FROM report_agent_daily WHERE day = $1),
                 c AS (DELETE FROM report_reason_daily WHERE day = $1),
                 e AS (DELETE FROM report_agent_state_daily WHERE day = $1)
            DELETE FROM report_disposition_daily WHERE day = $1
            """;

    static final String LOCK_NOTES = "LOCK TABLE call_notes IN SHARE MODE";

    /** Agent states and unanswered rings of one local day [$1, $2), clipped to it (V20). */
    static final String LOCK_STATES = "LOCK TABLE agent_states, agent_ring_no_answers IN SHARE MODE";

    static final String ROLL_STATES = "SELECT report_roll_states_between($1, $2)";

    static final String ROLL_NOTES = """
            SELECT report_roll_notes(format('SELECT k.*, 1 AS sign FROM call_notes k WHERE k.saved_at >= %L AND k.saved_at < %L',
                                            $1::timestamptz, $2::timestamptz))
            """;

    static final String FIRST_NOTE = """
            SELECT least((SELECT min(saved_at) FROM call_notes), (SELECT min(started) FROM agent_states),
                         (SELECT min(at) FROM agent_ring_no_answers)) AS first
            """;

    /** The timestamps are written into the query text by to_char of bound values: format() cannot take parameters. */
    static final String ROLL_CALLS = """
            SELECT report_roll_calls(format('SELECT k.*, 1 AS sign FROM calls k WHERE k.entered_at >= %L AND k.entered_at < %L',
                                            $1::timestamptz, $2::timestamptz))
            """;

    /**
     * Per agent over the range ($1..$2 as instants, $6..$7 as local days): answered calls and their talk and wrap-up
     * (daily rollup), dispositions (daily rollup), ring-no-answer, logged-in, on-call, hold, wrap-up and paused time
     * by reason (the agent state rollup of V20), complaints logged (the trail's 'created' events), owned (opened in the range, by owner) and resolved with
     * their follow-up scores. $3 team, $4 username, $5 agent id filter when not null. Agents no longer active show
     * only when they answered calls or were logged in in the range.
     */
    static final String AGENTS = """
            WITH r AS (SELECT agent_id, sum(answered) AS answered, sum(talk_ms) AS talk_ms, sum(wrapup_ms) AS wrapup_ms
                       FROM report_agent_daily WHERE day >= $6 AND day <= $7 GROUP BY agent_id),
                 d AS (SELECT agent_id, jsonb_object_agg(disposition, n ORDER BY disposition) AS dispositions
                       FROM (SELECT agent_id, disposition, sum(calls) AS n FROM report_disposition_daily
                             WHERE day >= $6 AND day <= $7 GROUP BY 1, 2 HAVING sum(calls) <> 0) x
                       GROUP BY agent_id),
                 s AS (SELECT agent_id,
                              coalesce(sum(n) FILTER (WHERE state = 'ring-no-answer'), 0) AS ring_no_answer,
                              coalesce(sum(ms) FILTER (WHERE state NOT IN ('ring-no-answer', 'hold')), 0) AS logged_in_ms,
                              coalesce(sum(ms) FILTER (WHERE state = 'hold'), 0) AS hold_ms,
                              coalesce(sum(ms) FILTER (WHERE state = 'on-call'), 0) AS on_call_ms,
                              coalesce(sum(ms) FILTER (WHERE state = 'wrap-up'), 0) AS wrap_state_ms,
                              coalesce(sum(ms) FILTER (WHERE state = 'paused'), 0) AS paused_ms,
                              jsonb_object_agg(reason, ms ORDER BY reason) FILTER (WHERE state = 'paused') AS pauses
                       FROM (SELECT agent_id, state, reason, sum(ms) AS ms, sum(n) AS n FROM report_agent_state_daily
                             WHERE day >= $6 AND day <= $7 GROUP BY 1, 2, 3) x
                       GROUP BY agent_id),
                 logged AS (SELECT actor_id AS agent_id, count(*) AS n FROM complaint_events
                            WHERE kind = 'created' AND at >= $1 AND at < $2 GROUP BY actor_id),
                 owned AS (SELECT owner_id AS agent_id, count(*) AS n FROM complaints
                           WHERE opened_at >= $1 AND opened_at < $2 GROUP BY owner_id),
                 resolved AS (SELECT owner_id AS agent_id, count(*) AS n, count(satisfaction) AS scored,
                                     count(*) FILTER (WHERE satisfaction >= 4) AS satisfied, avg(satisfaction)::float8 AS avg_score
                              FROM complaints WHERE resolved_at >= $1 AND resolved_at < $2 GROUP BY owner_id)
            SELECT a.id, a.username, a.display_name, a.team,
                   coalesce(r.answered, 0) AS answered, coalesce(r.talk_ms, 0) AS talk_ms, coalesce(r.wrapup_ms, 0) AS wrapup_ms,
                   d.dispositions::text AS dispositions, coalesce(logged.n, 0) AS logged, coalesce(owned.n, 0) AS owned,
                   coalesce(resolved.n, 0) AS resolved, coalesce(resolved.scored, 0) AS scored,
                   coalesce(resolved.satisfied, 0) AS satisfied, resolved.avg_score,
                   coalesce(s.ring_no_answer, 0) AS ring_no_answer, coalesce(s.logged_in_ms, 0) AS logged_in_ms,
                   coalesce(s.on_call_ms, 0) AS on_call_ms, coalesce(s.wrap_state_ms, 0) AS wrap_state_ms,
                   coalesce(s.paused_ms, 0) AS paused_ms, s.pauses::text AS pauses, coalesce(s.hold_ms, 0) AS hold_ms
            FROM agents a
            LEFT JOIN r ON r.agent_id = a.id
            LEFT JOIN s ON s.agent_id = a.id
            LEFT JOIN d ON d.agent_id = a.id
            LEFT JOIN logged ON logged.agent_id = a.id
            LEFT JOIN owned ON owned.agent_id = a.id
            LEFT JOIN resolved ON resolved.agent_id = a.id
            WHERE (a.active OR r.answered > 0 OR s.logged_in_ms > 0)
              AND ($3::text IS NULL OR a.team = $3) AND ($4::text IS NULL OR a.username = $4) AND ($5::bigint IS NULL OR a.id = $5)
            ORDER BY a.team NULLS LAST, a.display_name, a.id
            """;

    /**
     * Answered calls, and logged-in, paused and busy (on call or in wrap-up) time from the agent states, per interval
     * (a day at least) for the agents the filters ($6 team, $7 username, $8 id) pick;
     * summed per day first, so the interval is worked out for a day's row, not for every agent's.
     */
    static final String AGENT_SERIES = """
            WITH picked AS (SELECT a.id FROM agents a WHERE ($6::text IS NULL OR a.team = $6)
                            AND ($7::text IS NULL OR a.username = $7) AND ($8::bigint IS NULL OR a.id = $8)),
                 everyone AS (SELECT ($6::text IS NULL AND $7::text IS NULL AND $8::bigint IS NULL) AS yes)
            SELECT to_char(%s, 'YYYY-MM-DD HH24:MI') AS ivl, sum(x.answered) AS answered, sum(x.talk_ms) AS talk_ms,
                   sum(x.logged_in_ms) AS logged_in_ms, sum(x.paused_ms) AS paused_ms, sum(x.busy_ms) AS busy_ms
            FROM (SELECT r.day, sum(r.answered) AS answered, sum(r.talk_ms) AS talk_ms, 0 AS logged_in_ms, 0 AS paused_ms,
                         0 AS busy_ms
                  FROM report_agent_daily r
                  WHERE r.day >= $1 AND r.day <= $2 AND $3::text IS NOT NULL
                    AND ((SELECT yes FROM everyone) OR r.agent_id IN (SELECT id FROM picked))
                  GROUP BY r.day
                  UNION ALL
                  SELECT s.day, 0, 0, coalesce(sum(s.ms) FILTER (WHERE s.state NOT IN ('ring-no-answer', 'hold')), 0),
                         coalesce(sum(s.ms) FILTER (WHERE s.state = 'paused'), 0),
                         coalesce(sum(s.ms) FILTER (WHERE s.state IN ('on-call', 'wrap-up')), 0)
                  FROM report_agent_state_daily s
                  WHERE s.day >= $1 AND s.day <= $2
                    AND ((SELECT yes FROM everyone) OR s.agent_id IN (SELECT id FROM picked))
                  GROUP BY s.day) x
            GROUP BY 1 HAVING sum(x.answered) <> 0 OR sum(x.logged_in_ms) <> 0 ORDER BY 1
            """.formatted(dayInterval("x.day"));

    /** The teams and agents the filters offer. */
    static final String TEAMS = "SELECT DISTINCT team FROM agents WHERE team IS NOT NULL AND active ORDER BY team";

    static final String AGENT_NAMES = "SELECT username, display_name FROM agents WHERE active ORDER BY display_name, username";

    /** Dispositions per interval and over the range (ivl null); $6 a username to count one agent's only. */
    static final String DISPOSITIONS = """
            SELECT to_char(x.ivl, 'YYYY-MM-DD HH24:MI') AS ivl, x.name, sum(x.calls) AS calls
            FROM (SELECT %s AS ivl, d.disposition AS name, d.calls
                  FROM report_disposition_daily d
                  WHERE d.day >= $1 AND d.day <= $2 AND $3::text IS NOT NULL
                    AND ($6::text IS NULL OR d.agent_id = (SELECT id FROM agents WHERE username = $6))) x
            GROUP BY GROUPING SETS ((x.ivl, x.name), (x.name))
            HAVING sum(x.calls) <> 0
            ORDER BY x.ivl IS NULL, x.ivl, x.name
            """.formatted(dayInterval("d.day"));

    /** Calls by the caller's menu choice per interval and over the range. */
    static final String REASONS = """
            SELECT to_char(x.ivl, 'YYYY-MM-DD HH24:MI') AS ivl, x.name, sum(x.calls) AS calls
            FROM (SELECT %s AS ivl, r.reason AS name, r.calls FROM report_reason_daily r
                  WHERE r.day >= $1 AND r.day <= $2 AND $3::text IS NOT NULL) x
            GROUP BY GROUPING SETS ((x.ivl, x.name), (x.name))
            HAVING sum(x.calls) <> 0
            ORDER BY x.ivl IS NULL, x.ivl, x.name
            """.formatted(dayInterval("r.day"));

    /**
     * Complaints over the range by a dimension (%1$s, an expression over c and the owner a): opened, first responses
     * in time and the median business time to them, resolved and in time, time to resolve in business time as each
     * complaint's SLA clock counted it when it was resolved (stored, V21; median and 90th percentile),
     * follow-up scores, reopenings and escalations in the range, repeat complainers. $3 category, $4 tier ('none' =
     * no tier) and $5 severity filter when not null.
     */
    static String complaints(String dimension) {
        String filters = "($3::text IS NULL OR c.category = $3) AND ($4::text IS NULL OR coalesce(c.tier, 'none') = $4)"
                + " AND ($5::text IS NULL OR c.severity = $5)";
        String from = "complaints c LEFT JOIN agents a ON a.id = c.owner_id";
        return """
            WITH base AS MATERIALIZED (
                SELECT %1$s AS g, c.customer_id, c.opened_at, c.first_responded_at, c.first_response_due, c.breach_at,
                       c.resolved_at, c.first_response_business_s, c.resolve_business_s, c.satisfaction,
                       (c.opened_at >= $1 AND c.opened_at < $2) AS is_opened,
                       coalesce(c.resolved_at >= $1 AND c.resolved_at < $2, false) AS is_resolved
                FROM %2$s
                WHERE ((c.opened_at >= $1 AND c.opened_at < $2) OR (c.resolved_at >= $1 AND c.resolved_at < $2)) AND %3$s),
            opened AS (
                SELECT g, count(*) AS n, count(first_responded_at) AS responded,
                       count(*) FILTER (WHERE first_responded_at <= first_response_due) AS responded_in_time,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY first_response_business_s) AS response_median_s
                FROM base WHERE is_opened GROUP BY g),
            resolved AS (
                SELECT g, count(*) AS n, count(*) FILTER (WHERE breach_at IS NULL OR breach_at > resolved_at) AS in_time,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY resolve_business_s) AS median_s,
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY resolve_business_s) AS p90_s,
                       count(satisfaction) AS scored, count(*) FILTER (WHERE satisfaction >= 4) AS satisfied,
                       avg(satisfaction)::float8 AS avg_score
                FROM base WHERE is_resolved GROUP BY g),
            reopened AS (
                SELECT %1$s AS g, count(*) AS n
                FROM complaint_events e JOIN (%2$s) ON c.id = e.complaint_id
                WHERE e.kind = 'transition' AND e.from_status IN ('resolved', 'closed') AND e.at >= $1 AND e.at < $2 AND %3$s
                GROUP BY 1),
            escalated AS (
                SELECT %1$s AS g, count(*) FILTER (WHERE e.level = 1) AS l1, count(*) FILTER (WHERE e.level = 2) AS l2,
                       count(*) FILTER (WHERE e.level >= 3) AS l3
                FROM complaint_events e JOIN (%2$s) ON c.id = e.complaint_id
                WHERE e.kind = 'escalation' AND e.at >= $1 AND e.at < $2 AND %3$s
                GROUP BY 1),
            repeats AS (
                SELECT g, count(*) AS customers, sum(n) AS complaints
                FROM (SELECT g, customer_id, count(*) AS n FROM base WHERE is_opened GROUP BY 1, 2 HAVING count(*) > 1) x
                GROUP BY g),
            groups AS (SELECT g FROM opened UNION SELECT g FROM resolved UNION SELECT g FROM reopened UNION SELECT g FROM escalated)
            SELECT groups.g, coalesce(o.n, 0) AS opened, coalesce(o.responded, 0) AS responded,
                   coalesce(o.responded_in_time, 0) AS responded_in_time, o.response_median_s, coalesce(r.n, 0) AS resolved,
                   coalesce(r.in_time, 0) AS resolved_in_time, r.median_s, r.p90_s, coalesce(r.scored, 0) AS scored,
                   coalesce(r.satisfied, 0) AS satisfied, r.avg_score, coalesce(re.n, 0) AS reopened,
                   coalesce(es.l1, 0) AS l1, coalesce(es.l2, 0) AS l2, coalesce(es.l3, 0) AS l3,
                   coalesce(rp.customers, 0) AS repeat_customers, coalesce(rp.complaints, 0) AS repeat_complaints
            FROM groups
            LEFT JOIN opened o ON o.g = groups.g LEFT JOIN resolved r ON r.g = groups.g
            LEFT JOIN reopened re ON re.g = groups.g LEFT JOIN escalated es ON es.g = groups.g
            LEFT JOIN repeats rp ON rp.g = groups.g
            ORDER BY coalesce(o.n, 0) DESC, groups.g
            """.formatted(dimension, from, filters);
    }

    /**
     * Complaints opened and resolved per interval (a day at least), for the chart; filters as {@link #complaints}, at
     * $6..$8. Counted per local day first, so the interval is worked out for a day's row, not for every complaint's.
     */
    static final String COMPLAINT_SERIES = """
            SELECT to_char(%1$s, 'YYYY-MM-DD HH24:MI') AS ivl, sum(x.opened) AS opened, sum(x.resolved) AS resolved
            FROM (SELECT (c.opened_at AT TIME ZONE $3)::date AS day, count(*) AS opened, 0 AS resolved FROM complaints c
                  WHERE c.opened_at >= $1 AND c.opened_at < $2 AND %2$s GROUP BY 1
                  UNION ALL
                  SELECT (c.resolved_at AT TIME ZONE $3)::date, 0, count(*) FROM complaints c
                  WHERE c.resolved_at >= $1 AND c.resolved_at < $2 AND %2$s GROUP BY 1) x
            GROUP BY 1 ORDER BY 1
            """.formatted(dayInterval("x.day"),
            "($6::text IS NULL OR c.category = $6) AND ($7::text IS NULL OR coalesce(c.tier, 'none') = $7) AND ($8::text IS NULL OR c.severity = $8)");

    /** The pyramid: customers and their value per tier. */
    static final String PYRAMID = """
            SELECT coalesce(tier, 'none') AS tier, count(*) AS customers, coalesce(sum(value), 0)::float8 AS value
            FROM customers GROUP BY 1
            """;

    /**
     * The Pareto curve from the value ranks the last reclassification gave: value of each percentile of ranked
     * customers, best first, cumulated. No sort of the customers is needed.
     */
    static final String PARETO = """
            WITH n AS (SELECT count(*) AS ranked FROM customers WHERE value_rank IS NOT NULL),
                 p AS (SELECT least(100, ceil(c.value_rank * 100.0 / n.ranked))::int AS pct, sum(c.value)::float8 AS value
                       FROM customers c, n WHERE c.value_rank IS NOT NULL GROUP BY 1)
            SELECT pct, sum(value) OVER (ORDER BY pct) AS cumulative, sum(value) OVER () AS total FROM p ORDER BY pct
            """;

    /** Tier movements of the last reclassification (one statement, so one time). */
    static final String TIER_MOVES = """
            SELECT m.moved_at, coalesce(m.from_tier, 'none') AS from_tier, coalesce(m.to_tier, 'none') AS to_tier, count(*) AS n
            FROM customer_tier_moves m
            WHERE m.moved_at = (SELECT max(moved_at) FROM customer_tier_moves)
            GROUP BY 1, 2, 3 ORDER BY 4 DESC, 2, 3
            """;
}

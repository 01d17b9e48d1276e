package org.calldesk.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.calldesk.app.Settings;
import org.calldesk.complaints.BusinessTimeBackfill;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import org.calldesk.reports.ReportRoutes;
import org.calldesk.reports.Reports;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reports on a year of history: calls (default 2 M a month) and complaints (default 200 000) seeded with SQL
 * generate_series (yesterday's calls through the rollup triggers, the year before straight into the rollups); then
 * each report is run for a month and for a year, several times, and its p95 is held against 1 s.
 */
final class ReportScenario implements Benchmark.Scenario {

    private static final int AGENTS = 200;
    private static final int RUNS = 20;
    private static final Duration BUDGET = Duration.ofSeconds(1);

    private static final String AGENT_ROWS = """
            INSERT INTO agents (username, display_name, role, password_hash, team)
            SELECT 'rbench' || g, 'Report Agent ' || g, 'agent', 'x', 'T' || (g % 10)
            FROM generate_series(1, $1::int) AS g
            ON CONFLICT (username) DO NOTHING
            """;

    /**
     * Yesterday's agent states as calldesk writes them, one batch through the statement trigger: from $1 (09:00 local)
     * each agent ($2..$3) does 48 ten-minute cycles of 5 min available, 10 s ringing, 4 min on call, 30 s wrap-up and a
     * 20 s break.
     */
    private static final String STATES_YESTERDAY = """
            INSERT INTO agent_states (agent_id, state, reason, started, ended)
            SELECT a, s.state, s.reason, $1::timestamptz + k * interval '10 minutes' + s.off,
                   $1::timestamptz + k * interval '10 minutes' + s.off + s.len
            FROM generate_series($2::bigint, $3::bigint) AS a, generate_series(0, 47) AS k,
                 (VALUES ('available', '', interval '0', interval '5 minutes'),
                         ('ringing', '', interval '300 seconds', interval '10 seconds'),
                         ('on-call', '', interval '310 seconds', interval '240 seconds'),
                         ('wrap-up', '', interval '550 seconds', interval '30 seconds'),
                         ('paused', 'break', interval '580 seconds', interval '20 seconds')) AS s(state, reason, off, len)
            """;

    /** The year before ($1..$2, local days) straight into the agent state rollup, as the trigger would have built it. */
    private static final String STATES_YEAR = """
            INSERT INTO report_agent_state_daily (day, agent_id, state, reason, ms, n)
            SELECT d::date, a, s.state, s.reason, s.ms, s.n
            FROM generate_series($1::date, $2::date, interval '1 day') AS d, generate_series($3::bigint, $4::bigint) AS a,
                 (VALUES ('available', '', 14400000::bigint, 48), ('ringing', '', 480000, 48), ('on-call', '', 11520000, 48),
                         ('wrap-up', '', 1440000, 48), ('paused', 'break', 960000, 48), ('paused', 'lunch', 1800000, 1),
                         ('ring-no-answer', '', 45000, 3)) AS s(state, reason, ms, n)
            ON CONFLICT DO NOTHING
            """;

    /**
     * One local day of calls: $1 the day's start, $2 calls that day, $3/$4 the agent and customer id ranges. Queues
     * 60/25/15 %, tiers by the pyramid, 85 % answered, 10 % abandoned, 5 % timed out.
     */
    private static final String CALLS = """
            INSERT INTO calls (linkedid, caller_number, customer_id, queue, priority, tier, ivr, entered_at, answered_at,
                               ended_at, agent_id, outcome, wait_ms, talk_ms)
            SELECT 'rb-' || to_char($1::timestamptz, 'YYYYMMDD') || '-' || g, '+86139' || lpad((g % 99999999)::text, 8, '0'),
                   $5 + (g * 7919) % $6, q.queue, 0, t.tier, q.ivr, e.at,
                   CASE WHEN o.outcome = 'answered' THEN e.at + w.ms * interval '1 millisecond' END,
                   e.at + (w.ms + talk.ms) * interval '1 millisecond',
                   CASE WHEN o.outcome = 'answered' THEN $3 + (g * 31) % $4 END, o.outcome, w.ms,
                   CASE WHEN o.outcome = 'answered' THEN talk.ms ELSE 0 END
            FROM generate_series(1::bigint, $2::bigint) AS g,
                 LATERAL (SELECT $1::timestamptz + (g::float8 * 86400 / $2) * interval '1 second' AS at) e,
                 LATERAL (SELECT CASE WHEN g % 20 < 12 THEN 'service' WHEN g % 20 < 17 THEN 'complaints' ELSE 'vip' END AS queue,
                                 CASE WHEN g % 20 < 12 THEN 'service' ELSE 'complaint' END AS ivr) q,
                 LATERAL (SELECT CASE WHEN g % 100 < 2 THEN 'platinum' WHEN g % 100 < 20 THEN 'gold'
                                      WHEN g % 100 < 50 THEN 'silver' WHEN g % 100 < 95 THEN 'bronze' END AS tier) t,
                 LATERAL (SELECT CASE WHEN g % 20 < 17 THEN 'answered' WHEN g % 20 < 19 THEN 'abandoned' ELSE 'no_answer' END AS outcome) o,
                 LATERAL (SELECT ((g * 104729) % 120000)::bigint AS ms) w,
                 LATERAL (SELECT (60000 + (g * 7907) % 300000)::bigint AS ms) talk
            """;

    /**
     * The same calls as {@link #CALLS} for {@code days} days from a start, as a query for report_roll_calls (V13):
     * the rollups the triggers would have made of them, without writing the call rows themselves.
     */
    private static final String SYNTHETIC = """
            SELECT e.at AS entered_at, q.queue, t.tier, q.ivr, o.outcome, w.ms AS wait_ms,
                   CASE WHEN o.outcome = 'answered' THEN talk.ms ELSE 0 END AS talk_ms,
                   CASE WHEN o.outcome = 'answered' THEN %3$d + (g * 31) %% %4$d END AS agent_id,
                   %5$d + (g * 7919) %% %6$d AS customer_id, 1 AS sign
            FROM generate_series(1::bigint, %2$d::bigint) AS g,
                 LATERAL (SELECT timestamptz '%1$s' + (g::float8 * 86400 / %7$d) * interval '1 second' AS at) e,
                 LATERAL (SELECT CASE WHEN g %% 20 < 12 THEN 'service' WHEN g %% 20 < 17 THEN 'complaints' ELSE 'vip' END AS queue,
                                 CASE WHEN g %% 20 < 12 THEN 'service' ELSE 'complaint' END AS ivr) q,
                 LATERAL (SELECT CASE WHEN g %% 100 < 2 THEN 'platinum' WHEN g %% 100 < 20 THEN 'gold'
                                      WHEN g %% 100 < 50 THEN 'silver' WHEN g %% 100 < 95 THEN 'bronze' END AS tier) t,
                 LATERAL (SELECT CASE WHEN g %% 20 < 17 THEN 'answered' WHEN g %% 20 < 19 THEN 'abandoned' ELSE 'no_answer' END AS outcome) o,
                 LATERAL (SELECT ((g * 104729) %% 120000)::bigint AS ms) w,
                 LATERAL (SELECT (60000 + (g * 7907) %% 300000)::bigint AS ms) talk
            """;

    /** Complaints across the year: 70 % resolved (half of those scored), 10 % escalated, each with its 'created' event. */
    private static final String COMPLAINTS = """
            WITH made AS (
                INSERT INTO complaints (customer_id, category, severity, subject, description, status, owner_id, tier, policy,
                                        first_response_target_s, resolution_target_s, calendar, opened_at, first_response_due,
                                        resolution_due, breach_at, first_responded_at, resolved_at, satisfaction, escalation_level,
                                        updated_at)
                SELECT $3 + (g * 7919) % $4,
                       (ARRAY['billing', 'delivery', 'product', 'service', 'staff', 'other'])[1 + g % 6],
                       (ARRAY['critical', 'high', 'normal', 'low'])[1 + g % 4], 'Bench ' || g, 'seeded', 
                       CASE WHEN g % 10 < 7 THEN 'resolved' ELSE 'in_progress' END, $5 + g % $6,
                       (ARRAY['platinum', 'gold', 'silver', 'bronze'])[1 + g % 4], 'bench', 3600, 86400, 'business', o.at,
                       o.at + interval '1 hour', o.at + interval '1 day',
                       CASE WHEN g % 10 = 9 THEN o.at + interval '1 day' END,
                       o.at + (g % 90) * interval '1 minute',
                       CASE WHEN g % 10 < 7 THEN o.at + (g % 48) * interval '1 hour' END,
                       CASE WHEN g % 10 < 7 AND g % 2 = 0 THEN (1 + g % 5)::smallint END,
                       CASE WHEN g % 10 = 9 THEN 2 ELSE 0 END, o.at
                FROM generate_series(1::bigint, $2::bigint) AS g,
                     LATERAL (SELECT $1::timestamptz + (g::float8 * 365 * 86400 / $2) * interval '1 second' AS at) o
                RETURNING id, opened_at, escalation_level, owner_id)
            INSERT INTO complaint_events (complaint_id, at, actor_id, actor, kind, to_status, level)
            SELECT id, opened_at, owner_id, 'bench', 'created', 'new', NULL FROM made
            UNION ALL
            SELECT id, opened_at + interval '1 day', NULL, 'system', 'escalation', NULL, 1 FROM made WHERE escalation_level > 0
            UNION ALL
            SELECT id, opened_at + interval '1 day', NULL, 'system', 'escalation', NULL, 2 FROM made WHERE escalation_level > 0
            """;

    @Override
    public Table run(Benchmark.Context ctx) {
        BenchOptions options = ctx.options();
        Pool pg = ctx.server().pg();
        Settings settings = ctx.server().settings();
        ZoneId zone = settings.reports().zone();
        Table table = new Table("reports", "reports on a year of history: p95 of each report for a month and a year");
        Await.result(pg.preparedQuery(AGENT_ROWS).execute(Tuple.of(AGENTS)), Duration.ofMinutes(1), "adding agents");
        long[] agents = range(pg, "SELECT min(id), max(id) FROM agents WHERE username LIKE 'rbench%'");
        long[] customers = range(pg, "SELECT min(id), max(id) FROM customers");
        if (customers[0] == 0) {
            throw new IllegalStateException("the reports scenario needs seeded customers");
        }
        LocalDate today = LocalDate.now(zone);
        LocalDate first = today.minusDays(365);
        int perDay = (int) Math.round(options.reportCallsPerMonth() * 12 / 365.0);
        // Yesterday's calls are written as calldesk writes calls, through the rollup triggers, a statement per hour
        // (a bulk fill-in); the year before it goes straight into the rollups, as the same triggers would have
        // built them: writing 24 M call rows on a shared 2-core machine would take the better part of an hour and
        // measure the calls table's indexes, not the reports, which read only the rollups.
        LocalDate yesterday = today.minusDays(1);
        long t0 = System.nanoTime();
        int perHour = Math.max(1, perDay / 24);
        for (int hour = 0; hour < 24; hour++) {
            Tuple args = Tuple.of(yesterday.atStartOfDay(zone).plusHours(hour).toOffsetDateTime(), perHour, agents[0],
                    agents[1] - agents[0] + 1, customers[0], customers[1] - customers[0] + 1);
            Await.result(pg.preparedQuery(CALLS.replace("to_char($1::timestamptz, 'YYYYMMDD')", "to_char($1::timestamptz, 'YYYYMMDDHH24')"))
                    .execute(args), Duration.ofMinutes(5), "seeding the calls of " + yesterday);
        }
        long written = (long) perHour * 24;
        double writeSeconds = (System.nanoTime() - t0) / 1e9;
        long t2 = System.nanoTime();
        for (LocalDate day = first; day.isBefore(yesterday); day = day.plusDays(7)) {
            int days = (int) Math.min(7, java.time.temporal.ChronoUnit.DAYS.between(day, yesterday));
            String source = SYNTHETIC.formatted(day.atStartOfDay(zone).toOffsetDateTime(), (long) perDay * days, agents[0],
                    agents[1] - agents[0] + 1, customers[0], customers[1] - customers[0] + 1, perDay);
            Await.result(pg.preparedQuery("SELECT report_roll_calls($1)").execute(Tuple.of(source)), Duration.ofMinutes(10),
                    "rolling up the week of " + day);
            if (day.getDayOfMonth() <= 7) {
                System.err.printf(Locale.ROOT, "rolled up calls up to %s (%d s)%n", day, (System.nanoTime() - t2) / 1_000_000_000);
            }
        }
        long rolled = (long) perDay * java.time.temporal.ChronoUnit.DAYS.between(first, yesterday);
        double rollSeconds = (System.nanoTime() - t2) / 1e9;
        long t1 = System.nanoTime();
        Await.result(pg.preparedQuery(COMPLAINTS).execute(Tuple.of(first.atStartOfDay(zone).toOffsetDateTime(),
                options.reportComplaints(), customers[0], customers[1] - customers[0] + 1, agents[0], agents[1] - agents[0] + 1)),
                Duration.ofMinutes(10), "seeding complaints");
        double complaintSeconds = (System.nanoTime() - t1) / 1e9;
        long t3 = System.nanoTime();
        Await.result(pg.preparedQuery(STATES_YESTERDAY).execute(Tuple.of(yesterday.atStartOfDay(zone).plusHours(9)
                .toOffsetDateTime(), agents[0], agents[1])), Duration.ofMinutes(5), "seeding yesterday's agent states");
        long stateRows = (agents[1] - agents[0] + 1) * 48 * 5;
        double stateSeconds = (System.nanoTime() - t3) / 1e9;
        Await.result(pg.preparedQuery(STATES_YEAR).execute(Tuple.of(first, yesterday.minusDays(1), agents[0], agents[1])),
                Duration.ofMinutes(10), "rolling up a year of agent states");
        // seeded as a calldesk before V21 would have left them: their business times filled in as at a first start
        long t4 = System.nanoTime();
        BusinessTimeBackfill.Result filled = Await.result(new BusinessTimeBackfill(ctx.serverVertx(), pg, settings.sla()).run(),
                Duration.ofMinutes(30), "filling in the complaints' business times");
        double backfillSeconds = (System.nanoTime() - t4) / 1e9;
        Await.result(pg.query("ANALYZE").execute(), Duration.ofMinutes(5), "analyzing");
        table.value("yesterday's calls written through the rollup triggers (an hour per statement)", String.format(Locale.ROOT,
                "%,d in %.1f s (%.0f/s, %.3f ms per call with its rollups)", written, writeSeconds, written / writeSeconds,
                writeSeconds * 1000 / written));
        table.value("the year before rolled up straight from generated calls", String.format(Locale.ROOT,
                "%,d calls in %.0f s", rolled, rollSeconds));
        table.value("yesterday's agent state intervals written through the rollup trigger (one statement)", String.format(
                Locale.ROOT, "%,d in %.1f s (%.3f ms per interval)", stateRows, stateSeconds, stateSeconds * 1000 / stateRows));
        table.value("complaints seeded", String.format(Locale.ROOT, "%,d in %.0f s", options.reportComplaints(), complaintSeconds));
        table.value("complaints' business times filled in (once, at the first start after V21)", String.format(Locale.ROOT,
                "%,d in %.1f s", filled.updated(), backfillSeconds));
        table.value("rollup rows (15-min queue / daily queue / daily agent)", count(pg, "SELECT count(*) FROM report_queue_rollup")
                + " / " + count(pg, "SELECT count(*) FROM report_queue_daily") + " / " + count(pg, "SELECT count(*) FROM report_agent_daily"));

        Reports reports = new Reports(pg, settings.reports(), settings.tiers().names(), settings.complaints().categories());
        SessionUser supervisor = new SessionUser(0, "bench", "Bench", Role.SUPERVISOR, null);
        LocalDate monthStart = today.minusMonths(1).withDayOfMonth(1);
        Map<String, Map<String, String>> ranges = new LinkedHashMap<>();
        ranges.put("month", Map.of("from", monthStart.toString(), "to", monthStart.plusMonths(1).minusDays(1).toString(), "interval", "day"));
        ranges.put("year", Map.of("from", first.toString(), "to", today.minusDays(1).toString(), "interval", "week"));
        List<String> over = new ArrayList<>();
        for (ReportRoutes.Page page : reports.pages()) {
            for (Map.Entry<String, Map<String, String>> range : ranges.entrySet()) {
                if (page.name().equals("value") && range.getKey().equals("year")) {
                    continue; // the value report describes now: no range
                }
                MultiMap params = MultiMap.caseInsensitiveMultiMap();
                range.getValue().forEach(params::add);
                Samples samples = new Samples();
                JsonObject last = null;
                for (int i = 0; i < RUNS; i++) {
                    long start = System.nanoTime();
                    Future<JsonObject> answer = page.runner().apply(params, supervisor);
                    last = Await.result(answer, Duration.ofMinutes(2), page.name() + " for a " + range.getKey());
                    samples.add(System.nanoTime() - start);
                }
                String name = page.name() + (page.name().equals("value") ? "" : ", " + range.getKey() + " by " + range.getValue().get("interval"));
                table.latency(name + " (" + last.getJsonArray("rows").size() + " rows)", samples);
                double p95 = samples.millis()[1];
                if (p95 > BUDGET.toMillis()) {
                    over.add(name + String.format(Locale.ROOT, " %.0f ms", p95));
                }
            }
        }
        table.budget("every report's p95 <= 1 s for a month and a year", over.isEmpty(),
                over.isEmpty() ? "all within" : String.join("; ", over));
        return table;
    }

    private static long[] range(Pool pg, String sql) {
        var row = Await.result(pg.query(sql).execute(), Duration.ofMinutes(1), sql).iterator().next();
        Long min = row.getLong(0);
        Long max = row.getLong(1);
        return min == null ? new long[] {0, 0} : new long[] {min, max};
    }

    private static long count(Pool pg, String sql) {
        return Await.result(pg.query(sql).execute(), Duration.ofMinutes(1), sql).iterator().next().getLong(0);
    }
}

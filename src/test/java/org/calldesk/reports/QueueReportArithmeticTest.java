package org.calldesk.reports;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.calldesk.platform.Invalid;
import org.calldesk.testing.DatabasePerClass;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every figure of the queue and green-channel reports against sums worked out by hand, on a database of its own
 * with calls written straight into the table, in the display time zone Asia/Shanghai (UTC+8), so that the local
 * day and the UTC day differ: a call at 00:10 in Shanghai is 16:10 of the day before in UTC.
 */
@ServerTest
class QueueReportArithmeticTest {

    @RegisterExtension
    static final DatabasePerClass db = new DatabasePerClass();

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final String D = "2026-11-10";
    static final String NEXT = "2026-11-11";

    static Vertx vertx;
    static Pool pg;
    static long agentA;
    static long agentB;

    static ReportSettings settings(long serviceSlMs) {
        return new ReportSettings(5, true, 400, 1500, List.of(
                new ReportSettings.QueueThresholds("service", serviceSlMs, 10_000),
                new ReportSettings.QueueThresholds("vip", 10_000, 5_000)), SHANGHAI);
    }

    static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static OffsetDateTime at(String date, String time) {
        return LocalDateTime.parse(date + "T" + time).atZone(SHANGHAI).toOffsetDateTime();
    }

    static void call(String id, String queue, String tier, Long customer, OffsetDateTime entered, String outcome,
                     long waitMs, long talkMs, Long agent) throws Exception {
        await(pg.preparedQuery("""
                INSERT INTO calls (linkedid, queue, tier, customer_id, entered_at, answered_at, ended_at, outcome, wait_ms,
                                   talk_ms, agent_id, ivr)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'service')""").execute(Tuple.tuple()
                .addValue(id).addValue(queue).addValue(tier).addValue(customer).addValue(entered)
                .addValue(outcome.equals("answered") ? entered.plusNanos(waitMs * 1_000_000) : null)
                .addValue(entered.plusNanos((waitMs + talkMs + 1000) * 1_000_000)).addValue(outcome).addValue(waitMs)
                .addValue(talkMs).addValue(agent)));
    }

    @BeforeAll
    static void seed() throws Exception {
        vertx = Vertx.vertx();
        pg = db.pool(vertx);
        await(new Rollups(pg, settings(20_000)).prepare());
        agentA = await(pg.query("INSERT INTO agents (username, display_name, role, password_hash, team) VALUES "
                + "('a', 'Agent A', 'agent', 'x', 'T1') RETURNING id").execute()).iterator().next().getLong(0);
        agentB = await(pg.query("INSERT INTO agents (username, display_name, role, password_hash, team) VALUES "
                + "('b', 'Agent B', 'agent', 'x', 'T1') RETURNING id").execute()).iterator().next().getLong(0);
        long managed = await(pg.preparedQuery("INSERT INTO customers (external_id, name, tier, account_manager_id) "
                + "VALUES ('c1', 'Managed', 'gold', $1) RETURNING id").execute(Tuple.of(agentA))).iterator().next().getLong(0);

        // service, day D. The first call is offered at 09:14:50 and answered at 09:15:10: it counts in the 09:00 slot.
        call("c1", "service", "gold", managed, at(D, "09:14:50"), "answered", 20_000, 60_000, agentA);  // exactly the threshold: within
        call("c2", "service", "gold", managed, at(D, "09:15:00"), "answered", 25_000, 30_000, agentB);  // not within
        call("c3", "service", "bronze", null, at(D, "09:20:00"), "abandoned", 3_000, 0, null);         // short abandon (< 5 s)
        call("c4", "service", "bronze", null, at(D, "09:40:00"), "abandoned", 5_000, 0, null);         // 5 s is not short
        call("c5", "service", null, null, at(D, "09:50:00"), "no_answer", 60_000, 0, null);            // timed out
        call("c6", "service", "gold", null, at(D, "23:59:30"), "answered", 4_000, 10_000, agentA);     // still day D locally
        call("c7", "service", "silver", null, at(NEXT, "00:10:00"), "answered", 2_000, 20_000, agentB); // D in UTC, D+1 locally
        call("c8", "service", "gold", null, at(D, "09:30:00"), "ended_in_ivr", 0, 0, null);            // never offered
        call("c9", "service", "gold", null, at(D, "09:30:00"), "lost", 0, 0, null);                    // not offered until found
        call("c10", "vip", "platinum", null, at(D, "10:05:00"), "answered", 12_000, 40_000, agentA);   // over vip's 10 s
        await(pg.preparedQuery("INSERT INTO callbacks (caller_number, tier, reason, requested_at, status, done_at) VALUES "
                + "('+861', 'gold', 'r', $1, 'done', $2), ('+862', NULL, 'r', $2, 'pending', NULL)")
                .execute(Tuple.of(at(D, "10:00:00"), at(NEXT, "09:00:00"))));
    }

    @AfterAll
    static void close() throws Exception {
        await(pg.close());
        await(vertx.close());
    }

    static JsonObject report(ReportSettings settings, QueueReport.Split split, Map<String, String> params) throws Exception {
        MultiMap query = MultiMap.caseInsensitiveMultiMap();
        query.add("from", D).add("to", NEXT).add("interval", "day");
        params.forEach(query::set);
        return await(new QueueReport(pg, settings).run(query, split));
    }

    static JsonObject row(JsonArray rows, String interval, String queue, String tier) {
        return rows.stream().map(JsonObject.class::cast)
                .filter(r -> java.util.Objects.equals(r.getString("interval"), interval)
                        && java.util.Objects.equals(r.getString("queue"), queue) && java.util.Objects.equals(r.getString("tier"), tier))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + interval + " " + queue + " " + tier + " in " + rows.encode()));
    }

    @Test
    @DisplayName("a day's figures: offered, abandons in and out of the short-abandon threshold, both service levels, ASA, p90, AHT, longest wait")
    void dayFigures() throws Exception {
        JsonObject day = row(report(settings(20_000), QueueReport.Split.QUEUE, Map.of("queue", "service")).getJsonArray("rows"),
                D + " 00:00", "service", null);
        assertEquals(6, day.getLong("offered"), "c1..c6; not the call that ended in the menu nor the lost one");
        assertEquals(3, day.getLong("answered"));
        assertEquals(2, day.getLong("abandoned"));
        assertEquals(1, day.getLong("shortAbandoned"));
        assertEquals(1, day.getLong("timedOut"));
        assertEquals(2, day.getLong("answeredWithin"), "20 s (exactly the threshold) and 4 s");
        assertEquals(2.0 / 3, day.getDouble("serviceLevel"), 1e-9);
        assertEquals(2.0 / 4, day.getDouble("serviceLevelWithAbandons"), 1e-9, "2 / (3 answered + 1 abandon that was not short)");
        assertEquals(1.0 / 5, day.getDouble("abandonRate"), 1e-9, "1 / (6 offered - 1 short)");
        assertEquals(16_333, day.getLong("asaMs"), "(20 + 25 + 4) s / 3");
        assertEquals(24_250, day.getLong("p90AnswerMs"), "rank 2.7 of 3, in the 20-30 s band topped at the longest answer, 25 s: 20 + 5 x 1.7 / 2");
        assertEquals(43_333, day.getLong("ahtMs"), "(60 + 30 + 10 talk + 3 x 10 wrap-up) s / 3");
        assertEquals(60_000, day.getLong("longestWaitMs"), "the caller who timed out waited longest");
        assertNull(day.getValue("callbacksRequested"), "callbacks belong to no queue");
    }

    @Test
    @DisplayName("short abandons counted as abandons when asked: both rates change, nothing else")
    void shortAbandonsIncluded() throws Exception {
        JsonObject day = row(report(settings(20_000), QueueReport.Split.QUEUE,
                Map.of("queue", "service", "shortAbandons", "include")).getJsonArray("rows"), D + " 00:00", "service", null);
        assertEquals(2.0 / 5, day.getDouble("serviceLevelWithAbandons"), 1e-9);
        assertEquals(2.0 / 6, day.getDouble("abandonRate"), 1e-9);
        assertEquals(2.0 / 3, day.getDouble("serviceLevel"), 1e-9);
    }

    @Test
    @DisplayName("days are the display time zone's: a call at 00:10 in Shanghai belongs to the next day, though it is the same UTC day")
    void localMidnight() throws Exception {
        JsonObject report = report(settings(20_000), QueueReport.Split.QUEUE, Map.of("queue", "service"));
        JsonObject next = row(report.getJsonArray("rows"), NEXT + " 00:00", "service", null);
        assertEquals(1, next.getLong("offered"));
        assertEquals(2_000, next.getLong("asaMs"));
        JsonObject total = row(report.getJsonArray("totals"), null, "service", null);
        assertEquals(7, total.getLong("offered"));
        assertEquals(4, total.getLong("answered"));
        assertEquals(60_000, total.getLong("longestWaitMs"));
        // a range of the next day alone does not see day D's calls
        JsonObject alone = report(settings(20_000), QueueReport.Split.QUEUE, Map.of("from", NEXT, "queue", "service"));
        assertEquals(1, row(alone.getJsonArray("totals"), null, "service", null).getLong("offered"));
    }

    @Test
    @DisplayName("15-minute slots: a call counts in the slot it was offered in, even when answered in the next")
    void quarterHours() throws Exception {
        JsonArray rows = report(settings(20_000), QueueReport.Split.QUEUE, Map.of("queue", "service", "interval", "15m", "to", D))
                .getJsonArray("rows");
        assertEquals(1, row(rows, D + " 09:00", "service", null).getLong("answered"));
        JsonObject quarter = row(rows, D + " 09:15", "service", null);
        assertEquals(2, quarter.getLong("offered"));
        assertEquals(1, quarter.getLong("shortAbandoned"));
        assertEquals(1, row(rows, D + " 09:30", "service", null).getLong("abandoned"));
        assertEquals(1, row(rows, D + " 09:45", "service", null).getLong("timedOut"));
        assertEquals(1, row(rows, D + " 23:45", "service", null).getLong("answered"));
        assertEquals(5, rows.size(), "slots without calls are left out: " + rows.encode());
    }

    @Test
    @DisplayName("the green channel: the same figures per tier, callbacks per tier, and the account manager's share")
    void byTier() throws Exception {
        JsonObject report = report(settings(20_000), QueueReport.Split.TIER, Map.of());
        JsonArray rows = report.getJsonArray("rows");
        JsonObject gold = row(rows, D + " 00:00", null, "gold");
        assertEquals(3, gold.getLong("offered"));
        assertEquals(2, gold.getLong("answeredWithin"));
        assertEquals(2, gold.getLong("managedAnswered"), "two answered calls of the managed customer");
        assertEquals(0.5, gold.getDouble("managerShare"), 1e-9, "one of them answered by the account manager");
        assertEquals(1, gold.getLong("callbacksRequested"));
        assertEquals(0, gold.getLong("callbacksCompleted"));
        JsonObject platinum = row(rows, D + " 00:00", null, "platinum");
        assertEquals(0, platinum.getLong("answeredWithin"), "12 s is over vip's 10 s threshold");
        assertEquals(5_000 + 40_000, platinum.getLong("ahtMs"), "vip's wrap-up is 5 s");
        assertEquals(2, row(rows, D + " 00:00", null, "bronze").getLong("abandoned"));
        assertEquals(1, row(rows, D + " 00:00", null, "none").getLong("timedOut"), "callers without a tier");
        assertEquals(1, row(report.getJsonArray("totals"), null, null, "gold").getLong("callbacksCompleted"),
                "completed the next day");
        assertEquals(1, row(report.getJsonArray("totals"), null, null, "none").getLong("callbacksRequested"));
        JsonObject silverOnly = report(settings(20_000), QueueReport.Split.TIER, Map.of("tier", "silver"));
        assertEquals(1, silverOnly.getJsonArray("totals").size());
        assertEquals("silver", silverOnly.getJsonArray("totals").getJsonObject(0).getString("tier"));
    }

    @Test
    @DisplayName("a call found later (lost, then filled in as answered) is counted then; new thresholds rebuild the rollup")
    void updatesAndRebuild() throws Exception {
        await(pg.query("UPDATE calls SET outcome = 'answered', wait_ms = 30000, queue = 'vip' WHERE linkedid = 'c9'").execute());
        JsonObject vip = row(report(settings(20_000), QueueReport.Split.QUEUE, Map.of("queue", "vip")).getJsonArray("totals"),
                null, "vip", null);
        assertEquals(2, vip.getLong("answered"));
        assertEquals(42_000 / 2, vip.getLong("asaMs"), "(12 + 30) s / 2");
        await(pg.query("UPDATE calls SET outcome = 'lost', wait_ms = 0 WHERE linkedid = 'c9'").execute());

        ReportSettings longer = settings(25_000);
        await(new Rollups(pg, longer).prepare());
        try {
            JsonObject day = row(report(longer, QueueReport.Split.QUEUE, Map.of("queue", "service")).getJsonArray("rows"),
                    D + " 00:00", "service", null);
            assertEquals(3, day.getLong("answeredWithin"), "25 s is within the new threshold");
            assertEquals(6, day.getLong("offered"), "rebuilt, not counted twice");
            JsonObject vipAgain = row(report(longer, QueueReport.Split.QUEUE, Map.of("queue", "vip")).getJsonArray("totals"),
                    null, "vip", null);
            assertEquals(1, vipAgain.getLong("answered"), "the call taken back out of the rollup");
        } finally {
            await(new Rollups(pg, settings(20_000)).prepare());
        }
    }

    @Test
    @DisplayName("the triggers (a call at a time) and a rebuild from calls (set-wise) count every rollup alike")
    void triggersAndRebuildAgree() throws Exception {
        String day = "2026-11-12";
        call("t1", "service", "gold", null, at(day, "08:00:00"), "answered", 7_000, 30_000, agentA);
        call("t2", "service", "gold", null, at(day, "08:01:00"), "answered", 26_000, 40_000, agentB);
        call("t3", "vip", null, null, at(day, "23:50:00"), "abandoned", 2_000, 0, null);
        call("t4", "complaints", "silver", null, at(day, "12:00:00"), "no_answer", 90_000, 0, null);
        call("t5", null, null, null, at(day, "12:30:00"), "ended_in_ivr", 0, 0, null);
        await(pg.query("UPDATE calls SET talk_ms = 45000 WHERE linkedid = 't2'").execute());
        await(pg.preparedQuery("INSERT INTO call_notes (linkedid, agent_id, disposition, saved_at) VALUES ('t1', $1, 'resolved', $2)")
                .execute(Tuple.of(agentA, at(day, "08:05:00"))));
        await(pg.preparedQuery("UPDATE call_notes SET disposition = 'transferred' WHERE linkedid = 't1'").execute());
        String before = rollups();
        await(pg.query("DELETE FROM report_state").execute());
        await(new Rollups(pg, settings(20_000)).prepare());
        assertEquals(before, rollups());
        assertTrue(before.contains("transferred"), before);
    }

    /** Every rollup row that counts something, as text. */
    private static String rollups() throws Exception {
        StringBuilder all = new StringBuilder();
        for (String sql : List.of(
                "SELECT string_agg(t::text, E'\\n' ORDER BY t::text) FROM report_queue_rollup t WHERE offered <> 0",
                "SELECT string_agg(t::text, E'\\n' ORDER BY t::text) FROM report_queue_daily t WHERE offered <> 0",
                "SELECT string_agg(t::text, E'\\n' ORDER BY t::text) FROM report_agent_daily t WHERE answered <> 0",
                "SELECT string_agg(t::text, E'\\n' ORDER BY t::text) FROM report_reason_daily t WHERE calls <> 0",
                "SELECT string_agg(t::text, E'\\n' ORDER BY t::text) FROM report_disposition_daily t WHERE calls <> 0")) {
            all.append(await(pg.query(sql).execute()).iterator().next().getString(0)).append("\n--\n");
        }
        return all.toString();
    }

    @Test
    @DisplayName("an empty, inverted or too long range, or too many intervals, is refused with the reason")
    void badRanges() {
        ReportSettings s = settings(20_000);
        assertRefused(s, Map.of("to", D), "from is required");
        assertRefused(s, Map.of("from", NEXT, "to", D), "inverted");
        assertRefused(s, Map.of("from", "2025-01-01", "to", D), "at most 400");
        assertRefused(s, Map.of("from", "2026-10-01", "to", D, "interval", "15m"), "choose a longer interval");
        assertRefused(s, Map.of("from", "10/11/2026", "to", D), "YYYY-MM-DD");
        assertRefused(s, Map.of("from", D, "to", D, "interval", "year"), "interval must be one of");
        assertRefused(s, Map.of("from", D, "to", D, "by", "agent"), "by must be");
    }

    private static void assertRefused(ReportSettings settings, Map<String, String> params, String reason) {
        MultiMap query = MultiMap.caseInsensitiveMultiMap();
        params.forEach(query::set);
        Throwable failure = new QueueReport(pg, settings).run(query, QueueReport.Split.QUEUE).cause();
        assertInstanceOf(Invalid.class, failure, params.toString());
        assertTrue(failure.getMessage().contains(reason), failure.getMessage());
    }
}

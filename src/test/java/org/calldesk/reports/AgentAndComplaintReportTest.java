package org.calldesk.reports;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.calldesk.complaints.BusinessTimeBackfill;
import org.calldesk.complaints.SlaPolicies;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
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
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agents, dispositions, complaints and value reports against figures worked out by hand, on a database of their
 * own, with days counted in Asia/Shanghai (UTC+8).
 */
@ServerTest
class AgentAndComplaintReportTest {

    @RegisterExtension
    static final DatabasePerClass db = new DatabasePerClass();

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final String D = "2026-11-10";
    static final String NEXT = "2026-11-11";
    static final ReportSettings SETTINGS = new ReportSettings(5, true, 400, 1500, List.of(
            new ReportSettings.QueueThresholds("service", 20_000, 10_000),
            new ReportSettings.QueueThresholds("vip", 10_000, 5_000)), SHANGHAI);

    static Vertx vertx;
    static Pool pg;
    static long agentA;
    static long agentB;

    static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static OffsetDateTime at(String date, String time) {
        return LocalDateTime.parse(date + "T" + time).atZone(SHANGHAI).toOffsetDateTime();
    }

    static long id(String sql, Tuple args) throws Exception {
        return await(pg.preparedQuery(sql).execute(args)).iterator().next().getLong(0);
    }

    static void call(String id, String queue, OffsetDateTime entered, long talkMs, long agent) throws Exception {
        await(pg.preparedQuery("""
                INSERT INTO calls (linkedid, queue, entered_at, answered_at, ended_at, outcome, wait_ms, talk_ms, agent_id, ivr)
                VALUES ($1, $2, $3, $3, $3 + interval '10 minutes', 'answered', 1000, $4, $5, $6)""")
                .execute(Tuple.of(id, queue, entered, talkMs, agent, queue.equals("vip") ? "complaint" : "service")));
    }

    static void note(String linkedid, String disposition, long agent, OffsetDateTime saved) throws Exception {
        await(pg.preparedQuery("""
                INSERT INTO call_notes (linkedid, agent_id, disposition, saved_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (linkedid) DO UPDATE SET disposition = excluded.disposition, saved_at = excluded.saved_at""")
                .execute(Tuple.of(linkedid, agent, disposition, saved)));
    }

    /** A complaint as ComplaintStore leaves it; resolved when {@code resolved} is not null. */
    static long complaint(long customer, String category, String severity, String tier, Long owner, OffsetDateTime opened,
                          OffsetDateTime dueFirst, OffsetDateTime responded, OffsetDateTime resolved, OffsetDateTime breach,
                          Integer score, long pausedS) throws Exception {
        return id("""
                INSERT INTO complaints (customer_id, category, severity, subject, description, status, owner_id, tier, policy,
                                        first_response_target_s, resolution_target_s, calendar, opened_at, first_response_due,
                                        first_responded_at, resolved_at, breach_at, satisfaction, paused_s, updated_at)
                VALUES ($1, $2, $3, 's', 'd', $4, $5, $6, 'p', 3600, 86400, 'business', $7, $8, $9, $10, $11, $12, $13, $7)
                RETURNING id""", Tuple.tuple().addValue(customer).addValue(category).addValue(severity)
                .addValue(resolved == null ? "in_progress" : "resolved").addValue(owner).addValue(tier).addValue(opened)
                .addValue(dueFirst).addValue(responded).addValue(resolved).addValue(breach)
                .addValue(score == null ? null : score.shortValue()).addValue(pausedS));
    }

    static void event(long complaint, OffsetDateTime at, Long actor, String kind, String from, String to, Integer level)
            throws Exception {
        await(pg.preparedQuery("""
                INSERT INTO complaint_events (complaint_id, at, actor_id, actor, kind, from_status, to_status, level)
                VALUES ($1, $2, $3, 'x', $4, $5, $6, $7)""").execute(Tuple.tuple().addValue(complaint).addValue(at)
                .addValue(actor).addValue(kind).addValue(from).addValue(to).addValue(level)));
    }

    @BeforeAll
    static void seed() throws Exception {
        vertx = Vertx.vertx();
        pg = db.pool(vertx);
        await(new Rollups(pg, SETTINGS).prepare());
        agentA = id("INSERT INTO agents (username, display_name, role, password_hash, team) VALUES ('a', 'Agent A', 'agent', 'x', 'T1') RETURNING id", Tuple.tuple());
        agentB = id("INSERT INTO agents (username, display_name, role, password_hash, team) VALUES ('b', 'Agent B', 'agent', 'x', 'T1') RETURNING id", Tuple.tuple());
        long managed = id("INSERT INTO customers (external_id, name, tier) VALUES ('c1', 'Repeat', 'gold') RETURNING id", Tuple.tuple());
        long other = id("INSERT INTO customers (external_id, name, tier) VALUES ('c2', 'Other', 'silver') RETURNING id", Tuple.tuple());

        call("c1", "service", at(D, "09:14:50"), 60_000, agentA);   // wrap-up 10 s
        call("c6", "service", at(D, "23:59:30"), 10_000, agentA);   // wrap-up 10 s, still day D locally
        call("c10", "vip", at(D, "10:05:00"), 40_000, agentA);      // vip's wrap-up is 5 s
        call("c2", "service", at(D, "09:15:00"), 30_000, agentB);
        call("c7", "service", at(NEXT, "00:10:00"), 20_000, agentB); // D in UTC, the next day locally
        note("c1", "resolved", agentA, at(D, "09:20:00"));
        note("c6", "resolved", agentA, at(D, "23:59:50"));
        note("c6", "wrong number", agentA, at(D, "23:59:55"));       // changed: counted once, as the last choice
        note("c7", "resolved", agentB, at(NEXT, "00:15:00"));

        // billing: K1 answered and resolved in time (23 h after opening, one hour of it paused), scored 5
        long k1 = complaint(managed, "billing", "high", "gold", agentA, at(D, "10:00:00"), at(D, "11:00:00"),
                at(D, "10:30:00"), at(NEXT, "10:00:00"), null, 5, 3600);
        // billing: K2 answered late, breached at 17:30 and resolved at 18:00 (6 h), scored 2, then reopened
        long k2 = complaint(managed, "billing", "normal", "gold", agentA, at(D, "12:00:00"), at(D, "16:00:00"),
                at(D, "17:00:00"), at(D, "18:00:00"), at(D, "17:30:00"), 2, 0);
        long k3 = complaint(other, "delivery", "low", "silver", agentB, at(D, "13:00:00"), at(D, "17:00:00"),
                null, null, null, null, 0);
        long k4 = complaint(managed, "billing", "low", "gold", null, at(D, "14:00:00"), at(D, "22:00:00"),
                null, null, null, null, 0);
        event(k1, at(D, "10:00:00"), agentA, "created", null, "new", null);
        event(k2, at(D, "12:00:00"), agentA, "created", null, "new", null);
        event(k3, at(D, "13:00:00"), agentB, "created", null, "new", null);
        event(k4, at(D, "14:00:00"), agentB, "created", null, "new", null);
        event(k2, at(D, "15:00:00"), null, "escalation", null, null, 1);
        event(k2, at(D, "17:30:00"), null, "escalation", null, null, 2);
        event(k2, at(D, "19:00:00"), agentA, "transition", "resolved", "in_progress", null);
        // business times as a calldesk before V21 left them: none, until the start-up backfill fills them in
        BusinessTimeBackfill.Result filled = await(new BusinessTimeBackfill(vertx, pg,
                SlaPolicies.from(org.calldesk.platform.Config.defaults())).run());
        assertEquals(2, filled.updated(), "K1 and K2 were answered; K3 and K4 not");
    }

    @AfterAll
    static void close() throws Exception {
        await(pg.close());
        await(vertx.close());
    }

    static MultiMap params(Map<String, String> given) {
        MultiMap query = MultiMap.caseInsensitiveMultiMap();
        query.add("from", D).add("to", NEXT).add("interval", "day");
        given.forEach(query::set);
        return query;
    }

    static JsonObject find(JsonArray rows, String key, String value) {
        return rows.stream().map(JsonObject.class::cast).filter(r -> Objects.equals(r.getString(key), value)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + "=" + value + " in " + rows.encode()));
    }

    @Test
    @DisplayName("agents: answered calls, talk, wrap-up by queue, handle time, dispositions (the last choice), complaints, satisfaction; team totals")
    void agents() throws Exception {
        JsonObject report = await(new AgentReport(pg, SETTINGS).all(params(Map.of()), null));
        JsonObject a = find(report.getJsonArray("rows"), "username", "a");
        assertEquals(3, a.getLong("answered"));
        assertEquals(110_000, a.getLong("talkMs"));
        assertEquals(25_000, a.getLong("wrapupMs"), "10 + 10 s in service, 5 s in vip");
        assertEquals(45_000, a.getLong("ahtMs"), "(110 + 25) s / 3");
        assertEquals("resolved 1 · wrong number 1", a.getString("dispositions"));
        assertEquals(2, a.getLong("complaintsLogged"));
        assertEquals(2, a.getLong("complaintsOwned"));
        assertEquals(2, a.getLong("complaintsResolved"));
        assertEquals(0.5, a.getDouble("csat"), 1e-9, "one of the two scores is 4-5");
        assertEquals(3.5, a.getDouble("avgScore"), 1e-9);
        JsonObject team = find(report.getJsonArray("totals"), "team", "T1");
        assertEquals(5, team.getLong("answered"));
        assertEquals(4, team.getLong("complaintsLogged"));

        JsonObject dayOnly = await(new AgentReport(pg, SETTINGS).all(params(Map.of("to", D)), null));
        assertEquals(1, find(dayOnly.getJsonArray("rows"), "username", "b").getLong("answered"),
                "B's 00:10 call is the next day in Shanghai");
    }

    @Test
    @DisplayName("my figures: only the signed-in agent's row, whatever filters the request carries")
    void ownFigures() throws Exception {
        SessionUser b = new SessionUser(agentB, "b", "Agent B", Role.AGENT, null);
        JsonObject mine = await(new AgentReport(pg, SETTINGS).own(params(Map.of("agent", "a", "team", "T1")), b));
        assertEquals(1, mine.getJsonArray("rows").size());
        assertEquals("b", mine.getJsonArray("rows").getJsonObject(0).getString("username"));
        assertEquals(0, mine.getJsonArray("totals").size());
        assertEquals(2, mine.getJsonArray("series").size(), "one answered call on each local day");
    }

    @Test
    @DisplayName("dispositions and reasons for calling per local day, a changed disposition counted once")
    void dispositions() throws Exception {
        JsonObject report = await(new ContactReport(pg, SETTINGS).run(params(Map.of()), null));
        JsonArray rows = report.getJsonArray("rows");
        long resolvedD = rows.stream().map(JsonObject.class::cast).filter(r -> r.getString("interval").equals(D + " 00:00")
                && r.getString("kind").equals("disposition") && r.getString("name").equals("resolved")).mapToLong(r -> r.getLong("calls")).sum();
        assertEquals(1, resolvedD);
        JsonArray totals = report.getJsonArray("totals");
        assertEquals(2, totals.stream().map(JsonObject.class::cast).filter(r -> r.getString("kind").equals("disposition")
                && r.getString("name").equals("resolved")).findFirst().orElseThrow().getLong("calls"));
        assertEquals(1, totals.stream().map(JsonObject.class::cast).filter(r -> r.getString("name").equals("wrong number"))
                .findFirst().orElseThrow().getLong("calls"));
        assertEquals(4, totals.stream().map(JsonObject.class::cast).filter(r -> r.getString("kind").equals("reason")
                && r.getString("name").equals("service")).findFirst().orElseThrow().getLong("calls"));
    }

    @Test
    @DisplayName("complaints by category: targets met, business time to respond and to resolve (median, p90), reopenings, escalations, CSAT, repeat complainers")
    void complaints() throws Exception {
        JsonObject report = await(new ComplaintReport(pg, SETTINGS).run(params(Map.of()), null));
        JsonObject billing = find(report.getJsonArray("rows"), "group", "billing");
        assertEquals(3, billing.getLong("opened"));
        assertEquals(2, billing.getLong("resolved"));
        assertEquals(1, billing.getLong("reopened"));
        assertEquals(0.5, billing.getDouble("firstResponseMet"), 1e-9, "of the two answered, one in time");
        assertEquals(0.5, billing.getDouble("resolutionMet"), 1e-9, "K2 breached before it was resolved");
        // business time, Tue-Wed 09:00-18:00 Shanghai: K1 Tue 10:00-18:00 + Wed 09:00-10:00 = 9 h (its trail has no
        // pause: the clock counts only what the trail says), K2 12:00-18:00 = 6 h, though 24 h and 6 h passed
        assertEquals(27_000_000, billing.getLong("medianResolveMs"), "(9 h + 6 h) / 2");
        assertEquals(31_320_000, billing.getLong("p90ResolveMs"), "6 h + 0.9 x 3 h");
        assertEquals(9_900_000, billing.getLong("medianFirstResponseMs"), "(30 min + 5 h) / 2: K1 10:00-10:30, K2 12:00-17:00");
        assertTrue(report.getString("noteKey").startsWith("report.note.complaints"), "the page says it is business time");
        assertEquals(1, billing.getLong("escalations1"));
        assertEquals(1, billing.getLong("escalations2"));
        assertEquals(0.5, billing.getDouble("csat"), 1e-9);
        assertEquals(3.5, billing.getDouble("avgScore"), 1e-9);
        assertEquals(1, billing.getLong("repeatCustomers"));
        assertEquals(3, billing.getLong("repeatComplaints"));
        JsonObject delivery = find(report.getJsonArray("rows"), "group", "delivery");
        assertNull(delivery.getValue("firstResponseMet"), "nothing answered: no rate");
        assertEquals(4, report.getJsonArray("totals").getJsonObject(0).getLong("opened"));

        JsonObject bySeverity = await(new ComplaintReport(pg, SETTINGS).run(params(Map.of("by", "severity", "tier", "gold")), null));
        assertEquals(1, find(bySeverity.getJsonArray("rows"), "group", "low").getLong("opened"),
                "gold only: K4 is low, K3 (silver) is left out");
    }

    @Test
    @DisplayName("customer value: the pyramid's shares and the tier moves of the last reclassification")
    void value() throws Exception {
        await(pg.query("UPDATE customers SET revenue_12m = 300, value_rank = 1 WHERE external_id = 'c1'").execute());
        await(pg.query("UPDATE customers SET revenue_12m = 100, value_rank = 2, tier = 'gold' WHERE external_id = 'c2'").execute());
        JsonObject report = await(new ValueReport(pg, List.of("platinum", "gold", "silver", "bronze"), SHANGHAI).run(params(Map.of()), null));
        JsonObject gold = find(report.getJsonArray("rows"), "tier", "gold");
        assertEquals(2, gold.getLong("customers"));
        assertEquals(1.0, gold.getDouble("valueShare"), 1e-9);
        assertEquals(1, gold.getLong("movedIn"), "c2 moved from silver to gold");
        assertEquals(1, find(report.getJsonArray("rows"), "tier", "silver").getLong("movedOut"));
        JsonArray pareto = report.getJsonArray("pareto");
        assertEquals(3, pareto.size(), pareto.encode());
        assertEquals(50, pareto.getJsonObject(1).getInteger("customersPct"), "the better of two ranked customers is the top 50 %");
        assertEquals(75.0, pareto.getJsonObject(1).getDouble("valuePct"), 1e-9, "and brings 300 of 400");
        assertEquals(100.0, pareto.getJsonObject(2).getDouble("valuePct"), 1e-9);
    }
}

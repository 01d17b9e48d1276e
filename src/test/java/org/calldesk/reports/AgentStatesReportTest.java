package org.calldesk.reports;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import org.calldesk.telephony.AgentStatus;
import org.calldesk.telephony.AgentStatus.Activity;
import org.calldesk.testing.DatabasePerClass;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agents report's figures from the history of agent states (V20), against figures worked out by hand, with days
 * counted in Asia/Shanghai (UTC+8): ring-no-answer, hold, logged-in and paused time by reason (a pause across 15-minute
 * boundaries, one across local midnight), occupancy, team totals; the states written by {@link AgentStates} in one
 * batch, and the rollup rebuilt from them gives the same figures.
 */
@ServerTest
class AgentStatesReportTest {

    @RegisterExtension
    static final DatabasePerClass db = new DatabasePerClass();

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final String D = "2026-11-10";
    static final String NEXT = "2026-11-11";
    static final ReportSettings SETTINGS = new ReportSettings(5, true, 400, 1500, List.of(
            new ReportSettings.QueueThresholds("service", 20_000, 10_000)), SHANGHAI);

    static Vertx vertx;
    static Pool pg;
    static long agentA;
    static long agentB;
    static long agentC;

    static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static Instant at(String date, String time) {
        return LocalDateTime.parse(date + "T" + time).atZone(SHANGHAI).toInstant();
    }

    static long id(String sql) throws Exception {
        return await(pg.preparedQuery(sql).execute()).iterator().next().getLong(0);
    }

    static AgentStatus status(Activity activity, String reason) {
        boolean paused = activity == Activity.PAUSED || activity == Activity.WRAP_UP;
        String pause = activity == Activity.WRAP_UP ? AgentStatus.WRAP_UP_REASON : reason;
        return new AgentStatus("PJSIP/1", activity, paused, paused ? pause : null, List.of("service"),
                paused ? Map.of("service", pause) : Map.of(), null);
    }

    @BeforeAll
    static void seed() throws Exception {
        vertx = Vertx.vertx();
        pg = db.pool(vertx);
        await(new Rollups(pg, SETTINGS).prepare());
        agentA = id("INSERT INTO agents (username, display_name, role, password_hash, team) VALUES ('a', 'Agent A', 'agent', 'x', 'T1') RETURNING id");
        agentB = id("INSERT INTO agents (username, display_name, role, password_hash, team) VALUES ('b', 'Agent B', 'agent', 'x', 'T1') RETURNING id");
        agentC = id("INSERT INTO agents (username, display_name, role, password_hash, team) VALUES ('c', 'Agent C', 'agent', 'x', 'T2') RETURNING id");

        AgentStates states = new AgentStates(pg, new AgentStateSettings(1000, 1000));
        // Agent A on day D (local time):
        states.changed(agentA, status(Activity.AVAILABLE, null), at(D, "09:00:00"));   // 600 s available
        states.changed(agentA, status(Activity.RINGING, null), at(D, "09:10:00"));     // 20 s ringing
        states.changed(agentA, status(Activity.ON_CALL, null), at(D, "09:10:20"));     // 240 s on call
        states.hold(agentA, true, at(D, "09:11:00"));                                   // 90 s on hold
        states.hold(agentA, true, at(D, "09:11:30"));                                   // (already on hold)
        states.hold(agentA, false, at(D, "09:12:30"));
        states.hold(agentA, true, at(D, "09:13:50"));                                   // 30 s, ended by the call's end
        states.changed(agentA, status(Activity.WRAP_UP, null), at(D, "09:14:20"));     // 30 s wrap-up
        states.changed(agentA, status(Activity.PAUSED, "lunch"), at(D, "09:14:50"));   // 1820 s lunch, across 09:15, 09:30, 09:45
        states.changed(agentA, status(Activity.PAUSED, "lunch"), at(D, "09:20:00"));   // the same state again: no new interval
        states.changed(agentA, status(Activity.AVAILABLE, null), at(D, "09:45:10"));   // 890 s available
        states.changed(agentA, AgentStatus.loggedOut("PJSIP/1"), at(D, "10:00:00"));   // logged out until 23:50: not counted
        states.changed(agentA, status(Activity.PAUSED, "break"), at(D, "23:50:00"));   // 600 s on D + 1200 s on NEXT
        states.changed(agentA, status(Activity.AVAILABLE, null), at(NEXT, "00:20:00")); // 600 s available on NEXT
        states.changed(agentA, AgentStatus.loggedOut("PJSIP/1"), at(NEXT, "00:30:00"));
        states.ringNoAnswer(agentA, at(D, "09:05:00"), "service", 15_000);
        states.ringNoAnswer(agentA, at(D, "09:06:00"), "service", 15_000);
        states.ringNoAnswer(agentA, at(NEXT, "00:25:00"), "service", 15_000);
        // Agent B on day D: 3600 s available, 1800 s on call, 60 s wrap-up; paused without a reason for 300 s
        states.changed(agentB, status(Activity.AVAILABLE, null), at(D, "10:00:00"));
        states.changed(agentB, status(Activity.ON_CALL, null), at(D, "11:00:00"));
        states.changed(agentB, status(Activity.WRAP_UP, null), at(D, "11:30:00"));
        states.changed(agentB, status(Activity.PAUSED, ""), at(D, "11:31:00"));
        states.changed(agentB, AgentStatus.loggedOut("PJSIP/1"), at(D, "11:36:00"));
        // Agent C: only paused, on day D
        states.changed(agentC, status(Activity.PAUSED, "training"), at(D, "14:00:00"));
        states.changed(agentC, AgentStatus.loggedOut("PJSIP/1"), at(D, "15:00:00"));
        await(states.flush());
    }

    @AfterAll
    static void close() throws Exception {
        await(pg.close());
        await(vertx.close());
    }

    static MultiMap params(String from, String to) {
        MultiMap query = MultiMap.caseInsensitiveMultiMap();
        query.add("from", from).add("to", to).add("interval", "day");
        return query;
    }

    static JsonObject find(JsonArray rows, String key, String value) {
        return rows.stream().map(JsonObject.class::cast).filter(r -> Objects.equals(r.getString(key), value)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + "=" + value + " in " + rows.encode()));
    }

    @Test
    @DisplayName("every change is one interval row, written in one batch; a repeated state opens none")
    void intervalsWritten() throws Exception {
        List<String> rows = new ArrayList<>();
        for (Row row : await(pg.preparedQuery("SELECT state, reason, extract(epoch FROM ended - started)::bigint AS s "
                + "FROM agent_states WHERE agent_id = $1 ORDER BY started").execute(Tuple.of(agentA)))) {
            rows.add(row.getString("state") + "/" + row.getString("reason") + "/" + row.getLong("s"));
        }
        assertEquals(List.of("available//600", "ringing//20", "on-call//240", "hold//90", "hold//30", "wrap-up//30", "paused/lunch/1820",
                "available//890", "logged-out//49800", "paused/break/1800", "available//600"), rows,
                "the last logged-out interval stays open");
        assertEquals(3, id("SELECT count(*) FROM agent_ring_no_answers WHERE agent_id = " + agentA));
    }

    @Test
    @DisplayName("day D: ring-no-answer, logged-in and paused time by reason (midnight splits the break), occupancy; team totals")
    void dayD() throws Exception {
        JsonObject report = await(new AgentReport(pg, SETTINGS).all(params(D, D), null));
        JsonObject a = find(report.getJsonArray("rows"), "username", "a");
        assertEquals(2, a.getLong("ringNoAnswer"));
        assertEquals((600 + 20 + 240 + 30 + 1820 + 890 + 600) * 1000L, a.getLong("loggedInMs"), "the break's first 600 s only");
        assertEquals((1820 + 600) * 1000L, a.getLong("pausedMs"));
        assertEquals(120_000L, a.getLong("holdMs"), "90 s, then 30 s until the call ended; within the on-call time");
        assertEquals("break 0:10:00 · lunch 0:30:20", a.getString("pausedByReason"));
        assertEquals(270.0 / 1780, a.getDouble("occupancy"), 1e-9, "(240 + 30) / (4200 - 2420)");

        JsonObject b = find(report.getJsonArray("rows"), "username", "b");
        assertEquals(0, b.getLong("ringNoAnswer"));
        assertEquals(5760_000L, b.getLong("loggedInMs"));
        assertEquals("— 0:05:00", b.getString("pausedByReason"), "a pause without a reason");
        assertEquals(1860.0 / 5460, b.getDouble("occupancy"), 1e-9, "(1800 + 60) / (5760 - 300)");

        JsonObject c = find(report.getJsonArray("rows"), "username", "c");
        assertNull(c.getValue("occupancy"), "logged in only while paused: no occupancy");
        assertEquals(3600_000L, c.getLong("pausedMs"));

        JsonObject t1 = find(report.getJsonArray("totals"), "team", "T1");
        assertEquals(2, t1.getLong("ringNoAnswer"));
        assertEquals(120_000L, t1.getLong("holdMs"));
        assertEquals((4200 + 5760) * 1000L, t1.getLong("loggedInMs"));
        assertEquals((2420 + 300) * 1000L, t1.getLong("pausedMs"));
        assertEquals("— 0:05:00 · break 0:10:00 · lunch 0:30:20", t1.getString("pausedByReason"));
        assertEquals(2130.0 / 7240, t1.getDouble("occupancy"), 1e-9, "(270 + 1860) / (9960 - 2720)");
        assertEquals("report.note.agentStates", report.getString("noteKey"));
        assertEquals(1, report.getJsonArray("series").size(), report.getJsonArray("series").encode());
        JsonObject point = report.getJsonArray("series").getJsonObject(0);
        assertEquals("2026-11-10 00:00", point.getString("interval"));
        assertEquals(2130.0 / 7240, point.getDouble("occupancy"), 1e-9, "the day's chart point: every agent's states, C's hour paused included");
    }

    @Test
    @DisplayName("the next day holds the rest of the break; the two days together hold the whole")
    void nextDayAndBoth() throws Exception {
        JsonObject next = find(await(new AgentReport(pg, SETTINGS).all(params(NEXT, NEXT), null)).getJsonArray("rows"), "username", "a");
        assertEquals(1, next.getLong("ringNoAnswer"));
        assertEquals(1800_000L, next.getLong("loggedInMs"));
        assertEquals("break 0:20:00", next.getString("pausedByReason"));
        assertEquals(0.0, next.getDouble("occupancy"), 1e-9, "no call in 600 s available");

        JsonObject both = find(await(new AgentReport(pg, SETTINGS).all(params(D, NEXT), null)).getJsonArray("rows"), "username", "a");
        assertEquals(3, both.getLong("ringNoAnswer"));
        assertEquals(6000_000L, both.getLong("loggedInMs"));
        assertEquals("break 0:30:00 · lunch 0:30:20", both.getString("pausedByReason"));
        assertEquals(1800_000L, both.getJsonObject("pauses").getLong("break"));
    }

    @Test
    @DisplayName("an agent's own figures hold only their own states, whatever the filters")
    void ownOnly() throws Exception {
        SessionUser b = new SessionUser(agentB, "b", "Agent B", Role.AGENT, null);
        MultiMap query = params(D, D).add("agent", "a").add("team", "T1");
        JsonObject mine = await(new AgentReport(pg, SETTINGS).own(query, b));
        assertEquals(1, mine.getJsonArray("rows").size(), mine.encode());
        assertEquals(5760_000L, mine.getJsonArray("rows").getJsonObject(0).getLong("loggedInMs"));
        assertTrue(mine.getJsonArray("totals").isEmpty());
    }

    @Test
    @DisplayName("the rollup rebuilt a day at a time from the intervals (as after a change of time zone) gives the same figures")
    void rebuilt() throws Exception {
        String before = await(pg.query("SELECT string_agg(day::text || agent_id || state || reason || ms || '/' || n, ',' "
                + "ORDER BY day, agent_id, state, reason) AS s FROM report_agent_state_daily").execute()).iterator().next().getString("s");
        assertTrue(before != null && before.contains("paused"), before);
        await(pg.query("DELETE FROM report_agent_state_daily").execute());
        await(pg.query("DELETE FROM report_state WHERE key = 'rebuilt_for'").execute());
        await(new Rollups(pg, SETTINGS).prepare());
        String after = await(pg.query("SELECT string_agg(day::text || agent_id || state || reason || ms || '/' || n, ',' "
                + "ORDER BY day, agent_id, state, reason) AS s FROM report_agent_state_daily").execute()).iterator().next().getString("s");
        assertEquals(before, after);
    }
}

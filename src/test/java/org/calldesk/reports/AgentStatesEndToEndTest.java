package org.calldesk.reports;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.Http;
import org.calldesk.Phones;
import org.calldesk.TestServer;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The history of agent states on the shared server, fed by the switch simulator's real AMI bytes: a queue call that
 * rings agent1's phone unanswered is an AgentRingNoAnswer, recorded and counted on agent1's own figures; a pause is
 * recorded with its reason when it ends. Nobody else's figures show on /reports/me.
 */
@ServerTest
class AgentStatesEndToEndTest {

    private static final String AGENT = "agent1";
    private static final String DEVICE = "PJSIP/1001";

    @BeforeEach
    void reset() {
        Phones.reset();
    }

    @AfterEach
    void offline() {
        Phones.sim().device(DEVICE).autoAnswer(true);
        Phones.reset();
    }

    private static long id(Pool pg, String username) {
        return TestServer.await(pg.preparedQuery("SELECT id FROM agents WHERE username = $1").execute(Tuple.of(username)))
                .iterator().next().getLong("id");
    }

    private static long rings(Pool pg, long agent) {
        return TestServer.await(pg.preparedQuery("SELECT count(*) AS n FROM agent_ring_no_answers WHERE agent_id = $1")
                .execute(Tuple.of(agent))).iterator().next().getLong("n");
    }

    @Test
    @DisplayName("an unanswered ring (AgentRingNoAnswer from the simulator) and a pause for a break reach the agent's own figures")
    void ringNoAnswerAndPause() {
        Pool pg = TestServer.get().server.pg();
        long agent = id(pg, AGENT);
        long ringsBefore = rings(pg, agent);
        String today = LocalDate.now(TestServer.get().server.settings().display().clock()).toString();
        String range = "?from=" + today + "&to=" + today;
        Http me = Http.as(AGENT);
        long missedBefore = me.get("/api/reports/me" + range).bodyAsJsonObject().getJsonArray("rows").getJsonObject(0)
                .getLong("ringNoAnswer");

        Phones.sim().device(DEVICE).autoAnswer(false);
        Phones.state(me, "available");
        String linkedid = Phones.call("+8613920009001", "service");
        Await.until("AgentRingNoAnswer recorded", Duration.ofSeconds(40), () -> rings(pg, agent) > ringsBefore);
        TestServer.await(Phones.sim().hangup(linkedid));
        Row ring = TestServer.await(pg.preparedQuery("SELECT queue, ring_ms FROM agent_ring_no_answers WHERE agent_id = $1 "
                + "ORDER BY at DESC LIMIT 1").execute(Tuple.of(agent))).iterator().next();
        assertEquals("service", ring.getString("queue"));
        assertTrue(ring.getLong("ring_ms") >= 10_000, "rang for the queue's timeout, in ms: " + ring.getLong("ring_ms"));

        Phones.state(me, "paused");   // reason: break
        Phones.state(me, "offline");  // the break ends

        AtomicReference<JsonObject> mine = new AtomicReference<>();
        Await.until("the figures written", Duration.ofSeconds(15), () -> {
            JsonObject report = me.get("/api/reports/me" + range + "&agent=agent2&team=A").bodyAsJsonObject();
            mine.set(report);
            JsonObject row = report.getJsonArray("rows").getJsonObject(0);
            return row.getLong("ringNoAnswer") > missedBefore && row.getJsonObject("pauses").getLong("break", 0L) > 0;
        });
        JsonObject report = mine.get();
        assertEquals(1, report.getJsonArray("rows").size(), report.encode());
        JsonObject row = report.getJsonArray("rows").getJsonObject(0);
        assertEquals(AGENT, row.getString("username"));
        assertTrue(row.getLong("loggedInMs") >= 10_000, "logged in while the phone rang: " + row.encode());
        assertTrue(row.getLong("pausedMs") > 0);
        assertTrue(report.getJsonArray("totals").isEmpty());
        assertTrue(report.getString("note").contains("Occupancy"), report.getString("note"));
        assertEquals(403, me.get("/api/reports/agents" + range).statusCode(), "agents see only their own");
        String csv = me.get("/api/reports/me.csv" + range).bodyAsString();
        assertTrue(csv.contains("Ring-no-answer") && csv.contains("Occupancy %"), csv);
    }

    @Test
    @DisplayName("the phone's hold and unhold (AMI Hold/Unhold from the simulator) are one hold interval within the call")
    void hold() {
        Pool pg = TestServer.get().server.pg();
        long agent = id(pg, AGENT);
        Http me = Http.as(AGENT);
        Phones.state(me, "available");
        String linkedid = Phones.call("+8613920009002", "service");
        TestServer.await(Phones.sim().talkTime(linkedid, 60_000));
        Await.until("the call answered", Duration.ofSeconds(15),
                () -> Phones.phase(linkedid) == org.calldesk.telephony.LiveCall.Phase.CONNECTED);
        java.time.OffsetDateTime before = TestServer.await(pg.query("SELECT now() AS t").execute()).iterator().next()
                .getOffsetDateTime("t");
        java.util.List<org.calldesk.telephony.CallEvent.Hold> holds = new java.util.concurrent.CopyOnWriteArrayList<>();
        Phones.bridge().onEvent(event -> {
            if (event instanceof org.calldesk.telephony.CallEvent.Hold hold && DEVICE.equals(hold.iface())) {
                holds.add(hold);
            }
        });
        Phones.sim().device(DEVICE).hold(true);
        Await.until("AMI Hold on the agent's channel", Duration.ofSeconds(5), () -> holds.stream().anyMatch(h -> h.on()));
        Phones.sim().device(DEVICE).hold(false);
        Await.until("AMI Unhold", Duration.ofSeconds(5), () -> holds.stream().anyMatch(h -> !h.on()));
        assertTrue(holds.get(0).channel().startsWith(DEVICE + "-"), holds.get(0).channel());
        Await.until("the hold recorded", Duration.ofSeconds(10), () -> TestServer.await(pg.preparedQuery(
                "SELECT count(*) AS n FROM agent_states WHERE agent_id = $1 AND state = 'hold' AND started >= $2 AND ended > started")
                .execute(Tuple.of(agent, before))).iterator().next().getLong("n") == 1);
        TestServer.await(Phones.sim().hangup(linkedid));
    }
}

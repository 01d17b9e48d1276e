package org.calldesk.telephony;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.Http;
import org.calldesk.Phones;
import org.calldesk.TestServer;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole phone path over TCP: simulator → FastAGI → queue → agent → stored call, and link loss. */
@ServerTest
class TelephonyEndToEndTest {

    @AfterEach
    void reset() {
        Phones.reset();
    }

    private static long count(String sql, Object arg) {
        return TestServer.await(TestServer.get().server.pg().preparedQuery(sql).execute(Tuple.of(arg)))
                .iterator().next().getLong(0);
    }

    @Test
    @DisplayName("a simulated call is routed over FastAGI, queued, rung, answered, completed and stored once with its customer")
    void callEndToEnd() {
        long customerId = Phones.customer("TEL-1", "Telly Gold", "+86 139 1000 0001", "gold", null);
        Http agent = Http.as("agent1");
        Phones.state(agent, "available");
        Http supervisor = Http.as("supervisor");
        var placed = supervisor.post("/api/sim/calls", new JsonObject().put("from", "+8613910000001").put("ivr", "service"));
        assertEquals(201, placed.statusCode(), placed.bodyAsString());
        String linkedid = placed.bodyAsJsonObject().getString("linkedid");

        Await.until("the call to be stored", Duration.ofSeconds(15),
                () -> count("SELECT count(*) FROM calls WHERE linkedid = $1", linkedid) == 1);
        Row call = TestServer.await(TestServer.get().server.pg().preparedQuery("""
                SELECT c.*, a.username FROM calls c LEFT JOIN agents a ON a.id = c.agent_id WHERE linkedid = $1""")
                .execute(Tuple.of(linkedid))).iterator().next();
        assertEquals(customerId, call.getLong("customer_id"));
        assertEquals("service", call.getString("queue"));
        assertEquals("answered", call.getString("outcome"));
        assertEquals("agent1", call.getString("username"));
        assertEquals("gold", call.getString("tier"));
        assertEquals(20, call.getInteger("priority"));
        assertTrue(call.getString("route_reason").startsWith("gold tier 20"), call.getString("route_reason"));
        assertTrue(call.getLong("talk_ms") >= 1000, "talk time " + call.getLong("talk_ms"));

        Await.until("the call in the customer's history", Duration.ofSeconds(5), () -> agent.get("/api/customers/" + customerId)
                .bodyAsJsonObject().getJsonArray("interactions").stream().map(JsonObject.class::cast)
                .anyMatch(i -> linkedid.equals(i.getString("linkedid")) && "call".equals(i.getString("kind"))));

        var notes = agent.post("/api/calls/" + linkedid + "/disposition",
                new JsonObject().put("disposition", "resolved").put("notes", "asked about <b>invoice</b>"));
        assertEquals(200, notes.statusCode(), notes.bodyAsString());
        assertEquals(403, Http.as("agent2").post("/api/calls/" + linkedid + "/disposition",
                new JsonObject().put("disposition", "resolved")).statusCode(), "not agent2's call");
        assertEquals(400, agent.post("/api/calls/" + linkedid + "/disposition",
                new JsonObject().put("disposition", "made up")).statusCode());
        JsonObject details = agent.get("/api/customers/" + customerId).bodyAsJsonObject().getJsonArray("interactions")
                .stream().map(JsonObject.class::cast).filter(i -> linkedid.equals(i.getString("linkedid"))).findFirst()
                .orElseThrow().getJsonObject("details");
        assertEquals("resolved", details.getString("disposition"));
    }

    @Test
    @DisplayName("the agent's state follows the PBX: available, paused with a reason, offline")
    void agentState() {
        Http agent = Http.as("agent2");
        Phones.state(agent, "paused");
        JsonObject state = agent.get("/api/agents/me/state").bodyAsJsonObject();
        assertTrue(state.getBoolean("loggedIn"));
        assertTrue(state.getBoolean("paused"));
        assertEquals("break", state.getString("reason"));
        Phones.state(agent, "available");
        assertEquals(false, agent.get("/api/agents/me/state").bodyAsJsonObject().getBoolean("paused"));
        assertEquals(400, agent.post("/api/agents/me/state", new JsonObject().put("state", "paused").put("reason", "nap")).statusCode());
        assertEquals(400, agent.post("/api/agents/me/state", new JsonObject().put("state", "sleeping")).statusCode());
        Phones.state(agent, "offline");
        assertEquals(false, agent.get("/api/agents/me/state").bodyAsJsonObject().getBoolean("loggedIn"));
    }

    @Test
    @DisplayName("when the AMI link drops health says so; the bridge reconnects within 5 s, resyncs and stores nothing twice")
    void linkLoss() {
        Phones.customer("TEL-2", "Link Loss", "+86 139 1000 0002", "silver", null);
        Phones.state(Http.as("agent1"), "available");
        String linkedid = Phones.call("+8613910000002", "service");
        Await.until("the call to be stored", Duration.ofSeconds(15),
                () -> count("SELECT count(*) FROM calls WHERE linkedid = $1", linkedid) == 1);

        TestServer.await(Phones.sim().stopAmi());
        Await.until("health to show telephony DOWN", Duration.ofSeconds(5), () -> {
            JsonObject health = Http.anonymous().get("/health").bodyAsJsonObject();
            return "DOWN".equals(health.getJsonObject("checks").getString("telephony"));
        });
        TestServer.await(Phones.sim().startAmi());
        Await.until("the bridge to reconnect within 5 s", Duration.ofSeconds(5), () -> Phones.bridge().isUp());
        Await.until("health UP", Duration.ofSeconds(5),
                () -> Http.anonymous().get("/health").statusCode() == 200);
        assertEquals(1, count("SELECT count(*) FROM calls WHERE linkedid = $1", linkedid));
        assertEquals(1, count("SELECT count(*) FROM interactions WHERE linkedid = $1", linkedid));
    }

    @Test
    @DisplayName("a wrong AMI secret is a clear error for the health check, not a crash")
    void wrongSecret() {
        JsonObject config = TestServer.get().server.config().copy();
        config.getJsonObject("telephony").getJsonObject("ami").put("secret", "not-the-secret")
                .put("port", TestServer.get().server.simulator().amiPort());
        config.getJsonObject("telephony").getJsonObject("agi").put("port", EmbeddedServices.freePort());
        AmiBridge wrong = new AmiBridge(TelephonyConfig.from(config));
        String deployment = TestServer.await(TestServer.get().vertx.deployVerticle(wrong));
        try {
            Await.until("the login to fail", Duration.ofSeconds(5), () -> String.valueOf(wrong.lastError())
                    .toLowerCase().contains("authentication failed"));
            assertFalse(wrong.isUp());
            String error = wrong.lastError();
            assertNotNull(error);
            assertTrue(error.toLowerCase().contains("authentication failed"), error);
        } finally {
            TestServer.await(TestServer.get().vertx.undeploy(deployment));
        }
    }

    @Test
    @DisplayName("click-to-call rings the agent's phone through AMI Originate and is logged in the customer's history")
    void clickToCall() {
        long customerId = Phones.customer("TEL-3", "Call Me Back", "+86 139 1000 0003", "bronze", null);
        Http agent = Http.as("agent1");
        var dialled = agent.post("/api/calls/originate", new JsonObject().put("phone", "139 1000 0003"));
        assertEquals(202, dialled.statusCode(), dialled.bodyAsString());
        assertEquals("+8613910000003", dialled.bodyAsJsonObject().getString("number"));
        Await.until("the outbound call in the history", Duration.ofSeconds(5), () -> agent.get("/api/customers/" + customerId)
                .bodyAsJsonObject().getJsonArray("interactions").stream().map(JsonObject.class::cast)
                .anyMatch(i -> i.getString("summary").startsWith("click-to-call by agent1")));
        assertEquals(400, agent.post("/api/calls/originate", new JsonObject().put("phone", "nonsense")).statusCode());
        assertEquals(400, Http.as("supervisor").post("/api/calls/originate", new JsonObject().put("phone", "13910000003")).statusCode(),
                "a supervisor without a phone cannot click to call");
    }

    @Test
    @DisplayName("simulated calls are for supervisors and need a valid body")
    void simulatedCallsGuarded() {
        assertEquals(403, Http.as("agent1").post("/api/sim/calls", new JsonObject().put("from", "+8613910000009")).statusCode());
        assertEquals(401, Http.anonymous().post("/api/sim/calls", new JsonObject().put("from", "+8613910000009")).statusCode());
        assertEquals(400, Http.as("supervisor").post("/api/sim/calls", new JsonObject()).statusCode());
        assertEquals(400, Http.as("supervisor").post("/api/sim/calls", new JsonObject().put("from", "1").put("ivr", "pizza")).statusCode());
    }
}

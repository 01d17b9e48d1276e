package org.calldesk.calls;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.calldesk.Http;
import org.calldesk.Phones;
import org.calldesk.TestServer;
import org.calldesk.platform.Config;
import org.calldesk.telephony.LiveCall;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12, the agent console's after-call work: notes saved during a call reach the customer's history when the call
 * ends, with who wrote them; wrap-up is a real state (paused in the queues, as long as queues.conf's wrapuptime) that
 * the agent can extend or end; a console that reloads gets the call on its screen again, "waited" frozen at the answer.
 */
@ServerTest
class AfterCallWorkTest {

    private static final String AGENT = "agent2";
    private static final String DEVICE = "PJSIP/1002";

    @BeforeEach
    void reset() {
        Phones.reset();
    }

    @AfterEach
    void offline() {
        Phones.sim().device(DEVICE).autoAnswer(true);
        Phones.reset();
    }

    /** The service queue's wrap-up time in the shipped config; QueuesConfTest holds it equal to queues.conf's wrapuptime. */
    private static int serviceWrapUpSeconds() {
        return Config.defaults().getJsonObject("telephony").getJsonArray("queues").stream().map(JsonObject.class::cast)
                .filter(q -> "service".equals(q.getString("name"))).findFirst().orElseThrow().getInteger("wrapup_s");
    }

    /** Waits until the supplier gives something, and gives that. */
    private static <T> T value(String what, Duration timeout, java.util.function.Supplier<T> supplier) {
        java.util.concurrent.atomic.AtomicReference<T> found = new java.util.concurrent.atomic.AtomicReference<>();
        Await.until(what, timeout, () -> {
            found.set(supplier.get());
            return found.get() != null;
        });
        return found.get();
    }

    private static JsonObject state(Http agent) {
        var response = agent.get("/api/agents/me/state");
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static Optional<JsonObject> historyLine(Http agent, long customerId, String linkedid) {
        JsonArray lines = agent.get("/api/customers/" + customerId).bodyAsJsonObject().getJsonArray("interactions");
        return lines.stream().map(JsonObject.class::cast)
                .filter(i -> linkedid.equals(i.getString("linkedid")) && "call".equals(i.getString("kind"))).findFirst();
    }

    private static String answeredCall(Http agent, String number) {
        Phones.state(agent, "available");
        String linkedid = Phones.call(number, "service");
        TestServer.await(Phones.sim().talkTime(linkedid, 60_000));
        Await.until("the call answered", Duration.ofSeconds(15), () -> Phones.phase(linkedid) == LiveCall.Phase.CONNECTED);
        return linkedid;
    }

    @Test
    @DisplayName("notes and a disposition saved during the call go into the customer's history with the call, with who wrote them")
    void notesSavedDuringTheCallReachTheHistory() {
        long customer = Phones.customer("ACW-1", "Nora Notes", "+86 139 2000 0001", "silver", null);
        Http agent = Http.as(AGENT);
        String linkedid = answeredCall(agent, "+8613920000001");

        var saved = agent.post("/api/calls/" + linkedid + "/disposition",
                new JsonObject().put("disposition", "follow-up needed").put("notes", "Refund promised by Friday"));
        assertEquals(200, saved.statusCode(), saved.bodyAsString());
        assertTrue(historyLine(agent, customer, linkedid).isEmpty(), "the call is in the history only once it ends");

        TestServer.await(Phones.sim().hangup(linkedid));
        JsonObject line = value("the call in the history", Duration.ofSeconds(15),
                () -> historyLine(agent, customer, linkedid).orElse(null));
        JsonObject details = line.getJsonObject("details");
        assertEquals("follow-up needed", details.getString("disposition"), line.encode());
        assertEquals("Refund promised by Friday", details.getString("notes"), line.encode());
        assertEquals(AGENT, details.getString("notes_by"), line.encode());
        assertEquals("Agent Two", details.getString("notes_by_name"), line.encode());
        assertEquals(AGENT, line.getString("agent"));

        // Changed after the call ended: the history line follows, and says who changed it.
        Http supervisor = Http.as("supervisor");
        assertEquals(200, supervisor.post("/api/calls/" + linkedid + "/disposition",
                new JsonObject().put("disposition", "resolved").put("notes", "Refund sent")).statusCode());
        JsonObject after = historyLine(agent, customer, linkedid).orElseThrow().getJsonObject("details");
        assertEquals("resolved", after.getString("disposition"));
        assertEquals("Refund sent", after.getString("notes"));
        assertEquals("supervisor", after.getString("notes_by"));
    }

    @Test
    @DisplayName("an answered call ends in wrap-up: paused as 'wrap-up' for the queue's wrapuptime, shown alike to agent and supervisor; extend and end")
    void wrapUpIsARealState() {
        Phones.customer("ACW-2", "Walter Wrap", "+86 139 2000 0002", "bronze", null);
        Http agent = Http.as(AGENT);
        String linkedid = answeredCall(agent, "+8613920000002");
        TestServer.await(Phones.sim().hangup(linkedid));

        JsonObject wrapping = value("wrap-up after the call", Duration.ofSeconds(10), () -> {
            JsonObject s = state(agent);
            return "wrap-up".equals(s.getString("state")) && s.containsKey("wrapUpLeftMs") ? s : null;
        });
        long wrapUpMs = serviceWrapUpSeconds() * 1000L;
        long left = wrapping.getLong("wrapUpLeftMs");
        assertTrue(left <= wrapUpMs && left > wrapUpMs - 5000, "left " + left + " ms of " + wrapUpMs);
        assertTrue(wrapping.getBoolean("paused"));
        assertEquals("wrap-up", wrapping.getString("reason"));
        assertNotNull(wrapping.getString("wrapUpUntil"));

        // The supervisors' list of agents and the queue board read the same state.
        Http supervisor = Http.as("supervisor");
        JsonObject listed = supervisor.get("/api/agents/states").bodyAsJsonObject().getJsonArray("agents").stream()
                .map(JsonObject.class::cast).filter(a -> AGENT.equals(a.getString("username"))).findFirst().orElseThrow();
        assertEquals("wrap-up", listed.getString("state"));
        JsonObject onBoard = supervisor.get("/api/board/queues").bodyAsJsonObject().getJsonArray("agents").stream()
                .map(JsonObject.class::cast).filter(a -> AGENT.equals(a.getString("username"))).findFirst().orElseThrow();
        assertEquals("wrap-up", onBoard.getString("state"));

        var longer = agent.post("/api/agents/me/wrap-up/extend", new JsonObject().put("seconds", 60));
        assertEquals(200, longer.statusCode(), longer.bodyAsString());
        assertTrue(longer.bodyAsJsonObject().getLong("wrapUpLeftMs") > 60_000, longer.bodyAsString());
        assertEquals(400, agent.post("/api/agents/me/wrap-up/extend", new JsonObject().put("seconds", 0)).statusCode());
        assertEquals(400, agent.post("/api/agents/me/wrap-up/extend", new JsonObject().put("seconds", "soon")).statusCode());
        assertEquals(400, agent.post("/api/agents/me/wrap-up/extend", new JsonObject().put("seconds", 100_000)).statusCode());

        var ended = agent.post("/api/agents/me/wrap-up/end", new JsonObject());
        assertEquals(200, ended.statusCode(), ended.bodyAsString());
        assertEquals("available", ended.bodyAsJsonObject().getString("state"), ended.bodyAsString());
        assertNull(ended.bodyAsJsonObject().getValue("wrapUpLeftMs"));
        assertEquals(409, agent.post("/api/agents/me/wrap-up/end", new JsonObject()).statusCode());
        assertEquals(409, agent.post("/api/agents/me/wrap-up/extend", new JsonObject()).statusCode());
        assertEquals(403, agent.postWithoutCsrf("/api/agents/me/wrap-up/end", new JsonObject()).statusCode());
    }

    @Test
    @DisplayName("a wrap-up left alone ends by itself: available again after the queue's wrapuptime")
    void wrapUpEndsByItself() {
        Phones.customer("ACW-3", "Tessa Timer", "+86 139 2000 0003", "bronze", null);
        Http agent = Http.as(AGENT);
        String linkedid = answeredCall(agent, "+8613920000003");
        TestServer.await(Phones.sim().hangup(linkedid));
        Await.until("wrap-up", Duration.ofSeconds(10), () -> "wrap-up".equals(state(agent).getString("state")));
        Await.until("available after the wrap-up time", Duration.ofSeconds(serviceWrapUpSeconds() + 10),
                () -> "available".equals(state(agent).getString("state")));
    }

    @Test
    @DisplayName("a reloading console gets its call again: ringing, then connected with 'waited' stopped at the answer, then ended")
    void theCallOnScreenIsGivenAgain() {
        Phones.customer("ACW-4", "Rita Reload", "+86 139 2000 0004", "gold", null);
        Http agent = Http.as(AGENT);
        JsonObject before = agent.get("/api/agents/me/call").bodyAsJsonObject().getJsonObject("call");
        assertTrue(before == null || "ended".equals(before.getString("callState")), "at most an earlier call, ended: " + before);
        assertEquals(401, Http.anonymous().get("/api/agents/me/call").statusCode());

        Phones.sim().device(DEVICE).autoAnswer(false);
        Phones.state(agent, "available");
        String linkedid = Phones.call("+8613920000004", "service");
        TestServer.await(Phones.sim().talkTime(linkedid, 60_000));
        JsonObject ringing = value("the pop on screen", Duration.ofSeconds(15), () -> {
            JsonObject call = agent.get("/api/agents/me/call").bodyAsJsonObject().getJsonObject("call");
            return call != null && linkedid.equals(call.getString("linkedid")) ? call : null;
        });
        assertEquals(linkedid, ringing.getString("linkedid"));
        assertEquals("ringing", ringing.getString("callState"));
        assertEquals("Rita Reload", ringing.getJsonObject("customer").getString("name"));

        Phones.sim().device(DEVICE).answer();
        JsonObject connected = value("connected", Duration.ofSeconds(10), () -> {
            JsonObject call = agent.get("/api/agents/me/call").bodyAsJsonObject().getJsonObject("call");
            return call != null && "connected".equals(call.getString("callState")) ? call : null;
        });
        JsonObject later = value("a second of talk", Duration.ofSeconds(10), () -> {
            JsonObject call = agent.get("/api/agents/me/call").bodyAsJsonObject().getJsonObject("call");
            return call.getLong("talkedMs") >= connected.getLong("talkedMs") + 1000 ? call : null;
        });
        assertEquals(connected.getLong("waitedMs"), later.getLong("waitedMs"), "waited stops counting at the answer");
        assertEquals("on-call", state(agent).getString("state"));

        TestServer.await(Phones.sim().hangup(linkedid));
        JsonObject ended = value("ended", Duration.ofSeconds(10), () -> {
            JsonObject call = agent.get("/api/agents/me/call").bodyAsJsonObject().getJsonObject("call");
            return call != null && "ended".equals(call.getString("callState")) ? call : null;
        });
        assertEquals(linkedid, ended.getString("linkedid"), "kept for the after-call work");
    }

    @Test
    @DisplayName("an agent who paused for lunch during the call stays on lunch when it ends: no wrap-up, nothing unpauses them")
    void aPauseTakenDuringTheCallIsKept() {
        Phones.customer("ACW-5", "Luna Lunch", "+86 139 2000 0005", "bronze", null);
        Http agent = Http.as(AGENT);
        String linkedid = answeredCall(agent, "+8613920000005");
        var paused = agent.post("/api/agents/me/state", new JsonObject().put("state", "paused").put("reason", "lunch"));
        assertEquals(200, paused.statusCode(), paused.bodyAsString());
        TestServer.await(Phones.sim().hangup(linkedid));
        // The end of the call reaches the wrap-up on the bridge's context before the live view answers that it ended.
        Await.until("the call over", Duration.ofSeconds(10),
                () -> Phones.live(linkedid).map(LiveCall::isFinal).orElse(true));
        assertTrue(TestServer.get().server.wrapUp().of(DEVICE).isEmpty(), "no wrap-up started");
        JsonObject state = state(agent);
        assertEquals("paused", state.getString("state"), state.encode());
        assertEquals("lunch", state.getString("reason"));
    }

    @Test
    @DisplayName("a wrap-up pause found with no timer (calldesk restarted during it) gets one, and can be ended")
    void anOrphanWrapUpIsAdopted() {
        Http agent = Http.as(AGENT);
        Phones.state(agent, "available");
        var line = TestServer.get().server.agentLines().byUsername(AGENT).orElseThrow();
        // As the queues still have it after a restart: paused for wrap-up, and this calldesk never started it.
        TestServer.await(Phones.presence().paused(line, org.calldesk.telephony.AgentStatus.WRAP_UP_REASON));
        JsonObject adopted = value("the wrap-up adopted", Duration.ofSeconds(10), () -> {
            JsonObject s = state(agent);
            return "wrap-up".equals(s.getString("state")) && s.containsKey("wrapUpLeftMs") ? s : null;
        });
        assertTrue(adopted.getLong("wrapUpLeftMs") > 0, adopted.encode());
        var ended = agent.post("/api/agents/me/wrap-up/end", new JsonObject());
        assertEquals(200, ended.statusCode(), ended.bodyAsString());
        assertEquals("available", ended.bodyAsJsonObject().getString("state"));
    }
}

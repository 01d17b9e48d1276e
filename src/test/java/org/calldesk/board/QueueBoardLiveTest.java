package org.calldesk.board;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.calldesk.Http;
import org.calldesk.Phones;
import org.calldesk.TestServer;
import org.calldesk.telephony.LiveCall;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue board over real calls on the switch simulator. */
@ServerTest
class QueueBoardLiveTest {

    private static final String EVIL = "<script>alert(1)</script> Eve";

    @AfterEach
    void reset() {
        Phones.reset();
    }

    private static JsonObject board() {
        return Http.as("supervisor").get("/api/board/queues").bodyAsJsonObject();
    }

    private static JsonObject tile(JsonObject board, String queue) {
        return board.getJsonArray("queues").stream().map(JsonObject.class::cast)
                .filter(q -> q.getString("name").equals(queue)).findFirst().orElseThrow();
    }

    private static Optional<JsonObject> waiting(JsonObject board, String linkedid) {
        return board.getJsonArray("waiting").stream().map(JsonObject.class::cast)
                .filter(w -> w.getString("linkedid").equals(linkedid)).findFirst();
    }

    private static Optional<JsonObject> agent(JsonObject board, String username) {
        return board.getJsonArray("agents").stream().map(JsonObject.class::cast)
                .filter(a -> username.equals(a.getString("username"))).findFirst();
    }

    private static void queued(String linkedid) {
        Await.until("call " + linkedid + " to wait in a queue", Duration.ofSeconds(10),
                () -> Phones.phase(linkedid) == LiveCall.Phase.QUEUED);
    }

    private static String routedAndQueued(String number, String ivr) {
        String linkedid = Phones.call(number, ivr);
        queued(linkedid);
        return linkedid;
    }

    @Test
    @DisplayName("waiting callers show in their queue with tier, priority, reason, name and a marker for an open complaint")
    void waitingCallers() {
        long unhappy = Phones.customer("QB-1", "Board Unhappy", "+86 137 5000 0001", "silver", null);
        Phones.customer("QB-2", EVIL, "+86 137 5000 0002", "gold", null);
        var complaint = Http.as("agent1").post("/api/complaints", new JsonObject().put("customerId", unhappy)
                .put("category", "delivery").put("severity", "normal").put("subject", "Parcel late")
                .put("description", "still not here"));
        assertEquals(201, complaint.statusCode(), complaint.bodyAsString());
        Http agent = Http.as("agent1");
        Phones.state(agent, "paused");
        long placedAt = System.currentTimeMillis();
        String withComplaint = routedAndQueued("+8613750000001", "complaint");
        long seenQueuedAt = System.currentTimeMillis();
        String gold = routedAndQueued("+8613750000002", "service");

        long askedAt = System.currentTimeMillis();
        JsonObject board = board();
        long answeredAt = System.currentTimeMillis();
        JsonObject first = waiting(board, withComplaint).orElseThrow(() -> new AssertionError(board.encodePrettily()));
        LiveCall live = Phones.live(withComplaint).orElseThrow();
        assertEquals("complaints", first.getString("queue"), first.encode());
        assertEquals("silver", first.getString("tier"));
        assertEquals(unhappy, first.getLong("customerId"));
        assertEquals("Board Unhappy", first.getString("customerName"));
        assertTrue(first.getBoolean("openComplaint"));
        assertEquals(live.route().reason(), first.getString("reason"));
        assertTrue(first.getString("reason").contains("complaint"), first.getString("reason"));
        // silver 10 + open complaint 5, and ageing in tests adds up to 30 while the caller waits
        int priority = first.getInteger("priority");
        assertTrue(priority >= 15 && priority <= 45, "priority " + priority);
        // The caller joined after it was placed and before the test saw it queued; the board counted up to a
        // moment between the request and its answer. Both bounds come from the test's own clock readings, so a
        // slow machine widens the window but never breaks it; 5 ms allows for millisecond rounding on each side.
        long waited = first.getLong("waitedMs");
        assertTrue(waited >= askedAt - seenQueuedAt - 5, "waited " + waited + " ms, but the caller was queued at least "
                + (askedAt - seenQueuedAt) + " ms before the board was asked");
        assertTrue(waited <= answeredAt - placedAt + 5, "waited " + waited + " ms, but the call was placed only "
                + (answeredAt - placedAt) + " ms before the board answered");

        JsonObject second = waiting(board, gold).orElseThrow();
        assertEquals("service", second.getString("queue"));
        assertEquals("gold", second.getString("tier"), second.encode() + Phones.live(gold));
        assertEquals(EVIL, second.getString("customerName"));
        assertFalse(second.getBoolean("openComplaint"));

        JsonObject complaints = tile(board, "complaints");
        assertEquals(1, complaints.getInteger("waiting"));
        assertEquals(1, complaints.getJsonObject("waitingByTier").getInteger("silver"));
        assertTrue(complaints.getLong("longestWaitMs") >= first.getLong("waitedMs"));
        assertEquals(1, tile(board, "service").getJsonObject("agents").getInteger("paused"));

        JsonObject agentOne = agent(board, "agent1").orElseThrow(() -> new AssertionError(board.encodePrettily()));
        assertEquals("Agent One", agentOne.getString("name"));
        assertEquals("paused", agentOne.getString("state"));
        assertEquals("break", agentOne.getString("reason"));
        assertTrue(agentOne.getLong("inStateMs") >= 0);
        assertEquals(new JsonArray().add("complaints").add("service"), agentOne.getJsonArray("queues"));

        String html = Http.as("supervisor").get("/board/queues").bodyAsString();
        assertFalse(html.contains("<script>alert(1)"), "the customer name is never raw HTML");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Eve"), "the name is there, escaped");
    }

    @Test
    @DisplayName("an answered call and an abandoned one count in the window; the agent shows on call, then in wrap-up")
    void answeredAndAbandoned() {
        JsonObject before = tile(board(), "service").getJsonObject("window");
        Http agent = Http.as("agent1");
        Phones.state(agent, "available");
        Phones.sim().device("PJSIP/1001").autoAnswer(true);
        String answered = Phones.call("+8613750000009", "service");
        Await.until("the call to be answered", Duration.ofSeconds(10),
                () -> Phones.phase(answered) == LiveCall.Phase.CONNECTED || Phones.live(answered).isEmpty());
        Await.until("the board to show agent1 on call or done", Duration.ofSeconds(5), () -> {
            String state = agent(board(), "agent1").map(a -> a.getString("state")).orElse("");
            return state.equals("on-call") || state.equals("wrap-up");
        });
        Await.until("the answered call to end", Duration.ofSeconds(10), () -> Phones.live(answered).isEmpty());
        // service's wrap-up is 10 s; the board reads it back from the stored call
        Await.until("agent1 in wrap-up", Duration.ofSeconds(5),
                () -> agent(board(), "agent1").map(a -> a.getString("state")).orElse("").equals("wrap-up"));

        Phones.state(agent, "paused");
        String abandoned = Phones.call("+8613750000008", "service");
        queued(abandoned);
        assertTrue(waiting(board(), abandoned).isPresent());
        TestServer.await(Phones.sim().hangup(abandoned));
        Await.until("the abandoned call and the answered one in the window", Duration.ofSeconds(10), () -> {
            JsonObject window = tile(board(), "service").getJsonObject("window");
            return window.getLong("answered") == before.getLong("answered") + 1
                    && window.getLong("abandoned") == before.getLong("abandoned") + 1;
        });
        JsonObject board = board();
        JsonObject window = tile(board, "service").getJsonObject("window");
        assertEquals(before.getLong("offered") + 2, window.getLong("offered"));
        assertEquals(before.getLong("answeredWithin") + 1, window.getLong("answeredWithin"), "answered at once, well within 20 s");
        assertTrue(window.getDouble("abandonRate") > 0);
        assertTrue(waiting(board, abandoned).isEmpty(), "the caller who hung up no longer waits");
        assertNull(agent(board, "agent2").orElse(null), "agents not logged in are not on the grid");
    }

    @Test
    @DisplayName("callers waiting beyond the target count against the service level at once, are shown beside it, and colour it")
    void waitingBeyondTheTarget() {
        TestServer server = TestServer.get();
        // the shared server's live calls, on a board whose service queue has a 1 s target
        QueueBoard oneSecond = new QueueBoard(server.server.pg(), server.server.liveView(), server.server.agentLines(),
                List.of(new BoardQueue("service", 1, 10)), Clock.systemDefaultZone(), server.server.settings().board());
        Phones.state(Http.as("agent1"), "paused");
        String first = routedAndQueued("+8613750000021", "service");
        String second = routedAndQueued("+8613750000022", "service");
        Await.until("both callers past the 1 s target", Duration.ofSeconds(10),
                () -> tile(TestServer.await(oneSecond.snapshot()), "service").getLong("waitingOverThreshold") >= 2);
        JsonObject board = TestServer.await(oneSecond.snapshot());
        JsonObject tile = tile(board, "service");
        assertTrue(waiting(board, first).isPresent() && waiting(board, second).isPresent());
        JsonObject window = tile.getJsonObject("window");
        JsonObject headline = tile.getJsonObject("headline");
        long over = headline.getJsonObject("overThreshold").getLong("value");
        assertEquals(tile.getLong("waitingOverThreshold"), over);
        assertTrue(over >= 2, "over " + over);
        double expected = (double) window.getLong("answeredWithin")
                / (window.getLong("answered") + window.getLong("abandoned") + over);
        assertEquals(expected, headline.getJsonObject("serviceLevel").getDouble("value"), 1e-9,
                "answered within ÷ (answered + abandoned + waiting beyond the target): " + tile.encode());
        assertTrue(headline.getJsonObject("serviceLevel").getDouble("value") < 1.0, "never 100 % with callers past the target");
        assertEquals("bad", headline.getJsonObject("overThreshold").getString("grade"));
        assertEquals("bad", headline.getJsonObject("longestWaitMs").getString("grade"), "past the 1 s target is red");
        assertTrue(tile.getJsonObject("waitingByTier").size() > 0, tile.encode());
    }
}

package org.calldesk.worklist;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.calldesk.Http;
import org.calldesk.Phones;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.calldesk.worklist.WorkListFixtures.callback;
import static org.calldesk.worklist.WorkListFixtures.number;
import static org.calldesk.worklist.WorkListFixtures.one;
import static org.calldesk.worklist.WorkListFixtures.released;
import static org.calldesk.worklist.WorkListFixtures.settled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Callback attempts end to end through the switch simulator, which speaks the AMI as Asterisk 22 does: the
 * OriginateResponse and the customer's DialEnd decide each outcome, which is kept with the attempt and in the callback.
 */
@ServerTest
class CallbackOutcomesTest {

    @AfterEach
    void reset() {
        Phones.reset();
    }

    private static String dial(Http agent, long callback) {
        return WorkListFixtures.call(agent, "/api/worklist/callbacks/" + callback + "/call", new JsonObject());
    }

    private static JsonObject listed(Http agent, long callback) {
        JsonArray callbacks = agent.get("/api/worklist").bodyAsJsonObject().getJsonArray("callbacks");
        return callbacks.stream().map(JsonObject.class::cast).filter(c -> c.getLong("id") == callback).findFirst().orElse(null);
    }

    @Test
    @DisplayName("the customer answers: the attempt is connected, the callback done, and the list shows it finished so")
    void connected() {
        Http agent = Http.as("agent1");
        long id = callback(number(), null, null, 0, "service", Duration.ofMinutes(5));
        JsonObject attempt = settled(agent, dial(agent, id));
        assertEquals("connected", attempt.getString("outcome"));
        Row row = released(id);
        assertEquals("done", row.getString("status"));
        assertEquals(1, row.getInteger("attempts"));
        assertEquals("connected", row.getString("last_outcome"));
        JsonObject shown = listed(agent, id);
        assertEquals("done", shown.getString("status"));
        assertEquals("connected", shown.getString("lastOutcome"));
        assertEquals(false, shown.getBoolean("due"));
    }

    @Test
    @DisplayName("no answer three times: each attempt waits for its back-off, the third gives the callback up")
    void noAnswerBacksOffThenGivesUp() {
        Http agent = Http.as("agent1");
        String number = number();
        Phones.sim().customer(number).autoAnswer(false);
        long id = callback(number, null, null, 0, "service", Duration.ofMinutes(5));

        Instant before = Instant.now();
        JsonObject first = settled(agent, dial(agent, id));
        Instant after = Instant.now();
        assertEquals("no_answer", first.getString("outcome"));
        assertEquals("the customer did not answer", first.getString("reason"));
        Row row = released(id);
        assertEquals("pending", row.getString("status"));
        assertEquals(1, row.getInteger("attempts"));
        assertEquals("no_answer", row.getString("last_outcome"));
        Instant next = row.getOffsetDateTime("next_attempt_at").toInstant();
        assertTrue(!next.isBefore(before.plus(Duration.ofMinutes(15))) && !next.isAfter(after.plus(Duration.ofMinutes(15))),
                "next try 15 min after the first: " + next);

        var early = agent.post("/api/worklist/callbacks/" + id + "/call", new JsonObject());
        assertEquals(409, early.statusCode(), early.bodyAsString());
        assertTrue(early.bodyAsJsonObject().getString("error").contains("not due again"), early.bodyAsString());
        assertEquals(false, listed(agent, id).getBoolean("due"));

        for (int attempt = 2; attempt <= 3; attempt++) {
            one("UPDATE callbacks SET next_attempt_at = now() - interval '1 second' WHERE id = $1", id);
            assertEquals("no_answer", settled(agent, dial(agent, id)).getString("outcome"));
            row = released(id);
            assertEquals(attempt, row.getInteger("attempts"));
        }
        assertEquals("failed", row.getString("status"), "given up after max_attempts (3)");
        assertEquals(3, ((Number) one("SELECT count(*) AS n FROM call_attempts WHERE callback_id = $1", id).getValue("n")).intValue());
        var after3 = agent.post("/api/worklist/callbacks/" + id + "/call", new JsonObject());
        assertEquals(409, after3.statusCode());
    }

    @Test
    @DisplayName("the agent's own phone does not answer: recorded as such, and not counted against the customer's callback")
    void agentPhoneNotCounted() {
        Http agent = Http.as("agent1");
        Phones.sim().device("PJSIP/1001").autoAnswer(false);
        long id = callback(number(), null, null, 0, "service", Duration.ofMinutes(5));
        JsonObject attempt = settled(agent, dial(agent, id));
        assertEquals("agent_unreachable", attempt.getString("outcome"));
        assertEquals("the agent's phone did not answer", attempt.getString("reason"));
        Row row = released(id);
        assertEquals("pending", row.getString("status"));
        assertEquals(0, row.getInteger("attempts"));
        assertNull(row.getOffsetDateTime("next_attempt_at"), "due again at once");
        assertEquals(true, listed(agent, id).getBoolean("due"));
    }

    @Test
    @DisplayName("the customer's line is busy (another agent is ringing them): the attempt says busy, the callback waits its back-off")
    void busy() {
        Http agent1 = Http.as("agent1");
        Http agent2 = Http.as("agent2");
        String number = number();
        Phones.sim().customer(number).autoAnswer(false);
        long id = callback(number, null, null, 0, "service", Duration.ofMinutes(5));
        String ringing = WorkListFixtures.call(agent2, "/api/worklist/call", new JsonObject().put("phone", number));
        Await.until("the customer's phone rings for agent2", WorkListFixtures.WAIT, () -> {
            var a = agent2.get("/api/worklist/attempts/" + ringing);
            return a.statusCode() == 200 && "answered".equals(a.bodyAsJsonObject().getString("stage"));
        });

        JsonObject attempt = settled(agent1, dial(agent1, id));
        assertEquals("busy", attempt.getString("outcome"));
        assertEquals("the customer's line is busy", attempt.getString("reason"));
        Row row = released(id);
        assertEquals("pending", row.getString("status"));
        assertEquals("busy", row.getString("last_outcome"));
        assertNotNull(row.getOffsetDateTime("next_attempt_at"));
    }

    @Test
    @DisplayName("a request older than expire_h expires: the list says so and its button is refused")
    void expires() {
        Http agent = Http.as("agent1");
        long id = callback(number(), null, null, 0, "service", Duration.ofHours(49));
        JsonObject shown = listed(agent, id);
        assertNull(shown, "an expired request never attempted is not on the list");
        assertEquals("expired", WorkListFixtures.callbackRow(id).getString("status"));
        var refused = agent.post("/api/worklist/callbacks/" + id + "/call", new JsonObject());
        assertEquals(409, refused.statusCode());
        assertTrue(refused.bodyAsJsonObject().getString("error").contains("expired"), refused.bodyAsString());
    }
}

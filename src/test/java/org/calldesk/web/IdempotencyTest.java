package org.calldesk.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.calldesk.Http;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that retries a creating request with the same Idempotency-Key gets the first answer, not a second thing. */
@ServerTest
class IdempotencyTest {

    private static long customerId;

    @BeforeAll
    static void customer() {
        String phone = "+86 139 " + (1000 + (int) (Math.random() * 8999)) + " " + (1000 + (int) (Math.random() * 8999));
        HttpResponse<Buffer> created = Http.as("agent1").post("/api/customers",
                new JsonObject().put("name", "Idempotent Customer").put("phone", phone));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        customerId = created.bodyAsJsonObject().getLong("id");
    }

    @Test
    @DisplayName("a complaint sent twice with one key is created once, and the retry gets the first answer")
    void complaintRetried() {
        Http agent = Http.as("agent1");
        String subject = "Retried " + UUID.randomUUID();
        JsonObject body = complaint(subject);
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());

        HttpResponse<Buffer> first = agent.post("/api/complaints", body, key);
        HttpResponse<Buffer> retry = agent.post("/api/complaints", body, key);

        assertEquals(201, first.statusCode(), first.bodyAsString());
        assertEquals(201, retry.statusCode(), retry.bodyAsString());
        assertEquals(first.bodyAsString(), retry.bodyAsString());
        assertEquals(first.getHeader("Location"), retry.getHeader("Location"));
        assertNull(first.getHeader("Idempotent-Replayed"));
        assertEquals("true", retry.getHeader("Idempotent-Replayed"));
        assertEquals(1, count(agent, subject));
    }

    @Test
    @DisplayName("the same key with another body is refused with 422 and creates nothing")
    void keyReusedForAnotherRequest() {
        Http agent = Http.as("agent1");
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        String subject = "Other body " + UUID.randomUUID();
        assertEquals(201, agent.post("/api/complaints", complaint("First " + subject), key).statusCode());

        HttpResponse<Buffer> other = agent.post("/api/complaints", complaint(subject), key);

        assertEquals(422, other.statusCode(), other.bodyAsString());
        assertTrue(other.bodyAsJsonObject().getString("error").contains("Idempotency-Key"), other.bodyAsString());
        assertEquals(0, count(agent, subject));
    }

    @Test
    @DisplayName("keys are each user's own: two agents using one key make two complaints")
    void keysPerUser() {
        String subject = "Per user " + UUID.randomUUID();
        Map<String, String> key = Map.of("Idempotency-Key", "shared-" + UUID.randomUUID());
        assertEquals(201, Http.as("agent1").post("/api/complaints", complaint(subject), key).statusCode());
        assertEquals(201, Http.as("agent2").post("/api/complaints", complaint(subject), key).statusCode());
        assertEquals(2, count(Http.as("agent1"), subject));
    }

    @Test
    @DisplayName("a customer created twice with one key answers the first 201 again, not a conflict over the number")
    void customerRetried() {
        Http agent = Http.as("agent1");
        JsonObject body = new JsonObject().put("name", "Retried Caller").put("phone", "+86 139 " + (1000 + (int) (Math.random() * 8999))
                + " " + (1000 + (int) (Math.random() * 8999)));
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());

        HttpResponse<Buffer> first = agent.post("/api/customers", body, key);
        HttpResponse<Buffer> retry = agent.post("/api/customers", body, key);

        assertEquals(201, first.statusCode(), first.bodyAsString());
        assertEquals(201, retry.statusCode(), retry.bodyAsString());
        assertEquals(first.bodyAsJsonObject().getLong("id"), retry.bodyAsJsonObject().getLong("id"));
    }

    @Test
    @DisplayName("a refused request does not keep its key: sent again once fixed, it is handled")
    void refusalIsNotKept() {
        Http agent = Http.as("agent1");
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        String subject = "Fixed " + UUID.randomUUID();
        JsonObject bad = complaint(subject).put("severity", "apocalyptic");

        assertEquals(400, agent.post("/api/complaints", bad, key).statusCode());
        HttpResponse<Buffer> fixed = agent.post("/api/complaints", complaint(subject), key);

        assertEquals(201, fixed.statusCode(), fixed.bodyAsString());
        assertEquals(1, count(agent, subject));
    }

    @Test
    @DisplayName("a key that is empty or too long is a 400")
    void badKey() {
        Http agent = Http.as("agent1");
        HttpResponse<Buffer> tooLong = agent.post("/api/complaints", complaint("Bad key"), Map.of("Idempotency-Key", "k".repeat(201)));
        assertEquals(400, tooLong.statusCode(), tooLong.bodyAsString());
    }

    private static JsonObject complaint(String subject) {
        return new JsonObject().put("customerId", customerId).put("category", "billing").put("severity", "low")
                .put("subject", subject).put("description", "Charged twice.");
    }

    private static long count(Http http, String subject) {
        JsonArray all = http.get("/api/complaints?customerId=" + customerId + "&limit=500").bodyAsJsonObject().getJsonArray("complaints");
        return all.stream().filter(c -> subject.equals(((JsonObject) c).getString("subject"))).count();
    }
}

package org.calldesk.complaints;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.platform.DisplayTime;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The complaint list's filters, the follow-up rule for closing, and SLA and times as the pages write them (issue 12). */
@ServerTest
class ComplaintRecordsTest {

    private static Http agent;
    private static long gold;
    private static long bronze;
    private static DisplayTime time;

    @BeforeAll
    static void setUp() {
        agent = Http.as("agent1");
        gold = Fixtures.customer("Filter Gold", "gold");
        bronze = Fixtures.customer("Filter Bronze", "bronze");
        // The second import ranked every customer by value again, the first one too: its tier is set once more.
        TestServer.await(TestServer.get().server.pg().preparedQuery("UPDATE customers SET tier = 'gold' WHERE id = $1")
                .execute(io.vertx.sqlclient.Tuple.of(gold)));
        time = new DisplayTime(TestServer.get().server.settings().display());
    }

    private static JsonObject open(long customer, String severity, String category, String subject) {
        HttpResponse<Buffer> created = agent.post("/api/complaints", Fixtures.complaint(customer, severity)
                .put("category", category).put("subject", subject));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        return created.bodyAsJsonObject();
    }

    private static Set<String> subjects(String query) {
        HttpResponse<Buffer> listed = agent.get("/api/complaints?sort=newest&limit=500&" + query);
        assertEquals(200, listed.statusCode(), listed.bodyAsString());
        return listed.bodyAsJsonObject().getJsonArray("complaints").stream()
                .map(c -> ((JsonObject) c).getString("subject")).filter(s -> s.startsWith("F-")).collect(Collectors.toSet());
    }

    private static HttpResponse<Buffer> move(long id, String to) {
        return agent.post("/api/complaints/" + id + "/transitions", new JsonObject().put("to", to));
    }

    private static long resolved() {
        long id = open(gold, "normal", "service", "Resolved for follow-up").getLong("id");
        for (String to : List.of("acknowledged", "in_progress", "resolved")) {
            assertEquals(200, move(id, to).statusCode());
        }
        return id;
    }

    @Test
    @DisplayName("the complaint list filters by severity, category and tier, in the API and on the page")
    void filters() {
        String tag = "F-" + System.nanoTime() % 100000 + "-";
        open(gold, "critical", "billing", tag + "gold critical billing");
        open(gold, "low", "delivery", tag + "gold low delivery");
        open(bronze, "critical", "delivery", tag + "bronze critical delivery");
        Set<String> critical = subjects("severity=critical");
        assertTrue(critical.containsAll(List.of(tag + "gold critical billing", tag + "bronze critical delivery")));
        assertFalse(critical.contains(tag + "gold low delivery"));
        Set<String> delivery = subjects("category=delivery");
        assertTrue(delivery.contains(tag + "gold low delivery") && !delivery.contains(tag + "gold critical billing"));
        Set<String> bronzeOnes = subjects("tier=bronze");
        assertTrue(bronzeOnes.contains(tag + "bronze critical delivery") && !bronzeOnes.contains(tag + "gold low delivery"));
        Set<String> all3 = subjects("severity=critical&category=delivery&tier=bronze");
        assertEquals(Set.of(tag + "bronze critical delivery"), all3.stream().filter(s -> s.startsWith(tag)).collect(Collectors.toSet()));
        assertEquals(400, agent.get("/api/complaints?severity=urgent").statusCode());
        assertEquals(400, agent.get("/api/complaints?category=weather").statusCode());

        String page = agent.get("/complaints?status=all&sort=newest&severity=critical&category=delivery&tier=bronze").bodyAsString();
        assertTrue(page.contains(tag + "bronze critical delivery"), page);
        assertFalse(page.contains(tag + "gold critical billing"), page);
        assertTrue(page.contains("name=\"severity\"") && page.contains("name=\"category\"") && page.contains("name=\"tier\""), page);
    }

    @Test
    @DisplayName("a resolved complaint closes with a score, or as unreachable after the configured calls that reached no one")
    void followUpBeforeClosing() {
        long id = resolved();
        HttpResponse<Buffer> bare = move(id, "closed");
        assertEquals(409, bare.statusCode(), bare.bodyAsString());
        assertEquals("resolved", agent.get("/api/complaints/" + id).bodyAsJsonObject().getString("status"));

        int needed = TestServer.get().server.settings().complaints().followUpAttempts();
        for (int i = 0; i < needed; i++) {
            HttpResponse<Buffer> early = agent.post("/api/complaints/" + id + "/follow-up", new JsonObject().put("unreachable", true));
            assertEquals(409, early.statusCode(), early.bodyAsString());
            HttpResponse<Buffer> missed = agent.post("/api/complaints/" + id + "/follow-up",
                    new JsonObject().put("reached", false).put("outcome", "no-answer"));
            assertEquals(200, missed.statusCode(), missed.bodyAsString());
            assertEquals("resolved", missed.bodyAsJsonObject().getString("status"));
        }
        HttpResponse<Buffer> closed = agent.post("/api/complaints/" + id + "/follow-up",
                new JsonObject().put("unreachable", true).put("note", "number disconnected"));
        assertEquals(200, closed.statusCode(), closed.bodyAsString());
        assertEquals("closed", closed.bodyAsJsonObject().getString("status"));
        JsonArray events = agent.get("/api/complaints/" + id).bodyAsJsonObject().getJsonArray("events");
        JsonObject last = events.getJsonObject(events.size() - 1);
        assertTrue(last.getString("note").contains("unreachable after " + needed), last.encode());

        long scored = resolved();
        assertEquals(400, agent.post("/api/complaints/" + scored + "/follow-up",
                new JsonObject().put("reached", false).put("outcome", "abducted")).statusCode());
        HttpResponse<Buffer> happy = agent.post("/api/complaints/" + scored + "/follow-up", new JsonObject().put("score", 5));
        assertEquals("closed", happy.bodyAsJsonObject().getString("status"));
    }

    @Test
    @DisplayName("the complaint page writes SLA in words (due in, met at) in the display time zone, never a percentage or UTC")
    void slaInWords() {
        JsonObject c = open(gold, "high", "billing", "Words not percentages");
        long id = c.getLong("id");
        String fresh = agent.get("/complaints/" + id).bodyAsString();
        assertFalse(fresh.matches("(?s).*[0-9] %.*"), "a percentage on the page");
        assertFalse(fresh.contains(" UTC"), "a UTC time on the page");
        assertTrue(fresh.contains("class=\"countdown\" data-due=\"" + c.getString("firstResponseDue") + "\""), fresh);
        assertTrue(fresh.contains(time.at(c.getString("openedAt"))), "opened at " + time.at(c.getString("openedAt")));

        assertEquals(200, move(id, "acknowledged").statusCode());
        JsonObject read = agent.get("/api/complaints/" + id).bodyAsJsonObject();
        String met = agent.get("/complaints/" + id).bodyAsString();
        assertTrue(met.contains("met at " + time.clock(read.getString("firstRespondedAt"))), met);

        // the list and the 360° page count down to the same moment, the next target (breachAt)
        String list = agent.get("/complaints?status=all&sort=newest").bodyAsString();
        assertTrue(list.contains("data-due=\"" + read.getString("breachAt") + "\""), list);
        String customer = agent.get("/customers/" + gold).bodyAsString();
        assertTrue(customer.contains("data-due=\"" + read.getString("breachAt") + "\""), customer);
    }

    @Test
    @DisplayName("the form opened from a customer names them in the customer picker, not as a bare id")
    void formNamesTheCustomer() {
        String form = agent.get("/complaints/new?customerId=" + gold).bodyAsString();
        assertTrue(form.contains("value=\"Filter Gold\""), form);
        assertTrue(form.contains("data-source=\"/api/customers\""), form);
        String unknown = agent.get("/complaints/new?customerId=99999999").bodyAsString();
        assertFalse(unknown.contains("name=\"customerId\" value=\"99999999\""), unknown);
    }

    @Test
    @DisplayName("one format for times: 2026-12-01 10:42 in the display zone, 10:42 today")
    void displayTime() {
        DisplayTime shanghai = new DisplayTime(java.time.ZoneId.of("Asia/Shanghai"),
                java.time.Clock.fixed(Instant.parse("2026-12-01T03:00:00Z"), java.time.ZoneOffset.UTC));
        assertEquals("2026-12-01 10:42", shanghai.at("2026-12-01T02:42:10Z"));
        assertEquals("10:42", shanghai.clock("2026-12-01T02:42:10Z"));
        assertEquals("2026-11-30 10:42", shanghai.clock("2026-11-30T02:42:10.123+00:00"));
        assertEquals("2026-12-01", shanghai.day("2026-12-01"));
        assertEquals("2026-12-02", shanghai.day("2026-12-01T17:00:00Z"));
        assertEquals("", shanghai.at(null));
    }
}

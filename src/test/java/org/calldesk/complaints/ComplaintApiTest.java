package org.calldesk.complaints;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.calldesk.Http;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ServerTest
class ComplaintApiTest {

    private static Http agent1;
    private static Http agent2;
    private static Http supervisor;
    private static Http admin;
    private static long customer;

    @BeforeAll
    static void setUp() {
        agent1 = Http.as("agent1");
        agent2 = Http.as("agent2");
        supervisor = Http.as("supervisor");
        admin = Http.as("admin");
        customer = Fixtures.customer("Complaining Carl", "silver");
    }

    private static JsonObject open(Http who) {
        HttpResponse<Buffer> created = who.post("/api/complaints", Fixtures.complaint(customer, "high"));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        return created.bodyAsJsonObject();
    }

    private static HttpResponse<Buffer> move(Http who, long id, String to) {
        return who.post("/api/complaints/" + id + "/transitions", new JsonObject().put("to", to).put("note", "to " + to));
    }

    @Test
    @DisplayName("a complaint logged by an agent is answered 201 with its id, status, owner and due times, and reads back with its trail")
    void createAndRead() {
        JsonObject created = open(agent1);
        assertTrue(created.getLong("id") > 0);
        assertEquals("new", created.getString("status"));
        assertEquals("agent1", created.getString("owner"));
        Instant firstResponse = Instant.parse(created.getString("firstResponseDue"));
        Instant resolution = Instant.parse(created.getString("resolutionDue"));
        assertTrue(resolution.isAfter(firstResponse));

        JsonObject read = agent2.get("/api/complaints/" + created.getLong("id")).bodyAsJsonObject();
        assertEquals("Charged twice", read.getString("subject"));
        assertEquals("created", read.getJsonArray("events").getJsonObject(0).getString("kind"));
        assertEquals("agent1", read.getJsonArray("events").getJsonObject(0).getString("actor"));
        assertNotNull(read.getJsonObject("sla").getJsonObject("resolution").getLong("remainingMs"));
        assertEquals(new JsonArray().add("acknowledged"), read.getJsonArray("allowed"));

        JsonArray mine = agent1.get("/api/complaints?owner=me&status=new&sort=due").bodyAsJsonObject().getJsonArray("complaints");
        assertTrue(mine.stream().anyMatch(c -> ((JsonObject) c).getLong("id").equals(created.getLong("id"))));
        assertTrue(mine.stream().allMatch(c -> "agent1".equals(((JsonObject) c).getString("owner"))));
    }

    @Test
    @DisplayName("every legal move succeeds and records an event; every illegal one is 409 and lists the allowed moves")
    void stateMachine() {
        List<String> all = List.of("new", "acknowledged", "in_progress", "waiting_customer", "resolved", "closed");
        // a path through every legal edge: new→ack→in_progress→waiting→in_progress→waiting→resolved→in_progress→resolved→closed→in_progress
        List<String> path = List.of("acknowledged", "in_progress", "waiting_customer", "in_progress", "waiting_customer",
                "resolved", "in_progress", "resolved", "closed", "in_progress");
        // The state machine, written out here rather than read from the code under test:
        // new → acknowledged → in_progress ⇄ waiting_customer → resolved → closed, reopen from resolved or closed.
        Map<String, List<String>> legal = Map.of(
                "new", List.of("acknowledged"),
                "acknowledged", List.of("in_progress"),
                "in_progress", List.of("resolved", "waiting_customer"),
                "waiting_customer", List.of("in_progress", "resolved"),
                "resolved", List.of("closed", "in_progress"),
                "closed", List.of("in_progress"));
        long id = open(agent1).getLong("id");
        String current = "new";
        for (String next : path) {
            for (String to : all) {
                if (!legal.get(current).contains(to)) {
                    HttpResponse<Buffer> refused = move(agent1, id, to);
                    assertEquals(409, refused.statusCode(), current + " -> " + to);
                    JsonArray allowed = refused.bodyAsJsonObject().getJsonArray("allowed");
                    assertEquals(legal.get(current), allowed.stream().map(Object::toString).sorted().toList());
                }
            }
            HttpResponse<Buffer> moved = move(agent1, id, next);
            if (current.equals("resolved") && next.equals("closed")) {
                // a resolved complaint closes with its follow-up, not by a bare move
                assertEquals(409, moved.statusCode(), moved.bodyAsString());
                assertEquals("follow-up", moved.bodyAsJsonObject().getString("needs"));
                moved = agent1.post("/api/complaints/" + id + "/follow-up", new JsonObject().put("score", 4));
            }
            assertEquals(200, moved.statusCode(), current + " -> " + next + ": " + moved.bodyAsString());
            assertEquals(next, moved.bodyAsJsonObject().getString("status"));
            current = next;
        }
        JsonArray events = agent1.get("/api/complaints/" + id).bodyAsJsonObject().getJsonArray("events");
        List<String> moves = events.stream().map(e -> (JsonObject) e).filter(e -> e.getString("to") != null
                        && List.of("transition", "follow-up").contains(e.getString("kind")))
                .map(e -> e.getString("to")).toList();
        assertEquals(path, moves);
        JsonObject reopened = events.stream().map(e -> (JsonObject) e)
                .filter(e -> "resolved".equals(e.getString("from")) && "in_progress".equals(e.getString("to"))).findFirst().orElseThrow();
        assertEquals("agent1", reopened.getString("actor"));
        assertEquals("to in_progress", reopened.getString("note"));
        assertEquals(400, move(agent1, id, "flying").statusCode());
    }

    @Test
    @DisplayName("a follow-up score of 1 or 2 reopens the complaint, 3 to 5 closes it, and only on a resolved one")
    void followUp() {
        long id = open(agent1).getLong("id");
        assertEquals(409, agent1.post("/api/complaints/" + id + "/follow-up", new JsonObject().put("score", 4)).statusCode());
        for (String to : List.of("acknowledged", "in_progress", "resolved")) {
            assertEquals(200, move(agent1, id, to).statusCode());
        }
        JsonObject resolved = agent1.get("/api/complaints/" + id).bodyAsJsonObject();
        assertNotNull(resolved.getString("followUpDue"), "resolving schedules the follow-up");
        JsonArray calls = agent1.get("/api/complaints?status=resolved&sort=follow-up").bodyAsJsonObject().getJsonArray("complaints");
        assertTrue(calls.stream().anyMatch(c -> ((JsonObject) c).getLong("id") == id), "the follow-up call is on the list");
        assertTrue(agent1.get("/complaints?sort=follow-up").bodyAsString().contains("/complaints/" + id + "\""),
                "the page's follow-up list shows it without asking for resolved ones");

        HttpResponse<Buffer> unhappy = agent1.post("/api/complaints/" + id + "/follow-up", new JsonObject().put("score", 2).put("note", "still charged"));
        assertEquals(200, unhappy.statusCode(), unhappy.bodyAsString());
        assertEquals("in_progress", unhappy.bodyAsJsonObject().getString("status"));
        assertEquals(2, unhappy.bodyAsJsonObject().getInteger("satisfaction"));

        assertEquals(200, move(agent1, id, "resolved").statusCode());
        HttpResponse<Buffer> happy = agent1.post("/api/complaints/" + id + "/follow-up", new JsonObject().put("score", 5));
        assertEquals("closed", happy.bodyAsJsonObject().getString("status"));
        assertEquals(5, happy.bodyAsJsonObject().getInteger("satisfaction"));

        for (Object bad : List.of(0, 6, 2.5, "3", 4_294_967_297L)) {
            HttpResponse<Buffer> refused = agent1.post("/api/complaints/" + id + "/follow-up", new JsonObject().put("score", bad));
            assertEquals(400, refused.statusCode(), String.valueOf(bad));
            assertTrue(refused.bodyAsJsonObject().getString("error").contains("score"));
        }
    }

    @Test
    @DisplayName("each missing, unknown, wrong or over-long field is a 400 that names the field")
    void validation() {
        JsonObject good = Fixtures.complaint(customer, "normal");
        record Case(String field, JsonObject body) {}
        List<Case> cases = List.of(
                new Case("customerId", good.copy().put("customerId", null)),
                new Case("customerId", good.copy().put("customerId", "seven")),
                new Case("customerId", good.copy().put("customerId", 999_999_999L)),
                new Case("category", good.copy().put("category", null)),
                new Case("category", good.copy().put("category", "weather")),
                new Case("severity", good.copy().put("severity", null)),
                new Case("severity", good.copy().put("severity", "urgent")),
                new Case("subject", good.copy().put("subject", "  ")),
                new Case("subject", good.copy().put("subject", "x".repeat(201))),
                new Case("description", withoutDescription(good)),
                new Case("description", good.copy().put("description", null)),
                new Case("description", good.copy().put("description", "x".repeat(5001))),
                new Case("linkedid", good.copy().put("linkedid", "1".repeat(65))),
                new Case("linkedid", good.copy().put("linkedid", 12)),
                new Case("colour", good.copy().put("colour", "red")));
        for (Case c : cases) {
            HttpResponse<Buffer> response = agent1.post("/api/complaints", c.body());
            assertEquals(400, response.statusCode(), c.field() + ": " + response.bodyAsString());
            assertTrue(response.bodyAsJsonObject().getString("error").contains("'" + c.field() + "'"),
                    c.field() + ": " + response.bodyAsString());
        }
        assertEquals(400, agent1.send(io.vertx.core.http.HttpMethod.POST, "/api/complaints", Buffer.buffer("{nope"))
                .toCompletionStage().toCompletableFuture().join().statusCode());
        JsonObject created = agent1.post("/api/complaints", good.copy().put("linkedid", "1711111111.42")).bodyAsJsonObject();
        assertEquals("1711111111.42", created.getString("linkedid"));
        long id = created.getLong("id");
        assertEquals(400, agent1.post("/api/complaints/" + id + "/transitions", new JsonObject().put("to", "acknowledged")
                .put("note", "n".repeat(2001))).statusCode());
        assertEquals(400, supervisor.post("/api/complaints/" + id + "/assign", new JsonObject().put("owner", "nobody-here")).statusCode());
        assertEquals(404, agent1.get("/api/complaints/987654321").statusCode());
    }

    @Test
    @DisplayName("a description with HTML and script is shown as text on the detail page and the board")
    void escaping() {
        String evil = "<script>alert('x')</script><b>bold</b>";
        JsonObject body = Fixtures.complaint(customer, "critical").put("subject", "Subject " + evil).put("description", evil);
        long id = agent1.post("/api/complaints", body).bodyAsJsonObject().getLong("id");

        String detail = agent1.get("/complaints/" + id).bodyAsString();
        assertFalse(detail.contains("<script>alert"), "raw script on the detail page");
        assertTrue(detail.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;"), detail);

        String board = supervisor.get("/board/complaints").bodyAsString();
        assertFalse(board.contains("<script>alert"), "raw script on the board");
        assertTrue(board.contains("&lt;script&gt;alert"), "the board carries the subject escaped");
        String list = agent1.get("/complaints?status=open").bodyAsString();
        assertFalse(list.contains("<script>alert"));
        JsonObject api = supervisor.get("/api/board/complaints").bodyAsJsonObject();
        assertTrue(api.encode().contains("Subject <script>"), "JSON carries the text as written; the page script renders it as text");
    }

    @Test
    @DisplayName("anonymous callers get 401; agents change only their own complaints; supervisors and admins change any and reassign")
    void authorization() {
        Http anonymous = Http.anonymous();
        long id = open(agent1).getLong("id");
        assertEquals(401, anonymous.post("/api/complaints", Fixtures.complaint(customer, "low")).statusCode());
        assertEquals(401, anonymous.get("/api/complaints").statusCode());
        assertEquals(401, anonymous.get("/api/complaints/" + id).statusCode());
        assertEquals(401, anonymous.post("/api/complaints/" + id + "/transitions", new JsonObject().put("to", "acknowledged")).statusCode());
        assertEquals(401, anonymous.post("/api/complaints/" + id + "/assign", new JsonObject().put("owner", "agent2")).statusCode());
        assertEquals(401, anonymous.post("/api/complaints/" + id + "/follow-up", new JsonObject().put("score", 3)).statusCode());
        assertEquals(401, anonymous.get("/api/board/complaints").statusCode());
        assertEquals(302, anonymous.get("/complaints").statusCode());
        assertEquals(302, anonymous.get("/board/complaints").statusCode());

        assertEquals(403, agent1.postWithoutCsrf("/api/complaints", Fixtures.complaint(customer, "low")).statusCode());
        assertEquals(200, agent2.get("/api/complaints/" + id).statusCode(), "any agent may read");
        assertEquals(403, move(agent2, id, "acknowledged").statusCode(), "not agent2's complaint");
        assertEquals(403, agent2.post("/api/complaints/" + id + "/assign", new JsonObject().put("owner", "agent2")).statusCode());
        assertEquals(403, agent1.get("/api/board/complaints").statusCode());
        assertEquals(403, agent1.get("/board/complaints").statusCode());
        assertEquals(200, move(agent1, id, "acknowledged").statusCode());
        assertEquals(200, move(supervisor, id, "in_progress").statusCode());

        HttpResponse<Buffer> assigned = supervisor.post("/api/complaints/" + id + "/assign", new JsonObject().put("owner", "agent2"));
        assertEquals(200, assigned.statusCode(), assigned.bodyAsString());
        assertEquals("agent2", assigned.bodyAsJsonObject().getString("owner"));
        assertEquals(403, move(agent1, id, "waiting_customer").statusCode(), "agent1 no longer owns it");
        assertEquals(200, move(agent2, id, "waiting_customer").statusCode());
        assertEquals(200, admin.post("/api/complaints/" + id + "/assign", new JsonObject().put("owner", "agent1")).statusCode());
        assertEquals(200, move(admin, id, "resolved").statusCode());
        JsonArray events = agent1.get("/api/complaints/" + id).bodyAsJsonObject().getJsonArray("events");
        assertEquals(2, events.stream().filter(e -> "assign".equals(((JsonObject) e).getString("kind"))).count());
        assertEquals(200, supervisor.get("/api/board/complaints").statusCode());
        assertEquals(200, admin.get("/board/complaints").statusCode());
        assertEquals(200, agent2.get("/complaints/" + id).statusCode());
    }

    @Test
    @DisplayName("the board sorts open complaints into breached, at risk and on track, with counts by category, tier and owner")
    void board() {
        long id = open(agent1).getLong("id");
        JsonObject board = supervisor.get("/api/board/complaints").bodyAsJsonObject();
        JsonObject counts = board.getJsonObject("counts");
        assertTrue(counts.getJsonObject("byCategory").getLong("billing") >= 1);
        assertTrue(counts.getJsonObject("byTier").getLong("silver") >= 1);
        assertTrue(counts.getJsonObject("byOwner").getLong("agent1") >= 1);
        JsonArray all = new JsonArray().addAll(board.getJsonArray("breached")).addAll(board.getJsonArray("atRisk"))
                .addAll(board.getJsonArray("onTrack"));
        JsonObject card = all.stream().map(c -> (JsonObject) c).filter(c -> c.getLong("id") == id).findFirst().orElseThrow();
        assertEquals("Complaining Carl", card.getString("customer"));
        assertEquals("silver", card.getString("tier"));
        assertEquals(0, card.getInteger("escalationLevel"));
        assertEquals(new JsonArray(), board.getJsonArray("waitingWithComplaint"));
    }

    @Test
    @DisplayName("callers waiting right now are on the board only when they have an open complaint; a failing source leaves the rest")
    void waitingCallersWithComplaint() {
        long id = open(agent1).getLong("id");
        long calm = Fixtures.customer("Calm Clara", "gold");
        var server = org.calldesk.TestServer.get().server;
        JsonArray callers = new JsonArray()
                .add(new JsonObject().put("linkedid", "1700.1").put("queue", "service").put("customerId", calm).put("tier", "gold")
                        .put("waitedMs", 90_000).put("priority", 20))
                .add(new JsonObject().put("linkedid", "1700.2").put("queue", "complaints").put("customerId", customer)
                        .put("tier", "silver").put("waitedMs", 30_000).put("priority", 15))
                .add(new JsonObject().put("linkedid", "1700.3").put("queue", "service").put("customerId", null).put("waitedMs", 5_000));
        ComplaintBoard board = new ComplaintBoard(server.pg(), server.complaints(),
                () -> io.vertx.core.Future.succeededFuture(callers));
        JsonArray waiting = org.calldesk.TestServer.await(board.snapshot()).getJsonArray("waitingWithComplaint");
        assertEquals(1, waiting.size(), waiting.encode());
        assertEquals("1700.2", waiting.getJsonObject(0).getString("linkedid"));
        assertEquals("complaints", waiting.getJsonObject(0).getString("queue"));
        assertTrue(waiting.getJsonObject(0).getJsonObject("complaint").getLong("id") > 0);

        ComplaintBoard broken = new ComplaintBoard(server.pg(), server.complaints(),
                () -> io.vertx.core.Future.failedFuture("telephony is down"));
        JsonObject snapshot = org.calldesk.TestServer.await(broken.snapshot());
        assertEquals(new JsonArray(), snapshot.getJsonArray("waitingWithComplaint"));
        assertTrue(snapshot.getJsonArray("onTrack").size() + snapshot.getJsonArray("atRisk").size()
                + snapshot.getJsonArray("breached").size() > 0);
    }

    @Test
    @DisplayName("the log-a-complaint form comes pre-filled with the customer and call, and escapes what it is given")
    void newComplaintPage() {
        String page = agent1.get("/complaints/new?customerId=" + customer + "&linkedid=%3Cb%3E1700.9").bodyAsString();
        assertTrue(page.contains("value=\"" + customer + "\""), page);
        assertTrue(page.contains("&lt;b&gt;1700.9"));
        assertFalse(page.contains("<b>1700.9"));
        assertTrue(page.contains("<option value=\"billing\">billing</option>"));
    }

    private static JsonObject withoutDescription(JsonObject body) {
        JsonObject copy = body.copy();
        copy.remove("description");
        return copy;
    }
}

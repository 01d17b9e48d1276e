package org.calldesk.board;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.calldesk.Http;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ServerTest
class QueueBoardAccessTest {

    @Test
    @DisplayName("the queue board's data is for supervisors and admins: 401 without a session, 403 for an agent")
    void apiAccess() {
        assertEquals(401, Http.anonymous().get("/api/board/queues").statusCode());
        assertEquals(403, Http.as("agent1").get("/api/board/queues").statusCode());
        for (String who : List.of("supervisor", "admin")) {
            HttpResponse<Buffer> response = Http.as(who).get("/api/board/queues");
            assertEquals(200, response.statusCode(), response.bodyAsString());
            assertEquals("no-store", response.getHeader("Cache-Control"));
        }
    }

    @Test
    @DisplayName("every configured queue has a tile, in configuration order, even with no traffic at all")
    void everyQueue() {
        JsonObject board = Http.as("supervisor").get("/api/board/queues").bodyAsJsonObject();
        JsonArray queues = board.getJsonArray("queues");
        assertEquals(List.of("service", "complaints", "vip"), queues.stream().map(q -> ((JsonObject) q).getString("name")).toList());
        JsonObject vip = queues.getJsonObject(2);
        assertEquals(10, vip.getInteger("serviceLevelS"));
        for (String key : List.of("waiting", "longestWaitMs", "agents", "window", "today", "waitingByTier")) {
            assertTrue(vip.containsKey(key), key);
        }
        for (String state : List.of("available", "on-call", "ringing", "wrap-up", "paused", "total")) {
            assertNotNull(vip.getJsonObject("agents").getLong(state), state);
        }
        assertEquals(15, board.getInteger("windowMinutes"));
        assertEquals(80.0, board.getJsonObject("thresholds").getJsonObject("serviceLevelPct").getDouble("warn"));
        assertEquals(15_000, board.getLong("staleMs"));
        assertTrue(board.getJsonArray("problems").isEmpty(), board.getJsonArray("problems").encode());
        assertNotNull(board.getJsonArray("waiting"));
        assertNotNull(board.getJsonArray("agents"));
    }

    @Test
    @DisplayName("the page sends anonymous visitors to log in, refuses agents, and is linked for supervisors only")
    void pageAccess() {
        HttpResponse<Buffer> anonymous = Http.anonymous().get("/board/queues");
        assertEquals(302, anonymous.statusCode());
        assertTrue(anonymous.getHeader("Location").startsWith("/login?next="), anonymous.getHeader("Location"));
        assertEquals(403, Http.as("agent1").get("/board/queues").statusCode());
        assertFalse(Http.as("agent1").get("/customers").bodyAsString().contains("href=\"/board/queues\""),
                "agents have no link to the queue board");

        HttpResponse<Buffer> page = Http.as("supervisor").get("/board/queues");
        assertEquals(200, page.statusCode(), page.bodyAsString());
        String html = page.bodyAsString();
        assertTrue(html.contains("href=\"/board/queues\""), "the supervisor's menu links the queue board");
        assertTrue(html.contains("id=\"queue-board\"") && html.contains("/static/queue-board.js"));
        assertTrue(html.contains("data-queue=\"service\"") && html.contains("data-queue=\"vip\""));
        assertEquals(200, Http.anonymous().get("/static/queue-board.js").statusCode());
        assertEquals(200, Http.anonymous().get("/static/queue-board.css").statusCode());
    }
}

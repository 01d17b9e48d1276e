package org.calldesk.screenpop;

import io.vertx.core.json.JsonObject;
import org.calldesk.Http;
import org.calldesk.Phones;
import org.calldesk.Phones.Socket;
import org.calldesk.TestServer;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ServerTest
class ScreenPopTest {

    @AfterEach
    void reset() {
        Phones.reset();
    }

    @Test
    @DisplayName("the pop reaches the ringing agent's sockets (every tab) with the card, and nothing reaches another agent")
    void popToTheRingingAgentOnly() {
        long id = Phones.customer("POP-1", "Pop Platinum", "+86 136 3000 0001", "platinum", null);
        Http agent1 = Http.as("agent1");
        Http agent2 = Http.as("agent2");
        Socket tab1 = Socket.open(agent1);
        Socket tab2 = Socket.open(agent1);
        Socket other = Socket.open(agent2);
        Socket watcher = Socket.open(Http.as("supervisor"));
        try {
            assertNotNull(tab1.next("hello", Duration.ofSeconds(2)));
            watcher.ws.writeTextMessage(new JsonObject().put("type", "watch").put("agentId",
                    agent1.get("/api/me").bodyAsJsonObject().getLong("id")).encode());
            assertNotNull(watcher.next("watching", Duration.ofSeconds(2)));
            Phones.state(agent2, "paused");
            Phones.state(agent1, "available");
            String linkedid = Phones.call("+8613630000001", "complaint");

            JsonObject pop = tab1.next("pop", Duration.ofSeconds(10));
            assertNotNull(pop, "agent1 gets the pop");
            assertEquals(linkedid, pop.getString("linkedid"));
            assertEquals("complaints", pop.getString("queue"));
            assertEquals("complaint", pop.getString("ivr"));
            assertEquals("+8613630000001", pop.getString("caller"));
            assertEquals(id, pop.getJsonObject("customer").getLong("id"));
            assertEquals("Pop Platinum", pop.getJsonObject("customer").getString("name"));
            assertEquals("platinum", pop.getJsonObject("customer").getString("tier"));
            assertEquals(30, pop.getJsonObject("route").getInteger("priority"));
            assertTrue(pop.getJsonObject("route").getString("reason").startsWith("platinum tier 30"));
            assertTrue(pop.containsKey("history") && pop.containsKey("openComplaints") && pop.containsKey("waitedMs"));
            assertNotNull(tab2.next("pop", Duration.ofSeconds(2)), "a second tab of the same agent gets it too");
            assertNotNull(watcher.next("pop", Duration.ofSeconds(2)), "a supervisor watching agent1 sees it");

            JsonObject connected = tab1.next("call", Duration.ofSeconds(5));
            assertEquals("connected", connected.getString("state"));
            JsonObject ended = tab1.next("call", Duration.ofSeconds(5));
            assertEquals("ended", ended.getString("state"));
            // a pop of this call for agent2 would go out with agent1's, from the same card, long before this marker
            long agent2Id = agent2.get("/api/me").bodyAsJsonObject().getLong("id");
            List<JsonObject> toAgent2 = other.beforeMarkerTo(agent2Id);
            assertEquals(List.of(), toAgent2.stream().filter(m -> "pop".equals(m.getString("type"))).toList(),
                    "agent2 receives no pop");
        } finally {
            tab1.close();
            tab2.close();
            other.close();
            watcher.close();
        }
    }

    @Test
    @DisplayName("an unknown caller's pop has no customer, so the console can offer to create one")
    void unknownCaller() {
        Http agent = Http.as("agent1");
        Socket socket = Socket.open(agent);
        try {
            Phones.state(agent, "available");
            Phones.call("+8613630009999", "service");
            JsonObject pop = socket.next("pop", Duration.ofSeconds(10));
            assertNotNull(pop);
            assertTrue(pop.containsKey("customer") && pop.getValue("customer") == null);
            assertEquals("+8613630009999", pop.getString("caller"));
        } finally {
            socket.close();
        }
    }

    @Test
    @DisplayName("with Redis stopped, routing and pops still work from PostgreSQL")
    void redisDown() {
        Phones.customer("POP-2", "No Cache Gold", "+86 136 3000 0002", "gold", null);
        Http agent = Http.as("agent1");
        Socket socket = Socket.open(agent);
        TestServer.get().redis.stop();
        try {
            Phones.state(agent, "available");
            Phones.call("+8613630000002", "service");
            JsonObject pop = socket.next("pop", Duration.ofSeconds(10));
            assertNotNull(pop);
            assertEquals("No Cache Gold", pop.getJsonObject("customer").getString("name"));
            assertEquals(20, pop.getJsonObject("route").getInteger("priority"));
        } finally {
            TestServer.get().redis.restart();
            socket.close();
        }
    }

    @Test
    @DisplayName("a WebSocket without a session, or from another origin, is refused; a socket may not watch as an agent")
    void socketGuards() {
        assertEquals(401, assertThrows(io.vertx.core.http.UpgradeRejectedException.class,
                () -> TestServer.await(Socket.connect(null, null))).getStatus(), "no session");
        Http agent = Http.as("agent1");
        assertEquals(403, assertThrows(io.vertx.core.http.UpgradeRejectedException.class,
                () -> TestServer.await(Socket.connect(agent.cookie(), "http://evil.example"))).getStatus(), "another origin");
        Socket socket = Socket.open(agent);
        try {
            socket.ws.writeTextMessage(new JsonObject().put("type", "watch").put("agentId", 1).encode());
            JsonObject error = socket.next("error", Duration.ofSeconds(2));
            assertNotNull(error);
            assertTrue(error.getString("error").contains("supervisors"));
        } finally {
            socket.close();
        }
    }

    @Test
    @DisplayName("logging out closes that session's WebSockets, and only that session's")
    void logoutClosesSockets() {
        Http leaving = Http.as("supervisor");
        Http staying = Http.as("supervisor");
        Socket gone = Socket.open(leaving);
        Socket kept = Socket.open(staying);
        try {
            assertNotNull(gone.next("hello", Duration.ofSeconds(5)));
            assertNotNull(kept.next("hello", Duration.ofSeconds(5)));
            assertEquals(200, leaving.post("/api/logout", new JsonObject()).statusCode());
            Await.until("the logged-out session's socket to close", Duration.ofSeconds(5), gone.ws::isClosed);
            assertFalse(kept.ws.isClosed(), "another session of the same user keeps its socket");
        } finally {
            gone.close();
            kept.close();
        }
    }
}

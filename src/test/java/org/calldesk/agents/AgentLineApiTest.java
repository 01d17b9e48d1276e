package org.calldesk.agents;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.platform.Role;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.AgentPresence;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ServerTest
class AgentLineApiTest {

    private static Agent agent(String username, String iface) {
        return TestServer.await(TestServer.get().server.agents().create(new AgentStore.NewAgent(username, username,
                Role.AGENT, iface, List.of("service"), List.of(), "L"), TestServer.PASSWORD));
    }

    private static HttpResponse<Buffer> patch(Http http, long id, JsonObject body) {
        return TestServer.await(http.send(HttpMethod.PATCH, "/api/agents/" + id, Buffer.buffer(body.encode())));
    }

    @Test
    @DisplayName("an admin moves an agent to another phone and queues, and calls are matched to the new phone at once")
    void moveToAnotherPhone() {
        Agent mover = agent("line-mover", "PJSIP/1301");
        AgentDirectory lines = TestServer.get().server.agentLines();
        TestServer.await(lines.refresh());

        HttpResponse<Buffer> moved = patch(Http.as("admin"), mover.id(),
                new JsonObject().put("interface", "Local/1301@agents").put("queues", new JsonArray().add("service").add("vip")));

        assertEquals(200, moved.statusCode(), moved.bodyAsString());
        assertEquals("Local/1301@agents", moved.bodyAsJsonObject().getString("interface"));
        assertEquals(new JsonArray().add("service").add("vip"), moved.bodyAsJsonObject().getJsonArray("queues"));
        assertEquals("line-mover", lines.byInterface("Local/1301@agents").orElseThrow().username(),
                "known by its new phone without waiting for the periodic refresh");
        assertTrue(lines.byInterface("PJSIP/1301").isEmpty());
        JsonArray all = Http.as("admin").get("/api/agents").bodyAsJsonArray();
        assertTrue(all.stream().map(JsonObject.class::cast).anyMatch(a -> "line-mover".equals(a.getString("username"))
                && "Local/1301@agents".equals(a.getString("interface"))), all.encode());
    }

    @Test
    @DisplayName("an agent logged in on the old phone leaves the queues when an admin moves them, and logs in on the new one")
    void loggedInAgentLeavesWithOldPhone() {
        agent("line-busy", "PJSIP/1302");
        TestServer.await(TestServer.get().server.agentLines().refresh());
        AgentPresence presence = TestServer.get().server.presence();
        Http agent = Http.as("line-busy");
        assertEquals(200, agent.post("/api/agents/me/state", new JsonObject().put("state", "available")).statusCode());
        Await.until("PJSIP/1302 in its queue", Duration.ofSeconds(10), () -> presence.state("PJSIP/1302").loggedIn());
        long id = TestServer.await(TestServer.get().server.agents().byUsername("line-busy")).orElseThrow().id();

        assertEquals(200, patch(Http.as("admin"), id, new JsonObject().put("interface", "PJSIP/1312")).statusCode());

        Await.until("PJSIP/1302 out of the queues", Duration.ofSeconds(10), () -> !presence.state("PJSIP/1302").loggedIn());
        HttpResponse<Buffer> again = agent.post("/api/agents/me/state", new JsonObject().put("state", "available"));
        assertEquals("PJSIP/1312", again.bodyAsJsonObject().getString("interface"), again.bodyAsString());
        Await.until("PJSIP/1312 in its queue", Duration.ofSeconds(10), () -> presence.state("PJSIP/1312").loggedIn());
        assertEquals(200, agent.post("/api/agents/me/state", new JsonObject().put("state", "offline")).statusCode());
    }

    @Test
    @DisplayName("a phone that is another agent's, in any case, is refused with 409 naming whose it is")
    void phoneTaken() {
        Agent taker = agent("line-taker", "PJSIP/1303");

        HttpResponse<Buffer> taken = patch(Http.as("admin"), taker.id(), new JsonObject().put("interface", "pjsip/1001"));

        assertEquals(409, taken.statusCode(), taken.bodyAsString());
        assertEquals("agent1", taken.bodyAsJsonObject().getString("username"));
        assertEquals("PJSIP/1303", TestServer.await(TestServer.get().server.agents().byUsername("line-taker"))
                .orElseThrow().iface(), "nothing changed");
    }

    @Test
    @DisplayName("bad changes are refused with 400 and change nothing; an unknown agent is 404")
    void badInput() {
        Agent agent = agent("line-bad", "PJSIP/1304");
        Http admin = Http.as("admin");
        for (JsonObject body : List.of(
                new JsonObject(),
                new JsonObject().put("interface", "PJSIP 1304"),
                new JsonObject().put("interface", "PJSIP/1&PJSIP/2"),
                new JsonObject().put("interface", 1304),
                new JsonObject().put("queues", "service"),
                new JsonObject().put("queues", new JsonArray().add("service").add("service")),
                new JsonObject().put("queues", new JsonArray().add("no spaces")),
                new JsonObject().put("phone", "PJSIP/1305"))) {
            HttpResponse<Buffer> refused = patch(admin, agent.id(), body);
            assertEquals(400, refused.statusCode(), body.encode() + " -> " + refused.bodyAsString());
            assertTrue(refused.bodyAsJsonObject().containsKey("error"));
        }
        assertEquals("PJSIP/1304", TestServer.await(TestServer.get().server.agents().byUsername("line-bad"))
                .orElseThrow().iface());
        assertEquals(404, patch(admin, 999_999, new JsonObject().put("interface", "PJSIP/1399")).statusCode());
        assertEquals(400, TestServer.await(admin.send(HttpMethod.PATCH, "/api/agents/x",
                Buffer.buffer(new JsonObject().put("interface", "PJSIP/1399").encode()))).statusCode());
    }

    @Test
    @DisplayName("an interface set to null takes the phone away")
    void phoneRemoved() {
        Agent agent = agent("line-none", "PJSIP/1306");

        HttpResponse<Buffer> removed = patch(Http.as("admin"), agent.id(), new JsonObject().putNull("interface"));

        assertEquals(200, removed.statusCode(), removed.bodyAsString());
        assertNull(removed.bodyAsJsonObject().getString("interface"));
        assertEquals(List.of("service"), TestServer.await(TestServer.get().server.agents().byUsername("line-none"))
                .orElseThrow().queues(), "queues not named are kept");
        assertTrue(TestServer.get().server.agentLines().byInterface("PJSIP/1306").isEmpty());
    }
}

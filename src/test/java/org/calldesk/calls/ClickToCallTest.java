package org.calldesk.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.calldesk.Http;
import org.calldesk.Phones;
import org.calldesk.Phones.Socket;
import org.calldesk.TestServer;
import org.calldesk.agents.AgentStore;
import org.calldesk.platform.Role;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Click-to-call end to end: HTTP, the AMI Originate to the simulator, its OriginateResponse and the customer's Dial
 * back through the bridge, the agent's WebSocket, and the customer's history.
 */
@ServerTest
class ClickToCallTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void reset() {
        sockets.forEach(Socket::close);
        Phones.reset();
    }

    private Socket socket(Http session) {
        Socket socket = Socket.open(session);
        sockets.add(socket);
        assertNotNull(socket.next("hello", WAIT));
        return socket;
    }

    /** POST /api/calls/originate; the attempt's id from the 202. */
    private static String dial(Http agent, String phone) {
        var response = agent.post("/api/calls/originate", new JsonObject().put("phone", phone));
        assertEquals(202, response.statusCode(), response.bodyAsString());
        String id = response.bodyAsJsonObject().getString("id");
        assertNotNull(id, response.bodyAsString());
        return id;
    }

    /** The attempt's messages up to and including the one that settles it. */
    private static List<JsonObject> untilSettled(Socket socket, String id) {
        socket.received.first("the outcome of " + id, WAIT, m -> id.equals(m.getString("id"))
                && List.of("connected", "failed").contains(m.getString("state")));
        return socket.received.all().stream()
                .filter(m -> "originate".equals(m.getString("type")) && id.equals(m.getString("id"))).toList();
    }

    private static List<String> states(List<JsonObject> messages) {
        return messages.stream().map(m -> m.getString("state") + (m.containsKey("leg") ? " " + m.getString("leg") : ""))
                .toList();
    }

    /** The history rows of one attempt, once the row for it has been written. */
    private static List<String> history(String id) {
        Await.until("the history row of " + id, WAIT, () -> historyNow(id).size() == 1);
        return historyNow(id);
    }

    private static List<String> historyNow(String id) {
        List<String> summaries = new ArrayList<>();
        TestServer.await(TestServer.get().server.pg()
                .preparedQuery("SELECT summary FROM interactions WHERE details->>'originate' = $1")
                .execute(Tuple.of(id))).forEach(row -> summaries.add(row.getString("summary")));
        return summaries;
    }

    @Test
    @DisplayName("the agent answers, then the customer: ringing, ringing the customer, connected; history says connected")
    void connected() {
        Phones.customer("C2C-1", "Call Me Back", "+86 137 5500 0001", "bronze", null);
        Http agent1 = Http.as("agent1");
        Http agent2 = Http.as("agent2");
        Socket socket = socket(agent1);
        Socket other = socket(agent2);

        String id = dial(agent1, "137 5500 0001");
        List<JsonObject> messages = untilSettled(socket, id);
        assertEquals(List.of("ringing agent", "ringing customer", "connected"), states(messages));
        assertEquals("+8613755000001", messages.getLast().getString("number"));
        assertEquals(List.of("click-to-call by agent1 to +8613755000001, connected"), history(id));
        long agent2Id = agent2.get("/api/me").bodyAsJsonObject().getLong("id");
        assertEquals(List.of(), other.beforeMarkerTo(agent2Id).stream()
                .filter(m -> "originate".equals(m.getString("type"))).toList(), "another agent hears nothing of it");
    }

    @Test
    @DisplayName("the agent's phone rings out: failed, 'the agent's phone did not answer', and history says so")
    void agentDoesNotAnswer() {
        Phones.customer("C2C-2", "Never Reached", "+86 137 5500 0002", "bronze", null);
        Phones.sim().device("PJSIP/1001").autoAnswer(false);
        Http agent = Http.as("agent1");
        Socket socket = socket(agent);

        String id = dial(agent, "+8613755000002");
        List<JsonObject> messages = untilSettled(socket, id);
        assertEquals(List.of("ringing agent", "failed"), states(messages));
        assertEquals("the agent's phone did not answer", messages.getLast().getString("reason"));
        assertEquals(List.of("click-to-call by agent1 to +8613755000002, failed: the agent's phone did not answer"), history(id));
    }

    @Test
    @DisplayName("the agent answers but the customer does not: failed, 'the customer did not answer', and history says so")
    void customerDoesNotAnswer() {
        Phones.customer("C2C-3", "Out Of Reach", "+86 137 5500 0003", "bronze", null);
        Phones.sim().customer("+8613755000003").autoAnswer(false);
        Http agent = Http.as("agent1");
        Socket socket = socket(agent);

        String id = dial(agent, "+8613755000003");
        List<JsonObject> messages = untilSettled(socket, id);
        assertEquals(List.of("ringing agent", "ringing customer", "failed"), states(messages));
        assertEquals("the customer did not answer", messages.getLast().getString("reason"));
        assertEquals(List.of("click-to-call by agent1 to +8613755000003, failed: the customer did not answer"),
                history(id));
    }

    @Test
    @DisplayName("an agent whose interface reaches no phone fails with Reason 0 in words; an unknown number gets no history")
    void badChannel() {
        Phones.customer("C2C-4", "Known Customer", "+86 137 5500 0004", "bronze", null);
        TestServer server = TestServer.get();
        TestServer.await(server.server.agents().create(new AgentStore.NewAgent("c2c-badline", "Bad Line", Role.AGENT,
                "Local/1077@agents", List.of(), List.of(), "A"), TestServer.PASSWORD)
                .compose(created -> server.server.agentLines().refresh()));
        Http agent = Http.as("c2c-badline");
        Socket socket = socket(agent);

        String unknown = dial(agent, "+8613755000099");
        JsonObject failed = untilSettled(socket, unknown).getLast();
        assertEquals("failed", failed.getString("state"));
        assertEquals("the agent's phone could not be called (no such phone, or it is not reachable)", failed.getString("reason"));

        String known = dial(agent, "+8613755000004");
        assertEquals("failed", untilSettled(socket, known).getLast().getString("state"));
        assertEquals(List.of("click-to-call by c2c-badline to +8613755000004, failed: the agent's phone could not be called"
                + " (no such phone, or it is not reachable)"), history(known));
        // A row for the first attempt would have gone to PostgreSQL before the second's.
        assertEquals(List.of(), historyNow(unknown));
    }
}

package org.calldesk.web;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import org.calldesk.Http;
import org.calldesk.Phones.Socket;
import org.calldesk.TestServer;
import org.calldesk.agents.AgentStore;
import org.calldesk.platform.Role;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a browser may ask over the live channel, checked field by field and against whose channel it is. */
@ServerTest
class SocketWatchTest {

    private static final Duration WAIT = Duration.ofSeconds(3);

    @Test
    @DisplayName("a message with fields of the wrong type is answered with an error, and nothing is logged as a failure")
    void wrongTypes() {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        Socket socket = Socket.open(Http.as("supervisor"));
        try {
            assertNotNull(socket.next("hello", WAIT));
            for (String message : List.of("{\"type\":\"watch\",\"agentId\":\"7\"}", "{\"type\":\"watch\",\"agentId\":{\"id\":7}}",
                    "{\"type\":\"watch\",\"agentId\":7.5}", "{\"type\":7}", "[1,2]", "{}")) {
                socket.ws.writeTextMessage(message);
                JsonObject error = socket.next("error", WAIT);
                assertNotNull(error, "an answer to " + message);
            }
            socket.ws.writeTextMessage("{\"type\":\"unwatch\",\"agentId\":\"7\"}");
            socket.ws.writeTextMessage("{\"type\":\"ping\"}");
            assertNotNull(socket.next("pong", WAIT), "the socket still answers");
            assertEquals(6, socket.received.count(m -> "error".equals(m.getString("type"))), "unwatch answers nothing");
        } finally {
            socket.close();
            root.detachAppender(logged);
        }
        assertEquals(List.of(), logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)
                || e.getThrowableProxy() != null).map(ILoggingEvent::getFormattedMessage).toList());
    }

    @Test
    @DisplayName("a supervisor may watch an agent's channel, never an admin's, another supervisor's or an unknown id's")
    void onlyAgentsChannels() {
        Http supervisor = Http.as("supervisor");
        long own = id(supervisor);
        long admin = id(Http.as("admin"));
        long agent = id(Http.as("agent1"));
        long otherSupervisor = otherSupervisor();
        Socket socket = Socket.open(supervisor);
        try {
            assertNotNull(socket.next("hello", WAIT));
            for (long refused : new long[]{admin, otherSupervisor, own, 987_654_321L}) {
                socket.ws.writeTextMessage(new JsonObject().put("type", "watch").put("agentId", refused).encode());
                JsonObject error = socket.next("error", WAIT);
                assertNotNull(error, "watching " + refused + " is refused");
                assertTrue(error.getString("error").contains("only agents"), error.encode());
            }
            socket.ws.writeTextMessage(new JsonObject().put("type", "watch").put("agentId", agent).encode());
            JsonObject watching = socket.next("watching", WAIT);
            assertNotNull(watching);
            assertEquals(agent, watching.getLong("agentId"));
            assertEquals(1, socket.received.count(m -> "watching".equals(m.getString("type"))),
                    "no refused watch was granted: " + socket.received.all());

            JsonObject secret = new JsonObject().put("type", "for-the-admin-only");
            Sockets.toUser(TestServer.get().vertx, admin, secret, null);
            assertTrue(socket.beforeMarkerTo(own).stream().noneMatch(secret::equals));
        } finally {
            socket.close();
        }
    }

    private static long id(Http session) {
        return session.get("/api/me").bodyAsJsonObject().getLong("id");
    }

    private static long otherSupervisor() {
        AgentStore agents = TestServer.get().server.agents();
        return TestServer.await(agents.byUsername("supervisor-watched")
                .compose(found -> found.isPresent() ? io.vertx.core.Future.succeededFuture(found.get())
                        : agents.create(new AgentStore.NewAgent("supervisor-watched", "Will Watched", Role.SUPERVISOR, null,
                                List.of(), List.of(), "B"), TestServer.PASSWORD))).id();
    }
}

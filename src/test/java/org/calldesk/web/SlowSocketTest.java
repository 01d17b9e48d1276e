package org.calldesk.web;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.agents.AgentStore;
import org.calldesk.platform.Role;
import org.calldesk.testing.Await;
import org.calldesk.testing.Inbox;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Browsers that stop reading their live channel (a frozen tab, a dead link the kernel has not noticed): the server
 * keeps at most a bounded backlog for each, drops board notices a newer one makes pointless, and closes a socket
 * still too far behind with a reason, so that the browser reconnects and reloads instead of the heap growing.
 */
@ServerTest
class SlowSocketTest {

    private static final String FILLER = "x".repeat(16 * 1024);
    private static final long GIVE_UP_BYTES = 64L << 20;

    @Test
    @DisplayName("a socket that reads nothing is closed with 1013 and a reason once its backlog passes the bound, which it never outgrew")
    void closedWhenTooFarBehind() {
        long agentId = user("ws-never-reads", Role.AGENT);
        Slow slow = Slow.open("ws-never-reads");
        double closedBefore = metric("calldesk_websocket_closed_behind_total");
        long sent = 0;
        while (metric("calldesk_websocket_closed_behind_total") == closedBefore) {
            if (sent > GIVE_UP_BYTES) {
                fail("the server still kept a socket that had read nothing of " + (sent >> 20) + " MB");
            }
            for (int i = 0; i < 64; i++) {
                Sockets.toUser(TestServer.get().vertx, agentId, filler(i), null);
                sent += FILLER.length();
            }
        }
        slow.ws.resume();
        Await.until("the close frame to be read", Duration.ofSeconds(20), () -> slow.closed.get() != null);
        assertEquals((short) 1013, slow.ws.closeStatusCode(), slow.closed.get());
        assertTrue(slow.closed.get().contains("too far behind"), slow.closed.get());
        long bound = TestServer.get().server.settings().sockets().backlogBytes();
        double peak = metric("calldesk_websocket_backlog_peak_bytes_max");
        assertTrue(peak > 0 && peak <= bound + FILLER.length() + 100, "peak backlog " + peak + " against a bound of " + bound);
    }

    @Test
    @DisplayName("a board notice waiting for a slow socket is replaced by the newer one: the backlog does not grow and the socket stays open")
    void boardNoticesSuperseded() {
        long agentId = user("ws-slow-board", Role.SUPERVISOR);
        Slow slow = Slow.open("ws-slow-board");
        double closedBefore = metric("calldesk_websocket_closed_behind_total");
        for (int i = 0; metric("calldesk_websocket_backlog_bytes") == 0; i++) {
            if ((long) i * FILLER.length() > GIVE_UP_BYTES) {
                fail("the socket never fell behind");
            }
            Sockets.toUser(TestServer.get().vertx, agentId, filler(i), null);
        }
        double supersededBefore = metric("calldesk_websocket_superseded_total");
        double backlog = metric("calldesk_websocket_backlog_bytes");
        for (int n = 0; n < 1000; n++) {
            TestServer.get().vertx.eventBus().publish(Sockets.BOARD, new JsonObject().put("type", "queue-changed").put("n", n));
        }
        Await.until("999 board notices to be superseded", Duration.ofSeconds(20),
                () -> metric("calldesk_websocket_superseded_total") >= supersededBefore + 999);
        assertTrue(metric("calldesk_websocket_backlog_bytes") <= backlog + FILLER.length() * 2L,
                "the backlog grew by more than one notice");
        assertEquals(closedBefore, metric("calldesk_websocket_closed_behind_total"), "no socket closed");

        slow.ws.resume();
        slow.received.first("the newest board notice", Duration.ofSeconds(20), m -> m.getInteger("n", -1) == 999
                && "queue-changed".equals(m.getString("type")));
        JsonObject marker = new JsonObject().put("type", "test-marker").put("id", UUID.randomUUID().toString());
        List<JsonObject> before = slow.received.before(marker, m -> Sockets.toUser(TestServer.get().vertx, agentId, m, null),
                Duration.ofSeconds(20));
        assertEquals(1, before.stream().filter(m -> "queue-changed".equals(m.getString("type")) && m.containsKey("n")).count(),
                "one board notice of the thousand");
        assertNull(slow.closed.get(), "still open");
        slow.ws.close();
    }

    private static JsonObject filler(int n) {
        return new JsonObject().put("type", "filler").put("n", n).put("padding", FILLER);
    }

    /** The sum of every series of one meter on the server's /metrics. */
    private static double metric(String name) {
        double sum = 0;
        // /metrics is for admins (or the scrape token).
        for (String line : Http.as("admin").get("/metrics").bodyAsString().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static long user(String username, Role role) {
        AgentStore agents = TestServer.get().server.agents();
        return TestServer.await(agents.create(new AgentStore.NewAgent(username, username, role, null, List.of(), List.of(), null),
                TestServer.PASSWORD)).id();
    }

    /** A browser's socket with a small receive buffer that stops reading once the server's hello has come. */
    private record Slow(WebSocket ws, Inbox<JsonObject> received, AtomicReference<String> closed) {

        static Slow open(String username) {
            Http session = Http.as(username);
            TestServer server = TestServer.get();
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.port)
                    .setURI("/ws").addHeader("Cookie", session.cookie());
            Inbox<JsonObject> received = new Inbox<>();
            AtomicReference<String> closed = new AtomicReference<>();
            WebSocket ws = TestServer.await(server.vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setReceiveBufferSize(8 * 1024)).connect(options).map(socket -> {
                        socket.textMessageHandler(text -> received.add(new JsonObject(text)));
                        socket.closeHandler(v -> closed.set(socket.closeStatusCode() + " " + socket.closeReason()));
                        return socket;
                    }));
            received.first("hello", Duration.ofSeconds(10), m -> "hello".equals(m.getString("type")));
            ws.pause();
            return new Slow(ws, received, closed);
        }
    }
}

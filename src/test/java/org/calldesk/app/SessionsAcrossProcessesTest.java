package org.calldesk.app;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.calldesk.TestServer;
import org.calldesk.testing.Await;
import org.calldesk.testing.ChildServer;
import org.calldesk.testing.Inbox;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11 (sessions), with separate JVMs on loopback: two calldesk servers on the PostgreSQL and Redis of
 * {@code calldesk services}. A session made on one is honoured by the other, and a logout on the other closes the
 * WebSocket it opened on the first (their event buses are not joined: the first learns it from Redis).
 */
@ServerTest
class SessionsAcrossProcessesTest {

    private static final String COOKIE = "calldesk.session";

    @Test
    @DisplayName("two server processes on the same services: a login on A works on B, and a logout on B closes A's WebSocket")
    void sessionsAcrossProcesses() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "test-data", "across-" + System.nanoTime()));
        Vertx vertx = Vertx.vertx();
        try (Command services = Command.start(dir, "services", Map.of("CALLDESK_DATA_DIR", dir.resolve("services").toString(),
                "CALLDESK_DATABASE_EMBEDDED_DURABLE", "false"), List.of("services"))) {
            services.awaitOut("Ctrl-C or SIGTERM stops them.", Duration.ofSeconds(120));
            Map<String, String> shared = new HashMap<>();
            services.out().lines().filter(line -> line.startsWith("export ")).forEach(line -> {
                String assignment = line.substring("export ".length());
                shared.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
            });
            try (ChildServer a = ChildServer.start(dir.resolve("a"), "a", shared)) {
                a.awaitUp();
                // B after A: A seeds the demo users into the empty database.
                try (ChildServer b = ChildServer.start(dir.resolve("b"), "b", shared)) {
                    b.awaitUp();
                    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                    HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port() + "/api/login"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", "agent1").put("password", "demo").encode()))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, login.statusCode(), login.body());
                    String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(COOKIE + "="))
                            .map(c -> c.split(";", 2)[0]).findFirst().orElseThrow();
                    String csrf = new JsonObject(login.body()).getString("csrfToken");

                    HttpResponse<String> onB = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.port() + "/api/me"))
                            .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, onB.statusCode(), "B honours A's session: " + onB.body());
                    assertEquals("agent1", new JsonObject(onB.body()).getString("username"));

                    Inbox<JsonObject> received = new Inbox<>();
                    AtomicBoolean closed = new AtomicBoolean();
                    // Kept in a variable: Vert.x closes a client nothing refers to any more, handshake or not.
                    WebSocketClient client = vertx.createWebSocketClient();
                    WebSocket ws = TestServer.await(client.connect(new WebSocketConnectOptions()
                            .setHost("127.0.0.1").setPort(a.port()).setURI("/ws").addHeader("Cookie", cookie)).map(socket -> {
                                socket.textMessageHandler(text -> received.add(new JsonObject(text)));
                                socket.closeHandler(v -> closed.set(true));
                                return socket;
                            }));
                    assertNotNull(received.first("hello", Duration.ofSeconds(10), m -> "hello".equals(m.getString("type"))));

                    HttpResponse<String> logout = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.port() + "/api/logout"))
                            .header("Cookie", cookie).header("X-CSRF-Token", csrf).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, logout.statusCode(), logout.body());
                    Await.until("A's WebSocket to close after the logout on B", Duration.ofSeconds(15), closed::get);
                    assertEquals((short) 1000, ws.closeStatusCode());
                    client.close();
                    HttpResponse<String> afterOnA = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port() + "/api/me"))
                            .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(401, afterOnA.statusCode(), "logged out on B is logged out on A");
                }
            }
            services.terminate(Duration.ofSeconds(60));
        } finally {
            TestServer.await(vertx.close());
        }
    }
}

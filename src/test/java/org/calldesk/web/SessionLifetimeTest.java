package org.calldesk.web;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.agents.AuthRoutes;
import org.calldesk.agents.LoginThrottle;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.app.Settings;
import org.calldesk.platform.Config;
import org.calldesk.platform.HttpSettings;
import org.calldesk.testing.Await;
import org.calldesk.testing.Inbox;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10, items 16 and 17: a session is made only by a login, ends after its idle time or its lifetime since
 * login, and takes its WebSockets with it.
 */
@ServerTest
class SessionLifetimeTest {

    private static final String COOKIE = "calldesk.session";

    @Test
    @DisplayName("the shipped sessions end after 30 idle minutes, and 12 hours after login however busy")
    void shippedLifetimes() {
        HttpSettings http = Settings.from(Config.defaults()).http();
        assertEquals(Duration.ofMinutes(30), http.sessionIdle());
        assertEquals(Duration.ofHours(12), http.sessionMax());
    }

    @Test
    @DisplayName("anonymous requests, the login page included, neither store a session nor set a session cookie")
    void anonymousRequestsMakeNoSession() {
        int before = storedSessions();
        for (int i = 0; i < 20; i++) {
            Http anonymous = Http.anonymous();
            for (String path : List.of("/login", "/login?next=%2Fconsole", "/customers", "/", "/api/me", "/no-such-page")) {
                HttpResponse<Buffer> response = anonymous.get(path);
                assertNoSessionCookie(response, "GET " + path);
            }
            // A username of its own each time: failures for a real one would throttle it for the tests after this one.
            MultiMap wrong = MultiMap.caseInsensitiveMultiMap().add("username", "nobody-" + i).add("password", "not the password");
            HttpResponse<Buffer> failed = TestServer.await(webClient(TestServer.get().port).post("/login").sendForm(wrong));
            assertEquals(401, failed.statusCode());
            assertNoSessionCookie(failed, "a failed login");
        }
        assertTrue(storedSessions() <= before, "sessions stored: " + before + " before, " + storedSessions() + " after");
    }

    @Test
    @DisplayName("the login form needs no session or token, but a login posted from another site's page is refused")
    void loginFormWithoutSession() {
        int port = TestServer.get().port;
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("username", "agent2").add("password", TestServer.PASSWORD)
                .add("next", "/complaints");
        HttpResponse<Buffer> forged = TestServer.await(webClient(port).post("/login")
                .putHeader("Origin", "http://evil.example").sendForm(form));
        assertEquals(403, forged.statusCode(), forged.bodyAsString());
        assertNoSessionCookie(forged, "a cross-site login");
        HttpResponse<Buffer> forgedApi = TestServer.await(webClient(port).post("/api/login")
                .putHeader("Origin", "http://evil.example")
                .sendJsonObject(new JsonObject().put("username", "agent2").put("password", TestServer.PASSWORD)));
        assertEquals(403, forgedApi.statusCode(), forgedApi.bodyAsString());

        HttpResponse<Buffer> real = TestServer.await(webClient(port).post("/login")
                .putHeader("Origin", "http://127.0.0.1:" + port).sendForm(form));
        assertEquals(302, real.statusCode(), real.bodyAsString());
        assertEquals("/complaints", real.getHeader("Location"));
        assertNotNull(sessionCookie(real), "a login makes the session");
    }

    @Test
    @DisplayName("a WebSocket closes when its session expires for want of requests")
    void socketClosesWhenSessionIdlesOut() {
        withWebServer(Duration.ofSeconds(2), Duration.ofHours(12), port -> {
            Browser agent = Browser.login(port, "agent1");
            agent.socket.received.first("hello", Duration.ofSeconds(10), m -> "hello".equals(m.getString("type")));
            long agentId = agent.me().getLong("id");
            Sockets.toUser(TestServer.get().vertx, agentId, new JsonObject().put("type", "pop").put("name", "before"), null);
            agent.socket.received.first("the pop while the session lives", Duration.ofSeconds(10),
                    m -> "before".equals(m.getString("name")));

            Await.until("the socket to close after the session's idle timeout", Duration.ofSeconds(20), agent.closed::get);
            assertEquals((short) 1000, agent.socket.ws.closeStatusCode());
            assertEquals(401, agent.get("/api/me").statusCode(), "the session is gone too");
        });
    }

    @Test
    @DisplayName("a session ends at its lifetime since login even while busy, and its WebSocket closes with it")
    void sessionEndsAtLifetime() {
        withWebServer(Duration.ofHours(1), Duration.ofSeconds(3), port -> {
            Browser supervisor = Browser.login(port, "supervisor");
            JsonObject session = supervisor.me().getJsonObject("session");
            assertEquals(Duration.ofHours(1).toMillis(), session.getLong("idleTimeoutMs"), "what a console's keep-alive reads");
            // Busy all along: a request every poll.
            Await.until("the socket to close at the session's end", Duration.ofSeconds(20),
                    () -> supervisor.get("/api/me").statusCode() == 401 && supervisor.closed.get());
            assertEquals((short) 1000, supervisor.socket.ws.closeStatusCode());
        });
    }

    // --- helpers ---

    /**
     * A second HTTP verticle on the shared server's stores and its Redis-backed sessions, with session limits short
     * enough to watch run out.
     */
    private static void withWebServer(Duration idle, Duration max, OnPort test) {
        TestServer server = TestServer.get();
        int port = EmbeddedServices.freePort();
        HttpSettings http = new HttpSettings(port, "127.0.0.1", 1, idle, max, false, "");
        List<WebVerticle.Routes> routes = List.of(
                new AuthRoutes(server.server.agents(), new LoginThrottle(server.server.redis(), server.server.settings().security()),
                        user -> Future.succeededFuture()),
                new Sockets(server.vertx, new SimpleMeterRegistry(), server.server.agents()::roleOf,
                        server.server.settings().sockets()));
        RedisSessionStore store = new RedisSessionStore(server.vertx, server.server.redis());
        String deployment = TestServer.await(server.vertx.deployVerticle(() -> new WebVerticle(http, routes, null, Duration.ZERO, store),
                new DeploymentOptions().setInstances(1)));
        try {
            test.run(port);
        } finally {
            TestServer.await(server.vertx.undeploy(deployment));
        }
    }

    @FunctionalInterface
    private interface OnPort {
        void run(int port);
    }

    private static final class Browser {
        final WebClient client;
        final String cookie;
        final Socket socket;
        final AtomicBoolean closed = new AtomicBoolean();

        private Browser(WebClient client, String cookie, Socket socket) {
            this.client = client;
            this.cookie = cookie;
            this.socket = socket;
            socket.ws.closeHandler(v -> closed.set(true));
        }

        static Browser login(int port, String username) {
            WebClient client = webClient(port);
            HttpResponse<Buffer> login = TestServer.await(client.post("/api/login")
                    .sendJsonObject(new JsonObject().put("username", username).put("password", TestServer.PASSWORD)));
            assertEquals(200, login.statusCode(), login.bodyAsString());
            String cookie = sessionCookie(login);
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                    .setURI("/ws").addHeader("Cookie", cookie);
            Supplier<Future<WebSocket>> connect = () -> TestServer.get().vertx.createWebSocketClient().connect(options);
            return new Browser(client, cookie, TestServer.await(connect.get().map(Socket::new)));
        }

        HttpResponse<Buffer> get(String path) {
            return TestServer.await(client.get(path).putHeader("Cookie", cookie).send());
        }

        JsonObject me() {
            HttpResponse<Buffer> me = get("/api/me");
            assertEquals(200, me.statusCode(), me.bodyAsString());
            return me.bodyAsJsonObject();
        }
    }

    private static final class Socket {
        final WebSocket ws;
        final Inbox<JsonObject> received = new Inbox<>();

        Socket(WebSocket ws) {
            this.ws = ws;
            ws.textMessageHandler(text -> received.add(new JsonObject(text)));
        }
    }

    private static WebClient webClient(int port) {
        return WebClient.create(TestServer.get().vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(port).setFollowRedirects(false));
    }

    private static String sessionCookie(HttpResponse<Buffer> response) {
        return response.cookies().stream().filter(c -> c.startsWith(COOKIE + "=")).map(c -> c.split(";", 2)[0])
                .filter(c -> c.length() > COOKIE.length() + 1).findFirst().orElse(null);
    }

    private static void assertNoSessionCookie(HttpResponse<Buffer> response, String what) {
        assertEquals(null, sessionCookie(response), what + " set a session cookie: " + response.cookies());
    }

    private static int storedSessions() {
        return TestServer.await(new RedisSessionStore(TestServer.get().vertx, TestServer.get().server.redis()).size());
    }
}

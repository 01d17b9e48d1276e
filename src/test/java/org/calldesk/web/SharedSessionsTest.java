package org.calldesk.web;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.calldesk.TestServer;
import org.calldesk.agents.AuthRoutes;
import org.calldesk.agents.LoginThrottle;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.platform.HttpSettings;
import org.calldesk.platform.Redis;
import org.calldesk.testing.Await;
import org.calldesk.testing.Inbox;
import org.calldesk.testing.ServerTest;
import org.calldesk.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11 (sessions): a session lives in Redis, so every node sees it, a logout or an expiry on one node closes its
 * sockets on every node, and while Redis is away logins and requests with a session answer 503 instead of failing.
 *
 * <p>Two nodes here are two web servers in two Vert.x instances, each with its own Redis gateway and session store,
 * sharing only a Redis of this class's own: their event buses are not joined, so what one node learns of the other
 * it learns through Redis.
 */
@ServerTest
class SharedSessionsTest {

    private static final String COOKIE = "calldesk.session";
    private static TestRedis redis;
    private static final List<Node> nodes = new ArrayList<>();
    private static Node a;
    private static Node b;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
        a = Node.start(TestServer.get().vertx, Duration.ofMinutes(30));
        b = Node.start(Vertx.vertx(), Duration.ofMinutes(30));
    }

    @AfterAll
    static void stop() {
        nodes.forEach(Node::stop);
        redis.close();
    }

    @Test
    @DisplayName("a session made at a login on one node is honoured by another, CSRF token included")
    void sessionSeenByAnotherNode() {
        Browser browser = Browser.login(a, "agent1");
        HttpResponse<Buffer> me = browser.get(b, "/api/me");
        assertEquals(200, me.statusCode(), me.bodyAsString());
        assertEquals("agent1", me.bodyAsJsonObject().getString("username"));
        assertEquals(browser.csrf, me.bodyAsJsonObject().getString("csrfToken"), "the same session, the same token");

        HttpResponse<Buffer> forged = TestServer.await(b.client.post("/api/logout").putHeader("Cookie", browser.cookie)
                .sendJsonObject(new JsonObject()));
        assertEquals(403, forged.statusCode(), "without the token: " + forged.bodyAsString());
        assertEquals(200, browser.logout(b).statusCode());
        assertEquals(401, browser.get(a, "/api/me").statusCode(), "logged out on B is logged out on A");
    }

    @Test
    @DisplayName("a logout through node B closes the WebSocket the same session opened on node A")
    void logoutOnOneNodeClosesSocketsOnAnother() {
        Browser browser = Browser.login(a, "supervisor");
        Socket socket = browser.socket(a);
        assertNotNull(socket.received.first("hello", Duration.ofSeconds(10), m -> "hello".equals(m.getString("type"))));
        Browser other = Browser.login(a, "agent2");
        Socket bystander = other.socket(a);
        assertNotNull(bystander.received.first("hello", Duration.ofSeconds(10), m -> "hello".equals(m.getString("type"))));

        assertEquals(200, browser.logout(b).statusCode());
        Await.until("the socket on A to close after the logout on B", Duration.ofSeconds(15), socket.closed::get);
        assertEquals((short) 1000, socket.ws.closeStatusCode());
        assertEquals("session ended", socket.ws.closeReason());
        assertTrue(!bystander.closed.get(), "another session's socket stays open");
        assertEquals(200, other.get(b, "/api/me").statusCode());
        bystander.ws.close();
    }

    @Test
    @DisplayName("the store keeps a session only as long as its idle time, renewed by each request, and drops a logged-out one")
    void redisCountsTheIdleTime() {
        Browser browser = Browser.login(a, "agent2");
        String key = RedisSessionStore.PREFIX + browser.cookie.substring(COOKIE.length() + 1);
        long ttl = TestServer.await(a.redis.call(jedis -> jedis.pttl(key)));
        assertTrue(ttl > Duration.ofMinutes(29).toMillis() && ttl <= Duration.ofMinutes(30).toMillis(), "time to live " + ttl);
        assertEquals(200, browser.logout(a).statusCode());
        // Ended, not merely deleted: a request still in flight that writes the session back cannot revive it.
        assertEquals(RedisSessionStore.ENDED, TestServer.await(a.redis.call(jedis -> jedis.get(key))), "the key is marked ended at logout");
        long kept = TestServer.await(a.redis.call(jedis -> jedis.pttl(key)));
        assertTrue(kept > 0 && kept <= Duration.ofMinutes(15).toMillis(), "the mark goes after a while: " + kept);
        assertEquals(401, browser.get(a, "/api/me").statusCode());
    }

    @Test
    @DisplayName("while Redis is down a login answers 503 saying why, a session goes on working on the node that holds it (503 on another), open sockets stay open")
    void redisDown() {
        Logger sockets = (Logger) LoggerFactory.getLogger(RedisSessionStore.class);
        Level level = sockets.getLevel();
        ListAppender<ILoggingEvent> checks = new ListAppender<>();
        checks.start();
        sockets.setLevel(Level.DEBUG);
        sockets.addAppender(checks);
        try {
            redisDown(checks);
        } finally {
            sockets.detachAppender(checks);
            sockets.setLevel(level);
        }
    }

    private void redisDown(ListAppender<ILoggingEvent> checks) {
        Browser browser = Browser.login(a, "agent1");
        Socket socket = browser.socket(a);
        assertNotNull(socket.received.first("hello", Duration.ofSeconds(10), m -> "hello".equals(m.getString("type"))));
        redis.stop();
        try {
            HttpResponse<Buffer> login = TestServer.await(a.client.post("/api/login")
                    .sendJsonObject(new JsonObject().put("username", "agent2").put("password", TestServer.PASSWORD)));
            assertEquals(503, login.statusCode(), login.bodyAsString());
            assertTrue(login.bodyAsJsonObject().getString("error").contains("try again"), login.bodyAsString());
            assertEquals(null, sessionCookie(login), "no cookie for a session that was not kept");
            HttpResponse<Buffer> form = TestServer.await(a.client.post("/login").putHeader("Accept-Language", "en")
                    .sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("username", "agent2")
                            .add("password", TestServer.PASSWORD)));
            assertEquals(503, form.statusCode(), form.bodyAsString());
            assertTrue(form.bodyAsString().contains("Logging in is not possible for a moment"), "the login form says why");

            HttpResponse<Buffer> me = browser.get(b, "/api/me");
            assertEquals(503, me.statusCode(), "B never saw this session: " + me.bodyAsString());
            assertTrue(me.bodyAsJsonObject().getString("error").contains("sessions are unavailable"), me.bodyAsString());
            HttpResponse<Buffer> onA = browser.get(a, "/api/me");
            assertEquals(200, onA.statusCode(), "A, where the browser logged in, still honours it: " + onA.bodyAsString());
            // The sockets' check fails meanwhile, and closes nothing: after a failed check the socket still answers.
            Await.until("a check of the sockets' sessions to fail", Duration.ofSeconds(15), () -> checks.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().startsWith("sessions of open sockets checked against this node's copies only")));
            socket.ws.writeTextMessage("{\"type\":\"ping\"}");
            assertNotNull(socket.received.first("pong", Duration.ofSeconds(10), m -> "pong".equals(m.getString("type"))));
            assertTrue(!socket.closed.get(), "the socket stays open while the store cannot tell");
        } finally {
            redis.restart();
        }
        // This test Redis keeps nothing across a restart: the session is gone, and the socket closes with it.
        Await.until("the socket to close once Redis answers without the session", Duration.ofSeconds(20), socket.closed::get);
        Await.until("a login to work again", Duration.ofSeconds(20), () -> TestServer.await(a.client.post("/api/login")
                .sendJsonObject(new JsonObject().put("username", "agent2").put("password", TestServer.PASSWORD)))
                .statusCode() == 200);
    }

    @Test
    @DisplayName("a logout while Redis hangs ends the session at once on that node, and in Redis (so on every node) once it answers")
    void logoutWhileRedisHangs() {
        Browser browser = Browser.login(a, "agent2");
        assertEquals(200, browser.get(b, "/api/me").statusCode());
        redis.pause();
        try {
            Await.until("A to notice Redis hangs", Duration.ofSeconds(10), () -> !a.redis.isUp());
            assertEquals(200, browser.logout(a).statusCode(), "the logout is taken");
            assertTrue(browser.get(a, "/api/me").statusCode() >= 400, "and the session is no longer honoured on A");
        } finally {
            redis.resume();
        }
        // The hung Redis kept its data: the key is removed once it answers, and then B refuses the session too.
        Await.until("B to refuse the session logged out on A", Duration.ofSeconds(15),
                () -> browser.get(b, "/api/me").statusCode() == 401);
        assertEquals(401, browser.get(a, "/api/me").statusCode());
    }

    @Test
    @DisplayName("requests that change nothing in a session do not write it to Redis again within a twentieth of its idle time")
    void unchangedSessionsAreNotRewritten() {
        Browser browser = Browser.login(a, "agent1");
        assertEquals(200, browser.get(a, "/api/me").statusCode());
        long before = sets();
        for (int i = 0; i < 20; i++) {
            assertEquals(200, browser.get(a, "/api/me").statusCode());
        }
        assertEquals(before, sets(), "20 requests of an unchanged session wrote it again");
        assertEquals(Duration.ofMinutes(1).toMillis(), RedisSessionStore.rewriteAfter(Duration.ofMinutes(30).toMillis()));
        assertEquals(100, RedisSessionStore.rewriteAfter(2000));
    }

    /** SET commands Redis has run so far. */
    private static long sets() {
        String stats = TestServer.await(a.redis.call(jedis -> jedis.info("commandstats")));
        return stats.lines().filter(line -> line.startsWith("cmdstat_set:")).findFirst()
                .map(line -> Long.parseLong(line.replaceAll(".*calls=([0-9]+).*", "$1"))).orElse(0L);
    }

    // --- helpers ---

    /** One web server as a node would run it: its own Vert.x, Redis gateway, session store and sockets. */
    private record Node(Vertx vertx, Redis redis, int port, String deployment, WebClient client, boolean ownVertx) {

        static Node start(Vertx vertx, Duration idle) {
            TestServer server = TestServer.get();
            int port = EmbeddedServices.freePort();
            Redis gateway = new Redis(vertx, SharedSessionsTest.redis.url(), 250, 2, 200);
            HttpSettings http = new HttpSettings(port, "127.0.0.1", 1, idle, Duration.ofHours(12), false, "");
            List<WebVerticle.Routes> routes = List.of(
                    new AuthRoutes(server.server.agents(), new LoginThrottle(gateway, server.server.settings().security()),
                            user -> Future.succeededFuture()),
                    new Sockets(vertx, new SimpleMeterRegistry(), server.server.agents()::roleOf, server.server.settings().sockets()));
            RedisSessionStore store = new RedisSessionStore(vertx, gateway);
            String deployment = TestServer.await(vertx.deployVerticle(() -> new WebVerticle(http, routes, null, Duration.ZERO, store),
                    new DeploymentOptions().setInstances(1)));
            Node node = new Node(vertx, gateway, port, deployment, WebClient.create(vertx, new WebClientOptions()
                    .setDefaultHost("127.0.0.1").setDefaultPort(port).setFollowRedirects(false)), vertx != server.vertx);
            nodes.add(node);
            return node;
        }

        void stop() {
            TestServer.await(vertx.undeploy(deployment));
            redis.close();
            if (ownVertx) {
                TestServer.await(vertx.close());
            }
        }
    }

    private static final class Browser {
        final String cookie;
        final String csrf;

        private Browser(String cookie, String csrf) {
            this.cookie = cookie;
            this.csrf = csrf;
        }

        static Browser login(Node node, String username) {
            HttpResponse<Buffer> login = TestServer.await(node.client.post("/api/login")
                    .sendJsonObject(new JsonObject().put("username", username).put("password", TestServer.PASSWORD)));
            assertEquals(200, login.statusCode(), login.bodyAsString());
            return new Browser(sessionCookie(login), login.bodyAsJsonObject().getString("csrfToken"));
        }

        HttpResponse<Buffer> get(Node node, String path) {
            return TestServer.await(node.client.get(path).putHeader("Cookie", cookie).send());
        }

        HttpResponse<Buffer> logout(Node node) {
            return TestServer.await(node.client.post("/api/logout").putHeader("Cookie", cookie)
                    .putHeader("X-CSRF-Token", csrf).sendJsonObject(new JsonObject()));
        }

        Socket socket(Node node) {
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.port)
                    .setURI("/ws").addHeader("Cookie", cookie);
            // Handlers set where the socket is handed over, before the server's hello can arrive; the client kept with
            // it, as Vert.x closes a client nothing refers to any more.
            WebSocketClient client = node.vertx.createWebSocketClient();
            return TestServer.await(client.connect(options).map(ws -> new Socket(client, ws)));
        }
    }

    private static final class Socket {
        final WebSocketClient client;
        final WebSocket ws;
        final Inbox<JsonObject> received = new Inbox<>();
        final AtomicBoolean closed = new AtomicBoolean();

        Socket(WebSocketClient client, WebSocket ws) {
            this.client = client;
            this.ws = ws;
            ws.textMessageHandler(text -> received.add(new JsonObject(text)));
            ws.closeHandler(v -> closed.set(true));
        }
    }

    private static String sessionCookie(HttpResponse<Buffer> response) {
        return response.cookies().stream().filter(c -> c.startsWith(COOKIE + "=")).map(c -> c.split(";", 2)[0])
                .filter(c -> c.length() > COOKIE.length() + 1).findFirst().orElse(null);
    }
}

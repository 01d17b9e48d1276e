package org.calldesk.routing;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.calldesk.TestServer;
import org.calldesk.agents.AgentStore;
import org.calldesk.app.Calldesk;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.platform.Role;
import org.calldesk.sim.SimSettings;
import org.calldesk.sim.SwitchSimulator;
import org.calldesk.telephony.WaitingCaller;
import org.calldesk.testing.Await;
import org.calldesk.testing.Inbox;
import org.calldesk.testing.ServerTest;
import org.calldesk.testing.TestDatabase;
import org.calldesk.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A calldesk node that stops while a routed caller waits, and another that takes over: the PBX (the simulator, standing
 * alone here as a real Asterisk would), PostgreSQL and Redis live on; only calldesk is new.
 */
@ServerTest
class RestartWhileWaitingTest {

    private static final String CALLER = "+8613740000001";

    private Vertx vertx;
    private TestDatabase database;
    private TestRedis redis;
    private SwitchSimulator sim;
    private JsonObject config;
    private Calldesk server;

    @BeforeEach
    void pbxAndData() throws Exception {
        vertx = Vertx.vertx();
        database = TestDatabase.start();
        redis = TestRedis.start();
        config = TestServer.config(EmbeddedServices.freePort(), Path.of("target", "test-data", "restart-" + UUID.randomUUID()));
        config.put("database", config.getJsonObject("database").mergeIn(database.serverConfig()));
        config.getJsonObject("redis").put("url", redis.url());
        JsonObject telephony = config.getJsonObject("telephony");
        telephony.put("mode", "asterisk");
        sim = new SwitchSimulator(vertx, SimSettings.from(config));
        TestServer.await(sim.start());
        telephony.getJsonObject("ami").put("port", sim.amiPort()).put("host", "127.0.0.1");
        // a second node must not wait out the bridge's back-off to find the PBX again
        telephony.getJsonObject("reconnect").put("min_ms", 200);
        // the caller keeps the priority routing gave while the test looks at it
        config.getJsonObject("routing").getJsonObject("ageing").put("every_s", 3600);
    }

    @AfterEach
    void stopAll() throws Exception {
        if (server != null) {
            TestServer.await(server.stop());
        }
        TestServer.await(sim.stop());
        TestServer.await(vertx.close());
        redis.stop();
        database.close();
    }

    @Test
    @DisplayName("after a restart, a caller who waited keeps tier and priority on the board, pops with the card from PostgreSQL, and is stored with the customer")
    void restartWhileWaiting() {
        server = start();
        long customer = customer(server);
        TestServer.await(server.agents().create(new AgentStore.NewAgent("agent1", "Agent One", Role.AGENT, "PJSIP/1001",
                List.of("service", "complaints"), List.of(), "A"), TestServer.PASSWORD)
                .compose(a -> server.agentLines().refresh()));
        Calldesk first = server;
        String linkedid = TestServer.await(sim.placeCall(CALLER, "service"));
        Await.until("the caller to wait as gold", Duration.ofSeconds(10),
                () -> waiting(first, linkedid).map(w -> "gold".equals(w.tier())).orElse(false));

        TestServer.await(server.stop());
        server = null;
        // The new node's memory is empty, and Redis keeps nothing over a restart here: the card has to come from
        // PostgreSQL.
        redis.stop();
        redis.restart();
        server = start();
        Calldesk second = server;

        Await.until("the new node to see the caller waiting", Duration.ofSeconds(10),
                () -> waiting(second, linkedid).isPresent());
        Await.until("the board to show the caller's tier again", Duration.ofSeconds(5),
                () -> waiting(second, linkedid).map(w -> "gold".equals(w.tier())).orElse(false));
        WaitingCaller waiting = waiting(second, linkedid).orElseThrow();
        assertEquals(20, waiting.priority());

        WebClientSession agent = login("agent1");
        try (Socket socket = socket()) {
            socket.received().first("the hello", Duration.ofSeconds(5), m -> "hello".equals(m.getString("type")));
            var state = TestServer.await(agent.post("/api/agents/me/state").putHeader("X-CSRF-Token", csrf)
                    .sendJsonObject(new JsonObject().put("state", "available")));
            assertEquals(200, state.statusCode(), state.bodyAsString());
            JsonObject pop = socket.received().first("the pop", Duration.ofSeconds(10), m -> "pop".equals(m.getString("type")));
            assertEquals(linkedid, pop.getString("linkedid"));
            assertNotNull(pop.getJsonObject("customer"), "the card is rebuilt, not 'not routed by calldesk': " + pop);
            assertEquals(customer, pop.getJsonObject("customer").getLong("id"));
            assertEquals("gold", pop.getJsonObject("customer").getString("tier"));
            assertEquals(20, pop.getJsonObject("route").getInteger("priority"));
        }

        Await.until("the call to be stored", Duration.ofSeconds(15), () -> storedCustomer(second, linkedid).isPresent());
        assertEquals(Optional.of(customer), storedCustomer(second, linkedid), "the call is in the customer's history");
    }

    private Calldesk start() {
        Calldesk started = TestServer.await(Calldesk.start(vertx, config, null));
        Await.until("the AMI link", Duration.ofSeconds(10), () -> started.liveView().linkUp());
        return started;
    }

    private static long customer(Calldesk server) {
        Row row = TestServer.await(server.pg().preparedQuery("""
                INSERT INTO customers (external_id, name, revenue_12m, cost_12m, tier, lifecycle)
                VALUES ('RS-1', 'Restart Gold', 1000, 100, 'gold', 'active') RETURNING id""").execute()).iterator().next();
        long id = row.getLong("id");
        TestServer.await(server.pg().preparedQuery("INSERT INTO customer_phones (e164, customer_id, raw) VALUES ($1, $2, $1)")
                .execute(Tuple.of(CALLER, id)));
        return id;
    }

    private static Optional<WaitingCaller> waiting(Calldesk server, String linkedid) {
        return TestServer.await(server.liveView().waiting()).values().stream().flatMap(List::stream)
                .filter(w -> w.linkedid().equals(linkedid)).findFirst();
    }

    private static Optional<Long> storedCustomer(Calldesk server, String linkedid) {
        RowSet<Row> rows = TestServer.await(server.pg().preparedQuery(
                "SELECT customer_id FROM calls WHERE linkedid = $1").execute(Tuple.of(linkedid)));
        if (rows.size() == 0) {
            return Optional.empty();
        }
        Long id = rows.iterator().next().getLong("customer_id");
        return Optional.of(id == null ? -1L : id);
    }

    private String csrf;
    private String cookie;

    private WebClientSession login(String username) {
        WebClientSession session = WebClientSession.create(WebClient.create(vertx, new WebClientOptions()
                .setDefaultHost("127.0.0.1").setDefaultPort(port()).setFollowRedirects(false)));
        var response = TestServer.await(session.post("/api/login")
                .sendJsonObject(new JsonObject().put("username", username).put("password", TestServer.PASSWORD)));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        csrf = response.bodyAsJsonObject().getString("csrfToken");
        cookie = response.cookies().stream().filter(c -> c.startsWith("calldesk.session="))
                .map(c -> c.split(";", 2)[0]).findFirst().orElseThrow();
        return session;
    }

    /** A browser's live channel on this test's server; the client is kept, as Vert.x closes clients nobody holds. */
    private record Socket(WebSocketClient client, WebSocket ws, Inbox<JsonObject> received) implements AutoCloseable {
        @Override
        public void close() {
            ws.close();
            client.close();
        }
    }

    private Socket socket() {
        Inbox<JsonObject> inbox = new Inbox<>();
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocket ws = TestServer.await(client.connect(new WebSocketConnectOptions()
                .setHost("127.0.0.1").setPort(port()).setURI("/ws").addHeader("Cookie", cookie)).map(socket -> {
                    // set in the connect callback, so the server's hello cannot come before it
                    socket.textMessageHandler(text -> inbox.add(new JsonObject(text)));
                    return socket;
                }));
        return new Socket(client, ws, inbox);
    }

    private int port() {
        return config.getJsonObject("http").getInteger("port");
    }
}

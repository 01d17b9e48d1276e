package org.calldesk;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.telephony.LiveCall;
import org.calldesk.telephony.AgentPresence;
import org.calldesk.telephony.AmiBridge;
import org.calldesk.telephony.LiveView;
import org.calldesk.sim.SwitchSimulator;
import org.calldesk.testing.Await;
import org.calldesk.testing.Inbox;
import org.calldesk.web.Sockets;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.fail;

/** Test helpers for the phone side: agents' states, simulated calls, waiting for the PBX, WebSockets. */
public final class Phones {

    private Phones() {
    }

    public static SwitchSimulator sim() {
        return TestServer.get().server.simulator();
    }

    public static AmiBridge bridge() {
        return TestServer.get().server.bridge();
    }

    public static LiveView live() {
        return TestServer.get().server.liveView();
    }

    public static AgentPresence presence() {
        return TestServer.get().server.presence();
    }

    public static void state(Http agent, String state) {
        JsonObject body = new JsonObject().put("state", state);
        if ("paused".equals(state)) {
            body.put("reason", "break");
        }
        var response = agent.post("/api/agents/me/state", body);
        if (response.statusCode() != 200) {
            fail("state " + state + " refused: " + response.bodyAsString());
        }
    }

    /**
     * A customer with the given tier, written straight to the tables: an import would reclassify the whole
     * base and move other tests' customers between tiers.
     */
    public static long customer(String externalId, String name, String phone, String tier, String accountManager) {
        TestServer server = TestServer.get();
        String e164 = server.server.customers().phones().e164(phone).orElseThrow();
        Row row = TestServer.await(server.server.pg().preparedQuery("""
                INSERT INTO customers (external_id, name, revenue_12m, cost_12m, tier, lifecycle, account_manager_id)
                VALUES ($1, $2, 1000, 100, $3, 'active', (SELECT id FROM agents WHERE username = $4))
                ON CONFLICT (external_id) DO UPDATE SET tier = excluded.tier, name = excluded.name,
                    account_manager_id = excluded.account_manager_id
                RETURNING id""").execute(Tuple.of(externalId, name, tier, accountManager))).iterator().next();
        long id = row.getLong("id");
        TestServer.await(server.server.pg().preparedQuery("""
                INSERT INTO customer_phones (e164, customer_id, raw) VALUES ($1, $2, $3)
                ON CONFLICT (e164) DO UPDATE SET customer_id = excluded.customer_id""").execute(Tuple.of(e164, id, phone)));
        TestServer.await(server.server.customers().forget(id));
        return id;
    }

    public static String call(String from, String ivr) {
        return TestServer.await(sim().placeCall(from, ivr));
    }

    public static Optional<LiveCall> live(String linkedid) {
        return TestServer.await(live().calls()).stream().filter(c -> c.linkedid().equals(linkedid)).findFirst();
    }

    public static LiveCall.Phase phase(String linkedid) {
        return live(linkedid).map(LiveCall::phase).orElse(null);
    }

    /** Hangs up every call the simulator still has and takes every test agent out of the queues. */
    public static void reset() {
        for (LiveCall call : TestServer.await(live().calls())) {
            if (!call.isFinal()) {
                TestServer.await(sim().hangup(call.linkedid()));
            }
        }
        for (String agent : List.of("agent1", "agent2", "manager1")) {
            state(Http.as(agent), "offline");
            sim().device(agent.equals("manager1") ? "PJSIP/1009" : agent.equals("agent1") ? "PJSIP/1001" : "PJSIP/1002").autoAnswer(true);
        }
        Await.until("no live calls", Duration.ofSeconds(10), () -> TestServer.await(live().calls()).stream().allMatch(LiveCall::isFinal));
    }

    /** A browser's live channel: every message it receives, in order. */
    public static final class Socket {
        public final WebSocket ws;
        public final Inbox<JsonObject> received = new Inbox<>();

        private Socket(WebSocket ws) {
            this.ws = ws;
            ws.textMessageHandler(text -> received.add(new JsonObject(text)));
        }

        public static Socket open(Http session) {
            // The handler goes on in the connect callback, on the socket's event loop, so no frame (the
            // server's hello comes at once) can arrive before it.
            return TestServer.await(connect(session.cookie(), null).map(ws -> ws.map(Socket::new))).orElseThrow();
        }

        public static Future<Optional<WebSocket>> connect(String cookie, String origin) {
            TestServer server = TestServer.get();
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.port).setURI("/ws");
            if (cookie != null) {
                options.addHeader("Cookie", cookie);
            }
            if (origin != null) {
                options.addHeader("Origin", origin);
            }
            return server.vertx.createWebSocketClient().connect(options).map(Optional::of);
        }

        /** The next message of this type, skipping others; null after the timeout. */
        public JsonObject next(String type, Duration timeout) {
            return received.next(timeout, message -> type.equals(message.getString("type")));
        }

        /**
         * Every message this socket received before a marker sent to the user's own address: the server forwards
         * that address to the socket in order, so anything published to the user before the marker is in the list.
         */
        public List<JsonObject> beforeMarkerTo(long agentId) {
            JsonObject marker = new JsonObject().put("type", "test-marker").put("id", UUID.randomUUID().toString());
            return received.before(marker, m -> Sockets.toUser(TestServer.get().vertx, agentId, m, null), Duration.ofSeconds(5));
        }

        public void close() {
            ws.close();
        }
    }

}

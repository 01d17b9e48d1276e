package org.calldesk.web;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.calldesk.TestServer;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.platform.HttpSettings;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import org.calldesk.testing.Inbox;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ServerTest
class SocketWatchLimitTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    @DisplayName("one socket watches at most MAX_WATCHES agents; watching one again costs nothing, unwatching frees a place")
    void bounded() {
        Vertx vertx = Vertx.vertx();
        try {
            int port = EmbeddedServices.freePort();
            SessionUser supervisor = new SessionUser(1, "sue", "Sue", Role.SUPERVISOR, null);
            WebVerticle.Routes signedIn = (router, pages) -> router.route("/ws").handler(ctx -> {
                ctx.session().put(Access.USER, supervisor);
                ctx.next();
            });
            // every id is an agent's here: the limit, not the role, is under test
            Sockets sockets = new Sockets(vertx, new SimpleMeterRegistry(), id -> Future.succeededFuture(Optional.of(Role.AGENT)),
                    new SocketSettings(256 * 1024));
            TestServer.await(vertx.deployVerticle(new WebVerticle(new HttpSettings(port, "127.0.0.1", 1, java.time.Duration.ofHours(1), java.time.Duration.ofHours(12), false, ""),
                    List.of(signedIn, sockets))));
            Inbox<JsonObject> received = new Inbox<>();
            WebSocket ws = TestServer.await(vertx.createWebSocketClient()
                    .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"))
                    .onSuccess(socket -> socket.textMessageHandler(text -> received.add(new JsonObject(text)))));
            assertNotNull(received.next(WAIT, m -> "hello".equals(m.getString("type"))));

            for (long id = 1000; id < 1000 + Sockets.MAX_WATCHES; id++) {
                ws.writeTextMessage(watch("watch", id));
            }
            received.nth(Sockets.MAX_WATCHES, "every watch granted", WAIT, m -> "watching".equals(m.getString("type")));
            ws.writeTextMessage(watch("watch", 1000));
            received.nth(Sockets.MAX_WATCHES + 1, "watching one again", WAIT, m -> "watching".equals(m.getString("type")));

            ws.writeTextMessage(watch("watch", 5000));
            JsonObject refused = received.next(WAIT, m -> "error".equals(m.getString("type")));
            assertNotNull(refused, "one more is refused");
            assertTrue(refused.getString("error").contains("at most " + Sockets.MAX_WATCHES), refused.encode());

            ws.writeTextMessage(watch("unwatch", 1001));
            ws.writeTextMessage(watch("watch", 5000));
            JsonObject granted = received.nth(Sockets.MAX_WATCHES + 2, "a watch after an unwatch", WAIT,
                    m -> "watching".equals(m.getString("type")));
            assertEquals(5000, granted.getLong("agentId"));
        } finally {
            TestServer.await(vertx.close());
        }
    }

    private static String watch(String type, long id) {
        return new JsonObject().put("type", type).put("agentId", id).encode();
    }
}

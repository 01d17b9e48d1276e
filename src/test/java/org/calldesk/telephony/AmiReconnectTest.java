package org.calldesk.telephony;

import org.calldesk.testing.Captures;
import org.calldesk.testing.FakeAmi;
import org.calldesk.testing.QuietLogs;
import org.calldesk.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.asteriskjava.manager.action.QueuePauseAction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AmiReconnectTest {

    static {
        QuietLogs.apply();
    }

    @Test
    @DisplayName("when the AMI link drops the bridge says so, retries with a growing back-off, and resyncs after reconnecting")
    void reconnects(Vertx vertx, VertxTestContext ctx) throws Exception {
        FakeAmi ami = new FakeAmi("s3cret");
        AmiBridge bridge = new AmiBridge(TelephonyConfig.from(Captures.config(ami.port(), "s3cret")));
        List<CallEvent> seen = new CopyOnWriteArrayList<>();
        bridge.onEvent(seen::add);
        int[] attemptsWhenDown = new int[1];

        vertx.deployVerticle(bridge)
            .compose(id -> Await.until(vertx, "first resync", 5000, () -> resyncs(seen) == 1))
            .compose(v -> {
                ctx.verify(() -> {
                    assertTrue(bridge.isUp());
                    assertNull(bridge.lastError());
                    assertEquals(1, ami.count("QueueStatus"));
                    assertEquals(1, ami.count("CoreShowChannels"));
                });
                down(ami);
                return Await.until(vertx, "link down", 5000, () -> !bridge.isUp());
            })
            .compose(v -> {
                attemptsWhenDown[0] = bridge.attempts();
                ctx.verify(() -> {
                    assertTrue(seen.stream().anyMatch(e -> e instanceof CallEvent.LinkDown));
                    assertTrue(bridge.lastError().contains("lost"), bridge.lastError());
                });
                return bridge.send(new QueuePauseAction("Local/1001@agents", true)).transform(ar -> {
                    ctx.verify(() -> assertTrue(ar.failed(), "actions fail fast while the link is down"));
                    return Await.sleep(vertx, 1600);
                });
            })
            .compose(v -> {
                int tries = bridge.attempts() - attemptsWhenDown[0];
                ctx.verify(() -> {
                    assertFalse(bridge.isUp());
                    assertTrue(bridge.lastError().startsWith("connection refused 127.0.0.1:"), bridge.lastError());
                    // 100, 200, 400, 400, 400 ms back-off gives about five tries in 1.6 s; a fixed 100 ms would give 16.
                    assertTrue(tries >= 3 && tries <= 8, "tries while down: " + tries);
                });
                up(ami);
                return Await.until(vertx, "second resync", 5000, () -> resyncs(seen) == 2);
            })
            .compose(v -> Await.sleep(vertx, 500))
            .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                assertTrue(bridge.isUp());
                assertNull(bridge.lastError());
                assertEquals(2, ami.count("QueueStatus"), "resync sent QueueStatus again");
                assertEquals(2, ami.count("CoreShowChannels"), "resync sent CoreShowChannels again");
                assertEquals(2, ami.count("Login"), "Asterisk-Java's own reconnect thread stayed out");
                ami.close();
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("a wrong AMI secret leaves the bridge down with a clear reason")
    void wrongSecret(Vertx vertx, VertxTestContext ctx) throws Exception {
        FakeAmi ami = new FakeAmi("right");
        AmiBridge bridge = new AmiBridge(TelephonyConfig.from(Captures.config(ami.port(), "wrong")));
        vertx.deployVerticle(bridge)
            .compose(id -> Await.until(vertx, "a failed login", 5000,
                () -> bridge.lastError() != null && bridge.lastError().contains("authentication")))
            .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                assertFalse(bridge.isUp());
                assertTrue(bridge.lastError().startsWith("authentication failed for AMI user 'hotline'"),
                    bridge.lastError());
                assertEquals(0, ami.count("QueueStatus"));
                ami.close();
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("nothing listening on the AMI port shows as connection refused")
    void refused(Vertx vertx, VertxTestContext ctx) throws Exception {
        FakeAmi ami = new FakeAmi("x");
        int port = ami.port();
        ami.close();
        AmiBridge bridge = new AmiBridge(TelephonyConfig.from(Captures.config(port, "x")));
        vertx.deployVerticle(bridge)
            .compose(id -> Await.until(vertx, "a refused connect", 5000, () -> bridge.attempts() >= 1
                && bridge.lastError() != null && bridge.lastError().startsWith("connection refused")))
            .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                assertEquals("connection refused 127.0.0.1:" + port, bridge.lastError());
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("an Asterisk that stops answering without closing the link is found out by ping, and reconnected once it answers")
    void hungLink(Vertx vertx, VertxTestContext ctx) throws Exception {
        FakeAmi ami = new FakeAmi("s3cret");
        JsonObject config = Captures.config(ami.port(), "s3cret");
        config.getJsonObject("telephony").getJsonObject("ami").put("ping_ms", 200).put("action_timeout_ms", 300);
        AmiBridge bridge = new AmiBridge(TelephonyConfig.from(config));
        vertx.deployVerticle(bridge)
            .compose(id -> Await.until(vertx, "AMI up", 5000, bridge::isUp))
            .compose(v -> {
                ami.mute(true);
                return Await.until(vertx, "the hung link noticed", 5000, () -> !bridge.isUp());
            })
            .compose(v -> {
                ctx.verify(() -> assertTrue(bridge.lastError().contains("stopped answering"), bridge.lastError()));
                ami.mute(false);
                return Await.until(vertx, "AMI up again", 5000, bridge::isUp);
            })
            .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                assertTrue(ami.count("Ping") >= 1);
                ami.close();
                ctx.completeNow();
            })));
    }

    private static long resyncs(List<CallEvent> seen) {
        return seen.stream().filter(e -> e instanceof CallEvent.ResyncComplete).count();
    }

    private static void down(FakeAmi ami) {
        try {
            ami.goDown();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void up(FakeAmi ami) {
        try {
            ami.comeBack();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}

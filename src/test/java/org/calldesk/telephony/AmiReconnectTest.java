package org.calldesk.telephony;

import org.calldesk.testing.Captures;
import org.calldesk.testing.FakeAmi;
import org.calldesk.testing.QuietLogs;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.asteriskjava.manager.action.QueuePauseAction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@ServerTest
class AmiReconnectTest {

    static {
        QuietLogs.apply();
    }

    @Test
    @DisplayName("when the AMI link drops the bridge says so, fails actions fast, reports refused connects, and resyncs after reconnecting")
    void reconnects(Vertx vertx, VertxTestContext ctx) throws Exception {
        FakeAmi ami = new FakeAmi("s3cret");
        JsonObject config = Captures.config(ami.port(), "s3cret");
        // Asterisk-Java's own reconnect loop, were it left running, retries every 50 to 150 ms; with the bridge
        // waiting 400 ms between tries, a login of that loop would land before the bridge's and so before the
        // second resync, after which the logins are counted.
        config.getJsonObject("telephony").put("reconnect", new JsonObject().put("min_ms", 400).put("max_ms", 400));
        AmiBridge bridge = new AmiBridge(TelephonyConfig.from(config));
        List<CallEvent> seen = new CopyOnWriteArrayList<>();
        bridge.onEvent(seen::add);

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
                ctx.verify(() -> {
                    assertTrue(seen.stream().anyMatch(e -> e instanceof CallEvent.LinkDown));
                    assertTrue(bridge.lastError().contains("lost"), bridge.lastError());
                });
                return bridge.send(new QueuePauseAction("Local/1001@agents", true)).transform(ar -> {
                    ctx.verify(() -> assertTrue(ar.failed(), "actions fail fast while the link is down"));
                    return Await.until(vertx, "a refused reconnect", 5000,
                        () -> String.valueOf(bridge.lastError()).startsWith("connection refused 127.0.0.1:"));
                });
            })
            .compose(v -> {
                ctx.verify(() -> assertFalse(bridge.isUp()));
                up(ami);
                return Await.until(vertx, "second resync", 5000, () -> resyncs(seen) == 2);
            })
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
    @DisplayName("a bridge that cannot get in tries again after a back-off that doubles from reconnect.min_ms up to reconnect.max_ms")
    void backOff(Vertx vertx, VertxTestContext ctx) throws Exception {
        FakeAmi ami = new FakeAmi("right");
        JsonObject config = Captures.config(ami.port(), "wrong");
        config.getJsonObject("telephony").put("reconnect", new JsonObject().put("min_ms", 100).put("max_ms", 200));
        AmiBridge bridge = new AmiBridge(TelephonyConfig.from(config));
        vertx.deployVerticle(bridge)
            .compose(id -> Await.until(vertx, "six logins", 10_000, () -> ami.count("Login") >= 6))
            .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                List<Long> at = ami.arrivals().all().stream().filter(a -> a.action().equals("login"))
                    .map(FakeAmi.Arrival::atNanos).toList();
                List<Long> gapsMs = new ArrayList<>();
                for (int i = 1; i < 6; i++) {
                    gapsMs.add((at.get(i) - at.get(i - 1)) / 1_000_000);
                }
                // A try starts when its back-off timer fires, never earlier, so these floors hold on any machine;
                // a fixed 100 ms back-off would fail the second.
                List<Long> floors = List.of(100L, 200L, 200L, 200L, 200L);
                for (int i = 0; i < 5; i++) {
                    assertTrue(gapsMs.get(i) >= floors.get(i) - 5, "gaps between logins " + gapsMs);
                }
                // Doubling without the cap would wait 100 + 200 + 400 + 800 + 1600 ms; with it, 900 ms plus the tries themselves.
                long spanMs = (at.get(5) - at.get(0)) / 1_000_000;
                assertTrue(spanMs < 2500, "six logins took " + spanMs + " ms, gaps " + gapsMs);
                assertFalse(bridge.isUp());
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
            .compose(id -> Await.until(vertx, "a refused connect", 5000,
                () -> bridge.lastError() != null && bridge.lastError().startsWith("connection refused")))
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

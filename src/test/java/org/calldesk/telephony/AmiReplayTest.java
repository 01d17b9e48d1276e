package org.calldesk.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.calldesk.telephony.LiveCall.Outcome;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AmiReplayTest {

    static {
        QuietLogs.apply();
    }

    private static final String SENTINEL_IFACE = "Local/replay-done@test";

    /** What a replay left behind. */
    record Replay(List<LiveCall> ended, LiveCalls live, FakeAmi ami) {}

    @Test
    @DisplayName("a real Asterisk 22 queue call, replayed twice through Asterisk-Java, ends once: answered by 1001, hold 0 s, talk 20 s")
    void queueCall(Vertx vertx, VertxTestContext ctx) throws Exception {
        replay(vertx, "asterisk-22-queue-call.ami").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(1, r.ended().size(), "calls ended: " + r.ended());
            LiveCall call = r.ended().get(0);
            assertEquals("1795339966.6", call.linkedid());
            assertEquals("1795339966.7", call.callerUniqueid());
            assertEquals("5551234", call.callerNumber());
            assertEquals("support", call.queue());
            assertEquals(Outcome.ANSWERED, call.outcome());
            assertEquals(LiveCall.Phase.COMPLETED, call.phase());
            assertEquals("Local/1001@agents", call.agentInterface());
            assertEquals("Agent 1001", call.agentName());
            assertEquals(0, call.waitMs());
            assertEquals(20_000, call.talkMs());
            assertTrue(r.live().calls().isEmpty(), "no call left live");
            assertTrue(r.live().memberships("Local/1001@agents").stream().noneMatch(QueueMemberState::busy));
            assertEquals(2, r.live().members("support").size(), "members from the capture's QueueStatus");
            assertTrue(r.ami().count("QueueStatus") >= 1 && r.ami().count("CoreShowChannels") >= 1);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("a caller who hangs up after 4 s in a paused queue is stored as abandoned with 4 s wait")
    void abandon(Vertx vertx, VertxTestContext ctx) throws Exception {
        replay(vertx, "asterisk-22-abandon.ami").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(1, r.ended().size(), "calls ended: " + r.ended());
            LiveCall call = r.ended().get(0);
            assertEquals("1795341273.0", call.linkedid());
            assertEquals(Outcome.ABANDONED, call.outcome());
            assertEquals(4_000, call.waitMs());
            assertEquals(null, call.agentInterface());
            assertEquals(2, r.live().members("support").size(), "members from the capture");
            assertTrue(r.live().members("support").stream().allMatch(QueueMemberState::paused));
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("a caller whose only agent never answers, rung twice, is abandoned after 7 s with two missed rings")
    void ringNoAnswer(Vertx vertx, VertxTestContext ctx) throws Exception {
        replay(vertx, "asterisk-22-ring-no-answer.ami").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(1, r.ended().size(), "calls ended: " + r.ended());
            LiveCall call = r.ended().get(0);
            assertEquals("1795341289.0", call.linkedid());
            assertEquals(Outcome.ABANDONED, call.outcome());
            assertEquals(7_000, call.waitMs());
            assertEquals(2, call.missedRings());
            assertEquals(1, r.live().members("support").size(), "the capture's one member");
            assertTrue(r.live().members("support").stream().noneMatch(QueueMemberState::ringing));
            ctx.completeNow();
        })));
    }

    /** Streams the capture twice, then a sentinel member event; completes when the sentinel is seen. */
    static Future<Replay> replay(Vertx vertx, String capture) throws IOException {
        return replay(vertx, capture, live -> { });
    }

    /** {@code wire} attaches more listeners (a store, routes) to the LiveCalls before the replay starts. */
    static Future<Replay> replay(Vertx vertx, String capture, Consumer<LiveCalls> wire) throws IOException {
        FakeAmi ami = new FakeAmi("s3cret");
        byte[] events = withoutBanner(resource("telephony-samples/" + capture));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.write(events);
        stream.write(events);
        stream.write(("Event: QueueMemberStatus\r\nPrivilege: agent,all\r\nQueue: sentinel\r\nMemberName: done\r\n"
            + "Interface: " + SENTINEL_IFACE + "\r\nStatus: 1\r\nPaused: 0\r\nPausedReason: \r\nInCall: 0\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
        ami.streamAfterResync(stream.toByteArray());

        LiveCalls live = new LiveCalls();
        wire.accept(live);
        List<LiveCall> ended = new CopyOnWriteArrayList<>();
        live.onCallEnded(ended::add);
        Promise<Replay> done = Promise.promise();
        live.onMemberChange(change -> {
            if (SENTINEL_IFACE.equals(change.member().iface())) {
                done.tryComplete(new Replay(ended, live, ami));
            }
        });
        AmiBridge bridge = new AmiBridge(TelephonyConfig.from(config(ami.port(), "s3cret")));
        bridge.onEvent(live::accept);
        return vertx.deployVerticle(bridge)
            .compose(id -> done.future().eventually(() -> vertx.undeploy(id)))
            .eventually(() -> {
                try {
                    ami.close();
                } catch (IOException ignored) {
                    // test teardown
                }
                return Future.succeededFuture();
            });
    }

    static JsonObject config(int amiPort, String secret) {
        return new JsonObject().put("telephony", new JsonObject()
            .put("ami", new JsonObject().put("host", "127.0.0.1").put("port", amiPort)
                .put("username", "hotline").put("secret", secret).put("action_timeout_ms", 2000))
            .put("reconnect", new JsonObject().put("min_ms", 100).put("max_ms", 400)));
    }

    static byte[] resource(String path) throws IOException {
        try (InputStream in = AmiReplayTest.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("missing test resource " + path);
            }
            return in.readAllBytes();
        }
    }

    private static byte[] withoutBanner(byte[] capture) {
        int start = 0;
        while (start < capture.length && capture[start] != '\n') {
            start++;
        }
        byte[] rest = new byte[capture.length - start - 1];
        System.arraycopy(capture, start + 1, rest, 0, rest.length);
        return rest;
    }
}

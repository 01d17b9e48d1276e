package org.calldesk.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.calldesk.platform.Config;
import org.calldesk.telephony.AmiBridge;
import org.calldesk.telephony.LiveCall;
import org.calldesk.telephony.LiveCalls;
import org.calldesk.telephony.TelephonyConfig;

/** The real Asterisk captures under {@code telephony-samples/}, read as bytes or replayed through the AMI bridge. */
public final class Captures {

    private static final String SENTINEL_IFACE = "Local/replay-done@test";

    private Captures() {}

    /** What a replay left behind. */
    public record Replay(List<LiveCall> ended, LiveCalls live, FakeAmi ami) {}

    /** Streams the capture twice, then a sentinel member event; completes when the sentinel is seen. */
    public static Future<Replay> replay(Vertx vertx, String capture) throws IOException {
        return replay(vertx, capture, live -> { });
    }

    /** {@code wire} attaches more listeners (a store, routes) to the LiveCalls before the replay starts. */
    public static Future<Replay> replay(Vertx vertx, String capture, Consumer<LiveCalls> wire) throws IOException {
        return replay(vertx, resource("telephony-samples/" + capture), wire);
    }

    /** A capture's bytes, banner included, changed by the test (another kind of phone, a reordering). */
    public static Future<Replay> replay(Vertx vertx, byte[] capture, Consumer<LiveCalls> wire) throws IOException {
        FakeAmi ami = new FakeAmi("s3cret");
        byte[] events = withoutBanner(capture);
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
        live.subscribe(change -> {
            if (change.ended()) {
                ended.add(change.call());
            }
        });
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

    public static JsonObject config(int amiPort, String secret) {
        return Config.merge(Config.defaults(), new JsonObject().put("telephony", new JsonObject()
            .put("ami", new JsonObject().put("host", "127.0.0.1").put("port", amiPort)
                .put("username", "hotline").put("secret", secret).put("action_timeout_ms", 2000))
            .put("reconnect", new JsonObject().put("min_ms", 100).put("max_ms", 400))));
    }

    public static byte[] resource(String path) throws IOException {
        try (InputStream in = Captures.class.getClassLoader().getResourceAsStream(path)) {
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

package org.calldesk.calls;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.customers.PhoneNumbers;
import org.calldesk.routing.CallbackRequest;
import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.CallChanged;
import org.calldesk.telephony.LiveCall;
import org.calldesk.telephony.LiveCall.Outcome;
import org.calldesk.telephony.LiveCall.Phase;
import org.calldesk.telephony.RouteInfo;
import org.calldesk.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox on disk: order, what survives a restart or a crash, its bound. No PostgreSQL runs here. */
class OutboxDiskTest {

    private Vertx vertx;
    private Path dir;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        dir = Path.of("target", "test-data", "outbox-disk-" + UUID.randomUUID());
    }

    @AfterEach
    void tearDown() {
        await(vertx.close());
    }

    @Test
    @DisplayName("entries come back oldest first, and all of them from the file opened again, taken out or not")
    void orderAndReopen() {
        OutboxFile file = new OutboxFile(vertx, dir, 100, 1 << 20);
        for (String line : List.of("one", "two", "three")) {
            assertTrue(await(file.append(line)));
        }
        List<OutboxFile.Line> oldest = await(file.oldest(2));
        assertEquals(List.of("one", "two"), texts(oldest));
        await(file.remove(oldest.get(0)));
        assertEquals(List.of("two", "three"), texts(await(file.oldest(10))));
        await(file.close());

        // Taking out is not written down: after a restart it is written again, which the idempotent writes allow.
        OutboxFile again = new OutboxFile(vertx, dir, 100, 1 << 20);
        assertEquals(3, await(again.open()));
        assertEquals(List.of("one", "two", "three"), texts(await(again.oldest(10))));
        await(again.close());
    }

    @Test
    @DisplayName("an entry cut short by a crash is dropped when the file is opened; the whole ones before it are kept")
    void crashMidAppend() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("outbox.jsonl"), "{\"a\":1}\n{\"b\":\"é\"}\n{\"c\":", StandardCharsets.UTF_8);
        OutboxFile file = new OutboxFile(vertx, dir, 100, 1 << 20);
        assertEquals(2, await(file.open()));
        assertTrue(await(file.append("{\"d\":4}")));
        assertEquals(List.of("{\"a\":1}", "{\"b\":\"é\"}", "{\"d\":4}"), texts(await(file.oldest(10))));
        await(file.close());
    }

    @Test
    @DisplayName("taking out the last entry leaves an empty file; most of a file taken out is copied away, the rest in order")
    void emptiedAndCompacted() throws Exception {
        OutboxFile file = new OutboxFile(vertx, dir, 100, 1 << 20, 20);
        for (int i = 0; i < 10; i++) {
            assertTrue(await(file.append("entry-" + i)));
        }
        for (OutboxFile.Line line : await(file.oldest(6))) {
            await(file.remove(line));
        }
        assertEquals(4, file.depth());
        assertEquals(4 * "entry-0\n".length(), Files.size(file.path()), "copied away, and only the rest kept");
        assertTrue(await(file.append("entry-10")));
        assertEquals(List.of("entry-6", "entry-7", "entry-8", "entry-9", "entry-10"), texts(await(file.oldest(10))));
        for (OutboxFile.Line line : await(file.oldest(10))) {
            await(file.remove(line));
        }
        assertEquals(0, Files.size(file.path()));
        await(file.close());
    }

    @Test
    @DisplayName("at its bound the file refuses what comes and keeps what it has; room made, it takes entries again")
    void bounded() {
        OutboxFile file = new OutboxFile(vertx, dir, 2, 1 << 20);
        assertTrue(await(file.append("one")));
        assertTrue(await(file.append("two")));
        assertFalse(await(file.append("three")));
        assertTrue(file.full());
        await(file.remove(await(file.oldest(1)).get(0)));
        assertTrue(await(file.append("four")));
        assertFalse(file.full());
        assertEquals(List.of("two", "four"), texts(await(file.oldest(10))));
        await(file.close());
    }

    @Test
    @DisplayName("an ended call and a callback request read back from their outbox lines are the ones written")
    void linesRoundTrip() {
        LiveCall call = endedCall("1796000000.5", "+8613610000001");
        Pending.Callback callback = new Pending.Callback(new CallbackRequest("13610000002", "1796000000.9",
            Instant.parse("2026-11-22T09:00:01Z")));
        assertEquals(new Pending.EndedCall(call),
            Pending.fromJson(new JsonObject(new Pending.EndedCall(call).toJson().encode())));
        assertEquals(callback, Pending.fromJson(new JsonObject(callback.toJson().encode())));
    }

    @Test
    @DisplayName("with PostgreSQL away and the outbox full, an ended call is refused, counted, and health says DOWN")
    void fullOutbox() {
        // Nothing listens on this port: every write fails at once, as with PostgreSQL stopped.
        Pool nowhere = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1")
            .setPort(EmbeddedServices.freePort()).setDatabase("postgres").setUser("postgres")).using(vertx).build();
        OutboxSettings settings = new OutboxSettings(1000, 50, 100, 2, 1 << 20);
        Outbox outbox = new Outbox(vertx, dir, settings, new CallStore(nowhere, new AgentDirectory(nowhere),
            new PhoneNumbers("CN"), id -> { }), request -> Future.succeededFuture(), new SimpleMeterRegistry());
        await(outbox.start());
        assertNull(await(outbox.health()));
        // On one context, as live calls tell of calls that end.
        vertx.runOnContext(v -> {
            for (int i = 1; i <= 3; i++) {
                outbox.changed(new CallChanged(null, endedCall("1796000001." + i, "+861361000000" + i), true));
            }
        });
        Await.until("a call refused", Duration.ofSeconds(10), () -> outbox.status().refused() == 1);
        assertEquals(2, outbox.status().depth());
        String health = await(outbox.health());
        assertNotNull(health);
        assertTrue(health.startsWith("full"), health);
        Await.until("the oldest entry tried and the failure told", Duration.ofSeconds(10),
            () -> outbox.status().lastFailure() != null);
        await(outbox.stop());
    }

    private static LiveCall endedCall(String linkedid, String caller) {
        Instant t = Instant.parse("2026-11-22T09:32:46Z");
        return new LiveCall(linkedid, linkedid, "Local/s@inbound-00000003;2", caller, Phase.COMPLETED, "service", 0, 20,
            t, t, Set.of("PJSIP/1001", "PJSIP/1002"), "PJSIP/1001", "Agent One", t.plusSeconds(12), t.plusSeconds(137),
            Outcome.ANSWERED, 12_000, 125_000, 1, new RouteInfo(42L, "gold", 20, "gold tier", "service", "service",
            "PJSIP/1009", "vip"));
    }

    private static List<String> texts(List<OutboxFile.Line> lines) {
        return lines.stream().map(OutboxFile.Line::text).toList();
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

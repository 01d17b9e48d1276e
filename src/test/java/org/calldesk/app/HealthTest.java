package org.calldesk.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each part being down means for readiness and for the detailed status. */
class HealthTest {

    private final Vertx vertx = Vertx.vertx();
    private final AtomicReference<String> postgres = new AtomicReference<>();
    private final AtomicReference<String> redis = new AtomicReference<>();
    private final AtomicReference<String> telephony = new AtomicReference<>();
    private final Health health = new Health(vertx, null)
            .register("postgres", Health.Need.READY, () -> Future.succeededFuture(postgres.get()))
            .register("redis", Health.Need.DEGRADES, () -> Future.succeededFuture(redis.get()))
            .register("telephony", Health.Need.READY, () -> Future.succeededFuture(telephony.get()));

    @AfterEach
    void close() {
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @DisplayName("all parts up: UP and ready, with no reasons")
    void allUp() {
        Health.Report report = await(health.check());
        assertTrue(report.ready());
        assertEquals(new JsonObject().put("status", "UP").put("checks", new JsonObject().put("postgres", "UP")
                .put("redis", "UP").put("telephony", "UP")), report.json());
    }

    @Test
    @DisplayName("only the cache down: DEGRADED but ready, and the reason says what")
    void cacheDown() {
        redis.set("Connection refused");
        Health.Report report = await(health.check());
        assertTrue(report.ready());
        assertEquals("DEGRADED", report.status());
        assertEquals("DOWN", report.json().getJsonObject("checks").getString("redis"));
        assertEquals("Connection refused", report.json().getJsonObject("reasons").getString("redis"));
    }

    @Test
    @DisplayName("PostgreSQL or the phone side down: DOWN, not ready")
    void neededPartDown() {
        postgres.set("Connection refused");
        assertFalse(await(health.check()).ready());
        postgres.set(null);
        telephony.set("AMI link down");
        Health.Report report = await(health.check());
        assertFalse(report.ready());
        assertEquals("DOWN", report.status());
    }

    @Test
    @DisplayName("PostgreSQL or the outbox that keeps what PostgreSQL cannot take: either one up keeps the node ready, degraded; both down, not ready")
    void postgresOrOutbox() {
        AtomicReference<String> outbox = new AtomicReference<>();
        Health either = new Health(vertx, null)
                .register("postgres", Health.Need.ANY_OF, () -> Future.succeededFuture(postgres.get()))
                .register("telephony", Health.Need.READY, () -> Future.succeededFuture(telephony.get()))
                .register("outbox", Health.Need.ANY_OF, () -> Future.succeededFuture(outbox.get()));
        assertEquals("UP", await(either.check()).status());
        postgres.set("Connection refused");
        assertTrue(await(either.check()).ready(), "ended calls wait in the outbox");
        assertEquals("DEGRADED", await(either.check()).status());
        postgres.set(null);
        outbox.set("full");
        assertEquals("DEGRADED", await(either.check()).status());
        postgres.set("Connection refused");
        assertFalse(await(either.check()).ready());
        assertEquals("DOWN", await(either.check()).status());
    }

    @Test
    @DisplayName("a stopping node is not ready, whatever its parts say")
    void stopping() {
        health.stopping();
        Health.Report report = await(health.check());
        assertFalse(report.ready());
        assertEquals("stopping", report.json().getJsonObject("reasons").getString("node"));
    }

    @Test
    @DisplayName("a check that fails counts as down, with its error as the reason")
    void failingCheck() {
        Health failing = new Health(vertx, null)
                .register("postgres", Health.Need.READY, () -> Future.failedFuture(new IllegalStateException("pool closed")));
        Health.Report report = await(failing.check());
        assertFalse(report.ready());
        assertEquals("pool closed", report.down().get("postgres"));
    }
}

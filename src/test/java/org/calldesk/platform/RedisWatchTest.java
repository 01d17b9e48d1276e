package org.calldesk.platform;

import io.vertx.core.Vertx;
import org.calldesk.testing.Inbox;
import org.calldesk.testing.ServerTest;
import org.calldesk.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Redis gateway watching its Redis: each loss and each recovery told once, a quick restart included. */
@ServerTest
class RedisWatchTest {

    private static final Duration SOON = Duration.ofSeconds(5);

    private final Vertx vertx = Vertx.vertx();
    private final TestRedis server = TestRedis.start();
    private final Inbox<String> told = new Inbox<>();
    private Redis redis;

    @BeforeEach
    void watch() {
        redis = new Redis(vertx, server.url(), 250, 2, 100);
        redis.onDown(() -> told.add("down"));
        redis.onUp(() -> told.add("up"));
        assertTrue(await(redis.ping()));
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void close() {
        redis.close();
        server.close();
        await(vertx.close());
    }

    @Test
    @DisplayName("a stopped Redis is told as down, and as up once it is back")
    void stopAndRestart() {
        server.stop();
        told.first("down", SOON, "down"::equals);
        assertFalse(redis.isUp());
        server.restart();
        told.first("up", SOON, "up"::equals);
        assertTrue(redis.isUp());
        assertTrue(await(redis.ping()), "calls work again, no dead pooled connection left to fail one");
        assertEquals(List.of("down", "up"), told.all());
    }

    @Test
    @DisplayName("a hung Redis (SIGSTOP) is told as down while it hangs, and as up when it resumes")
    void hangAndResume() {
        server.pause();
        try {
            told.first("down", SOON, "down"::equals);
        } finally {
            server.resume();
        }
        told.first("up", SOON, "up"::equals);
        assertEquals(List.of("down", "up"), told.all());
    }
}

package org.calldesk.complaints;

import io.vertx.core.Future;
import org.calldesk.TestServer;
import org.calldesk.platform.Redis;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.calldesk.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Rebuilds of a deadline index of its own (the shared server's is left alone), with writes made while they run. */
@ServerTest
class DeadlineIndexTest {

    private static final Instant T1 = Instant.parse("2100-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2100-01-02T00:00:00Z");
    private final Redis redis = TestServer.get().server.redis();
    private final String key = "calldesk:test:deadlines:" + UUID.randomUUID();
    private final DeadlineIndex index = new DeadlineIndex(redis, key);

    @AfterEach
    void clean() {
        await(redis.call(jedis -> jedis.del(key)));
    }

    private Double score(long id) {
        return await(redis.call(jedis -> jedis.zscore(key, Long.toString(id))));
    }

    @Test
    @DisplayName("what is indexed or cleared while a rebuild runs is not undone when the rebuilt index replaces the live one")
    void writesDuringARebuildSurvive() {
        await(index.put(9, T1));
        Optional<Integer> rebuilt = await(index.rebuild(() -> Future.succeededFuture(Map.of(1L, T1, 2L, T1, 3L, T1))
                // read from PostgreSQL, not yet swapped in: one is indexed, one moved and one cleared meanwhile
                .compose(read -> index.put(4, T2).compose(v -> index.put(2, T2)).compose(v -> index.put(3, null)).map(read))));

        assertEquals(Optional.of(3), rebuilt);
        assertEquals((double) T1.toEpochMilli(), score(1));
        assertEquals((double) T2.toEpochMilli(), score(2), "moved during the rebuild");
        assertNull(score(3), "cleared during the rebuild, though the rebuild read it");
        assertEquals((double) T2.toEpochMilli(), score(4), "indexed during the rebuild");
        assertNull(score(9), "not in what the rebuild read, nor written since it began");
        assertEquals(List.of(), await(redis.call(jedis -> List.copyOf(jedis.keys(key + ":*")))), "nothing left beside the index");
        assertEquals(Long.valueOf(-1), await(redis.call(jedis -> Long.valueOf(jedis.ttl(key)))), "the index itself does not expire");
    }

    @Test
    @DisplayName("two rebuilds at once: one rebuilds, the other steps aside; a rebuild that died does not hold up the next")
    void oneRebuildAtATime() {
        DeadlineIndex other = new DeadlineIndex(redis, key);
        Optional<Integer> first = await(index.rebuild(() -> other.rebuild(() -> Future.succeededFuture(Map.of(5L, T2)))
                .map(skipped -> {
                    assertEquals(Optional.empty(), skipped, "the second rebuild stepped aside");
                    return Map.of(1L, T1);
                })));
        assertEquals(Optional.of(1), first);

        RuntimeException died = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> await(index.rebuild(() -> Future.failedFuture(new IllegalStateException("PostgreSQL went away")))));
        assertEquals("PostgreSQL went away", died.getMessage());
        assertEquals(Optional.of(1), await(index.rebuild(() -> Future.succeededFuture(Map.of(7L, T2)))),
                "the lock the failed rebuild left is taken back by the same index");
        assertEquals((double) T2.toEpochMilli(), score(7));
        assertNull(score(1));
    }
}

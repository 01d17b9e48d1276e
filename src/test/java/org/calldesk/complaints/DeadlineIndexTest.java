package org.calldesk.complaints;

import io.vertx.core.Future;
import org.calldesk.TestServer;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.calldesk.TestServer.await;
import static org.calldesk.complaints.Complaint.instant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rebuild of the shared server's deadline index, from what PostgreSQL holds, with writes made while it runs.
 * The ids written here are negative, so no complaint has them, and their deadlines lie in 2200, so no sweep finds them due.
 */
@ServerTest
class DeadlineIndexTest {

    private static final Instant FAR = Instant.parse("2200-01-01T00:00:00Z");
    private final TestServer test = TestServer.get();
    private final DeadlineIndex index = new DeadlineIndex(test.server.redis());

    private Future<Map<Long, Instant>> fromPostgres(Map<Long, Instant> plus) {
        return test.server.pg().query(ComplaintSql.ALL_DEADLINES).execute().map(rows -> {
            Map<Long, Instant> all = new HashMap<>(plus);
            rows.forEach(row -> all.put(row.getLong("id"), instant(row, "next_escalation_at")));
            return all;
        });
    }

    private Double score(long id) {
        return await(test.server.redis().call(jedis -> jedis.zscore(DeadlineIndex.KEY, Long.toString(id))));
    }

    @Test
    @DisplayName("what is indexed or cleared while a rebuild runs is not undone when the rebuilt index replaces the live one")
    void writesDuringARebuildSurvive() {
        try {
            Optional<Integer> rebuilt = await(index.rebuild(() -> fromPostgres(Map.of(-2L, FAR))
                    // read from PostgreSQL, not yet swapped in: a complaint is indexed and another one cleared
                    .compose(read -> index.put(-1L, FAR).compose(v -> index.put(-2L, null)).map(read))));
            assertTrue(rebuilt.isPresent());
            assertEquals((double) FAR.toEpochMilli(), score(-1L), "indexed during the rebuild");
            assertNull(score(-2L), "cleared during the rebuild, though the rebuild read it");
            long pending = await(test.server.pg().query("SELECT count(*) AS n FROM complaints WHERE next_escalation_at IS NOT NULL")
                    .execute()).iterator().next().getLong("n");
            assertEquals(pending + 1, await(index.size()), "every pending deadline, and the one indexed meanwhile");
            assertEquals(List.of(), await(test.server.redis().call(jedis -> List.copyOf(jedis.keys(DeadlineIndex.KEY + ":*")))),
                    "nothing left beside the index");
        } finally {
            await(index.put(-1L, null));
        }
    }

    @Test
    @DisplayName("two rebuilds at once: one rebuilds, the other leaves it to it")
    void oneRebuildAtATime() {
        DeadlineIndex other = new DeadlineIndex(test.server.redis());
        Optional<Integer> first = await(index.rebuild(() -> fromPostgres(Map.of())
                .compose(read -> other.rebuild(() -> fromPostgres(Map.of())).map(skipped -> {
                    assertEquals(Optional.empty(), skipped);
                    return read;
                }))));
        assertTrue(first.isPresent());
    }
}

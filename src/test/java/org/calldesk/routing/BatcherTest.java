package org.calldesk.routing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.calldesk.testing.Await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batches of keys, with a loader the test answers by hand: which keys go together is decided by what is in flight. */
class BatcherTest {

    /** A loader that keeps every batch it is given, unanswered until the test says. */
    private static final class Loader {
        final List<List<String>> batches = new ArrayList<>();
        final List<Promise<Map<String, String>>> answers = new ArrayList<>();

        synchronized int batchCount() {
            return batches.size();
        }

        synchronized Future<Map<String, String>> load(List<String> keys) {
            batches.add(keys);
            Promise<Map<String, String>> answer = Promise.promise();
            answers.add(answer);
            return answer.future();
        }

        synchronized void answer(int batch) {
            Map<String, String> values = new HashMap<>();
            batches.get(batch).stream().filter(k -> !k.startsWith("nobody")).forEach(k -> values.put(k, "card of " + k));
            answers.get(batch).complete(values);
        }
    }

    @Test
    @DisplayName("a key asked on a quiet line goes at once; keys asked while the batches are out go together in the next")
    void keysWaitForAFreeBatch() {
        Loader loader = new Loader();
        Batcher<String, String> batcher = new Batcher<>(loader::load, 100, 2, 60_000);

        Future<String> first = batcher.get("+861");
        Future<String> second = batcher.get("+862");
        List<Future<String>> burst = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            burst.add(batcher.get("+86" + (100 + i)));
        }
        burst.add(batcher.get("nobody"));
        assertEquals(List.of(List.of("+861"), List.of("+862")), loader.batches, "two alone, then the line is busy");

        loader.answer(0);
        assertEquals("card of +861", first.result());
        assertEquals(3, loader.batches.size(), "the burst went as one batch when the first came back");
        assertEquals(51, loader.batches.get(2).size());
        assertTrue(burst.stream().noneMatch(Future::isComplete));

        loader.answer(2);
        assertEquals("card of +86149", burst.get(49).result());
        assertNull(burst.get(50).result(), "a key the loader left out gets null");
        assertFalse(second.isComplete(), "each batch answers its own keys");
        assertEquals(51, batcher.keys() - 2);
        assertEquals(3, batcher.batches());
    }

    @Test
    @DisplayName("a batch holds at most its maximum of keys; the same key asked twice while waiting is asked once")
    void maxKeysAndDuplicates() {
        Loader loader = new Loader();
        Batcher<String, String> batcher = new Batcher<>(loader::load, 3, 1, 60_000);
        batcher.get("a");
        Future<String> once = batcher.get("b");
        Future<String> twice = batcher.get("b");
        for (String key : List.of("c", "d", "e")) {
            batcher.get(key);
        }
        loader.answer(0);
        assertEquals(List.of("b", "c", "d"), loader.batches.get(1));
        loader.answer(1);
        assertEquals(List.of("e"), loader.batches.get(2));
        assertEquals("card of b", once.result());
        assertEquals("card of b", twice.result());
    }

    @Test
    @DisplayName("a batch that does not come back stops counting as in flight after its time, so the next callers still go")
    void stuckBatch() {
        Loader loader = new Loader();
        Batcher<String, String> batcher = new Batcher<>(loader::load, 10, 1, 1);
        Future<String> stuck = batcher.get("stuck");
        batcher.get("next");
        Await.until("the next batch to go", Duration.ofSeconds(10), () -> loader.batchCount() == 2);
        loader.answer(0);
        assertEquals("card of stuck", stuck.result(), "it still answers when it comes");
    }

    @Test
    @DisplayName("a failed batch fails its keys only, and the next batch still goes")
    void failure() {
        Loader loader = new Loader();
        Batcher<String, String> batcher = new Batcher<>(loader::load, 10, 1, 60_000);
        Future<String> failed = batcher.get("x");
        Future<String> next = batcher.get("y");
        loader.answers.get(0).fail("database down");
        assertEquals("database down", failed.cause().getMessage());
        assertEquals(List.of("y"), loader.batches.get(1));
        loader.answer(1);
        assertEquals("card of y", next.result());
    }
}

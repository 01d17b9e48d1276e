package org.calldesk.routing;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Answers many single-key questions with few batch queries. A key asked while fewer than {@code maxInFlight} batches
 * are out goes at once, alone if need be, so a quiet line waits for nothing; keys asked while every batch is out wait
 * together and go as one batch (up to {@code maxKeys}) the moment one comes back. Under a burst the database then
 * sees a handful of queries for many callers instead of one per caller, and the wait is bounded by a batch's own time.
 * Safe to call from any thread; the loader is called with no lock held.
 */
final class Batcher<K, V> {

    private final Function<List<K>, Future<Map<K, V>>> loader;
    private final int maxKeys;
    private final int maxInFlight;
    private final long slotMs;
    /** Keys not sent yet, in the order asked; a key asked again while it waits shares the first answer. Guarded by this. */
    private final Map<K, Promise<V>> waiting = new LinkedHashMap<>();
    private int inFlight;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong keys = new AtomicLong();

    /**
     * @param loader answers a batch of distinct keys; a key it leaves out gets null
     * @param slotMs a batch not back after this long no longer counts as in flight (it still answers when it comes): a
     *               stuck query must not hold up every caller after it
     */
    Batcher(Function<List<K>, Future<Map<K, V>>> loader, int maxKeys, int maxInFlight, long slotMs) {
        if (maxKeys < 1 || maxInFlight < 1 || slotMs < 1) {
            throw new IllegalArgumentException("a batch needs room for a key, one batch in flight and time to answer");
        }
        this.loader = loader;
        this.maxKeys = maxKeys;
        this.maxInFlight = maxInFlight;
        this.slotMs = slotMs;
    }

    Future<V> get(K key) {
        Promise<V> answer;
        Map<K, Promise<V>> batch;
        synchronized (this) {
            Promise<V> asked = waiting.get(key);
            if (asked != null) {
                return asked.future();
            }
            answer = Promise.promise();
            waiting.put(key, answer);
            batch = takeBatch();
        }
        if (batch != null) {
            send(batch);
        }
        return answer.future();
    }

    /** Batches sent so far. */
    long batches() {
        return batches.get();
    }

    /** Keys sent so far, over all batches. */
    long keys() {
        return keys.get();
    }

    /** The next batch if one may go now; counts it as in flight. Called holding the lock. */
    private Map<K, Promise<V>> takeBatch() {
        if (waiting.isEmpty() || inFlight >= maxInFlight) {
            return null;
        }
        Map<K, Promise<V>> batch = new LinkedHashMap<>();
        Iterator<Map.Entry<K, Promise<V>>> next = waiting.entrySet().iterator();
        while (next.hasNext() && batch.size() < maxKeys) {
            Map.Entry<K, Promise<V>> entry = next.next();
            batch.put(entry.getKey(), entry.getValue());
            next.remove();
        }
        inFlight++;
        return batch;
    }

    private void send(Map<K, Promise<V>> batch) {
        batches.incrementAndGet();
        keys.addAndGet(batch.size());
        Future<Map<K, V>> loaded;
        try {
            loaded = loader.apply(new ArrayList<>(batch.keySet()));
        } catch (RuntimeException e) {
            loaded = Future.failedFuture(e);
        }
        AtomicBoolean back = new AtomicBoolean();
        Runnable freeSlot = () -> {
            if (back.compareAndSet(false, true)) {
                Map<K, Promise<V>> following;
                synchronized (this) {
                    inFlight--;
                    following = takeBatch();
                }
                if (following != null) {
                    send(following);
                }
            }
        };
        loaded.timeout(slotMs, TimeUnit.MILLISECONDS).onFailure(late -> freeSlot.run());
        loaded.onComplete(result -> {
            // Answer only after the next batch is on its way: callers woken now may ask again at once.
            freeSlot.run();
            batch.forEach((key, promise) -> {
                if (result.succeeded()) {
                    promise.complete(result.result().get(key));
                } else {
                    promise.fail(result.cause());
                }
            });
        });
    }
}

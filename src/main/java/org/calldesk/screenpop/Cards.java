package org.calldesk.screenpop;

import org.calldesk.routing.RoutedCaller;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.calldesk.platform.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Caller cards prepared at routing time, keyed by the caller channel's Uniqueid, so that the pop on
 * AgentCalled is a lookup and a send. Kept in memory on the node that routed the call, handed to the other nodes of
 * a cluster as it is prepared ({@link #shareWith}, {@link #received}), and mirrored to Redis so a node that hears the
 * ring without having been handed the card still finds it; when neither has it (a node that started while the caller
 * waited, a Redis that lost it), it is rebuilt from the decision in PostgreSQL.
 */
public final class Cards {

    private static final Logger log = LoggerFactory.getLogger(Cards.class);

    private static final int TTL_SECONDS = 4 * 3600;
    private static final long REDIS_READ_TIMEOUT_MS = 50;
    /** A rebuild slower than this lets the pop go out without the card; the card follows as an update. */
    private static final long REBUILD_WAIT_MS = 200;
    /** Late facts come within a second or two; ten thousand ended calls cover minutes at the busiest. */
    private static final int FORGOTTEN_KEPT = 10_000;

    /** Where a card nobody prepared on this node, nor kept in Redis, comes from: the route decision in PostgreSQL. */
    @FunctionalInterface
    public interface Decisions {
        Future<Optional<RoutedCaller>> routedCaller(String uniqueid, String linkedid);

        Decisions NONE = (uniqueid, linkedid) -> Future.succeededFuture(Optional.empty());
    }

    /**
     * {@code stored}: the Redis copy's write, which a delete of the same key must follow, not overtake. A card handed
     * over by another node to one that does not pop is kept as it came ({@code json}, {@code card} null) and read only
     * if this node comes to pop it.
     */
    private record Entry(PopCard card, JsonObject json, long createdAt, Future<?> stored) {
        Entry(PopCard card, long createdAt, Future<?> stored) {
            this(card, null, createdAt, stored);
        }
    }

    private final Map<String, Entry> byUniqueid = new ConcurrentHashMap<>();
    /** Callers whose calls ended, latest last: a card that comes after its call ended is not kept. */
    private final Set<String> forgotten = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>(256, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > FORGOTTEN_KEPT;
                }
            }));
    private final java.util.List<BiConsumer<String, PopCard>> listeners = new CopyOnWriteArrayList<>();
    private volatile BiConsumer<String, PopCard> others = (uniqueid, card) -> { };
    private final Redis redis;
    private final Decisions decisions;

    public Cards(Redis redis, Decisions decisions) {
        this.redis = redis;
        this.decisions = decisions;
    }

    /** The card of a caller routing has decided on, ready before any phone rings; or come late, after the ring. */
    public void prepare(RoutedCaller routed) {
        prepare(routed.uniqueid(), card(routed));
    }

    public void prepare(String uniqueid, PopCard card) {
        if (uniqueid == null || forgotten.contains(uniqueid)) {
            return;
        }
        // Encoded on the Redis worker: the route script waits for nothing of this.
        Future<?> stored = redis.call(jedis -> jedis.setex(key(uniqueid), TTL_SECONDS, card.toJson().encode()));
        byUniqueid.put(uniqueid, new Entry(card, System.currentTimeMillis(), stored.otherwiseEmpty()));
        if (forgotten.contains(uniqueid)) {
            // The call ended while this card was being stored: the delete must come after the write.
            forget(uniqueid);
            return;
        }
        try {
            others.accept(uniqueid, card);
        } catch (RuntimeException e) {
            log.warn("card {}: not handed to the other nodes: {}", uniqueid, e.toString());
        }
        tell(uniqueid, card);
    }

    /**
     * A card another node prepared ({@link PopCard#toJson}), handed over so that a pop here is a lookup too: kept in
     * memory (the preparing node wrote Redis), unless its call has already ended here. On the node that pops
     * ({@code popsHere}) it is read now and told to the listeners (it may fill in a pop that went out without it);
     * elsewhere it is kept as it came, and read only if this node comes to pop the call.
     */
    public void received(String uniqueid, JsonObject json, boolean popsHere) {
        if (uniqueid == null || json == null || forgotten.contains(uniqueid)) {
            return;
        }
        PopCard card = popsHere ? PopCard.fromJson(json) : null;
        byUniqueid.put(uniqueid, new Entry(card, popsHere ? null : json, System.currentTimeMillis(), Future.succeededFuture()));
        if (forgotten.contains(uniqueid)) {
            byUniqueid.remove(uniqueid);
            return;
        }
        if (card != null) {
            tell(uniqueid, card);
        }
    }

    /** Where each card prepared on this node goes, besides memory and Redis: to the other nodes of a cluster. */
    public void shareWith(BiConsumer<String, PopCard> others) {
        this.others = others;
    }

    private void tell(String uniqueid, PopCard card) {
        for (BiConsumer<String, PopCard> listener : listeners) {
            try {
                listener.accept(uniqueid, card);
            } catch (RuntimeException e) {
                // The card is prepared whatever a listener does: the route script is waiting on this thread.
                log.warn("card {}: listener failed: {}", uniqueid, e.toString());
            }
        }
    }

    /**
     * Told of every card prepared, on the thread that prepared it (a FastAGI worker, or wherever late facts or a
     * rebuild completed): hand it on, do not block.
     */
    public void onPrepared(BiConsumer<String, PopCard> listener) {
        listeners.add(listener);
    }

    /** The card in this node's memory, if it is there; never waits. */
    public Optional<PopCard> cached(String uniqueid) {
        Entry entry = uniqueid == null ? null : byUniqueid.get(uniqueid);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.card() != null) {
            return Optional.of(entry.card());
        }
        try {
            PopCard card = PopCard.fromJson(entry.json());
            byUniqueid.replace(uniqueid, entry, new Entry(card, entry.createdAt(), entry.stored()));
            return Optional.of(card);
        } catch (RuntimeException e) {
            log.warn("card {}: handed over unreadable, dropped: {}", uniqueid, e.toString());
            byUniqueid.remove(uniqueid, entry);
            return Optional.empty();
        }
    }

    /**
     * The card, from memory, Redis or the route decision in PostgreSQL; null when calldesk did not route the call, or
     * when a rebuild takes too long (it is then {@linkplain #prepare prepared} when it completes).
     */
    public Future<PopCard> get(String uniqueid, String linkedid) {
        Optional<PopCard> cached = cached(uniqueid);
        if (cached.isPresent()) {
            return Future.succeededFuture(cached.get());
        }
        Future<PopCard> fromRedis = uniqueid == null ? Future.succeededFuture() : redis.call(jedis -> jedis.get(key(uniqueid)))
                .timeout(REDIS_READ_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .map(text -> text == null ? null : PopCard.fromJson(new JsonObject(text)))
                .otherwise((PopCard) null);
        return fromRedis.compose(card -> {
            if (card != null) {
                byUniqueid.putIfAbsent(uniqueid, new Entry(card, System.currentTimeMillis(), Future.succeededFuture()));
                return Future.succeededFuture(card);
            }
            return rebuild(uniqueid, linkedid);
        });
    }

    private Future<PopCard> rebuild(String uniqueid, String linkedid) {
        Future<Optional<RoutedCaller>> found = decisions.routedCaller(uniqueid, linkedid);
        Future<PopCard> card = found.map(routed -> routed.map(r -> {
            // Kept under the Uniqueid the pop asked by, which is the caller's channel the decision was made for.
            String key = uniqueid != null ? uniqueid : r.uniqueid();
            PopCard rebuilt = card(r);
            prepare(key, rebuilt);
            return rebuilt;
        }).orElse(null));
        return card.timeout(REBUILD_WAIT_MS, TimeUnit.MILLISECONDS).otherwise((PopCard) null);
    }

    /**
     * Forgets the card in this node's memory only: the call has ended, and the node that pops for it deletes the Redis
     * copy ({@link #forget}).
     */
    public void forgetHere(String uniqueid) {
        if (uniqueid != null) {
            forgotten.add(uniqueid);
            byUniqueid.remove(uniqueid);
        }
    }

    /** Forgets the card here and in Redis: the call has ended, on whichever node routed it. */
    public Future<Void> forget(String uniqueid) {
        if (uniqueid == null) {
            return Future.succeededFuture();
        }
        forgotten.add(uniqueid);
        Entry entry = byUniqueid.remove(uniqueid);
        Future<?> stored = entry == null ? Future.succeededFuture() : entry.stored();
        return stored.compose(v -> redis.call(jedis -> jedis.del(key(uniqueid)))).<Void>mapEmpty().otherwiseEmpty();
    }

    /** Drops cards of calls whose end was never seen (a lost link), so memory stays bounded. */
    public int expire(long maxAgeMs) {
        long cutoff = System.currentTimeMillis() - maxAgeMs;
        int before = byUniqueid.size();
        byUniqueid.values().removeIf(e -> e.createdAt() < cutoff);
        return before - byUniqueid.size();
    }

    private static PopCard card(RoutedCaller routed) {
        return PopCard.of(routed.callerNumber(), routed.ivr(), routed.customer(), routed.openComplaints(),
                PopCard.Route.of(routed.decision()));
    }

    private static String key(String uniqueid) {
        return "cd:card:" + uniqueid;
    }
}

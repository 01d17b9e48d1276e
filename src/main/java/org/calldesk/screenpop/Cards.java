package org.calldesk.screenpop;

import org.calldesk.routing.RoutedCaller;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.calldesk.platform.Redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Caller cards prepared at routing time, keyed by the caller channel's Uniqueid, so that the pop on
 * AgentCalled is a lookup and a send. Kept in memory on the node that routed the call, and mirrored to
 * Redis so a node that hears the ring without having routed the call still finds the card.
 */
public final class Cards {

    private static final int TTL_SECONDS = 4 * 3600;
    private static final long REDIS_READ_TIMEOUT_MS = 50;

    private record Entry(PopCard card, long createdAt) {
    }

    private final Map<String, Entry> byUniqueid = new ConcurrentHashMap<>();
    private final Redis redis;

    public Cards(Redis redis) {
        this.redis = redis;
    }

    /** The card of a caller routing has just decided on, ready before any phone rings. */
    public void prepare(RoutedCaller routed) {
        prepare(routed.uniqueid(), PopCard.of(routed.callerNumber(), routed.ivr(), routed.customer(),
                routed.openComplaints(), PopCard.Route.of(routed.decision())));
    }

    public void prepare(String uniqueid, PopCard card) {
        if (uniqueid == null) {
            return;
        }
        byUniqueid.put(uniqueid, new Entry(card, System.currentTimeMillis()));
        // Encoded on the Redis worker: the route script waits for nothing of this.
        redis.call(jedis -> jedis.setex(key(uniqueid), TTL_SECONDS, card.toJson().encode())).otherwiseEmpty();
    }

    /** The card, from memory or Redis; null when neither has it (the call was not routed by calldesk). */
    public Future<PopCard> get(String uniqueid) {
        Entry entry = uniqueid == null ? null : byUniqueid.get(uniqueid);
        if (entry != null) {
            return Future.succeededFuture(entry.card());
        }
        if (uniqueid == null) {
            return Future.succeededFuture();
        }
        return redis.call(jedis -> jedis.get(key(uniqueid)))
                .timeout(REDIS_READ_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .map(text -> text == null ? null : PopCard.fromJson(new JsonObject(text)))
                .otherwise((PopCard) null);
    }

    public void forget(String uniqueid) {
        if (uniqueid != null && byUniqueid.remove(uniqueid) != null) {
            redis.call(jedis -> jedis.del(key(uniqueid))).otherwiseEmpty();
        }
    }

    /** Drops cards of calls whose end was never seen (a lost link), so memory stays bounded. */
    public int expire(long maxAgeMs) {
        long cutoff = System.currentTimeMillis() - maxAgeMs;
        int before = byUniqueid.size();
        byUniqueid.values().removeIf(e -> e.createdAt() < cutoff);
        return before - byUniqueid.size();
    }

    private static String key(String uniqueid) {
        return "cd:card:" + uniqueid;
    }
}

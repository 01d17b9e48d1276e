package org.calldesk.customers;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.calldesk.platform.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Customer cards cached in Redis by E.164 number and by id, as their JSON, one key per entry so that each expires
 * on its own. Only an optimisation: every failure (an unreadable entry too) reads as a miss, and PostgreSQL answers.
 * <p>
 * Keys carry a generation ({@code cd:customer:<generation>:phone:<e164>}): forgetting every card is one INCR,
 * which also stops a card loaded before it from being stored after it. A Redis that was lost may have missed
 * evictions, so after a loss, and after an eviction that could not be made, no card is read until the
 * generation has moved on.
 */
public final class CustomerCache {

    private static final Logger log = LoggerFactory.getLogger(CustomerCache.class);

    private static final String GENERATION = "cd:customer:generation";
    private static final String PREFIX = "cd:customer:";
    /** The two hashes of cards kept before entries had keys of their own, which would otherwise stay for good. */
    private static final String[] LEGACY = {"cd:customer:by-phone", "cd:customer:by-id"};

    private static final Redis.Script READ = Redis.Script.of("""
            local generation = redis.call('GET', KEYS[1]) or '0'
            return {generation, redis.call('GET', ARGV[1] .. generation .. ARGV[2])}
            """);
    /** Stores only into the generation its card was read under: a card loaded before a flush stays out of it. */
    private static final Redis.Script PUT = Redis.Script.of("""
            local generation = redis.call('GET', KEYS[1]) or '0'
            if generation ~= ARGV[1] then
              return 0
            end
            for i = 5, #ARGV do
              redis.call('SETEX', ARGV[3] .. generation .. ARGV[i], ARGV[2], ARGV[4])
            end
            return 1
            """);
    private static final Redis.Script FORGET = Redis.Script.of("""
            local generation = redis.call('GET', KEYS[1]) or '0'
            for i = 2, #ARGV do
              redis.call('UNLINK', ARGV[1] .. generation .. ARGV[i])
            end
            return 1
            """);

    private final Redis redis;
    private final long readTimeoutMs;
    private final int ttlSeconds;
    /**
     * Counts the reasons Redis may hold a stale card; {@code flushedUpTo} is the count the last flush covered. Until a
     * flush covers them all, every read is a miss and nothing is stored.
     */
    private final AtomicLong staleMarks = new AtomicLong();
    private volatile long flushedUpTo;
    private final AtomicBoolean flushing = new AtomicBoolean();
    /** The generation the last read saw; a card is stored under it or not at all. */
    private volatile String generation = "0";

    /**
     * {@code readTimeoutMs}: a cache slower than this counts as a miss, so a sick Redis cannot eat a call's routing
     * budget. {@code ttlSeconds}: the longest a card stays, whatever eviction was missed.
     */
    CustomerCache(Redis redis, long readTimeoutMs, int ttlSeconds) {
        this.redis = redis;
        this.readTimeoutMs = readTimeoutMs;
        this.ttlSeconds = ttlSeconds;
        // Evictions sent while Redis was lost went nowhere, and a Redis that hung still holds what they meant to drop.
        redis.onDown(staleMarks::incrementAndGet);
        redis.onUp(() -> {
            staleMarks.incrementAndGet();
            flush();
        });
    }

    Future<CustomerCard> byPhone(String e164) {
        return get(phoneKey(e164));
    }

    Future<CustomerCard> byId(long id) {
        return get(idKey(id));
    }

    private Future<CustomerCard> get(String key) {
        if (flushPending()) {
            // not awaited: the caller's budget is for PostgreSQL now
            flush();
            return Future.succeededFuture();
        }
        return redis.call(jedis -> read(jedis, key))
                .timeout(readTimeoutMs, TimeUnit.MILLISECONDS)
                .map(text -> text == null || flushPending() ? null : CustomerCard.fromJson(new JsonObject(text)))
                .otherwise((CustomerCard) null);
    }

    private String read(UnifiedJedis jedis, String key) {
        List<?> reply = (List<?>) READ.run(jedis, List.of(GENERATION), List.of(PREFIX, key));
        generation = String.valueOf(reply.get(0));
        return reply.get(1) == null ? null : String.valueOf(reply.get(1));
    }

    /** One read of the card cached for a number, as a route makes it: for the benchmark, which times it. */
    public static String readByPhone(UnifiedJedis jedis, String e164) {
        List<?> reply = (List<?>) READ.run(jedis, List.of(GENERATION), List.of(PREFIX, phoneKey(e164)));
        return reply.get(1) == null ? null : String.valueOf(reply.get(1));
    }

    Future<Void> put(CustomerCard customer) {
        if (flushPending()) {
            return Future.succeededFuture();
        }
        List<String> args = new ArrayList<>(List.of(generation, Integer.toString(ttlSeconds), PREFIX, customer.toJson().encode()));
        customer.phones().forEach(phone -> args.add(phoneKey(phone)));
        args.add(idKey(customer.id()));
        return redis.call(jedis -> PUT.run(jedis, List.of(GENERATION), args)).<Void>mapEmpty().otherwiseEmpty();
    }

    /** Forgets one customer (after an update or a new interaction); if that fails, every card, once Redis answers. */
    Future<Void> forget(long id, JsonArray phones) {
        List<String> args = new ArrayList<>(List.of(PREFIX));
        if (phones != null) {
            phones.forEach(phone -> args.add(phoneKey(String.valueOf(phone))));
        }
        args.add(idKey(id));
        return redis.call(jedis -> FORGET.run(jedis, List.of(GENERATION), args)).<Void>mapEmpty().recover(e -> {
            log.warn("customer {}: cached card not evicted ({}); no card is read from the cache until it is flushed",
                    id, e.getMessage());
            staleMarks.incrementAndGet();
            return Future.succeededFuture();
        });
    }

    /** Forgets every card: after an import or a reclassification almost any of them may be stale. */
    Future<Void> forgetAll() {
        long covers = staleMarks.incrementAndGet();
        return redis.call(jedis -> {
                    jedis.unlink(LEGACY);
                    return jedis.incr(GENERATION);
                })
                .<Void>map(next -> {
                    generation = Long.toString(next);
                    flushed(covers);
                    return null;
                });
    }

    private synchronized void flushed(long covers) {
        flushedUpTo = Math.max(flushedUpTo, covers);
    }

    private boolean flushPending() {
        return staleMarks.get() != flushedUpTo;
    }

    /** At most one flush at a time; a failed one leaves reads missing, and the next read tries again. */
    private void flush() {
        if (flushing.compareAndSet(false, true)) {
            forgetAll().onComplete(done -> flushing.set(false));
        }
    }

    private static String phoneKey(String e164) {
        return ":phone:" + e164;
    }

    private static String idKey(long id) {
        return ":id:" + id;
    }
}

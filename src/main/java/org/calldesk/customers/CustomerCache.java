package org.calldesk.customers;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.calldesk.platform.Redis;

import java.util.Map;
import java.util.HashMap;
import java.util.List;

/**
 * Customer cards cached in Redis by E.164 number and by id, as their JSON. Only an optimisation: every failure
 * (an unreadable entry too) reads as a miss, and PostgreSQL answers.
 */
public final class CustomerCache {

    /** The hash of customer cards by E.164 number. */
    public static final String BY_PHONE = "cd:customer:by-phone";
    private static final String BY_ID = "cd:customer:by-id";

    private final Redis redis;
    // Set when a full flush could not reach Redis: until a flush succeeds, every read is a miss.
    private volatile boolean flushPending;

    private final long readTimeoutMs;

    /** {@code readTimeoutMs}: a cache slower than this counts as a miss, so a sick Redis cannot eat a call's routing budget. */
    CustomerCache(Redis redis, long readTimeoutMs) {
        this.redis = redis;
        this.readTimeoutMs = readTimeoutMs;
    }

    Future<CustomerCard> byPhone(String e164) {
        return get(BY_PHONE, e164);
    }

    Future<CustomerCard> byId(long id) {
        return get(BY_ID, Long.toString(id));
    }

    private Future<CustomerCard> get(String hash, String field) {
        if (flushPending) {
            return forgetAll().map(v -> (CustomerCard) null).otherwise((CustomerCard) null);
        }
        return redis.call(jedis -> jedis.hget(hash, field))
                .timeout(readTimeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS)
                .map(text -> text == null ? null : CustomerCard.fromJson(new JsonObject(text)))
                .otherwise((CustomerCard) null);
    }

    Future<Void> put(CustomerCard customer) {
        if (flushPending) {
            return Future.succeededFuture();
        }
        String text = customer.toJson().encode();
        String id = Long.toString(customer.id());
        List<String> phones = customer.phones();
        return redis.call(jedis -> {
            Map<String, String> byPhone = new HashMap<>();
            phones.forEach(p -> byPhone.put(p, text));
            if (!byPhone.isEmpty()) {
                jedis.hset(BY_PHONE, byPhone);
            }
            return jedis.hset(BY_ID, id, text);
        }).<Void>mapEmpty().otherwiseEmpty();
    }

    /** Forgets one customer (after an update or a new interaction). */
    Future<Void> forget(long id, JsonArray phones) {
        return redis.call(jedis -> {
            if (phones != null && !phones.isEmpty()) {
                jedis.hdel(BY_PHONE, phones.stream().map(String::valueOf).toArray(String[]::new));
            }
            return jedis.hdel(BY_ID, Long.toString(id));
        }).<Void>mapEmpty().otherwiseEmpty();
    }

    /** Forgets every card: after an import or a reclassification almost any of them may be stale. */
    Future<Void> forgetAll() {
        flushPending = true;
        return redis.call(jedis -> jedis.unlink(BY_PHONE, BY_ID))
                .<Void>mapEmpty()
                .onSuccess(v -> flushPending = false);
    }
}

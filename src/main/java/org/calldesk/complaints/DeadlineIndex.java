package org.calldesk.complaints;

import io.vertx.core.Future;
import org.calldesk.platform.Redis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ZRangeParams;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The next escalation deadline of every complaint, as one Redis sorted set (member = complaint id,
 * score = epoch ms). A hint only: PostgreSQL decides, and the sweeper's fallback scan covers a lost index.
 * <p>
 * A rebuild fills a set beside the live one and renames it over the live one, so sweeps never see it half
 * filled. One rebuild at a time holds a lock key; while it is held, every change is also noted in a hash of
 * changes and applied again after the rename, since the rebuilt set was read from PostgreSQL before them.
 */
final class DeadlineIndex {

    static final String KEY = "calldesk:complaints:deadlines";
    private static final int CHUNK = 10_000;
    /** Far longer than a rebuild of a million deadlines takes; a rebuild that died lets go of the lock by then. */
    private static final long REBUILD_MS = 120_000;

    private static final Redis.Script PUT = Redis.Script.of("""
            if ARGV[2] == '' then
              redis.call('ZREM', KEYS[1], ARGV[1])
            else
              redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
            end
            if redis.call('EXISTS', KEYS[2]) == 1 then
              redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
            end
            return 1
            """);
    /**
     * ARGV[3]: this index's own prefix. Its rebuilds run one after another, so a lock held under it now is left by
     * one that failed (Redis was lost before the swap), and is taken back rather than waited out.
     */
    private static final Redis.Script BEGIN = Redis.Script.of("""
            local holder = redis.call('GET', KEYS[1])
            if holder and string.sub(holder, 1, #ARGV[3]) == ARGV[3] then
              redis.call('DEL', KEYS[1])
            end
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              redis.call('DEL', KEYS[2])
              return 1
            end
            return 0
            """);
    private static final Redis.Script SWAP = Redis.Script.of("""
            if redis.call('GET', KEYS[2]) ~= ARGV[1] then
              redis.call('DEL', KEYS[4])
              return 0
            end
            if redis.call('EXISTS', KEYS[4]) == 1 then
              redis.call('RENAME', KEYS[4], KEYS[1])
              redis.call('PERSIST', KEYS[1])
            else
              redis.call('DEL', KEYS[1])
            end
            local changes = redis.call('HGETALL', KEYS[3])
            for i = 1, #changes, 2 do
              if changes[i + 1] == '' then
                redis.call('ZREM', KEYS[1], changes[i])
              else
                redis.call('ZADD', KEYS[1], changes[i + 1], changes[i])
              end
            end
            redis.call('DEL', KEYS[2], KEYS[3])
            return 1
            """);

    private final Redis redis;
    private final String key;
    private final String lock;
    private final String changes;
    private final String next;
    private final String owner = UUID.randomUUID() + ":";
    // guarded by this
    private Future<?> lastRebuild = Future.succeededFuture();

    DeadlineIndex(Redis redis) {
        this(redis, KEY);
    }

    /** An index under another key, for tests that must not disturb the server's own. */
    DeadlineIndex(Redis redis, String key) {
        this.redis = redis;
        this.key = key;
        this.lock = key + ":rebuild";
        this.changes = key + ":changes";
        this.next = key + ":next:";
    }

    /** Records or clears (when {@code at} is null) a complaint's next deadline. */
    Future<Void> put(long complaintId, Instant at) {
        List<String> args = List.of(Long.toString(complaintId), at == null ? "" : Long.toString(at.toEpochMilli()));
        return redis.call(jedis -> PUT.run(jedis, List.of(key, lock, changes), args)).mapEmpty();
    }

    /** Ids whose deadline has come, earliest first. */
    Future<List<Long>> due(Instant now, int limit) {
        return redis.call(jedis -> jedis.zrange(key, ZRangeParams.zrangeByScoreParams(Double.NEGATIVE_INFINITY, now.toEpochMilli())
                        .limit(0, limit))
                .stream().map(Long::parseLong).toList());
    }

    /**
     * Replaces the whole index with what PostgreSQL says, read by {@code deadlines} once this rebuild holds the
     * lock. Returns how many deadlines it indexed; empty when another rebuild is under way, whose result will do.
     */
    synchronized Future<Optional<Integer>> rebuild(Supplier<Future<Map<Long, Instant>>> deadlines) {
        // One after another: a rebuild asked for while one runs may be asked because that one read too early.
        Future<Optional<Integer>> next = lastRebuild.transform(previous -> rebuildNow(deadlines));
        lastRebuild = next;
        return next;
    }

    private Future<Optional<Integer>> rebuildNow(Supplier<Future<Map<Long, Instant>>> deadlines) {
        String token = owner + UUID.randomUUID();
        return redis.call(jedis -> BEGIN.run(jedis, List.of(lock, changes), List.of(token, Long.toString(REBUILD_MS), owner)))
                .compose(began -> !Long.valueOf(1).equals(began)
                        ? Future.succeededFuture(Optional.<Integer>empty())
                        : deadlines.get()
                                .compose(all -> redis.call(jedis -> fillAndSwap(jedis, token, all)))
                                .map(Optional::of));
    }

    private Integer fillAndSwap(UnifiedJedis jedis, String token, Map<Long, Instant> deadlines) {
        String next = this.next + token;
        Map<String, Double> chunk = new HashMap<>();
        for (Map.Entry<Long, Instant> entry : deadlines.entrySet()) {
            chunk.put(Long.toString(entry.getKey()), (double) entry.getValue().toEpochMilli());
            if (chunk.size() == CHUNK) {
                jedis.zadd(next, chunk);
                jedis.pexpire(next, REBUILD_MS);
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            jedis.zadd(next, chunk);
            jedis.pexpire(next, REBUILD_MS);
        }
        Object swapped = SWAP.run(jedis, List.of(key, lock, changes, next), List.of(token));
        if (!Long.valueOf(1).equals(swapped)) {
            throw new IllegalStateException("the rebuild outlived its lock (" + REBUILD_MS / 1000 + " s); the index was left as it was");
        }
        return deadlines.size();
    }

    Future<Long> size() {
        return redis.call(jedis -> jedis.zcard(key));
    }

    /** Tells {@code listener} each time Redis comes back after a loss or a restart; returns what stops it. */
    Runnable onRedisBack(Runnable listener) {
        return redis.onUp(listener);
    }
}

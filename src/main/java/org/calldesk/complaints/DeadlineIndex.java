package org.calldesk.complaints;

import io.vertx.core.Future;
import org.calldesk.platform.Redis;
import redis.clients.jedis.params.ZRangeParams;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The next escalation deadline of every complaint, as one Redis sorted set (member = complaint id,
 * score = epoch ms). A hint only: PostgreSQL decides, and the sweeper's fallback scan covers a lost index.
 */
final class DeadlineIndex {

    static final String KEY = "calldesk:complaints:deadlines";
    private static final int CHUNK = 10_000;

    private final Redis redis;

    DeadlineIndex(Redis redis) {
        this.redis = redis;
    }

    /** Records or clears (when {@code at} is null) a complaint's next deadline. */
    Future<Void> put(long complaintId, Instant at) {
        return redis.call(jedis -> {
            if (at == null) {
                jedis.zrem(KEY, Long.toString(complaintId));
            } else {
                jedis.zadd(KEY, at.toEpochMilli(), Long.toString(complaintId));
            }
            return (Void) null;
        });
    }

    /** Ids whose deadline has come, earliest first. */
    Future<List<Long>> due(Instant now, int limit) {
        return redis.call(jedis -> jedis.zrange(KEY, ZRangeParams.zrangeByScoreParams(Double.NEGATIVE_INFINITY, now.toEpochMilli())
                        .limit(0, limit))
                .stream().map(Long::parseLong).toList());
    }

    /** Replaces the whole index with what PostgreSQL says, in chunks so no single command gets huge. */
    Future<Void> rebuild(Map<Long, Instant> deadlines) {
        return redis.call(jedis -> {
            jedis.del(KEY);
            Map<String, Double> chunk = new HashMap<>();
            for (Map.Entry<Long, Instant> entry : deadlines.entrySet()) {
                chunk.put(Long.toString(entry.getKey()), (double) entry.getValue().toEpochMilli());
                if (chunk.size() == CHUNK) {
                    jedis.zadd(KEY, chunk);
                    chunk.clear();
                }
            }
            if (!chunk.isEmpty()) {
                jedis.zadd(KEY, chunk);
            }
            return (Void) null;
        });
    }

    Future<Long> size() {
        return redis.call(jedis -> jedis.zcard(KEY));
    }
}

package org.calldesk.agents;

import io.vertx.core.Future;
import org.calldesk.platform.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Counts failed logins per username in Redis. Past the limit, further attempts for that username are
 * refused until the window passes, whether or not the username exists. With Redis down, logins still
 * work, unthrottled: locking everyone out would be worse.
 */
public final class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    private final Redis redis;
    private final int maxFailures;
    private final int windowSeconds;

    public LoginThrottle(Redis redis, int maxFailures, int windowSeconds) {
        this.redis = redis;
        this.maxFailures = maxFailures;
        this.windowSeconds = windowSeconds;
    }

    /** Seconds until this username may try again, or 0 when it may try now. */
    public Future<Long> retryAfter(String username) {
        String key = key(username);
        return redis.call(jedis -> {
            String count = jedis.get(key);
            if (count == null || Long.parseLong(count) < maxFailures) {
                return 0L;
            }
            return Math.max(1L, jedis.ttl(key));
        }).recover(e -> {
            log.warn("login throttle unavailable ({}); allowing the attempt", e.getMessage());
            return Future.succeededFuture(0L);
        });
    }

    public Future<Void> failed(String username) {
        String key = key(username);
        return redis.call(jedis -> {
            long count = jedis.incr(key);
            if (count == 1) {
                jedis.expire(key, windowSeconds);
            }
            return count;
        }).<Void>mapEmpty().recover(e -> Future.succeededFuture());
    }

    public Future<Void> succeeded(String username) {
        return redis.call(jedis -> jedis.del(key(username))).<Void>mapEmpty().recover(e -> Future.succeededFuture());
    }

    private static String key(String username) {
        return "cd:login:fail:" + username.toLowerCase(Locale.ROOT);
    }

}

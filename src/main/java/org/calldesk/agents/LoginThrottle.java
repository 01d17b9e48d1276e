package org.calldesk.agents;

import io.vertx.core.Future;
import org.calldesk.platform.Redis;
import org.calldesk.platform.SecuritySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Slows down password guessing, per username and source address. Every attempt is counted as it starts, in one
 * step with the check, so guesses sent together cannot all pass the check before any is counted; a login that
 * succeeds forgets the count. Past {@code login_max_failures}, each further attempt must wait a delay that doubles
 * up to {@code login_delay_max_seconds}: a delay, never a lock, and kept per address, so that nobody can keep an
 * account's owner out from elsewhere. Whether or not the username exists, the answer is the same.
 * <p>
 * Each node also keeps the count of the attempts it saw in its own memory, and the longer of the two waits holds: with
 * Redis unavailable, or losing a connection in the middle of a burst, throttling on one node is far better than none,
 * and locking everyone out would be worse.
 */
public final class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    /** Enough for every address guessing at once on one node; past it, the oldest are forgotten first. */
    private static final int KEPT_IN_MEMORY = 100_000;

    /**
     * KEYS[1]: the attempts of one username from one address. ARGV: now (ms), failures allowed, first delay (ms),
     * longest delay (ms), how long to keep the count (ms). Returns the ms to wait, 0 when the attempt may go ahead.
     */
    private static final Redis.Script ATTEMPT = Redis.Script.of("""
            local now = tonumber(ARGV[1])
            local notBefore = tonumber(redis.call('HGET', KEYS[1], 'not_before') or '0')
            if now < notBefore then
              return notBefore - now
            end
            local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
            local allowed = tonumber(ARGV[2])
            if failures >= allowed then
              local delay = math.min(tonumber(ARGV[4]), tonumber(ARGV[3]) * 2 ^ math.min(failures - allowed, 30))
              redis.call('HSET', KEYS[1], 'not_before', string.format('%d', now + delay))
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            return 0
            """);

    private final Redis redis;
    private final int maxFailures;
    private final long firstDelayMs;
    private final long longestDelayMs;
    private final long keptMs;
    private final Clock clock;
    private final Map<String, Attempts> inMemory = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Attempts> eldest) {
            return size() > KEPT_IN_MEMORY;
        }
    };

    public LoginThrottle(Redis redis, SecuritySettings settings) {
        this(redis, settings, Clock.systemUTC());
    }

    public LoginThrottle(Redis redis, SecuritySettings settings, Clock clock) {
        this.redis = redis;
        this.maxFailures = settings.loginMaxFailures();
        this.firstDelayMs = settings.loginDelaySeconds() * 1000L;
        this.longestDelayMs = settings.loginDelayMaxSeconds() * 1000L;
        this.keptMs = settings.loginFailuresKeptSeconds() * 1000L;
        this.clock = clock;
    }

    /**
     * Counts an attempt to log in as {@code username} from {@code address} before its password is checked. Returns
     * the seconds to wait, or 0 when the attempt may go ahead (and is then counted as failed until it succeeds).
     */
    public Future<Long> attempt(String username, String address) {
        String key = key(username, address);
        long now = clock.millis();
        List<String> args = List.of(Long.toString(now), Integer.toString(maxFailures), Long.toString(firstDelayMs),
                Long.toString(longestDelayMs), Long.toString(keptMs));
        // This node's own count is kept whatever Redis answers: an attempt Redis did not count (down, or its
        // connection lost in the middle of a burst) is counted here all the same, so a burst split between the two
        // stores cannot pass the limit once in each. The longer wait of the two holds.
        long waitHere = attemptInMemory(key, now);
        // A Redis known to be down would only make every login wait for its timeout.
        Future<Long> counted = redis.isUp()
                ? redis.call(jedis -> (Long) ATTEMPT.run(jedis, List.of(key), args))
                : Future.failedFuture("Redis is down");
        return counted
                .recover(e -> {
                    log.debug("login throttle counting in memory only: Redis unavailable ({})", e.getMessage());
                    return Future.succeededFuture(0L);
                })
                .map(waitShared -> seconds(Math.max(waitShared, waitHere)));
    }

    /** The attempt was the right password: what was counted against this username from this address is forgotten. */
    public Future<Void> succeeded(String username, String address) {
        String key = key(username, address);
        synchronized (inMemory) {
            inMemory.remove(key);
        }
        return redis.call(jedis -> jedis.del(key)).<Void>mapEmpty().otherwiseEmpty();
    }

    /** The same rule as the script, over this node's attempts only. */
    private long attemptInMemory(String key, long now) {
        synchronized (inMemory) {
            Attempts attempts = inMemory.get(key);
            if (attempts == null || now - attempts.lastAt >= keptMs) {
                attempts = new Attempts();
                inMemory.put(key, attempts);
            }
            if (now < attempts.notBefore) {
                return attempts.notBefore - now;
            }
            attempts.failures++;
            attempts.lastAt = now;
            if (attempts.failures >= maxFailures) {
                attempts.notBefore = now + delay(attempts.failures);
            }
            return 0;
        }
    }

    private long delay(int failures) {
        int doublings = Math.min(failures - maxFailures, 30);
        return Math.min(longestDelayMs, firstDelayMs << doublings);
    }

    private static long seconds(long waitMs) {
        return waitMs <= 0 ? 0 : (waitMs + 999) / 1000;
    }

    // An address never holds '|', so no username can make its key another's.
    private static String key(String username, String address) {
        return "cd:login:attempts:" + address + "|" + username.toLowerCase(Locale.ROOT);
    }

    private static final class Attempts {
        int failures;
        long notBefore;
        long lastAt;
    }
}

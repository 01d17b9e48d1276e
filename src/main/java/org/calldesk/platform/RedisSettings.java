package org.calldesk.platform;

/** The {@code redis} config section; an empty {@code url} means the embedded Redis. */
public record RedisSettings(String url, int embeddedPort, int timeoutMs, long cacheReadTimeoutMs, int cacheTtlSeconds,
                            int workers, int checkMs) {

    public static RedisSettings from(ConfigSection root) {
        ConfigSection redis = root.section("redis");
        return new RedisSettings(redis.stringOrEmpty("url"), redis.nonNegativeInt("embedded_port"),
            redis.positiveInt("timeout_ms"), redis.positiveInt("cache_read_timeout_ms"), redis.positiveInt("cache_ttl_s"),
            redis.positiveInt("workers"), redis.positiveInt("check_ms"));
    }

    public boolean embedded() {
        return url.isEmpty();
    }
}

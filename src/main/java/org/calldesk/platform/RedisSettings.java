package org.calldesk.platform;

/** The {@code redis} config section; an empty {@code url} means the embedded Redis. */
public record RedisSettings(String url, int embeddedPort, int timeoutMs, long cacheReadTimeoutMs, int cacheTtlSeconds,
                            int workers, int checkMs) {

    public static RedisSettings from(ConfigSection root) {
        ConfigSection redis = root.section("redis");
        String url = redis.stringOrEmpty("url");
        // Checked here too, so that the start-up error names the key; the message leaves out the URL's password.
        if (!url.isEmpty() && !url.matches("(?i)rediss?://.+")) {
            throw redis.bad("url", "must start with redis:// or, for TLS, rediss://");
        }
        return new RedisSettings(url, redis.nonNegativeInt("embedded_port"),
            redis.positiveInt("timeout_ms"), redis.positiveInt("cache_read_timeout_ms"), redis.positiveInt("cache_ttl_s"),
            redis.positiveInt("workers"), redis.positiveInt("check_ms"));
    }

    public boolean embedded() {
        return url.isEmpty();
    }
}

package org.calldesk.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.net.URI;
import java.util.function.Function;

/**
 * The one door to Redis. Jedis blocks, so every call runs on the named "redis" worker pool, never on
 * an event loop. Redis holds caches and live state only: callers treat a failed future as "no cache".
 */
public final class Redis implements AutoCloseable {

    private final RedisClient client;
    private final WorkerExecutor workers;

    /**
     * @param url {@code redis://} or, for TLS, {@code rediss://}; over TLS the server's certificate must be trusted by
     *            the JVM (its cacerts, or {@code -Djavax.net.ssl.trustStore}) and name the URL's host
     */
    public Redis(Vertx vertx, String url, int timeoutMs, int workerCount) {
        URI uri = URI.create(url);
        DefaultJedisClientConfig.Builder clientConfig = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMs)
                .socketTimeoutMillis(timeoutMs)
                .ssl(tls(uri));
        if (uri.getUserInfo() != null) {
            String[] credentials = uri.getUserInfo().split(":", 2);
            if (credentials.length == 2) {
                if (!credentials[0].isEmpty()) {
                    clientConfig.user(credentials[0]);
                }
                clientConfig.password(credentials[1]);
            } else {
                clientConfig.password(credentials[0]);
            }
        }
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(workerCount * 2);
        pool.setMaxWait(java.time.Duration.ofMillis(timeoutMs));
        this.client = RedisClient.builder()
                .hostAndPort(new HostAndPort(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379))
                .clientConfig(clientConfig.build())
                .poolConfig(pool)
                .build();
        this.workers = vertx.createSharedWorkerExecutor("redis", workerCount);
    }

    /**
     * Whether the URL asks for TLS. Any scheme but the two is refused: host and port read from any URL, so an
     * unknown scheme used to connect in plain text without a word, as rediss:// did.
     */
    static boolean tls(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        return switch (scheme) {
            case "redis" -> false;
            case "rediss" -> true;
            default -> throw new IllegalArgumentException("a Redis URL must start with redis:// or, for TLS, rediss://, not "
                    + (scheme.isEmpty() ? "nothing" : scheme + "://"));
        };
    }

    /** Runs one Jedis interaction on the worker pool. */
    public <T> Future<T> call(Function<UnifiedJedis, T> command) {
        return workers.executeBlocking(() -> command.apply(client), false);
    }

    public Future<Boolean> ping() {
        return call(jedis -> "PONG".equalsIgnoreCase(jedis.ping()));
    }

    @Override
    public void close() {
        client.close();
        workers.close();
    }
}

package org.calldesk.platform;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The one door to Redis. Jedis blocks, so every call runs on the named "redis" worker pool, never on
 * an event loop. Redis holds caches and live state only: callers treat a failed future as "no cache".
 * <p>
 * It also watches Redis, so that what lives there can be put right after an outage: a check every
 * {@code check_ms}, and any call that loses its connection, tell it of a loss; the next check that answers
 * tells it of the recovery. A Redis that restarted between two checks (its run id changed) has lost its
 * data just the same, so that too counts as a recovery.
 */
public final class Redis implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Redis.class);

    private enum State { UNKNOWN, UP, DOWN }

    private final Vertx vertx;
    private final RedisClient client;
    private final WorkerExecutor workers;
    /** Where listeners are told, one at a time, never on a worker. */
    private final Context context;
    private final List<Runnable> downListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> upListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean checking = new AtomicBoolean();
    private final long checkTimer;
    private volatile boolean closed;

    // guarded by this
    private State state = State.UNKNOWN;
    private String runId;
    private long losses;
    private long downSince;

    /**
     * @param url {@code redis://} or, for TLS, {@code rediss://}; over TLS the server's certificate must be trusted by
     *            the JVM (its cacerts, or {@code -Djavax.net.ssl.trustStore}) and name the URL's host
     */
    public Redis(Vertx vertx, String url, int timeoutMs, int workerCount, long checkMs) {
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
        this.vertx = vertx;
        this.client = RedisClient.builder()
                .hostAndPort(new HostAndPort(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379))
                .clientConfig(clientConfig.build())
                .poolConfig(pool)
                .build();
        this.workers = vertx.createSharedWorkerExecutor("redis", workerCount);
        this.context = vertx.getOrCreateContext();
        this.checkTimer = vertx.setPeriodic(checkMs, id -> check());
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
        return workers.executeBlocking(() -> command.apply(client), false).onFailure(this::failed);
    }

    public Future<Boolean> ping() {
        return call(jedis -> "PONG".equalsIgnoreCase(jedis.ping()));
    }

    /** False from a loss until Redis answers a check again. */
    public synchronized boolean isUp() {
        return state != State.DOWN;
    }

    /**
     * Tells {@code listener}, on an event loop, each time Redis is found lost: writes made meanwhile are lost
     * with it. Returns what stops the telling.
     */
    public Runnable onDown(Runnable listener) {
        downListeners.add(listener);
        return () -> downListeners.remove(listener);
    }

    /**
     * Tells {@code listener}, on an event loop, each time Redis answers again after a loss, or is found to have
     * restarted: what it held may be stale or gone. Returns what stops the telling.
     */
    public Runnable onUp(Runnable listener) {
        upListeners.add(listener);
        return () -> upListeners.remove(listener);
    }

    // Only a lost connection says anything about Redis; a wrong-type reply or a script error is the caller's.
    private void failed(Throwable failure) {
        if (!closed && failure instanceof JedisConnectionException) {
            lost(failure.getMessage());
        }
    }

    private void check() {
        if (closed || !checking.compareAndSet(false, true)) {
            return;
        }
        long lossesBefore;
        synchronized (this) {
            lossesBefore = losses;
        }
        workers.executeBlocking(() -> runIdOf(client.info("server")), false).onComplete(result -> {
            checking.set(false);
            if (closed) {
                return;
            }
            if (result.succeeded()) {
                reached(result.result(), lossesBefore);
            } else {
                lost(result.cause().getMessage());
            }
        });
    }

    private void lost(String reason) {
        synchronized (this) {
            losses++;
            if (state == State.DOWN) {
                return;
            }
            state = State.DOWN;
            downSince = System.currentTimeMillis();
        }
        // Idle connections to a Redis that went away are dead too: each would fail one more call after it is back.
        workers.executeBlocking(() -> {
            client.getPool().clear();
            return null;
        }, false);
        log.warn("Redis lost ({}): caches read as misses and PostgreSQL answers until it is back", reason);
        tell(downListeners);
    }

    private void reached(String seenRunId, long lossesBefore) {
        String how;
        synchronized (this) {
            // A call lost its connection while this check was under way: the next check decides.
            if (losses != lossesBefore) {
                return;
            }
            boolean restarted = runId != null && seenRunId != null && !runId.equals(seenRunId);
            State before = state;
            runId = seenRunId;
            state = State.UP;
            if (before == State.DOWN) {
                how = "after " + (System.currentTimeMillis() - downSince) / 1000 + " s" + (restarted ? ", restarted" : "");
            } else if (restarted) {
                how = "restarted since the last check";
            } else {
                return;
            }
        }
        log.info("Redis is back ({}): what it holds is put right", how);
        tell(upListeners);
    }

    private void tell(List<Runnable> listeners) {
        context.runOnContext(v -> {
            for (Runnable listener : listeners) {
                try {
                    listener.run();
                } catch (RuntimeException e) {
                    log.warn("a Redis state listener failed: {}", e.toString());
                }
            }
        });
    }

    private static String runIdOf(String info) {
        return info.lines().filter(line -> line.startsWith("run_id:"))
                .map(line -> line.substring("run_id:".length()).trim())
                .findFirst().orElse(null);
    }

    @Override
    public void close() {
        closed = true;
        vertx.cancelTimer(checkTimer);
        client.close();
        workers.close();
    }

    /**
     * A Lua script, for what must be read and written in one step. Sent by its SHA1, and in full only when Redis
     * does not know it (the first time, or after a restart).
     */
    public record Script(String text, String sha) {

        public static Script of(String text) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
                return new Script(text, HexFormat.of().formatHex(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JVM has no SHA-1", e);
            }
        }

        public Object run(UnifiedJedis jedis, List<String> keys, List<String> args) {
            try {
                return jedis.evalsha(sha, keys, args);
            } catch (JedisNoScriptException e) {
                return jedis.eval(text, keys, args);
            }
        }
    }
}

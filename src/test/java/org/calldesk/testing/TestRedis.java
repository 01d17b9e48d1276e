package org.calldesk.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.calldesk.app.EmbeddedServices;
import redis.embedded.RedisServer;

/**
 * A Redis that the tests own, handed to the server as an external {@code redis.url}: fault tests stop it and
 * start it again at the same address, and the server finds out the way it would in production.
 */
public final class TestRedis implements AutoCloseable {

    private final int port = EmbeddedServices.freePort();
    private RedisServer redis;

    public static TestRedis start() {
        TestRedis test = new TestRedis();
        test.restart();
        return test;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts it again on the same port; does nothing while it runs. */
    public synchronized void restart() {
        if (redis != null) {
            return;
        }
        try {
            RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").build();
            server.start();
            redis = server;
        } catch (IOException e) {
            throw new UncheckedIOException("test Redis did not start on " + port, e);
        }
    }

    public synchronized void stop() {
        if (redis == null) {
            return;
        }
        try {
            redis.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("test Redis did not stop", e);
        } finally {
            redis = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}

package org.calldesk.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.calldesk.app.EmbeddedServices;
import redis.clients.jedis.Jedis;
import redis.embedded.RedisServer;

/**
 * A Redis that the tests own, handed to the server as an external {@code redis.url}: fault tests stop it and
 * start it again at the same address, and the server finds out the way it would in production.
 */
public final class TestRedis implements AutoCloseable {

    private final int port = EmbeddedServices.freePort();
    private RedisServer redis;
    private long pid;

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
            pid = processId();
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

    /**
     * Freezes the Redis process (SIGSTOP), as a hung host would: connections stay open and nothing answers, and
     * what it holds is still there when it {@linkplain #resume resumes}, unlike after {@link #stop}.
     */
    public synchronized void pause() {
        signal("STOP");
    }

    public synchronized void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        if (redis == null) {
            throw new IllegalStateException("test Redis is not running");
        }
        try {
            int exit = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Asked of Redis itself, while it answers: a paused one would not. */
    private long processId() {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            return jedis.info("server").lines().filter(line -> line.startsWith("process_id:"))
                .mapToLong(line -> Long.parseLong(line.substring("process_id:".length()).trim()))
                .findFirst().orElseThrow(() -> new IllegalStateException("test Redis did not say its process id"));
        }
    }

    @Override
    public void close() {
        stop();
    }
}

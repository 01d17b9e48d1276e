package org.calldesk.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedded PostgreSQL and Redis used when the configuration names no external server.
 * Both are real servers run as child processes; both listen on 127.0.0.1 only.
 * All methods block: call them from a worker thread.
 */
public final class EmbeddedServices {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServices.class);

    private EmbeddedPostgres postgres;
    private RedisServer redis;
    private int redisPort;
    private Path redisPidFile;

    /** Starts PostgreSQL with its data under {@code dataDir/postgres}, kept across restarts. */
    public String startPostgres(Path dataDir, int port, boolean durable) {
        try {
            return startPostgresOn(dataDir, port > 0 ? port : freePort(), durable);
        } catch (RuntimeException e) {
            if (port > 0) {
                throw e;
            }
            // A port we picked ourselves can be taken by another process before PostgreSQL binds it: pick again, once.
            log.warn("{}; trying another port", e.getMessage());
            return startPostgresOn(dataDir, freePort(), durable);
        }
    }

    private String startPostgresOn(Path dataDir, int port, boolean durable) {
        try {
            Path pgData = dataDir.resolve("postgres").toAbsolutePath();
            Files.createDirectories(pgData.getParent());
            stopLeftover(pgData.resolve("postmaster.pid"), "PostgreSQL");
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100")
                    // A write answered with success must survive a crash: keep PostgreSQL's own guarantees.
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            log.info("embedded PostgreSQL started on 127.0.0.1:{} with data in {}", postgres.getPort(), pgData);
            return "postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start: " + e.getMessage(), e);
        }
    }

    /** Starts Redis on 127.0.0.1 without persistence: it only holds caches and live state. */
    public String startRedis(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir.toAbsolutePath(), e);
        }
        redisPidFile = dataDir.resolve("redis.pid").toAbsolutePath();
        stopLeftover(redisPidFile, "Redis");
        redisPort = port > 0 ? port : freePort();
        try {
            startRedisOnKnownPort();
        } catch (UncheckedIOException e) {
            if (port > 0) {
                throw e;
            }
            // A port we picked ourselves can be taken by another process before Redis binds it: pick again, once.
            log.warn("{}; trying another port", e.getMessage());
            redisPort = freePort();
            startRedisOnKnownPort();
        }
        return "redis://127.0.0.1:" + redisPort;
    }

    private void startRedisOnKnownPort() {
        try {
            redis = RedisServer.newRedisServer()
                    .port(redisPort)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("protected-mode yes")
                    .setting("pidfile " + redisPidFile)
                    .build();
            redis.start();
            log.info("embedded Redis started on 127.0.0.1:{}", redisPort);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded Redis did not start: " + e.getMessage(), e);
        }
    }

    private void stopRedis() {
        if (redis != null) {
            try {
                redis.stop();
            } catch (IOException e) {
                log.warn("embedded Redis did not stop cleanly: {}", e.getMessage());
            }
            redis = null;
        }
    }

    public void stop() {
        stopRedis();
        if (postgres != null) {
            try {
                postgres.close();
                log.info("embedded PostgreSQL stopped");
            } catch (IOException e) {
                log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
            postgres = null;
        }
    }

    /**
     * A server left running by a calldesk that was killed without its shutdown hook (kill -9) still holds the
     * data directory; stop it so this start can take over, instead of failing or orphaning it for good.
     */
    private static void stopLeftover(Path pidFile, String what) {
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        try {
            String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            long pid = Long.parseLong(first);
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(process -> {
                String command = process.info().command().orElse("");
                if (!command.contains("postgres") && !command.contains("redis")) {
                    return;
                }
                log.warn("stopping {} left running by an earlier calldesk (pid {})", what, pid);
                process.destroy();
                try {
                    process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    process.destroyForcibly();
                }
            });
        } catch (IOException | NumberFormatException e) {
            log.debug("ignoring unreadable pid file {}: {}", pidFile, e.getMessage());
        }
    }

    /**
     * A loopback port that is free now, picked below the kernel's ephemeral range when there is room, so that
     * no outgoing connection (to PostgreSQL, Redis, the PBX) can take it between now and the moment a server binds it.
     */
    public static int freePort() {
        int below = ephemeralLow();
        if (below > 11_000) {
            var random = java.util.concurrent.ThreadLocalRandom.current();
            for (int attempt = 0; attempt < 50; attempt++) {
                int port = random.nextInt(10_000, below);
                // Ports handed out are not bound yet; never hand one out twice, or two servers would race for it.
                if (bindable(port) && HANDED_OUT.add(port)) {
                    return port;
                }
            }
        }
        for (int attempt = 0; ; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(socket.getLocalPort()) || attempt >= 10) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port the kernel hands to outgoing connections (Linux); 0 when unknown. */
    private static int ephemeralLow() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}

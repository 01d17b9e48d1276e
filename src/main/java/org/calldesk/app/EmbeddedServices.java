package org.calldesk.app;

import org.calldesk.platform.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The embedded PostgreSQL and Redis used when the configuration names no external server.
 * Both are real servers run as child processes from binaries kept in the data directory's private {@code bin/};
 * both listen on 127.0.0.1 only. Each is watched by a {@link Watchdog}, so neither outlives this JVM, and for the
 * server each is supervised: started again if it dies. Both ask for the passwords kept in
 * {@code data/credentials.properties} ({@link EmbeddedCredentials}), at the first start and at every restart.
 * Whoever starts one holds the data directory's lock file until {@link #stop()}, so that a second calldesk (or an
 * {@code admin} command) on the same directory is refused instead of stopping the first one's servers.
 * All methods block: call them from a worker thread.
 */
public final class EmbeddedServices {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServices.class);

    private final boolean takeOverLeftovers;
    /** Where restarts of servers that died are scheduled; null for a command, which does not supervise. */
    private final ScheduledExecutorService restarts;
    private final Duration restartMin;
    private final Duration restartMax;
    private EmbeddedChild postgres;
    private EmbeddedChild redis;
    private DataDirLock lock;
    private EmbeddedCredentials credentials;

    /**
     * For the server: a PostgreSQL or Redis left running by a calldesk that was killed is stopped and replaced, and
     * one that dies is started again after {@code restartMin}, doubling up to {@code restartMax} while it fails.
     */
    public EmbeddedServices(Duration restartMin, Duration restartMax) {
        this(true, Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "embedded-supervisor");
            thread.setDaemon(true);
            return thread;
        }), restartMin, restartMax);
    }

    private EmbeddedServices(boolean takeOverLeftovers, ScheduledExecutorService restarts, Duration restartMin,
                             Duration restartMax) {
        this.takeOverLeftovers = takeOverLeftovers;
        this.restarts = restarts;
        this.restartMin = restartMin;
        this.restartMax = restartMax;
    }

    /** For a one-off command run beside a server that may be up: it refuses where the server would take over. */
    static EmbeddedServices forCommand() {
        return new EmbeddedServices(false, null, null, null);
    }

    /** The data directory, another calldesk or PostgreSQL, or the configured port is taken: nothing was started. */
    public static final class InUse extends RuntimeException {
        InUse(String message) {
            super(message);
        }
    }

    /** Starts PostgreSQL with its data under {@code dataDir/postgres}, kept across restarts. */
    public String startPostgres(Path dataDir, int port, boolean durable) {
        hold(dataDir);
        Path pgData = dataDir.resolve("postgres").toAbsolutePath();
        leftover(pgData.resolve("postmaster.pid"), "PostgreSQL");
        EmbeddedPostgresAccess.refuseWithoutItsPasswords(pgData);
        EmbeddedCredentials passwords = credentials(dataDir);
        if (port > 0 && !bindable(port)) {
            throw new InUse("port " + port + " (database.embedded_port) is in use by another process");
        }
        Path binaries = binaries(dataDir, "postgres");
        try {
            return startPostgresOn(new PostgresProcess(pgData, binaries, port > 0 ? port : freePort(), durable, passwords));
        } catch (RuntimeException e) {
            if (port > 0) {
                throw e;
            }
            // A port we picked ourselves can be taken by another process before PostgreSQL binds it: pick again, once.
            log.warn("{}; trying another port", e.getMessage());
            return startPostgresOn(new PostgresProcess(pgData, binaries, freePort(), durable, passwords));
        }
    }

    private String startPostgresOn(PostgresProcess server) {
        postgres = start("PostgreSQL", server);
        log.info("embedded PostgreSQL started on 127.0.0.1:{} with data in {}", server.port(), server.dataDir());
        return "postgresql://127.0.0.1:" + server.port() + "/postgres";
    }

    /**
     * calldesk's own login to the embedded PostgreSQL started by {@link #startPostgres}: its role, which owns its
     * schema and nothing else, never the superuser.
     */
    public Database database(String url) {
        return new Database(url, EmbeddedCredentials.APP_ROLE, credentials.appPassword());
    }

    /** The passwords in {@code dataDir/credentials.properties}, made at the first start. */
    private synchronized EmbeddedCredentials credentials(Path dataDir) {
        if (credentials == null) {
            credentials = EmbeddedCredentials.loadOrCreate(dataDir);
        }
        return credentials;
    }

    /**
     * Starts Redis on 127.0.0.1 with its data kept in {@code dataDir/redis} (browser sessions, which outlive a restart;
     * caches and live state).
     */
    public String startRedis(Path dataDir, int port) {
        hold(dataDir);
        Path pidFile = dataDir.resolve("redis.pid").toAbsolutePath();
        leftover(pidFile, "Redis");
        EmbeddedCredentials passwords = credentials(dataDir);
        Path home = dataDir.resolve("redis").toAbsolutePath();
        Path binaries = binaries(dataDir, "redis");
        RedisProcess server = new RedisProcess(home, binaries, port > 0 ? port : freePort(), pidFile, passwords);
        try {
            redis = start("Redis", server);
        } catch (UncheckedIOException e) {
            if (port > 0) {
                throw e;
            }
            // As for PostgreSQL: our pick of a free port can lose a race for it; pick again, once.
            log.warn("{}; trying another port", e.getMessage());
            server = new RedisProcess(home, binaries, freePort(), pidFile, passwords);
            redis = start("Redis", server);
        }
        log.info("embedded Redis started on 127.0.0.1:{}", server.port());
        return "redis://:" + passwords.redisPassword() + "@127.0.0.1:" + server.port();
    }

    private EmbeddedChild start(String name, EmbeddedChild.Server server) {
        EmbeddedChild child = new EmbeddedChild(name, server, restarts, restartMin, restartMax);
        try {
            child.start();
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded " + name + " did not start: " + e.getMessage(), e);
        }
    }

    /** {@code dataDir/bin/<what>}: unpacked binaries, in a directory no other user may enter, never in /tmp. */
    private static Path binaries(Path dataDir, String what) {
        try {
            Path bin = PrivateDirs.create(dataDir.resolve("bin").toAbsolutePath());
            return PrivateDirs.create(bin.resolve(what));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDir.resolve("bin") + ": " + e.getMessage(), e);
        }
    }

    /** Stops Redis, then PostgreSQL: the database goes last. */
    public void stop() {
        if (redis != null) {
            redis.stop();
            redis = null;
        }
        if (postgres != null) {
            postgres.stop();
            postgres = null;
        }
        if (restarts != null) {
            restarts.shutdownNow();
        }
        release();
    }

    private synchronized void hold(Path dataDir) {
        if (lock == null) {
            lock = DataDirLock.take(dataDir);
        } else if (!lock.dir().equals(dataDir.toAbsolutePath().normalize())) {
            throw new IllegalStateException("already holding " + lock.dir() + ", not " + dataDir);
        }
    }

    private synchronized void release() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    /**
     * A server left running by a calldesk that was killed without its shutdown hook (kill -9) still holds the
     * data directory (we hold the lock, so its calldesk is gone). The server stops it so this start can take over,
     * instead of failing or orphaning it for good; a command only names it and starts nothing.
     */
    private void leftover(Path pidFile, String what) {
        if (takeOverLeftovers) {
            stopLeftover(pidFile, what);
            return;
        }
        livePid(pidFile).ifPresent(pid -> {
            throw new InUse(what + " (pid " + pid + ") is already running on " + pidFile.getParent() + ", though no"
                    + " calldesk holds the data directory: a calldesk killed without its shutdown may have left it;"
                    + " start and stop the server once to clean up, or stop that process");
        });
    }

    private static void stopLeftover(Path pidFile, String what) {
        livePid(pidFile).flatMap(ProcessHandle::of).ifPresent(process -> {
            log.warn("stopping {} left running by an earlier calldesk (pid {})", what, process.pid());
            process.destroy();
            try {
                process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        });
    }

    /** The pid a PostgreSQL or Redis pid file names, if that process is alive and is one of them. */
    private static java.util.Optional<Long> livePid(Path pidFile) {
        if (!Files.isRegularFile(pidFile)) {
            return java.util.Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).stream().findFirst().orElse("").trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(process -> {
                // A pid file that outlived a reboot can name an unrelated process that got the same pid.
                String command = process.info().command().orElse("");
                return command.contains("postgres") || command.contains("redis");
            }).map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            log.debug("ignoring unreadable pid file {}: {}", pidFile, e.getMessage());
            return java.util.Optional.empty();
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

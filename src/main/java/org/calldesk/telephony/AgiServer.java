package org.calldesk.telephony;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.SimpleMappingStrategy;
import org.asteriskjava.util.ServerSocketFacade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asterisk-Java's FastAGI server on {@code telephony.agi.host}:{@code port}, scripts mapped by name.
 * Its accept loop blocks for as long as it runs, so it gets a thread of its own; start and stop are
 * done on a Vert.x worker. Malformed or unknown requests are answered and closed by Asterisk-Java's
 * connection handler; the server goes on.
 *
 * <p>Sessions run on a pool of its own, sized by {@code telephony.agi}: a fixed number of threads and a queue in
 * front of them, so that a burst waits its turn instead of being refused (Asterisk-Java's pool has no queue), and
 * a connection silent for the idle timeout is closed instead of holding a thread for hours.
 */
public final class AgiServer {

    private static final Logger log = LoggerFactory.getLogger(AgiServer.class);
    private static final long START_TIMEOUT_MS = 5000;

    private final Vertx vertx;
    private final TelephonyConfig cfg;
    private final Map<String, AgiScript> scripts;
    private volatile DefaultAgiServer server;
    private volatile Exception startFailure;
    private volatile Thread accept;
    private volatile ThreadPoolExecutor sessions;
    private final AtomicLong refused = new AtomicLong();

    /**
     * How loaded the FastAGI pool is: sessions being served, connections waiting for a thread, connections refused
     * because even the queue was full.
     *
     * @param room how many connections the queue holds
     */
    public record Saturation(int busy, int threads, int waiting, int room, long refused) {

        /** Null while a new connection would get a thread at once; else what health reports. */
        public String problem() {
            if (busy < threads || waiting == 0) {
                return null;
            }
            return "FastAGI saturated: " + busy + " of " + threads + " threads busy, " + waiting + " of " + room
                + " queue places taken, " + refused + " refused since start";
        }
    }

    public AgiServer(Vertx vertx, TelephonyConfig cfg, Map<String, AgiScript> scripts) {
        this.vertx = vertx;
        this.cfg = cfg;
        this.scripts = Map.copyOf(scripts);
    }

    public Future<Void> start() {
        return vertx.executeBlocking(() -> {
            SimpleMappingStrategy mapping = new SimpleMappingStrategy();
            mapping.setMappings(cfg.agiAccess().guarding(scripts));
            TelephonyConfig.AgiLimits limits = cfg.agiLimits();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(limits.threads(), limits.threads(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(limits.queue()), sessionThreads());
            pool.allowCoreThreadTimeOut(true);
            sessions = pool;
            SignallingAgiServer agi = new SignallingAgiServer(mapping, pool, limits, refused, cfg.agiAccess());
            agi.setAddress(InetAddress.getByName(cfg.agiHost()));
            agi.setPort(cfg.agiPort());
            server = agi;
            Thread thread = new Thread(() -> {
                try {
                    agi.startup();
                } catch (IOException | RuntimeException e) {
                    startFailure = e;
                    log.error("FastAGI server on {}:{} stopped: {}", cfg.agiHost(), cfg.agiPort(), e.getMessage());
                }
            }, "fastagi-accept");
            thread.setDaemon(true);
            accept = thread;
            thread.start();
            long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
            while (!agi.bound.await(20, TimeUnit.MILLISECONDS)) {
                if (startFailure != null || !thread.isAlive() || System.currentTimeMillis() > deadline) {
                    throw new IOException("FastAGI cannot listen on " + cfg.agiHost() + ":" + cfg.agiPort()
                        + (startFailure == null ? "" : ": " + startFailure.getMessage()), startFailure);
                }
            }
            log.info("FastAGI listening on {}:{} with scripts {} for {}", cfg.agiHost(), cfg.agiPort(), scripts.keySet(),
                cfg.agiAccess());
            return null;
        });
    }

    public Future<Void> stop() {
        DefaultAgiServer agi = server;
        server = null;
        if (agi == null) {
            return Future.succeededFuture();
        }
        ThreadPoolExecutor pool = sessions;
        return vertx.executeBlocking(() -> {
            try {
                agi.shutdown();
            } catch (IllegalStateException alreadyStopped) {
                // shut down before it ever ran
            }
            // Nothing new is accepted; connections already accepted are still served, the idle timeout bounding them.
            pool.shutdown();
            return null;
        });
    }

    /** For health and operators: how busy the session pool is right now. */
    public Saturation saturation() {
        TelephonyConfig.AgiLimits limits = cfg.agiLimits();
        ThreadPoolExecutor pool = sessions;
        if (pool == null) {
            return new Saturation(0, limits.threads(), 0, limits.queue(), refused.get());
        }
        return new Saturation(pool.getActiveCount(), limits.threads(), pool.getQueue().size(), limits.queue(), refused.get());
    }

    /** For health: bound and its accept loop still running. */
    public boolean isListening() {
        return server != null && accept != null && accept.isAlive() && startFailure == null;
    }

    public int port() {
        return cfg.agiPort();
    }

    private static ThreadFactory sessionThreads() {
        AtomicLong count = new AtomicLong();
        return task -> {
            Thread thread = new Thread(task, "fastagi-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Tells when the accept socket is bound (DefaultAgiServer's startup() only returns when it stops), and runs each
     * connection from an allowed address on calldesk's pool, after its request has come, instead of Asterisk-Java's.
     */
    private static final class SignallingAgiServer extends DefaultAgiServer {
        private final CountDownLatch bound = new CountDownLatch(1);
        private final ThreadPoolExecutor pool;
        private final TelephonyConfig.AgiLimits limits;
        private final AtomicLong refused;
        private final AgiAccess access;
        private volatile AgiConnection.Listener listener;

        SignallingAgiServer(SimpleMappingStrategy mapping, ThreadPoolExecutor pool, TelephonyConfig.AgiLimits limits,
                            AtomicLong refused, AgiAccess access) {
            super(mapping);
            this.access = access;
            this.pool = pool;
            this.limits = limits;
            this.refused = refused;
        }

        @Override
        protected ServerSocketFacade createServerSocket() throws IOException {
            // As deep as the pool's queue and threads together: a burst's connections wait in the kernel before accept too.
            AgiConnection.Listener socket = new AgiConnection.Listener(getPort(), limits.threads() + limits.queue(),
                getAddress(), limits.idleTimeoutMs());
            listener = socket;
            // Addresses outside telephony.agi.allow are closed as they are accepted; the next accept is then the last.
            ServerSocketFacade admitted = access.admitting(socket);
            bound.countDown();
            return admitted;
        }

        /** Called on the accept thread right after the accept, with the handler of that connection. */
        @Override
        protected void execute(Runnable handler) {
            AgiConnection connection = listener.lastAccepted();
            if (isDie()) {
                connection.close();
                return;
            }
            try {
                pool.execute(() -> {
                    // A connection that never sends its request is closed here, before Asterisk-Java logs it as an error.
                    if (connection.awaitRequest()) {
                        handler.run();
                    } else {
                        log.info("FastAGI connection from {} sent no request in {} ms; closed",
                            connection.getRemoteAddress(), connection.silentMs());
                    }
                });
            } catch (RejectedExecutionException full) {
                refused.incrementAndGet();
                log.warn("FastAGI connection from {} refused: {} sessions busy and {} waiting", connection.getRemoteAddress(),
                    pool.getActiveCount(), pool.getQueue().size());
                // rethrown: Asterisk-Java releases (closes) the connection it could not run
                throw full;
            }
        }
    }
}

package org.calldesk.telephony;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    public AgiServer(Vertx vertx, TelephonyConfig cfg, Map<String, AgiScript> scripts) {
        this.vertx = vertx;
        this.cfg = cfg;
        this.scripts = Map.copyOf(scripts);
    }

    public Future<Void> start() {
        return vertx.executeBlocking(() -> {
            SimpleMappingStrategy mapping = new SimpleMappingStrategy();
            mapping.setMappings(cfg.agiAccess().guarding(scripts));
            SignallingAgiServer agi = new SignallingAgiServer(mapping, cfg.agiAccess());
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
        return vertx.executeBlocking(() -> {
            try {
                agi.shutdown();
            } catch (IllegalStateException alreadyStopped) {
                // shut down before it ever ran
            }
            return null;
        });
    }

    /** For health: bound and its accept loop still running. */
    public boolean isListening() {
        return server != null && accept != null && accept.isAlive() && startFailure == null;
    }

    public int port() {
        return cfg.agiPort();
    }

    /**
     * Tells when the accept socket is bound (DefaultAgiServer's startup() only returns when it stops), and hands
     * the server only connections from allowed addresses.
     */
    private static final class SignallingAgiServer extends DefaultAgiServer {
        private final CountDownLatch bound = new CountDownLatch(1);
        private final AgiAccess access;

        SignallingAgiServer(SimpleMappingStrategy mapping, AgiAccess access) {
            super(mapping);
            this.access = access;
        }

        @Override
        protected ServerSocketFacade createServerSocket() throws IOException {
            ServerSocketFacade socket = access.admitting(super.createServerSocket());
            bound.countDown();
            return socket;
        }
    }
}

package org.calldesk.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One embedded server process (PostgreSQL or Redis) that calldesk started: a {@link Watchdog} stops it if calldesk
 * dies, and, when supervised, it is started again if it dies on its own, after a delay that doubles per failed
 * attempt. Each loss is logged at WARN and each recovery at INFO.
 */
final class EmbeddedChild {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedChild.class);

    /** How one kind of server is started and stopped. All calls block. */
    interface Server {
        /** Starts the server and answers its process once it takes connections. */
        ProcessHandle start() throws IOException;

        /** Stops the server started last, and waits for it to end. */
        void stop() throws IOException;

        /** What the server's process needs to stop cleanly from outside: INT or TERM. */
        String stopSignal();
    }

    private final String name;
    private final Server server;
    private final ScheduledExecutorService restarts;
    private final Duration restartMin;
    private final Duration restartMax;
    private ProcessHandle process;
    private Watchdog watchdog;
    private boolean stopped;
    private Duration nextDelay;

    /** {@code restarts} null: not supervised, a server that dies stays down (for one-off commands). */
    EmbeddedChild(String name, Server server, ScheduledExecutorService restarts, Duration restartMin, Duration restartMax) {
        this.name = name;
        this.server = server;
        this.restarts = restarts;
        this.restartMin = restartMin;
        this.restartMax = restartMax;
        this.nextDelay = restartMin;
    }

    /** The first start: a failure is the caller's to report. */
    synchronized void start() throws IOException {
        adopt(server.start());
    }

    private void adopt(ProcessHandle started) {
        process = started;
        watchdog = Watchdog.guard(started, server.stopSignal(), 10);
        if (restarts != null) {
            started.onExit().thenAccept(this::exited);
        }
    }

    private synchronized void exited(ProcessHandle gone) {
        if (stopped || gone != process) {
            return;
        }
        watchdog.release();
        log.warn("embedded {} (pid {}) exited unexpectedly; starting it again in {} ms", name, gone.pid(), nextDelay.toMillis());
        restartLater();
    }

    private void restartLater() {
        long delay = nextDelay.toMillis();
        nextDelay = nextDelay.multipliedBy(2).compareTo(restartMax) > 0 ? restartMax : nextDelay.multipliedBy(2);
        restarts.schedule(this::restart, delay, TimeUnit.MILLISECONDS);
    }

    private synchronized void restart() {
        if (stopped) {
            return;
        }
        try {
            adopt(server.start());
            nextDelay = restartMin;
            log.info("embedded {} is running again (pid {})", name, process.pid());
        } catch (IOException | RuntimeException e) {
            log.warn("embedded {} did not start again: {}; next attempt in {} ms", name, e.getMessage(), nextDelay.toMillis());
            restartLater();
        }
    }

    /** Stops the server for good: no restart after this. */
    synchronized void stop() {
        stopped = true;
        if (process == null) {
            return;
        }
        try {
            if (process.isAlive()) {
                server.stop();
                log.info("embedded {} stopped", name);
            } else {
                log.info("embedded {} was down already", name);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("embedded {} did not stop cleanly: {}", name, e.getMessage());
        } finally {
            watchdog.release();
            process = null;
        }
    }
}

package org.calldesk.telephony;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.DefaultManagerConnection;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerEventListener;
import org.asteriskjava.manager.TimeoutException;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.EventGeneratingAction;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.action.QueueStatusAction;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the AMI connection. Asterisk-Java's reader thread only converts events and hands them to this
 * verticle's context; logins and actions run on the {@code ami} worker pool.
 *
 * <p>Reconnecting is done here rather than by Asterisk-Java: its own loop retries on a fixed 5 s beat and
 * tells the application nothing, while we want a 1 s doubling back-off, a clear last error for /health,
 * and a full resync after every connect. Each attempt uses a fresh connection; a dropped one is logged
 * off so that its built-in reconnect thread stops.
 */
public class AmiBridge extends VerticleBase implements AmiActions {

    private static final Logger log = LoggerFactory.getLogger(AmiBridge.class);

    private static final long SLOW_SUBSCRIBER_MS = 20;
    private static final long SLOW_WARNING_EVERY_NANOS = 10_000_000_000L;

    private final TelephonyConfig cfg;
    private long lastSlowWarning = System.nanoTime() - SLOW_WARNING_EVERY_NANOS;
    private final List<Consumer<CallEvent>> subscribers = new CopyOnWriteArrayList<>();
    private WorkerExecutor workers;
    private volatile ManagerConnection current;
    private volatile boolean up;
    private volatile String lastError = "not connected yet";
    private long backoffMs;
    private long retryTimer = -1;
    private long pingTimer = -1;
    private boolean stopping;
    /** False on a cluster node that waits for the AMI link: it then gets events from the holder, and asks it to act. */
    private volatile boolean holding = true;
    private volatile AmiUplink uplink;
    /** Raised on the bridge's context by each takeLink and dropLink: a login begun before is logged off, not used. */
    private int linkTerm;

    public AmiBridge(TelephonyConfig cfg) {
        this.cfg = cfg;
        this.backoffMs = cfg.reconnectMinMs();
    }

    @Override
    public Future<?> start() {
        // Each AMI action holds a thread until Asterisk answers; a shift of agents logging in at once needs room.
        workers = vertx.createSharedWorkerExecutor("ami", 16);
        if (holding) {
            connect();
        }
        // The server starts even when Asterisk is down: health reports it and the bridge keeps trying.
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
        }
        stopPinging();
        ManagerConnection conn = current;
        current = null;
        up = false;
        Future<Void> closed = conn == null ? Future.succeededFuture() : workers.executeBlocking(() -> {
            quietLogoff(conn);
            return null;
        });
        return closed.eventually(() -> workers.close());
    }

    /**
     * Makes this bridge wait for the AMI link instead of connecting at start (a cluster node while another holds
     * the link): until {@link #takeLink}, actions and route decisions go to the holder through {@code uplink}, and
     * the holder's events come in through {@link #feed}. Call it before deploying the bridge.
     */
    public void standBy(AmiUplink uplink) {
        this.uplink = uplink;
        this.holding = false;
    }

    /** This node now holds the link (it won the cluster's lock): connects, resyncs, and reads events from now on. */
    public void takeLink() {
        if (holding) {
            return;
        }
        // At once: from now on actions and route decisions are this node's own, and the holder's stream is ignored.
        holding = true;
        context.runOnContext(v -> {
            linkTerm++;
            log.info("this node holds the AMI link now");
            connect();
        });
    }

    /**
     * This node gives the link up (a cluster node that lost its quorum), back to how {@link #standBy} left it: at once,
     * actions and route decisions go to the holder through the uplink again and the holder's events come in through
     * {@link #feed}; the AMI connection is logged off and not retried, and this node's subscribers get a
     * {@link CallEvent.LinkDown} (originations in flight fail). Completes once logged off. Until {@link #takeLink}.
     */
    public Future<Void> dropLink(String reason) {
        if (!holding || uplink == null) {
            return Future.succeededFuture();
        }
        holding = false;
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            linkTerm++;
            if (retryTimer >= 0) {
                vertx.cancelTimer(retryTimer);
                retryTimer = -1;
            }
            stopPinging();
            ManagerConnection conn = current;
            current = null;
            up = false;
            lastError = reason;
            backoffMs = cfg.reconnectMinMs();
            log.warn("AMI link given up: {}", reason);
            publish(new CallEvent.LinkDown(Instant.now(), reason));
            if (conn == null) {
                done.complete();
                return;
            }
            workers.<Void>executeBlocking(() -> {
                quietLogoff(conn);
                return null;
            }, false).onComplete(x -> done.complete());
        });
        return done.future();
    }

    /** Whether this node holds the AMI link (always, outside a cluster). */
    public boolean holdsLink() {
        return holding;
    }

    /** An event the holder read, handed to this node's subscribers as if read here; ignored once this node holds the link. */
    public void feed(CallEvent event) {
        feed(List.of(event));
    }

    /** Events the holder read, in order, handed to this node's subscribers as if read here (not once this node holds the link). */
    public void feed(List<CallEvent> events) {
        context.runOnContext(v -> {
            for (CallEvent event : events) {
                if (!holding) {
                    publish(event);
                }
            }
        });
    }

    /** Subscribers run on the bridge's context, in the order events were read. */
    public void onEvent(Consumer<CallEvent> subscriber) {
        subscribers.add(subscriber);
    }

    /** Runs work on the bridge's context, e.g. to touch {@link LiveCalls} from another thread. */
    public void runOnBridge(Runnable work) {
        context.runOnContext(v -> work.run());
    }

    /**
     * Hands an event that did not come off the wire (the route script's decision) to the subscribers, on the
     * bridge's context and in line with the AMI events.
     */
    public void inject(CallEvent event) {
        AmiUplink to = uplink;
        if (!holding && to != null && event instanceof CallEvent.Routed) {
            // The holder applies it and sends it back with its stream, in line with the AMI events.
            to.forward(event);
            return;
        }
        context.runOnContext(v -> publish(event));
    }

    /**
     * Computes something on the bridge's context (a board snapshot of {@link LiveCalls}) for any thread. The
     * result comes back on the caller's context, so what the caller does next never runs on the bridge.
     */
    public <T> Future<T> callOnBridge(Supplier<T> work) {
        // A caller off Vert.x (a test, the command line) has no context to return to: it gets the bridge's.
        Context caller = Vertx.currentContext() == null ? context : Vertx.currentContext();
        Promise<T> result = Promise.promise();
        context.runOnContext(v -> {
            T value;
            try {
                value = work.get();
            } catch (RuntimeException e) {
                caller.runOnContext(x -> result.fail(e));
                return;
            }
            caller.runOnContext(x -> result.complete(value));
        });
        return result.future();
    }

    public boolean isUp() {
        return holding ? up : uplink.problem() == null;
    }

    /** Why the link is down, or null when it is up (on a node that waits for the link: the holder's). */
    public String lastError() {
        if (!holding) {
            return uplink.problem();
        }
        return up ? null : lastError;
    }

    /** Sends an action on a worker; the Future fails if the link is down or no reply came in time. */
    @Override
    public Future<ManagerResponse> send(ManagerAction action) {
        if (!holding) {
            return uplink.send(action);
        }
        ManagerConnection conn = current;
        if (conn == null || !up) {
            return Future.failedFuture(new IllegalStateException("AMI link is down: " + lastError));
        }
        return workers.executeBlocking(() -> conn.sendAction(action, cfg.actionTimeoutMs()), false);
    }

    /** Sends an event-list action (QueueStatus, CoreShowChannels...) and collects its events. */
    public Future<List<ResponseEvent>> sendForEvents(EventGeneratingAction action) {
        ManagerConnection conn = current;
        if (conn == null || !up) {
            return Future.failedFuture(new IllegalStateException("AMI link is down: " + lastError));
        }
        return workers.executeBlocking(() -> {
            var result = conn.sendEventGeneratingAction(action, cfg.actionTimeoutMs());
            if (result.getResponse() instanceof ManagerError error) {
                throw new AmiActionException(action.getAction(), error.getMessage());
            }
            return List.copyOf(result.getEvents());
        }, false);
    }

    /** Moves a waiting caller to a new queue priority; {@code immediate} also moves its position. */
    public Future<ManagerResponse> changePriority(String queue, String callerChannel, int priority,
                                                  boolean immediate) {
        return sendOk(new ChangePriorityCallerAction(queue, callerChannel, priority, immediate));
    }

    /** Rebuilds members and waiting callers (QueueStatus) and live channels (CoreShowChannels). */
    public Future<Void> resync() {
        return snapshot()
            .onSuccess(items -> {
                log.info("AMI resync: {} members, entries and channels", items.size() - 1);
                items.forEach(this::publish);
            })
            .onFailure(e -> log.warn("AMI resync failed: {}", e.getMessage()))
            .mapEmpty();
    }

    /**
     * What a resync reads (members and waiting callers, live channels, then {@link CallEvent.ResyncComplete}), without
     * handing it to this node's subscribers: for a cluster node that joins late.
     */
    public Future<List<CallEvent>> snapshot() {
        // Events carry Asterisk-Java's millisecond read time; a finer start would call fresh items stale.
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return sendForEvents(new QueueStatusAction())
            .compose(queues -> sendForEvents(new CoreShowChannelsAction()).map(channels -> {
                List<CallEvent> items = new ArrayList<>();
                // Channels first: they tell which Linkedid each waiting caller's Uniqueid belongs to.
                for (ResponseEvent e : channels) {
                    CallEvents.from(e).ifPresent(items::add);
                }
                for (ResponseEvent e : queues) {
                    CallEvents.from(e).ifPresent(items::add);
                }
                items.add(new CallEvent.ResyncComplete(Instant.now(), startedAt));
                return items;
            }));
    }

    private void connect() {
        if (stopping || !holding) {
            return;
        }
        int term = linkTerm;
        workers.<ManagerConnection>executeBlocking(this::login, false)
            .onSuccess(conn -> linkUp(conn, term))
            .onFailure(e -> attemptFailed(e, term));
    }

    private ManagerConnection login() throws Exception {
        ManagerConnectionFactory factory = new ManagerConnectionFactory(cfg.amiHost(), cfg.amiPort(),
            cfg.amiUsername(), cfg.amiSecret());
        // TLS as Asterisk-Java does it: the JVM's default trust store checks the PBX's certificate, but not the host
        // name it was issued for (telephony/README.md says how to trust only the PBX's own certificate).
        ManagerConnection conn = cfg.amiTls() ? factory.createSecureManagerConnection() : factory.createManagerConnection();
        if (conn instanceof DefaultManagerConnection dmc) {
            dmc.setDefaultResponseTimeout(cfg.actionTimeoutMs());
            dmc.setDefaultEventTimeout(cfg.actionTimeoutMs());
        }
        conn.addEventListener(listenerFor(conn));
        try {
            conn.login();
            return conn;
        } catch (Exception e) {
            quietLogoff(conn);
            throw e;
        }
    }

    /** Runs on Asterisk-Java's reader thread: convert, hand off, nothing else. */
    private ManagerEventListener listenerFor(ManagerConnection conn) {
        return event -> {
            // Our Originates go out through sendAction, so their OriginateResponse carries an internal id as well;
            // but nothing waits for it there: it comes long after the action's reply, for the originations.
            if (event instanceof OriginateResponseEvent) {
                CallEvents.from(event).ifPresent(ce -> context.runOnContext(v -> fromWire(conn, ce)));
                return;
            }
            // Answers to our own list actions come back through sendForEvents; skip them here.
            if (event instanceof ResponseEvent re && re.getInternalActionId() != null) {
                return;
            }
            CallEvents.from(event).ifPresent(ce -> context.runOnContext(v -> fromWire(conn, ce)));
        };
    }

    private void fromWire(ManagerConnection conn, CallEvent event) {
        if (conn != current) {
            return;
        }
        if (event instanceof CallEvent.LinkDown) {
            linkDown(conn, "AMI link to " + cfg.amiHost() + ":" + cfg.amiPort() + " lost");
            return;
        }
        publish(event);
    }

    private void linkUp(ManagerConnection conn, int term) {
        if (stopping || term != linkTerm) {
            workers.executeBlocking(() -> {
                quietLogoff(conn);
                return null;
            });
            return;
        }
        current = conn;
        up = true;
        lastError = null;
        backoffMs = cfg.reconnectMinMs();
        log.info("AMI connected to {}:{}{} as {}", cfg.amiHost(), cfg.amiPort(), cfg.amiTls() ? " over TLS" : "",
            cfg.amiUsername());
        publish(new CallEvent.LinkUp(Instant.now()));
        resyncUntilDone(conn);
        startPinging(conn);
    }

    /** A resync that times out leaves boards wrong until the next reconnect, so it is retried. */
    private void resyncUntilDone(ManagerConnection conn) {
        if (conn != current || stopping) {
            return;
        }
        resync().onFailure(e -> {
            if (conn == current && !stopping) {
                vertx.setTimer(cfg.reconnectMinMs(), id -> resyncUntilDone(conn));
            }
        });
    }

    /**
     * Asterisk-Java has no keep-alive: a link that hangs without closing (a dead host, a dropped route)
     * would look up for ever. A Ping that gets no answer counts as the link lost.
     */
    private void startPinging(ManagerConnection conn) {
        stopPinging();
        if (cfg.pingMs() <= 0) {
            return;
        }
        pingTimer = vertx.setPeriodic(cfg.pingMs(), id -> {
            if (conn != current) {
                return;
            }
            send(new PingAction()).onFailure(e -> {
                if (conn == current) {
                    linkDown(conn, "AMI at " + cfg.amiHost() + ":" + cfg.amiPort() + " stopped answering ("
                        + e.getMessage() + ")");
                }
            });
        });
    }

    private void stopPinging() {
        if (pingTimer >= 0) {
            vertx.cancelTimer(pingTimer);
            pingTimer = -1;
        }
    }

    private void linkDown(ManagerConnection conn, String reason) {
        stopPinging();
        current = null;
        up = false;
        lastError = reason;
        log.warn("{}; reconnecting in {} ms", reason, backoffMs);
        publish(new CallEvent.LinkDown(Instant.now(), reason));
        workers.executeBlocking(() -> {
            quietLogoff(conn);
            return null;
        }, false);
        scheduleReconnect();
    }

    private void attemptFailed(Throwable failure, int term) {
        if (term != linkTerm) {
            return;
        }
        lastError = describe(failure);
        up = false;
        log.warn("AMI login failed: {}; next attempt in {} ms", lastError, backoffMs);
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (stopping) {
            return;
        }
        long delay = backoffMs;
        backoffMs = Math.min(backoffMs * 2, cfg.reconnectMaxMs());
        retryTimer = vertx.setTimer(delay, id -> {
            retryTimer = -1;
            connect();
        });
    }

    private void publish(CallEvent event) {
        for (Consumer<CallEvent> subscriber : subscribers) {
            long started = System.nanoTime();
            try {
                subscriber.accept(event);
            } catch (RuntimeException e) {
                log.error("event subscriber failed on {}", event, e);
            }
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            if (tookMs >= SLOW_SUBSCRIBER_MS) {
                warnSlow(event, tookMs);
            }
        }
    }

    /** Every event waits for the one before it: a slow subscriber delays the next pop, so it is named. */
    private void warnSlow(CallEvent event, long tookMs) {
        long now = System.nanoTime();
        if (now - lastSlowWarning >= SLOW_WARNING_EVERY_NANOS) {
            lastSlowWarning = now;
            log.warn("an AMI event subscriber took {} ms on {}; later events waited for it", tookMs,
                event.getClass().getSimpleName());
        }
    }

    private String describe(Throwable e) {
        String where = cfg.amiHost() + ":" + cfg.amiPort();
        return switch (e) {
            case AuthenticationFailedException a -> "authentication failed for AMI user '" + cfg.amiUsername()
                + "' at " + where;
            case ConnectException c -> "connection refused " + where;
            case UnknownHostException u -> "unknown AMI host " + cfg.amiHost();
            case NoRouteToHostException n -> "no route to AMI host " + where;
            case TimeoutException t -> "no answer from AMI at " + where + " (" + t.getMessage() + ")";
            case IOException io -> "AMI at " + where + ": " + io.getMessage();
            default -> "AMI at " + where + ": " + e;
        };
    }

    private static void quietLogoff(ManagerConnection conn) {
        try {
            conn.logoff();
        } catch (RuntimeException ignored) {
            // already disconnected: nothing to stop
        }
    }

    /** Asterisk answered an action with {@code Response: Error}. */
    public static final class AmiActionException extends RuntimeException {
        private final String asteriskMessage;

        public AmiActionException(String action, String message) {
            super(action + " failed: " + message);
            this.asteriskMessage = message == null ? "" : message;
        }

        /** Asterisk's own {@code Message:} text, e.g. "Unable to add interface: Already there". */
        public String asteriskMessage() {
            return asteriskMessage;
        }
    }
}

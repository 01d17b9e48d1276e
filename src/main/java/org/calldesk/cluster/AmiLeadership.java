package org.calldesk.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import io.vertx.core.spi.cluster.ClusterManager;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.response.ManagerResponse;
import org.calldesk.platform.Conflict;
import org.calldesk.platform.Forbidden;
import org.calldesk.platform.NotFound;
import org.calldesk.telephony.AmiBridge;
import org.calldesk.telephony.AmiUplink;
import org.calldesk.telephony.CallEvent;
import org.calldesk.telephony.LiveCall;
import org.calldesk.telephony.LiveCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Which node holds the AMI link, and how the others live without it.
 *
 * <p>Every node asks for the cluster-wide lock {@value #LOCK} (a Vert.x shared-data lock on the Hazelcast cluster
 * manager, a lock on a Hazelcast map key). The node that gets it holds the link until it stops or dies: Hazelcast
 * frees a dead member's locks once it has missed heartbeats for {@code cluster.lease_s}, and the next node waiting
 * takes the link, resyncs from Asterisk and reads the queue_log, as after any reconnect.
 *
 * <p>The holder publishes every event its bridge hands to its subscribers (AMI events, resyncs, route decisions) on
 * the clustered event bus; the others feed them to their own bridge, so their live calls, agent states and boards
 * follow the holder's. The others' AMI actions and route decisions travel to the holder, which answers; a node that
 * joins asks the holder for a snapshot (a resync's items and the routes of the calls live), as a bridge does after
 * a reconnect. A beat from the holder every second tells the others who holds the link and whether it is up.
 *
 * <p>Against a network split ({@code cluster.quorum}): Hazelcast would then form two sub-clusters, each with a lock of
 * its own. A node asks for the lock only while it sees at least the quorum of members, itself included; the holder
 * watches the members (a Hazelcast membership listener, and a check every second) and, when it sees fewer, drops its
 * AMI link, frees the lock and asks again once it sees enough. With a majority as quorum, only one side of a split can
 * hold the link.
 */
public final class AmiLeadership {

    private static final Logger log = LoggerFactory.getLogger(AmiLeadership.class);

    static final String LOCK = "calldesk.ami-link";
    static final String EVENTS = "calldesk.cluster.events";
    static final String BEAT = "calldesk.cluster.holder";
    static final String ACTIONS = "calldesk.cluster.ami-actions";
    static final String ROUTED = "calldesk.cluster.routed";
    static final String SNAPSHOT = "calldesk.cluster.snapshot";
    /** Followed by a shared part's name: the holder's changes of that part, published. */
    static final String SHARED = "calldesk.cluster.shared.";
    /** Followed by a shared part's name: requests to the holder about that part. */
    static final String ASK = "calldesk.cluster.ask.";

    private static final long LOCK_WAIT_MS = 2000;
    private static final long BEAT_EVERY_MS = 1000;
    /** No beat for this long: no node holds the link (the holder died and its lease has not run out yet). */
    private static final long BEAT_LOST_MS = 3500;
    private static final long SNAPSHOT_RETRY_MS = 1000;

    private final Vertx vertx;
    private final AmiBridge bridge;
    private final LiveCalls live;
    private final String http;
    private final long actionTimeoutMs;
    private final ClusterManager manager;
    private final String nodeId;
    private final int quorum;
    /** How many members this node sees, itself included (a test's own view in AmiLeadershipTest). */
    private volatile IntSupplier membersSeen;
    private Runnable stopWatching = () -> { };
    private long quorumTimer = -1;
    private boolean waitingForQuorum;
    private boolean givingUp;
    private boolean catchingUp;
    private Context context;
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private final List<MessageConsumer<?>> holderConsumers = new CopyOnWriteArrayList<>();
    private Supplier<Future<Void>> beforeTaking = Future::succeededFuture;
    private final Map<String, Shared> shared = new LinkedHashMap<>();
    /** The holder's events read in this turn of the bridge's loop, not yet sent to the others; bridge's context only. */
    private final List<CallEvent> outgoing = new ArrayList<>();
    private volatile boolean stopped;
    private volatile Lock lock;
    private volatile Instant heldSince;
    private volatile JsonObject lastBeat;
    private volatile long lastBeatAt;
    private long beatTimer = -1;
    private long retryTimer = -1;
    private volatile boolean caughtUp;

    /**
     * @param http            this node's HTTP address, for /health
     * @param actionTimeoutMs how long an AMI action may take on the holder's link
     * @param quorum          members this node must see, itself included, to take or keep the link
     *                        ({@link ClusterSettings#quorumNeeded()})
     */
    public AmiLeadership(Vertx vertx, AmiBridge bridge, LiveCalls live, String http, long actionTimeoutMs, int quorum) {
        this.vertx = vertx;
        this.bridge = bridge;
        this.live = live;
        this.http = http;
        this.actionTimeoutMs = actionTimeoutMs;
        this.manager = ClusterVertx.manager(vertx);
        if (manager == null) {
            throw new IllegalStateException("cluster.enabled needs a clustered Vert.x");
        }
        this.nodeId = manager.getNodeId();
        this.quorum = Math.max(1, quorum);
        this.membersSeen = () -> manager.getNodes().size();
        SerialCodec.register(vertx.eventBus());
        EventCodec.register(vertx.eventBus());
        // Before the bridge is deployed: it must not connect at start, only once this node holds the lock.
        bridge.standBy(uplink());
    }

    /**
     * State the holder keeps beside the live calls (wrap-ups and their deadlines, say), of which the other nodes keep
     * a replica: the holder publishes each change ({@link #publish}), a node that joins gets all of it with the
     * snapshot, and any node may ask the holder to change it ({@link #ask}). Calls run on an event-loop context.
     */
    public interface Shared {
        /** On the holder: all of it, for a node that joins. */
        JsonObject snapshot();

        /** On another node: the holder's snapshot. */
        void restore(JsonObject snapshot);

        /** On another node: one change the holder published. */
        void apply(JsonObject change);

        /** On the holder: another node's request. A failure that is a domain error goes back as that error. */
        Future<JsonObject> answer(JsonObject request);
    }

    /** Shares a part of the holder's state under {@code name}; before {@link #start}. */
    public AmiLeadership share(String name, Shared part) {
        shared.put(name, part);
        return this;
    }

    /**
     * On the holder: tells the other nodes of one change of the shared part {@code name} (nothing elsewhere). Changes
     * carry a version, so a replica takes them in any order relative to the call events.
     */
    public void publish(String name, JsonObject change) {
        if (bridge.holdsLink()) {
            vertx.eventBus().publish(SHARED + name, change);
        }
    }

    /**
     * Asks the holder to act on the shared part {@code name} and gives its answer; fails with the holder's domain
     * error (a {@link Conflict}...), or with an {@link IllegalStateException} saying that no node holds the AMI
     * link or that the holder did not answer in time.
     */
    public Future<JsonObject> ask(String name, JsonObject request) {
        long timeout = actionTimeoutMs + 2000;
        return vertx.eventBus().<JsonObject>request(ASK + name, request, new DeliveryOptions().setSendTimeout(timeout))
                .map(io.vertx.core.eventbus.Message::body)
                .recover(e -> Future.failedFuture(asked(name, request.getString("op"), timeout, e)));
    }

    /** Runs when this node got the lock, before its bridge connects (the queue_log reader is deployed then). */
    public AmiLeadership beforeTaking(Supplier<Future<Void>> work) {
        this.beforeTaking = work;
        return this;
    }

    /**
     * Listens to the holder's stream and beat, then asks for the lock (and, until it gets it, for a snapshot). Call it
     * once the bridge is deployed.
     */
    public Future<Void> start() {
        context = vertx.getOrCreateContext();
        bridge.onEvent(this::broadcast);
        MessageConsumer<EventCodec.Batch> events = vertx.eventBus().consumer(EVENTS, msg -> {
            if (!bridge.holdsLink()) {
                bridge.feed(msg.body().events());
            }
        });
        MessageConsumer<JsonObject> beats = vertx.eventBus().consumer(BEAT, msg -> {
            if (nodeId.equals(msg.body().getString("node")) && !bridge.holdsLink()) {
                return; // one of its own, from before it gave the link up
            }
            lastBeat = msg.body();
            lastBeatAt = System.currentTimeMillis();
        });
        consumers.add(events);
        consumers.add(beats);
        List<Future<Void>> registered = new ArrayList<>(List.of(events.completion(), beats.completion()));
        shared.forEach((name, part) -> {
            MessageConsumer<JsonObject> changes = vertx.eventBus().consumer(SHARED + name, msg -> {
                if (!bridge.holdsLink()) {
                    part.apply(msg.body());
                }
            });
            consumers.add(changes);
            registered.add(changes.completion());
        });
        return Future.all(registered).onSuccess(v -> context.runOnContext(x -> {
            if (stopped) {
                return;
            }
            stopWatching = ClusterVertx.onMembersChanged(manager, () -> context.runOnContext(y -> checkQuorum()));
            quorumTimer = vertx.setPeriodic(BEAT_EVERY_MS, id -> checkQuorum());
            tryLock();
            catchUp();
        })).mapEmpty();
    }

    /** Whether this node holds the AMI link. */
    public boolean holding() {
        return bridge.holdsLink();
    }

    /** Whether another node is in the cluster now (the holder then leaves the calls live to it when it stops). */
    public boolean othersPresent() {
        return manager.getNodes().size() > 1;
    }

    /** For /health: this node, the members, who holds the AMI link and whether it is up. */
    public JsonObject status() {
        JsonObject beat = lastBeat;
        boolean fresh = beat != null && System.currentTimeMillis() - lastBeatAt < BEAT_LOST_MS;
        JsonObject out = new JsonObject()
                .put("node", nodeId)
                .put("http", http)
                .put("members", new JsonArray(new ArrayList<>(manager.getNodes())))
                .put("holds_ami", holding())
                .put("quorum", quorum)
                .put("has_quorum", hasQuorum())
                .put("caught_up", holding() || caughtUp);
        if (holding()) {
            out.put("ami_holder", new JsonObject().put("node", nodeId).put("http", http)
                    .put("since", String.valueOf(heldSince)).put("ami_up", bridge.isUp())
                    .put("ami_error", bridge.lastError()));
        } else {
            out.put("ami_holder", fresh ? beat.copy().put("ami_error", beat.getString("ami_error")) : null);
        }
        return out;
    }

    /** Stops asking, stops answering as the holder and frees the lock, so that another node takes the link at once. */
    public Future<Void> stop() {
        stopped = true;
        stopWatching.run();
        if (quorumTimer >= 0) {
            vertx.cancelTimer(quorumTimer);
        }
        if (beatTimer >= 0) {
            vertx.cancelTimer(beatTimer);
        }
        if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
        }
        List<Future<Void>> gone = new ArrayList<>();
        consumers.forEach(c -> gone.add(c.unregister()));
        holderConsumers.forEach(c -> gone.add(c.unregister()));
        return Future.join(gone).<Void>mapEmpty().otherwiseEmpty().onComplete(v -> {
            Lock held = lock;
            lock = null;
            if (held != null) {
                held.release();
                log.info("AMI link's cluster lock released");
            }
        });
    }

    /** Whether this node sees enough members to take or keep the link. */
    private boolean hasQuorum() {
        return seen() >= quorum;
    }

    /** The members this node sees; none once its Hazelcast member is no longer running. */
    private int seen() {
        try {
            return membersSeen.getAsInt();
        } catch (RuntimeException notRunning) {
            return 0;
        }
    }

    /** For a test: this node's view of how many members it sees, in place of the cluster manager's. */
    void seeing(IntSupplier members) {
        this.membersSeen = members;
    }

    /** On a change of the members and every second: the holder (or the node about to be) that lost its quorum gives up. */
    private void checkQuorum() {
        if (stopped || lock == null || givingUp || hasQuorum()) {
            return;
        }
        giveUp();
    }

    /** Drops the AMI link, frees the lock, and asks again (once the quorum is back) and for the new holder's snapshot. */
    private void giveUp() {
        Lock held = lock;
        givingUp = true;
        String reason = "this node sees " + seen() + " cluster members, fewer than the quorum of "
                + quorum + " (cluster.quorum): the AMI link is left to the other side of a possible network split";
        log.warn("cluster node {}: {}", nodeId, reason);
        if (beatTimer >= 0) {
            vertx.cancelTimer(beatTimer);
            beatTimer = -1;
        }
        List<Future<Void>> gone = new ArrayList<>();
        holderConsumers.forEach(c -> gone.add(c.unregister()));
        holderConsumers.clear();
        // This node's own beats; it holds nothing now.
        lastBeat = null;
        Future.join(gone).<Void>mapEmpty().otherwiseEmpty()
                .compose(v -> bridge.dropLink(reason).otherwiseEmpty())
                .onComplete(v -> context.runOnContext(x -> {
                    if (lock == held) { // else stop() released it
                        lock = null;
                        held.release();
                        log.info("AMI link's cluster lock released");
                    }
                    heldSince = null;
                    caughtUp = false;
                    givingUp = false;
                    if (!stopped) {
                        tryLock();
                        catchUp();
                    }
                }));
    }

    private void tryLock() {
        if (stopped) {
            return;
        }
        if (!hasQuorum()) {
            if (!waitingForQuorum) {
                waitingForQuorum = true;
                log.warn("cluster node {} sees {} cluster members, fewer than the quorum of {} (cluster.quorum): "
                        + "it does not ask for the AMI link until it sees enough", nodeId, seen(), quorum);
            }
            retryTimer = vertx.setTimer(BEAT_EVERY_MS, id -> tryLock());
            return;
        }
        if (waitingForQuorum) {
            waitingForQuorum = false;
            log.info("cluster node {} sees {} cluster members again (quorum {}): it asks for the AMI link",
                    nodeId, seen(), quorum);
        }
        vertx.sharedData().getLockWithTimeout(LOCK, LOCK_WAIT_MS).onComplete(got -> {
            if (got.failed()) {
                // Timed out while another node holds it (or the cluster is changing): ask again.
                retryTimer = vertx.setTimer(got.cause().getMessage() != null
                        && got.cause().getMessage().contains("Timed out") ? 1 : LOCK_WAIT_MS, id -> tryLock());
                return;
            }
            if (stopped) {
                got.result().release();
                return;
            }
            if (!hasQuorum()) {
                // Lost while waiting for the lock.
                got.result().release();
                retryTimer = vertx.setTimer(1, id -> tryLock());
                return;
            }
            lock = got.result();
            take(lock);
        });
    }

    private void take(Lock held) {
        heldSince = Instant.now();
        log.info("cluster node {} won the AMI link's lock", nodeId);
        beforeTaking.get()
                .onFailure(e -> log.warn("before taking the AMI link: {}", e.getMessage()))
                .onComplete(v -> {
                    if (stopped || lock != held || givingUp) {
                        return;
                    }
                    if (!hasQuorum()) {
                        giveUp();
                        return;
                    }
                    bridge.takeLink();
                    answerAsHolder();
                    beat();
                    beatTimer = vertx.setPeriodic(BEAT_EVERY_MS, id -> beat());
                });
    }

    private void answerAsHolder() {
        holderConsumers.add(vertx.eventBus().<Serializable>consumer(ACTIONS, msg -> {
            if (!bridge.holdsLink()) {
                // Only while the bridge takes the link: never back out through the uplink to this node again.
                msg.fail(503, "the AMI link is being taken over");
                return;
            }
            bridge.send((ManagerAction) msg.body())
                    .onSuccess(response -> msg.reply(response, SerialCodec.OPTIONS))
                    .onFailure(e -> msg.fail(500, e.getMessage()));
        }));
        holderConsumers.add(vertx.eventBus().<CallEvent>consumer(ROUTED, msg -> bridge.inject(msg.body())));
        shared.forEach((name, part) -> holderConsumers.add(vertx.eventBus().<JsonObject>consumer(ASK + name, msg -> {
            Future<JsonObject> answer;
            try {
                answer = part.answer(msg.body());
            } catch (RuntimeException e) {
                answer = Future.failedFuture(e);
            }
            answer.onSuccess(msg::reply).onFailure(e -> msg.fail(code(e), e.getMessage()));
        })));
        holderConsumers.add(vertx.eventBus().<Serializable>consumer(SNAPSHOT, msg -> snapshot()
                .onSuccess(items -> msg.reply(items, SerialCodec.OPTIONS))
                .onFailure(e -> msg.fail(503, e.getMessage()))));
    }

    private void beat() {
        vertx.eventBus().publish(BEAT, new JsonObject().put("node", nodeId).put("http", http)
                .put("since", String.valueOf(heldSince)).put("ami_up", bridge.isUp()).put("ami_error", bridge.lastError()));
    }

    /**
     * On the holder's bridge context, for each event its subscribers get: the other nodes get it too. The events of
     * one burst (all the holder's loop has queued: AMI sends several at once) travel as one message, sent once those
     * queued before it are applied here; a busy PBX's tens of thousands of events a second are then far fewer
     * messages for every node.
     */
    private void broadcast(CallEvent event) {
        if (bridge.holdsLink() && !(event instanceof CallEvent.Stopping)) {
            outgoing.add(event);
            if (outgoing.size() == 1) {
                bridge.runOnBridge(this::sendOutgoing);
            }
        }
    }

    /** On the bridge's context: the events not yet sent, as one message. */
    private void sendOutgoing() {
        if (outgoing.isEmpty()) {
            return;
        }
        EventCodec.Batch batch = new EventCodec.Batch(outgoing);
        outgoing.clear();
        if (bridge.holdsLink()) {
            vertx.eventBus().publish(EVENTS, batch, EventCodec.BatchCodec.OPTIONS);
        }
    }

    /**
     * The routes of the calls live first, then what a resync reads (ending with ResyncComplete); and the shared
     * parts, each as JSON.
     */
    private Future<ClusterSnapshot> snapshot() {
        HashMap<String, String> parts = new HashMap<>();
        shared.forEach((name, part) -> parts.put(name, part.snapshot().encode()));
        return bridge.callOnBridge(live::calls).compose(calls -> bridge.snapshot().map(items -> {
            ArrayList<CallEvent> out = new ArrayList<>();
            for (LiveCall call : calls) {
                if (call.route() != null && call.callerUniqueid() != null) {
                    out.add(new CallEvent.Routed(call.enteredAt() == null ? Instant.now() : call.enteredAt(),
                            call.linkedid(), call.callerUniqueid(), call.callerNumber(), call.route()));
                }
            }
            out.addAll(items);
            return new ClusterSnapshot(out, parts);
        }));
    }

    /** A node that joins (or waits) asks the holder for a snapshot until it has one or holds the link itself. */
    private void catchUp() {
        if (catchingUp) {
            return;
        }
        catchingUp = true;
        askSnapshot();
    }

    private void askSnapshot() {
        if (stopped || bridge.holdsLink()) {
            catchingUp = false;
            return;
        }
        vertx.eventBus().<Serializable>request(SNAPSHOT, "", new DeliveryOptions().setSendTimeout(actionTimeoutMs * 2 + 2000))
                .onSuccess(reply -> {
                    catchingUp = false;
                    if (bridge.holdsLink()) {
                        return;
                    }
                    ClusterSnapshot snapshot = (ClusterSnapshot) reply.body();
                    List<CallEvent> items = snapshot.events();
                    items.forEach(bridge::feed);
                    shared.forEach((name, part) -> {
                        String json = snapshot.shared().get(name);
                        if (json != null) {
                            part.restore(new JsonObject(json));
                        }
                    });
                    caughtUp = true;
                    log.info("caught up with the AMI holder: {} calls, members and channels", items.size());
                })
                .onFailure(e -> vertx.setTimer(SNAPSHOT_RETRY_MS, id -> askSnapshot()));
    }

    private AmiUplink uplink() {
        return new AmiUplink() {
            @Override
            public Future<ManagerResponse> send(ManagerAction action) {
                return vertx.eventBus().<Serializable>request(ACTIONS, action,
                                new DeliveryOptions().setCodecName(SerialCodec.NAME).setSendTimeout(actionTimeoutMs + 2000))
                        .map(reply -> (ManagerResponse) reply.body())
                        .recover(e -> Future.failedFuture(new IllegalStateException(describe(action, e), e)));
            }

            @Override
            public void forward(CallEvent event) {
                vertx.eventBus().send(ROUTED, event, EventCodec.OPTIONS);
            }

            @Override
            public String problem() {
                JsonObject beat = lastBeat;
                if (beat == null || System.currentTimeMillis() - lastBeatAt >= BEAT_LOST_MS) {
                    int seen = seen();
                    return "no cluster node holds the AMI link" + (seen >= quorum ? ""
                            : " (this node sees " + seen + " cluster members, fewer than the quorum of " + quorum + ")");
                }
                return beat.getBoolean("ami_up", false) ? null
                        : "AMI link held by node " + beat.getString("node") + " is down: " + beat.getString("ami_error");
            }
        };
    }

    /** The status a failed answer goes back with: a domain error's own, else 500. */
    private static int code(Throwable e) {
        return switch (e) {
            case Conflict c -> 409;
            case NotFound n -> 404;
            case Forbidden f -> 403;
            default -> 500;
        };
    }

    /** A failed ask, as the asking node tells it: the holder's domain error again, or what went wrong on the way. */
    private static RuntimeException asked(String name, String op, long timeout, Throwable e) {
        String what = name + (op == null ? "" : " " + op);
        if (!(e instanceof ReplyException reply)) {
            return new IllegalStateException(what + " not sent to the node holding the AMI link: " + e.getMessage(), e);
        }
        return switch (reply.failureType()) {
            case NO_HANDLERS -> new IllegalStateException(what + " not done: no cluster node holds the AMI link just now", e);
            case TIMEOUT -> new IllegalStateException(what + " not answered by the node holding the AMI link within "
                    + timeout + " ms", e);
            default -> switch (reply.failureCode()) {
                case 409 -> new Conflict(reply.getMessage());
                case 404 -> new NotFound(reply.getMessage());
                case 403 -> new Forbidden(reply.getMessage());
                default -> new IllegalStateException(what + " failed on the node holding the AMI link: " + reply.getMessage(), e);
            };
        };
    }

    private String describe(ManagerAction action, Throwable e) {
        if (e instanceof ReplyException reply) {
            if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
                return action.getAction() + " not sent: no cluster node holds the AMI link";
            }
            if (reply.failureType() == ReplyFailure.TIMEOUT) {
                return action.getAction() + " not answered by the node holding the AMI link within "
                        + (actionTimeoutMs + 2000) + " ms";
            }
            return action.getAction() + " failed on the node holding the AMI link: " + reply.getMessage();
        }
        return action.getAction() + " not sent to the node holding the AMI link: " + e.getMessage();
    }
}

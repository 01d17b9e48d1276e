package org.calldesk.calls;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.calldesk.platform.Conflict;
import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.AgentDirectory.AgentLine;
import org.calldesk.telephony.AgentPresence;
import org.calldesk.telephony.AgentStatus;
import org.calldesk.telephony.CallChanged;
import org.calldesk.telephony.LiveCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * After-call work as a real state: when an agent's answered call ends they are paused in their queues with the reason
 * {@link AgentStatus#WRAP_UP_REASON} for the wrap-up time of the queue the call came from (queues.conf's
 * {@code wrapuptime}, the same number as {@code telephony.queues[].wrapup_s}), then made available again. The agent
 * may extend it or end it. The pause goes through {@link AgentPresence} like any other, so the console, the state API
 * and the board read the same {@link AgentStatus}.
 *
 * <p>An agent who was paused for another reason when the call ended (a break taken during the call) keeps that pause:
 * no wrap-up is started, nothing unpauses them. A wrap-up pause found without a timer (calldesk restarted during it)
 * gets one, so nobody stays in wrap-up for ever; an unpause the phone system refuses is asked for again.
 *
 * <p>In a cluster one node acts (the one holding the AMI link): it starts, times and ends wrap-ups, and tells each
 * change ({@link #onChange}) with a version that only grows; the others keep a replica ({@link #apply},
 * {@link #restore} from a snapshot), so every node answers {@link #of}, and send an agent's extend or end to the
 * acting node ({@link #askWhenNotActing}). A node that starts acting adopts the replica's wrap-ups with their
 * deadlines.
 */
public final class WrapUp {

    private static final Logger log = LoggerFactory.getLogger(WrapUp.class);
    /** Long enough for the queues' answers to an unpause to arrive; an AMI action times out sooner. */
    private static final Duration RELEASE_SETTLES = Duration.ofSeconds(10);
    /** An unpause the phone system did not take is asked for again after this long. */
    private static final Duration RETRY_RELEASE = Duration.ofSeconds(2);

    /** One agent's wrap-up: since when, until when, after which call (null when adopted after a restart). */
    public record Period(Instant started, Instant until, String linkedid) {
        public long leftMs(Instant now) {
            return Math.max(0, until.toEpochMilli() - now.toEpochMilli());
        }
    }

    /**
     * One agent's wrap-up as the acting node changed it: {@code period} null when it ended. A change with a lower
     * version than one already seen for the agent is older, and is not applied.
     */
    public record Change(String iface, Period period, long version) {}

    /** Every wrap-up now (changes with periods), as of {@code version}: for a node that joins. */
    public record Snapshot(long version, List<Change> wrapUps) {}

    /** The acting node, as another node reaches it: its answers are those of its {@code …Here} methods. */
    public interface Acting {
        Future<Period> extend(String iface, int seconds);

        Future<Void> end(String iface);

        Future<Void> forget(String iface);
    }

    /** The acting node could not be reached: none acts just now (a takeover), or it did not answer in time. */
    public static final class NotReached extends RuntimeException {
        public NotReached(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Entry(Period period, long version) {}

    private final Vertx vertx;
    private final AgentDirectory agents;
    private final AgentPresence presence;
    private final Map<String, Integer> secondsByQueue;
    /** Each agent's wrap-up, on every node: the acting node's own, or the replica of the acting node's. */
    private final Map<String, Entry> periods = new ConcurrentHashMap<>();
    /** The timers of the wrap-ups this node times (acting only), by agent. */
    private final Map<String, Long> timers = new ConcurrentHashMap<>();
    /**
     * When each agent's wrap-up was let go, until a state without it is seen: the queues' unpause events that come
     * one by one meanwhile still show wrap-up, and are not an orphan.
     */
    private final Map<String, Instant> released = new ConcurrentHashMap<>();
    /**
     * A wrap-up that has been let go while the agent's queues still show it: the unpause events come after the release
     * (on a node that does not act, through another channel than the release), and until they do the agent is shown
     * in wrap-up with the deadline it had, never without one.
     */
    private final Map<String, Period> ending = new ConcurrentHashMap<>();
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    /** The highest version made or seen here: a node that starts acting goes on above its predecessor's. */
    private final AtomicLong version = new AtomicLong();
    /** Whether this node starts and adopts wrap-ups (in a cluster, only the node holding the AMI link). */
    private volatile BooleanSupplier acting = () -> true;
    private volatile Acting remote;

    /** @param secondsByQueue each queue's wrap-up time in seconds, as in queues.conf */
    public WrapUp(Vertx vertx, AgentDirectory agents, AgentPresence presence, Map<String, Integer> secondsByQueue) {
        this.vertx = vertx;
        this.agents = agents;
        this.presence = presence;
        this.secondsByQueue = Map.copyOf(secondsByQueue);
        presence.onChange(this::adoptOrphan);
    }

    /**
     * In a cluster every node hears every call and state, but one must pause and unpause the agent: wrap-ups are
     * started and adopted only while {@code acting} says so.
     */
    public void actOnlyWhen(BooleanSupplier acting) {
        this.acting = acting;
    }

    /** Where a node that does not act sends an agent's extend, end and forget. */
    public void askWhenNotActing(Acting remote) {
        this.remote = remote;
    }

    /** Told of each change this node makes while acting (start, extend, end, expiry, adoption). */
    public void onChange(Consumer<Change> listener) {
        listeners.add(listener);
    }

    /**
     * Times every wrap-up this node does not time yet: first those of the replica (the node that acted before died
     * with its timers; their deadlines stay), then every agent now paused for wrap-up without one (full time from
     * now). For a cluster node that has just taken over the AMI link.
     */
    public void adoptOrphans() {
        if (!acting.getAsBoolean()) {
            return;
        }
        periods.forEach((key, entry) -> {
            if (entry.period() != null && !timers.containsKey(key) && !releasedLately(key)) {
                log.info("{}: wrap-up adopted from the cluster's replica, until {}", key, entry.period().until());
                hold(key, entry.period());
            }
        });
        presence.all().forEach(this::adoptOrphan);
    }

    /** Every change of a live call; starts the wrap-up of the agent whose answered call ended. */
    public void changed(CallChanged change) {
        LiveCall call = change.call();
        if (!acting.getAsBoolean() || !change.ended() || call.outcome() != LiveCall.Outcome.ANSWERED || call.agentInterface() == null) {
            return;
        }
        agents.byInterface(call.agentInterface()).ifPresent(line -> start(line, call.queue(), call.linkedid()));
    }

    private void start(AgentLine line, String queue, String linkedid) {
        AgentStatus now = presence.state(line.iface());
        if (!now.loggedIn() || (now.paused() && !onlyWrapUpPauses(now))) {
            return;
        }
        int seconds = seconds(line, queue);
        if (seconds <= 0) {
            return;
        }
        Instant at = Instant.now();
        // Recorded before the pause is asked for, so the state that pause brings is sent with its end.
        hold(key(line.iface()), new Period(at, at.plusSeconds(seconds), linkedid));
        presence.paused(line, AgentStatus.WRAP_UP_REASON)
            .onFailure(e -> log.warn("call {}: {} could not be paused for wrap-up: {}", linkedid, line.username(),
                e.getMessage()));
    }

    /** The queue's wrap-up time; for a call that came from no queue (the account manager rung first), the longest of the agent's. */
    int seconds(AgentLine line, String queue) {
        Integer own = queue == null ? null : secondsByQueue.get(queue);
        if (own != null) {
            return own;
        }
        return line.queues().stream().map(secondsByQueue::get).filter(s -> s != null).mapToInt(Integer::intValue)
            .max().orElse(0);
    }

    /** The agent's wrap-up now, if in one; on every node. */
    public Optional<Period> of(String iface) {
        Entry e = iface == null ? null : periods.get(key(iface));
        return e == null ? Optional.empty() : Optional.ofNullable(e.period());
    }

    /**
     * The wrap-up to show with an agent's state: {@link #of}, or the one just let go while the agent's queues still
     * show it (see {@link #ending}).
     */
    public Optional<Period> shown(String iface) {
        Optional<Period> now = of(iface);
        return now.isPresent() || iface == null ? now : Optional.ofNullable(ending.get(key(iface)));
    }

    /** Adds time to the agent's wrap-up, here or on the acting node; fails with a {@link Conflict} when not in one. */
    public Future<Period> extend(AgentLine line, int seconds) {
        if (acting.getAsBoolean() || remote == null) {
            try {
                return Future.succeededFuture(extendHere(line.iface(), seconds));
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        }
        return remote.extend(line.iface(), seconds);
    }

    /** Ends the agent's wrap-up now, here or on the acting node: available again in all their queues. */
    public Future<Void> end(AgentLine line) {
        return acting.getAsBoolean() || remote == null ? endHere(line.iface()) : remote.end(line.iface());
    }

    /**
     * Drops the agent's wrap-up without touching their state (they chose another state themselves), here or on the
     * acting node. Never fails: an acting node out of reach is logged, and its timer then finds the agent's own state.
     */
    public Future<Void> forget(String iface) {
        if (acting.getAsBoolean() || remote == null) {
            return forgetHere(iface);
        }
        released.put(key(iface), Instant.now());
        return remote.forget(iface).recover(e -> {
            log.warn("{}: the wrap-up could not be dropped on the acting node: {}", iface, e.getMessage());
            return Future.succeededFuture();
        });
    }

    /** On the acting node: adds time (from now if it was about to end); a {@link Conflict} when not in wrap-up. */
    public Period extendHere(String iface, int seconds) {
        String key = key(iface);
        Entry e = periods.get(key);
        if (e == null || e.period() == null) {
            throw new Conflict("you are not in wrap-up");
        }
        Instant now = Instant.now();
        Instant from = e.period().until().isAfter(now) ? e.period().until() : now;
        Period longer = new Period(e.period().started(), from.plusSeconds(seconds), e.period().linkedid());
        hold(key, longer);
        return longer;
    }

    /** On the acting node: ends the wrap-up now; a {@link Conflict} when not in one. */
    public Future<Void> endHere(String iface) {
        Entry e = periods.get(key(iface));
        if (e == null || e.period() == null) {
            return Future.failedFuture(new Conflict("you are not in wrap-up"));
        }
        Optional<AgentLine> line = agents.byInterface(iface);
        forgetHere(iface);
        return line.map(presence::available)
            .orElseGet(() -> Future.failedFuture(new Conflict("no agent has the interface " + iface)));
    }

    /** On the acting node: drops the wrap-up without touching the agent's state. */
    public Future<Void> forgetHere(String iface) {
        String key = key(iface);
        released.put(key, Instant.now());
        cancelTimer(key);
        Entry e = periods.get(key);
        if (e != null && e.period() != null) {
            change(key, null);
        }
        return Future.succeededFuture();
    }

    /** On a node that does not act: one change the acting node made, unless a newer one for the agent came first. */
    public void apply(Change change) {
        version.accumulateAndGet(change.version(), Math::max);
        Entry next = new Entry(change.period(), change.version());
        periods.compute(key(change.iface()), (key, old) -> {
            if (old != null && next.version() <= old.version()) {
                return old;
            }
            replaced(key, old, next.period());
            return next;
        });
    }

    /** On the acting node: every wrap-up now, for a node that joins. */
    public Snapshot snapshot() {
        synchronized (version) {
            List<Change> now = periods.entrySet().stream().filter(e -> e.getValue().period() != null)
                .map(e -> new Change(e.getKey(), e.getValue().period(), e.getValue().version())).toList();
            return new Snapshot(version.get(), now);
        }
    }

    /** On a node that does not act: the acting node's snapshot; what it heard later than the snapshot stays. */
    public void restore(Snapshot snapshot) {
        version.accumulateAndGet(snapshot.version(), Math::max);
        Set<String> keys = new HashSet<>(periods.keySet());
        snapshot.wrapUps().forEach(c -> keys.add(key(c.iface())));
        Map<String, Change> given = new java.util.HashMap<>();
        snapshot.wrapUps().forEach(c -> given.put(key(c.iface()), c));
        for (String key : keys) {
            periods.compute(key, (k, old) -> {
                if (old != null && old.version() > snapshot.version()) {
                    return old;
                }
                Change c = given.get(k);
                replaced(k, old, c == null ? null : c.period());
                return c == null ? null : new Entry(c.period(), c.version());
            });
        }
    }

    private void hold(String key, Period period) {
        long timer = vertx.setTimer(Math.max(1, period.leftMs(Instant.now())), id -> expire(key, period));
        Long before = timers.put(key, timer);
        if (before != null) {
            vertx.cancelTimer(before);
        }
        change(key, period);
    }

    private void change(String key, Period period) {
        Change change;
        synchronized (version) {
            // With the snapshot's lock: a snapshot's version covers exactly the changes it holds.
            long v = version.updateAndGet(last -> Math.max(last + 1, micros(Instant.now())));
            replaced(key, periods.put(key, new Entry(period, v)), period);
            change = new Change(key, period, v);
        }
        listeners.forEach(l -> l.accept(change));
    }

    /** Keeps the deadline of a wrap-up just let go for as long as the agent's queues still show it. */
    private void replaced(String key, Entry old, Period now) {
        if (now != null) {
            ending.remove(key);
        } else if (old != null && old.period() != null) {
            if (presence.state(key).wrappingUp()) {
                ending.put(key, old.period());
            } else {
                ending.remove(key);
            }
        }
    }

    private void cancelTimer(String key) {
        Long timer = timers.remove(key);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    /** The time is up: available again, unless the agent has meanwhile paused for something else or left. */
    private void expire(String key, Period period) {
        Entry e = periods.get(key);
        if (e == null || !period.equals(e.period())) {
            return;
        }
        timers.remove(key);
        Optional<AgentLine> line = agents.byInterface(key);
        AgentStatus now = line.map(l -> presence.state(l.iface())).orElse(null);
        if (line.isEmpty() || !now.paused() || !onlyWrapUpPauses(now)) {
            // Nothing asked of the queues: should they still show wrap-up after all, that is an orphan to adopt.
            change(key, null);
            return;
        }
        // Before the unpause: the queues' events that come one by one meanwhile still show wrap-up, and are no orphan.
        released.put(key, Instant.now());
        presence.available(line.get()).onComplete(done -> {
            if (done.succeeded()) {
                Entry still = periods.get(key);
                if (still != null && period.equals(still.period())) {
                    change(key, null);
                }
                return;
            }
            if (!acting.getAsBoolean()) {
                return; // the node that acts now has this wrap-up in its replica, and ends it
            }
            // Not taken (the link is being taken over, Asterisk refused): the agent must not stay paused.
            log.warn("{} could not leave wrap-up ({}); asked again in {} s", line.get().username(),
                done.cause().getMessage(), RETRY_RELEASE.toSeconds());
            Entry still = periods.get(key);
            if (still != null && period.equals(still.period()) && !timers.containsKey(key)) {
                hold(key, new Period(period.started(), Instant.now().plus(RETRY_RELEASE), period.linkedid()));
            }
        });
    }

    private void adoptOrphan(AgentStatus status) {
        String key = key(status.iface());
        if (!status.wrappingUp()) {
            released.remove(key);
            ending.remove(key);
            return;
        }
        if (!acting.getAsBoolean() || timers.containsKey(key) || releasedLately(key)) {
            return;
        }
        Entry known = periods.get(key);
        if (known != null && known.period() != null) {
            log.info("{}: wrap-up adopted from the cluster's replica, until {}", key, known.period().until());
            hold(key, known.period());
            return;
        }
        agents.byInterface(status.iface()).ifPresent(line -> {
            int seconds = seconds(line, null);
            Instant at = Instant.now();
            log.info("{} found in wrap-up with no timer (calldesk restarted?): available again in {} s",
                line.username(), seconds);
            hold(key(line.iface()), new Period(at, at.plusSeconds(seconds), null));
        });
    }

    /** Whether this node let the agent's wrap-up go so lately that their queues may still be catching up. */
    private boolean releasedLately(String key) {
        Instant let = released.get(key);
        return let != null && let.isAfter(Instant.now().minus(RELEASE_SETTLES));
    }

    private static long micros(Instant at) {
        return at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
    }

    private static boolean onlyWrapUpPauses(AgentStatus status) {
        return !status.pauses().isEmpty()
            && status.pauses().values().stream().allMatch(AgentStatus.WRAP_UP_REASON::equals);
    }

    private static String key(String iface) {
        return iface.toLowerCase(Locale.ROOT);
    }
}

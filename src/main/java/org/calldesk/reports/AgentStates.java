package org.calldesk.reports;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.calldesk.telephony.AgentStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The history of agent states behind the agents report's ring-no-answer, paused time by reason, logged-in time and
 * occupancy: every change of an agent's state as {@link AgentStatus} derives it closes the agent's open interval,
 * and closed intervals and unanswered rings are written in one statement each every {@code flush_ms}, off the event
 * loop's way (the pool answers asynchronously). The wiring feeds it on the node holding the AMI link only, so one
 * node writes each interval; a node that loses the link forgets its open intervals ({@link #forget()}).
 * Safe from any thread.
 */
public final class AgentStates {

    private static final Logger log = LoggerFactory.getLogger(AgentStates.class);

    static final String INSERT_STATES = """
            INSERT INTO agent_states (agent_id, state, reason, started, ended)
            SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])
            """;

    static final String INSERT_RINGS = """
            INSERT INTO agent_ring_no_answers (agent_id, at, queue, ring_ms)
            SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::bigint[])
            """;

    /** A closed interval of one state. */
    record Interval(long agentId, String state, String reason, Instant started, Instant ended) {
    }

    /** One AgentRingNoAnswer. */
    record Ring(long agentId, Instant at, String queue, long ringMs) {
    }

    private record Open(String state, String reason, Instant started) {
    }

    private final Pool pg;
    private final AgentStateSettings settings;
    private final Map<Long, Open> open = new HashMap<>();
    /** When each agent on hold put the caller on hold. */
    private final Map<Long, Instant> holds = new HashMap<>();
    private final Deque<Interval> intervals = new ArrayDeque<>();
    private final Deque<Ring> rings = new ArrayDeque<>();
    private Future<Void> writing = Future.succeededFuture();
    private long timer = -1;

    public AgentStates(Pool pg, AgentStateSettings settings) {
        this.pg = pg;
        this.settings = settings;
    }

    /**
     * Writes what closed every {@code flush_ms}; while {@code holding} says this node does not hold the AMI link, its
     * open intervals are forgotten (the holder records them).
     */
    public void start(Vertx vertx, java.util.function.BooleanSupplier holding) {
        timer = vertx.setPeriodic(settings.flushMs(), id -> {
            if (!holding.getAsBoolean()) {
                forget();
            }
            flush();
        });
    }

    /** The state an agent's status is kept as: its activity's code, and the pause reason when paused. */
    static String state(AgentStatus status) {
        return status.activity().code();
    }

    static String reason(AgentStatus status) {
        return status.activity() == AgentStatus.Activity.PAUSED && status.pauseReason() != null ? status.pauseReason() : "";
    }

    /** The agent's state changed at {@code at}: the interval before it closes, a new one opens. */
    public synchronized void changed(long agentId, AgentStatus status, Instant at) {
        String state = state(status);
        String reason = reason(status);
        if (status.activity() != AgentStatus.Activity.ON_CALL) {
            endHold(agentId, at);   // the call ended while on hold: no Unhold follows
        }
        Open before = open.get(agentId);
        if (before != null && before.state().equals(state) && before.reason().equals(reason)) {
            return;
        }
        if (before != null) {
            add(new Interval(agentId, before.state(), before.reason(), before.started(), at.isBefore(before.started())
                    ? before.started() : at));
        }
        open.put(agentId, new Open(state, reason, at));
    }

    /**
     * The agent put the caller on hold ({@code on}: AMI Hold) or took them back (Unhold). A hold is a row of its own,
     * state 'hold', within the agent's on-call time.
     */
    public synchronized void hold(long agentId, boolean on, Instant at) {
        if (on) {
            holds.putIfAbsent(agentId, at);
        } else {
            endHold(agentId, at);
        }
    }

    private void endHold(long agentId, Instant at) {
        Instant started = holds.remove(agentId);
        if (started != null) {
            add(new Interval(agentId, "hold", "", started, at.isBefore(started) ? started : at));
        }
    }

    /** A queue call rang the agent's phone for {@code ringMs} and was not answered (AMI AgentRingNoAnswer). */
    public synchronized void ringNoAnswer(long agentId, Instant at, String queue, long ringMs) {
        rings.addLast(new Ring(agentId, at, queue == null ? "" : queue, Math.max(0, ringMs)));
        trim(rings);
    }

    /** This node no longer holds the AMI link: the holder records from now on, so the open intervals are dropped. */
    public synchronized void forget() {
        open.clear();
        holds.clear();
    }

    /** Closes every open interval at {@code at} (the server stops) and writes everything. */
    public Future<Void> close(Instant at) {
        synchronized (this) {
            open.forEach((agent, o) -> add(new Interval(agent, o.state(), o.reason(), o.started(),
                    at.isBefore(o.started()) ? o.started() : at)));
            open.clear();
            List.copyOf(holds.keySet()).forEach(agent -> endHold(agent, at));
        }
        return flush();
    }

    public void stop(Vertx vertx) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void add(Interval interval) {
        intervals.addLast(interval);
        trim(intervals);
    }

    private <T> void trim(Deque<T> rows) {
        if (rows.size() > settings.maxPending()) {
            while (rows.size() > settings.maxPending()) {
                rows.removeFirst();
            }
            log.warn("agent states: more than {} rows waiting for PostgreSQL; the oldest is dropped", settings.maxPending());
        }
    }

    /** Writes the closed intervals and rings, after the previous write; rows whose write failed are tried again. */
    public Future<Void> flush() {
        // The chain is swapped under the lock, the write starts outside it: the bridge's context, which records
        // every state change, never waits for a write being prepared on another thread.
        Promise<Void> done = Promise.promise();
        Future<Void> before;
        synchronized (this) {
            before = writing;
            writing = done.future();
        }
        before.onComplete(ignored -> {
            Future<Void> written;
            try {
                written = write();
            } catch (RuntimeException e) {
                written = Future.failedFuture(e);
            }
            written.onComplete(done);
        });
        return done.future();
    }

    private Future<Void> write() {
        List<Interval> states;
        List<Ring> missed;
        synchronized (this) {
            states = new ArrayList<>(intervals);
            missed = new ArrayList<>(rings);
            intervals.clear();
            rings.clear();
        }
        if (states.isEmpty() && missed.isEmpty()) {
            return Future.succeededFuture();
        }
        Future<?> statesWritten = states.isEmpty() ? Future.succeededFuture() : pg.preparedQuery(INSERT_STATES).execute(Tuple.of(
                states.stream().map(Interval::agentId).toArray(Long[]::new),
                states.stream().map(Interval::state).toArray(String[]::new),
                states.stream().map(Interval::reason).toArray(String[]::new),
                states.stream().map(i -> utc(i.started())).toArray(OffsetDateTime[]::new),
                states.stream().map(i -> utc(i.ended())).toArray(OffsetDateTime[]::new)));
        return statesWritten.transform(done -> {
            if (done.failed()) {
                retry(states, missed, done.cause());
                return Future.succeededFuture();
            }
            if (missed.isEmpty()) {
                return Future.<Void>succeededFuture();
            }
            return pg.preparedQuery(INSERT_RINGS).execute(Tuple.of(
                            missed.stream().map(Ring::agentId).toArray(Long[]::new),
                            missed.stream().map(r -> utc(r.at())).toArray(OffsetDateTime[]::new),
                            missed.stream().map(Ring::queue).toArray(String[]::new),
                            missed.stream().map(Ring::ringMs).toArray(Long[]::new)))
                    .<Void>mapEmpty()
                    .recover(e -> {
                        retry(List.of(), missed, e);
                        return Future.succeededFuture();
                    });
        }).mapEmpty();
    }

    private synchronized void retry(List<Interval> states, List<Ring> missed, Throwable cause) {
        log.warn("agent states not written ({} intervals, {} rings), tried again: {}", states.size(), missed.size(),
                cause.getMessage());
        for (int i = states.size() - 1; i >= 0; i--) {
            intervals.addFirst(states.get(i));
        }
        for (int i = missed.size() - 1; i >= 0; i--) {
            rings.addFirst(missed.get(i));
        }
        trim(intervals);
        trim(rings);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}

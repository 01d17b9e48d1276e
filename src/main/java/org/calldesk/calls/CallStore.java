package org.calldesk.calls;

import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.LiveCall;
import org.calldesk.telephony.CallChanged;
import org.calldesk.telephony.RouteInfo;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.calldesk.telephony.AgentDirectory.AgentLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each ended call once into {@code calls}, and into the customer's history when the caller is
 * known. Safe to call again for the same Linkedid or caller Uniqueid: the row and the interaction are kept by
 * constraint, so a call heard live and read again from the queue_log is stored once.
 */
public final class CallStore {

    private static final Logger log = LoggerFactory.getLogger(CallStore.class);
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final int MAX_ATTEMPTS = 8;
    private static final long FIRST_RETRY_MS = 1000;
    private static final long MAX_RETRY_MS = 30_000;

    private final Vertx vertx;
    private final Pool pool;
    private final AgentDirectory agents;
    private final Consumer<Long> historyChanged;
    /** Ended calls not yet stored, retries included. */
    private final AtomicInteger pending = new AtomicInteger();
    private final List<Promise<Void>> idle = new ArrayList<>();

    /**
     * @param historyChanged told the customer id whenever a call is added to a customer's history (caches of that
     *                       customer go stale)
     */
    public CallStore(Vertx vertx, Pool pool, AgentDirectory agents, Consumer<Long> historyChanged) {
        this.vertx = vertx;
        this.pool = pool;
        this.agents = agents;
        this.historyChanged = historyChanged;
    }

    /**
     * Stores every call that ends. While PostgreSQL is unreachable a write is retried with a
     * doubling delay (1 s up to 30 s, 8 tries); one that still fails is logged with all its facts.
     */
    public void changed(CallChanged change) {
        if (change.ended()) {
            pending.incrementAndGet();
            storeWithRetry(change.call(), 1, FIRST_RETRY_MS);
        }
    }

    private void storeWithRetry(LiveCall call, int attempt, long delayMs) {
        store(call).onSuccess(v -> settled()).onFailure(e -> {
            if (attempt >= MAX_ATTEMPTS) {
                log.error("call {}: not stored after {} tries ({}): {}", call.linkedid(), attempt, e.getMessage(), call);
                settled();
                return;
            }
            log.warn("call {}: store failed ({}), retrying in {} ms", call.linkedid(), e.getMessage(), delayMs);
            vertx.setTimer(delayMs, id -> storeWithRetry(call, attempt + 1, Math.min(delayMs * 2, MAX_RETRY_MS)));
        });
    }

    private void settled() {
        if (pending.decrementAndGet() == 0) {
            List<Promise<Void>> waiting;
            synchronized (idle) {
                waiting = List.copyOf(idle);
                idle.clear();
            }
            waiting.forEach(Promise::tryComplete);
        }
    }

    /** Completes once no ended call is waiting to be stored: for an orderly stop, before the database goes. */
    public Future<Void> idle() {
        Promise<Void> done = Promise.promise();
        synchronized (idle) {
            idle.add(done);
        }
        if (pending.get() == 0) {
            done.tryComplete();
        }
        return done.future();
    }

    /** Completes with true when this call was written now, false when it was already stored. */
    public Future<Boolean> store(LiveCall call) {
        return store(call, null);
    }

    /**
     * As {@link #store(LiveCall)}; {@code reconciledAt} is when the call was read from Asterisk's queue_log instead
     * of heard live, null for a call heard live.
     */
    Future<Boolean> store(LiveCall call, Instant reconciledAt) {
        if (!call.isFinal()) {
            return Future.failedFuture(new IllegalArgumentException("call " + call.linkedid() + " has not ended"));
        }
        Long agentId = agents.byInterface(call.agentInterface()).map(AgentLine::id).orElse(null);
        RouteInfo route = call.route();
        Long customerId = route == null ? null : route.customerId();
        return write(call, customerId, agentId, reconciledAt)
            .recover(e -> {
                if (!(e instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState()))) {
                    return Future.failedFuture(e);
                }
                // The customer or agent was deleted since routing: keep the call, without the links.
                log.warn("call {}: customer {} or agent {} no longer exists; stored without them",
                    call.linkedid(), customerId, agentId);
                return write(call, null, null, reconciledAt);
            })
            .onSuccess(w -> {
                if (w.inserted() && w.customerId() != null) {
                    historyChanged.accept(w.customerId());
                }
            })
            .map(Written::inserted);
    }

    /** The call row and its line in the customer's history commit together, or not at all. */
    private Future<Written> write(LiveCall call, Long customerId, Long agentId, Instant reconciledAt) {
        return pool.withTransaction(conn -> insertCall(conn, call, customerId, agentId, reconciledAt).compose(inserted ->
            !inserted || customerId == null
                ? Future.succeededFuture(new Written(inserted, customerId, agentId))
                : addToHistory(conn, call, customerId, agentId).map(new Written(true, customerId, agentId))));
    }

    /** {@code inserted}: the row was written (or, filling in a lost call, changed) now. */
    private record Written(boolean inserted, Long customerId, Long agentId) {}

    /** True when the row was written now, false when its Linkedid or caller Uniqueid was already there. */
    private Future<Boolean> insertCall(io.vertx.sqlclient.SqlClient db, LiveCall call, Long customerId, Long agentId,
                                       Instant reconciledAt) {
        RouteInfo route = call.route();
        Tuple row = Tuple.tuple()
            .addString(call.linkedid())
            .addString(call.callerNumber())
            .addLong(customerId)
            .addString(call.queue())
            .addInteger(call.priority())
            .addString(route == null ? null : route.tier())
            .addString(route == null ? null : route.reason())
            .addString(route == null ? null : route.ivr())
            .addOffsetDateTime(utc(call.enteredAt()))
            .addOffsetDateTime(utc(call.answeredAt()))
            .addOffsetDateTime(utc(call.endedAt()))
            .addLong(agentId)
            .addString(call.agentInterface())
            .addString(call.outcome().dbValue())
            .addLong(call.waitMs())
            .addLong(call.talkMs())
            .addInteger(call.missedRings())
            .addString(call.callerUniqueid())
            .addOffsetDateTime(utc(reconciledAt));
        return db.preparedQuery(CallSql.INSERT_CALL).execute(row).map(rows -> rows.rowCount() > 0);
    }

    private Future<Void> addToHistory(io.vertx.sqlclient.SqlClient db, LiveCall call, long customerId, Long agentId) {
        JsonObject details = outcomeDetails(call)
            .put("route_reason", call.route() == null ? null : call.route().reason());
        Tuple row = Tuple.of(customerId, utc(call.endedAt()), agentId, summary(call), call.linkedid(), details);
        return db.preparedQuery(CallSql.INSERT_INTERACTION).execute(row).mapEmpty();
    }

    private static JsonObject outcomeDetails(LiveCall call) {
        return new JsonObject()
            .put("outcome", call.outcome().dbValue())
            .put("queue", call.queue())
            .put("agent_interface", call.agentInterface())
            .put("wait_ms", call.waitMs())
            .put("talk_ms", call.talkMs());
    }

    /**
     * Gives a call stored as lost (it ended while the AMI link was down) the end Asterisk's queue_log tells, matched
     * by the caller's Uniqueid, in the call log and the customer's history alike. True when such a call was lost and
     * now is not; false when there is none, or its outcome is known already.
     */
    Future<Boolean> fillInLost(LiveCall call) {
        Long agentId = agents.byInterface(call.agentInterface()).map(AgentLine::id).orElse(null);
        Tuple row = Tuple.tuple()
            .addString(call.callerUniqueid())
            .addString(call.queue())
            .addOffsetDateTime(utc(call.answeredAt()))
            .addOffsetDateTime(utc(call.endedAt()))
            .addLong(agentId)
            .addString(call.agentInterface())
            .addString(call.outcome().dbValue())
            .addLong(call.waitMs())
            .addLong(call.talkMs())
            .addInteger(call.missedRings());
        return pool.withTransaction(conn -> conn.preparedQuery(CallSql.FILL_IN_LOST).execute(row).compose(rows -> {
                if (rows.size() == 0) {
                    return Future.succeededFuture(new Written(false, null, agentId));
                }
                Row filled = rows.iterator().next();
                Tuple history = Tuple.of(filled.getString("linkedid"), utc(call.endedAt()), filled.getLong("agent_id"),
                    summary(call), outcomeDetails(call).put("agent_interface", filled.getString("agent_interface")));
                return conn.preparedQuery(CallSql.FILL_IN_LOST_HISTORY).execute(history)
                    .map(new Written(true, filled.getLong("customer_id"), filled.getLong("agent_id")));
            }))
            .onSuccess(w -> {
                if (w.inserted() && w.customerId() != null) {
                    historyChanged.accept(w.customerId());
                }
            })
            .map(Written::inserted);
    }

    /** "answered by agent3 after 12 s, talked 2 min" / "abandoned after 40 s in service". */
    String summary(LiveCall call) {
        String wait = duration(call.waitMs());
        return switch (call.outcome()) {
            case ANSWERED -> "answered by " + agentName(call) + " after " + wait + ", talked "
                + duration(call.talkMs());
            case ABANDONED -> "abandoned after " + wait + " in " + call.queue();
            case NO_ANSWER -> "not answered after " + wait + " in " + call.queue();
            case ENDED_IN_IVR -> "ended in the menu";
            case LOST -> "ended while the telephony link was down";
        };
    }

    private String agentName(LiveCall call) {
        return agents.byInterface(call.agentInterface()).map(AgentLine::username)
            .orElse(call.agentName() != null ? call.agentName() : String.valueOf(call.agentInterface()));
    }

    static String duration(long ms) {
        long s = Math.round(ms / 1000.0);
        if (s < 60) {
            return s + " s";
        }
        long min = s / 60;
        long rest = s % 60;
        return rest == 0 ? min + " min" : min + " min " + rest + " s";
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

}

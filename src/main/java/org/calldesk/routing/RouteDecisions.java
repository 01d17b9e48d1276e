package org.calldesk.routing;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.telephony.RouteInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The route script's decisions, committed in PostgreSQL as they are made: what a node that did not make a decision
 * (it started while the caller waited, or another node ran the script) needs to know who is calling and why the
 * call came the way it did.
 */
public final class RouteDecisions {

    private static final Logger log = LoggerFactory.getLogger(RouteDecisions.class);

    private final Pool pg;
    private final Batcher<Decision, Void> writes;

    /** One decision to commit; equal ones are committed once. */
    private record Decision(String uniqueid, String linkedid, String callerNumber, RouteInfo route) {
    }

    /**
     * @param batching decisions made at the same moment are committed together, as their facts were read: a burst of
     *                 callers must not queue a commit per caller in front of the next callers' facts
     */
    public RouteDecisions(Pool pg, RoutingPolicy.Batching batching) {
        this.pg = pg;
        this.writes = new Batcher<>(this::commit, batching.maxCallers(), batching.inFlight(), batching.stuckAfterMs());
    }

    /** A decision as committed; {@code linkedid} is null when Asterisk did not say. */
    public record Decided(String uniqueid, String linkedid, String callerNumber, RouteInfo route, Instant decidedAt) {

        static Decided from(Row row) {
            RouteInfo route = new RouteInfo(row.getLong("customer_id"), row.getString("tier"), row.getInteger("priority"),
                    row.getString("reason"), row.getString("queue"), row.getString("ivr"), orEmpty(row.getString("agent")),
                    orEmpty(row.getString("greeting")));
            return new Decided(row.getString("uniqueid"), row.getString("linkedid"), row.getString("caller_number"), route,
                    row.getOffsetDateTime("decided_at").toInstant());
        }

        private static String orEmpty(String text) {
            return text == null ? "" : text;
        }
    }

    /**
     * Commits a decision. The caller is already on the way to the queue, so nothing waits for this; a failure is
     * logged and the call goes on as routed (only a restart while it waits would then miss the decision).
     */
    public Future<Void> record(String uniqueid, String linkedid, String callerNumber, RouteInfo route) {
        return writes.get(new Decision(uniqueid, linkedid, callerNumber, route))
                .onFailure(e -> log.warn("route {} (call {}): decision not stored: {}", uniqueid, linkedid, e.getMessage()));
    }

    /**
     * One statement for the batch; a channel decided twice in it keeps its later decision (one statement cannot write
     * a row twice). Should the batch fail (a customer deleted meanwhile), each decision is tried alone, so one bad row
     * does not lose the others.
     */
    private Future<Map<Decision, Void>> commit(List<Decision> batch) {
        Map<String, Decision> latest = new LinkedHashMap<>();
        batch.forEach(d -> latest.put(d.uniqueid(), d));
        List<Decision> rows = List.copyOf(latest.values());
        return pg.preparedQuery(RoutingSql.RECORD_DECISIONS).execute(columns(rows))
                .<Void>mapEmpty()
                .recover(e -> rows.size() == 1 ? Future.failedFuture(e) : Future.join(rows.stream()
                        .map(one -> pg.preparedQuery(RoutingSql.RECORD_DECISIONS).execute(columns(List.of(one)))
                                .onFailure(f -> log.warn("route {} (call {}): decision not stored: {}", one.uniqueid(),
                                        one.linkedid(), f.getMessage())))
                        .toList()).<Void>mapEmpty().otherwiseEmpty())
                .map(v -> new HashMap<>());
    }

    private static Tuple columns(List<Decision> rows) {
        int n = rows.size();
        String[] uniqueid = new String[n];
        String[] linkedid = new String[n];
        String[] caller = new String[n];
        Long[] customer = new Long[n];
        String[] tier = new String[n];
        Integer[] priority = new Integer[n];
        String[] queue = new String[n];
        String[] reason = new String[n];
        String[] ivr = new String[n];
        String[] agent = new String[n];
        String[] greeting = new String[n];
        for (int i = 0; i < n; i++) {
            Decision d = rows.get(i);
            uniqueid[i] = d.uniqueid();
            linkedid[i] = d.linkedid();
            caller[i] = d.callerNumber();
            customer[i] = d.route().customerId();
            tier[i] = d.route().tier();
            priority[i] = d.route().priority();
            queue[i] = d.route().queue();
            reason[i] = d.route().reason();
            ivr[i] = d.route().ivr();
            agent[i] = d.route().agent();
            greeting[i] = d.route().greeting();
        }
        return Tuple.tuple().addArrayOfString(uniqueid).addArrayOfString(linkedid).addArrayOfString(caller)
                .addArrayOfLong(customer).addArrayOfString(tier).addArrayOfInteger(priority).addArrayOfString(queue)
                .addArrayOfString(reason).addArrayOfString(ivr).addArrayOfString(agent).addArrayOfString(greeting);
    }

    /** The decision for the caller's channel or, failing that, for the call; empty when calldesk routed neither. */
    public Future<Optional<Decided>> find(String uniqueid, String linkedid) {
        if (uniqueid == null && linkedid == null) {
            return Future.succeededFuture(Optional.empty());
        }
        return pg.preparedQuery(RoutingSql.DECISION_OF).execute(Tuple.of(uniqueid, linkedid))
                .map(rows -> rows.size() == 0 ? Optional.<Decided>empty() : Optional.of(Decided.from(rows.iterator().next())));
    }

    /** Drops decisions made before {@code before}; completes with how many. */
    public Future<Integer> purge(Instant before) {
        return pg.preparedQuery(RoutingSql.PURGE_DECISIONS).execute(Tuple.of(before.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }
}

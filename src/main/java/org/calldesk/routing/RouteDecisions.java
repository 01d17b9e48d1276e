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
import java.util.Optional;

/**
 * The route script's decisions, committed in PostgreSQL as they are made: what a node that did not make a decision
 * (it started while the caller waited, or another node ran the script) needs to know who is calling and why the
 * call came the way it did.
 */
public final class RouteDecisions {

    private static final Logger log = LoggerFactory.getLogger(RouteDecisions.class);

    private final Pool pg;

    public RouteDecisions(Pool pg) {
        this.pg = pg;
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
        Tuple row = Tuple.tuple()
                .addString(uniqueid)
                .addString(linkedid)
                .addString(callerNumber)
                .addLong(route.customerId())
                .addString(route.tier())
                .addInteger(route.priority())
                .addString(route.queue())
                .addString(route.reason())
                .addString(route.ivr())
                .addString(route.agent())
                .addString(route.greeting());
        return pg.preparedQuery(RoutingSql.RECORD_DECISION).execute(row)
                .onFailure(e -> log.warn("route {} (call {}): decision not stored: {}", uniqueid, linkedid, e.getMessage()))
                .mapEmpty();
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

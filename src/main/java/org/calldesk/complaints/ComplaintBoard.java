package org.calldesk.complaints;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.calldesk.complaints.Complaint.instant;
import static org.calldesk.complaints.Complaint.utc;

/**
 * The supervisors' complaint board: open complaints by time to breach in three sections, counts by
 * category, tier, owner and SLA state, and the callers waiting right now who have an open complaint.
 */
public final class ComplaintBoard {

    private final Pool pg;
    private final ComplaintStore store;
    private final Supplier<Future<JsonArray>> waitingCallers;

    /** A board without telephony: nobody is shown as waiting. */
    public ComplaintBoard(Pool pg, ComplaintStore store) {
        this(pg, store, () -> Future.succeededFuture(new JsonArray()));
    }

    /**
     * @param waitingCallers callers waiting in queues now, each {linkedid, queue, customerId, tier, waitedMs, priority}
     */
    public ComplaintBoard(Pool pg, ComplaintStore store, Supplier<Future<JsonArray>> waitingCallers) {
        this.pg = pg;
        this.store = store;
        this.waitingCallers = waitingCallers;
    }

    public Future<JsonObject> snapshot() {
        Instant now = store.clockNow();
        Tuple args = Tuple.of(utc(now), store.settings().cardsPerSection());
        Future<RowSet<Row>> breached = pg.preparedQuery(ComplaintSql.BOARD_BREACHED).execute(args);
        Future<RowSet<Row>> atRisk = pg.preparedQuery(ComplaintSql.BOARD_AT_RISK).execute(args);
        Future<RowSet<Row>> onTrack = pg.preparedQuery(ComplaintSql.BOARD_ON_TRACK).execute(args);
        Future<RowSet<Row>> counts = pg.preparedQuery(ComplaintSql.BOARD_COUNTS).execute(Tuple.of(utc(now)));
        // The board still shows complaints when telephony cannot say who is waiting.
        Future<JsonArray> waiting = waitingWithComplaint(now).recover(e -> Future.succeededFuture(new JsonArray()));
        return Future.all(breached, atRisk, onTrack, counts, waiting).map(all -> new JsonObject()
                .put("now", now.toString())
                .put("breached", cards(breached.result(), now))
                .put("atRisk", cards(atRisk.result(), now))
                .put("onTrack", cards(onTrack.result(), now))
                .put("counts", counts(counts.result()))
                .put("waitingWithComplaint", waiting.result()));
    }

    private Future<JsonArray> waitingWithComplaint(Instant now) {
        return waitingCallers.get().compose(callers -> {
            Map<Long, JsonObject> byCustomer = new HashMap<>();
            for (Object item : callers == null ? new JsonArray() : callers) {
                if (item instanceof JsonObject caller && caller.getValue("customerId") instanceof Number id) {
                    byCustomer.putIfAbsent(id.longValue(), caller);
                }
            }
            if (byCustomer.isEmpty()) {
                return Future.succeededFuture(new JsonArray());
            }
            return pg.preparedQuery(ComplaintSql.WAITING_WITH_COMPLAINT)
                    .execute(Tuple.of(byCustomer.keySet().toArray(Long[]::new)))
                    .map(rows -> {
                        JsonArray result = new JsonArray();
                        for (Row row : rows) {
                            JsonObject caller = byCustomer.get(row.getLong("customer_id")).copy();
                            SlaState state = SlaSchedule.state(ComplaintStatus.parse(row.getString("status")),
                                    instant(row, "resolution_due"), instant(row, "at_risk_at"), instant(row, "breach_at"), now);
                            caller.put("complaint", new JsonObject().put("id", row.getLong("id"))
                                    .put("subject", row.getString("subject")).put("status", row.getString("status"))
                                    .put("slaState", state.code()).put("escalationLevel", row.getInteger("escalation_level")));
                            result.add(caller);
                        }
                        // the longest-waiting caller first: that is whom a supervisor acts on
                        List<Object> sorted = new java.util.ArrayList<>(result.getList());
                        sorted.sort((a, b) -> Long.compare(waited(b), waited(a)));
                        return new JsonArray(sorted);
                    });
        });
    }

    private static long waited(Object caller) {
        Object value = caller instanceof JsonObject json ? json.getValue("waitedMs")
                : caller instanceof Map<?, ?> map ? map.get("waitedMs") : null;
        return value instanceof Number n ? n.longValue() : 0;
    }

    private static JsonArray cards(RowSet<Row> rows, Instant now) {
        JsonArray cards = new JsonArray();
        for (Row row : rows) {
            Complaint c = Complaint.from(row);
            cards.add(new JsonObject()
                    .put("id", c.id())
                    .put("customerId", c.customerId())
                    .put("customer", c.customerName())
                    .put("tier", c.tier())
                    .put("category", c.category())
                    .put("severity", c.severity().code())
                    .put("owner", c.owner())
                    .put("subject", c.subject())
                    .put("status", c.status().code())
                    .put("due", Complaint.iso(c.breachAt()))
                    .put("dueMs", c.breachAt() == null ? null : c.breachAt().toEpochMilli())
                    .put("slaState", c.slaState(now).code())
                    .put("escalationLevel", c.escalationLevel()));
        }
        return cards;
    }

    private static JsonObject counts(RowSet<Row> rows) {
        JsonObject counts = new JsonObject().put("byCategory", new JsonObject()).put("byTier", new JsonObject())
                .put("byOwner", new JsonObject())
                .put("byState", new JsonObject().put("breached", 0L).put("atRisk", 0L).put("onTrack", 0L));
        for (Row row : rows) {
            String dimension = switch (row.getString("dim")) {
                case "category" -> "byCategory";
                case "tier" -> "byTier";
                case "owner" -> "byOwner";
                default -> "byState";
            };
            counts.getJsonObject(dimension).put(row.getString("key"), row.getLong("n"));
        }
        return counts;
    }
}

package org.calldesk.complaints;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.calldesk.web.Sockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.calldesk.complaints.Complaint.instant;
import static org.calldesk.complaints.Complaint.utc;

/**
 * Fires escalation levels: finds what is due (Redis index first, PostgreSQL as the fallback), claims
 * each level with a conditional UPDATE so it fires once across nodes, records it in the audit trail and keeps its
 * notifications ({@link KeptNotices}) in the same transaction, and once that commits tells whom it concerns on
 * {@link Sockets#NOTIFY} (live pages only: best effort).
 */
public final class Escalations {

    private static final Logger log = LoggerFactory.getLogger(Escalations.class);

    private final Vertx vertx;
    private final Pool pg;
    private final DeadlineIndex index;
    private final SlaPolicies policies;
    private final ComplaintSettings settings;
    private final Clock clock;
    private final KeptNotices kept;

    /** A level or follow-up claimed in a transaction, with its notice for {@link Sockets#NOTIFY}: {@code {to, message}}. */
    record Claimed(Row row, JsonObject notice) {
    }

    Escalations(Vertx vertx, Pool pg, DeadlineIndex index, SlaPolicies policies, ComplaintSettings settings, Clock clock,
                KeptNotices kept) {
        this.kept = kept;
        this.vertx = vertx;
        this.pg = pg;
        this.index = index;
        this.policies = policies;
        this.settings = settings;
        this.clock = clock;
    }

    public ComplaintSettings settings() {
        return settings;
    }

    /** The fast path: deadlines the Redis index says have come. Returns how many levels this node fired. */
    public Future<Integer> sweepIndexed() {
        Instant now = clock.instant();
        return index.due(now, settings.batch()).compose(ids -> {
            if (ids.isEmpty()) {
                return Future.succeededFuture(0);
            }
            return pg.preparedQuery(ComplaintSql.DEADLINES_OF).execute(Tuple.of(ids.toArray(Long[]::new)))
                    .compose(rows -> {
                        // ids PostgreSQL no longer has would come back every tick and crowd out real deadlines
                        java.util.Set<Long> gone = new java.util.HashSet<>(ids);
                        rows.forEach(row -> gone.remove(row.getLong("id")));
                        gone.forEach(id -> index.put(id, null).otherwiseEmpty());
                        return fireAll(rows, now, true);
                    });
        });
    }

    /** The fallback: what PostgreSQL says is due, whatever Redis holds; refills an emptied index. */
    public Future<Integer> sweepDatabase() {
        Instant now = clock.instant();
        return pg.preparedQuery(ComplaintSql.DUE).execute(Tuple.of(utc(now), settings.batch()))
                .compose(rows -> fireAll(rows, now, false))
                .compose(fired -> index.size()
                        .compose(size -> size == 0 ? rebuildIndex() : Future.succeededFuture())
                        .otherwiseEmpty()
                        .map(fired));
    }

    /**
     * Announces the satisfaction follow-ups that have fallen due to their owners (supervisors when nobody owns
     * the complaint), each once across nodes. The claims, their audit events and their kept notifications are one
     * transaction: all of the batch or none (a failure leaves them to the next tick). Returns how many this node
     * announced.
     */
    public Future<Integer> announceDueFollowUps() {
        Instant now = clock.instant();
        return pg.withTransaction(conn -> conn.preparedQuery(ComplaintSql.CLAIM_DUE_FOLLOW_UPS)
                .execute(Tuple.of(utc(now), settings.batch()))
                .compose(rows -> {
                    List<JsonObject> notices = new ArrayList<>();
                    Future<Void> keeping = Future.succeededFuture();
                    for (Row row : rows) {
                        JsonObject message = new JsonObject()
                                .put("type", "follow-up-due")
                                .put("complaintId", row.getLong("id"))
                                .put("subject", row.getString("subject"))
                                .put("customer", row.getString("customer_name"))
                                .put("due", Complaint.iso(instant(row, "follow_up_due")));
                        Long owner = row.getLong("owner_id");
                        notices.add(new JsonObject().put("to", ownerOrSupervisors(owner)).put("message", message));
                        keeping = keeping.compose(v -> kept.keep(conn, message, owner));
                    }
                    return keeping.map(notices);
                })).map(notices -> {
                    for (JsonObject notice : notices) {
                        log.info("complaint {}: satisfaction follow-up due", notice.getJsonObject("message").getLong("complaintId"));
                        vertx.eventBus().publish(Sockets.NOTIFY, notice);
                    }
                    return notices.size();
                });
    }

    /** Loads every pending deadline from PostgreSQL into Redis (start-up, or after Redis lost its data). */
    public Future<Void> rebuildIndex() {
        return index.rebuild(() -> pg.query(ComplaintSql.ALL_DEADLINES).execute().map(rows -> {
            Map<Long, Instant> deadlines = new HashMap<>();
            rows.forEach(row -> deadlines.put(row.getLong("id"), instant(row, "next_escalation_at")));
            return deadlines;
        })).map(indexed -> {
            indexed.ifPresentOrElse(n -> log.info("complaint deadline index rebuilt: {} pending", n),
                    () -> log.info("complaint deadline index not rebuilt here: another rebuild is under way"));
            return null;
        });
    }

    /** Tells {@code listener} each time Redis is back after a loss or a restart; returns what stops the telling. */
    public Runnable onRedisBack(Runnable listener) {
        return index.onRedisBack(listener);
    }

    private Future<Integer> fireAll(RowSet<Row> rows, Instant now, boolean fromIndex) {
        List<Future<Integer>> fired = new ArrayList<>();
        for (Row row : rows) {
            long id = row.getLong("id");
            Instant next = instant(row, "next_escalation_at");
            if (next == null || next.isAfter(now)) {
                // the index was stale (a transition moved or cleared the deadline): correct it, fire nothing
                if (fromIndex) {
                    index.put(id, next).otherwiseEmpty();
                }
                continue;
            }
            fired.add(fire(id, row.getInteger("escalation_level") + 1, now, 0));
        }
        return Future.all(fired).map(all -> {
            int total = 0;
            for (int i = 0; i < all.size(); i++) {
                total += all.<Integer>resultAt(i);
            }
            return total;
        });
    }

    /** Claims and fires one level; when the next level is overdue as well (a late sweep), fires it too. */
    private Future<Integer> fire(long id, int level, Instant now, int firedSoFar) {
        return pg.withTransaction(conn -> conn.preparedQuery(ComplaintSql.CLAIM_DUE_LEVEL).execute(Tuple.of(id, level, utc(now)))
                        .compose(rows -> {
                            if (rows.size() == 0) {
                                return Future.<Claimed>succeededFuture(null);
                            }
                            Row row = rows.iterator().next();
                            return record(conn, row, level, now, "escalation", null, null)
                                    .compose(recorded -> keep(conn, row, level));
                        }))
                .recover(e -> {
                    log.warn("complaint {}: escalation level {} not fired this tick: {}", id, level, e.getMessage());
                    return Future.succeededFuture(null);
                })
                .compose(claimed -> {
                    if (claimed == null) {
                        return Future.succeededFuture(firedSoFar);
                    }
                    Instant next = instant(claimed.row(), "next_escalation_at");
                    announce(claimed);
                    return index.put(id, next).otherwiseEmpty().compose(v -> next != null && !next.isAfter(now)
                            ? fire(id, level + 1, now, firedSoFar + 1)
                            : Future.succeededFuture(firedSoFar + 1));
                });
    }

    /** Raises a complaint one level for a repeat call; the caller holds the row lock and wrote the event. */
    Future<Row> raise(SqlConnection conn, long id, int level, Instant now) {
        return conn.preparedQuery(ComplaintSql.RAISE_LEVEL).execute(Tuple.of(id, level, utc(now)))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
    }

    private Future<Row> record(SqlConnection conn, Row claimed, int level, Instant now, String kind, String note, String linkedid) {
        EscalationLevel step = step(level);
        String text = note != null ? note : "escalated to " + step.audience() + " at "
                + Math.round(step.fraction() * 100) + " % of the resolution target";
        return conn.preparedQuery(ComplaintSql.INSERT_EVENT).execute(Tuple.from(new Object[]{
                        claimed.getLong("id"), utc(now), null, "system", kind, null, null, text, level, linkedid}))
                .map(claimed);
    }

    /** Keeps the notifications of a level just claimed in {@code conn}'s transaction; what to announce after its commit. */
    Future<Claimed> keep(SqlConnection conn, Row claimed, int level) {
        JsonObject notice = notice(claimed, level);
        return kept.keep(conn, notice.getJsonObject("message"), claimed.getLong("owner_id"))
                .map(v -> new Claimed(claimed, notice));
    }

    /** Once the claim is committed: publishes the escalation to whom it concerns, tells boards the complaint changed. */
    void announce(Claimed claimed) {
        JsonObject message = claimed.notice().getJsonObject("message");
        log.info("complaint {}: escalation level {} ({}) fired", message.getLong("complaintId"), message.getInteger("level"),
                message.getString("audience"));
        vertx.eventBus().publish(Sockets.NOTIFY, claimed.notice());
        changed(claimed.row().getLong("customer_id"));
    }

    /** The escalation's notice: {@code {to, message}}. */
    private JsonObject notice(Row claimed, int level) {
        EscalationLevel step = step(level);
        Long owner = claimed.getLong("owner_id");
        JsonObject to = switch (step.audience()) {
            case "owner" -> ownerOrSupervisors(owner);
            case "supervisors" -> new JsonObject().put("roles", new JsonArray(settings.supervisorRoles()));
            default -> new JsonObject().put("roles", new JsonArray(settings.managerRoles()));
        };
        Instant due = instant(claimed, "resolution_due");
        JsonObject message = new JsonObject()
                .put("type", "escalation")
                .put("complaintId", claimed.getLong("id"))
                .put("level", level)
                .put("audience", step.audience())
                .put("subject", claimed.getString("subject"))
                .put("customer", claimed.getString("customer_name"))
                .put("due", Complaint.iso(due != null ? due : instant(claimed, "breach_at")));
        return new JsonObject().put("to", to).put("message", message);
    }

    /** Addressed to the complaint's owner; to the supervisors when nobody owns it. */
    private JsonObject ownerOrSupervisors(Long owner) {
        return owner != null
                ? new JsonObject().put("agentIds", new JsonArray().add(owner))
                : new JsonObject().put("roles", new JsonArray(settings.supervisorRoles()));
    }

    void changed(long customerId) {
        vertx.eventBus().publish(Sockets.BOARD, new JsonObject().put("type", "complaints-changed").put("customerId", customerId));
    }

    Future<Void> indexDeadline(long id, Instant next) {
        return index.put(id, next).otherwiseEmpty();
    }

    private EscalationLevel step(int level) {
        return policies.escalation().stream().filter(l -> l.level() == level).findFirst()
                .orElse(policies.escalation().get(policies.escalation().size() - 1));
    }
}

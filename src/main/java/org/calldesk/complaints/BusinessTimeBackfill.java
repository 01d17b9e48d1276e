package org.calldesk.complaints;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.calldesk.calendar.BusinessCalendar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.calldesk.complaints.Complaint.instant;
import static org.calldesk.complaints.Complaint.utc;

/**
 * Fills in the business times ({@code first_response_business_s}, {@code resolve_business_s}) of complaints answered
 * or resolved before calldesk stored them, with the SLA clock the write path uses, replaying each one's trail. Runs
 * once at start on one node of a cluster (a PostgreSQL advisory lock held on one connection; a node that does not get
 * it leaves the work to the holder), a batch of complaints at a time, their trails read in one query and the clocks
 * computed off the event loop. Only what is still empty is written, and a resolution only while the complaint is
 * still resolved at the same instant, so a complaint changed meanwhile keeps what its move wrote. A node stopped half
 * way leaves the rest to the next start.
 */
public final class BusinessTimeBackfill {

    private static final Logger log = LoggerFactory.getLogger(BusinessTimeBackfill.class);

    /** How many complaints are read, computed and written per round trip. */
    static final int BATCH = 500;

    /** What this node did: complaints updated, and those left out because their calendar no longer exists. */
    public record Result(boolean ran, long updated, long skipped) {
    }

    private final Vertx vertx;
    private final Pool pg;
    private final SlaPolicies policies;
    private final int batch;

    public BusinessTimeBackfill(Vertx vertx, Pool pg, SlaPolicies policies) {
        this(vertx, pg, policies, BATCH);
    }

    BusinessTimeBackfill(Vertx vertx, Pool pg, SlaPolicies policies, int batch) {
        this.vertx = vertx;
        this.pg = pg;
        this.policies = policies;
        this.batch = batch;
    }

    /** Runs the backfill if no other node is running it; {@code ran} false when another holds the lock. */
    public Future<Result> run() {
        return pg.getConnection().compose(conn -> conn.query(ComplaintSql.BUSINESS_TIME_TRY_LOCK).execute()
                .compose(locked -> {
                    if (!locked.iterator().next().getBoolean("locked")) {
                        log.info("complaint business times: another node is filling them in");
                        return Future.succeededFuture(new Result(false, 0, 0));
                    }
                    long started = System.nanoTime();
                    return batches(conn, 0, new long[2])
                            .onSuccess(r -> {
                                if (r.updated() > 0 || r.skipped() > 0) {
                                    log.info("complaint business times filled in for {} complaints in {} ms{}", r.updated(),
                                            (System.nanoTime() - started) / 1_000_000,
                                            r.skipped() == 0 ? "" : "; " + r.skipped() + " left out: their calendar is no longer configured");
                                }
                            })
                            .eventually(() -> conn.query(ComplaintSql.BUSINESS_TIME_UNLOCK).execute());
                })
                .eventually(conn::close));
    }

    private Future<Result> batches(SqlConnection conn, long afterId, long[] counts) {
        return conn.preparedQuery(ComplaintSql.BUSINESS_TIME_TODO).execute(Tuple.of(afterId, batch)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.succeededFuture(new Result(true, counts[0], counts[1]));
            }
            List<Todo> todo = new ArrayList<>();
            rows.forEach(row -> todo.add(Todo.of(row)));
            long last = todo.getLast().id();
            Long[] ids = todo.stream().map(Todo::id).toArray(Long[]::new);
            return conn.preparedQuery(ComplaintSql.BUSINESS_TIME_HISTORIES).execute(Tuple.tuple().addArrayOfLong(ids))
                    .compose(events -> vertx.executeBlocking(() -> compute(todo, events), false))
                    .compose(computed -> {
                        counts[1] += computed.skipped;
                        if (computed.ids.isEmpty()) {
                            return Future.<RowSet<Row>>succeededFuture(null);
                        }
                        return conn.preparedQuery(ComplaintSql.BUSINESS_TIME_FILL).execute(Tuple.tuple()
                                .addArrayOfLong(computed.ids.toArray(Long[]::new))
                                .addArrayOfLong(computed.firstResponse.toArray(Long[]::new))
                                .addArrayOfLong(computed.resolve.toArray(Long[]::new))
                                .addArrayOfOffsetDateTime(computed.resolvedAt.toArray(OffsetDateTime[]::new)));
                    })
                    .compose(updated -> {
                        counts[0] += updated == null ? 0 : updated.rowCount();
                        return batches(conn, last, counts);
                    });
        });
    }

    /** A complaint still to fill in, as stored. */
    private record Todo(long id, Severity severity, String tier, long firstResponseS, long resolutionS, String calendar,
                        Instant openedAt, Instant firstRespondedAt, Instant resolvedAt) {
        static Todo of(Row row) {
            return new Todo(row.getLong("id"), Severity.parse(row.getString("severity")), row.getString("tier"),
                    row.getInteger("first_response_target_s"), row.getInteger("resolution_target_s"), row.getString("calendar"),
                    instant(row, "opened_at"), instant(row, "first_responded_at"), instant(row, "resolved_at"));
        }
    }

    private static final class Computed {
        final List<Long> ids = new ArrayList<>();
        final List<Long> firstResponse = new ArrayList<>();
        final List<Long> resolve = new ArrayList<>();
        final List<OffsetDateTime> resolvedAt = new ArrayList<>();
        long skipped;
    }

    private Computed compute(List<Todo> todo, RowSet<Row> events) {
        Map<Long, List<StatusChange>> histories = new HashMap<>();
        for (Row row : events) {
            histories.computeIfAbsent(row.getLong("complaint_id"), id -> new ArrayList<>())
                    .add(StatusChange.of(instant(row, "at"), row.getString("to_status")));
        }
        Computed out = new Computed();
        for (Todo t : todo) {
            BusinessCalendar calendar;
            try {
                calendar = policies.calendar(t.calendar());
            } catch (IllegalArgumentException e) {
                out.skipped++;
                continue;
            }
            SlaPolicy policy = new SlaPolicy(t.severity(), t.tier(), Duration.ofSeconds(t.firstResponseS()),
                    Duration.ofSeconds(t.resolutionS()), t.calendar(), calendar, policies.atRiskFraction(), policies.escalation());
            Times times = times(policy, t.openedAt(), histories.getOrDefault(t.id(), List.of()), t.firstRespondedAt(), t.resolvedAt());
            out.ids.add(t.id());
            out.firstResponse.add(times.firstResponse() == null ? null : times.firstResponse().toSeconds());
            out.resolve.add(times.resolve() == null ? null : times.resolve().toSeconds());
            out.resolvedAt.add(utc(t.resolvedAt()));
        }
        return out;
    }

    /** A complaint's business times; each null when it has not happened. */
    record Times(Duration firstResponse, Duration resolve) {
    }

    /**
     * The business times of one complaint as the write path stores them: the SLA clock's time to the first response
     * and the resolution clock's use at the (last) resolve. {@code firstRespondedAt} is the stored column (null: the
     * trail's). Trails written without status changes (an import) count as a complaint worked on without a pause from
     * opening to the stored times.
     */
    static Times times(SlaPolicy policy, Instant openedAt, List<StatusChange> history, Instant firstRespondedAt, Instant resolvedAt) {
        SlaClock clock = SlaClock.of(policy, openedAt, history);
        // the stored first response (the trail's first move out of new, as the lifecycle wrote it) wins over the trail
        Duration firstResponse = firstRespondedAt == null ? clock.firstResponseBusinessTime().orElse(null)
                : policy.calendar().businessTimeBetween(openedAt, firstRespondedAt.isBefore(openedAt) ? openedAt : firstRespondedAt);
        Duration resolve = resolvedAt == null ? null : clock.used(resolvedAt);
        return new Times(firstResponse, resolve);
    }
}

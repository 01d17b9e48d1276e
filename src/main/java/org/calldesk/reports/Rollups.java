package org.calldesk.reports;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Keeps the call rollups counted with the thresholds configured now. Triggers (V13) add each call as it is stored,
 * using the thresholds in report_settings; at start calldesk writes the configured ones there, and when they differ
 * from what the rollups were built with (or a rebuild was cut short), it rebuilds the rollups from calls, a day at a
 * time, on one node only (a PostgreSQL advisory lock held on one connection).
 */
public final class Rollups {

    private static final Logger log = LoggerFactory.getLogger(Rollups.class);

    private final Pool pg;
    private final ReportSettings settings;

    public Rollups(Pool pg, ReportSettings settings) {
        this.pg = pg;
        this.settings = settings;
    }

    /** The settings as the rollups state them: one line per queue, '*' for queues not configured. */
    List<String> wanted() {
        List<String> lines = new ArrayList<>();
        for (ReportSettings.QueueThresholds q : settings.queues()) {
            lines.add(q.name() + "|" + q.serviceLevelMs() + "|" + q.wrapupMs() + "|" + settings.shortAbandonMs());
        }
        lines.add("*|null|0|" + settings.shortAbandonMs());
        return List.copyOf(new TreeSet<>(lines));
    }

    /**
     * Writes the configured thresholds and rebuilds the rollups when they were built with others. Another node that
     * holds the lock is rebuilding: this one goes on (its reports are right once that rebuild ends).
     */
    public Future<Void> prepare() {
        String wanted = String.join(";", wanted());
        return pg.getConnection().compose(conn -> conn.query(ReportSql.TRY_LOCK).execute()
                .compose(locked -> {
                    if (!locked.iterator().next().getBoolean("locked")) {
                        log.info("report rollups: another node is checking them");
                        return Future.<Void>succeededFuture();
                    }
                    return rebuildIfNeeded(conn, wanted)
                            .eventually(() -> conn.query(ReportSql.UNLOCK).execute());
                })
                .eventually(conn::close));
    }

    private Future<Void> rebuildIfNeeded(SqlConnection conn, String wanted) {
        return conn.query(ReportSql.REBUILT_FOR).execute().compose(rows -> {
            String built = rows.size() == 0 ? null : rows.iterator().next().getString("value");
            if (wanted.equals(built)) {
                return Future.succeededFuture();
            }
            log.info("report rollups: thresholds changed or never built; rebuilding from calls");
            return saveSettings(conn)
                    .compose(v -> conn.query(ReportSql.CALLS_SPAN).execute())
                    .compose(span -> {
                        Row row = span.iterator().next();
                        OffsetDateTime first = row.getOffsetDateTime("first");
                        OffsetDateTime last = row.getOffsetDateTime("last");
                        if (first == null) {
                            return Future.<Void>succeededFuture();
                        }
                        OffsetDateTime from = first.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
                        return rebuildDays(conn, from, last.withOffsetSameInstant(ZoneOffset.UTC));
                    })
                    .compose(v -> conn.preparedQuery(ReportSql.SAVE_REBUILT_FOR).execute(Tuple.of(wanted)))
                    .onSuccess(v -> log.info("report rollups rebuilt"))
                    .mapEmpty();
        });
    }

    private Future<Void> saveSettings(SqlConnection conn) {
        return conn.begin().compose(tx -> {
            Future<?> chain = conn.query(ReportSql.CLEAR_SETTINGS).execute();
            for (ReportSettings.QueueThresholds q : settings.queues()) {
                chain = chain.compose(v -> conn.preparedQuery(ReportSql.SAVE_SETTING)
                        .execute(Tuple.of(q.name(), q.serviceLevelMs(), q.wrapupMs(), settings.shortAbandonMs())));
            }
            return chain.compose(v -> conn.preparedQuery(ReportSql.SAVE_SETTING)
                            .execute(Tuple.of("*", null, 0L, settings.shortAbandonMs())))
                    .compose(v -> tx.commit())
                    .recover(e -> tx.rollback().transform(r -> Future.failedFuture(e)));
        });
    }

    /** One transaction per UTC day from {@code day} until past {@code last}, each with the calls table held still. */
    private Future<Void> rebuildDays(SqlConnection conn, OffsetDateTime day, OffsetDateTime last) {
        if (day.isAfter(last)) {
            return Future.succeededFuture();
        }
        OffsetDateTime next = day.plus(Duration.ofDays(1));
        Tuple range = Tuple.of(day, next);
        return conn.begin().compose(tx -> conn.query(ReportSql.LOCK_CALLS).execute()
                        .compose(v -> conn.preparedQuery(ReportSql.CLEAR_QUEUE_ROLLUP).execute(range))
                        .compose(v -> conn.preparedQuery(ReportSql.CLEAR_AGENT_ROLLUP).execute(range))
                        .compose(v -> conn.preparedQuery(ReportSql.CLEAR_REASON_ROLLUP).execute(range))
                        .compose(v -> conn.preparedQuery(ReportSql.ROLL_CALLS).execute(range))
                        .compose(v -> tx.commit())
                        .recover(e -> tx.rollback().transform(r -> Future.failedFuture(e))))
                .compose(v -> rebuildDays(conn, next, last));
    }
}

package org.calldesk.reports;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Keeps the call rollups counted with the thresholds configured now. Triggers (V13) add each call as it is stored,
 * using the thresholds in report_settings; at start calldesk writes the configured ones there, and when they differ
 * from what the rollups were built with (or a rebuild was cut short), it rebuilds the rollups from calls, a day at a
 * local day at a time, on one node only (a PostgreSQL advisory lock held on one connection).
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
        lines.add("*|null|0|" + settings.shortAbandonMs() + "|" + settings.zone().getId());
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
                    .compose(span -> conn.query(ReportSql.FIRST_NOTE).execute().compose(notes -> {
                        OffsetDateTime first = span.iterator().next().getOffsetDateTime("first");
                        OffsetDateTime lastCall = span.iterator().next().getOffsetDateTime("last");
                        OffsetDateTime firstNote = notes.iterator().next().getOffsetDateTime("first");
                        if (first == null || (firstNote != null && firstNote.isBefore(first))) {
                            first = firstNote;
                        }
                        if (first == null) {
                            return Future.<Void>succeededFuture();
                        }
                        LocalDate last = LocalDate.now(settings.zone()).plusDays(1);
                        if (lastCall != null && lastCall.atZoneSameInstant(settings.zone()).toLocalDate().isAfter(last)) {
                            last = lastCall.atZoneSameInstant(settings.zone()).toLocalDate();
                        }
                        return rebuildDays(conn, first.atZoneSameInstant(settings.zone()).toLocalDate(), last);
                    }))
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
                        .execute(Tuple.of(q.name(), q.serviceLevelMs(), q.wrapupMs(), settings.shortAbandonMs(), null)));
            }
            return chain.compose(v -> conn.preparedQuery(ReportSql.SAVE_SETTING)
                            .execute(Tuple.of("*", null, 0L, settings.shortAbandonMs(), settings.zone().getId())))
                    .compose(v -> tx.commit())
                    .recover(e -> tx.rollback().transform(r -> Future.failedFuture(e)));
        });
    }

    /**
     * One transaction per local day from {@code day} through {@code last}, each with calls and call notes held still
     * (their writers wait for the day's rebuild, a fraction of a second, instead of being counted twice or missed).
     */
    private Future<Void> rebuildDays(SqlConnection conn, LocalDate day, LocalDate last) {
        if (day.isAfter(last)) {
            return Future.succeededFuture();
        }
        Tuple instants = Tuple.of(day.atStartOfDay(settings.zone()).toOffsetDateTime(),
                day.plusDays(1).atStartOfDay(settings.zone()).toOffsetDateTime());
        return conn.begin().compose(tx -> conn.query(ReportSql.LOCK_CALLS).execute()
                        .compose(v -> conn.query(ReportSql.LOCK_NOTES).execute())
                        .compose(v -> conn.preparedQuery(ReportSql.CLEAR_QUEUE_ROLLUP).execute(instants))
                        .compose(v -> conn.preparedQuery(ReportSql.CLEAR_DAILY).execute(Tuple.of(day)))
                        .compose(v -> conn.preparedQuery(ReportSql.ROLL_CALLS).execute(instants))
                        .compose(v -> conn.preparedQuery(ReportSql.ROLL_NOTES).execute(instants))
                        .compose(v -> conn.query(ReportSql.LOCK_STATES).execute())
                        .compose(v -> conn.preparedQuery(ReportSql.ROLL_STATES).execute(instants))
                        .compose(v -> tx.commit())
                        .recover(e -> tx.rollback().transform(r -> Future.failedFuture(e))))
                .compose(v -> rebuildDays(conn, day.plusDays(1), last));
    }
}

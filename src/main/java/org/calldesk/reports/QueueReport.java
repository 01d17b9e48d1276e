package org.calldesk.reports;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.calldesk.platform.Invalid;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.calldesk.reports.ReportTable.Kind.COUNT;
import static org.calldesk.reports.ReportTable.Kind.PERCENT;
import static org.calldesk.reports.ReportTable.Kind.SECONDS;
import static org.calldesk.reports.ReportTable.Kind.TEXT;

/**
 * Queues over time: per interval, and per queue and/or tier, what was offered, answered and abandoned, the service
 * level both ways, speed of answer, handle time, the longest wait and callbacks. The same figures split by tier
 * are the green channel's report. Definitions are the live board's: offered = answered + abandoned + timed out
 * (calls that ended in the menu or were lost in an outage are not offered); answered within = wait ≤ the queue's
 * threshold; service level = answered within ÷ answered, and ÷ (answered + abandoned) for the variant.
 */
public final class QueueReport {

    /** How the rows are split besides the interval. */
    public enum Split {
        TOTAL(false, false), QUEUE(true, false), TIER(false, true), QUEUE_TIER(true, true);

        final boolean byQueue;
        final boolean byTier;

        Split(boolean byQueue, boolean byTier) {
            this.byQueue = byQueue;
            this.byTier = byTier;
        }

        static Split of(String value, Split fallback) {
            if (value == null || value.isBlank()) {
                return fallback;
            }
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "total" -> TOTAL;
                case "queue" -> QUEUE;
                case "tier" -> TIER;
                case "queue,tier", "queue-tier" -> QUEUE_TIER;
                default -> throw new Invalid("by", "by must be total, queue, tier or queue,tier; got '" + value + "'");
            };
        }
    }

    /** A tier filter or group that stands for callers without a tier (unknown numbers). */
    static final String NO_TIER = "none";

    private final Pool pg;
    private final ReportSettings settings;

    public QueueReport(Pool pg, ReportSettings settings) {
        this.pg = pg;
        this.settings = settings;
    }

    /** The report for a request's parameters: from, to, interval, by, queue, tier, shortAbandons (exclude|include). */
    public Future<JsonObject> run(MultiMap params, Split fallback) {
        ReportRange range;
        Split split;
        boolean excludeShort;
        try {
            range = ReportRange.parse(params, settings);
            split = Split.of(params.get("by"), fallback);
            excludeShort = shortAbandons(params.get("shortAbandons"));
        } catch (Invalid e) {
            return Future.failedFuture(e);
        }
        String queue = blankToNull(params.get("queue"));
        String tier = blankToNull(params.get("tier"));
        String tierKey = tier == null ? null : tier.equals(NO_TIER) ? "" : tier;
        // Days, weeks and months are read from the daily rollup (a year is 365 rows per queue and tier), shorter
        // intervals from the 15-minute one.
        boolean daily = range.interval().atLeastDay() == range.interval();
        Tuple figures = Tuple.of(daily ? range.from() : range.startUtc(), daily ? range.to() : range.endUtc(),
                range.zone().getId(), range.interval().sqlUnit(), range.interval().sqlInterval(), queue, tierKey);
        // Callbacks belong to no queue: shown only when the rows are not split or filtered by queue.
        boolean withCallbacks = !split.byQueue && queue == null;
        Future<RowSet<Row>> callbacks = withCallbacks
                ? pg.preparedQuery(ReportSql.callbacks(split.byTier)).execute(Tuple.of(range.startUtc(), range.endUtc(),
                        range.zone().getId(), range.interval().sqlUnit(), range.interval().sqlInterval(), tierKey))
                : Future.succeededFuture(null);
        return pg.preparedQuery(ReportSql.queueFigures(split.byQueue, split.byTier, daily)).execute(figures)
                .compose(rows -> callbacks.map(cb -> table(rows, cb, excludeShort)))
                .map(table -> new JsonObject()
                        .put("report", "queues")
                        .put("from", range.from().toString()).put("to", range.to().toString())
                        .put("interval", range.interval().param()).put("timeZone", range.zone().getId())
                        .put("by", split.name().toLowerCase(Locale.ROOT))
                        .put("shortAbandonS", settings.shortAbandonS())
                        .put("shortAbandonsExcluded", excludeShort)
                        .put("callbacksShown", withCallbacks)
                        .put("columns", table.columnsJson())
                        .put("rows", table.rows())
                        .put("totals", totals(table)));
    }

    private boolean shortAbandons(String value) {
        if (value == null || value.isBlank()) {
            return settings.excludeShortAbandons();
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "exclude" -> true;
            case "include" -> false;
            default -> throw new Invalid("shortAbandons", "shortAbandons must be exclude or include, got '" + value + "'");
        };
    }

    static ReportTable columns() {
        return new ReportTable()
                .column("interval", "Interval", TEXT)
                .column("queue", "Queue", TEXT)
                .column("tier", "Tier", TEXT)
                .column("offered", "Offered", COUNT)
                .column("answered", "Answered", COUNT)
                .column("abandoned", "Abandoned", COUNT)
                .column("shortAbandoned", "Short abandons", COUNT)
                .column("timedOut", "Timed out", COUNT)
                .column("answeredWithin", "Answered within threshold", COUNT)
                .column("serviceLevel", "Service level %", PERCENT)
                .column("serviceLevelWithAbandons", "Service level with abandons %", PERCENT)
                .column("abandonRate", "Abandon rate %", PERCENT)
                .column("asaMs", "Average speed of answer (s)", SECONDS)
                .column("p90AnswerMs", "90th percentile speed of answer (s)", SECONDS)
                .column("ahtMs", "Average handle time (s)", SECONDS)
                .column("longestWaitMs", "Longest wait (s)", SECONDS)
                .column("callbacksRequested", "Callbacks requested", COUNT)
                .column("callbacksCompleted", "Callbacks completed", COUNT)
                .column("managerShare", "Account manager's share %", PERCENT);
    }

    private static ReportTable table(RowSet<Row> figures, RowSet<Row> callbacks, boolean excludeShort) {
        Map<String, long[]> callbackCounts = new HashMap<>();
        if (callbacks != null) {
            for (Row row : callbacks) {
                callbackCounts.put(key(row.getString("ivl"), row.getString("tier")),
                        new long[] {row.getLong("requested"), row.getLong("completed")});
            }
        }
        ReportTable table = columns();
        for (Row row : figures) {
            table.row(figures(row, excludeShort, callbacks == null ? null
                    : callbackCounts.getOrDefault(key(row.getString("ivl"), row.getString("tier")), new long[2])));
        }
        return table;
    }

    private static String key(String interval, String tier) {
        return interval + "\u0000" + tier;
    }

    /** One row's figures from the sums; rates are null when there was nothing to divide. */
    static JsonObject figures(Row row, boolean excludeShort, long[] callbacks) {
        long offered = row.getLong("offered");
        long answered = row.getLong("answered");
        long abandoned = row.getLong("abandoned");
        long shortAbandoned = row.getLong("short_abandoned");
        long within = row.getLong("answered_within");
        long counted = excludeShort ? shortAbandoned : 0;
        long managed = row.getLong("managed_answered");
        Double p90 = row.getDouble("p90_answer_ms");
        String tier = row.getString("tier");
        return new JsonObject()
                .put("interval", row.getString("ivl"))
                .put("queue", row.getString("queue"))
                .put("tier", tier == null ? null : tier.isEmpty() ? NO_TIER : tier)
                .put("offered", offered)
                .put("answered", answered)
                .put("abandoned", abandoned)
                .put("shortAbandoned", shortAbandoned)
                .put("timedOut", offered - answered - abandoned)
                .put("answeredWithin", within)
                .put("serviceLevel", ratio(within, answered))
                .put("serviceLevelWithAbandons", ratio(within, answered + abandoned - counted))
                .put("abandonRate", ratio(abandoned - counted, offered - counted))
                .put("asaMs", answered == 0 ? null : Math.round((double) row.getLong("wait_answered_ms") / answered))
                .put("p90AnswerMs", p90 == null ? null : Math.round(p90))
                .put("ahtMs", answered == 0 ? null
                        : Math.round((double) (row.getLong("talk_ms") + row.getLong("wrapup_ms")) / answered))
                .put("longestWaitMs", offered == 0 ? null : row.getLong("max_wait_ms"))
                .put("callbacksRequested", callbacks == null ? null : callbacks[0])
                .put("callbacksCompleted", callbacks == null ? null : callbacks[1])
                .put("managedAnswered", managed)
                .put("managerShare", ratio(row.getLong("managed_by_own"), managed));
    }

    /** The rows over the whole range (interval null) are the totals; the others stay in the series. */
    private static io.vertx.core.json.JsonArray totals(ReportTable table) {
        io.vertx.core.json.JsonArray totals = new io.vertx.core.json.JsonArray();
        io.vertx.core.json.JsonArray series = new io.vertx.core.json.JsonArray();
        for (int i = 0; i < table.rows().size(); i++) {
            JsonObject row = table.rows().getJsonObject(i);
            (row.getString("interval") == null ? totals : series).add(row);
        }
        table.rows().clear();
        table.rows().addAll(series);
        return totals;
    }

    static Double ratio(long part, long whole) {
        return whole <= 0 ? null : (double) part / whole;
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    List<String> queues() {
        return settings.queueNames();
    }
}

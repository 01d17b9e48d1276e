package org.calldesk.reports;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.platform.Invalid;
import org.calldesk.platform.SessionUser;

import java.util.Locale;
import java.util.Map;

import static org.calldesk.reports.QueueReport.blankToNull;
import static org.calldesk.reports.QueueReport.ratio;
import static org.calldesk.reports.ReportTable.Kind.COUNT;
import static org.calldesk.reports.ReportTable.Kind.NUMBER;
import static org.calldesk.reports.ReportTable.Kind.PERCENT;
import static org.calldesk.reports.ReportTable.Kind.SECONDS;
import static org.calldesk.reports.ReportTable.Kind.TEXT;

/**
 * Complaints by category, severity, tier or owner: opened, resolved and reopened in the range, first-response and
 * resolution targets met, median business time to the first response, time to resolve in business time (median and
 * 90th percentile of the times each complaint's SLA clock counted, stored as it was resolved), escalations by level, follow-up satisfaction, and customers who complained more than once.
 */
public final class ComplaintReport {

    private static final Map<String, String> DIMENSIONS = Map.of(
            "category", "c.category",
            "severity", "c.severity",
            "tier", "coalesce(c.tier, 'none')",
            "owner", "coalesce(a.display_name, 'unassigned')");

    private final Pool pg;
    private final ReportSettings settings;

    public ComplaintReport(Pool pg, ReportSettings settings) {
        this.pg = pg;
        this.settings = settings;
    }

    public Future<JsonObject> run(MultiMap params, SessionUser user) {
        ReportRange range;
        String by;
        try {
            range = ReportRange.parse(params, settings);
            by = params.get("by") == null || params.get("by").isBlank() ? "category" : params.get("by").trim().toLowerCase(Locale.ROOT);
            if (!DIMENSIONS.containsKey(by)) {
                throw new Invalid("by", "by must be category, severity, tier or owner; got '" + params.get("by") + "'");
            }
        } catch (Invalid e) {
            return Future.failedFuture(e);
        }
        String category = blankToNull(params.get("category"));
        String tier = blankToNull(params.get("tier"));
        String severity = blankToNull(params.get("severity"));
        String dimension = by;
        Interval step = range.interval().atLeastDay();
        return pg.preparedQuery(ReportSql.complaints(DIMENSIONS.get(by)))
                .execute(Tuple.of(range.startUtc(), range.endUtc(), category, tier, severity))
                .compose(rows -> pg.preparedQuery(ReportSql.COMPLAINT_SERIES).execute(Tuple.of(range.startUtc(), range.endUtc(),
                        range.zone().getId(), step.sqlUnit(), step.sqlInterval(), category, tier, severity))
                        .map(points -> {
                            ReportTable table = columns();
                            long[] sums = new long[13];
                            for (Row row : rows) {
                                table.row(figures(row, dimension));
                                add(sums, row);
                            }
                            JsonArray series = new JsonArray();
                            points.forEach(p -> series.add(new JsonObject().put("interval", p.getString("ivl"))
                                    .put("opened", p.getLong("opened")).put("resolved", p.getLong("resolved"))));
                            return new JsonObject().put("report", "complaints")
                                    .put("from", range.from().toString()).put("to", range.to().toString())
                                    .put("interval", step.param()).put("timeZone", range.zone().getId())
                                    .put("by", dimension)
                                    .put("columns", table.columnsJson()).put("rows", table.rows())
                                    .put("totals", new JsonArray().add(total(sums)))
                                    .put("series", series)
                                    .put("chart", new JsonObject().put("type", "series").put("series", new JsonArray()
                                            .add(new JsonObject().put("key", "opened").put("label", "opened"))
                                            .add(new JsonObject().put("key", "resolved").put("label", "resolved"))))
                                    .put("noteKey", "report.note.complaints");
                        }));
    }

    static ReportTable columns() {
        return new ReportTable()
                .column("group", "Group", TEXT)
                .column("opened", "Opened", COUNT)
                .column("resolved", "Resolved", COUNT)
                .column("reopened", "Reopened", COUNT)
                .column("firstResponseMet", "First response in time %", PERCENT)
                .column("medianFirstResponseMs", "Time to first response, median (business time, s)", SECONDS)
                .column("resolutionMet", "Resolved in time %", PERCENT)
                .column("medianResolveMs", "Time to resolve, median (business time, s)", SECONDS)
                .column("p90ResolveMs", "Time to resolve, 90th percentile (business time, s)", SECONDS)
                .column("escalations1", "Escalations level 1", COUNT)
                .column("escalations2", "Escalations level 2 (breach)", COUNT)
                .column("escalations3", "Escalations level 3", COUNT)
                .column("csat", "Satisfied (4–5) %", PERCENT)
                .column("avgScore", "Average follow-up score", NUMBER)
                .column("repeatCustomers", "Customers who complained more than once", COUNT)
                .column("repeatComplaints", "Their complaints", COUNT);
    }

    private static JsonObject figures(Row row, String by) {
        Double median = row.getDouble("median_s");
        Double p90 = row.getDouble("p90_s");
        Double response = row.getDouble("response_median_s");
        return new JsonObject()
                .put("group", row.getString("g"))
                .put("by", by)
                .put("opened", row.getLong("opened"))
                .put("resolved", row.getLong("resolved"))
                .put("reopened", row.getLong("reopened"))
                .put("firstResponseMet", ratio(row.getLong("responded_in_time"), row.getLong("responded")))
                .put("medianFirstResponseMs", response == null ? null : Math.round(response * 1000))
                .put("resolutionMet", ratio(row.getLong("resolved_in_time"), row.getLong("resolved")))
                .put("medianResolveMs", median == null ? null : Math.round(median * 1000))
                .put("p90ResolveMs", p90 == null ? null : Math.round(p90 * 1000))
                .put("escalations1", row.getLong("l1"))
                .put("escalations2", row.getLong("l2"))
                .put("escalations3", row.getLong("l3"))
                .put("csat", ratio(row.getLong("satisfied"), row.getLong("scored")))
                .put("avgScore", row.getDouble("avg_score"))
                .put("repeatCustomers", row.getLong("repeat_customers"))
                .put("repeatComplaints", row.getLong("repeat_complaints"));
    }

    private static final String[] SUMMED = {"opened", "resolved", "reopened", "responded", "responded_in_time",
        "resolved_in_time", "l1", "l2", "l3", "scored", "satisfied", "repeat_customers", "repeat_complaints"};

    private static void add(long[] sums, Row row) {
        for (int i = 0; i < SUMMED.length; i++) {
            sums[i] += row.getLong(SUMMED[i]);
        }
    }

    /** Counts add up over the groups; percentiles and averages do not, so the total row leaves them out. */
    private static JsonObject total(long[] s) {
        return new JsonObject().put("opened", s[0]).put("resolved", s[1]).put("reopened", s[2])
                .put("firstResponseMet", ratio(s[4], s[3])).put("resolutionMet", ratio(s[5], s[1]))
                .put("escalations1", s[6]).put("escalations2", s[7]).put("escalations3", s[8])
                .put("csat", ratio(s[10], s[9])).put("repeatCustomers", s[11]).put("repeatComplaints", s[12]);
    }
}

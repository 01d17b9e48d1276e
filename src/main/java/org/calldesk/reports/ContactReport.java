package org.calldesk.reports;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.calldesk.platform.Invalid;
import org.calldesk.platform.SessionUser;

import static org.calldesk.reports.QueueReport.blankToNull;
import static org.calldesk.reports.ReportTable.Kind.COUNT;
import static org.calldesk.reports.ReportTable.Kind.TEXT;

/**
 * Why people called and how their calls ended, over time: the agents' dispositions (by when they were saved) and
 * the callers' menu choices (every stored call, menu-only ones too), from hourly rollups.
 */
public final class ContactReport {

    private final Pool pg;
    private final ReportSettings settings;

    public ContactReport(Pool pg, ReportSettings settings) {
        this.pg = pg;
        this.settings = settings;
    }

    public Future<JsonObject> run(MultiMap params, SessionUser user) {
        ReportRange range;
        try {
            range = ReportRange.parse(params, settings);
        } catch (Invalid e) {
            return Future.failedFuture(e);
        }
        String agent = blankToNull(params.get("agent"));
        Interval step = range.interval().atLeastDay();
        Tuple tuple = Tuple.of(range.from(), range.to(), range.zone().getId(), step.sqlUnit(), step.sqlInterval(), agent);
        Future<RowSet<Row>> reasons = agent != null ? Future.succeededFuture(null)
                : pg.preparedQuery(ReportSql.REASONS).execute(Tuple.of(range.from(), range.to(), range.zone().getId(),
                        step.sqlUnit(), step.sqlInterval()));
        return pg.preparedQuery(ReportSql.DISPOSITIONS).execute(tuple).compose(dispositions -> reasons.map(menu -> {
            ReportTable table = new ReportTable()
                    .column("interval", "Interval", TEXT)
                    .column("kind", "What", TEXT)
                    .column("name", "Name", TEXT)
                    .column("calls", "Calls", COUNT);
            JsonArray totals = new JsonArray();
            add(table, totals, dispositions, "disposition");
            if (menu != null) {
                add(table, totals, menu, "reason");
            }
            return new JsonObject().put("report", "dispositions")
                    .put("from", range.from().toString()).put("to", range.to().toString())
                    .put("interval", step.param()).put("timeZone", range.zone().getId())
                    .put("columns", table.columnsJson()).put("rows", table.rows()).put("totals", totals)
                    .put("chart", new JsonObject().put("type", "stacked").put("key", "label").put("value", "calls"));
        }));
    }

    private static void add(ReportTable table, JsonArray totals, RowSet<Row> rows, String kind) {
        for (Row row : rows) {
            String name = row.getString("name");
            JsonObject out = new JsonObject()
                    .put("interval", row.getString("ivl"))
                    .put("kind", kind)
                    .put("name", name == null || name.isEmpty() ? "none" : name)
                    .put("label", kind + ": " + (name == null || name.isEmpty() ? "none" : name))
                    .put("calls", row.getLong("calls"));
            if (out.getString("interval") == null) {
                totals.add(out);
            } else {
                table.row(out);
            }
        }
    }
}

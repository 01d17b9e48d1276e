package org.calldesk.reports;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.calldesk.platform.SessionUser;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.calldesk.reports.QueueReport.ratio;
import static org.calldesk.reports.ReportTable.Kind.COUNT;
import static org.calldesk.reports.ReportTable.Kind.NUMBER;
import static org.calldesk.reports.ReportTable.Kind.PERCENT;
import static org.calldesk.reports.ReportTable.Kind.TEXT;

/**
 * Customer value as it stands: the pyramid (customers and value per tier, with their shares), the Pareto curve (share
 * of value from the top N % of customers, by the ranks of the last reclassification), and the tier movements of that
 * reclassification. It describes now, so it takes no date range.
 */
public final class ValueReport {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Pool pg;
    private final List<String> tiers;
    private final ZoneId zone;

    public ValueReport(Pool pg, List<String> tiers, ZoneId zone) {
        this.pg = pg;
        this.tiers = List.copyOf(tiers);
        this.zone = zone;
    }

    public Future<JsonObject> run(MultiMap params, SessionUser user) {
        return pg.query(ReportSql.PYRAMID).execute().compose(pyramid -> pg.query(ReportSql.PARETO).execute()
                .compose(pareto -> pg.query(ReportSql.TIER_MOVES).execute().map(moves -> {
                    Map<String, Row> byTier = new HashMap<>();
                    long customers = 0;
                    double value = 0;
                    for (Row row : pyramid) {
                        byTier.put(row.getString("tier"), row);
                        customers += row.getLong("customers");
                        value += row.getDouble("value");
                    }
                    ReportTable table = new ReportTable()
                            .column("tier", "Tier", TEXT)
                            .column("customers", "Customers", COUNT)
                            .column("customerShare", "Share of customers %", PERCENT)
                            .column("value", "Value (12 months)", NUMBER)
                            .column("valueShare", "Share of value %", PERCENT)
                            .column("movedIn", "Moved in at the last reclassification", COUNT)
                            .column("movedOut", "Moved out", COUNT);
                    Map<String, long[]> moved = new HashMap<>();
                    JsonArray movements = new JsonArray();
                    String reclassifiedAt = null;
                    for (Row row : moves) {
                        reclassifiedAt = row.getOffsetDateTime("moved_at").atZoneSameInstant(zone).format(MINUTE);
                        moved.computeIfAbsent(row.getString("to_tier"), t -> new long[2])[0] += row.getLong("n");
                        moved.computeIfAbsent(row.getString("from_tier"), t -> new long[2])[1] += row.getLong("n");
                        movements.add(new JsonObject().put("from", row.getString("from_tier")).put("to", row.getString("to_tier"))
                                .put("customers", row.getLong("n")));
                    }
                    List<String> order = new ArrayList<>(tiers);
                    byTier.keySet().stream().filter(t -> !order.contains(t)).sorted().forEach(order::add);
                    for (String tier : order) {
                        Row row = byTier.get(tier);
                        long n = row == null ? 0 : row.getLong("customers");
                        double v = row == null ? 0 : row.getDouble("value");
                        long[] m = moved.getOrDefault(tier, new long[2]);
                        table.row(new JsonObject().put("tier", tier).put("customers", n)
                                .put("customerShare", ratio(n, customers))
                                .put("value", v).put("valueShare", value == 0 ? null : v / value)
                                .put("movedIn", m[0]).put("movedOut", m[1]));
                    }
                    JsonArray points = new JsonArray().add(new JsonObject().put("customersPct", 0).put("valuePct", 0.0));
                    for (Row row : pareto) {
                        double total = row.getDouble("total");
                        points.add(new JsonObject().put("customersPct", row.getInteger("pct"))
                                .put("valuePct", total == 0 ? null : Math.round(row.getDouble("cumulative") / total * 1000) / 10.0));
                    }
                    return new JsonObject().put("report", "value")
                            .put("columns", table.columnsJson()).put("rows", table.rows())
                            .put("totals", new JsonArray().add(new JsonObject().put("customers", customers).put("value", value)
                                    .put("customerShare", customers == 0 ? null : 1.0).put("valueShare", value == 0 ? null : 1.0)))
                            .put("pareto", points)
                            .put("movements", movements)
                            .put("reclassifiedAt", reclassifiedAt)
                            .put("chart", new JsonObject().put("type", "pareto").put("points", points))
                            .put("noteKey", reclassifiedAt == null ? "report.note.valueNoMoves" : "report.note.value")
                            .put("noteArgs", new JsonArray().add(reclassifiedAt == null ? "" : reclassifiedAt));
                })));
    }
}

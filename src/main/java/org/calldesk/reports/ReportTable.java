package org.calldesk.reports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A report's table: its columns, each with the kind of value it holds, and its rows as JSON objects. The page
 * renders it and the CSV download writes exactly it, so the two cannot disagree.
 */
public final class ReportTable {

    /** How a column's raw value (as in the JSON) is shown: ratios as percent, milliseconds as seconds. */
    public enum Kind { TEXT, COUNT, PERCENT, SECONDS, NUMBER }

    public record Column(String key, String label, Kind kind) {
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final List<Column> columns = new ArrayList<>();
    private final JsonArray rows = new JsonArray();

    public ReportTable column(String key, String label, Kind kind) {
        columns.add(new Column(key, label, kind));
        return this;
    }

    public ReportTable row(JsonObject row) {
        rows.add(row);
        return this;
    }

    public JsonArray rows() {
        return rows;
    }

    public List<Column> columns() {
        return List.copyOf(columns);
    }

    public JsonArray columnsJson() {
        JsonArray out = new JsonArray();
        columns.forEach(c -> out.add(new JsonObject().put("key", c.key()).put("label", c.label())
                .put("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT))));
        return out;
    }

    /**
     * The table a report answered with (its columns, its rows, then its totals, marked "Total"), for the CSV
     * download of exactly what the page shows.
     */
    public static ReportTable of(JsonObject report, String totalLabel) {
        ReportTable table = new ReportTable();
        JsonArray columns = report.getJsonArray("columns");
        for (int i = 0; i < columns.size(); i++) {
            JsonObject c = columns.getJsonObject(i);
            table.column(c.getString("key"), c.getString("label"),
                    Kind.valueOf(c.getString("kind").toUpperCase(java.util.Locale.ROOT)));
        }
        report.getJsonArray("rows").forEach(row -> table.row((JsonObject) row));
        JsonArray totals = report.getJsonArray("totals");
        if (totals != null && !table.columns.isEmpty()) {
            String first = table.columns.get(0).key();
            totals.forEach(row -> {
                JsonObject total = ((JsonObject) row).copy();
                if (total.getValue(first) == null) {
                    total.put(first, totalLabel);
                }
                table.row(total);
            });
        }
        return table;
    }

    /** UTF-8 with a byte-order mark (Excel reads Chinese names right only with it), CRLF line ends (RFC 4180). */
    public byte[] csv() {
        StringBuilder out = new StringBuilder();
        appendLine(out, columns.stream().map(Column::label).toList());
        for (int i = 0; i < rows.size(); i++) {
            JsonObject row = rows.getJsonObject(i);
            appendLine(out, columns.stream().map(c -> shown(c, row.getValue(c.key()))).toList());
        }
        byte[] text = out.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[BOM.length + text.length];
        System.arraycopy(BOM, 0, all, 0, BOM.length);
        System.arraycopy(text, 0, all, BOM.length, text.length);
        return all;
    }

    static String shown(Column column, Object value) {
        if (value == null) {
            return "";
        }
        return switch (column.kind()) {
            case PERCENT -> decimal(((Number) value).doubleValue() * 100, 1);
            case SECONDS -> decimal(((Number) value).doubleValue() / 1000, 1);
            case NUMBER -> decimal(((Number) value).doubleValue(), 2);
            case COUNT, TEXT -> String.valueOf(value);
        };
    }

    private static String decimal(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).toPlainString();
    }

    private static void appendLine(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
    }

    /**
     * One CSV cell. A cell a spreadsheet would read as a formula (starting with =, +, -, @, tab or CR) gets a
     * leading apostrophe, so a customer named "=HYPERLINK(...)" stays text (OWASP's CSV injection advice); numbers
     * we write ourselves are never negative, so no figure is changed by it. Quotes as RFC 4180 wants.
     */
    static String cell(String value) {
        String text = value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0
                || text.indexOf('\t') >= 0 || text.startsWith("'")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}

package org.calldesk.reports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ReportTableTest {

    @Test
    @DisplayName("a cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is written as text")
    void formulaNeutralised() {
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\")\"", ReportTable.cell("=HYPERLINK(\"http://x\")"));
        assertEquals("\"'+1\"", ReportTable.cell("+1"));
        assertEquals("\"'-2+3\"", ReportTable.cell("-2+3"));
        assertEquals("\"'@SUM(A1)\"", ReportTable.cell("@SUM(A1)"));
        assertEquals("\"'\tx\"", ReportTable.cell("\tx"));
        assertEquals("\"'\rx\"", ReportTable.cell("\rx"));
        assertEquals("a=b", ReportTable.cell("a=b"), "only the first character matters");
        assertEquals("\"a,b\"", ReportTable.cell("a,b"));
        assertEquals("张三", ReportTable.cell("张三"));
    }

    @Test
    @DisplayName("the CSV is UTF-8 with a byte-order mark, CRLF lines, ratios as percent and milliseconds as seconds, totals marked")
    void csv() {
        JsonObject report = new JsonObject()
                .put("columns", new JsonArray()
                        .add(new JsonObject().put("key", "name").put("label", "Agent").put("kind", "text"))
                        .add(new JsonObject().put("key", "n").put("label", "Calls").put("kind", "count"))
                        .add(new JsonObject().put("key", "sl").put("label", "SL %").put("kind", "percent"))
                        .add(new JsonObject().put("key", "asa").put("label", "ASA (s)").put("kind", "seconds")))
                .put("rows", new JsonArray().add(new JsonObject().put("name", "王芳").put("n", 3).put("sl", 2.0 / 3).put("asa", 16_333))
                        .add(new JsonObject().put("name", "=1+1").put("n", 0)))
                .put("totals", new JsonArray().add(new JsonObject().put("n", 3).put("sl", 0.5)));
        byte[] csv = ReportTable.of(report, "Total").csv();
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(csv, 3));
        String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        assertEquals("Agent,Calls,SL %,ASA (s)\r\n王芳,3,66.7,16.3\r\n\"'=1+1\",0,,\r\nTotal,3,50.0,\r\n", text);
    }
}

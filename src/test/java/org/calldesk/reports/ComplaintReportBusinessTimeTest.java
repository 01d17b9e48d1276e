package org.calldesk.reports;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The complaints report on the shared server: it says its times are business time, and filters by the live categories. */
@ServerTest
class ComplaintReportBusinessTimeTest {

    private static HttpResponse<Buffer> send(Http http, HttpMethod method, String path, JsonObject body) {
        return TestServer.await(http.send(method, path, body == null ? null : Buffer.buffer(body.encode())));
    }

    private static JsonArray categories(Http supervisor) {
        HttpResponse<Buffer> options = supervisor.get("/api/reports/options");
        assertEquals(200, options.statusCode(), options.bodyAsString());
        return options.bodyAsJsonObject().getJsonArray("category");
    }

    @Test
    @DisplayName("the category filter lists the categories administrators set, at once, and the YAML's again after a reset")
    void liveCategories() {
        Http admin = Http.as("admin");
        Http supervisor = Http.as("supervisor");
        assertFalse(categories(supervisor).contains("warranty"));
        try {
            assertEquals(200, send(admin, HttpMethod.PUT, "/api/admin/lists/categories", new JsonObject()
                    .put("values", new JsonArray().add("billing").add("Warranty"))).statusCode());
            assertEquals(new JsonArray().add("billing").add("warranty"), categories(supervisor));
        } finally {
            assertEquals(200, send(admin, HttpMethod.DELETE, "/api/admin/lists/categories", null).statusCode());
        }
        JsonArray yaml = categories(supervisor);
        assertFalse(yaml.contains("warranty"));
        assertTrue(yaml.size() > 2, "the YAML's categories: " + yaml);
    }

    @Test
    @DisplayName("the report says its times to respond and to resolve are business time, in the table's labels and the note")
    void saysBusinessTime() {
        String today = LocalDate.now(TestServer.get().server.settings().reports().zone()).toString();
        HttpResponse<Buffer> answer = Http.as("supervisor").get("/api/reports/complaints?from=" + today + "&to=" + today);
        assertEquals(200, answer.statusCode(), answer.bodyAsString());
        JsonObject report = answer.bodyAsJsonObject();
        assertTrue(report.getString("note").contains("business time"), report.getString("note"));
        JsonArray columns = report.getJsonArray("columns");
        for (String key : new String[]{"medianFirstResponseMs", "medianResolveMs", "p90ResolveMs"}) {
            JsonObject column = columns.stream().map(JsonObject.class::cast).filter(c -> c.getString("key").equals(key))
                    .findFirst().orElseThrow(() -> new AssertionError("no column " + key + " in " + columns.encode()));
            assertTrue(column.getString("label").contains("business time"), column.encode());
        }
    }
}

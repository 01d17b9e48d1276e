package org.calldesk.reports;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who may see which report, on the shared server; what the API and the CSV answer. */
@ServerTest
class ReportAccessTest {

    private static final String RANGE = "?from=2026-01-01&to=2026-01-31";

    @Test
    @DisplayName("reports are for supervisors and admins: 401 without a session, 403 for an agent, pages and data for the others")
    void supervisorsOnly() {
        for (String path : List.of("/api/reports/queues", "/api/reports/green", "/api/reports/agents", "/api/reports/queues.csv",
                "/api/reports/options")) {
            assertEquals(401, Http.anonymous().get(path + RANGE).statusCode(), path);
            assertEquals(403, Http.as("agent1").get(path + RANGE).statusCode(), path);
            for (String who : List.of("supervisor", "admin")) {
                HttpResponse<Buffer> response = Http.as(who).get(path + RANGE);
                assertEquals(200, response.statusCode(), path + " " + response.bodyAsString());
            }
        }
        HttpResponse<Buffer> anonymous = Http.anonymous().get("/reports/queues");
        assertEquals(302, anonymous.statusCode());
        assertTrue(anonymous.getHeader("Location").startsWith("/login?next="));
        assertEquals(403, Http.as("agent1").get("/reports/queues").statusCode());
        HttpResponse<Buffer> page = Http.as("supervisor").get("/reports/queues");
        assertEquals(200, page.statusCode());
        String html = page.bodyAsString();
        assertTrue(html.contains("href=\"/reports\""), "the supervisor's menu links the reports");
        assertTrue(html.contains("/webjars/echarts/5.3.1/dist/echarts.min.js") && html.contains("/static/reports.js"));
        assertTrue(html.contains("href=\"/reports/green\"") && html.contains("href=\"/reports/agents\""));
        assertEquals(200, Http.anonymous().get("/webjars/echarts/5.3.1/dist/echarts.min.js").statusCode());
        assertFalse(Http.as("agent1").get("/customers").bodyAsString().contains("href=\"/reports\""),
                "agents have no link to the supervisors' reports");
    }

    @Test
    @DisplayName("an agent sees their own figures at /reports/me, and no filter shows them anyone else's")
    void agentsSeeTheirOwn() {
        Pool pg = TestServer.get().server.pg();
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        LocalDate day = LocalDate.of(2026, 2, 3);
        long agent1 = id(pg, "agent1");
        long agent2 = id(pg, "agent2");
        answered(pg, agent1, day.atTime(10, 0).atZone(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC), 30_000);
        answered(pg, agent2, day.atTime(11, 0).atZone(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC), 50_000);
        String range = "?from=" + day + "&to=" + day;

        assertEquals(200, Http.as("agent1").get("/reports/me").statusCode());
        for (String query : List.of(range, range + "&agent=agent2&team=A")) {
            JsonObject mine = Http.as("agent1").get("/api/reports/me" + query).bodyAsJsonObject();
            assertEquals(1, mine.getJsonArray("rows").size(), mine.encode());
            JsonObject row = mine.getJsonArray("rows").getJsonObject(0);
            assertEquals("agent1", row.getString("username"));
            assertEquals(1, row.getLong("answered"));
            assertEquals(30_000, row.getLong("talkMs"));
            assertTrue(mine.getJsonArray("totals").isEmpty(), "no team totals, which would count other agents");
        }
        JsonObject all = Http.as("supervisor").get("/api/reports/agents" + range + "&team=A").bodyAsJsonObject();
        assertTrue(all.getJsonArray("rows").stream().map(JsonObject.class::cast)
                .anyMatch(r -> r.getString("username").equals("agent2") && r.getLong("answered") == 1), all.encode());
        assertEquals(401, Http.anonymous().get("/api/reports/me" + range).statusCode());
    }

    @Test
    @DisplayName("a date range that is empty, inverted or over the limit is a 400 that says why")
    void badRange() {
        Http supervisor = Http.as("supervisor");
        assertBad(supervisor.get("/api/reports/queues"), "from is required");
        assertBad(supervisor.get("/api/reports/queues?from=2026-02-01&to=2026-01-01"), "inverted");
        assertBad(supervisor.get("/api/reports/queues?from=2020-01-01&to=2026-01-01"), "at most");
        assertBad(supervisor.get("/api/reports/agents.csv?from=2026-01-01&to=soon"), "YYYY-MM-DD");
        assertBad(Http.as("agent1").get("/api/reports/me?from=2026-02-01&to=2026-01-01"), "inverted");
    }

    @Test
    @DisplayName("the CSV download is the report's table: UTF-8 with a BOM, Chinese names intact, formulas neutralised")
    void csv() {
        Pool pg = TestServer.get().server.pg();
        String username = "csv" + UUID.randomUUID().toString().substring(0, 8);
        TestServer.await(pg.preparedQuery("INSERT INTO agents (username, display_name, role, password_hash, team) "
                + "VALUES ($1, '=HYPERLINK(\"http://evil\")', 'agent', 'x', '客服一组')").execute(Tuple.of(username)));
        HttpResponse<Buffer> response = Http.as("supervisor").get("/api/reports/agents.csv" + RANGE + "&agent=" + username);
        assertEquals(200, response.statusCode(), response.bodyAsString());
        assertEquals("text/csv; charset=utf-8", response.getHeader("Content-Type"));
        assertTrue(response.getHeader("Content-Disposition").contains("agents-2026-01-01-2026-01-31.csv"));
        byte[] bytes = response.body().getBytes();
        assertEquals((byte) 0xEF, bytes[0]);
        assertEquals((byte) 0xBB, bytes[1]);
        assertEquals((byte) 0xBF, bytes[2]);
        String[] lines = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).split("\r\n");
        assertTrue(lines[0].startsWith("Agent,Team,Answered,"), lines[0]);
        assertEquals(2, lines.length, String.join("\n", lines));
        assertTrue(lines[1].startsWith("\"'=HYPERLINK(\"\"http://evil\"\")\",客服一组,0,"), lines[1]);
    }

    private static void assertBad(HttpResponse<Buffer> response, String reason) {
        assertEquals(400, response.statusCode(), response.bodyAsString());
        assertTrue(response.bodyAsJsonObject().getString("error").contains(reason), response.bodyAsString());
    }

    private static long id(Pool pg, String username) {
        return TestServer.await(pg.preparedQuery("SELECT id FROM agents WHERE username = $1").execute(Tuple.of(username)))
                .iterator().next().getLong("id");
    }

    private static void answered(Pool pg, long agent, java.time.OffsetDateTime at, long talkMs) {
        TestServer.await(pg.preparedQuery("""
                INSERT INTO calls (linkedid, queue, entered_at, answered_at, ended_at, outcome, wait_ms, talk_ms, agent_id)
                VALUES ($1, 'service', $2, $2, $3, 'answered', 0, $4, $5)""").execute(Tuple.of("rep-" + UUID.randomUUID(), at,
                at.plusSeconds(talkMs / 1000), talkMs, agent)));
    }
}

package org.calldesk.customers;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ServerTest
class CustomerApiTest {

    private static final String HEADER = "external_id,name,phones,email,revenue_12m,cost_12m,first_contact,last_contact,account_manager\n";
    private static Http admin;
    private static Http agent;

    @BeforeAll
    static void login() {
        admin = Http.as("admin");
        agent = Http.as("agent1");
    }

    @Test
    @DisplayName("an import keeps the good rows and reports each bad row by its line")
    void importWithBadRows() {
        String csv = HEADER
                + "IMP-1,Alice Importer,138 0013 8000;+86 139 0000 0001,alice@example.com,1000.50,100,2024-01-01,2026-01-01,agent1\n"
                + "IMP-2,Bob Bogus,bogus,,10,1,,,\n"
                + "IMP-3,Carol,+8613700000003,not-an-email,10,1,,,\n"
                + "IMP-4,Dan,13700000004,,abc,1,,,\n"
                + "IMP-5,Eve,13700000005,,1,1,2024-13-01,,\n"
                + "IMP-6,Fay,13700000006,,1,1,,,nobody\n"
                + "\"IMP-7\",\"Gus, Jr.\",13700000007,,5,1,,,\n"
                + "IMP-8,only,three\n";
        HttpResponse<Buffer> response = admin.postText("/api/customers/import", csv);
        assertEquals(200, response.statusCode(), response.bodyAsString());
        JsonObject body = response.bodyAsJsonObject();
        assertEquals(2, body.getInteger("imported"));
        assertEquals(0, body.getInteger("updated"));
        JsonArray rejected = body.getJsonArray("rejected");
        assertEquals(List.of(3, 4, 5, 6, 7, 9), rejected.stream().map(r -> ((JsonObject) r).getInteger("line")).toList());
        assertTrue(rejected.getJsonObject(0).getString("reason").contains("bogus"));
        assertTrue(rejected.getJsonObject(4).getString("reason").contains("nobody"));
        assertTrue(rejected.getJsonObject(5).getString("reason").contains("expected 9 columns"));

        JsonObject gus = agent.get("/api/customers?phone=13700000007").bodyAsJsonObject();
        assertEquals("Gus, Jr.", gus.getString("name"));
        JsonObject alice = agent.get("/api/customers?phone=13900000001").bodyAsJsonObject();
        assertEquals("agent1", alice.getJsonObject("accountManager").getString("username"));
        assertEquals(0, new java.math.BigDecimal("900.50").compareTo(new java.math.BigDecimal(alice.getValue("value").toString())));
        assertEquals(2, alice.getJsonArray("phones").size());

        HttpResponse<Buffer> again = admin.postText("/api/customers/import", HEADER
                + "IMP-1,Alice Renamed,138 0013 8000,alice@example.com,1000.50,100,2024-01-01,2026-01-01,agent1\n");
        assertEquals(0, again.bodyAsJsonObject().getInteger("imported"));
        assertEquals(1, again.bodyAsJsonObject().getInteger("updated"));
    }

    @Test
    @DisplayName("a row with a NUL or a date PostgreSQL cannot hold is reported by its line; the import keeps the others")
    void rowsTheDatabaseWouldRefuse() {
        HttpResponse<Buffer> response = admin.postText("/api/customers/import", HEADER
                + "DBX-1,Kept Before,+86 137 0000 2001,,10,1,,,\n"
                + "DBX-2,Nul\u0000Name,+86 137 0000 2002,,10,1,,,\n"
                + "DBX-3,Far Future,+86 137 0000 2003,,10,1,2024-01-01,+999999999-12-31,\n"
                + "DBX-4,Kept After,+86 137 0000 2004,,10,1,,,\n");
        assertEquals(200, response.statusCode(), response.bodyAsString());
        JsonObject body = response.bodyAsJsonObject();
        assertEquals(2, body.getInteger("imported"), body.encode());
        assertEquals(List.of(3, 4), body.getJsonArray("rejected").stream().map(r -> ((JsonObject) r).getInteger("line")).toList());
        assertEquals(200, agent.get("/api/customers?phone=13700002004").statusCode());
    }

    @Test
    @DisplayName("a customer is found by any way of writing the number; unknown and unparseable numbers give 404")
    void lookupInEveryFormat() {
        admin.postText("/api/customers/import", HEADER + "FMT-1,Format Tester,+86 136 1111 2222,,50,5,,,\n");
        long id = -1;
        for (String format : List.of("136 1111 2222", "+86 136-1111-2222", "008613611112222", "13611112222", "+8613611112222")) {
            HttpResponse<Buffer> response = agent.get("/api/customers?phone=" + URLEncoder.encode(format, StandardCharsets.UTF_8));
            assertEquals(200, response.statusCode(), format + ": " + response.bodyAsString());
            long found = response.bodyAsJsonObject().getLong("id");
            if (id < 0) {
                id = found;
            }
            assertEquals(id, found, format);
        }
        assertEquals(404, agent.get("/api/customers?phone=13500000999").statusCode());
        HttpResponse<Buffer> garbage = agent.get("/api/customers?phone=hello");
        assertEquals(404, garbage.statusCode());
        assertTrue(garbage.bodyAsJsonObject().getString("error").contains("hello"));
        assertEquals(200, agent.get("/api/customers/" + id).statusCode());
        assertEquals(404, agent.get("/api/customers/999999999").statusCode());
        assertEquals(400, agent.get("/api/customers/abc").statusCode());
        assertEquals(400, agent.get("/api/customers").statusCode());
    }

    @Test
    @DisplayName("an import invalidates the cached card so the next lookup shows the new data")
    void cacheInvalidation() {
        admin.postText("/api/customers/import", HEADER + "CACHE-1,Before Import,+86 135 2222 3333,,50,5,,,\n");
        assertEquals("Before Import", agent.get("/api/customers?phone=13522223333").bodyAsJsonObject().getString("name"));
        org.calldesk.testing.Await.until("the lookup to fill the cache", java.time.Duration.ofSeconds(5), () -> {
            String cached = TestServer.await(TestServer.get().server.redis().call(j -> CustomerCache.readByPhone(j, "+8613522223333")));
            return cached != null && cached.contains("Before Import");
        });

        admin.postText("/api/customers/import", HEADER + "CACHE-1,After Import,+86 135 2222 3333,,50,5,,,\n");
        assertEquals("After Import", agent.get("/api/customers?phone=13522223333").bodyAsJsonObject().getString("name"));
    }

    @Test
    @DisplayName("name search finds customers by the start of the name, best first")
    void searchByName() {
        admin.postText("/api/customers/import", HEADER + "SRCH-1,Zyx Small,+86 135 3333 0001,,10,5,,,\n"
                + "SRCH-2,Zyx Large,+86 135 3333 0002,,10000,5,,,\n");
        JsonArray found = agent.get("/api/customers?q=zyx").bodyAsJsonObject().getJsonArray("customers");
        assertEquals(List.of("Zyx Large", "Zyx Small"), found.stream().map(c -> ((JsonObject) c).getString("name")).toList());
        assertEquals(400, agent.get("/api/customers?q=" + "x".repeat(101)).statusCode());
    }

    @Test
    @DisplayName("an agent creates a customer for an unknown caller: bottom tier, findable by the number; bad input is named")
    void createForUnknownCaller() {
        var created = agent.post("/api/customers", new JsonObject().put("name", "New Caller").put("phone", "138 7777 0001"));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        JsonObject card = created.bodyAsJsonObject();
        assertEquals("bronze", card.getString("tier"));
        assertEquals("new", card.getString("lifecycle"));
        assertEquals(card.getLong("id"), agent.get("/api/customers?phone=%2B8613877770001").bodyAsJsonObject().getLong("id"));

        var again = agent.post("/api/customers", new JsonObject().put("name", "Someone Else").put("phone", "+86 138-7777-0001"));
        assertEquals(409, again.statusCode());
        assertEquals(card.getLong("id"), again.bodyAsJsonObject().getLong("customerId"));
        assertEquals(400, agent.post("/api/customers", new JsonObject().put("phone", "13877770002")).statusCode());
        var badPhone = agent.post("/api/customers", new JsonObject().put("name", "X").put("phone", "call me"));
        assertEquals(400, badPhone.statusCode());
        assertTrue(badPhone.bodyAsJsonObject().getString("error").startsWith("field 'phone'"));
        assertEquals(400, agent.post("/api/customers", new JsonObject().put("name", "X").put("phone", "13877770003")
                .put("tier", "platinum")).statusCode(), "no choosing one's own tier");
        assertEquals(401, org.calldesk.Http.anonymous().post("/api/customers", new JsonObject()).statusCode());
        assertTrue(agent.get("/customers/new?phone=13877770009").bodyAsString().contains("value=\"13877770009\""));
    }

    @Test
    @DisplayName("bodies over 1 MB are refused before anyone reads them, except an admin's CSV import")
    void bodyLimits() {
        String big = "x".repeat(1_200_000);
        HttpResponse<Buffer> json = TestServer.await(Http.as("agent1").send(io.vertx.core.http.HttpMethod.POST, "/api/complaints",
                Buffer.buffer(new JsonObject().put("description", big).encode())));
        assertEquals(413, json.statusCode());
        HttpResponse<Buffer> anonymous = TestServer.await(Http.anonymous().send(io.vertx.core.http.HttpMethod.POST,
                "/api/customers/import", "text/csv", Buffer.buffer(big)));
        assertEquals(401, anonymous.statusCode(), "an anonymous upload is refused on its headers");
        StringBuilder csv = new StringBuilder();
        for (int line = 0; line < 15_000; line++) {
            csv.append("not a valid row, padded to make the file larger than the general limit of one megabyte\n");
        }
        assertTrue(csv.length() > 1_100_000);
        HttpResponse<Buffer> imported = Http.as("admin").postText("/api/customers/import", csv.toString());
        assertEquals(200, imported.statusCode(), "an admin's large import is read");
        assertEquals(15_000, imported.bodyAsJsonObject().getJsonArray("rejected").size());
    }
}

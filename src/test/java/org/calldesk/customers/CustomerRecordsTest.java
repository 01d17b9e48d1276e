package org.calldesk.customers;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.calldesk.Http;
import org.calldesk.Phones;
import org.calldesk.TestServer;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Customer search, edits with their change log, and last contact moved by calls (issue 12). */
@ServerTest
class CustomerRecordsTest {

    private static Http agent;

    @BeforeAll
    static void login() {
        agent = Http.as("agent1");
    }

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static JsonObject create(String name, String phone) {
        HttpResponse<Buffer> created = agent.post("/api/customers", new JsonObject().put("name", name).put("phone", phone));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        return created.bodyAsJsonObject();
    }

    private static List<String> names(HttpResponse<Buffer> response) {
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getJsonArray("customers").stream()
                .map(c -> ((JsonObject) c).getString("name")).toList();
    }

    private static HttpResponse<Buffer> put(Http http, String path, JsonObject body) {
        return TestServer.await(http.send(HttpMethod.PUT, path, "application/json", body.toBuffer()));
    }

    @Test
    @DisplayName("searching a number nobody has answers a page offering to create the customer, in both languages, never 500")
    void unknownNumber() {
        for (String lang : List.of("zh-CN", "en")) {   // English last: agent2 keeps the language other tests expect
            Http who = Http.as("agent2");
            assertEquals(200, TestServer.await(who.send(HttpMethod.PUT, "/api/me/language", "application/json",
                    new JsonObject().put("language", lang).toBuffer())).statusCode());
            for (String number : List.of("+86 138 9999 0000", "13899990000", "(0)12345", "+++++", "12345678901234567890123")) {
                HttpResponse<Buffer> page = who.get("/customers?q=" + q(number));
                assertEquals(200, page.statusCode(), number + ": " + page.bodyAsString());
            }
            String page = who.get("/customers?q=" + q("+86 138 9999 0000")).bodyAsString();
            assertTrue(page.contains("/customers/new?phone="), page);
        }
        assertEquals(404, agent.get("/api/customers?phone=" + q("+86 138 9999 0000")).statusCode());
    }

    @Test
    @DisplayName("a Chinese name is found by part of it, by its pinyin with or without spaces, by its initials, and by part of a number")
    void pinyinAndPartialNumbers() {
        JsonObject zhang = create("张伟强", "+86 135 7246 8101");
        create("Zhanna Ivanova", "+86 135 7246 8102");
        assertTrue(names(agent.get("/api/customers?q=" + q("伟强"))).contains("张伟强"));
        assertTrue(names(agent.get("/api/customers?q=zhangwei")).contains("张伟强"));
        assertTrue(names(agent.get("/api/customers?q=" + q("Zhang Wei"))).contains("张伟强"));
        assertTrue(names(agent.get("/api/customers?q=zwq")).contains("张伟强"));
        List<String> zhan = names(agent.get("/api/customers?q=zhan"));
        assertTrue(zhan.containsAll(List.of("张伟强", "Zhanna Ivanova")), zhan.toString());
        assertTrue(names(agent.get("/api/customers?q=" + q("7246 81"))).containsAll(List.of("张伟强", "Zhanna Ivanova")));
        assertEquals(List.of("张伟强"), names(agent.get("/api/customers?q=" + q("246 8101"))));
        // the search page too: a whole number of a customer opens their page; a part lists them
        assertEquals(302, agent.get("/customers?q=" + q("135 7246 8101")).statusCode());
        String partial = agent.get("/customers?q=" + q("7246 810")).bodyAsString();
        assertTrue(partial.contains("/customers/" + zhang.getLong("id")), partial);
        String byPinyin = agent.get("/customers?q=zhangwei").bodyAsString();
        assertTrue(byPinyin.contains("张伟强"), byPinyin);
    }

    @Test
    @DisplayName("customers written around calldesk (no pinyin yet) get their reading and are then found by it")
    void pinyinFilledIn() {
        long id = Phones.customer("PY-1", "欧阳娜娜", "+86 139 4400 0777", "silver", null);
        assertFalse(names(agent.get("/api/customers?q=ouyang")).contains("欧阳娜娜"));
        assertTrue(TestServer.await(TestServer.get().server.customers().records().fillPinyin()) >= 1);
        assertTrue(names(agent.get("/api/customers?q=ouyang")).contains("欧阳娜娜"));
        assertTrue(names(agent.get("/api/customers?q=oynn")).contains("欧阳娜娜"));
        assertEquals(0, TestServer.await(TestServer.get().server.customers().records().fillPinyin()));
        assertTrue(id > 0);
    }

    @Test
    @DisplayName("nodes filling in pinyin at once share the customers: each name read once, none left")
    void pinyinFilledInOnceByConcurrentNodes() {
        var pg = TestServer.get().server.pg();
        TestServer.await(pg.preparedQuery("""
                INSERT INTO customers (external_id, name, tier, value_rank)
                SELECT 'PYC-' || g, '欧阳' || g, 'bronze', NULL FROM generate_series(1, 4500) g
                """).execute());
        long missing = TestServer.await(pg.query("SELECT count(*) AS n FROM customers WHERE name_pinyin IS NULL").execute())
                .iterator().next().getLong("n");
        assertTrue(missing >= 4500, "customers without pinyin: " + missing);
        var records = TestServer.get().server.customers().records();
        // Two nodes' start-ups at the same moment (batches of 2000): together they fill each customer once.
        var first = records.fillPinyin();
        var second = records.fillPinyin();
        int filled = TestServer.await(first) + TestServer.await(second);
        assertEquals(missing, filled, "each customer filled in by one of them");
        assertEquals(0L, TestServer.await(pg.query("SELECT count(*) AS n FROM customers WHERE name_pinyin IS NULL").execute())
                .iterator().next().getLong("n"));
        assertTrue(names(agent.get("/api/customers?q=ouyang")).stream().anyMatch(n -> n.startsWith("欧阳")));
    }

    @Test
    @DisplayName("a search with more than 50 answers pages through all of them, 50 at a time")
    void paging() {
        StringBuilder csv = new StringBuilder("external_id,name,phones,email,revenue_12m,cost_12m,first_contact,last_contact,account_manager\n");
        for (int i = 0; i < 120; i++) {
            csv.append("PAGE-").append(i).append(",Pagewalker ").append(i).append(",+86 136 5500 ")
                    .append(String.format("%04d", i)).append(",,").append(1000 - i).append(",0,,,\n");
        }
        HttpResponse<Buffer> imported = Http.as("admin").postText("/api/customers/import", csv.toString());
        assertEquals(200, imported.statusCode(), imported.bodyAsString());
        JsonObject first = agent.get("/api/customers?q=pagewalker").bodyAsJsonObject();
        assertEquals(50, first.getJsonArray("customers").size());
        assertTrue(first.getBoolean("more"));
        JsonObject third = agent.get("/api/customers?q=pagewalker&page=3").bodyAsJsonObject();
        assertEquals(20, third.getJsonArray("customers").size());
        assertFalse(third.getBoolean("more"));
        List<String> all = new java.util.ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            all.addAll(names(agent.get("/api/customers?q=pagewalker&page=" + page)));
        }
        assertEquals(120, all.stream().distinct().count());
        assertEquals(400, agent.get("/api/customers?q=pagewalker&page=0").statusCode());
        assertEquals(400, agent.get("/api/customers?q=pagewalker&page=x").statusCode());
        String page2 = agent.get("/customers?q=pagewalker&page=2").bodyAsString();
        assertTrue(page2.contains("page=3") && page2.contains("page=1"), page2);
    }

    @Test
    @DisplayName("an agent edits a customer with a reason; the change log says who, when, what and why, and the 360° page shows it")
    void editWithChangeLog() {
        JsonObject c = create("Edith Editable", "+86 137 8800 1001");
        long id = c.getLong("id");
        HttpResponse<Buffer> edited = put(agent, "/api/customers/" + id, new JsonObject()
                .put("name", "Edith Edited").put("phones", new JsonArray().add("+86 137 8800 1001").add("010 6552 9988"))
                .put("email", "edith@example.com").put("accountManager", "agent2").put("notes", "prefers mornings")
                .put("doNotCall", true).put("reason", "asked on the phone"));
        assertEquals(200, edited.statusCode(), edited.bodyAsString());
        JsonObject card = edited.bodyAsJsonObject();
        assertEquals("Edith Edited", card.getString("name"));
        assertEquals(2, card.getJsonArray("phones").size());
        assertEquals("agent2", card.getJsonObject("accountManager").getString("username"));
        // the new number finds her at once (the cache forgot the card)
        assertEquals("Edith Edited", agent.get("/api/customers?phone=" + q("+86 10 6552 9988")).bodyAsJsonObject().getString("name"));

        JsonObject profile = agent.get("/api/customers/" + id + "/changes").bodyAsJsonObject();
        assertTrue(profile.getBoolean("doNotCall"));
        assertEquals("prefers mornings", profile.getString("notes"));
        JsonArray changes = profile.getJsonArray("changes");
        assertEquals(1, changes.size());
        JsonObject change = changes.getJsonObject(0);
        assertEquals("agent1", change.getString("actor"));
        assertEquals("asked on the phone", change.getString("reason"));
        JsonObject what = change.getJsonObject("changes");
        assertEquals(new JsonObject().put("from", "Edith Editable").put("to", "Edith Edited"), what.getJsonObject("name"));
        assertEquals(java.util.Set.of("name", "phones", "email", "accountManager", "notes", "doNotCall"), what.fieldNames());

        String page = agent.get("/customers/" + id).bodyAsString();
        assertTrue(page.contains("id=\"change-log\"") && page.contains("asked on the phone") && page.contains("Edith Editable"), page);
        assertTrue(page.contains("dnc-badge"), page);

        // nothing changed: nothing logged
        assertEquals(200, put(agent, "/api/customers/" + id, new JsonObject().put("name", "Edith Edited").put("reason", "again")).statusCode());
        assertEquals(1, agent.get("/api/customers/" + id + "/changes").bodyAsJsonObject().getJsonArray("changes").size());
    }

    @Test
    @DisplayName("an edit without a reason, with a bad number, an unknown manager or another customer's number is refused and changes nothing")
    void badEdits() {
        long id = create("Rita Refused", "+86 137 8800 2001").getLong("id");
        create("Other Owner", "+86 137 8800 2002");
        assertEquals(400, put(agent, "/api/customers/" + id, new JsonObject().put("name", "X")).statusCode());
        assertEquals(400, put(agent, "/api/customers/" + id, new JsonObject().put("phones", new JsonArray().add("bogus")).put("reason", "r")).statusCode());
        assertEquals(400, put(agent, "/api/customers/" + id, new JsonObject().put("phones", new JsonArray()).put("reason", "r")).statusCode());
        assertEquals(400, put(agent, "/api/customers/" + id, new JsonObject().put("accountManager", "nobody").put("reason", "r")).statusCode());
        assertEquals(400, put(agent, "/api/customers/" + id, new JsonObject().put("doNotCall", "yes").put("reason", "r")).statusCode());
        assertEquals(400, put(agent, "/api/customers/" + id, new JsonObject().put("age", 3).put("reason", "r")).statusCode());
        HttpResponse<Buffer> taken = put(agent, "/api/customers/" + id, new JsonObject()
                .put("phones", new JsonArray().add("+86 137 8800 2002")).put("name", "Rita Renamed").put("reason", "r"));
        assertEquals(409, taken.statusCode(), taken.bodyAsString());
        assertEquals(404, put(agent, "/api/customers/99999999", new JsonObject().put("name", "Nobody").put("reason", "r")).statusCode());
        assertEquals("Rita Refused", agent.get("/api/customers/" + id).bodyAsJsonObject().getString("name"));
        assertEquals(0, agent.get("/api/customers/" + id + "/changes").bodyAsJsonObject().getJsonArray("changes").size());
        io.vertx.ext.web.client.WebClient raw = io.vertx.ext.web.client.WebClient.create(TestServer.get().vertx);
        HttpResponse<Buffer> noToken = TestServer.await(raw.put(TestServer.get().port, "127.0.0.1", "/api/customers/" + id)
                .putHeader("Cookie", agent.cookie()).sendJsonObject(new JsonObject().put("name", "Forged").put("reason", "r")));
        assertEquals(403, noToken.statusCode(), "an edit without the session's CSRF token");
        raw.close();
        assertEquals(401, TestServer.await(Http.anonymous().send(HttpMethod.PUT, "/api/customers/" + id, "application/json",
                new JsonObject().put("name", "Anon").put("reason", "r").toBuffer())).statusCode());
    }

    @Test
    @DisplayName("the pickers find staff by name or username")
    void staffPicker() {
        JsonArray staff = agent.get("/api/customers/staff?q=agent").bodyAsJsonObject().getJsonArray("staff");
        assertTrue(staff.stream().map(s -> ((JsonObject) s).getString("username")).toList().containsAll(List.of("agent1", "agent2")));
        assertEquals("agent2", agent.get("/api/customers/staff?q=agent2").bodyAsJsonObject().getJsonArray("staff")
                .getJsonObject(0).getString("username"));
    }

    @Test
    @DisplayName("a call from a churned platinum customer moves their last contact to today and they are no longer churned")
    void callRevivesChurned() {
        long id = Phones.customer("CHURN-1", "Chuck Churned", "+86 139 4400 0001", "platinum", null);
        TestServer.await(TestServer.get().server.pg().preparedQuery("""
                UPDATE customers SET lifecycle = 'churned', first_contact = current_date - 900, last_contact = current_date - 400
                WHERE id = $1""").execute(Tuple.of(id)));
        TestServer.await(TestServer.get().server.customers().forget(id));
        assertEquals("churned", agent.get("/api/customers/" + id).bodyAsJsonObject().getString("lifecycle"));

        Phones.state(agent, "available");
        String linkedid = Phones.call("+8613944000001", "service");
        Await.until("the call in the customer's history", Duration.ofSeconds(30), () -> agent.get("/api/customers/" + id)
                .bodyAsJsonObject().getJsonArray("interactions").stream().map(JsonObject.class::cast)
                .anyMatch(i -> linkedid.equals(i.getString("linkedid"))));
        JsonObject after = agent.get("/api/customers/" + id).bodyAsJsonObject();
        assertEquals("active", after.getString("lifecycle"));
        String today = TestServer.await(TestServer.get().server.pg().query("SELECT current_date::text AS d").execute())
                .iterator().next().getString("d");
        assertEquals(today, after.getString("lastContact"));
    }
}

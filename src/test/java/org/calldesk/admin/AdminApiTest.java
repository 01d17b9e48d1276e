package org.calldesk.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;

import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin pages' API over HTTP: who may use it, how it checks what it is sent, what it records and what takes effect. */
@ServerTest
class AdminApiTest {

    private static HttpResponse<Buffer> send(Http http, HttpMethod method, String path, JsonObject body) {
        return TestServer.await(http.send(method, path, body == null ? null : Buffer.buffer(body.encode())));
    }

    private static String unique(String prefix) {
        return prefix + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(1_000_000), 36);
    }

    private static JsonObject newAgent(String username, String iface) {
        return new JsonObject().put("username", username).put("displayName", "New " + username).put("role", "agent")
                .put("password", TestServer.PASSWORD).put("interface", iface)
                .put("queues", new JsonArray().add("service")).put("skills", new JsonArray().add("billing")).put("team", "B");
    }

    private static JsonArray audit(Http admin, String area) {
        return admin.get("/api/admin/audit?area=" + area).bodyAsJsonArray();
    }

    @Test
    @DisplayName("only admins reach the admin pages and API; agents and supervisors get 403, strangers 401 or the login page")
    void adminsOnly() {
        for (String user : List.of("agent1", "supervisor")) {
            Http http = Http.as(user);
            assertEquals(403, http.get("/api/admin/agents").statusCode(), user);
            assertEquals(403, http.get("/admin/agents").statusCode(), user);
            assertEquals(403, send(http, HttpMethod.PUT, "/api/admin/lists/pause-reasons",
                    new JsonObject().put("values", new JsonArray().add("nap"))).statusCode(), user);
            assertEquals(403, http.post("/api/admin/agents", newAgent(unique("nope"), null)).statusCode(), user);
        }
        Http stranger = Http.anonymous();
        assertEquals(401, stranger.get("/api/admin/audit").statusCode());
        HttpResponse<Buffer> page = stranger.get("/admin");
        assertEquals(302, page.statusCode());
        assertTrue(page.getHeader("Location").startsWith("/login"), page.getHeader("Location"));
        assertEquals(200, Http.as("admin").get("/admin").statusCode());
    }

    @Test
    @DisplayName("a change without the session's CSRF token is refused and changes nothing")
    void csrfRequired() {
        Http admin = Http.as("admin");
        String username = unique("csrf");
        assertEquals(403, admin.postWithoutCsrf("/api/admin/agents", newAgent(username, null)).statusCode());
        assertTrue(admin.get("/api/admin/agents").bodyAsJsonArray().stream().map(JsonObject.class::cast)
                .noneMatch(a -> username.equals(a.getString("username"))));
    }

    @Test
    @DisplayName("a new agent with several bad fields is refused with each field named and said what is wrong, in the user's language")
    void everyBadFieldNamed() {
        Http admin = Http.as("admin");
        JsonObject bad = new JsonObject().put("username", "a b").put("role", "boss").put("password", "short")
                .put("interface", "not a phone").put("queues", new JsonArray().add("service").add("service"));
        HttpResponse<Buffer> refused = admin.post("/api/admin/agents", bad);

        assertEquals(400, refused.statusCode(), refused.bodyAsString());
        JsonObject errors = refused.bodyAsJsonObject().getJsonObject("errors");
        for (String field : List.of("username", "role", "password", "interface", "queues")) {
            assertTrue(errors.containsKey(field), field + " not named in " + errors.encode());
        }
        assertTrue(errors.getString("interface").contains("PJSIP/1001"), errors.encode());
        JsonObject unknownQueue = admin.post("/api/admin/agents", newAgent(unique("q"), null)
                .put("queues", new JsonArray().add("sales"))).bodyAsJsonObject();
        assertTrue(unknownQueue.getJsonObject("errors").getString("queues").contains("sales"), unknownQueue.encode());

        Http chinese = Http.as("admin");
        TestServer.await(chinese.send(HttpMethod.PUT, "/api/me/language", Buffer.buffer(new JsonObject().put("language", "zh-CN").encode())));
        JsonObject zh = chinese.post("/api/admin/agents", bad).bodyAsJsonObject().getJsonObject("errors");
        assertTrue(zh.getString("username").contains("字母"), zh.encode());
        TestServer.await(chinese.send(HttpMethod.PUT, "/api/me/language", Buffer.buffer(new JsonObject().put("language", "en").encode())));
    }

    @Test
    @DisplayName("an admin creates an agent with phone, queues, team and skills; it is listed, can log in, and the audit trail says who made it")
    void createAgent() {
        Http admin = Http.as("admin");
        String username = unique("made");
        HttpResponse<Buffer> created = admin.post("/api/admin/agents", newAgent(username, "PJSIP/1" + ThreadLocalRandom.current().nextInt(100, 999) + "7"));

        assertEquals(201, created.statusCode(), created.bodyAsString());
        JsonObject agent = created.bodyAsJsonObject();
        assertEquals(new JsonArray().add("service"), agent.getJsonArray("queues"));
        assertEquals(new JsonArray().add("billing"), agent.getJsonArray("skills"));
        assertEquals("B", agent.getString("team"));
        assertEquals(200, Http.anonymous().post("/api/login", new JsonObject().put("username", username)
                .put("password", TestServer.PASSWORD)).statusCode());
        assertTrue(TestServer.get().server.agentLines().byUsername(username).isPresent(), "known to the phone side at once");
        JsonObject entry = audit(admin, "agents").stream().map(JsonObject.class::cast)
                .filter(e -> username.equals(e.getString("subject"))).findFirst().orElseThrow();
        assertEquals("admin", entry.getString("actor"));
        assertEquals("create", entry.getString("action"));
        assertFalse(entry.getJsonObject("after").encode().contains(TestServer.PASSWORD), "no password in the trail");
        assertTrue(Instant.parse(entry.getString("at")).isAfter(Instant.now().minus(Duration.ofMinutes(1))));

        HttpResponse<Buffer> twin = admin.post("/api/admin/agents", newAgent(username, null));
        assertEquals(409, twin.statusCode(), twin.bodyAsString());
    }

    @Test
    @DisplayName("a disabled agent's open session ends at once; a role change or a reset password signs them out too, an edit of their team does not")
    void sessionsEndWithTheAccount() {
        Http admin = Http.as("admin");
        String username = unique("signed-in");
        long id = admin.post("/api/admin/agents", newAgent(username, null)).bodyAsJsonObject().getLong("id");

        Http team = Http.as(username);
        assertEquals(200, team.get("/api/me").statusCode());
        JsonObject edited = new JsonObject().put("displayName", "New " + username).put("role", "agent").put("team", "C")
                .put("skills", new JsonArray().add("billing"));
        HttpResponse<Buffer> teamChange = send(admin, HttpMethod.PUT, "/api/admin/agents/" + id, edited);
        assertEquals(200, teamChange.statusCode(), teamChange.bodyAsString());
        assertEquals(200, team.get("/api/me").statusCode(), "an edit of the team signed the agent out");

        Http off = Http.as(username);
        assertEquals(200, admin.post("/api/admin/agents/" + id + "/active", new JsonObject().put("active", false)).statusCode());
        Await.until("the disabled agent's session to end", Duration.ofSeconds(10), () -> off.get("/api/me").statusCode() == 401);
        // The team change before did not end the session made before it; it ends now, with the account (the scan ends
        // a user's sessions one key after another, so the second may follow the first a moment later).
        Await.until("the session from before the team change to end", Duration.ofSeconds(10), () -> team.get("/api/me").statusCode() == 401);

        assertEquals(200, admin.post("/api/admin/agents/" + id + "/active", new JsonObject().put("active", true)).statusCode());
        Http before = Http.as(username);
        assertEquals(200, before.get("/api/me").statusCode());
        assertEquals(200, admin.post("/api/admin/agents/" + id + "/password",
                new JsonObject().put("password", "Another-Long-Passphrase-43")).statusCode());
        Await.until("the session from before the reset to end", Duration.ofSeconds(10), () -> before.get("/api/me").statusCode() == 401);
    }

    @Test
    @DisplayName("a disabled agent cannot log in and leaves the phone side; enabled again, they can; a reset password replaces the old one")
    void disableEnableAndResetPassword() {
        Http admin = Http.as("admin");
        String username = unique("off");
        long id = admin.post("/api/admin/agents", newAgent(username, null)).bodyAsJsonObject().getLong("id");

        HttpResponse<Buffer> off = admin.post("/api/admin/agents/" + id + "/active", new JsonObject().put("active", false));
        assertEquals(200, off.statusCode(), off.bodyAsString());
        assertEquals(false, off.bodyAsJsonObject().getBoolean("active"));
        JsonObject login = new JsonObject().put("username", username).put("password", TestServer.PASSWORD);
        assertEquals(401, Http.anonymous().post("/api/login", login).statusCode());

        assertEquals(200, admin.post("/api/admin/agents/" + id + "/active", new JsonObject().put("active", true)).statusCode());
        assertEquals(200, Http.anonymous().post("/api/login", login).statusCode());

        HttpResponse<Buffer> weak = admin.post("/api/admin/agents/" + id + "/password", new JsonObject().put("password", "password"));
        assertEquals(400, weak.statusCode());
        assertTrue(weak.bodyAsJsonObject().getJsonObject("errors").containsKey("password"), weak.bodyAsString());
        String fresh = "Another-Long-Passphrase-42";
        assertEquals(200, admin.post("/api/admin/agents/" + id + "/password", new JsonObject().put("password", fresh)).statusCode());
        assertEquals(200, Http.anonymous().post("/api/login", login.copy().put("password", fresh)).statusCode());
        List<String> actions = audit(admin, "agents").stream().map(JsonObject.class::cast)
                .filter(e -> username.equals(e.getString("subject"))).map(e -> e.getString("action")).toList();
        assertEquals(List.of("reset-password", "enable", "disable", "create"), actions);

        long self = admin.get("/api/admin/agents").bodyAsJsonArray().stream().map(JsonObject.class::cast)
                .filter(a -> "admin".equals(a.getString("username"))).findFirst().orElseThrow().getLong("id");
        assertEquals(400, admin.post("/api/admin/agents/" + self + "/active", new JsonObject().put("active", false)).statusCode(),
                "an admin cannot lock themselves out");
    }

    @Test
    @DisplayName("an admin changes an agent's role, team, skills, phone and queues in one save, and the trail keeps before and after")
    void updateAgent() {
        Http admin = Http.as("admin");
        String username = unique("edit");
        long id = admin.post("/api/admin/agents", newAgent(username, null)).bodyAsJsonObject().getLong("id");
        String phone = "PJSIP/2" + ThreadLocalRandom.current().nextInt(100, 999) + "8";
        JsonObject change = new JsonObject().put("displayName", "Edited").put("role", "supervisor").put("team", "C")
                .put("skills", new JsonArray().add("vip")).put("interface", phone).put("queues", new JsonArray().add("vip"));

        HttpResponse<Buffer> saved = send(admin, HttpMethod.PUT, "/api/admin/agents/" + id, change);

        assertEquals(200, saved.statusCode(), saved.bodyAsString());
        JsonObject after = saved.bodyAsJsonObject();
        assertEquals("supervisor", after.getString("role"));
        assertEquals(phone, after.getString("interface"));
        assertEquals(new JsonArray().add("vip"), after.getJsonArray("queues"));
        assertEquals(phone, TestServer.get().server.agentLines().byUsername(username).orElseThrow().iface());
        JsonObject entry = audit(admin, "agents").getJsonObject(0);
        assertEquals("update", entry.getString("action"));
        assertEquals("agent", entry.getJsonObject("before").getString("role"));
        assertEquals("supervisor", entry.getJsonObject("after").getString("role"));

        HttpResponse<Buffer> bad = send(admin, HttpMethod.PUT, "/api/admin/agents/" + id,
                change.copy().put("interface", "PJSIP/1001"));
        assertEquals(409, bad.statusCode(), "agent1's phone: " + bad.bodyAsString());
        assertEquals(404, send(admin, HttpMethod.PUT, "/api/admin/agents/999999999", change).statusCode());
        HttpResponse<Buffer> unnamed = send(admin, HttpMethod.PUT, "/api/admin/agents/" + id, change.copy().put("displayName", ""));
        assertEquals(200, unnamed.statusCode(), unnamed.bodyAsString());
        assertEquals(username, unnamed.bodyAsJsonObject().getString("displayName"), "an empty name is the username");
    }

    @Test
    @DisplayName("a pause reason added by an admin is accepted by the console's pause API at once, and removed again it is refused")
    void newPauseReasonAtOnce() {
        Http admin = Http.as("admin");
        Http agent = Http.as("agent2");
        JsonObject pause = new JsonObject().put("state", "paused").put("reason", "fire drill");
        assertEquals(400, agent.post("/api/agents/me/state", pause).statusCode(), "not a reason yet");
        try {
            HttpResponse<Buffer> saved = send(admin, HttpMethod.PUT, "/api/admin/lists/pause-reasons", new JsonObject()
                    .put("values", new JsonArray().add("break").add("lunch").add("fire drill")));
            assertEquals(200, saved.statusCode(), saved.bodyAsString());

            HttpResponse<Buffer> paused = agent.post("/api/agents/me/state", pause);
            assertEquals(200, paused.statusCode(), paused.bodyAsString());
            assertTrue(agent.get("/console").bodyAsString().contains("fire drill"), "the console offers it");
            assertEquals(400, agent.post("/api/agents/me/state", pause.copy().put("reason", "training")).statusCode(),
                    "a reason no longer listed is refused");
            JsonObject entry = audit(admin, "lists").getJsonObject(0);
            assertEquals("pause-reasons", entry.getString("subject"));
            assertEquals(new JsonArray().add("break").add("lunch").add("fire drill"), entry.getJsonArray("after"));
            assertTrue(entry.getJsonArray("before").contains("training"));
        } finally {
            assertEquals(200, send(admin, HttpMethod.DELETE, "/api/admin/lists/pause-reasons", null).statusCode());
            JsonObject reset = audit(admin, "lists").getJsonObject(0);
            assertEquals("reset", reset.getString("action"));
            assertEquals("pause-reasons", reset.getString("subject"));
            agent.post("/api/agents/me/state", new JsonObject().put("state", "offline"));
        }
        assertEquals(400, agent.post("/api/agents/me/state", pause).statusCode(), "back to the YAML's reasons");
    }

    @Test
    @DisplayName("a complaint category added by an admin is accepted by the complaint API at once")
    void newCategoryAtOnce() {
        Http admin = Http.as("admin");
        long customer = customer();
        JsonObject complaint = new JsonObject().put("customerId", customer).put("category", "warranty")
                .put("severity", "low").put("subject", "Broken hinge").put("description", "Within the warranty.");
        assertEquals(400, admin.post("/api/complaints", complaint).statusCode(), "not a category yet");
        try {
            assertEquals(200, send(admin, HttpMethod.PUT, "/api/admin/lists/categories", new JsonObject()
                    .put("values", new JsonArray().add("billing").add("Warranty"))).statusCode());
            HttpResponse<Buffer> logged = admin.post("/api/complaints", complaint);
            assertEquals(201, logged.statusCode(), logged.bodyAsString());
            assertTrue(Http.as("agent1").get("/console").bodyAsString().contains("warranty"), "the console's form offers it");
        } finally {
            assertEquals(200, send(admin, HttpMethod.DELETE, "/api/admin/lists/categories", null).statusCode());
        }
        assertEquals(400, admin.post("/api/complaints", complaint).statusCode(), "back to the YAML's categories");
    }

    @Test
    @DisplayName("lists are checked: at least one name, no twins, no odd characters; the field is named")
    void listsChecked() {
        Http admin = Http.as("admin");
        for (JsonArray values : List.of(new JsonArray(), new JsonArray().add("a").add("A"), new JsonArray().add("<b>"))) {
            HttpResponse<Buffer> refused = send(admin, HttpMethod.PUT, "/api/admin/lists/dispositions",
                    new JsonObject().put("values", values));
            assertEquals(400, refused.statusCode(), values.encode());
            assertTrue(refused.bodyAsJsonObject().getJsonObject("errors").containsKey("values"), refused.bodyAsString());
        }
        assertEquals(404, send(admin, HttpMethod.PUT, "/api/admin/lists/colours",
                new JsonObject().put("values", new JsonArray().add("red"))).statusCode());
    }

    @Test
    @DisplayName("a new SLA target applies to the next complaint without a restart; a bad duration or calendar is refused by field")
    void slaTargetAtOnce() {
        Http admin = Http.as("admin");
        long customer = customer();
        try {
            HttpResponse<Buffer> saved = send(admin, HttpMethod.PUT, "/api/admin/sla/critical", new JsonObject()
                    .put("calendar", "24x7").put("first_response", "10m").put("resolution", "2h"));
            assertEquals(200, saved.statusCode(), saved.bodyAsString());

            JsonObject complaint = admin.post("/api/complaints", new JsonObject().put("customerId", customer)
                    .put("category", "billing").put("severity", "critical").put("subject", "Cut off")
                    .put("description", "No service since noon.")).bodyAsJsonObject();
            Instant opened = Instant.parse(complaint.getString("openedAt"));
            assertEquals(opened.plus(Duration.ofMinutes(10)), Instant.parse(complaint.getString("firstResponseDue")), complaint.encode());
            assertEquals(opened.plus(Duration.ofHours(2)), Instant.parse(complaint.getString("resolutionDue")), complaint.encode());

            HttpResponse<Buffer> badDuration = send(admin, HttpMethod.PUT, "/api/admin/sla/high", new JsonObject()
                    .put("calendar", "business").put("first_response", "soon").put("resolution", "8h"));
            assertEquals(400, badDuration.statusCode());
            assertTrue(badDuration.bodyAsJsonObject().getJsonObject("errors").containsKey("first_response"), badDuration.bodyAsString());
            HttpResponse<Buffer> badCalendar = send(admin, HttpMethod.PUT, "/api/admin/sla/high", new JsonObject()
                    .put("calendar", "nowhere").put("first_response", "1h").put("resolution", "8h"));
            assertEquals(400, badCalendar.statusCode());
            assertTrue(badCalendar.bodyAsJsonObject().getJsonObject("errors").containsKey("calendar"), badCalendar.bodyAsString());
        } finally {
            assertEquals(200, send(admin, HttpMethod.DELETE, "/api/admin/sla/critical", null).statusCode());
        }
        JsonObject after = admin.post("/api/complaints", new JsonObject().put("customerId", customer)
                .put("category", "billing").put("severity", "critical").put("subject", "Again")
                .put("description", "Back to the YAML's 30 minutes.")).bodyAsJsonObject();
        assertEquals(Instant.parse(after.getString("openedAt")).plus(Duration.ofMinutes(30)),
                Instant.parse(after.getString("firstResponseDue")), after.encode());
    }

    @Test
    @DisplayName("a business calendar edited by an admin is checked (zone, hours, holidays by field) and a new one can carry targets")
    void calendars() {
        Http admin = Http.as("admin");
        String name = unique("cal").toLowerCase();
        JsonObject hours = new JsonObject().put("mon", "08:00-20:00").put("tue", "08:00-20:00").put("wed", "")
                .put("thu", "").put("fri", "").put("sat", "").put("sun", "");
        HttpResponse<Buffer> bad = send(admin, HttpMethod.PUT, "/api/admin/calendars/" + name, new JsonObject()
                .put("zone", "Mars/Olympus").put("always_open", false).put("hours", hours).put("holidays", new JsonArray()));
        assertEquals(400, bad.statusCode());
        assertTrue(bad.bodyAsJsonObject().getJsonObject("errors").containsKey("zone"), bad.bodyAsString());
        HttpResponse<Buffer> badHours = send(admin, HttpMethod.PUT, "/api/admin/calendars/" + name, new JsonObject()
                .put("zone", "Europe/London").put("always_open", false).put("hours", hours.copy().put("mon", "20:00-08:00"))
                .put("holidays", new JsonArray()));
        assertEquals(400, badHours.statusCode());
        assertTrue(badHours.bodyAsJsonObject().getJsonObject("errors").containsKey("hours.mon"), badHours.bodyAsString());

        HttpResponse<Buffer> made = send(admin, HttpMethod.PUT, "/api/admin/calendars/" + name, new JsonObject()
                .put("zone", "Europe/London").put("always_open", false).put("hours", hours)
                .put("holidays", new JsonArray().add("2026-12-25")));
        assertEquals(200, made.statusCode(), made.bodyAsString());
        assertEquals(Duration.ofHours(12), TestServer.get().server.settings().sla().calendar(name).businessDay(),
                "in use at once");
        assertTrue(admin.get("/admin/calendars").bodyAsString().contains(name));
        assertEquals(400, send(admin, HttpMethod.DELETE, "/api/admin/calendars/" + name, null).statusCode(),
                "a calendar made here stays: complaints may count on it");
    }

    @Test
    @DisplayName("every change is announced on calldesk.admin.changed for the other nodes, saying what changed")
    void changesAnnounced() {
        TestServer server = TestServer.get();
        java.util.concurrent.LinkedBlockingQueue<JsonObject> notices = new java.util.concurrent.LinkedBlockingQueue<>();
        var consumer = server.vertx.eventBus().<JsonObject>consumer(LiveSettings.CHANGED, m -> notices.add(m.body()));
        TestServer.await(consumer.completion());
        try {
            Http admin = Http.as("admin");
            String username = unique("told");
            long id = admin.post("/api/admin/agents", newAgent(username, null)).bodyAsJsonObject().getLong("id");
            assertEquals(200, admin.post("/api/admin/agents/" + id + "/active", new JsonObject().put("active", false)).statusCode());
            assertEquals(200, send(admin, HttpMethod.PUT, "/api/admin/sla/low", new JsonObject()
                    .put("calendar", "business").put("first_response", "8h").put("resolution", "6d")).statusCode());
            assertEquals(200, send(admin, HttpMethod.DELETE, "/api/admin/sla/low", null).statusCode());
            Await.until("four notices", Duration.ofSeconds(10), () -> notices.size() >= 4);
            List<JsonObject> told = List.copyOf(notices);
            assertEquals(username, told.get(0).getString("username"));
            assertEquals(true, told.get(0).getBoolean("active"));
            assertEquals(id, told.get(1).getLong("id"));
            assertEquals(false, told.get(1).getBoolean("active"), "other nodes hear the account is out of use");
            assertEquals("sla.targets.low", told.get(2).getString("path"));
            assertEquals("admin", told.get(3).getString("by"));
        } finally {
            TestServer.await(consumer.unregister());
        }
    }

    @Test
    @DisplayName("another node's change, announced on calldesk.admin.changed, is read from PostgreSQL and applied here")
    void changeNoticeReloads() {
        TestServer server = TestServer.get();
        List<String> dispositions = server.server.settings().calls().dispositions();
        assertFalse(dispositions.contains("sent a letter"));
        try {
            TestServer.await(server.server.pg().preparedQuery(
                    "INSERT INTO admin_settings (path, value, changed_by) VALUES ('calls.dispositions', $1, 'node-b')")
                    .execute(Tuple.of(new JsonArray().add("resolved").add("sent a letter"))));
            server.vertx.eventBus().publish(LiveSettings.CHANGED, new JsonObject().put("area", "lists").put("by", "node-b"));
            Await.until("the dispositions reloaded", Duration.ofSeconds(10), () -> dispositions.contains("sent a letter"));
            assertEquals(List.of("resolved", "sent a letter"), List.copyOf(dispositions));
        } finally {
            TestServer.await(server.server.pg().query("DELETE FROM admin_settings WHERE path = 'calls.dispositions'").execute());
            server.vertx.eventBus().publish(LiveSettings.CHANGED, new JsonObject().put("area", "lists"));
            Await.until("the dispositions back", Duration.ofSeconds(10), () -> !dispositions.contains("sent a letter"));
        }
    }

    @Test
    @DisplayName("the audit page shows who changed what, escaped")
    void auditPage() {
        Http admin = Http.as("admin");
        String username = unique("seen");
        admin.post("/api/admin/agents", newAgent(username, null).put("displayName", "<i>Eve</i>"));
        String page = admin.get("/admin/audit").bodyAsString();
        assertTrue(page.contains(username), "the change is listed");
        assertFalse(page.contains("<i>Eve</i>"), "values are escaped");
    }

    private static long customer() {
        Http admin = Http.as("admin");
        String phone = "136" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        HttpResponse<Buffer> imported = admin.postText("/api/customers/import", "ADM-" + phone + ",Admin Test,+86" + phone + ",,100,10,,,\n");
        assertEquals(200, imported.statusCode(), imported.bodyAsString());
        long id = admin.get("/api/customers?phone=" + phone).bodyAsJsonObject().getLong("id");
        // Bronze has no tier factor: the targets apply as written.
        TestServer.await(TestServer.get().server.pg().preparedQuery("UPDATE customers SET tier = 'bronze' WHERE id = $1")
                .execute(Tuple.of(id)));
        return id;
    }
}

package org.calldesk.notifications;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import org.calldesk.testing.Inbox;
import org.calldesk.testing.ServerTest;
import org.calldesk.web.Sockets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.calldesk.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kept notifications: who sees them, who may acknowledge them, and that the acknowledgement is kept. */
@ServerTest
class NotificationsTest {

    private final TestServer test = TestServer.get();
    private final Notifications notifications = test.server.notifications();

    private long agentId(String username) {
        return await(test.server.agents().byUsername(username)).orElseThrow().id();
    }

    /** A notification whose subject is unique to this test, so other tests' notifications cannot be mistaken for it. */
    private long send(Recipient to, String subject) {
        return await(notifications.notify(to, "sla-breach", "notify.complaint.breached",
                List.of(4242, subject, "Wang Fang"), "/complaints/4242"));
    }

    private static JsonObject list(String who) {
        HttpResponse<Buffer> response = Http.as(who).get("/api/notifications?limit=200");
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static Optional<JsonObject> find(String who, long id) {
        return list(who).getJsonArray("items").stream().map(JsonObject.class::cast)
                .filter(n -> n.getLong("id") == id).findFirst();
    }

    private static HttpResponse<Buffer> ack(String who, long id) {
        return Http.as(who).post("/api/notifications/" + id + "/ack", new JsonObject());
    }

    @Test
    @DisplayName("one for an agent is theirs alone, kept, in their language, with its link; they may acknowledge it")
    void personal() {
        String subject = "Parcel lost " + UUID.randomUUID();
        long before = list("agent1").getLong("unread");
        long id = send(Recipient.agent(agentId("agent1")), subject);

        JsonObject mine = find("agent1", id).orElseThrow();
        assertEquals("Complaint #4242 “" + subject + "” (Wang Fang) has breached its resolution target.", mine.getString("text"));
        assertEquals("/complaints/4242", mine.getString("link"));
        assertEquals("sla-breach", mine.getString("kind"));
        assertEquals("me", mine.getString("to"));
        assertTrue(mine.getBoolean("canAcknowledge"));
        assertNull(mine.getValue("acknowledgedAt"));
        assertEquals(before + 1, list("agent1").getLong("unread"));
        assertTrue(find("agent2", id).isEmpty(), "another agent does not see it");
        assertTrue(find("supervisor", id).isEmpty(), "it was sent to agent1, not to the supervisors");
        assertEquals(404, ack("agent2", id).statusCode(), "one that is not yours is not there for you");

        HttpResponse<Buffer> acked = ack("agent1", id);
        assertEquals(200, acked.statusCode(), acked.bodyAsString());
        assertEquals("Agent One", acked.bodyAsJsonObject().getString("acknowledgedBy"));
        assertNotNull(acked.bodyAsJsonObject().getString("acknowledgedAt"));
        assertEquals(before, list("agent1").getLong("unread"));
        assertFalse(find("agent1", id).orElseThrow().getBoolean("canAcknowledge"), "kept in the list, acknowledged");
    }

    @Test
    @DisplayName("one for the supervisors reaches supervisors and admins, not agents; the first acknowledgement is kept for all")
    void forSupervisors() {
        String subject = "Refund refused " + UUID.randomUUID();
        long id = send(Recipient.role(Role.SUPERVISOR), subject);
        assertTrue(find("agent1", id).isEmpty());
        JsonObject seen = find("supervisor", id).orElseThrow();
        assertEquals("supervisor", seen.getString("to"));
        assertTrue(find("admin", id).isPresent(), "admins see what goes to the supervisors");
        assertEquals(404, ack("agent1", id).statusCode());

        HttpResponse<Buffer> first = ack("supervisor", id);
        assertEquals(200, first.statusCode(), first.bodyAsString());
        String when = first.bodyAsJsonObject().getString("acknowledgedAt");
        HttpResponse<Buffer> second = ack("admin", id);
        assertEquals(200, second.statusCode(), second.bodyAsString());
        assertEquals("Sue Supervisor", second.bodyAsJsonObject().getString("acknowledgedBy"), "the first acknowledgement stands");
        assertEquals(when, second.bodyAsJsonObject().getString("acknowledgedAt"));
        JsonObject adminView = find("admin", id).orElseThrow();
        assertEquals("Sue Supervisor", adminView.getString("acknowledgedBy"));
        // kept in PostgreSQL: who and when
        var row = await(test.server.pg().preparedQuery(
                "SELECT acknowledged_by, acknowledged_at FROM notifications WHERE id = $1")
                .execute(io.vertx.sqlclient.Tuple.of(id))).iterator().next();
        assertEquals(agentId("supervisor"), row.getLong("acknowledged_by"));
        assertNotNull(row.getOffsetDateTime("acknowledged_at"));
    }

    @Test
    @DisplayName("the text is rendered in each reader's language")
    void inChinese() {
        long id = send(Recipient.role(Role.SUPERVISOR), "快递丢失");
        SessionUser supervisor = new SessionUser(agentId("supervisor"), "supervisor", "Sue Supervisor", Role.SUPERVISOR, null);
        JsonObject item = await(notifications.list(supervisor, "zh-CN", 200)).getJsonArray("items").stream()
                .map(JsonObject.class::cast).filter(n -> n.getLong("id") == id).findFirst().orElseThrow();
        assertEquals("投诉 #4242「快递丢失」（Wang Fang）已超过解决时限。", item.getString("text"));
        assertEquals("Complaint #4242 “快递丢失” (Wang Fang) has breached its resolution target.",
                find("supervisor", id).orElseThrow().getString("text"), "the same row, read by an English page");
    }

    @Test
    @DisplayName("recipients' open pages hear of a new notification and of its acknowledgement")
    void live() {
        long agent1 = agentId("agent1");
        try (Inbox<JsonObject> agent = Inbox.onEventBus(test.vertx, Sockets.userAddress(agent1));
             Inbox<JsonObject> supervisors = Inbox.onEventBus(test.vertx, Sockets.roleAddress(Role.SUPERVISOR))) {
            long mine = send(Recipient.agent(agent1), "live " + UUID.randomUUID());
            agent.first("the notification", Duration.ofSeconds(5),
                    m -> "notification".equals(m.getString("type")) && m.getLong("id") == mine);
            long theirs = send(Recipient.role(Role.SUPERVISOR), "live " + UUID.randomUUID());
            supervisors.first("the supervisors' notification", Duration.ofSeconds(5),
                    m -> "notification".equals(m.getString("type")) && m.getLong("id") == theirs);
            assertEquals(200, ack("supervisor", theirs).statusCode());
            supervisors.first("the acknowledgement", Duration.ofSeconds(5),
                    m -> "notification-ack".equals(m.getString("type")) && m.getLong("id") == theirs);
        }
    }

    @Test
    @DisplayName("bad requests: no CSRF token, an id that is not a number, an unknown key or a link off this server")
    void refusals() {
        long id = send(Recipient.role(Role.SUPERVISOR), "csrf " + UUID.randomUUID());
        assertEquals(403, Http.as("supervisor").postWithoutCsrf("/api/notifications/" + id + "/ack", new JsonObject()).statusCode());
        assertTrue(find("supervisor", id).orElseThrow().getBoolean("canAcknowledge"), "not acknowledged without the token");
        assertEquals(400, Http.as("supervisor").post("/api/notifications/abc/ack", new JsonObject()).statusCode());
        assertEquals(400, Http.as("supervisor").get("/api/notifications?limit=-3").statusCode());
        assertEquals(401, Http.anonymous().get("/api/notifications").statusCode());
        assertThrows(IllegalArgumentException.class, () -> await(notifications.notify(Recipient.role(Role.SUPERVISOR),
                "x", "no.such.key", List.of(), null)));
        assertThrows(IllegalArgumentException.class, () -> await(notifications.notify(Recipient.role(Role.SUPERVISOR),
                "x", "notify.complaint.breached", List.of(), "https://evil.example/")));
        assertThrows(IllegalArgumentException.class, () -> await(notifications.notify(Recipient.role(Role.SUPERVISOR),
                "x", "notify.complaint.breached", List.of(), "//evil.example/")));
        assertThrows(IllegalArgumentException.class, () -> new Recipient(1L, Role.SUPERVISOR));
        assertEquals(new JsonArray().add("agent").add("supervisor").encode(),
                new JsonArray(List.of(Notifications.visibleRoles(Role.SUPERVISOR))).encode());
    }

    @Test
    @DisplayName("acknowledged notifications are purged after the keep time; unacknowledged ones never are")
    void purge() {
        long old = send(Recipient.role(Role.SUPERVISOR), "old " + UUID.randomUUID());
        long unread = send(Recipient.role(Role.SUPERVISOR), "unread " + UUID.randomUUID());
        long recent = send(Recipient.role(Role.SUPERVISOR), "recent " + UUID.randomUUID());
        assertEquals(200, ack("supervisor", old).statusCode());
        assertEquals(200, ack("supervisor", recent).statusCode());
        await(test.server.pg().preparedQuery("UPDATE notifications SET acknowledged_at = now() - interval '100 days', "
                + "created_at = now() - interval '101 days' WHERE id = $1").execute(io.vertx.sqlclient.Tuple.of(old)));
        await(test.server.pg().preparedQuery("UPDATE notifications SET created_at = now() - interval '200 days' WHERE id = $1")
                .execute(io.vertx.sqlclient.Tuple.of(unread)));
        assertTrue(await(notifications.purge(java.time.Instant.now().minus(test.server.settings().notifications().keepAcknowledged()))) >= 1);
        assertTrue(find("supervisor", old).isEmpty(), "acknowledged 100 days ago, kept 90: gone");
        assertTrue(find("supervisor", unread).isPresent(), "never acknowledged: kept however old");
        assertTrue(find("supervisor", recent).isPresent(), "acknowledged just now: kept");
    }
}

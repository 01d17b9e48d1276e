package org.calldesk.complaints;

import io.vertx.core.json.JsonObject;
import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.app.Calldesk;
import org.calldesk.platform.Role;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.calldesk.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Escalations and SLA breaches become kept notifications for the complaint's owner and for the supervisors, with a
 * link to the complaint, not only a line pushed to whoever had a page open. The store here runs on a clock of its
 * own in 2100, so the shared server's sweeper never fires these deadlines.
 */
@ServerTest
class EscalationNotificationsTest {

    private final TestServer test = TestServer.get();
    private final Calldesk server = test.server;

    private static List<JsonObject> about(String who, long complaintId) {
        return Http.as(who).get("/api/notifications?limit=200").bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast).filter(n -> ("/complaints/" + complaintId).equals(n.getString("link"))).toList();
    }

    @Test
    @DisplayName("at risk, breached and long overdue each reach the owner and the supervisors, kept, linked, acknowledgeable")
    void escalationsAreKept() {
        Instant t0 = Instant.parse("2100-03-01T02:00:00Z");
        Fixtures.MutableClock clock = new Fixtures.MutableClock(t0);
        JsonObject config = server.config().copy();
        SlaPolicies policies = SlaPolicies.from(config);
        ComplaintStore store = new ComplaintStore(test.vertx, server.pg(), server.redis(), policies,
                ComplaintSettings.from(config, policies), clock);
        var agent1 = await(server.agents().byUsername("agent1")).orElseThrow();
        long customer = Fixtures.customer("Notified Ning", "bronze");
        long id = await(store.create(new ComplaintStore.NewComplaint(customer, "service", Severity.CRITICAL,
                "Router on fire", "Smoke from the box.", null),
                new ComplaintStore.Actor(agent1.id(), agent1.username(), Role.AGENT))).id();

        // critical for bronze: 4h on the 24x7 calendar; levels at 3h (owner), 4h (supervisors), 6h (managers)
        clock.set(t0.plus(Duration.ofHours(3)).plusSeconds(1));
        await(store.escalations().sweepDatabase());
        Await.until("the at-risk notification kept for agent1", Duration.ofSeconds(5), () -> about("agent1", id).size() == 1);
        JsonObject atRisk = about("agent1", id).get(0);
        assertEquals("sla-at-risk", atRisk.getString("kind"));
        assertEquals("Complaint #" + id + " “Router on fire” (Notified Ning) is at risk of missing its resolution target.",
                atRisk.getString("text"));
        Await.until("the supervisors' copy", Duration.ofSeconds(5), () -> about("supervisor", id).size() == 1);

        clock.set(t0.plus(Duration.ofHours(7)));
        await(store.escalations().sweepDatabase());
        Await.until("breached and overdue kept for the owner", Duration.ofSeconds(5), () -> about("agent1", id).size() == 3);
        Await.until("and for the supervisors", Duration.ofSeconds(5), () -> about("supervisor", id).size() == 3);
        List<String> kinds = about("supervisor", id).stream().map(n -> n.getString("kind")).sorted().toList();
        assertEquals(List.of("sla-at-risk", "sla-breach", "sla-overdue"), kinds);
        assertTrue(about("agent2", id).isEmpty(), "not the owner, not a supervisor");

        JsonObject breach = about("supervisor", id).stream().filter(n -> n.getString("kind").equals("sla-breach"))
                .findFirst().orElseThrow();
        assertTrue(breach.getBoolean("canAcknowledge"));
        assertEquals(200, Http.as("supervisor").post("/api/notifications/" + breach.getLong("id") + "/ack", new JsonObject()).statusCode());
        JsonObject acked = about("admin", id).stream().filter(n -> n.getLong("id").equals(breach.getLong("id"))).findFirst().orElseThrow();
        assertEquals("Sue Supervisor", acked.getString("acknowledgedBy"));
    }
}

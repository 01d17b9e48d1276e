package org.calldesk.complaints;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.TestServer;
import org.calldesk.app.Calldesk;
import org.calldesk.platform.Role;
import org.calldesk.testing.Inbox;
import org.calldesk.testing.ServerTest;
import org.calldesk.web.Sockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.calldesk.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * An escalation level, a satisfaction follow-up and a repeat call's raise are claimed and their kept notifications
 * written in one transaction: when keeping the notification fails, the claim is not used up (no audit row, level
 * unchanged, nothing announced) and a later sweep fires it once, with its notifications. The failure is made by a
 * trigger that refuses the supervisors' notification of the test's complaint only, after the owner's was written in
 * the same transaction. Clocks run in 2100 so the shared server's own sweeper never finds these deadlines due.
 */
@ServerTest
class KeptWithClaimTest {

    private final TestServer test = TestServer.get();
    private final Calldesk server = test.server;
    private Inbox<JsonObject> notify;

    @BeforeEach
    void listen() {
        notify = Inbox.onEventBus(test.vertx, Sockets.NOTIFY);
    }

    @AfterEach
    void stopListening() {
        notify.close();
    }

    private ComplaintStore store(Fixtures.MutableClock clock) {
        JsonObject config = server.config().copy();
        SlaPolicies policies = SlaPolicies.from(config);
        return new ComplaintStore(test.vertx, server.pg(), server.redis(), policies, ComplaintSettings.from(config, policies), clock);
    }

    private ComplaintStore.Actor agent1() {
        var agent = await(server.agents().byUsername("agent1")).orElseThrow();
        return new ComplaintStore.Actor(agent.id(), agent.username(), Role.AGENT);
    }

    private long open(ComplaintStore store, String customer, String subject) {
        return await(store.create(new ComplaintStore.NewComplaint(Fixtures.customer(customer, "bronze"), "service",
                Severity.CRITICAL, subject, "Nothing works.", null), agent1())).id();
    }

    private void execute(String sql) {
        await(server.pg().query(sql).execute());
    }

    /** From now on the supervisors' notification of complaint {@code id} cannot be written. */
    private void refuseNotifications(long id) {
        execute("""
                CREATE OR REPLACE FUNCTION refuse_kept_%1$d() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.link = '/complaints/%1$d' AND NEW.recipient_role IS NOT NULL THEN
                        RAISE EXCEPTION 'notifications of complaint %1$d refused by the test';
                    END IF;
                    RETURN NEW;
                END $$""".formatted(id));
        execute("CREATE TRIGGER refuse_kept_%1$d BEFORE INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION refuse_kept_%1$d()"
                .formatted(id));
    }

    private void acceptNotifications(long id) {
        execute("DROP TRIGGER IF EXISTS refuse_kept_%1$d ON notifications".formatted(id));
        execute("DROP FUNCTION IF EXISTS refuse_kept_%1$d()".formatted(id));
    }

    /** The complaint's kept notifications, "recipient kind" → how many ("agent sla-at-risk", "supervisor sla-breach"…). */
    private Map<String, Long> kept(long id) {
        Map<String, Long> kept = new TreeMap<>();
        for (Row row : await(server.pg().preparedQuery("""
                        SELECT CASE WHEN recipient_agent_id IS NOT NULL THEN 'agent' ELSE recipient_role END AS who,
                               kind, count(*) AS n
                        FROM notifications WHERE link = $1 GROUP BY 1, 2""").execute(Tuple.of("/complaints/" + id)))) {
            kept.put(row.getString("who") + " " + row.getString("kind"), row.getLong("n"));
        }
        return kept;
    }

    /** The complaint's audit events of {@code kind}, level → how many. */
    private Map<Integer, Long> events(long id, String kind) {
        Map<Integer, Long> events = new TreeMap<>();
        for (Row row : await(server.pg().preparedQuery("""
                        SELECT coalesce(level, 0) AS level, count(*) AS n FROM complaint_events
                        WHERE complaint_id = $1 AND kind = $2 GROUP BY 1""").execute(Tuple.of(id, kind)))) {
            events.put(row.getInteger("level"), row.getLong("n"));
        }
        return events;
    }

    private int level(long id) {
        return await(server.pg().preparedQuery("SELECT escalation_level FROM complaints WHERE id = $1").execute(Tuple.of(id)))
                .iterator().next().getInteger("escalation_level");
    }

    /** The live notices about complaint {@code id} heard so far, as "type level". */
    private List<String> heard(long id) {
        return notify.all().stream().map(n -> n.getJsonObject("message"))
                .filter(m -> m.getLong("complaintId", -1L) == id)
                .map(m -> m.getString("type") + " " + m.getInteger("level", 0)).sorted().toList();
    }

    @Test
    @DisplayName("an escalation level whose notification cannot be kept is not claimed; a later sweep fires it once, kept")
    void escalationKeptWithItsClaim() {
        Instant t0 = Instant.parse("2100-07-01T02:00:00Z");
        Fixtures.MutableClock clock = new Fixtures.MutableClock(t0);
        ComplaintStore store = store(clock);
        long id = open(store, "Kept Kang", "Fibre cut " + t0);
        // critical for bronze: 4h on the 24x7 calendar; levels at 3h (owner), 4h (supervisors), 6h (managers)
        clock.set(t0.plus(Duration.ofHours(3)).plusSeconds(1));
        refuseNotifications(id);
        try {
            await(store.escalations().sweepDatabase());
            await(store.escalations().sweepDatabase());
            assertEquals(0, level(id), "the level is not claimed when its notification is not kept");
            assertEquals(Map.of(), events(id, "escalation"), "no audit row either");
            assertEquals(Map.of(), kept(id), "the owner's notification, written first, went with the rollback");
        } finally {
            acceptNotifications(id);
        }

        await(store.escalations().sweepDatabase());
        assertEquals(1, level(id));
        assertEquals(Map.of(1, 1L), events(id, "escalation"));
        assertEquals(Map.of("agent sla-at-risk", 1L, "supervisor sla-at-risk", 1L), kept(id));
        notify.first("the live notice, after the commit", Duration.ofSeconds(5),
                n -> n.getJsonObject("message").getLong("complaintId", -1L) == id);
        assertEquals(List.of("escalation 1"), heard(id), "announced once, after the commit only");

        // the normal path, later levels: exactly one notification per recipient per level, however many sweeps
        clock.set(t0.plus(Duration.ofHours(7)));
        await(store.escalations().sweepDatabase());
        await(store.escalations().sweepDatabase());
        await(store.escalations().sweepIndexed());
        assertEquals(3, level(id));
        assertEquals(Map.of(1, 1L, 2, 1L, 3, 1L), events(id, "escalation"));
        assertEquals(Map.of("agent sla-at-risk", 1L, "agent sla-breach", 1L, "agent sla-overdue", 1L,
                "supervisor sla-at-risk", 1L, "supervisor sla-breach", 1L, "supervisor sla-overdue", 1L), kept(id));
        notify.first("the last level's live notice", Duration.ofSeconds(5),
                n -> n.getJsonObject("message").getLong("complaintId", -1L) == id && n.getJsonObject("message").getInteger("level", 0) == 3);
        assertEquals(List.of("escalation 1", "escalation 2", "escalation 3"), heard(id));
    }

    @Test
    @DisplayName("a follow-up whose notification cannot be kept is not claimed; a later sweep announces it once, kept")
    void followUpKeptWithItsClaim() {
        Instant t0 = Instant.parse("2100-07-10T02:00:00Z");
        Fixtures.MutableClock clock = new Fixtures.MutableClock(t0);
        ComplaintStore store = store(clock);
        long id = open(store, "Followed Fu", "Refund promised " + t0);
        for (ComplaintStatus to : List.of(ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.IN_PROGRESS, ComplaintStatus.RESOLVED)) {
            await(store.transition(id, to, null, agent1()));
        }
        Instant due = await(store.byId(id)).orElseThrow().followUpDue();
        clock.set(due.plusSeconds(1));
        refuseNotifications(id);
        try {
            assertThrows(RuntimeException.class, () -> await(store.escalations().announceDueFollowUps()),
                    "the batch's transaction fails with the refused notification");
            assertEquals(Map.of(), events(id, "follow-up-due"), "no audit row");
            assertEquals(Map.of(), kept(id));
            assertNull(await(server.pg().preparedQuery("SELECT follow_up_announced_at FROM complaints WHERE id = $1")
                    .execute(Tuple.of(id))).iterator().next().getValue("follow_up_announced_at"), "not claimed");
        } finally {
            acceptNotifications(id);
        }

        await(store.escalations().announceDueFollowUps());
        await(store.escalations().announceDueFollowUps());
        assertEquals(Map.of(0, 1L), events(id, "follow-up-due"));
        assertEquals(Map.of("agent follow-up-due", 1L, "supervisor follow-up-due", 1L), kept(id));
        notify.first("the live notice, after the commit", Duration.ofSeconds(5),
                n -> n.getJsonObject("message").getLong("complaintId", -1L) == id);
        assertEquals(List.of("follow-up-due 0"), heard(id));
    }

    @Test
    @DisplayName("a repeat call's raise whose notification cannot be kept raises nothing; the call's next try raises once, kept")
    void repeatCallKeptWithItsRaise() {
        Instant t0 = Instant.parse("2100-07-20T02:00:00Z");
        Fixtures.MutableClock clock = new Fixtures.MutableClock(t0);
        ComplaintStore store = store(clock);
        long id = open(store, "Calling Cao", "Still no line " + t0);
        long customer = await(store.byId(id)).orElseThrow().customerId();
        String linkedid = "kept-" + id;
        refuseNotifications(id);
        try {
            assertThrows(RuntimeException.class, () -> await(store.escalateForRepeatCall(customer, linkedid)));
            assertEquals(0, level(id));
            assertEquals(Map.of(), events(id, "repeat-call"));
            assertEquals(Map.of(), kept(id));
        } finally {
            acceptNotifications(id);
        }

        await(store.escalateForRepeatCall(customer, linkedid));
        await(store.escalateForRepeatCall(customer, linkedid));
        assertEquals(1, level(id));
        assertEquals(Map.of(1, 1L), events(id, "repeat-call"));
        assertEquals(Map.of("agent sla-at-risk", 1L, "supervisor sla-at-risk", 1L), kept(id));
        notify.first("the live notice, after the commit", Duration.ofSeconds(5),
                n -> n.getJsonObject("message").getLong("complaintId", -1L) == id);
        assertEquals(List.of("escalation 1"), heard(id));
    }
}

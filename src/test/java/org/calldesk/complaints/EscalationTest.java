package org.calldesk.complaints;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.platform.Role;
import org.calldesk.app.Calldesk;
import org.calldesk.routing.CallerComplaints;
import org.calldesk.routing.OpenComplaint;
import org.calldesk.routing.ComplaintFacts;
import org.calldesk.testing.Await;
import org.calldesk.testing.Inbox;
import org.calldesk.testing.ServerTest;
import org.calldesk.web.Sockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.calldesk.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Escalations on the shared database with stores whose clocks the tests move. The clocks run in 2100 so
 * the shared server's own sweeper (on the real clock) never finds these deadlines due.
 */
@ServerTest
class EscalationTest {

    private final TestServer test = TestServer.get();
    private final Calldesk server = test.server;
    private final Set<Long> mine = ConcurrentHashMap.newKeySet();
    private Inbox<JsonObject> notify;

    @BeforeEach
    void listen() {
        notify = Inbox.onEventBus(test.vertx, Sockets.NOTIFY);
    }

    @AfterEach
    void stopListening() {
        notify.close();
    }

    private ComplaintStore store(java.time.Clock clock, JsonObject configOverrides) {
        JsonObject config = org.calldesk.platform.Config.merge(server.config().copy(), configOverrides);
        SlaPolicies policies = SlaPolicies.from(config);
        return new ComplaintStore(test.vertx, server.pg(), server.redis(), policies, ComplaintSettings.from(config, policies), clock);
    }

    private ComplaintStore.Actor agent1() {
        var agent = await(server.agents().byUsername("agent1")).orElseThrow();
        return new ComplaintStore.Actor(agent.id(), agent.username(), Role.AGENT);
    }

    private long open(ComplaintStore store, long customer) {
        long id = await(store.create(new ComplaintStore.NewComplaint(customer, "service", Severity.CRITICAL,
                "Line dead for a week", "No dial tone since Monday.", null), agent1())).id();
        mine.add(id);
        return id;
    }

    private Map<String, Long> escalationEvents(List<Long> ids) {
        Map<String, Long> counts = new HashMap<>();
        for (Row row : await(server.pg().preparedQuery("""
                        SELECT complaint_id, level, count(*) AS n FROM complaint_events
                        WHERE kind = 'escalation' AND complaint_id = ANY($1) GROUP BY complaint_id, level""")
                .execute(Tuple.of(ids.toArray(Long[]::new))))) {
            counts.put(row.getLong("complaint_id") + "/" + row.getInteger("level"), row.getLong("n"));
        }
        return counts;
    }

    /** Both stores' sweepers, the indexed sweep and the database scan, all at once, three rounds. */
    private static void race(ComplaintStore a, ComplaintStore b) {
        rounds(() -> Future.all(a.escalations().sweepIndexed(), b.escalations().sweepIndexed(),
                a.escalations().sweepDatabase(), b.escalations().sweepDatabase()));
    }

    private static void rounds(java.util.function.Supplier<Future<?>> round) {
        for (int i = 0; i < 3; i++) {
            await(round.get());
        }
    }

    private boolean aboutMine(JsonObject notice) {
        Long complaint = notice.getJsonObject("message", new JsonObject()).getLong("complaintId");
        return complaint != null && mine.contains(complaint);
    }

    /**
     * The notices about this test's complaints published so far. Escalations publish before the sweep, announce
     * or repeat call that fired them completes, so once those have been awaited a marker published now arrives
     * after every notice they sent, duplicates included.
     */
    private List<JsonObject> notices() {
        JsonObject marker = new JsonObject().put("marker", UUID.randomUUID().toString());
        return notify.before(marker, m -> test.vertx.eventBus().publish(Sockets.NOTIFY, m), Duration.ofSeconds(5))
                .stream().filter(this::aboutMine).toList();
    }

    /** For notices sent by a sweeper on its own timer, whose work the test cannot await. */
    private void awaitNotices(int count) {
        Await.until(count + " notices", Duration.ofSeconds(5), () -> notify.count(this::aboutMine) >= count);
    }

    @Test
    @DisplayName("two sweepers racing on one database fire each escalation level exactly once, each to whom it concerns")
    void exactlyOnceWithTwoSweepers() {
        Instant t0 = Instant.parse("2100-01-04T02:00:00Z");
        Fixtures.MutableClock clock = new Fixtures.MutableClock(t0);
        ComplaintStore a = store(clock, new JsonObject());
        ComplaintStore b = store(clock, new JsonObject());
        long customer = Fixtures.customer("Racing Rita", "bronze");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(open(i % 2 == 0 ? a : b, customer));
        }
        // critical for bronze: 4h on the 24x7 calendar; levels at 3h (owner), 4h (supervisors), 6h (managers)
        clock.set(t0.plus(Duration.ofHours(3)).minusSeconds(1));
        race(a, b);
        assertEquals(Map.of(), escalationEvents(ids), "nothing fires before its deadline");

        clock.set(t0.plus(Duration.ofHours(3)).plusSeconds(1));
        race(a, b);
        Map<String, Long> first = escalationEvents(ids);
        assertEquals(20, first.size());
        assertTrue(first.entrySet().stream().allMatch(e -> e.getKey().endsWith("/1") && e.getValue() == 1), first.toString());
        List<JsonObject> notices = notices();
        assertEquals(20, notices.size());
        long agent1 = agent1().id();
        for (JsonObject notice : notices) {
            assertEquals(new JsonArray().add(agent1), notice.getJsonObject("to").getJsonArray("agentIds"));
            JsonObject message = notice.getJsonObject("message");
            assertEquals("escalation", message.getString("type"));
            assertEquals("owner", message.getString("audience"));
            assertEquals("Racing Rita", message.getString("customer"));
            assertEquals("Line dead for a week", message.getString("subject"));
            assertEquals(t0.plus(Duration.ofHours(4)).toString(), message.getString("due"));
        }

        clock.set(t0.plus(Duration.ofHours(7)));
        race(a, b);
        Map<String, Long> all = escalationEvents(ids);
        assertEquals(60, all.size());
        assertTrue(all.values().stream().allMatch(n -> n == 1), all.toString());
        notices = notices();
        assertEquals(60, notices.size());
        assertEquals(20, notices.stream().filter(n -> n.getJsonObject("message").getInteger("level") == 2
                && n.getJsonObject("to").getJsonArray("roles").equals(new JsonArray().add("supervisor").add("admin"))).count());
        assertEquals(20, notices.stream().filter(n -> n.getJsonObject("message").getInteger("level") == 3
                && n.getJsonObject("to").getJsonArray("roles").equals(new JsonArray().add("admin"))).count());
        assertEquals(3, await(a.byId(ids.get(0))).orElseThrow().escalationLevel());
    }

    @Test
    @DisplayName("with Redis flushed mid-run, escalations still fire, found by the fallback scan of PostgreSQL")
    void redisFlushed() {
        Instant t0 = Instant.parse("2100-02-01T02:00:00Z");
        Fixtures.MutableClock clock = new Fixtures.MutableClock(t0);
        ComplaintStore store = store(clock, new JsonObject().put("complaints", new JsonObject()
                .put("sweeper", new JsonObject().put("tick_ms", 100).put("fallback_scan_s", 1))));
        String sweeper = await(test.vertx.deployVerticle(new ComplaintSweeper(store.escalations())));
        try {
            long id = open(store, Fixtures.customer("Flushed Fred", "bronze"));
            await(server.redis().call(jedis -> jedis.flushAll()));
            clock.set(t0.plus(Duration.ofHours(3)).plusSeconds(1));
            awaitNotices(1);
            // one more round of both sweeps, awaited: a level fired twice would be announced again by now
            await(Future.all(store.escalations().sweepIndexed(), store.escalations().sweepDatabase()));
            List<JsonObject> notices = notices();
            assertEquals(1, notices.size(), "the owner's warning fired once despite the lost index");
            assertEquals(id, notices.get(0).getJsonObject("message").getLong("complaintId"));
            assertEquals(Map.of(id + "/1", 1L), escalationEvents(List.of(id)));
            long indexed = await(server.redis().call(jedis -> jedis.zcard(DeadlineIndex.KEY)));
            assertTrue(indexed > 0, "the fallback scan refilled the index");
        } finally {
            await(test.vertx.undeploy(sweeper));
        }
    }

    @Test
    @DisplayName("a repeat call raises the most urgent open complaint one level, once per call however often it is replayed")
    void repeatCall() {
        Instant t0 = Instant.parse("2100-03-01T02:00:00Z");
        Fixtures.MutableClock clock = new Fixtures.MutableClock(t0);
        ComplaintStore store = store(clock, new JsonObject());
        long customer = Fixtures.customer("Repeat Rob", "bronze");
        assertEquals(ComplaintFacts.NONE, await(store.factsFor(customer)));
        long id = open(store, customer);

        await(Future.all(store.escalateForRepeatCall(customer, "1700000000.1"), store.escalateForRepeatCall(customer, "1700000000.1"),
                store.escalateForRepeatCall(customer, "1700000000.1")));
        assertEquals(1, await(store.byId(id)).orElseThrow().escalationLevel());
        await(store.escalateForRepeatCall(customer, "1700000000.2"));
        assertEquals(2, await(store.byId(id)).orElseThrow().escalationLevel());
        assertEquals(List.of(1, 2), notices().stream().map(n -> n.getJsonObject("message").getInteger("level")).sorted().toList());
        long repeatEvents = await(server.pg().preparedQuery(
                "SELECT count(*) AS n FROM complaint_events WHERE complaint_id = $1 AND kind = 'repeat-call'")
                .execute(Tuple.of(id))).iterator().next().getLong("n");
        assertEquals(2, repeatEvents);

        // levels already raised by calls are not fired again when their deadlines come
        clock.set(t0.plus(Duration.ofHours(5)));
        await(store.escalations().sweepDatabase());
        assertEquals(Map.of(), escalationEvents(List.of(id)));
        clock.set(t0.plus(Duration.ofHours(6)).plusSeconds(1));
        await(store.escalations().sweepDatabase());
        assertEquals(Map.of(id + "/3", 1L), escalationEvents(List.of(id)));

        ComplaintFacts facts = await(store.factsFor(customer));
        assertEquals(new ComplaintFacts(1, true, true), facts);
        JsonObject urgent = await(store.mostUrgentOpen(customer)).orElseThrow();
        assertEquals(id, urgent.getLong("id"));
        assertEquals(t0.plus(Duration.ofHours(4)).getEpochSecond(), urgent.getLong("resolutionDue"));
        List<OpenComplaint> open = await(store.openForCustomer(customer));
        assertEquals(1, open.size());
        assertEquals("breached", open.get(0).slaState());
        assertEquals("critical", open.get(0).severity());
    }

    @Test
    @DisplayName("a satisfaction follow-up that falls due is announced to the owner once, however many sweepers race; a new resolution brings a new one")
    void followUpDueAnnouncedOnce() {
        Instant t0 = Instant.parse("2100-06-01T02:00:00Z");
        Fixtures.MutableClock clock = new Fixtures.MutableClock(t0);
        ComplaintStore a = store(clock, new JsonObject());
        ComplaintStore b = store(clock, new JsonObject());
        long id = open(a, Fixtures.customer("Followed Fay", "gold"));
        for (ComplaintStatus to : List.of(ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.IN_PROGRESS, ComplaintStatus.RESOLVED)) {
            await(a.transition(id, to, null, agent1()));
        }
        Instant due = await(a.byId(id)).orElseThrow().followUpDue();
        assertTrue(due.isAfter(t0), "the follow-up is scheduled after the resolution: " + due);

        clock.set(due.minusSeconds(1));
        announceRace(a, b);
        assertEquals(List.of(), notices(), "nothing before it is due");

        clock.set(due.plusSeconds(1));
        announceRace(a, b);
        List<JsonObject> notices = notices();
        assertEquals(1, notices.size());
        JsonObject notice = notices.get(0);
        assertEquals(new JsonArray().add(agent1().id()), notice.getJsonObject("to").getJsonArray("agentIds"));
        assertEquals("follow-up-due", notice.getJsonObject("message").getString("type"));
        assertEquals("Followed Fay", notice.getJsonObject("message").getString("customer"));
        assertEquals(due.toString(), notice.getJsonObject("message").getString("due"));
        assertEquals(1, followUpDueEvents(id));

        // the customer was not satisfied after all: reopened, resolved again, a new follow-up falls due later
        await(a.transition(id, ComplaintStatus.IN_PROGRESS, "customer called back", agent1()));
        await(a.transition(id, ComplaintStatus.RESOLVED, null, agent1()));
        Instant again = await(a.byId(id)).orElseThrow().followUpDue();
        assertTrue(again.isAfter(due));
        clock.set(again.plusSeconds(1));
        announceRace(a, b);
        assertEquals(2, notices().size());
        assertEquals(2, followUpDueEvents(id));

        // once the follow-up call is made and the complaint closed, nothing more is announced
        await(a.followUp(id, 5, "happy now", agent1()));
        clock.set(again.plus(Duration.ofDays(30)));
        announceRace(a, b);
        assertEquals(2, notices().size());
    }

    private static void announceRace(ComplaintStore a, ComplaintStore b) {
        rounds(() -> Future.all(a.escalations().announceDueFollowUps(), b.escalations().announceDueFollowUps()));
    }

    private long followUpDueEvents(long id) {
        return await(server.pg().preparedQuery(
                "SELECT count(*) AS n FROM complaint_events WHERE complaint_id = $1 AND kind = 'follow-up-due'")
                .execute(Tuple.of(id))).iterator().next().getLong("n");
    }

    @Test
    @DisplayName("routing asks by the calling number and sees what the complaint desk sees: the same facts, the same cards")
    void forCallerAgreesWithTheDesk() {
        Instant t0 = Instant.parse("2100-05-01T02:00:00Z");
        Fixtures.MutableClock clock = new Fixtures.MutableClock(t0);
        ComplaintStore store = store(clock, new JsonObject());
        long customer = Fixtures.customer("Caller Cleo", "silver");
        String phone = Http.as("admin").get("/api/customers/" + customer).bodyAsJsonObject().getJsonArray("phones").getString(0);
        assertEquals(CallerComplaints.NONE, await(store.forCaller(phone)));
        assertEquals(CallerComplaints.NONE, await(store.forCaller("+8613999999871")), "a number nobody has");

        long first = open(store, customer);
        long second = open(store, customer);
        assertAgrees(store, customer, phone);
        // answered at once, so only the 4-hour resolution target is left running
        await(store.transition(first, ComplaintStatus.ACKNOWLEDGED, null, agent1()));
        await(store.transition(second, ComplaintStatus.ACKNOWLEDGED, null, agent1()));
        clock.set(t0.plus(Duration.ofHours(3)).plusSeconds(1));
        assertEquals(new ComplaintFacts(2, true, false), await(store.forCaller(phone)).facts(), "both past 75 % of 4 h");
        assertAgrees(store, customer, phone);
        for (ComplaintStatus to : List.of(ComplaintStatus.IN_PROGRESS, ComplaintStatus.WAITING_CUSTOMER)) {
            await(store.transition(first, to, null, agent1()));
            await(store.transition(second, to, null, agent1()));
        }
        assertEquals(new ComplaintFacts(2, false, false), await(store.forCaller(phone)).facts(), "paused: not at risk");
        assertAgrees(store, customer, phone);
        await(store.transition(second, ComplaintStatus.IN_PROGRESS, null, agent1()));
        clock.set(t0.plus(Duration.ofHours(5)));
        assertEquals(new ComplaintFacts(2, true, true), await(store.forCaller(phone)).facts());
        assertAgrees(store, customer, phone);
    }

    private static void assertAgrees(ComplaintStore store, long customer, String phone) {
        CallerComplaints byNumber = await(store.forCaller(phone));
        assertEquals(await(store.factsFor(customer)), byNumber.facts());
        assertEquals(await(store.openForCustomer(customer)), byNumber.open());
    }

    @Test
    @DisplayName("the audit trail refuses updates and deletes")
    void auditTrailIsAppendOnly() {
        ComplaintStore store = store(new Fixtures.MutableClock(Instant.parse("2100-04-01T02:00:00Z")), new JsonObject());
        long id = open(store, Fixtures.customer("Audit Ann", "bronze"));
        for (String sql : List.of("UPDATE complaint_events SET note = 'edited' WHERE complaint_id = $1",
                "DELETE FROM complaint_events WHERE complaint_id = $1")) {
            RuntimeException refused = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> await(server.pg().preparedQuery(sql).execute(Tuple.of(id))));
            assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
        }
    }
}

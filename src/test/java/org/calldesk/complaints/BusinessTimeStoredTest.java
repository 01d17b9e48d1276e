package org.calldesk.complaints;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.calldesk.TestServer;
import org.calldesk.app.Calldesk;
import org.calldesk.platform.Role;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.calldesk.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The business times the complaints report reads, as the lifecycle stores them and as the start-up backfill fills
 * them in, on the shared database with stores whose clocks the tests move (in 2100, where the shared server's own
 * sweeper never finds a deadline due). Normal severity for bronze counts on the shipped business calendar, Mon–Fri
 * 09:00–18:00 in Asia/Shanghai; 2100-01-08 is a Friday.
 */
@ServerTest
class BusinessTimeStoredTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private final TestServer test = TestServer.get();
    private final Calldesk server = test.server;

    private static Instant sh(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    private SlaPolicies policies() {
        return SlaPolicies.from(server.config());
    }

    private ComplaintStore store(Fixtures.MutableClock clock) {
        SlaPolicies policies = policies();
        return new ComplaintStore(test.vertx, server.pg(), server.redis(), policies,
                ComplaintSettings.from(server.config(), policies), clock);
    }

    private ComplaintStore.Actor agent1() {
        var agent = await(server.agents().byUsername("agent1")).orElseThrow();
        return new ComplaintStore.Actor(agent.id(), agent.username(), Role.AGENT);
    }

    /** {first_response_business_s, resolve_business_s} as stored. */
    private Long[] stored(long id) {
        Row row = await(server.pg().preparedQuery("SELECT first_response_business_s, resolve_business_s FROM complaints WHERE id = $1")
                .execute(Tuple.of(id))).iterator().next();
        return new Long[]{row.getLong(0), row.getLong(1)};
    }

    private void move(ComplaintStore store, Fixtures.MutableClock clock, long id, String local, ComplaintStatus to) {
        clock.set(sh(local));
        await(store.transition(id, to, null, agent1()));
    }

    /**
     * Fri 16:00 opened; 17:00 acknowledged (1 h); in progress 17:30; Mon 10:00 waiting for the customer (Fri 2 h +
     * Mon 1 h = 3 h); Mon 14:00 in progress again; Mon 15:00 resolved (+1 h = 4 h, though 71 h passed).
     */
    private long worked(ComplaintStore store, Fixtures.MutableClock clock, long customer) {
        clock.set(sh("2100-01-08T16:00"));
        long id = await(store.create(new ComplaintStore.NewComplaint(customer, "billing", Severity.NORMAL,
                "Charged twice", "The invoice was charged twice.", null), agent1())).id();
        assertEquals(List.of(), java.util.Arrays.stream(stored(id)).filter(java.util.Objects::nonNull).toList(), "nothing yet");
        move(store, clock, id, "2100-01-08T17:00", ComplaintStatus.ACKNOWLEDGED);
        assertEquals(3600L, stored(id)[0], "answered after an hour of business time");
        assertNull(stored(id)[1]);
        move(store, clock, id, "2100-01-08T17:30", ComplaintStatus.IN_PROGRESS);
        move(store, clock, id, "2100-01-11T10:00", ComplaintStatus.WAITING_CUSTOMER);
        move(store, clock, id, "2100-01-11T14:00", ComplaintStatus.IN_PROGRESS);
        move(store, clock, id, "2100-01-11T15:00", ComplaintStatus.RESOLVED);
        return id;
    }

    @Test
    @DisplayName("the lifecycle stores business time to the first response and to resolve: over a weekend, paused, reopened, closed")
    void writePath() {
        Fixtures.MutableClock clock = new Fixtures.MutableClock(sh("2100-01-08T16:00"));
        ComplaintStore store = store(clock);
        long id = worked(store, clock, Fixtures.customer("Weekend Wang", "bronze"));
        assertEquals(3600L, stored(id)[0]);
        assertEquals(4 * 3600L, stored(id)[1], "Fri 16-18, Mon 9-10 and 14-15: the night, the weekend and the wait left out");

        // an unhappy follow-up reopens it Tue 09:00: no time to resolve until it is resolved again
        clock.set(sh("2100-01-12T09:00"));
        await(store.followUp(id, 1, "still charged twice", agent1()));
        assertNull(stored(id)[1], "reopened: not resolved");
        move(store, clock, id, "2100-01-12T11:30", ComplaintStatus.RESOLVED);
        assertEquals(6 * 3600L + 1800, stored(id)[1], "4 h before the reopen and 2 h 30 after it");
        clock.set(sh("2100-01-12T12:00"));
        await(store.followUp(id, 5, null, agent1()));
        assertEquals(6 * 3600L + 1800, stored(id)[1], "closing keeps the time to resolve");
        assertEquals(3600L, stored(id)[0], "the first response never changes");
    }

    @Test
    @DisplayName("the backfill fills in complaints stored without business times as the lifecycle would have, once, on one node at a time")
    void backfill() {
        Fixtures.MutableClock clock = new Fixtures.MutableClock(sh("2100-01-08T16:00"));
        ComplaintStore store = store(clock);
        long customer = Fixtures.customer("Backfill Bai", "bronze");
        List<Long> resolved = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            resolved.add(worked(store, clock, customer));
        }
        clock.set(sh("2100-01-08T16:00"));
        long answered = await(store.create(new ComplaintStore.NewComplaint(customer, "billing", Severity.NORMAL,
                "Late", "Answered on Monday.", null), agent1())).id();
        move(store, clock, answered, "2100-01-11T09:30", ComplaintStatus.ACKNOWLEDGED);
        List<Long> all = new ArrayList<>(resolved);
        all.add(answered);
        // as a calldesk before V21 left them
        await(server.pg().preparedQuery("UPDATE complaints SET first_response_business_s = NULL, resolve_business_s = NULL WHERE id = ANY($1)")
                .execute(Tuple.tuple().addArrayOfLong(all.toArray(Long[]::new))));

        // another node holds the claim: this one leaves the work to it
        SqlConnection other = await(server.pg().getConnection());
        try {
            assertTrue(await(other.query("SELECT pg_try_advisory_lock(1919970421)").execute()).iterator().next().getBoolean(0));
            BusinessTimeBackfill.Result skipped = await(new BusinessTimeBackfill(test.vertx, server.pg(), policies(), 2).run());
            assertFalse(skipped.ran());
            assertNull(stored(answered)[0], "left to the node holding the claim");
            await(other.query("SELECT pg_advisory_unlock(1919970421)").execute());
        } finally {
            await(other.close());
        }

        BusinessTimeBackfill.Result result = await(new BusinessTimeBackfill(test.vertx, server.pg(), policies(), 2).run());
        assertTrue(result.ran());
        assertTrue(result.updated() >= all.size(), "batches of two went on to the end: " + result);
        for (long id : resolved) {
            assertEquals(3600L, stored(id)[0]);
            assertEquals(4 * 3600L, stored(id)[1], "as the lifecycle stored it, from the trail");
        }
        assertEquals(2 * 3600L + 1800, stored(answered)[0], "answered Mon 09:30: Fri 16:00-18:00 and Mon 09:00-09:30");
        assertNull(stored(answered)[1], "not resolved");

        // a complaint already filled in is not touched again
        await(server.pg().preparedQuery("UPDATE complaints SET resolve_business_s = 1 WHERE id = $1").execute(Tuple.of(resolved.get(0))));
        await(new BusinessTimeBackfill(test.vertx, server.pg(), policies(), 2).run());
        assertEquals(1L, stored(resolved.get(0))[1], "only what is empty is written");
    }
}

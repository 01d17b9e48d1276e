package org.calldesk.complaints;

import io.vertx.core.json.JsonObject;
import org.calldesk.TestServer;
import org.calldesk.app.Calldesk;
import org.calldesk.platform.Role;
import org.calldesk.testing.Inbox;
import org.calldesk.testing.ServerTest;
import org.calldesk.web.Sockets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.calldesk.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The escalation deadline index after Redis lost it. The clock runs in 2100 so that the shared server's own
 * sweeper (on the real clock) never finds these deadlines due, and the fallback scan is made too slow to help.
 */
@ServerTest
class IndexAfterRedisOutageTest {

    private final TestServer test = TestServer.get();
    private final Calldesk server = test.server;

    @Test
    @DisplayName("after Redis comes back empty, the deadline index is rebuilt even when a complaint was indexed first")
    void rebuiltAfterRestartThoughNotEmpty() {
        Instant t0 = Instant.parse("2100-07-05T02:00:00Z");
        Fixtures.MutableClock clock = new Fixtures.MutableClock(t0);
        JsonObject overrides = new JsonObject().put("complaints", new JsonObject()
                .put("sweeper", new JsonObject().put("tick_ms", 100).put("fallback_scan_s", 3600)));
        JsonObject config = org.calldesk.platform.Config.merge(server.config().copy(), overrides);
        SlaPolicies policies = SlaPolicies.from(config);
        ComplaintStore store = new ComplaintStore(test.vertx, server.pg(), server.redis(), policies,
                ComplaintSettings.from(config, policies), clock);
        var agent = await(server.agents().byUsername("agent1")).orElseThrow();
        ComplaintStore.Actor actor = new ComplaintStore.Actor(agent.id(), agent.username(), Role.AGENT);
        long customer = Fixtures.customer("Outage Olga", "bronze");

        String sweeper = await(test.vertx.deployVerticle(new ComplaintSweeper(store.escalations())));
        try (Inbox<JsonObject> notify = Inbox.onEventBus(test.vertx, Sockets.NOTIFY)) {
            // critical for bronze: 4 h on the 24x7 calendar, the owner is warned at 3 h
            long before = await(store.create(new ComplaintStore.NewComplaint(customer, "service", Severity.CRITICAL,
                    "Opened before the outage", "Indexed, then Redis lost it.", null), actor)).id();
            test.redis.stop();
            test.redis.restart();
            // written into the empty index at once: the index is no longer empty, but it lacks the first one
            clock.set(t0.plusSeconds(60));
            await(store.create(new ComplaintStore.NewComplaint(customer, "service", Severity.CRITICAL,
                    "Opened after the outage", "Indexed into the new Redis.", null), actor)).id();

            clock.set(t0.plus(Duration.ofHours(3)).plusSeconds(1));
            // well within one tick of the sweeper, far less than its fallback scan
            JsonObject notice = notify.first("the owner's warning about the complaint opened before the outage",
                    Duration.ofSeconds(10), n -> Long.valueOf(before).equals(n.getJsonObject("message", new JsonObject()).getLong("complaintId")));
            assertEquals(1, notice.getJsonObject("message").getInteger("level"));
        } finally {
            await(test.vertx.undeploy(sweeper));
        }
    }
}

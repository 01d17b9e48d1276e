package org.calldesk.screenpop;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.calldesk.Phones;
import org.calldesk.TestServer;
import org.calldesk.app.Calldesk;
import org.calldesk.routing.CallRouter;
import org.calldesk.routing.CallerComplaints;
import org.calldesk.routing.RoutingPolicy;
import org.calldesk.telephony.CallChanged;
import org.calldesk.telephony.CallEvent;
import org.calldesk.telephony.LiveCall;
import org.calldesk.telephony.RouteInfo;
import org.calldesk.testing.Await;
import org.calldesk.testing.Inbox;
import org.calldesk.testing.ServerTest;
import org.calldesk.web.Sockets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Routing whose facts miss the budget, and the pop of that call: the route, the card and the pop are the server's own
 * classes on the shared server's PostgreSQL and Redis; the complaint desk answers only when the test says so.
 */
@ServerTest
class LateCardTest {

    private static final String LINKEDID = "1799000000.1";
    private static final String UNIQUEID = "1799000000.1";

    @Test
    @DisplayName("a pop that went out as an unknown caller because the route's facts came late is filled in for the same agent when they come")
    void lateCardUpdatesThePop() {
        TestServer test = TestServer.get();
        Calldesk server = test.server;
        long customer = Phones.customer("LATE-1", "Late Gold", "+86 136 4000 0001", "gold", null);
        JsonObject config = server.config().copy();
        config.getJsonObject("routing").put("budget_ms", 100);
        Promise<CallerComplaints> complaintsAnswer = Promise.promise();
        CallRouter.ComplaintSource slowComplaints = new CallRouter.ComplaintSource() {
            public Future<CallerComplaints> forCaller(String e164) {
                return complaintsAnswer.future();
            }

            public Future<Void> escalateForRepeatCall(long customerId, String callId) {
                return Future.succeededFuture();
            }
        };
        Context bridge = test.vertx.getOrCreateContext();
        Cards cards = new Cards(server.redis(), Cards.Decisions.NONE);
        ScreenPop pop = new ScreenPop(test.vertx, cards, server.agentLines(), work -> bridge.runOnContext(v -> work.run()));
        CallRouter router = new CallRouter(RoutingPolicy.from(config), server.customers(), server.pg(), slowComplaints,
                server.presence(), cards::prepare, Clock.systemUTC());
        long agentId = server.agentLines().byInterface("PJSIP/1001").orElseThrow().id();

        try (Inbox<JsonObject> agent = Inbox.onEventBus(test.vertx, Sockets.userAddress(agentId))) {
            RouteInfo route = router.route("+8613640000001", "service", UNIQUEID);
            assertNull(route.customerId());
            assertTrue(route.reason().startsWith("default route: caller facts took longer"), route.reason());

            Instant rang = Instant.now();
            LiveCall ringing = new LiveCall(LINKEDID, UNIQUEID, "PJSIP/trunk-00000001", "+8613640000001",
                    LiveCall.Phase.RINGING, "service", 1, 0, rang, rang, Set.of("PJSIP/1001"), null, null, null, null, null,
                    0, 0, 0, route);
            CallEvent.AgentCalled called = new CallEvent.AgentCalled(rang, LINKEDID, UNIQUEID, "PJSIP/trunk-00000001",
                    "service", "PJSIP/1001", "Agent One", "+8613640000001", "PJSIP/1001-00000002", "1799000000.2");
            bridge.runOnContext(v -> pop.changed(new CallChanged(called, ringing, false)));
            JsonObject first = agent.first("the pop", Duration.ofSeconds(5), m -> "pop".equals(m.getString("type")));
            assertNull(first.getValue("customer"), "the facts have not come: " + first);
            assertFalse(first.containsKey("update"));

            complaintsAnswer.complete(CallerComplaints.NONE);
            JsonObject update = agent.first("the card as an update", Duration.ofSeconds(5),
                    m -> "pop".equals(m.getString("type")) && m.getBoolean("update", false));
            assertEquals(LINKEDID, update.getString("linkedid"));
            assertEquals(customer, update.getJsonObject("customer").getLong("id"));
            assertEquals("Late Gold", update.getJsonObject("customer").getString("name"));
            assertEquals("service", update.getString("queue"));
            assertTrue(update.getJsonObject("route").getString("reason").startsWith("default route"),
                    "the call keeps the route it was given: " + update);

            LiveCall ended = new LiveCall(LINKEDID, UNIQUEID, "PJSIP/trunk-00000001", "+8613640000001",
                    LiveCall.Phase.ABANDONED, "service", 0, 0, rang, rang, Set.of(), null, null, null, Instant.now(),
                    LiveCall.Outcome.ABANDONED, 100, 0, 0, route);
            CallEvent.QueueCallerAbandon gone = new CallEvent.QueueCallerAbandon(Instant.now(), LINKEDID, UNIQUEID,
                    "PJSIP/trunk-00000001", "service", 1, 1, 0);
            bridge.runOnContext(v -> pop.changed(new CallChanged(gone, ended, true)));
            agent.first("the pop withdrawn", Duration.ofSeconds(5), m -> "call".equals(m.getString("type")));
            Await.until("the ended call's card to leave Redis", Duration.ofSeconds(5),
                    () -> !TestServer.await(server.redis().call(jedis -> jedis.exists("cd:card:" + UNIQUEID))));
        }
    }
}

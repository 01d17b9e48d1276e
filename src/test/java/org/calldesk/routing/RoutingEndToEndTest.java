package org.calldesk.routing;

import io.vertx.sqlclient.Tuple;
import org.calldesk.Http;
import org.calldesk.Phones;
import org.calldesk.TestServer;
import org.calldesk.telephony.LiveCall;
import org.calldesk.sim.SwitchSimulator;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routing by value on the simulator: who is answered first, ageing, the account manager first. */
@ServerTest
class RoutingEndToEndTest {

    @AfterEach
    void reset() {
        Phones.reset();
    }

    private static void queued(String linkedid) {
        Await.until("call " + linkedid + " to wait in a queue", Duration.ofSeconds(10),
                () -> Phones.phase(linkedid) == LiveCall.Phase.QUEUED);
    }

    private static String agentOf(String linkedid) {
        return Phones.live(linkedid).map(LiveCall::agentInterface).orElse(null);
    }

    @Test
    @DisplayName("with one free agent, a platinum caller who joined a second after a bronze caller is answered first")
    void platinumFirst() {
        Phones.customer("RT-B1", "Bronze First", "+86 137 2000 0001", "bronze", null);
        Phones.customer("RT-P1", "Platinum Second", "+86 137 2000 0002", "platinum", null);
        Http agent = Http.as("agent1");
        Phones.state(agent, "paused");
        String bronze = Phones.call("+8613720000001", "service");
        queued(bronze);
        String platinum = Phones.call("+8613720000002", "service");
        queued(platinum);
        assertEquals(30, Phones.live(platinum).orElseThrow().route().priority());
        Phones.state(agent, "available");
        Await.until("someone to be answered", Duration.ofSeconds(10),
                () -> agentOf(platinum) != null || agentOf(bronze) != null);
        assertEquals("PJSIP/1001", agentOf(platinum), "the platinum caller is answered first");
        assertEquals(null, agentOf(bronze));
    }

    @Test
    @DisplayName("ageing lets a bronze caller who has waited overtake a newer gold caller")
    void ageing() {
        Phones.customer("RT-B2", "Bronze Patient", "+86 137 2000 0003", "bronze", null);
        Phones.customer("RT-G2", "Gold Newcomer", "+86 137 2000 0004", "gold", null);
        Http agent = Http.as("agent1");
        Phones.state(agent, "paused");
        String bronze = Phones.call("+8613720000003", "service");
        queued(bronze);
        // ageing in tests: +10 every 2 s up to +30; after 6 s the bronze caller (0) is at 30, above gold (20)
        Await.until("the bronze caller to age", Duration.ofSeconds(10), () ->
                TestServer.await(Phones.live().waiting()).getOrDefault("service", java.util.List.of()).stream()
                        .anyMatch(w -> w.linkedid().equals(bronze) && w.waitMs() >= 6500));
        String gold = Phones.call("+8613720000004", "service");
        queued(gold);
        Phones.state(agent, "available");
        Await.until("someone to be answered", Duration.ofSeconds(10),
                () -> agentOf(gold) != null || agentOf(bronze) != null);
        assertEquals("PJSIP/1001", agentOf(bronze), "the long-waiting bronze caller goes first");
        assertEquals(null, agentOf(gold));
    }

    @Test
    @DisplayName("the account manager rings first when free; unanswered, the queue takes over")
    void accountManagerFirst() {
        long customer = Phones.customer("RT-AM", "Managed Gold", "+86 137 2000 0005", "gold", "manager1");
        SwitchSimulator sim = Phones.sim();
        Phones.state(Http.as("manager1"), "available");
        String direct = Phones.call("+8613720000005", "service");
        Await.until("the account manager to answer", Duration.ofSeconds(10),
                () -> "PJSIP/1009".equals(agentOf(direct)));
        assertEquals(null, Phones.live(direct).orElseThrow().joinedAt(), "answered without queueing");
        assertTrue(Phones.live(direct).orElseThrow().route().reason().contains("account manager manager1"),
                Phones.live(direct).orElseThrow().route().reason());
        TestServer.await(sim.hangup(direct));
        Await.until("the first call to end", Duration.ofSeconds(5), () -> Phones.live(direct).map(LiveCall::isFinal).orElse(true));
        Await.until("the manager to be free again", Duration.ofSeconds(5),
                () -> !Phones.presence().state("PJSIP/1009").busy());

        sim.device("PJSIP/1009").autoAnswer(false);
        Phones.state(Http.as("agent1"), "available");
        String overflow = Phones.call("+8613720000005", "service");
        // the account manager rings 2 s in tests (telephony.sim.agent_dial_ms; 15 s in the dialplan and by default)
        Await.until("the queue to take over", Duration.ofSeconds(10), () -> "PJSIP/1001".equals(agentOf(overflow)));
        assertEquals("service", Phones.live(overflow).orElseThrow().queue());
        long stored = TestServer.await(TestServer.get().server.pg().preparedQuery(
                "SELECT count(*) FROM calls WHERE linkedid = $1 AND customer_id = $2").execute(Tuple.of(direct, customer)))
                .iterator().next().getLong(0);
        assertEquals(1, stored, "the call answered by the manager is stored too");
    }
}

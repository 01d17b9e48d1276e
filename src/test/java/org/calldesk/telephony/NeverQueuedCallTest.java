package org.calldesk.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.calldesk.telephony.LiveCall.Outcome;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A call's queue is the queue it joined; where the route would have sent it stays in its route. */
class NeverQueuedCallTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final String MANAGER = "Local/1002@agents";
    private static final RouteInfo ROUTE =
        new RouteInfo(7L, "gold", 20, "account manager first", "service", "service", MANAGER, "");

    private final LiveCalls live = new LiveCalls();
    private final List<LiveCall> ended = new ArrayList<>();

    NeverQueuedCallTest() {
        live.subscribe(change -> {
            if (change.ended()) {
                ended.add(change.call());
            }
        });
    }

    @Test
    @DisplayName("a call the account manager answers from the route ends answered, with no queue")
    void answeredByAccountManager() {
        live.accept(new CallEvent.Routed(T0, "L1", "U1", "5550001", ROUTE));
        assertNull(live.call("L1").orElseThrow().queue(), "in the menu, not in a queue");
        live.accept(new CallEvent.DialBegin(T0.plusSeconds(2), "L1", "U1", "Local/s@in-1;1",
            "Local/1002@agents-00000032;1", MANAGER));
        live.accept(new CallEvent.DialEnd(T0.plusSeconds(4), "L1", "U1", "Local/s@in-1;1",
            "Local/1002@agents-00000032;1", MANAGER, "ANSWER"));
        live.accept(new CallEvent.Hangup(T0.plusSeconds(30), "L1", "U1", "Local/s@in-1;1", 16));

        LiveCall call = ended.get(0);
        assertEquals(Outcome.ANSWERED, call.outcome());
        assertEquals(MANAGER, call.agentInterface());
        assertNull(call.queue());
        assertEquals("service", call.route().queue());
        assertEquals(26_000, call.talkMs());
    }

    @Test
    @DisplayName("when the account manager does not answer, the call takes the queue it then joins")
    void queuedAfterAccountManager() {
        live.accept(new CallEvent.Routed(T0, "L2", "U2", "5550002", ROUTE));
        live.accept(new CallEvent.DialBegin(T0.plusSeconds(2), "L2", "U2", "Local/s@in-2;1",
            "Local/1002@agents-00000040;1", MANAGER));
        live.accept(new CallEvent.DialEnd(T0.plusSeconds(17), "L2", "U2", "Local/s@in-2;1",
            "Local/1002@agents-00000040;1", MANAGER, "NOANSWER"));
        live.accept(new CallEvent.QueueCallerJoin(T0.plusSeconds(18), "L2", "U2", "Local/s@in-2;1", "vip",
            "5550002", "Caller", 1, 1));
        live.accept(new CallEvent.Hangup(T0.plusSeconds(40), "L2", "U2", "Local/s@in-2;1", 16));

        assertEquals(Outcome.ABANDONED, ended.get(0).outcome());
        assertEquals("vip", ended.get(0).queue());
    }

    @Test
    @DisplayName("a caller who hangs up in the menu after being routed never queued")
    void endedInMenu() {
        live.accept(new CallEvent.Routed(T0, "L3", "U3", "5550003", ROUTE));
        live.accept(new CallEvent.Hangup(T0.plusSeconds(5), "L3", "U3", "Local/s@in-3;1", 16));
        assertEquals(Outcome.ENDED_IN_IVR, ended.get(0).outcome());
        assertNull(ended.get(0).queue());
    }
}

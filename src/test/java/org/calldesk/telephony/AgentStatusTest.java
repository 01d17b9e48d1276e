package org.calldesk.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.calldesk.telephony.AgentStatus.Activity;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentStatusTest {

    private static final String IFACE = "PJSIP/1001";
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    private static QueueMemberState member(String queue, int device, boolean paused, String reason, boolean inCall,
                                           Instant since) {
        return new QueueMemberState(queue, IFACE, "Agent One", device, paused, reason, inCall, since);
    }

    @ParameterizedTest(name = "device state {0} of an idle member reads as {1}")
    @CsvSource({"0, AVAILABLE", "1, AVAILABLE", "2, ON_CALL", "3, ON_CALL", "4, UNAVAILABLE", "5, UNAVAILABLE",
        "6, RINGING", "7, ON_CALL", "8, ON_CALL"})
    @DisplayName("every Asterisk device state has one reading, for routing and board alike")
    void deviceStates(int device, Activity expected) {
        AgentStatus status = AgentStatus.of(IFACE, List.of(member("service", device, false, null, false, T0)),
            false, false, false);
        assertEquals(expected, status.activity());
        assertEquals(expected == Activity.AVAILABLE, status.free());
        assertEquals(expected == Activity.ON_CALL || expected == Activity.RINGING, status.busy());
    }

    @Test
    @DisplayName("no memberships is logged out: not free, not busy")
    void loggedOut() {
        AgentStatus status = AgentStatus.of(IFACE, List.of(), false, false, false);
        assertEquals(Activity.LOGGED_OUT, status.activity());
        assertFalse(status.loggedIn());
        assertFalse(status.free());
        assertFalse(status.busy());
        assertEquals(AgentStatus.loggedOut(IFACE), status);
    }

    @Test
    @DisplayName("a call ringing the phone makes the agent ringing, hence busy and not free, whatever the members say")
    void ringingFromCall() {
        AgentStatus status = AgentStatus.of(IFACE, List.of(member("vip", 1, false, null, false, T0)),
            false, true, false);
        assertEquals(Activity.RINGING, status.activity());
        assertTrue(status.busy());
        assertFalse(status.free());
    }

    @Test
    @DisplayName("the most engaged membership wins: on call in one queue beats paused in another; paused beats wrap-up")
    void precedence() {
        QueueMemberState paused = member("service", 1, true, "lunch", false, T0);
        QueueMemberState talking = member("vip", 1, false, null, true, T0.plusSeconds(5));
        AgentStatus onCall = AgentStatus.of(IFACE, List.of(paused, talking), false, false, true);
        assertEquals(Activity.ON_CALL, onCall.activity());
        assertEquals(T0.plusSeconds(5), onCall.since());
        assertEquals(List.of("service", "vip"), onCall.queues());

        AgentStatus pausedNotWrapping = AgentStatus.of(IFACE, List.of(paused), false, false, true);
        assertEquals(Activity.PAUSED, pausedNotWrapping.activity());
        assertEquals("lunch", pausedNotWrapping.pauseReason());

        AgentStatus wrapping = AgentStatus.of(IFACE, List.of(member("service", 1, false, null, false, T0)),
            false, false, true);
        assertEquals(Activity.WRAP_UP, wrapping.activity());
        assertFalse(wrapping.free());
    }

    @Test
    @DisplayName("a pause without a reason has an empty reason; no pause has none")
    void pauseReason() {
        assertEquals("", AgentStatus.of(IFACE, List.of(member("service", 1, true, "", false, T0)),
            false, false, false).pauseReason());
        assertEquals(null, AgentStatus.of(IFACE, List.of(member("service", 1, false, null, false, T0)),
            false, false, false).pauseReason());
    }

    @Test
    @DisplayName("paused in every queue for wrap-up is wrap-up, not a break; a break in one queue makes it a pause")
    void wrapUpPause() {
        QueueMemberState service = member("service", 1, true, AgentStatus.WRAP_UP_REASON, false, T0);
        QueueMemberState complaints = member("complaints", 1, true, AgentStatus.WRAP_UP_REASON, false, T0);
        AgentStatus wrapping = AgentStatus.of(IFACE, List.of(service, complaints), false, false, false);
        assertEquals(Activity.WRAP_UP, wrapping.activity());
        assertTrue(wrapping.wrappingUp());
        assertTrue(wrapping.pausedIn(List.of("service", "complaints"), AgentStatus.WRAP_UP_REASON));
        assertFalse(wrapping.free());
        assertFalse(wrapping.busy());

        AgentStatus onBreak = AgentStatus.of(IFACE, List.of(service, member("complaints", 1, true, "lunch", false, T0)),
            false, false, false);
        assertEquals(Activity.PAUSED, onBreak.activity());
        assertFalse(onBreak.wrappingUp());
        // A new call during wrap-up (an account manager's direct ring) is still a call.
        assertEquals(Activity.RINGING, AgentStatus.of(IFACE, List.of(service), false, true, false).activity());
    }
}

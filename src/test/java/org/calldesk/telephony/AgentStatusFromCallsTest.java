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

/** What the calls say about a phone against what its device state says, and when a state change has settled. */
class AgentStatusFromCallsTest {

    private static final String IFACE = "Local/1001@agents";
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final List<String> QUEUES = List.of("service", "complaints", "vip");

    private static List<QueueMemberState> everyQueue(int device) {
        return QUEUES.stream().map(q -> member(q, device, false, "", false)).toList();
    }

    private static QueueMemberState member(String queue, int device, boolean paused, String reason, boolean inCall) {
        return new QueueMemberState(queue, IFACE, "Agent 1", device, paused, reason, inCall, T0);
    }

    @ParameterizedTest(name = "device state {0} while a call rings the phone reads as {1}")
    @CsvSource({"0, RINGING", "1, RINGING", "2, RINGING", "3, RINGING", "4, RINGING", "5, RINGING", "6, RINGING",
        "7, ON_CALL", "8, ON_CALL"})
    @DisplayName("a call ringing the phone outranks 'in use', which a Local member reports from the first ring")
    void ringingCall(int device, Activity expected) {
        AgentStatus status = AgentStatus.of(IFACE, everyQueue(device), false, true, false);
        assertEquals(expected, status.activity());
        assertTrue(status.busy());
        assertFalse(status.free());
    }

    @ParameterizedTest(name = "device state {0} with a call connected to the phone reads as on call")
    @CsvSource({"1", "2", "6", "7"})
    @DisplayName("a connected call is on call whatever the device says, a second call ringing included")
    void connectedCall(int device) {
        assertEquals(Activity.ON_CALL, AgentStatus.of(IFACE, everyQueue(device), true, true, false).activity());
    }

    @Test
    @DisplayName("with no live call for it, an in-use device is a call calldesk does not see: on call")
    void inUseWithoutCall() {
        assertEquals(Activity.ON_CALL, AgentStatus.of(IFACE, everyQueue(2), false, false, false).activity());
        assertEquals(Activity.RINGING, AgentStatus.of(IFACE, everyQueue(6), false, false, false).activity());
    }

    @Test
    @DisplayName("app_queue's InCall (set once the member answered) is on call even while a call is said to ring")
    void inCall() {
        List<QueueMemberState> answered =
            List.of(member("service", 2, false, "", true), member("vip", 2, false, "", false));
        assertEquals(Activity.ON_CALL, AgentStatus.of(IFACE, answered, false, true, false).activity());
    }

    @Test
    @DisplayName("available has settled only when the agent is unpaused in every one of its queues")
    void availableSettles() {
        List<QueueMemberState> one = List.of(member("service", 1, false, "", false));
        assertFalse(AgentStatus.of(IFACE, one, false, false, false).availableIn(QUEUES));
        assertTrue(AgentStatus.of(IFACE, everyQueue(1), false, false, false).availableIn(QUEUES));
        List<QueueMemberState> stillPaused = List.of(member("service", 1, false, "", false),
            member("complaints", 1, false, "", false), member("vip", 1, true, "lunch", false));
        assertFalse(AgentStatus.of(IFACE, stillPaused, false, false, false).availableIn(QUEUES));
    }

    @Test
    @DisplayName("paused has settled only when every queue is paused for the reason asked")
    void pausedSettles() {
        List<QueueMemberState> mixed = List.of(member("service", 1, true, "break", false),
            member("complaints", 1, true, "lunch", false), member("vip", 1, true, "lunch", false));
        AgentStatus status = AgentStatus.of(IFACE, mixed, false, false, false);
        assertTrue(status.paused());
        assertFalse(status.pausedIn(QUEUES, "break"));
        List<QueueMemberState> onBreak = QUEUES.stream().map(q -> member(q, 1, true, "break", false)).toList();
        assertTrue(AgentStatus.of(IFACE, onBreak, false, false, false).pausedIn(QUEUES, "break"));
        List<QueueMemberState> noReason = QUEUES.stream().map(q -> member(q, 1, true, "", false)).toList();
        assertTrue(AgentStatus.of(IFACE, noReason, false, false, false).pausedIn(QUEUES, null));
    }

    @Test
    @DisplayName("offline has settled only when the agent has left every one of its queues")
    void offlineSettles() {
        List<QueueMemberState> one = List.of(member("vip", 1, false, "", false));
        assertFalse(AgentStatus.of(IFACE, one, false, false, false).outOf(QUEUES));
        assertTrue(AgentStatus.loggedOut(IFACE).outOf(QUEUES));
    }
}

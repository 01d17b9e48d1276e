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

/** What the calls say about a phone against what its device state says. */
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
}

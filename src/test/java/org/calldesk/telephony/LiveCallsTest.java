package org.calldesk.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.calldesk.telephony.CallEvent.AgentCalled;
import org.calldesk.telephony.CallEvent.AgentComplete;
import org.calldesk.telephony.CallEvent.AgentConnect;
import org.calldesk.telephony.CallEvent.CoreShowChannel;
import org.calldesk.telephony.CallEvent.Hangup;
import org.calldesk.telephony.CallEvent.QueueCallerJoin;
import org.calldesk.telephony.CallEvent.QueueCallerLeave;
import org.calldesk.telephony.CallEvent.QueueEntry;
import org.calldesk.telephony.CallEvent.QueueMember;
import org.calldesk.telephony.CallEvent.ResyncComplete;
import org.calldesk.telephony.LiveCall.Outcome;
import org.calldesk.telephony.LiveCall.Phase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LiveCallsTest {

    private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");
    private static final String A1 = "Local/1001@agents";

    private LiveCalls live;
    private final List<LiveCall> ended = new ArrayList<>();
    private final List<LiveCall> changes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        live = new LiveCalls();
        live.subscribe(change -> {
            changes.add(change.call());
            if (change.ended()) {
                ended.add(change.call());
            }
        });
    }

    @Test
    @DisplayName("a connect read before the join does not take the call back to queued; the complete ends it once")
    void outOfOrder() {
        live.accept(connect("L1", "U1", 1, 5));
        live.accept(join("L1", "U1", "service", 0));
        assertEquals(Phase.CONNECTED, live.call("L1").orElseThrow().phase());
        live.accept(complete("L1", "U1", 60, 5, 30));
        live.accept(complete("L1", "U1", 61, 5, 30));
        live.accept(join("L1", "U1", "service", 62));
        assertEquals(1, ended.size());
        assertEquals(Outcome.ANSWERED, ended.get(0).outcome());
        assertEquals(30_000, ended.get(0).talkMs());
        assertEquals(5_000, ended.get(0).waitMs());
        assertTrue(live.calls().isEmpty(), "a late join does not bring an ended call back");
    }

    @Test
    @DisplayName("an AgentComplete without the caller's Linkedid, Uniqueid and Channel is matched on queue and interface")
    void completeWithoutCallerFields() {
        live.accept(join("L2", "U2", "service", 0));
        live.accept(connect("L2", "U2", 8, 8));
        live.accept(new AgentComplete(T0.plusSeconds(70), null, null, null, "service", A1, "Agent 1001", 8, 62,
            "caller"));
        assertEquals(1, ended.size());
        assertEquals("L2", ended.get(0).linkedid());
        assertEquals(62_000, ended.get(0).talkMs());
    }

    @Test
    @DisplayName("a complete repeated after a reconnect does not end the agent's next call")
    void repeatedCompleteLeavesNextCall() {
        live.accept(join("L13", "U13", "service", 0));
        live.accept(connect("L13", "U13", 2, 2));
        live.accept(complete("L13", "U13", 30, 2, 28));
        live.accept(join("L14", "U14", "service", 31));
        live.accept(connect("L14", "U14", 33, 2));
        live.accept(complete("L13", "U13", 40, 2, 28));
        assertEquals(1, ended.size());
        assertEquals(Phase.CONNECTED, live.call("L14").orElseThrow().phase());
    }

    @Test
    @DisplayName("repeated AgentCalled for the same member changes the call once")
    void repeatedRing() {
        live.accept(join("L3", "U3", "service", 0));
        int before = changes.size();
        live.accept(called("L3", "U3", 1));
        live.accept(called("L3", "U3", 1));
        assertEquals(before + 1, changes.size());
        assertEquals(Phase.RINGING, live.call("L3").orElseThrow().phase());
    }

    @Test
    @DisplayName("a caller hanging up in the queue is abandoned; after leaving the queue unanswered it is no_answer")
    void hangups() {
        live.accept(join("L4", "U4", "service", 0));
        live.accept(new Hangup(T0.plusSeconds(40), "L4", "U4", "Local/s@inbound-1;2", 16));
        live.accept(join("L5", "U5", "service", 0));
        live.accept(new QueueCallerLeave(T0.plusSeconds(60), "L5", "U5", "Local/s@inbound-2;2", "service", 1, 0));
        live.accept(new Hangup(T0.plusSeconds(61), "L5", "U5-agent-leg", "Local/1001@agents-1;1", 16));
        assertEquals(1, ended.size(), "an agent leg hanging up does not end the call");
        live.accept(new Hangup(T0.plusSeconds(65), "L5", "U5", "Local/s@inbound-2;2", 16));
        assertEquals(Outcome.ABANDONED, ended.get(0).outcome());
        assertEquals(40_000, ended.get(0).waitMs());
        assertEquals(Outcome.NO_ANSWER, ended.get(1).outcome());
    }

    @Test
    @DisplayName("a route attached before the caller joins is copied onto the call; waiting callers list best priority first")
    void routesAndWaiting() {
        live.accept(new CallEvent.Routed(T0, null, "U6", null,
            new RouteInfo(6L, "gold", 20, "gold customer", "service", "service")));
        live.accept(join("L7", "U7", "service", 0));
        live.accept(join("L6", "U6", "service", 5));
        List<WaitingCaller> waiting = live.waiting("service");
        assertEquals(List.of("L6", "L7"), waiting.stream().map(WaitingCaller::linkedid).toList());
        assertEquals("gold", waiting.get(0).tier());
        assertEquals(20, waiting.get(0).priority());
        live.accept(new CallEvent.Routed(T0, null, "U7", null,
            new RouteInfo(null, null, 0, "unknown caller", "service", "service")));
        assertEquals("unknown caller", live.call("L7").orElseThrow().route().reason());
    }

    @Test
    @DisplayName("a resync ends calls and drops members it no longer sees, and adopts waiting callers it did not know")
    void resync() {
        live.accept(join("L8", "U8", "service", 0));
        live.accept(join("L9", "U9", "service", 0));
        live.accept(new QueueMember(T0, "service", A1, "Agent 1001", 1, false, "", false));
        live.accept(new QueueMember(T0, "service", "Local/1002@agents", "Agent 1002", 1, false, "", false));
        Instant started = T0.plusSeconds(100);
        Instant read = started.plusMillis(5);
        live.accept(new CoreShowChannel(read, "L9", "U9", "Local/s@inbound-9;2", "Queue", "service", "5550009"));
        live.accept(new CoreShowChannel(read, "L10", "U10", "Local/s@inbound-10;2", "Queue", "service", "5550010"));
        live.accept(new QueueEntry(read, "service", "U10", "Local/s@inbound-10;2", "5550010", 1, 30, 12));
        live.accept(new QueueMember(read, "service", A1, "Agent 1001", 1, true, "lunch", false));
        live.accept(new ResyncComplete(read, started));
        live.accept(new ResyncComplete(read, started));

        assertEquals(1, ended.size());
        assertEquals("L8", ended.get(0).linkedid());
        assertEquals(Outcome.LOST, ended.get(0).outcome());
        LiveCall adopted = live.call("L10").orElseThrow();
        assertEquals(30, adopted.priority());
        assertEquals(T0.plusSeconds(100 - 12).plusMillis(5), adopted.joinedAt());
        assertTrue(live.call("L9").isPresent());
        assertEquals(1, live.members("service").size());
        assertTrue(live.members("service").get(0).paused());
        assertEquals("lunch", live.members("service").get(0).pausedReason());
        assertFalse(live.memberships("local/1001@AGENTS").isEmpty(), "interfaces compare case-insensitively");
    }

    @Test
    @DisplayName("a routed caller is in the IVR until it joins a queue; one who hangs up there ends in the IVR")
    void ivr() {
        RouteInfo gold = new RouteInfo(11L, "gold", 20, "gold customer", "service", "service");
        live.accept(new CallEvent.Routed(T0, "L11", "U11", "5550011", gold));
        LiveCall inIvr = live.call("L11").orElseThrow();
        assertEquals(Phase.IVR, inIvr.phase());
        assertEquals("5550011", inIvr.callerNumber());
        assertEquals(20, inIvr.priority());
        live.accept(join("L11", "U11", "service", 3));
        assertEquals(Phase.QUEUED, live.call("L11").orElseThrow().phase());
        assertEquals("gold", live.call("L11").orElseThrow().route().tier());

        live.accept(new CallEvent.Routed(T0, "L12", "U12", "5550012", gold));
        live.accept(new Hangup(T0.plusSeconds(9), "L12", "U12", "Local/s@inbound-12;2", 16));
        assertEquals(Outcome.ENDED_IN_IVR, ended.get(0).outcome());
        live.accept(new CallEvent.Routed(T0.plusSeconds(10), "L12", "U12", "5550012", gold));
        assertTrue(live.call("L12").isEmpty(), "a late route does not bring an ended call back");
    }

    @Test
    @DisplayName("a resync list item read before a pause made on the phone does not undo the pause")
    void staleSnapshot() {
        live.accept(new QueueMember(T0, "service", A1, "Agent 1001", 1, false, "", false));
        live.accept(new CallEvent.QueueMemberPause(T0.plusSeconds(10), "service", A1, "Agent 1001", true, "break"));
        live.accept(new QueueMember(T0.plusSeconds(5), "service", A1, "Agent 1001", 1, false, "", false));
        live.accept(new ResyncComplete(T0.plusSeconds(11), T0.plusSeconds(4)));
        QueueMemberState member = live.members("service").get(0);
        assertTrue(member.paused());
        assertEquals("break", member.pausedReason());
    }

    @Test
    @DisplayName("an interface's calls and memberships, whatever its case: rung, missed, connected, ended, left")
    void byInterface() {
        String a2 = "Local/1002@agents";
        live.accept(join("L20", "U20", "service", 0));
        live.accept(called("L20", "U20", 1));
        live.accept(new AgentCalled(T0.plusSeconds(1), "L20", "U20", null, "service", a2, "Agent 1002", "5551234",
            "Local/1002@agents-1;1", "U20-dest2"));
        assertEquals(List.of("L20"), live.callsOf(A1.toUpperCase()).stream().map(LiveCall::linkedid).toList());
        assertEquals(List.of("L20"), live.callsOf(a2).stream().map(LiveCall::linkedid).toList());
        // 1002 lets it ring out: no longer its call, though it was.
        live.accept(new CallEvent.AgentRingNoAnswer(T0.plusSeconds(16), "L20", "U20", null, "service", a2,
            "Agent 1002", 15_000));
        assertTrue(live.callsOf(a2).isEmpty(), "rang out: " + live.callsOf(a2));
        live.accept(connect("L20", "U20", 17, 17));
        assertEquals(Phase.CONNECTED, live.callsOf(A1).get(0).phase());
        live.accept(join("L21", "U21", "service", 18));
        live.accept(called("L21", "U21", 19));
        assertEquals(List.of("L20", "L21"), live.callsOf(A1).stream().map(LiveCall::linkedid).sorted().toList());
        live.accept(complete("L20", "U20", 40, 17, 23));
        assertEquals(List.of("L21"), live.callsOf(A1).stream().map(LiveCall::linkedid).toList());
        assertTrue(live.callsOf("Local/9999@agents").isEmpty());

        live.accept(new QueueMember(T0, "service", A1, "Agent 1001", 1, false, "", false));
        live.accept(new QueueMember(T0, "complaints", A1, "Agent 1001", 1, true, "lunch", false));
        live.accept(new QueueMember(T0, "service", a2, "Agent 1002", 1, false, "", false));
        assertEquals(List.of("complaints", "service"),
            live.memberships(A1.toLowerCase()).stream().map(QueueMemberState::queue).toList());
        live.accept(new CallEvent.QueueMemberRemoved(T0.plusSeconds(50), "complaints", A1, "Agent 1001"));
        assertEquals(List.of("service"), live.memberships(A1).stream().map(QueueMemberState::queue).toList());
        live.accept(new CallEvent.QueueMemberRemoved(T0.plusSeconds(51), "service", A1, "Agent 1001"));
        assertTrue(live.memberships(A1).isEmpty());
        assertEquals(1, live.memberships(a2).size());
    }

    private static QueueCallerJoin join(String linkedid, String uniqueid, String queue, int s) {
        return new QueueCallerJoin(T0.plusSeconds(s), linkedid, uniqueid, "Local/s@inbound-" + uniqueid + ";2",
            queue, "555" + uniqueid, "Caller", 1, 1);
    }

    private static AgentCalled called(String linkedid, String uniqueid, int s) {
        return new AgentCalled(T0.plusSeconds(s), linkedid, uniqueid, null, "service", A1, "Agent 1001",
            "5551234", "Local/1001@agents-1;1", uniqueid + "-dest");
    }

    private static AgentConnect connect(String linkedid, String uniqueid, int s, long hold) {
        return new AgentConnect(T0.plusSeconds(s), linkedid, uniqueid, null, "service", A1, "Agent 1001", hold, 1,
            "Local/1001@agents-1;1");
    }

    private static AgentComplete complete(String linkedid, String uniqueid, int s, long hold, long talk) {
        return new AgentComplete(T0.plusSeconds(s), linkedid, uniqueid, null, "service", A1, "Agent 1001", hold,
            talk, "agent");
    }
}

package org.calldesk.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@ServerTest
class QueueEngineTest extends SimTestBase {

    /** Callers from 2xx are worth more: the routing stand-in gives them priority 10. */
    void startValueRouting() throws Exception {
        startAgi(h -> FakeAgiServer.route("support", h.get("agi_callerid").startsWith("2") ? 10 : 0, ""));
    }

    static Predicate<Map<String, String>> joinOf(String linkedid) {
        return f -> "QueueCallerJoin".equals(f.get("Event")) && linkedid.equals(f.get("Linkedid"));
    }

    List<Map<String, String>> entries(RawAmi ami, String id) throws Exception {
        ami.action("Action: QueueStatus", "ActionID: " + id, "Queue: support");
        ami.await(f -> "QueueStatusComplete".equals(f.get("Event")) && id.equals(f.get("ActionID")), WAIT);
        return ami.frames().stream().filter(f -> "QueueEntry".equals(f.get("Event")) && id.equals(f.get("ActionID"))).toList();
    }

    @Test
    @DisplayName("a higher-priority caller joins at position 1 and is offered to the next free agent first")
    void priorityOrdering() throws Exception {
        startValueRouting();
        startSim(SimFixtures.config(agiPort, SimFixtures.queue("support", "ringall", 5, 1)));
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsWire()) {
            String low = await(sim.placeCall("100", "service"));
            Map<String, String> lowJoin = ami.await(joinOf(low), WAIT);
            assertEquals("1", lowJoin.get("Position"));
            String high = await(sim.placeCall("200", "service"));
            Map<String, String> join = ami.await(joinOf(high), WAIT);
            assertEquals("1", join.get("Position"));
            assertEquals("2", join.get("Count"));
            assertEquals("16", join.get("Priority"), "channel Priority is the dialplan step (Queue in calldesk-route), not QUEUE_PRIO");

            List<Map<String, String>> entries = entries(ami, "qs-1");
            assertEquals(List.of(join.get("Channel"), lowJoin.get("Channel")), entries.stream().map(e -> e.get("Channel")).toList());
            assertEquals("10", entries.get(0).get("Priority"));
            assertEquals(List.of("Event", "Queue", "Position", "Channel", "Uniqueid", "CallerIDNum", "CallerIDName",
                "ConnectedLineNum", "ConnectedLineName", "Wait", "Priority", "ActionID"), List.copyOf(entries.get(0).keySet()));

            ami.action("Action: QueueAdd", "ActionID: add-1", "Queue: support", "Interface: Local/1001@agents",
                "MemberName: Agent 1001");
            Map<String, String> called = ami.await(RawAmi.event("AgentCalled"), WAIT);
            assertEquals(high, called.get("Linkedid"));
            assertEquals("s", called.get("DestExten"));
        }
    }

    @Test
    @DisplayName("an unanswered ring gives AgentRingNoAnswer in ms, two DialEnds, and a retry after retry_s")
    void ringNoAnswerThenRetry() throws Exception {
        startValueRouting();
        startSim(SimFixtures.config(agiPort, SimFixtures.queue("support", "ringall", 0.3, 0.2, "Local/1009@agents")));
        sim.device("Local/1009@agents").autoAnswer(false);
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsWire()) {
            String linkedid = await(sim.placeCall("100", "service"));
            Map<String, String> rna = ami.await(RawAmi.event("AgentRingNoAnswer"), WAIT);
            long ringMs = Long.parseLong(rna.get("RingTime"));
            assertTrue(ringMs >= 250 && ringMs < 2000, "RingTime in ms: " + ringMs);
            ami.await(f -> "DialEnd".equals(f.get("Event")) && "CANCEL".equals(f.get("DialStatus")), WAIT);
            List<Map<String, String>> after = ami.frames();
            int i = after.indexOf(rna);
            assertEquals(List.of("NOANSWER", "CANCEL"), after.subList(i + 1, i + 3).stream().map(f -> f.get("DialStatus")).toList());
            ami.await(2, RawAmi.event("AgentCalled"), Duration.ofSeconds(3));
            assertEquals(2, ami.frames().stream().filter(RawAmi.event("AgentCalled")).count(),
                "the member is rung again after retry_s");

            assertTrue(await(sim.hangup(linkedid)));
            Map<String, String> abandon = ami.await(RawAmi.event("QueueCallerAbandon"), WAIT);
            assertEquals("1", abandon.get("OriginalPosition"));
            Map<String, String> hangup = ami.await(f -> "Hangup".equals(f.get("Event"))
                && abandon.get("Channel").equals(f.get("Channel")), WAIT);
            assertEquals("0", hangup.get("Cause"));
            assertEquals("Unknown", hangup.get("Cause-txt"));
        }
    }

    @Test
    @DisplayName("a caller who hangs up while queued abandons with hold time and positions")
    void callerAbandons() throws Exception {
        startValueRouting();
        startSim(SimFixtures.config(agiPort, SimFixtures.queue("support", "ringall", 5, 1)));
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsWire()) {
            String first = await(sim.placeCall("100", "service"));
            ami.await(joinOf(first), WAIT);
            String second = await(sim.placeCall("101", "service"));
            ami.await(joinOf(second), WAIT);
            // the caller holding for a second is the scenario (HoldTime counts whole seconds), not a wait for something
            Thread.sleep(1100);
            await(sim.hangup(second));
            Map<String, String> abandon = ami.await(RawAmi.event("QueueCallerAbandon"), WAIT);
            assertEquals(second, abandon.get("Linkedid"));
            assertEquals("2", abandon.get("Position"));
            assertEquals("2", abandon.get("OriginalPosition"));
            assertTrue(Integer.parseInt(abandon.get("HoldTime")) >= 1);
            Map<String, String> leave = ami.await(RawAmi.event("QueueCallerLeave"), WAIT);
            assertEquals("1", leave.get("Count"));
            assertEquals(1, sim.callsAbandoned());
        }
    }

    @Test
    @DisplayName("an impatient caller abandons by itself after the drawn patience")
    void patienceRunsOut() throws Exception {
        startValueRouting();
        var config = SimFixtures.config(agiPort, SimFixtures.queue("support", "ringall", 5, 1));
        config.getJsonObject("telephony").getJsonObject("sim").put("patience_s_mean", 0.05);
        startSim(config);
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsWire()) {
            String linkedid = await(sim.placeCall("100", "service"));
            assertEquals(linkedid, ami.await(RawAmi.event("QueueCallerAbandon"), WAIT).get("Linkedid"));
        }
    }

    @Test
    @DisplayName("QueueStatus lists waiting callers best first with their channel")
    void queueStatusChannels() throws Exception {
        startValueRouting();
        startSim(SimFixtures.config(agiPort, SimFixtures.queue("support", "leastrecent", 5, 1)));
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsWire()) {
            String a = await(sim.placeCall("100", "service"));
            String chanA = ami.await(joinOf(a), WAIT).get("Channel");
            String b = await(sim.placeCall("200", "service"));
            String chanB = ami.await(joinOf(b), WAIT).get("Channel");
            List<Map<String, String>> entries = entries(ami, "qs-9");
            assertEquals(List.of(chanB, chanA), entries.stream().map(e -> e.get("Channel")).toList());
        }
    }

    @Test
    @DisplayName("leastrecent offers each call to the member idle longest, and wrap-up keeps a member out for wrapup_s")
    void leastRecentAndWrapUp() throws Exception {
        startValueRouting();
        var queue = SimFixtures.queue("support", "leastrecent", 5, 0.1, "Local/1001@agents", "Local/1002@agents");
        queue.put("wrapup_s", 0.6);
        var config = SimFixtures.config(agiPort, queue);
        config.getJsonObject("telephony").getJsonObject("sim").put("talk_ms_fixed", 100);
        startSim(config);
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsWire()) {
            List<String> answered = new java.util.ArrayList<>();
            long firstCompleted = 0;
            for (int i = 0; i < 3; i++) {
                String linkedid = await(sim.placeCall("10" + i, "service"));
                Map<String, String> connect = ami.await(RawAmi.event("AgentConnect", "Linkedid", linkedid), WAIT);
                answered.add(connect.get("Interface"));
                if (i == 2) {
                    // 1001 took the first call; its 0.6 s wrap-up runs from that call's end, and only then the third
                    long gap = System.currentTimeMillis() - firstCompleted;
                    assertTrue(gap >= 500, "third call reached 1001 " + gap + " ms after its first call ended");
                }
                ami.await(RawAmi.event("AgentComplete", "DestLinkedid", linkedid), WAIT);
                if (i == 0) {
                    firstCompleted = System.currentTimeMillis();
                }
            }
            assertEquals(List.of("Local/1001@agents", "Local/1002@agents", "Local/1001@agents"), answered);
        }
    }

    /** A bronze caller waits in service, then a platinum caller in vip; the one agent of both queues comes back. */
    List<String> offeredInTurn(int serviceWeight, int vipWeight) throws Exception {
        startAgi(h -> h.get("agi_callerid").startsWith("2") ? FakeAgiServer.route("vip", 30, "")
            : FakeAgiServer.route("service", 0, ""));
        startSim(SimFixtures.config(agiPort, SimFixtures.queue("service", "leastrecent", 5, 0.1).put("weight", serviceWeight),
            SimFixtures.queue("vip", "ringall", 5, 0.1).put("weight", vipWeight)));
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsWire()) {
            for (String queue : List.of("service", "vip")) {
                ami.action("Action: QueueAdd", "ActionID: add-" + queue, "Queue: " + queue,
                    "Interface: Local/1001@agents", "Paused: true");
                ami.await(f -> ("add-" + queue).equals(f.get("ActionID")), WAIT);
            }
            String bronze = await(sim.placeCall("100", "service"));
            ami.await(joinOf(bronze), WAIT);
            String platinum = await(sim.placeCall("200", "service"));
            assertEquals("vip", ami.await(joinOf(platinum), WAIT).get("Queue"));

            ami.action("Action: QueuePause", "ActionID: back", "Interface: Local/1001@agents", "Paused: false");
            Map<String, String> first = ami.await(RawAmi.event("AgentCalled"), WAIT);
            ami.await(RawAmi.event("AgentComplete", "Linkedid", first.get("Linkedid")), WAIT);
            Map<String, String> second = ami.await(2, RawAmi.event("AgentCalled"), WAIT);
            return List.of(first.get("Linkedid").equals(platinum) ? "platinum" : "bronze",
                second.get("Linkedid").equals(platinum) ? "platinum" : "bronze");
        }
    }

    @Test
    @DisplayName("an agent of vip (weight 3) and service (weight 1) is offered the vip caller first, whoever waited longer")
    void heavierQueueFirst() throws Exception {
        assertEquals(List.of("platinum", "bronze"), offeredInTurn(1, 3));
    }

    @Test
    @DisplayName("with equal weights priority counts within one queue only: the agent takes the service caller first")
    void equalWeightsDoNotCompareQueues() throws Exception {
        assertEquals(List.of("bronze", "platinum"), offeredInTurn(1, 1));
    }

    @Test
    @DisplayName("a PJSIP member is one channel PJSIP/1001-N in its phones' context, and reports ringing (6) in every queue before DialState")
    void pjsipMemberRings() throws Exception {
        startValueRouting();
        startSim(SimFixtures.config(agiPort, SimFixtures.queue("support", "ringall", 5, 1, "PJSIP/1001"),
            SimFixtures.queue("other", "ringall", 5, 1, "PJSIP/1001")));
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsWire()) {
            String linkedid = await(sim.placeCall("100", "service"));
            ami.await(f -> "Hangup".equals(f.get("Event")) && linkedid.equals(f.get("Uniqueid")), WAIT);
            List<Map<String, String>> frames = ami.frames();
            Map<String, String> called = frames.stream().filter(RawAmi.event("AgentCalled")).findFirst().orElseThrow();
            String leg = called.get("DestChannel");
            assertTrue(leg.matches("PJSIP/1001-[0-9a-f]{8}"), leg);
            assertEquals("calldesk-agent-phones", called.get("DestContext"));
            List<String> after = frames.subList(frames.indexOf(called), frames.size()).stream()
                .filter(f -> f.containsKey("Event")).map(f -> f.get("Event") + (f.containsKey("Status")
                    ? " " + f.get("Queue") + "=" + f.get("Status") : "")).toList();
            assertEquals(List.of("AgentCalled", "DialBegin", "Newstate", "NewConnectedLine", "QueueMemberStatus support=6",
                "QueueMemberStatus other=6", "DialState", "Newstate", "QueueMemberStatus support=2",
                "QueueMemberStatus other=2", "DialEnd"), after.subList(0, 11));
            assertEquals(List.of("QueueMemberStatus support=1", "QueueMemberStatus other=1"),
                after.stream().filter(e -> e.endsWith("=1")).toList(), "free again once the call ended");
            assertTrue(frames.stream().noneMatch(f -> f.getOrDefault("Channel", "").startsWith("PJSIP/1001-")
                && f.get("Channel").contains(";")), "no ;1/;2 on a PJSIP channel");
        }
    }
}

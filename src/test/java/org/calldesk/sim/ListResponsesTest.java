package org.calldesk.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@ServerTest
class ListResponsesTest extends SimTestBase {

    static List<String> keysOf(List<Map<String, String>> frames, Predicate<Map<String, String>> p) {
        return List.copyOf(frames.stream().filter(p).findFirst().orElseThrow(() -> new AssertionError("no such frame"))
            .keySet());
    }

    static Predicate<Map<String, String>> reply(String actionId) {
        return f -> actionId.equals(f.get("ActionID")) && f.containsKey("Response") && !f.containsKey("Event");
    }

    @Test
    @DisplayName("QueueStatus, QueueSummary and member actions answer with the capture's fields in the capture's order")
    void listsAndMemberEventsMatchCaptures() throws Exception {
        List<Map<String, String>> call = CaptureReplayTest.parseCapture(CaptureReplayTest.sample("asterisk-22-queue-call.ami"));
        List<Map<String, String>> dyn = CaptureReplayTest.parseCapture(CaptureReplayTest.sample("asterisk-22-dynamic-members.ami"));

        startSim(SimFixtures.config(SimFixtures.freePort(), SimFixtures.queue("support", "ringall", 5, 1, "Local/1001@agents")));
        try (RawAmi ami = new RawAmi(sim.amiPort()).login()) {
            ami.action("Action: QueueStatus", "ActionID: qs-1", "Queue: support");
            ami.await(RawAmi.event("QueueStatusComplete"), WAIT);
            ami.action("Action: QueueSummary", "ActionID: qsum-1", "Queue: support");
            ami.await(RawAmi.event("QueueSummaryComplete"), WAIT);
            ami.action("Action: QueueAdd", "ActionID: add-1", "Queue: support", "Interface: Local/1003@agents",
                "Penalty: 0", "Paused: true", "MemberName: Agent 1003");
            ami.await(RawAmi.event("QueueMemberAdded"), WAIT);
            ami.action("Action: QueuePause", "ActionID: pause-1", "Queue: support", "Interface: Local/1003@agents",
                "Paused: false", "Reason: lunch");
            ami.await(RawAmi.event("QueueMemberPause"), WAIT);
            ami.action("Action: QueueRemove", "ActionID: remove-1", "Queue: support", "Interface: Local/1003@agents");
            ami.await(RawAmi.event("QueueMemberRemoved"), WAIT);
            ami.action("Action: QueueRemove", "ActionID: remove-2", "Queue: support", "Interface: Local/1003@agents");
            ami.await(reply("remove-2"), WAIT);
            ami.action("Action: Logoff", "ActionID: logoff-1");
            ami.await(reply("logoff-1"), WAIT);
            List<Map<String, String>> sim = ami.frames();

            for (String list : List.of("QueueParams", "QueueMember", "QueueStatusComplete", "QueueSummary", "QueueSummaryComplete")) {
                assertEquals(keysOf(call, RawAmi.event(list)), keysOf(sim, RawAmi.event(list)), list);
            }
            for (String id : List.of("qs-1", "qsum-1", "logoff-1")) {
                assertEquals(keysOf(call, reply(id)), keysOf(sim, reply(id)), "reply to " + id);
            }
            for (String event : List.of("QueueMemberAdded", "QueueMemberPause", "QueueMemberRemoved")) {
                assertEquals(keysOf(dyn, RawAmi.event(event)), keysOf(sim, RawAmi.event(event)), event);
            }
            for (String id : List.of("add-1", "pause-1", "remove-1", "remove-2")) {
                Map<String, String> expected = dyn.stream().filter(reply(id)).findFirst().orElseThrow();
                Map<String, String> actual = sim.stream().filter(reply(id)).findFirst().orElseThrow();
                assertEquals(expected, actual, "reply to " + id);
            }
            Map<String, String> pause = sim.stream().filter(RawAmi.event("QueueMemberPause")).findFirst().orElseThrow();
            assertEquals("lunch", pause.get("PausedReason"));
            assertEquals("0", pause.get("Paused"));
        }
    }
}

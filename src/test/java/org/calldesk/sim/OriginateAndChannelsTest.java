package org.calldesk.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@ServerTest
class OriginateAndChannelsTest extends SimTestBase {

    @Test
    @DisplayName("click-to-call: Originate is queued, answered, reported by OriginateResponse, and makes the member busy")
    void originateSuccess() throws Exception {
        startSim(SimFixtures.config(SimFixtures.freePort(), SimFixtures.queue("support", "ringall", 5, 1, "Local/1001@agents")));
        try (RawAmi ami = new RawAmi(sim.amiPort()).login()) {
            ami.action("Action: Originate", "ActionID: c2c-1", "Channel: Local/1001@agents", "Context: inbound-direct",
                "Exten: s", "Priority: 1", "CallerID: \"Click To Call\" <5559876>", "Timeout: 30000", "Async: true");
            Map<String, String> queued = ami.await(f -> "c2c-1".equals(f.get("ActionID")) && f.containsKey("Message"), WAIT);
            assertEquals("Originate successfully queued", queued.get("Message"));
            Map<String, String> resp = ami.await(RawAmi.event("OriginateResponse"), WAIT);
            assertEquals(List.of("Event", "Privilege", "ActionID", "Response", "Channel", "Context", "Exten", "Reason",
                "Uniqueid", "CallerIDNum", "CallerIDName"), List.copyOf(resp.keySet()));
            assertEquals("Success", resp.get("Response"));
            assertEquals("4", resp.get("Reason"));
            assertEquals("5559876", resp.get("CallerIDNum"));
            assertEquals("Click To Call", resp.get("CallerIDName"));
            assertTrue(resp.get("Channel").startsWith("Local/1001@agents-"));
            assertEquals("2", ami.await(RawAmi.event("QueueMemberStatus"), WAIT).get("Status"));
            ami.await(f -> "QueueMemberStatus".equals(f.get("Event")) && "1".equals(f.get("Status")), WAIT);
        }
    }

    @Test
    @DisplayName("an Originate nobody answers fails after its Timeout with Reason 3 (still ringing), Uniqueid <unknown>, the dial string")
    void originateFailure() throws Exception {
        var config = SimFixtures.config(SimFixtures.freePort(), SimFixtures.queue("support", "ringall", 5, 1));
        startSim(config);
        sim.device("Local/9999@agents").autoAnswer(false);
        try (RawAmi ami = new RawAmi(sim.amiPort()).login()) {
            ami.action("Action: Originate", "ActionID: c2c-fail", "Channel: Local/9999@agents", "Context: inbound-direct",
                "Exten: s", "Priority: 1", "Timeout: 300", "Async: true");
            Map<String, String> resp = ami.await(RawAmi.event("OriginateResponse"), WAIT);
            assertEquals("Failure", resp.get("Response"));
            assertEquals("Local/9999@agents", resp.get("Channel"));
            assertEquals("3", resp.get("Reason"));
            assertEquals("<unknown>", resp.get("Uniqueid"));
            assertEquals("c2c-fail", resp.get("ActionID"));
        }
    }

    @Test
    @DisplayName("CoreShowChannels lists live channels with ActionID right after Event, and Hangup ends the call")
    void coreShowChannelsAndHangup() throws Exception {
        startAgi(h -> FakeAgiServer.route("support", 0, ""));
        var config = SimFixtures.config(agiPort, SimFixtures.queue("support", "ringall", 5, 1, "Local/1001@agents"));
        config.getJsonObject("telephony").getJsonObject("sim").put("talk_ms_fixed", 60_000);
        startSim(config);
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsLab()) {
            String linkedid = await(sim.placeCall("5551234", "service"));
            ami.await(RawAmi.event("AgentConnect", "Linkedid", linkedid), WAIT);
            ami.action("Action: CoreShowChannels", "ActionID: csc-1");
            Map<String, String> done = ami.await(RawAmi.event("CoreShowChannelsComplete"), WAIT);
            assertEquals("4", done.get("ListItems"));
            List<Map<String, String>> items = ami.frames().stream().filter(RawAmi.event("CoreShowChannel")).toList();
            assertEquals(List.of("Event", "ActionID", "Channel", "ChannelState", "ChannelStateDesc", "CallerIDNum",
                "CallerIDName", "ConnectedLineNum", "ConnectedLineName", "Language", "AccountCode", "Context", "Exten",
                "Priority", "Uniqueid", "Linkedid", "Application", "ApplicationData", "Duration", "BridgeId"),
                List.copyOf(items.get(0).keySet()));
            String callerChannel = items.stream().filter(i -> "Queue".equals(i.get("Application"))).findFirst()
                .orElseThrow().get("Channel");

            ami.action("Action: Hangup", "ActionID: h-1", "Channel: " + callerChannel);
            assertEquals("Channel Hungup", ami.await(f -> "h-1".equals(f.get("ActionID")), WAIT).get("Message"));
            assertEquals("caller", ami.await(RawAmi.event("AgentComplete"), WAIT).get("Reason"));
            ami.action("Action: Hangup", "ActionID: h-2", "Channel: " + callerChannel);
            assertEquals("No such channel", ami.await(f -> "h-2".equals(f.get("ActionID")), WAIT).get("Message"));
        }
    }

    @Test
    @DisplayName("menu choice status runs complaint-status and hangs up without queueing")
    void complaintStatus() throws Exception {
        startAgi(h -> List.of("SET VARIABLE CALLDESK_OPEN_COMPLAINTS 1"));
        startSim(SimFixtures.config(agiPort, SimFixtures.queue("service", "ringall", 5, 1)));
        try (RawAmi ami = new RawAmi(sim.amiPort()).login()) {
            String linkedid = await(sim.placeCall("5551234", "status"));
            ami.await(RawAmi.event("Hangup", "Uniqueid", linkedid), WAIT);
            assertEquals("complaint-status", agi.sessions.get(0).headers().get("agi_network_script"));
            assertTrue(ami.frames().stream().noneMatch(RawAmi.event("QueueCallerJoin")));
        }
    }

    @Test
    @DisplayName("hanging up a ringing member leg counts as a rejected ring and the caller is offered again")
    void rejectRingingLeg() throws Exception {
        startAgi(h -> FakeAgiServer.route("support", 0, ""));
        startSim(SimFixtures.config(agiPort, SimFixtures.queue("support", "ringall", 5, 0.2, "Local/1001@agents")));
        sim.device("Local/1001@agents").autoAnswer(false);
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsLab()) {
            await(sim.placeCall("5551234", "service"));
            String leg = ami.await(RawAmi.event("AgentCalled"), WAIT).get("DestChannel");
            ami.action("Action: Hangup", "ActionID: r-1", "Channel: " + leg);
            assertEquals("Channel Hungup", ami.await(f -> "r-1".equals(f.get("ActionID")), WAIT).get("Message"));
            assertEquals("BUSY", ami.await(f -> "DialEnd".equals(f.get("Event")) && leg.equals(f.get("DestChannel")), WAIT)
                .get("DialStatus"));
            ami.await(f -> "AgentCalled".equals(f.get("Event")) && !leg.equals(f.get("DestChannel")), WAIT);
            sim.device("Local/1001@agents").answer();
            assertEquals("Local/1001@agents", ami.await(RawAmi.event("AgentConnect"), WAIT).get("Interface"));
        }
    }
}

package org.calldesk.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The simulator's Originate into calldesk-outbound: the agent's phone first, then the customer over the trunk. */
@ServerTest
class ClickToCallLegsTest extends SimTestBase {

    private static final String CUSTOMER = "+8613910000042";

    /**
     * Starts the switch with these phones never picking up (an agent's interface, or a customer's number), and
     * originates as calldesk does, Variable lines included. Both agent phones are queue members, so that the queues
     * report what the Originate does to their device state.
     */
    private RawAmi originate(String channel, String timeoutMs, String... silentPhones) throws Exception {
        startSim(SimFixtures.config(SimFixtures.freePort(),
            SimFixtures.queue("service", "ringall", 5, 1, "PJSIP/1001", "Local/1001@agents")));
        for (String phone : silentPhones) {
            (phone.startsWith("+") ? sim.customer(phone) : sim.device(phone)).autoAnswer(false);
        }
        RawAmi ami = new RawAmi(sim.amiPort()).loginAsWire();
        ami.action("Action: Originate", "ActionID: 17_3#c2c-x", "Channel: " + channel, "Context: calldesk-outbound",
            "Exten: " + CUSTOMER, "Priority: 1", "CallerID: \"Call Me Back\" <" + CUSTOMER + ">", "Timeout: " + timeoutMs,
            "Async: true", "Variable: CALLDESK_CUSTOMER_NUMBER=" + CUSTOMER,
            "Variable: CALLDESK_HOTLINE_CID=\"Hotline\" <4008001234>");
        assertEquals("Originate successfully queued",
            ami.await(f -> "17_3#c2c-x".equals(f.get("ActionID")) && f.containsKey("Message"), WAIT).get("Message"));
        return ami;
    }

    @Test
    @DisplayName("the agent's phone shows the customer; once it answers, the agent's channel dials the customer and both are bridged")
    void connected() throws Exception {
        try (RawAmi ami = originate("PJSIP/1001", "3000")) {
            Map<String, String> agentLeg = ami.await(RawAmi.event("Newchannel"), WAIT);
            assertTrue(agentLeg.get("Channel").startsWith("PJSIP/1001-"), agentLeg.get("Channel"));
            Map<String, String> shown = ami.await(RawAmi.event("NewConnectedLine", "Uniqueid", agentLeg.get("Uniqueid")),
                WAIT);
            assertEquals(List.of(CUSTOMER, "Call Me Back", CUSTOMER, "Call Me Back"), List.of(shown.get("CallerIDNum"),
                shown.get("CallerIDName"), shown.get("ConnectedLineNum"), shown.get("ConnectedLineName")));

            Map<String, String> resp = ami.await(RawAmi.event("OriginateResponse"), WAIT);
            assertEquals(List.of("Success", "4", agentLeg.get("Uniqueid"), "17_3#c2c-x"),
                List.of(resp.get("Response"), resp.get("Reason"), resp.get("Uniqueid"), resp.get("ActionID")));
            Map<String, String> dial = ami.await(RawAmi.event("DialBegin", "Uniqueid", agentLeg.get("Uniqueid")), WAIT);
            assertEquals(CUSTOMER + "@trunk", dial.get("DialString"), "the customer is dialled from the agent's channel");
            Map<String, String> end = ami.await(f -> "DialEnd".equals(f.get("Event"))
                && agentLeg.get("Uniqueid").equals(f.get("Uniqueid")), WAIT);
            assertEquals("ANSWER", end.get("DialStatus"));
            ami.await(RawAmi.event("BridgeEnter"), WAIT);
            ami.await(RawAmi.event("Hangup", "Uniqueid", agentLeg.get("Uniqueid")), WAIT);
        }
    }

    @Test
    @DisplayName("the customer is one channel named after the trunk endpoint, rung by app_dial with the dial string"
        + " less its technology, shown the hotline's caller ID")
    void customerLegIsOneTrunkChannel() throws Exception {
        try (RawAmi ami = originate("PJSIP/1001", "3000")) {
            String agentLeg = ami.await(RawAmi.event("OriginateResponse"), WAIT).get("Channel");
            Map<String, String> dial = ami.await(RawAmi.event("DialBegin", "Channel", agentLeg), WAIT);
            String customer = dial.get("DestChannel");
            assertTrue(customer.matches("PJSIP/trunk-[0-9a-f]{8}"), "named after the endpoint, no ;1/;2: " + customer);
            assertEquals(CUSTOMER + "@trunk", dial.get("DialString"));
            ami.await(RawAmi.event("Hangup", "Channel", agentLeg), WAIT);

            assertEquals(List.of("Newchannel Down", "NewCallerid Down", "NewConnectedLine Down", "DialBegin",
                "Newstate Ringing", "DialState RINGING", "Newstate Up", "DialEnd ANSWER", "BridgeEnter Up",
                "BridgeLeave Up", "HangupRequest Up", "Hangup Up"), ami.frames().stream()
                .filter(f -> customer.equals(f.get("Channel")) || customer.equals(f.get("DestChannel")))
                .map(ClickToCallLegsTest::brief).toList());
            Map<String, String> created = ami.await(RawAmi.event("Newchannel", "Channel", customer), WAIT);
            assertEquals(List.of("from-trunk", "s", "<unknown>", dial.get("Linkedid")), List.of(created.get("Context"),
                created.get("Exten"), created.get("CallerIDNum"), created.get("Linkedid")));
            // app_dial: the dialled number and the agent leg's connected name as caller; the context's
            // Set(CALLERID(all)=${CALLDESK_HOTLINE_CID}) as connected line, which is what the customer is shown.
            Map<String, String> shown = ami.await(RawAmi.event("NewConnectedLine", "Channel", customer), WAIT);
            assertEquals(List.of(CUSTOMER, "Call Me Back", "4008001234", "Hotline", CUSTOMER), List.of(
                shown.get("CallerIDNum"), shown.get("CallerIDName"), shown.get("ConnectedLineNum"),
                shown.get("ConnectedLineName"), shown.get("Exten")));
            Map<String, String> hotline = ami.await(2, RawAmi.event("NewCallerid", "Channel", agentLeg), WAIT);
            assertEquals("4008001234", hotline.get("CallerIDNum"), "the agent leg's caller ID after the context's Set");
            assertTrue(ami.frames().stream().filter(RawAmi.event("Newchannel"))
                .noneMatch(f -> f.get("Channel").contains("@trunk")), "no channel named after the dial string");
        }
    }

    @Test
    @DisplayName("a PJSIP agent's phone is one channel named as chan_pjsip names it, rung by main/dial.c, and"
        + " OriginateResponse names that channel")
    void pjsipAgentLegIsOneChannel() throws Exception {
        try (RawAmi ami = originate("PJSIP/1001", "3000")) {
            Map<String, String> resp = ami.await(RawAmi.event("OriginateResponse"), WAIT);
            String leg = resp.get("Channel");
            assertTrue(leg.matches("PJSIP/1001-[0-9a-f]{8}"), "no ;1/;2: " + leg);
            ami.await(RawAmi.event("Hangup", "Channel", leg), WAIT);

            List<Map<String, String>> agentChannels = ami.frames().stream().filter(RawAmi.event("Newchannel"))
                .filter(f -> f.get("Channel").startsWith("PJSIP/1001-")).toList();
            assertEquals(List.of(leg), agentChannels.stream().map(f -> f.get("Channel")).toList());
            Map<String, String> created = agentChannels.getFirst();
            assertEquals(List.of(resp.get("Uniqueid"), "0", "calldesk-agent-phones", "s"),
                List.of(created.get("Uniqueid"), created.get("ChannelState"), created.get("Context"), created.get("Exten")));

            // Not app_dial: the Originate's dial has no calling channel, so its Dial events carry Dest fields only.
            Map<String, String> dialBegin = ami.await(RawAmi.event("DialBegin", "DestChannel", leg), WAIT);
            assertEquals("1001", dialBegin.get("DialString"));
            assertFalse(dialBegin.containsKey("Channel"), dialBegin.toString());
            List<String> untilAnswered = ami.frames().stream()
                .takeWhile(f -> !"OriginateResponse".equals(f.get("Event")))
                .filter(f -> leg.equals(f.get("Channel")) || leg.equals(f.get("DestChannel"))
                    || "PJSIP/1001".equals(f.get("Interface")))
                .map(ClickToCallLegsTest::brief).toList();
            assertEquals(List.of("Newchannel Down", "NewCallerid Down", "NewConnectedLine Down", "DialBegin",
                "Newstate Ringing", "QueueMemberStatus 6", "DialState RINGING", "Newstate Up", "DialEnd ANSWER"),
                untilAnswered);
        }
    }

    @Test
    @DisplayName("a Local agent is still chan_local's pair: OriginateResponse names ;1")
    void localAgentLegIsAPair() throws Exception {
        try (RawAmi ami = originate("Local/1001@agents", "3000")) {
            String leg = ami.await(RawAmi.event("OriginateResponse"), WAIT).get("Channel");
            assertTrue(leg.matches("Local/1001@agents-[0-9a-f]{8};1"), leg);
            ami.await(RawAmi.event("Newchannel", "Channel", leg.replace(";1", ";2")), WAIT);
        }
    }

    @Test
    @DisplayName("a PJSIP agent's phone that rings out is hung up with cause 19 (SIP 480) and no DialEnd: Reason 3")
    void agentDoesNotAnswer() throws Exception {
        try (RawAmi ami = originate("PJSIP/1001", "300", "PJSIP/1001")) {
            String leg = ami.await(RawAmi.event("Newchannel"), WAIT).get("Channel");
            Map<String, String> resp = ami.await(RawAmi.event("OriginateResponse"), WAIT);
            assertEquals(List.of("Failure", "3", "PJSIP/1001", "<unknown>"),
                List.of(resp.get("Response"), resp.get("Reason"), resp.get("Channel"), resp.get("Uniqueid")));
            Map<String, String> hangup = ami.await(RawAmi.event("Hangup", "Channel", leg), WAIT);
            assertEquals("19 480", hangup.get("Cause") + " " + hangup.get("TechCause"), "Cause and TechCause");
            assertEquals(List.of("QueueMemberStatus 6", "QueueMemberStatus 1"), ami.frames().stream()
                .filter(RawAmi.event("QueueMemberStatus", "Interface", "PJSIP/1001")).map(ClickToCallLegsTest::brief)
                .toList());
            assertTrue(ami.frames().stream().noneMatch(RawAmi.event("DialEnd", "DestChannel", leg)));
        }
    }

    @Test
    @DisplayName("a customer who does not answer ends the Dial with NOANSWER, and the context then hangs up the agent")
    void customerDoesNotAnswer() throws Exception {
        try (RawAmi ami = originate("PJSIP/1001", "600", CUSTOMER)) {
            String agentLeg = ami.await(RawAmi.event("OriginateResponse"), WAIT).get("Uniqueid");
            Map<String, String> end = ami.await(f -> "DialEnd".equals(f.get("Event")) && agentLeg.equals(f.get("Uniqueid")), WAIT);
            assertEquals("NOANSWER", end.get("DialStatus"));
            ami.await(RawAmi.event("Hangup", "Uniqueid", agentLeg), WAIT);
        }
    }

    @Test
    @DisplayName("a channel driver the switch lacks fails at once: Reason 0, the dial string, Uniqueid <unknown>, no channel")
    void unknownDriver() throws Exception {
        try (RawAmi ami = originate("SIP/1001", "3000")) {
            Map<String, String> resp = ami.await(RawAmi.event("OriginateResponse"), WAIT);
            assertEquals(List.of("Failure", "0", "SIP/1001", "<unknown>", CUSTOMER, "Call Me Back"),
                List.of(resp.get("Response"), resp.get("Reason"), resp.get("Channel"), resp.get("Uniqueid"),
                    resp.get("CallerIDNum"), resp.get("CallerIDName")));
            assertTrue(ami.frames().stream().noneMatch(RawAmi.event("Newchannel")));
        }
    }

    @Test
    @DisplayName("a Local channel to an extension without a phone fails as Local/9999@agents did in the capture")
    void noSuchExtension() throws Exception {
        try (RawAmi ami = originate("Local/9999@agents", "3000")) {
            Map<String, String> resp = ami.await(RawAmi.event("OriginateResponse"), WAIT);
            assertEquals(List.of("Failure", "0", "Local/9999@agents", "<unknown>"),
                List.of(resp.get("Response"), resp.get("Reason"), resp.get("Channel"), resp.get("Uniqueid")));
            ami.await(f -> "Hangup".equals(f.get("Event")) && f.get("Channel").endsWith(";1"), WAIT);
            List<String> order = ami.frames().stream().map(f -> f.getOrDefault("Event", "") + " " + f.getOrDefault("Channel", ""))
                .filter(e -> e.startsWith("Hangup") || e.startsWith("OriginateResponse")).toList();
            assertEquals(List.of("Hangup Local/9999@agents-00000000;2", "OriginateResponse Local/9999@agents",
                "Hangup Local/9999@agents-00000000;1"), order);
        }
    }

    @Test
    @DisplayName("hanging up the agent's ringing leg counts as rejected: Reason 5")
    void rejected() throws Exception {
        try (RawAmi ami = originate("PJSIP/1001", "3000", "PJSIP/1001");
             RawAmi lab = new RawAmi(sim.amiPort()).loginAsLab()) {
            String leg = ami.await(RawAmi.event("Newchannel"), WAIT).get("Channel");
            // calldesk's own user may not hang up channels (Hangup needs system or call write); the phone's user does.
            lab.action("Action: Hangup", "ActionID: h-1", "Channel: " + leg);
            Map<String, String> resp = ami.await(RawAmi.event("OriginateResponse"), WAIT);
            assertEquals(List.of("Failure", "5"), List.of(resp.get("Response"), resp.get("Reason")));
            assertEquals("BUSY", ami.await(RawAmi.event("DialEnd", "DestChannel", leg), WAIT).get("DialStatus"));
            Map<String, String> hangup = ami.await(RawAmi.event("Hangup", "Channel", leg), WAIT);
            assertEquals("17 486", hangup.get("Cause") + " " + hangup.get("TechCause"), "Cause and TechCause");
        }
    }

    /** An event as its name and what tells it apart here: the state, the dial status or the member status. */
    private static String brief(Map<String, String> f) {
        String event = f.get("Event");
        return switch (event) {
            case "DialState", "DialEnd" -> event + " " + f.get("DialStatus");
            case "QueueMemberStatus" -> event + " " + f.get("Status");
            case "DialBegin" -> event;
            default -> event + " " + f.get("ChannelStateDesc");
        };
    }
}

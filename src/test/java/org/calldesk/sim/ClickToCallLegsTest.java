package org.calldesk.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    private static final String TRUNK_LEG = "PJSIP/" + CUSTOMER + "@trunk";

    /** Starts the switch with these phones never picking up, and originates as calldesk does. */
    private RawAmi originate(String channel, String timeoutMs, String... silentPhones) throws Exception {
        startSim(SimFixtures.config(SimFixtures.freePort(), SimFixtures.queue("service", "ringall", 5, 1)));
        for (String phone : silentPhones) {
            sim.device(phone).autoAnswer(false);
        }
        RawAmi ami = new RawAmi(sim.amiPort()).login();
        ami.action("Action: Originate", "ActionID: 17_3#c2c-x", "Channel: " + channel, "Context: calldesk-outbound",
            "Exten: " + CUSTOMER, "Priority: 1", "CallerID: \"Call Me Back\" <" + CUSTOMER + ">", "Timeout: " + timeoutMs,
            "Async: true", "Variable: CALLDESK_CUSTOMER_NUMBER=" + CUSTOMER);
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
            assertEquals(CUSTOMER, agentLeg.get("CallerIDNum"));
            assertEquals("Call Me Back", agentLeg.get("CallerIDName"));
            assertEquals(CUSTOMER, agentLeg.get("ConnectedLineNum"));

            Map<String, String> resp = ami.await(RawAmi.event("OriginateResponse"), WAIT);
            assertEquals(List.of("Success", "4", agentLeg.get("Uniqueid"), "17_3#c2c-x"),
                List.of(resp.get("Response"), resp.get("Reason"), resp.get("Uniqueid"), resp.get("ActionID")));
            Map<String, String> dial = ami.await(RawAmi.event("DialBegin", "Uniqueid", agentLeg.get("Uniqueid")), WAIT);
            assertEquals(TRUNK_LEG, dial.get("DialString"), "the customer is dialled from the agent's channel");
            Map<String, String> end = ami.await(f -> "DialEnd".equals(f.get("Event"))
                && agentLeg.get("Uniqueid").equals(f.get("Uniqueid")), WAIT);
            assertEquals("ANSWER", end.get("DialStatus"));
            ami.await(RawAmi.event("BridgeEnter"), WAIT);
            ami.await(RawAmi.event("Hangup", "Uniqueid", agentLeg.get("Uniqueid")), WAIT);
        }
    }

    @Test
    @DisplayName("a customer who does not answer ends the Dial with NOANSWER, and the context then hangs up the agent")
    void customerDoesNotAnswer() throws Exception {
        try (RawAmi ami = originate("PJSIP/1001", "600", TRUNK_LEG)) {
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
        }
    }
}

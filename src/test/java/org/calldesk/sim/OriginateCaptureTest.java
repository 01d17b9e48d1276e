package org.calldesk.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Against asterisk-22-originate-click-to-call.ami: an async Originate of Local/1001@agents into the lab's
 * inbound-direct (Answer, Wait(3), Hangup), then one of Local/9999@agents, an extension the lab did not have.
 */
@ServerTest
class OriginateCaptureTest extends SimTestBase {
    static final String CAPTURE = "asterisk-22-originate-click-to-call.ami";
    /**
     * The chatter the simulator never emits (see {@link CaptureReplayTest#NOT_EMITTED}), and OriginateResponse, whose
     * place among the channel events varies from run to run: it is compared on its own. Newexten stays in.
     */
    private static final Set<String> LEFT_OUT = Set.of("VarSet", "DeviceStateChange", "Cdr", "OriginateResponse");
    /** Compared value for value, channel sequence numbers aside. */
    private static final List<String> VALUES = List.of("Channel", "DestChannel", "LocalOneChannel", "LocalTwoChannel",
        "ChannelState", "CallerIDNum", "CallerIDName", "ConnectedLineNum", "ConnectedLineName", "LocalTwoCallerIDNum",
        "LocalTwoConnectedLineName", "Context", "Exten", "Priority", "Application", "AppData", "DialString", "DialStatus",
        "Cause", "Status", "Interface");

    @Test
    @DisplayName("an answered Originate of a Local agent gives the capture's events: <unknown> caller ID in Newchannel,"
        + " then NewCallerid, NewConnectedLine and LocalBridge, event for event")
    void answeredAsCaptured() throws Exception {
        List<Map<String, String>> capture = CaptureReplayTest.parseCapture(CaptureReplayTest.sample(CAPTURE));
        List<Map<String, String>> expected = originateEvents(capture, linkedidOf(capture, "Local/1001@agents-"));

        var config = SimFixtures.config(SimFixtures.freePort(),
            SimFixtures.queue("support", "ringall", 5, 1, "Local/1001@agents"));
        // The lab's inbound-direct hung up after Wait(3).
        config.getJsonObject("telephony").getJsonObject("sim").put("talk_ms_fixed", 3000);
        startSim(config);
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsLab()) {
            ami.action("Action: Originate", "ActionID: c2c-1", "Channel: Local/1001@agents", "Context: inbound-direct",
                "Exten: s", "Priority: 1", "CallerID: \"Click To Call\" <5559876>", "Timeout: 30000", "Async: true",
                "Variable: CALLDESK_TICKET=42");
            ami.await(RawAmi.event("QueueMemberStatus", "Status", "1"), WAIT);
            List<Map<String, String>> actual = originateEvents(ami.frames(), linkedidOf(ami.frames(), "Local/1001@agents-"));

            assertSameStream(expected, actual);
            assertSameResponse(capture, ami, "c2c-1");
            Map<String, String> firstLeg = actual.getFirst();
            assertEquals(firstLeg.get("Uniqueid"), ami.await(RawAmi.event("OriginateResponse"), WAIT).get("Uniqueid"),
                "the OriginateResponse names ;1");
        }
    }

    @Test
    @DisplayName("an Originate of a Local channel to a missing extension gives the capture's events: the pair,"
        + " AppDial2, ;2 gone with cause 0, ;1 after the Failure")
    void missingExtensionAsCaptured() throws Exception {
        List<Map<String, String>> capture = CaptureReplayTest.parseCapture(CaptureReplayTest.sample(CAPTURE));
        List<Map<String, String>> expected = originateEvents(capture, linkedidOf(capture, "Local/9999@agents-"));

        startSim(SimFixtures.config(SimFixtures.freePort(), SimFixtures.queue("support", "ringall", 5, 1, "Local/1001@agents")));
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsLab()) {
            ami.action("Action: Originate", "ActionID: c2c-fail", "Channel: Local/9999@agents", "Context: inbound-direct",
                "Exten: s", "Priority: 1", "Timeout: 5000", "Async: true");
            ami.await(f -> "Hangup".equals(f.get("Event")) && f.get("Channel").endsWith(";1"), WAIT);
            List<Map<String, String>> actual = originateEvents(ami.frames(), linkedidOf(ami.frames(), "Local/9999@agents-"));

            assertSameStream(expected, actual);
            assertSameResponse(capture, ami, "c2c-fail");
        }
    }

    private static void assertSameStream(List<Map<String, String>> expected, List<Map<String, String>> actual) {
        CaptureReplayTest.assertSameEvents(expected, actual);
        for (String key : VALUES) {
            assertEquals(SessionCaptureTest.valuesOf(expected, key), SessionCaptureTest.valuesOf(actual, key),
                key + " of each event");
        }
    }

    private static void assertSameResponse(List<Map<String, String>> capture, RawAmi ami, String actionId) {
        Map<String, String> expected = capture.stream().filter(RawAmi.event("OriginateResponse", "ActionID", actionId))
            .findFirst().orElseThrow();
        Map<String, String> actual = ami.await(RawAmi.event("OriginateResponse", "ActionID", actionId), WAIT);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), "OriginateResponse fields");
        for (String key : List.of("Response", "Channel", "Context", "Exten", "Reason", "CallerIDNum", "CallerIDName")) {
            assertEquals(SessionCaptureTest.valuesOf(List.of(expected), key), SessionCaptureTest.valuesOf(List.of(actual), key),
                "OriginateResponse " + key);
        }
    }

    static String linkedidOf(List<Map<String, String>> frames, String channelPrefix) {
        return frames.stream().filter(f -> "Newchannel".equals(f.get("Event")) && f.get("Channel").startsWith(channelPrefix))
            .findFirst().orElseThrow(() -> new AssertionError("no Newchannel of " + channelPrefix)).get("Linkedid");
    }

    /**
     * One Originate's events: its channels' (by Linkedid), and the queue member status they cause, until another
     * call's first channel appears.
     */
    static List<Map<String, String>> originateEvents(List<Map<String, String>> frames, String linkedid) {
        List<Map<String, String>> out = new ArrayList<>();
        boolean started = false;
        for (Map<String, String> f : frames) {
            String event = f.get("Event");
            if (event == null || LEFT_OUT.contains(event)) {
                continue;
            }
            boolean ours = linkedid.equals(f.get("Linkedid")) || linkedid.equals(f.get("DestLinkedid"))
                || linkedid.equals(f.get("LocalOneLinkedid"));
            if (started && !ours && "Newchannel".equals(event)) {
                break;
            }
            started |= ours;
            if (ours || (started && "QueueMemberStatus".equals(event))) {
                out.add(f);
            }
        }
        return out;
    }
}

package org.calldesk.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Against asterisk-22-calldesk-session.ami: what calldesk's own least-privilege user (read=call,agent) was sent by a
 * real Asterisk 22 running the shipped telephony/asterisk configs, with Local/100N@agents members in three queues.
 */
@ServerTest
class SessionCaptureTest extends SimTestBase {
    static final String CAPTURE = "asterisk-22-calldesk-session.ami";
    /** The first call of the session: +8613800138000 to vip, answered by Local/1001@agents, who hangs up. */
    static final String REAL_CALL = "1796132833.0";

    /** Every event of one call as a session received it: from its first Newchannel to its last Hangup. */
    static List<Map<String, String>> callEvents(List<Map<String, String>> frames, String linkedid) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < frames.size(); i++) {
            Map<String, String> f = frames.get(i);
            if (linkedid.equals(f.get("Linkedid")) && f.containsKey("Event")) {
                first = first < 0 ? i : first;
                last = "Hangup".equals(f.get("Event")) ? i : last;
            }
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> f : frames.subList(first, last + 1)) {
            if (f.containsKey("Event")) {
                out.add(f);
            }
        }
        return out;
    }

    JsonObject sessionConfig() {
        return SimFixtures.config(agiPort,
            SimFixtures.queue("service", "leastrecent", 15, 5),
            SimFixtures.queue("complaints", "leastrecent", 15, 5),
            SimFixtures.queue("vip", "ringall", 20, 3));
    }

    @Test
    @DisplayName("one answered call gives calldesk's user the session capture's events, event for event, field names in order")
    void answeredCallEventForEvent() throws Exception {
        List<Map<String, String>> expected = callEvents(
            CaptureReplayTest.parseCapture(CaptureReplayTest.sample(CAPTURE)), REAL_CALL);
        assertEquals(51, expected.size(), "the capture's call");

        startAgi(h -> FakeAgiServer.route("vip", 30, ""));
        startSim(sessionConfig());
        // The capture's session had calldesk's classes and no eventfilter lines: the wire user is that session.
        try (RawAmi wire = new RawAmi(sim.amiPort()).loginAsWire();
             RawAmi calldesk = new RawAmi(sim.amiPort()).login();
             RawAmi lab = new RawAmi(sim.amiPort()).loginAsLab()) {
            for (String queue : List.of("vip", "service", "complaints")) {
                calldesk.action("Action: QueueAdd", "ActionID: add-" + queue, "Queue: " + queue,
                    "Interface: Local/1001@agents", "MemberName: Agent 1");
                calldesk.await(f -> ("add-" + queue).equals(f.get("ActionID")), WAIT);
            }
            // The way the session's lab called: its own AMI user originated a Local caller into from-trunk.
            lab.action("Action: Originate", "ActionID: lab-26", "Channel: Local/s@inbound", "Context: from-trunk",
                "Exten: s", "Priority: 1", "CallerID: +8613800138000", "Async: true", "Variable: CALLDESK_IVR=service");
            String linkedid = wire.await(RawAmi.event("Newchannel"), WAIT).get("Linkedid");
            String peer = wire.await(RawAmi.event("Newchannel"), WAIT).get("Channel").replace(";1", ";2");
            wire.await(RawAmi.event("Hangup", "Channel", peer), WAIT);
            calldesk.await(RawAmi.event("Hangup", "Channel", peer), WAIT);
            List<Map<String, String>> actual = callEvents(wire.frames(), linkedid);

            // calldesk's own user, with the shipped eventfilter lines, is sent exactly the capture's call filtered by them
            // (from the call's first event that names it: the Originate's DialBegin/DialEnd name only its Dest side).
            List<Map<String, String>> expectedFiltered = callEvents(ShippedManagerConf.filtered(expected), REAL_CALL);
            assertEquals(17, expectedFiltered.size(), "the capture's call through the shipped filters");
            assertEquals(CaptureReplayTest.types(expectedFiltered), CaptureReplayTest.types(callEvents(calldesk.frames(), linkedid)),
                "calldesk's filtered events in order");

            assertEquals(CaptureReplayTest.types(expected), CaptureReplayTest.types(actual), "event names in order");
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(List.copyOf(expected.get(i).keySet()), List.copyOf(actual.get(i).keySet()),
                    "fields of event #" + i + " " + expected.get(i).get("Event"));
            }
            for (String key : List.of("Channel", "DestChannel", "Interface", "Queue", "Status", "DialStatus",
                "ChannelState", "Cause", "Reason")) {
                assertEquals(valuesOf(expected, key), valuesOf(actual, key), key + " of each event, ids aside");
            }
            assertEquals(hotlineSteps(expected), hotlineSteps(actual), "where the caller's ;1 stood in the dialplan");
        }
    }

    /** A field through the call, channel sequence numbers aside, and the lab's caller context named as the simulator's. */
    static List<String> valuesOf(List<Map<String, String>> events, String key) {
        return events.stream().map(f -> f.getOrDefault(key, "-").replaceAll("-[0-9a-f]{8}(;\\d)?$", "-N$1")
            .replace("lab-caller", "inbound")).toList();
    }

    /**
     * Context, extension and step of the hotline's channel at each of its events: the shipped dialplan's. (The lab's
     * own caller and agent-phone contexts, on the other halves, are the lab's, not calldesk's.)
     */
    static List<String> hotlineSteps(List<Map<String, String>> events) {
        return events.stream().filter(f -> f.getOrDefault("Channel", "").matches("Local/s@.*;1"))
            .map(f -> f.get("Event") + " " + f.get("Context").replace("lab-caller", "inbound") + "," + f.get("Exten")
                + "," + f.get("Priority")).toList();
    }

    @Test
    @DisplayName("calldesk's user is sent what the session was: no FullyBooted, no SuccessfulAuth, no dialplan events")
    void leastPrivilegeSession() throws Exception {
        startAgi(h -> FakeAgiServer.route("vip", 30, ""));
        startSim(sessionConfig());
        try (RawAmi calldesk = new RawAmi(sim.amiPort()).login();
             RawAmi lab = new RawAmi(sim.amiPort()).loginAsLab()) {
            assertEquals("Fully Booted", lab.await(RawAmi.event("FullyBooted"), WAIT).get("Status"));
            lab.await(RawAmi.event("SuccessfulAuth"), WAIT);
            String linkedid = await(sim.placeCall("+8613800138000", "service"));
            lab.await(RawAmi.event("QueueCallerJoin", "Linkedid", linkedid), WAIT);
            calldesk.await(RawAmi.event("QueueCallerJoin", "Linkedid", linkedid), WAIT);
            assertTrue(lab.frames().stream().anyMatch(RawAmi.event("Newexten")), "the lab reads dialplan events");
            List<String> seen = calldesk.frames().stream().map(f -> f.getOrDefault("Event", "")).distinct().toList();
            for (String event : List.of("FullyBooted", "SuccessfulAuth", "Newexten")) {
                assertFalse(seen.contains(event), event + " is not for read=call,agent: " + seen);
            }
        }
    }

    @Test
    @DisplayName("calldesk's session start (Challenge, MD5 Login, CoreSettings, QueueStatus, CoreShowChannels) gets the capture's replies")
    void sessionStartAsInTheCapture() throws Exception {
        List<Map<String, String>> capture = CaptureReplayTest.parseCapture(CaptureReplayTest.sample(CAPTURE));
        startSim(sessionConfig());
        try (RawAmi ami = new RawAmi(sim.amiPort())) {
            String id = "1271921069_";
            ami.action("action: Challenge", "actionid: " + id + "0#", "authtype: MD5");
            String challenge = ami.await(f -> (id + "0#").equals(f.get("ActionID")), WAIT).get("Challenge");
            ami.action("action: Login", "actionid: " + id + "1#", "key: " + AmiServer.md5Hex(challenge + SimFixtures.SECRET),
                "authtype: MD5", "username: " + SimFixtures.USER);
            ami.action("action: CoreSettings", "actionid: " + id + "2#");
            ami.action("action: QueueStatus", "actionid: " + id + "3#");
            ami.action("action: CoreShowChannels", "actionid: " + id + "4#");
            ami.await(RawAmi.event("CoreShowChannelsComplete"), WAIT);
            List<Map<String, String>> expected = capture.stream().filter(f -> f.getOrDefault("ActionID", "").matches(id + "[0-4]#")).toList();
            List<Map<String, String>> actual = ami.frames().stream().filter(f -> f.getOrDefault("ActionID", "").matches(id + "[0-4]#")).toList();
            assertEquals(expected.size(), actual.size(), "replies and list items: " + actual);
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(List.copyOf(expected.get(i).keySet()), List.copyOf(actual.get(i).keySet()), "frame #" + i);
                for (String key : List.of("Response", "Message", "Event", "EventList", "ListItems", "AsteriskVersion", "Queue")) {
                    assertEquals(expected.get(i).get(key), actual.get(i).get(key), key + " of frame #" + i);
                }
            }
            assertFalse(ami.frames().stream().anyMatch(f -> f.containsKey("Privilege")), "no event before any call");
        }
    }
}

package org.calldesk.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@ServerTest
class CaptureReplayTest extends SimTestBase {
    /**
     * Wire events of the captures the simulator does not emit: variable and device-state chatter (res_manager_devicestate
     * was not loaded in the calldesk session's Asterisk either), CDRs and AGI exec traces. Newexten is emitted only for
     * the caller's own dialplan steps, so it is left out of the order comparison too. OriginateResponse is emitted,
     * but its place among channel events varies from run to run in Asterisk itself (README), so it is compared on its
     * own, field for field; so is the DialState that tells an Originate its Local channel rings (no Channel: no
     * channel dialled it), which races the queue's first ring.
     */
    static final Set<String> NOT_EMITTED = Set.of("VarSet", "DeviceStateChange", "Cdr", "AGIExecStart", "AGIExecEnd",
        "OriginateResponse", "Newexten");

    /** The real Asterisk 22 captures ship with the tests (src/test/resources/telephony-samples), byte for byte. */
    static Path sample(String name) {
        java.net.URL url = CaptureReplayTest.class.getClassLoader().getResource("telephony-samples/" + name);
        if (url == null) {
            throw new IllegalStateException("capture " + name + " is missing from src/test/resources/telephony-samples");
        }
        try {
            return Path.of(url.toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The capture split at blank lines into ordered field maps. */
    static List<Map<String, String>> parseCapture(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        List<Map<String, String>> out = new ArrayList<>();
        for (String block : text.split("\r\n\r\n")) {
            Map<String, String> frame = new LinkedHashMap<>();
            for (String line : block.split("\r\n")) {
                int c = line.indexOf(": ");
                if (c > 0) {
                    frame.putIfAbsent(line.substring(0, c), line.substring(c + 2));
                } else if (line.endsWith(":")) {
                    frame.putIfAbsent(line.substring(0, line.length() - 1), "");
                }
            }
            if (!frame.isEmpty()) {
                out.add(frame);
            }
        }
        return out;
    }

    /** Starts the call the way the capture harness did: AMI Originate of Local/s@inbound; returns its Linkedid. */
    static String originateLikeCapture(RawAmi ami, String actionId) throws Exception {
        int before = ami.frames().size();
        ami.action("Action: Originate", "ActionID: " + actionId, "Channel: Local/s@inbound", "Application: Wait",
            "Data: 60", "CallerID: \"Jane Customer\" <5551234>", "Timeout: 30000", "Async: true", "Variable: TESTVAR=hello");
        Map<String, String> first = ami.await(f -> "Newchannel".equals(f.get("Event"))
            && f.get("Channel").startsWith("Local/s@inbound-") && ami.frames().indexOf(f) >= before, WAIT);
        return first.get("Linkedid");
    }

    static void assertSameOriginateResponse(List<Map<String, String>> capture, RawAmi ami) throws Exception {
        Map<String, String> expected = capture.stream().filter(f -> "OriginateResponse".equals(f.get("Event")))
            .findFirst().orElseThrow();
        Map<String, String> actual = ami.await(RawAmi.event("OriginateResponse"), WAIT);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), "OriginateResponse fields");
        Map<String, String> ringing = capture.stream().filter(f -> "DialState".equals(f.get("Event")) && !f.containsKey("Channel"))
            .findFirst().orElse(null);
        if (ringing != null) {
            assertEquals(List.copyOf(ringing.keySet()), List.copyOf(ami.await(f -> "DialState".equals(f.get("Event"))
                && !f.containsKey("Channel"), WAIT).keySet()), "the Originate's DialState fields");
        }
        assertEquals(expected.get("Response"), actual.get("Response"));
        assertEquals(expected.get("Reason"), actual.get("Reason"));
        assertEquals(expected.get("Channel").replaceAll("-\\w+;1$", ""), actual.get("Channel").replaceAll("-\\w+;1$", ""));
    }


    @Test
    @DisplayName("a ringall queue call gives the events of the real Asterisk capture, in order and field for field")
    void queueCallMatchesCapture() throws Exception {
        List<Map<String, String>> capture = parseCapture(sample("asterisk-22-queue-call.ami"));
        String capLinkedid = capture.stream().filter(f -> "Newchannel".equals(f.get("Event"))).findFirst().orElseThrow()
            .get("Linkedid");
        List<Map<String, String>> expected = callEvents(capture, capLinkedid);

        startAgi(h -> FakeAgiServer.route("support", 10, ""));
        startSim(SimFixtures.config(agiPort,
            SimFixtures.queue("support", "ringall", 5, 1, "Local/1002@agents", "Local/1001@agents")));
        sim.device("Local/1002@agents").autoAnswer(false);
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsLab()) {
            String linkedid = originateLikeCapture(ami, "orig-1");
            ami.await(f -> "Hangup".equals(f.get("Event")) && linkedid.equals(f.get("Uniqueid")), WAIT);
            List<Map<String, String>> actual = callEvents(ami.frames(), linkedid);
            assertSameOriginateResponse(capture, ami);

            assertTrue(expected.size() > 40, "capture yields " + expected.size() + " comparable events");
            assertSameEvents(expected, actual);
            Map<String, String> connect = actual.stream().filter(f -> "AgentConnect".equals(f.get("Event"))).findFirst().orElseThrow();
            assertEquals("Local/1001@agents", connect.get("Interface"));
            assertEquals("s", connect.get("DestExten"));
            Map<String, String> complete = actual.stream().filter(f -> "AgentComplete".equals(f.get("Event"))).findFirst().orElseThrow();
            assertEquals("agent", complete.get("Reason"));
            assertEquals(1, sim.callsCompleted());
        }
    }

    static void assertSameEvents(List<Map<String, String>> expected, List<Map<String, String>> actual) {
        assertEquals(types(expected), types(actual), "event types in order");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(List.copyOf(expected.get(i).keySet()), List.copyOf(actual.get(i).keySet()),
                "fields of event #" + i + " " + expected.get(i).get("Event"));
        }
    }

    static String firstLinkedid(List<Map<String, String>> capture) {
        return capture.stream().filter(f -> "Newchannel".equals(f.get("Event"))).findFirst().orElseThrow().get("Linkedid");
    }

    @Test
    @DisplayName("a caller who hangs up while waiting gives the abandon capture's events")
    void abandonMatchesCapture() throws Exception {
        List<Map<String, String>> capture = parseCapture(sample("asterisk-22-abandon.ami"));
        List<Map<String, String>> expected = callEvents(capture, firstLinkedid(capture));

        startAgi(h -> FakeAgiServer.route("support", 0, ""));
        startSim(SimFixtures.config(agiPort, SimFixtures.queue("support", "ringall", 5, 1)));
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsLab()) {
            String linkedid = originateLikeCapture(ami, "orig-1");
            String caller = ami.await(RawAmi.event("QueueCallerJoin", "Linkedid", linkedid), WAIT).get("Channel");
            ami.action("Action: Hangup", "ActionID: hangup-1", "Channel: " + caller);
            ami.await(f -> "Hangup".equals(f.get("Event")) && linkedid.equals(f.get("Uniqueid")), WAIT);
            assertSameEvents(expected, callEvents(ami.frames(), linkedid));
            assertSameOriginateResponse(capture, ami);
        }
    }

    @Test
    @DisplayName("a member who never answers gives the ring-no-answer capture's events, retry included")
    void ringNoAnswerMatchesCapture() throws Exception {
        List<Map<String, String>> capture = parseCapture(sample("asterisk-22-ring-no-answer.ami"));
        List<Map<String, String>> expected = callEvents(capture, firstLinkedid(capture));

        startAgi(h -> FakeAgiServer.route("support", 0, ""));
        startSim(SimFixtures.config(agiPort, SimFixtures.queue("support", "ringall", 0.3, 0.6, "Local/1009@agents")));
        sim.device("Local/1009@agents").autoAnswer(false);
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsLab()) {
            String linkedid = originateLikeCapture(ami, "orig-1");
            ami.await(2, RawAmi.event("AgentRingNoAnswer"), WAIT);
            // the second ring ends with the hang-up of the channel its SoftHangupRequest named, as in the capture
            Map<String, String> secondRingEnds = ami.await(2, RawAmi.event("SoftHangupRequest"), WAIT);
            ami.await(RawAmi.event("Hangup", "Channel", secondRingEnds.get("Channel")), WAIT);
            String caller = ami.frames().stream().filter(RawAmi.event("QueueCallerJoin")).findFirst().orElseThrow().get("Channel");
            ami.action("Action: Hangup", "ActionID: hangup-1", "Channel: " + caller);
            ami.await(f -> "Hangup".equals(f.get("Event")) && linkedid.equals(f.get("Uniqueid")), WAIT);
            assertSameEvents(expected, callEvents(ami.frames(), linkedid));
            assertSameOriginateResponse(capture, ami);
        }
    }

    @Test
    @DisplayName("a caller hanging up mid-talk gives the core-show-channels capture's tear-down, Reason caller")
    void callerHangupMidTalkMatchesCapture() throws Exception {
        List<Map<String, String>> capture = parseCapture(sample("asterisk-22-core-show-channels.ami"));
        List<Map<String, String>> all = callEvents(capture, firstLinkedid(capture), false);
        List<Map<String, String>> expected = tearDown(all);

        startAgi(h -> FakeAgiServer.route("support", 0, ""));
        var config = SimFixtures.config(agiPort, SimFixtures.queue("support", "ringall", 5, 1, "Local/1001@agents"));
        config.getJsonObject("telephony").getJsonObject("sim").put("talk_ms_fixed", 60_000);
        startSim(config);
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsLab()) {
            String linkedid = originateLikeCapture(ami, "orig-1");
            ami.await(f -> "BridgeEnter".equals(f.get("Event")) && "2".equals(f.get("BridgeNumChannels")), WAIT);
            await(sim.hangup(linkedid));
            ami.await(f -> "QueueMemberStatus".equals(f.get("Event")) && "1".equals(f.get("Status")), WAIT);
            List<Map<String, String>> actual = tearDown(callEvents(ami.frames(), linkedid, false));
            assertSameEvents(expected, actual);
            assertEquals("caller", actual.stream().filter(f -> "AgentComplete".equals(f.get("Event"))).findFirst()
                .orElseThrow().get("Reason"));
        }
    }

    /** From the first BridgeLeave to the member's status going back to free. */
    static List<Map<String, String>> tearDown(List<Map<String, String>> events) {
        int from = types(events).indexOf("BridgeLeave");
        int to = from;
        while (to < events.size() && !("QueueMemberStatus".equals(events.get(to).get("Event")))) {
            to++;
        }
        return events.subList(from, Math.min(to + 1, events.size()));
    }

    /** Events of one call (by Linkedid) plus member status, without the types the simulator does not emit. */
    static List<Map<String, String>> callEvents(List<Map<String, String>> frames, String linkedid) {
        return callEvents(frames, linkedid, true);
    }

    static List<Map<String, String>> callEvents(List<Map<String, String>> frames, String linkedid,
                                                boolean stopAtCallerHangup) {
        List<Map<String, String>> out = new ArrayList<>();
        boolean started = false;
        for (Map<String, String> f : frames) {
            String event = f.get("Event");
            if (event == null || NOT_EMITTED.contains(event)) {
                continue;
            }
            if ("DialState".equals(event) && !f.containsKey("Channel")) {
                continue;
            }
            boolean ours = linkedid.equals(f.get("Linkedid")) || linkedid.equals(f.get("DestLinkedid"))
                || linkedid.equals(f.get("LocalOneLinkedid"));
            started |= ours;
            if (ours || (started && (event.startsWith("QueueMember") || event.startsWith("Bridge")))) {
                out.add(f);
            }
            if (started && "Hangup".equals(event) && linkedid.equals(f.get("Uniqueid")) && stopAtCallerHangup) {
                break;
            }
        }
        return out;
    }

    static List<String> types(List<Map<String, String>> frames) {
        return frames.stream().map(f -> f.get("Event")).toList();
    }
}

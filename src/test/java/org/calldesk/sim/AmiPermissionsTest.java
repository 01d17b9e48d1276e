package org.calldesk.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@ServerTest
class AmiPermissionsTest extends SimTestBase {

    /** The key = value lines of one [section] of an Asterisk .conf file, comments dropped. */
    static Map<String, String> section(Path conf, String name) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        boolean inside = false;
        for (String raw : Files.readAllLines(conf)) {
            String line = raw.replaceAll(";.*", "").trim();
            if (line.startsWith("[")) {
                inside = line.startsWith("[" + name + "]");
            } else if (inside && line.contains("=")) {
                out.put(line.substring(0, line.indexOf('=')).trim(), line.substring(line.indexOf('=') + 1).trim());
            }
        }
        return out;
    }

    @Test
    @DisplayName("the simulator's calldesk user has exactly the read and write classes and eventfilter lines of the shipped manager.conf")
    void calldeskUserMirrorsManagerConf() throws Exception {
        Map<String, String> calldesk = section(Path.of("telephony/asterisk/manager.conf"), "calldesk");
        assertEquals(AmiUser.classes(calldesk.get("read")), AmiUser.calldesk("x", "y").read(), "read = " + calldesk.get("read"));
        assertEquals(AmiUser.classes(calldesk.get("write")), AmiUser.calldesk("x", "y").write(), "write = " + calldesk.get("write"));
        assertEquals(ShippedManagerConf.calldeskFilters(), AmiUser.calldesk("x", "y").filters(), "eventfilter lines");
    }

    Map<String, String> reply(RawAmi ami, String id, String... lines) throws Exception {
        String[] frame = new String[lines.length + 1];
        frame[0] = "ActionID: " + id;
        System.arraycopy(lines, 0, frame, 1, lines.length);
        ami.action(frame);
        return ami.await(f -> id.equals(f.get("ActionID")) && f.containsKey("Response"), WAIT);
    }

    @Test
    @DisplayName("actions are refused with Asterisk's 'Permission denied' by the class each has in Asterisk 22")
    void actionsByWriteClass() throws Exception {
        startSim(SimFixtures.config(SimFixtures.freePort(), SimFixtures.queue("support", "ringall", 5, 1)));
        sim.addAmiUser("reader", "r3ader", "all", "");
        try (RawAmi calldesk = new RawAmi(sim.amiPort()).login();
             RawAmi reader = new RawAmi(sim.amiPort()).loginAs("reader", "r3ader")) {
            for (RawAmi ami : List.of(calldesk, reader)) {
                assertEquals("Pong", reply(ami, "p", "Action: Ping").get("Ping"), "Ping needs no class");
                assertEquals("Success", reply(ami, "qs", "Action: QueueStatus").get("Response"));
                assertEquals("Success", reply(ami, "qsum", "Action: QueueSummary").get("Response"));
                assertEquals("Unable to change priority caller on queue: No such caller", reply(ami, "prio",
                    "Action: QueueChangePriorityCaller", "Queue: support", "Caller: Local/x;1", "Priority: 3").get("Message"),
                    "QueueChangePriorityCaller needs no class");
                assertEquals("Permission denied", reply(ami, "hup", "Action: Hangup", "Channel: Local/x;1").get("Message"),
                    "Hangup needs system or call");
                assertEquals("Permission denied", reply(ami, "cmd", "Action: Command", "Command: core show version")
                    .get("Message"), "Command needs command");
                assertTrue(reply(ami, "nope", "Action: FlyToTheMoon").get("Message").startsWith("Invalid/unknown command"));
            }
            assertEquals("22.10.1", reply(calldesk, "cs", "Action: CoreSettings").get("AsteriskVersion"), "reporting");
            assertEquals("Success", reply(calldesk, "csc", "Action: CoreShowChannels").get("Response"), "reporting");
            assertEquals("Added interface to queue", reply(calldesk, "add", "Action: QueueAdd", "Queue: support",
                "Interface: Local/1001@agents").get("Message"), "agent");
            assertEquals("Interface paused successfully", reply(calldesk, "pause", "Action: QueuePause",
                "Interface: Local/1001@agents", "Paused: true").get("Message"), "agent");
            assertEquals("Originate successfully queued", reply(calldesk, "orig", "Action: Originate",
                "Channel: Local/1001@agents", "Context: calldesk-outbound", "Exten: 5551234", "Priority: 1", "Async: true")
                .get("Message"), "originate");

            for (String action : List.of("CoreSettings", "CoreShowChannels", "QueueAdd", "QueueRemove", "QueuePause", "Originate")) {
                Map<String, String> refused = reply(reader, "r-" + action, "Action: " + action);
                assertEquals(List.of("Response", "ActionID", "Message"), List.copyOf(refused.keySet()));
                assertEquals("Permission denied", refused.get("Message"), action);
            }
        }
    }

    @Test
    @DisplayName("events go to a session only if it reads every class on their Privilege line; Events narrows that further")
    void eventsByReadClass() throws Exception {
        startAgi(h -> FakeAgiServer.route("support", 0, ""));
        startSim(SimFixtures.config(agiPort, SimFixtures.queue("support", "ringall", 5, 1)));
        sim.addAmiUser("agents-only", "a", "agent", "");
        try (RawAmi calldesk = new RawAmi(sim.amiPort()).login();
             RawAmi agentsOnly = new RawAmi(sim.amiPort()).loginAs("agents-only", "a");
             RawAmi quiet = new RawAmi(sim.amiPort()).loginAsLab()) {
            Map<String, String> off = reply(quiet, "ev", "Action: Events", "EventMask: off");
            assertEquals(List.of("Response", "ActionID", "Events"), List.copyOf(off.keySet()));
            assertEquals("Off", off.get("Events"));
            assertEquals("Invalid event mask", reply(quiet, "ev2", "Action: Events").get("Message"));

            String linkedid = await(sim.placeCall("5551234", "service"));
            calldesk.await(RawAmi.event("QueueCallerJoin", "Linkedid", linkedid), WAIT);
            agentsOnly.await(RawAmi.event("QueueCallerJoin", "Linkedid", linkedid), WAIT);
            assertFalse(calldesk.frames().stream().anyMatch(RawAmi.event("Newchannel")), "not in calldesk's eventfilter lines");
            assertTrue(agentsOnly.frames().stream().filter(f -> f.containsKey("Event"))
                .allMatch(f -> "agent,all".equals(f.get("Privilege"))), "only agent events for read=agent");
            // the lab's own call comes after it switched events off: a later reply shows nothing came before it
            reply(quiet, "after", "Action: Ping");
            assertFalse(quiet.frames().stream().anyMatch(f -> f.containsKey("Privilege") && linkedid.equals(f.get("Linkedid"))),
                "Events: off stops the call's events");
        }
    }
}

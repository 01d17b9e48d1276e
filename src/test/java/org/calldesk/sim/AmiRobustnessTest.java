package org.calldesk.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@ServerTest
class AmiRobustnessTest extends SimTestBase {

    @Test
    @DisplayName("garbage, half frames and oversized lines drop only the offending client; the others keep working")
    void badClientsDoNotHurtOthers() throws Exception {
        startSim(SimFixtures.config(SimFixtures.freePort(), SimFixtures.queue("support", "ringall", 5, 1)));
        try (RawAmi good = new RawAmi(sim.amiPort()).login();
             RawAmi garbage = new RawAmi(sim.amiPort());
             RawAmi half = new RawAmi(sim.amiPort());
             RawAmi flood = new RawAmi(sim.amiPort())) {
            garbage.send("\u0001\u0002\u00ff junk without colon\r\n:\r\n\r\n");
            assertEquals("Missing action in request", garbage.await(f -> f.containsKey("Response"), WAIT).get("Message"));
            garbage.action("Action: QueueStatus", "ActionID: g-1");
            assertEquals("Permission denied", garbage.await(f -> "g-1".equals(f.get("ActionID")), WAIT).get("Message"));

            half.send("Action: Ping\r\nActionID: half-1\r\nQueue: sup");
            half.close();

            flood.send("X".repeat(20_000));
            assertTrue(flood.closedByServer(WAIT), "a line beyond the size limit closes that connection");

            good.action("action: Ping", "actionid: 178049969_6#");
            Map<String, String> pong = good.await(f -> "178049969_6#".equals(f.get("ActionID")), WAIT);
            assertEquals(List.of("Response", "ActionID", "Ping", "Timestamp"), List.copyOf(pong.keySet()));
            assertEquals("Pong", pong.get("Ping"));

            good.action("Action: FlyToTheMoon", "ActionID: u-1");
            Map<String, String> unknown = good.await(f -> "u-1".equals(f.get("ActionID")), WAIT);
            assertEquals("Error", unknown.get("Response"));
            assertTrue(unknown.get("Message").startsWith("Invalid/unknown command"));

            try (RawAmi late = new RawAmi(sim.amiPort()).login()) {
                late.action("Action: Logoff", "ActionID: bye");
                assertEquals("Goodbye", late.await(f -> "bye".equals(f.get("ActionID")), WAIT).get("Response"));
            }
        }
    }

    @Test
    @DisplayName("CoreSettings and an MD5 login by hand answer as Asterisk 22 does")
    void md5LoginByHand() throws Exception {
        startSim(SimFixtures.config(SimFixtures.freePort(), SimFixtures.queue("support", "ringall", 5, 1)));
        try (RawAmi ami = new RawAmi(sim.amiPort())) {
            ami.action("action: Challenge", "actionid: c-1", "authtype: MD5");
            String challenge = ami.await(f -> "c-1".equals(f.get("ActionID")), WAIT).get("Challenge");
            String key = AmiServer.md5Hex(challenge + SimFixtures.SECRET);
            ami.action("action: Login", "actionid: c-2", "key: " + key, "username: " + SimFixtures.USER, "authtype: MD5");
            assertEquals("Authentication accepted", ami.await(f -> "c-2".equals(f.get("ActionID")), WAIT).get("Message"));
            ami.action("action: CoreSettings", "actionid: c-3");
            assertEquals("22.10.1", ami.await(f -> "c-3".equals(f.get("ActionID")), WAIT).get("AsteriskVersion"));
        }
    }

    @Test
    @DisplayName("stopAmi drops clients and refuses connections while calls go on; startAmi listens again")
    void linkLoss() throws Exception {
        startAgi(h -> FakeAgiServer.route("support", 0, ""));
        startSim(SimFixtures.config(agiPort, SimFixtures.queue("support", "ringall", 5, 1)));
        int port = sim.amiPort();
        try (RawAmi ami = new RawAmi(port).login()) {
            String linkedid = await(sim.placeCall("100", "service"));
            ami.await(RawAmi.event("QueueCallerJoin", "Linkedid", linkedid), WAIT);
            await(sim.stopAmi());
            assertTrue(ami.closedByServer(WAIT));
        }
        Await.until("connects to be refused", Duration.ofSeconds(5), () -> connectRefused(port));
        await(sim.startAmi());
        try (RawAmi again = new RawAmi(sim.amiPort()).login()) {
            again.action("Action: QueueStatus", "ActionID: qs");
            again.await(f -> "QueueStatusComplete".equals(f.get("Event")), WAIT);
            assertEquals(1, again.frames().stream().filter(RawAmi.event("QueueEntry")).count(), "the call kept waiting");
        }
    }

    /** The listener is gone once connects are refused; the unbind may trail the close future by a moment. */
    private static boolean connectRefused(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }
}

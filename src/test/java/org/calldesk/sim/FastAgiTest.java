package org.calldesk.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.BaseAgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.SimpleMappingStrategy;
import org.asteriskjava.util.ServerSocketFacade;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@ServerTest
class FastAgiTest extends SimTestBase {
    static final List<String> CAPTURED_HEADER_ORDER = List.of("agi_network", "agi_network_script", "agi_request",
        "agi_channel", "agi_language", "agi_type", "agi_uniqueid", "agi_version", "agi_callerid", "agi_calleridname",
        "agi_callingpres", "agi_callingani2", "agi_callington", "agi_callingtns", "agi_dnid", "agi_rdnis",
        "agi_context", "agi_extension", "agi_priority", "agi_enhanced", "agi_accountcode", "agi_threadid", "agi_arg_1");

    @Test
    @DisplayName("the FastAGI request carries Asterisk 22's headers in order, the IVR choice as agi_arg_1")
    void requestHeaders() throws Exception {
        startAgi(h -> FakeAgiServer.route("support", 0, ""));
        startSim(SimFixtures.config(agiPort, SimFixtures.queue("support", "ringall", 5, 1)));
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsWire()) {
            String linkedid = await(sim.placeCall("5551234", "complaint"));
            Map<String, String> join = ami.await(RawAmi.event("QueueCallerJoin", "Linkedid", linkedid), WAIT);
            Map<String, String> h = agi.sessions.get(0).headers();
            assertEquals(CAPTURED_HEADER_ORDER, List.copyOf(h.keySet()));
            assertEquals("route", h.get("agi_network_script"));
            assertEquals("agi://127.0.0.1:" + agiPort + "/route", h.get("agi_request"));
            assertEquals(join.get("Channel"), h.get("agi_channel"));
            assertEquals("5551234", h.get("agi_callerid"));
            assertEquals("22.10.1", h.get("agi_version"));
            assertEquals("calldesk-route", h.get("agi_context"));
            assertEquals("4", h.get("agi_priority"), "the AGI() step of calldesk-route");
            assertEquals("complaint", h.get("agi_arg_1"));
        }
    }

    @Test
    @DisplayName("with telephony.agi.secret set, the request names the script with ?secret= as the shipped dialplan sends it")
    void sendsTheSecret() throws Exception {
        startAgi(h -> FakeAgiServer.route("support", 0, ""));
        JsonObject config = SimFixtures.config(agiPort, SimFixtures.queue("support", "ringall", 5, 1));
        config.getJsonObject("telephony").getJsonObject("agi").put("secret", "s3cret-of-the-dialplan");
        startSim(config);
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsWire()) {
            String linkedid = await(sim.placeCall("5551234", "service"));
            ami.await(RawAmi.event("QueueCallerJoin", "Linkedid", linkedid), WAIT);
            Map<String, String> h = agi.sessions.get(0).headers();
            assertEquals("route?secret=s3cret-of-the-dialplan", h.get("agi_network_script"));
            assertEquals("agi://127.0.0.1:" + agiPort + "/route?secret=s3cret-of-the-dialplan", h.get("agi_request"));
        }
    }

    @Test
    @DisplayName("AGI commands get res_agi's replies, and after HANGUP channel commands are refused and the call ends")
    void commandReplies() throws Exception {
        startAgi(h -> List.of("ANSWER", "SET VARIABLE CALLDESK_QUEUE service", "GET VARIABLE CALLDESK_QUEUE",
            "GET VARIABLE NOPE", "GET FULL VARIABLE \"${CALLERID(num)}\"", "GET FULL VARIABLE \"${AGI_NOPE_UNSET}\"",
            "VERBOSE \"hello\" 1", "CHANNEL STATUS", "FOO BAR", "HANGUP", "CHANNEL STATUS", "GET VARIABLE CALLDESK_QUEUE"));
        startSim(SimFixtures.config(agiPort, SimFixtures.queue("service", "ringall", 5, 1)));
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsWire()) {
            String linkedid = await(sim.placeCall("5551234", "service"));
            ami.await(RawAmi.event("Hangup", "Uniqueid", linkedid), WAIT);
            assertEquals(List.of("200 result=0", "200 result=1", "200 result=1 (service)", "200 result=0",
                "200 result=1 (5551234)", "200 result=1 ()", "200 result=1", "200 result=6",
                "510 Invalid or unknown command", "200 result=1", "HANGUP",
                "511 Command Not Permitted on a dead channel or intercept routine", "200 result=1 (service)"),
                agi.sessions.get(0).replies());
            assertTrue(ami.frames().stream().noneMatch(RawAmi.event("QueueCallerJoin")), "a hung-up channel never queues");
        }
    }

    @Test
    @DisplayName("with CALLDESK_AGENT set, the account manager's phone is dialled first and no queue is involved")
    void accountManagerFirst() throws Exception {
        startAgi(h -> FakeAgiServer.route("support", 10, "Local/2001@agents"));
        startSim(SimFixtures.config(agiPort, SimFixtures.queue("support", "ringall", 5, 1, "Local/1001@agents")));
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsWire()) {
            String linkedid = await(sim.placeCall("5551234", "service"));
            Map<String, String> dial = ami.await(f -> "DialBegin".equals(f.get("Event"))
                && "2001@agents".equals(f.get("DialString")), WAIT);
            assertEquals(linkedid, dial.get("Linkedid"));
            ami.await(RawAmi.event("Hangup", "Uniqueid", linkedid), WAIT);
            assertTrue(ami.frames().stream().noneMatch(RawAmi.event("QueueCallerJoin")));
            assertTrue(ami.frames().stream().anyMatch(RawAmi.event("BridgeEnter")));
            assertEquals(1, sim.callsCompleted());
        }
    }

    @Test
    @DisplayName("an account manager who does not pick up within the dial time hands the caller to the queue")
    void accountManagerMissedThenQueue() throws Exception {
        startAgi(h -> FakeAgiServer.route("support", 10, "Local/2001@agents"));
        startSim(SimFixtures.config(agiPort, SimFixtures.queue("support", "ringall", 5, 1, "Local/1001@agents")));
        sim.device("Local/2001@agents").autoAnswer(false);
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsWire()) {
            String linkedid = await(sim.placeCall("5551234", "service"));
            ami.await(f -> "DialEnd".equals(f.get("Event")) && "NOANSWER".equals(f.get("DialStatus")), WAIT);
            ami.await(RawAmi.event("QueueCallerJoin", "Linkedid", linkedid), WAIT);
            assertEquals("Local/1001@agents", ami.await(RawAmi.event("AgentConnect"), WAIT).get("Interface"));
        }
    }

    @Test
    @DisplayName("a FastAGI server that hangs is given up after agi_timeout_ms, keeping what it already set")
    void agiTimeout() throws Exception {
        startAgi(h -> List.of("SET VARIABLE \"CALLDESK_QUEUE\" \"support\"", FakeAgiServer.HOLD));
        var config = SimFixtures.config(agiPort, SimFixtures.queue("support", "ringall", 5, 1));
        config.getJsonObject("telephony").getJsonObject("sim").put("agi_timeout_ms", 300);
        startSim(config);
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsWire()) {
            long t0 = System.currentTimeMillis();
            String linkedid = await(sim.placeCall("5551234", "service"));
            assertEquals("support", ami.await(RawAmi.event("QueueCallerJoin", "Linkedid", linkedid), WAIT).get("Queue"));
            assertTrue(System.currentTimeMillis() - t0 >= 250, "joined only after the AGI timeout");
        }
    }

    @Test
    @DisplayName("when the FastAGI server is unreachable the call still queues: service, priority 0")
    void agiDownStillQueues() throws Exception {
        startSim(SimFixtures.config(SimFixtures.freePort(), SimFixtures.queue("service", "ringall", 5, 1)));
        try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsWire()) {
            String linkedid = await(sim.placeCall("5551234", "service"));
            assertEquals("service", ami.await(RawAmi.event("QueueCallerJoin", "Linkedid", linkedid), WAIT).get("Queue"));
            ami.action("Action: QueueStatus", "ActionID: qs");
            assertEquals("0", ami.await(RawAmi.event("QueueEntry"), WAIT).get("Priority"));
        }
    }

    @Test
    @DisplayName("Asterisk-Java's DefaultAgiServer runs the route script against the simulator")
    void asteriskJavaAgiServer() throws Exception {
        int port = SimFixtures.freePort();
        SimpleMappingStrategy mapping = new SimpleMappingStrategy();
        mapping.setMappings(Map.of("route", new BaseAgiScript() {
            @Override
            public void service(AgiRequest request, AgiChannel channel) throws org.asteriskjava.fastagi.AgiException {
                channel.setVariable("CALLDESK_QUEUE", "support");
                channel.setVariable("QUEUE_PRIO", "arg".equals(request.getParameter("x")) ? "1" : "7");
                channel.setVariable("CALLDESK_AGENT", "");
                channel.verbose("routed " + channel.getVariable("CALLERID(num)"), 1);
            }
        }));
        CompletableFuture<Void> listening = new CompletableFuture<>();
        DefaultAgiServer server = new DefaultAgiServer(mapping) {
            @Override
            protected ServerSocketFacade createServerSocket() throws IOException {
                ServerSocketFacade socket = super.createServerSocket();
                listening.complete(null); // bound by now: the simulator's first call can connect
                return socket;
            }
        };
        server.setPort(port);
        server.setAddress(InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try {
                server.startup();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "aj-agi");
        t.setDaemon(true);
        t.start();
        try {
            listening.get(10, TimeUnit.SECONDS);
            startSim(SimFixtures.config(port, SimFixtures.queue("support", "ringall", 5, 1)));
            try (RawAmi ami = new RawAmi(sim.amiPort()).loginAsWire()) {
                String linkedid = await(sim.placeCall("5551234", "service"));
                assertEquals("support", ami.await(RawAmi.event("QueueCallerJoin", "Linkedid", linkedid), WAIT).get("Queue"));
                ami.action("Action: QueueStatus", "ActionID: qs");
                assertEquals("7", ami.await(RawAmi.event("QueueEntry"), WAIT).get("Priority"));
            }
        } finally {
            server.shutdown();
        }
    }
}

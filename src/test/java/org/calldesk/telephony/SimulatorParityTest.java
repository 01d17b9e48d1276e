package org.calldesk.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.parsetools.RecordParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.platform.Config;
import org.calldesk.sim.SimSettings;
import org.calldesk.sim.SwitchSimulator;
import org.calldesk.telephony.AgentDirectory.AgentLine;
import org.calldesk.testing.Await;
import org.calldesk.testing.Captures;
import org.calldesk.testing.FakeAmi;
import org.calldesk.testing.QuietLogs;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The same answered call, once as real Asterisk 22 sent it to calldesk (the first call of
 * asterisk-22-calldesk-session.ami: +8613800138000 to vip, Local/1001@agents of vip, service and complaints answers
 * and hangs up) and once as the switch simulator makes it, each read by the real AmiBridge into LiveCalls and
 * AgentPresence. What calldesk derives must not tell them apart.
 */
@ServerTest
class SimulatorParityTest {

    static {
        QuietLogs.apply();
    }

    static final String CAPTURE = "telephony-samples/asterisk-22-calldesk-session.ami";
    static final String REAL_CALL = "Linkedid: 1796132833.0";
    static final String AGENT = "Local/1001@agents";
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SENTINEL = "Local/replay-done@test";

    Vertx vertx;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        await(vertx.close());
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /**
     * What calldesk shows after each event of the call it reads (the call's own events and the members' status), as
     * "Event: call phase / agent activity": the same list from both means the same states, step by step, in the same
     * order among the same events.
     */
    static final class Steps {
        final List<String> all = new CopyOnWriteArrayList<>();
        private volatile LiveCall call;

        Steps(AmiBridge bridge, LiveCalls live, AgentPresence presence) {
            live.subscribe(change -> call = change.call());
            // Subscribed after LiveCalls: each step is read once the event has been applied everywhere.
            bridge.onEvent(event -> {
                boolean ofCall = event instanceof CallEvent.OfCall
                    || event instanceof CallEvent.QueueMemberStatus s && !SENTINEL.equals(s.iface());
                if (ofCall) {
                    all.add(event.getClass().getSimpleName() + ": " + (call == null ? "no call" : call.phase().name())
                        + " / " + presence.state(AGENT).activity().name());
                }
            });
        }

        /** The states alone, each written once however many events kept it. */
        List<String> states() {
            return collapse(all.stream().map(s -> s.substring(s.indexOf(": ") + 2)).toList());
        }

        boolean callDone() {
            return all.stream().anyMatch(s -> s.contains(": COMPLETED"));
        }
    }

    /** The capture's broadcast events up to the call's last Hangup, streamed to the bridge by a fake Asterisk. */
    Steps realSteps() throws Exception {
        String capture = new String(Captures.resource(CAPTURE), StandardCharsets.UTF_8);
        String[] frames = capture.split("\r\n\r\n");
        int last = 0;
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].startsWith("Event: Hangup\r\n") && frames[i].contains(REAL_CALL + "\r\n")) {
                last = i;
            }
        }
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i <= last; i++) {
            if (frames[i].startsWith("Event: ") && frames[i].contains("\r\nPrivilege: ")) {
                stream.writeBytes((frames[i] + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        stream.writeBytes(("Event: QueueMemberStatus\r\nPrivilege: agent,all\r\nQueue: sentinel\r\nMemberName: done\r\n"
            + "Interface: " + SENTINEL + "\r\nStatus: 1\r\nPaused: 0\r\nPausedReason: \r\nInCall: 0\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
        try (FakeAmi ami = new FakeAmi("s3cret")) {
            ami.streamAfterResync(stream.toByteArray());
            LiveCalls live = new LiveCalls();
            AmiBridge bridge = new AmiBridge(TelephonyConfig.from(Captures.config(ami.port(), "s3cret")));
            bridge.onEvent(live::accept);
            AgentPresence presence = new AgentPresence(bridge, live);
            Steps steps = new Steps(bridge, live, presence);
            String id = await(vertx.deployVerticle(bridge));
            Await.until("the capture to be read", WAIT, () -> live.members().stream()
                .anyMatch(m -> SENTINEL.equals(m.iface())));
            await(vertx.undeploy(id));
            return steps;
        }
    }

    /** The same call made by the simulator, with the shipped queues, the agent going available as calldesk does it. */
    Steps simulatorSteps() throws Exception {
        int agiPort = await(routeToVip());
        int amiPort = EmbeddedServices.freePort();
        JsonObject config = Config.merge(Config.defaults(), new JsonObject()
            .put("telephony", new JsonObject()
                .put("ami", new JsonObject().put("host", "127.0.0.1").put("port", amiPort).put("action_timeout_ms", 2000))
                .put("agi", new JsonObject().put("host", "127.0.0.1").put("port", agiPort))
                .put("reconnect", new JsonObject().put("min_ms", 100).put("max_ms", 400))
                .put("sim", new JsonObject().put("ami_port", amiPort).put("answer_after_ms", 300)
                    .put("talk_ms_fixed", 600).put("patience_s_mean", 0)))
            .put("demo", new JsonObject().put("calls_per_minute", 0)));
        SwitchSimulator sim = new SwitchSimulator(vertx, SimSettings.from(config));
        await(sim.start());
        LiveCalls live = new LiveCalls();
        AmiBridge bridge = new AmiBridge(TelephonyConfig.from(config));
        bridge.onEvent(live::accept);
        AgentPresence presence = new AgentPresence(bridge, live);
        Steps steps = new Steps(bridge, live, presence);
        String id = await(vertx.deployVerticle(bridge));
        try {
            Await.until("the bridge to log in as calldesk's user", WAIT, bridge::isUp);
            AgentLine agent = new AgentLine(1, "agent1", "Agent 1", AGENT, List.of("vip", "service", "complaints"));
            await(presence.available(agent));
            Await.until("the agent in three queues", WAIT, () -> presence.state(AGENT).queues().size() == 3);
            await(sim.placeCall("+8613800138000", "service"));
            Await.until("the call to end", WAIT, () -> steps.callDone() && sim.callsCompleted() == 1);
            // The agent's logout is read after every event of the call: the steps are complete when it shows.
            await(presence.loggedOut(agent));
            Await.until("the agent to leave", WAIT, () -> !presence.state(AGENT).loggedIn());
            return steps;
        } finally {
            await(vertx.undeploy(id));
            await(sim.stop());
        }
    }

    /** calldesk's route script, reduced to its answer for this caller: queue vip. */
    Future<Integer> routeToVip() {
        NetServer server = vertx.createNetServer();
        server.connectHandler(socket -> {
            int[] replies = {-1};
            socket.handler(RecordParser.newDelimited("\n", line -> {
                if (replies[0] < 0 && line.length() == 0) {
                    replies[0] = 0;
                    socket.write(Buffer.buffer("SET VARIABLE \"CALLDESK_QUEUE\" \"vip\"\nSET VARIABLE \"QUEUE_PRIO\" \"30\"\n"));
                } else if (replies[0] >= 0 && ++replies[0] == 2) {
                    socket.close();
                }
            }));
        });
        return server.listen(0, "127.0.0.1").map(NetServer::actualPort);
    }

    @Test
    @DisplayName("calldesk derives the same call phases and agent activities, event by event, from the real and the simulated call")
    void sameStatesFromRealAndSimulatedCall() throws Exception {
        List<String> real = realSteps().all;
        List<String> simulated = simulatorSteps().all;
        assertEquals(real, simulated, "real " + real + "\nsimulated " + simulated);
        List<String> phases = collapse(real.stream().map(s -> s.substring(s.indexOf(": ") + 2).split(" / ")[0]).toList());
        assertEquals(List.of("QUEUED", "RINGING", "CONNECTED", "COMPLETED"), phases, "the call's phases: " + real);
        assertTrue(real.get(real.size() - 1).endsWith("COMPLETED / AVAILABLE"), "free once the call ended: " + real);
    }

    /**
     * Needs the i9-ring fix in telephony: at ring time Asterisk reports the Local member in use (Status 2) in each of
     * its queues, which calldesk must not read as "on call" while the call still rings.
     */
    @Test
    @DisplayName("a ringing agent stays ringing until answered, from the real call and the simulated one alike")
    void ringingAgentIsRingingUntilAnswered() throws Exception {
        for (Steps steps : List.of(realSteps(), simulatorSteps())) {
            List<String> states = steps.states();
            assertEquals(List.of("AVAILABLE", "RINGING", "ON_CALL", "AVAILABLE"),
                collapse(states.stream().map(s -> s.split(" / ")[1]).toList()), "the agent's activities: " + states);
            assertTrue(states.stream().filter(s -> s.startsWith("RINGING")).allMatch(s -> s.endsWith("/ RINGING")),
                "while the call rings the agent is ringing: " + states);
        }
    }

    /** Consecutive repeats dropped, and the moments before the call ("no call") left out of its phases. */
    static List<String> collapse(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (!v.equals("no call") && (out.isEmpty() || !out.get(out.size() - 1).equals(v))) {
                out.add(v);
            }
        }
        return out;
    }
}

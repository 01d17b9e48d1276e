package org.calldesk.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.response.ManagerResponse;
import org.calldesk.telephony.AgentStatus.Activity;
import org.calldesk.telephony.LiveCall.Outcome;
import org.calldesk.testing.Captures;
import org.calldesk.testing.QuietLogs;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * calldesk's own session against a real Asterisk 22.10.1, replayed through the bridge with {@link AgentPresence}
 * listening: every agent a call rings is ringing until it answers, on call until the call ends, then free again.
 */
@ExtendWith(VertxExtension.class)
@ServerTest
class AgentRingingReplayTest {

    static {
        QuietLogs.apply();
    }

    private static final String SESSION = "asterisk-22-calldesk-session.ami";
    /** The one call of the session that rang the account manager straight from the route, without a queue. */
    private static final String MANAGER_CALL = "1796133280.98";
    private static final String MANAGER = "Local/1002@agents";

    /** The replay as the bridge applied it: each call change, then the agent statuses it moved. */
    private sealed interface Step {}

    private record CallStep(CallEvent cause, LiveCall call, boolean ended) implements Step {}

    private record StatusStep(AgentStatus status) implements Step {}

    /** Presence never sends an action during a replay; the link it would use is not there. */
    private static final AmiActions NO_ACTIONS = new AmiActions() {
        @Override
        public boolean isUp() {
            return false;
        }

        @Override
        public String lastError() {
            return "replay";
        }

        @Override
        public Future<ManagerResponse> send(ManagerAction action) {
            return Future.failedFuture(new IllegalStateException("replay"));
        }
    };

    @Test
    @DisplayName("in the real session each queue call shows its agent ringing (though Asterisk says 'in use'), then on call, then free")
    void queueCallsLocalMembers(Vertx vertx, VertxTestContext ctx) throws Exception {
        List<Step> steps = new CopyOnWriteArrayList<>();
        Captures.replay(vertx, SESSION, live -> record(live, steps, null))
            .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                assertEquals(23, queueCallsChecked(steps), "the session's answered queue calls");
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("the same session from PJSIP phones (ringing 6 while rung, in use 2 once picked up) reads the same way")
    void queueCallsPjsipMembers(Vertx vertx, VertxTestContext ctx) throws Exception {
        List<Step> steps = new CopyOnWriteArrayList<>();
        byte[] pjsip = asPjsip(Captures.resource("telephony-samples/" + SESSION));
        Captures.replay(vertx, pjsip, live -> record(live, steps, null))
            .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                assertEquals(23, queueCallsChecked(steps), "the session's answered queue calls");
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("the account manager dialled from the route rings, is on call once Dial answers, is free after; the call never queued")
    void accountManager(Vertx vertx, VertxTestContext ctx) throws Exception {
        List<Step> steps = new CopyOnWriteArrayList<>();
        RouteInfo route = new RouteInfo(7L, "gold", 20, "account manager first", "service", "service", MANAGER, "");
        Captures.replay(vertx, SESSION, live -> record(live, steps, route))
            .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                int dialled = index(steps, MANAGER_CALL, CallEvent.DialBegin.class, 0);
                int answered = index(steps, MANAGER_CALL, CallEvent.DialEnd.class, dialled);
                int ended = endIndex(steps, MANAGER_CALL);
                assertPhases(steps, MANAGER, MANAGER_CALL, dialled, answered, ended);

                LiveCall call = ((CallStep) steps.get(ended)).call();
                assertEquals(Outcome.ANSWERED, call.outcome());
                assertEquals(MANAGER, call.agentInterface());
                assertNull(call.queue(), "answered in the route, so it never queued");
                assertNull(call.joinedAt());
                assertEquals("service", call.route().queue(), "the queue it would have gone to stays in its route");
                ctx.completeNow();
            })));
    }

    /** Steps are recorded in the bridge's order: the call change first, then the statuses presence derived from it. */
    private static void record(LiveCalls live, List<Step> steps, RouteInfo managerRoute) {
        live.subscribe(change -> steps.add(new CallStep(change.cause(), change.call(), change.ended())));
        AgentPresence presence = new AgentPresence(NO_ACTIONS, live);
        presence.onChange(status -> steps.add(new StatusStep(status)));
        if (managerRoute != null) {
            routeWithFirstCall(live, new CallEvent.Routed(Instant.now(), MANAGER_CALL, MANAGER_CALL, "+8613800138002",
                managerRoute));
        }
    }

    /**
     * The capture has no FastAGI, so the route script's decision is handed in as the script would: while the link
     * is up, after the resync at connect (which ends every call the PBX no longer lists, and the fake lists none).
     * The session's first call proves the link up; the route is stamped with that moment.
     */
    private static void routeWithFirstCall(LiveCalls live, CallEvent.Routed routed) {
        boolean[] sent = {false};
        live.subscribe(change -> {
            if (!sent[0]) {
                sent[0] = true;
                live.accept(new CallEvent.Routed(change.cause().at(), routed.linkedid(), routed.uniqueid(),
                    routed.callerNumber(), routed.route()));
            }
        });
    }

    /** Checks every answered queue call of the first pass (the second finds them ended); returns how many. */
    private static int queueCallsChecked(List<Step> steps) {
        int checked = 0;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof CallStep step && step.cause() instanceof CallEvent.AgentConnect connect) {
                String linkedid = step.call().linkedid();
                int rung = index(steps, linkedid, CallEvent.AgentCalled.class, 0);
                assertEquals(connect.iface(), ((CallEvent.AgentCalled) ((CallStep) steps.get(rung)).cause()).iface(),
                    "rung and answered by the same member in " + linkedid);
                assertPhases(steps, connect.iface(), linkedid, rung, i, endIndex(steps, linkedid));
                checked++;
            }
        }
        return checked;
    }

    /**
     * From the ring to the answer the agent is ringing (not on call, not free); from the answer to the end on call;
     * after the end, once the phone is put down, free.
     */
    private static void assertPhases(List<Step> steps, String iface, String linkedid, int rung, int answered,
                                     int ended) {
        List<AgentStatus> ringing = statuses(steps, iface, rung, answered);
        assertFalse(ringing.isEmpty(), "the ring of " + linkedid + " moved " + iface);
        for (AgentStatus s : ringing) {
            assertEquals(Activity.RINGING, s.activity(), "while " + linkedid + " rings " + iface + ": " + ringing);
            assertTrue(s.busy() && !s.free());
        }
        List<AgentStatus> talking = statuses(steps, iface, answered, ended + 1);
        assertFalse(talking.isEmpty(), "the answer of " + linkedid + " moved " + iface);
        talking.forEach(s -> assertEquals(Activity.ON_CALL, s.activity(), "while " + iface + " talks in " + linkedid));
        AgentStatus after = statuses(steps, iface, ended + 1, steps.size()).stream()
            .filter(s -> s.activity() != Activity.ON_CALL).findFirst().orElseThrow();
        assertEquals(Activity.AVAILABLE, after.activity(), iface + " after " + linkedid);
        assertTrue(after.free());
    }

    private static List<AgentStatus> statuses(List<Step> steps, String iface, int from, int to) {
        List<AgentStatus> found = new ArrayList<>();
        for (Step step : steps.subList(from, to)) {
            if (step instanceof StatusStep s && s.status().iface().equalsIgnoreCase(iface)) {
                found.add(s.status());
            }
        }
        return found;
    }

    private static int index(List<Step> steps, String linkedid, Class<? extends CallEvent> cause, int from) {
        for (int i = from; i < steps.size(); i++) {
            if (steps.get(i) instanceof CallStep s && !s.ended() && cause.isInstance(s.cause())
                && s.call().linkedid().equals(linkedid)) {
                return i;
            }
        }
        throw new AssertionError("no " + cause.getSimpleName() + " changed " + linkedid);
    }

    private static int endIndex(List<Step> steps, String linkedid) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof CallStep s && s.ended() && s.call().linkedid().equals(linkedid)) {
                return i;
            }
        }
        throw new AssertionError(linkedid + " never ended");
    }

    private static final Pattern FIELD = Pattern.compile("(?m)^([A-Za-z]+): ?(.*?)\r?$");

    /**
     * The session as PJSIP phones would have sent it: no such capture exists (chan_pjsip was not built), so the real
     * one is rewritten the way Asterisk reports a SIP device. While a leg to the phone is dialled its members say
     * 6 (ringing) where a Local member says 2; once the leg is answered they say 2 (in use), which app_queue posts
     * after DialEnd and before AgentConnect, as the older core-show-channels capture shows.
     */
    private static byte[] asPjsip(byte[] capture) {
        String text = new String(capture, StandardCharsets.UTF_8).replaceAll("Local/(100\\d)@agents", "PJSIP/$1");
        Map<String, List<String>> ringingStatuses = new HashMap<>();
        StringBuilder out = new StringBuilder();
        for (String message : text.split("\r\n\r\n", -1)) {
            Map<String, String> fields = fields(message);
            String event = fields.getOrDefault("Event", "");
            String dialled = CallEvent.interfaceOf(fields.get("DestChannel"));
            if (event.equals("DialBegin") && dialled != null) {
                ringingStatuses.put(dialled, new ArrayList<>());
            }
            String member = fields.get("Interface");
            if (event.equals("QueueMemberStatus") && ringingStatuses.containsKey(member)
                && "2".equals(fields.get("Status"))) {
                message = message.replace("\r\nStatus: 2\r\n", "\r\nStatus: 6\r\n");
                ringingStatuses.get(member).add(message);
            }
            out.append(message).append("\r\n\r\n");
            if (event.equals("DialEnd") && dialled != null) {
                List<String> rung = ringingStatuses.remove(dialled);
                if (rung != null && "ANSWER".equals(fields.get("DialStatus"))) {
                    rung.forEach(m -> out.append(m.replace("\r\nStatus: 6\r\n", "\r\nStatus: 2\r\n"))
                        .append("\r\n\r\n"));
                }
            }
        }
        out.setLength(out.length() - 4);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> fields(String message) {
        Map<String, String> fields = new HashMap<>();
        Matcher m = FIELD.matcher(message);
        while (m.find()) {
            fields.putIfAbsent(m.group(1), m.group(2));
        }
        return fields;
    }
}

package org.calldesk.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.calldesk.platform.Config;
import org.calldesk.telephony.Dialplan;
import org.calldesk.telephony.Dialplan.Step;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The simulator plays the hotline of telephony/asterisk/extensions.conf (sim.Hotline) and click-to-call's
 * calldesk-outbound (sim.OutboundDial); a change to one goes with a change to the other. The simulator exposes no names of its own, so it is asked by behaviour: the FastAGI
 * requests its callers make, and which answer variables it acts on, against what the dialplan does.
 */
@ServerTest
class HotlineAgreesWithDialplanTest extends SimTestBase {

    private static final String HOTLINE = "calldesk-hotline";
    private static final String ROUTE = "calldesk-route";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private static Dialplan plan;

    @BeforeAll
    static void load() throws IOException {
        plan = Dialplan.load();
    }

    @Test
    @DisplayName("the simulator's callers, over all their menu choices, make the FastAGI requests the dialplan's menu keys make")
    void menuChoicesMakeTheSameRequests() throws Exception {
        Set<List<String>> dialplan = new HashSet<>();
        for (String key : plan.extensions(HOTLINE)) {
            if (key.matches("[0-9]")) {
                dialplan.add(firstRequest(plan.steps(HOTLINE, key).getFirst()));
            }
        }
        startAgi(h -> h.get("agi_network_script").startsWith("route?") ? FakeAgiServer.route("service", 0, "") : List.of());
        JsonObject config = SimFixtures.config(agiPort, SimFixtures.queue("service", "ringall", 5, 1));
        // The secret as the dialplan's [globals] has it, so that the requests compare whole, query included.
        config.getJsonObject("telephony").getJsonObject("agi").put("secret", plan.globals().get("CALLDESK_AGI_SECRET"));
        startSim(config);
        Set<List<String>> simulated = new HashSet<>();
        try (RawAmi ami = new RawAmi(sim.amiPort()).login()) {
            // The menu choices the simulator's generated callers make.
            for (String choice : SimSettings.from(Config.defaults()).ivrMix().keySet()) {
                String linkedid = await(sim.placeCall("5551234", choice));
                // Queued or hung up: either way its FastAGI session is over.
                ami.await(f -> linkedid.equals(f.get("Linkedid"))
                    && ("QueueCallerJoin".equals(f.get("Event")) || "Hangup".equals(f.get("Event"))), WAIT);
                Map<String, String> headers = agi.sessions.getLast().headers();
                List<String> request = new ArrayList<>(List.of(headers.get("agi_network_script")));
                for (int i = 1; headers.containsKey("agi_arg_" + i); i++) {
                    request.add(headers.get("agi_arg_" + i));
                }
                request.add("@" + headers.get("agi_context") + "," + headers.get("agi_priority"));
                simulated.add(request);
            }
        }
        assertEquals(dialplan, simulated, "[script, arguments, @context,step] of the dialplan's menu keys against the simulator's menu choices");
    }

    @Test
    @DisplayName("the simulator takes queue, priority and account manager from the variables the dialplan's Queue() and Dial() read")
    void routeAnswerVariables() throws Exception {
        String queueVar = onlyVariable(routeStep("Queue").args().get(0));
        String agentVar = onlyVariable(routeStep("Dial").args().get(0));
        // Queue() reads QUEUE_PRIO by that name; the dialplan must give it its default.
        assertTrue(plan.steps().stream().anyMatch(s -> Dialplan.assignment(s).map(e -> e.getKey().equals("QUEUE_PRIO")).orElse(false)),
            "the dialplan sets QUEUE_PRIO before Queue()");
        startAgi(h -> List.of(
            "SET VARIABLE \"" + queueVar + "\" \"waiting\"",
            "SET VARIABLE \"QUEUE_PRIO\" \"7\"",
            "SET VARIABLE \"" + agentVar + "\" \"" + (h.get("agi_callerid").equals("5550002") ? "Local/2001@agents" : "") + "\""));
        startSim(SimFixtures.config(agiPort, SimFixtures.queue("service", "ringall", 5, 1), SimFixtures.queue("waiting", "ringall", 5, 1)));
        try (RawAmi ami = new RawAmi(sim.amiPort()).login()) {
            String queued = await(sim.placeCall("5550001", "service"));
            assertEquals("waiting", ami.await(RawAmi.event("QueueCallerJoin", "Linkedid", queued), WAIT).get("Queue"),
                "the queue named in " + queueVar);
            ami.action("Action: QueueStatus", "ActionID: qs", "Queue: waiting");
            assertEquals("7", ami.await(f -> "QueueEntry".equals(f.get("Event")) && "qs".equals(f.get("ActionID")), WAIT).get("Priority"));

            String managed = await(sim.placeCall("5550002", "service"));
            Map<String, String> dial = ami.await(f -> "DialBegin".equals(f.get("Event")) && managed.equals(f.get("Linkedid"))
                && "2001@agents".equals(f.get("DialString")), WAIT); // app_dial writes the dial string without its technology
            assertEquals(managed, dial.get("Linkedid"));
        }
    }

    @Test
    @DisplayName("the simulator rings the account manager as long as the dialplan's Dial() does")
    void accountManagerRingTime() {
        String seconds = routeStep("Dial").args().get(1).strip();
        assertEquals(Long.parseLong(seconds) * 1000, SimSettings.from(Config.defaults()).agentDialMs(),
            "telephony.sim.agent_dial_ms against Dial(...," + seconds + ") in [" + ROUTE + "]");
    }

    @Test
    @DisplayName("the simulator's click-to-call runs calldesk-outbound step for step, with the dialplan's global hotline"
        + " caller ID and dial string")
    void clickToCallRunsTheOutboundContext() throws Exception {
        String number = "+8613910000042";
        Map<String, String> vars = new HashMap<>(plan.globals());
        vars.put("EXTEN", number);
        List<String> dialplan = plan.steps("calldesk-outbound", "_+X.").stream()
            .map(s -> step(s.priority(), s.app(), substitute(s.data(), vars))).toList();

        startSim(SimFixtures.config(SimFixtures.freePort()));
        // Unanswered, so that the context goes on to its last step.
        sim.customer(number).autoAnswer(false);
        try (RawAmi lab = new RawAmi(sim.amiPort()).loginAsLab()) {
            // As calldesk sends it when telephony.originate.caller_id is empty: no CALLDESK_HOTLINE_CID of its own.
            lab.action("Action: Originate", "ActionID: c2c", "Channel: PJSIP/1001", "Context: calldesk-outbound",
                "Exten: " + number, "Priority: 1", "Timeout: 300", "Async: true");
            String leg = lab.await(RawAmi.event("OriginateResponse"), WAIT).get("Channel");
            lab.await(RawAmi.event("Hangup", "Channel", leg), WAIT);
            List<String> simulated = lab.frames().stream().filter(RawAmi.event("Newexten", "Channel", leg))
                .filter(f -> "calldesk-outbound".equals(f.get("Context")))
                .map(f -> step(Integer.parseInt(f.get("Priority")), f.get("Application"), f.get("AppData"))).toList();
            assertEquals(dialplan, simulated, "priority, application and data of each step");
        }
    }

    /** A step as compared: Dial's ring time aside, which the simulator takes from the Originate's Timeout. */
    private static String step(int priority, String app, String data) {
        return priority + " " + app + "(" + (app.equals("Dial") ? Dialplan.split(data, ',').getFirst() : data) + ")";
    }

    /** Follows a menu key (Set, Goto, the fall-through of GotoIf) to its first AGI: [script, arguments as sent]. */
    private static List<String> firstRequest(Step start) {
        Map<String, String> vars = new HashMap<>(plan.globals());
        Step step = start;
        for (int hops = 0; hops < 100; hops++) {
            Step s = step.inner();
            Dialplan.assignment(s).ifPresent(e -> vars.put(e.getKey(), e.getValue()));
            if (s.app().equals("AGI")) {
                List<String> request = new ArrayList<>();
                for (String arg : s.args()) {
                    request.add(substitute(arg, vars));
                }
                String url = request.removeFirst();
                request.addFirst(url.substring(url.lastIndexOf('/') + 1));
                // Where the script runs is part of the contract too: Asterisk says so in agi_context and agi_priority.
                request.add("@" + s.context() + "," + s.priority());
                return request;
            }
            Optional<Step> next = s.app().equals("Goto") ? plan.find(plan.target(s, s.data())) : plan.next(s);
            step = next.orElseThrow(() -> new AssertionError("no AGI after " + start.where()));
        }
        throw new AssertionError("no AGI within 100 steps of " + start.where());
    }

    private static String substitute(String text, Map<String, String> vars) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(vars.getOrDefault(m.group(1), "")));
        }
        return m.appendTail(out).toString();
    }

    private static Step routeStep(String app) {
        List<Step> steps = plan.steps(ROUTE, "s").stream().filter(s -> s.app().equals(app)).toList();
        assertEquals(1, steps.size(), "one " + app + "() in [" + ROUTE + "] s: " + steps);
        return steps.getFirst();
    }

    private static String onlyVariable(String arg) {
        Matcher m = VARIABLE.matcher(arg.strip());
        assertTrue(m.matches(), arg + " is one ${VARIABLE}");
        return m.group(1);
    }
}

package org.calldesk.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.calldesk.TestServer;
import org.calldesk.platform.Config;
import org.calldesk.routing.IvrChoice;
import org.calldesk.telephony.Dialplan.Step;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * extensions.conf and calldesk meet only by names: FastAGI script names, the channel variables the scripts set
 * and the dialplan reads, the route choices, the click-to-call context. A rename on one side alone fails no
 * call until a caller is silently routed to the default queue, so here a running calldesk is asked every script
 * the dialplan calls, and the names are compared.
 */
@ServerTest
class DialplanAgreesWithCalldeskTest {

    /** What calldesk's own variables look like; AGISTATUS and friends belong to Asterisk and Asterisk-Java. */
    private static final Pattern OURS = Pattern.compile("CALLDESK_[A-Z0-9_]+|QUEUE_PRIO");
    private static final Pattern README_VARIABLE = Pattern.compile("`(" + OURS.pattern() + ")`");
    private static final String ASTERISK_JAVA_STATUS = "AJ_AGISTATUS";
    private static final String CALLER = "13569990901";

    private static Dialplan plan;
    /** Script → what calldesk set when asked, Asterisk-Java's status included. */
    private static final Map<String, Map<String, String>> answers = new TreeMap<>();

    @BeforeAll
    static void askCalldesk() throws Exception {
        plan = Dialplan.load();
        int port = TestServer.get().server.config().getJsonObject("telephony").getJsonObject("agi").getInteger("port");
        int call = 0;
        for (Dialplan.Agi agi : plan.agiCalls()) {
            if (!answers.containsKey(agi.script())) {
                String arg = agi.args().isEmpty() ? "" : routeChoices().iterator().next();
                answers.put(agi.script(), AgiClient.converse(port,
                    AgiClient.request(port, agi.script(), CALLER, "1796100000." + call++, arg)));
            }
        }
        answers.put("no-such-script", AgiClient.converse(port,
            AgiClient.request(port, "no-such-script", CALLER, "1796100000." + call, "")));
    }

    @Test
    @DisplayName("calldesk serves every FastAGI script the dialplan calls (and says NOT_FOUND for one it does not have)")
    void everyScriptServed() {
        answers.forEach((script, vars) -> assertEquals(script.equals("no-such-script") ? "NOT_FOUND" : "SUCCESS",
            vars.get(ASTERISK_JAVA_STATUS), "AGI(${CALLDESK_AGI}/" + script + ") answered " + vars));
    }

    @Test
    @DisplayName("each variable a context reads after its script, and does not set itself, is one that script sets")
    void dialplanReadsWhatScriptsSet() {
        Set<String> ownValues = givenValueByDialplan();
        for (Dialplan.Agi agi : plan.agiCalls()) {
            Set<String> expected = new TreeSet<>();
            for (String exten : plan.extensions(agi.step().context())) {
                plan.steps(agi.step().context(), exten).forEach(s -> expected.addAll(ours(Dialplan.variablesRead(s))));
            }
            expected.removeAll(ownValues);
            Set<String> set = ours(answers.get(agi.script()).keySet());
            expected.removeAll(set);
            assertEquals(Set.of(), expected, "[" + agi.step().context() + "] reads these, but calldesk's "
                + agi.script() + " script does not set them (it sets " + set + ")");
        }
    }

    @Test
    @DisplayName("every calldesk variable the dialplan reads is set by the dialplan or by one of calldesk's scripts")
    void noVariableFromNowhere() {
        Set<String> known = givenValueByDialplan();
        answers.values().forEach(vars -> known.addAll(vars.keySet()));
        Set<String> unknown = new TreeSet<>();
        plan.steps().forEach(s -> unknown.addAll(ours(Dialplan.variablesRead(s))));
        unknown.removeAll(known);
        assertEquals(Set.of(), unknown, "read by extensions.conf, set by nobody");
    }

    @Test
    @DisplayName("every variable calldesk's scripts set is read by the dialplan (QUEUE_PRIO by Queue() itself)")
    void noVariableForNobody() {
        Set<String> read = new TreeSet<>();
        plan.steps().forEach(s -> read.addAll(Dialplan.variablesRead(s)));
        if (plan.steps().stream().anyMatch(s -> s.app().equals("Queue"))) {
            read.add("QUEUE_PRIO");
        }
        Set<String> unread = new TreeSet<>();
        answers.values().forEach(vars -> unread.addAll(ours(vars.keySet())));
        unread.removeAll(read);
        assertEquals(Set.of(), unread, "set by calldesk, never read by extensions.conf");
    }

    @Test
    @DisplayName("telephony/README.md's FastAGI table names exactly the scripts and variables calldesk serves")
    void readmeTableMatches() throws IOException {
        Map<String, Set<String>> documented = new TreeMap<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(Path.of("telephony", "README.md"), StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## FastAGI scripts and the variables they set");
            } else if (inSection && line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                String script = cells[1].strip().replace("`", "");
                Set<String> vars = new TreeSet<>();
                Matcher m = README_VARIABLE.matcher(cells[cells.length - 1]);
                while (m.find()) {
                    vars.add(m.group(1));
                }
                documented.put(script, vars);
            }
        }
        Map<String, Set<String>> served = new TreeMap<>();
        answers.forEach((script, vars) -> {
            if (!script.equals("no-such-script")) {
                served.put(script, ours(vars.keySet()));
            }
        });
        assertEquals(served, documented);
    }

    @Test
    @DisplayName("the choices the dialplan passes to route are IVR choices calldesk knows, each with a queue in routing.queues")
    void routeChoicesKnown() {
        JsonObject queues = Config.defaults().getJsonObject("routing").getJsonObject("queues");
        Set<String> choices = routeChoices();
        assertTrue(!choices.isEmpty(), "the dialplan passes route a choice");
        for (String choice : choices) {
            assertTrue(IvrChoice.parse(choice) != IvrChoice.UNKNOWN, choice + " is not an IvrChoice");
            assertTrue(queues.containsKey(choice), choice + " has no queue in routing.queues");
        }
    }

    @Test
    @DisplayName("telephony.originate.context, where click-to-call lands, is a context of the dialplan")
    void originateContextExists() {
        String context = Config.defaults().getJsonObject("telephony").getJsonObject("originate").getString("context");
        assertTrue(plan.contexts().contains(context), context + " is not in extensions.conf: " + plan.contexts());
    }

    /** The values the dialplan gives the variable it passes to route, e.g. Set(CALLDESK_CHOICE=service). */
    private static Set<String> routeChoices() {
        Set<String> variables = new TreeSet<>();
        plan.agiCalls().stream().filter(a -> a.script().equals("route") && !a.args().isEmpty())
            .forEach(a -> variables.addAll(Dialplan.variablesRead(new Step("", "", 0, null, "", a.args().get(0), 0))));
        Set<String> values = new TreeSet<>();
        for (Step s : plan.steps()) {
            Dialplan.assignment(s).filter(e -> variables.contains(e.getKey()) && !e.getValue().isEmpty())
                .ifPresent(e -> values.add(e.getValue()));
        }
        return values;
    }

    /** Names the dialplan itself gives a non-empty value, [globals] included; Set(X=) only clears. */
    private static Set<String> givenValueByDialplan() {
        Set<String> names = new TreeSet<>(plan.globals().keySet());
        for (Step s : plan.steps()) {
            Dialplan.assignment(s).filter(e -> !e.getValue().isEmpty()).ifPresent(e -> names.add(e.getKey()));
        }
        return names;
    }

    private static Set<String> ours(Set<String> names) {
        Set<String> out = new TreeSet<>();
        names.stream().filter(n -> OURS.matcher(n).matches()).forEach(out::add);
        return out;
    }
}

package org.calldesk.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.calldesk.telephony.Dialplan.Step;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A missing prompt must never end a call. The complaint-status readout used to hang up on callers whose language
 * had no digits/ sounds (SayUnixTime failed, and a failing application ends the call before "press 1 to speak to
 * someone"). What each application does when a sound file is missing was read in Asterisk 18–22's source.
 */
class HotlineDialplanTest {

    /** Return an error when a sound file is missing, which ends the call (pbx_builtins.c, app_sayunixtime.c). */
    static final Set<String> FAIL_WITHOUT_SOUND = Set.of("SayNumber", "SayDigits", "SayAlpha", "SayAlphaCase",
        "SayPhonetic", "SayOrdinal", "SayMoney", "SayUnixTime", "DateTime", "SayCountedNoun", "SayCountedAdj");

    /** Go on when a file is missing, setting PLAYBACKSTATUS / BACKGROUNDSTATUS to FAILED (app_playback.c, pbx_builtins.c). */
    static final Set<String> GO_ON_WITHOUT_SOUND = Set.of("Playback", "Background");

    /**
     * Play no file the dialplan names. Queue and VoiceMail play Asterisk's own sounds (telephony/README.md says which);
     * TryExec is looked into.
     */
    static final Set<String> NO_NAMED_SOUND = Set.of("NoOp", "Set", "Answer", "Goto", "GotoIf", "GotoIfTime", "Gosub",
        "Return", "WaitExten", "AGI", "Verbose", "Dial", "Queue", "VoiceMail", "Hangup", "TryExec");

    private static final String STATUS = "calldesk-status";
    private static final String OFFER_PROMPT = "calldesk/status-offer-agent";
    private static final Path README = Path.of("telephony", "README.md");

    private static Dialplan plan;

    @BeforeAll
    static void load() throws IOException {
        plan = Dialplan.load();
    }

    @Test
    @DisplayName("every application the dialplan runs is known here: whether a missing sound ends the call was checked for it")
    void everyApplicationClassified() {
        List<String> unknown = new ArrayList<>();
        for (Step step : plan.steps()) {
            for (Step s : List.of(step, step.inner())) {
                if (!FAIL_WITHOUT_SOUND.contains(s.app()) && !GO_ON_WITHOUT_SOUND.contains(s.app()) && !NO_NAMED_SOUND.contains(s.app())) {
                    unknown.add(s.where());
                }
            }
        }
        assertEquals(List.of(), unknown, "read the application's source: does it return an error when a sound file is missing?");
    }

    @Test
    @DisplayName("SayNumber, SayUnixTime and the other Say applications run only inside TryExec: one missing digits/ file would end the call")
    void sayRunsInsideTryExec() {
        List<String> bare = plan.steps().stream().filter(s -> FAIL_WITHOUT_SOUND.contains(s.app())).map(Step::where).toList();
        assertEquals(List.of(), bare, "wrap these in TryExec(...)");
        assertTrue(plan.steps().stream().anyMatch(s -> s.app().equals("TryExec") && s.inner().app().equals("SayUnixTime")),
            "the due date is still read out");
    }

    @Test
    @DisplayName("Background never runs inside TryExec, which would lose a key pressed during the prompt")
    void backgroundNotInTryExec() {
        List<String> wrapped = plan.steps().stream()
            .filter(s -> s.app().equals("TryExec") && GO_ON_WITHOUT_SOUND.contains(s.inner().app())).map(Step::where).toList();
        assertEquals(List.of(), wrapped);
    }

    @Test
    @DisplayName("the complaint-status readout reaches the offer on every path, whatever the answer and whatever prompts are missing")
    void statusReadoutReachesOffer() {
        Step start = plan.steps(STATUS, "s").getFirst();
        Step offer = offer();
        List<String> dead = new ArrayList<>();
        Set<Step> seen = new LinkedHashSet<>();
        Deque<Step> todo = new ArrayDeque<>(List.of(start));
        boolean offered = false;
        while (!todo.isEmpty()) {
            Step step = todo.pop();
            if (step.equals(offer)) {
                offered = true;
                continue;
            }
            if (!seen.add(step)) {
                continue;
            }
            Flow flow = flow(step);
            if (flow.ends() != null) {
                dead.add(step.where() + ": " + flow.ends());
            }
            flow.next().forEach(todo::push);
        }
        assertEquals(List.of(), dead, "steps of the readout that can end the call before the offer");
        assertTrue(offered, "the offer is reachable from " + start.where());
    }

    @Test
    @DisplayName("the offer waits for a key: 1 puts the caller through with route choice status, anything else or nothing says goodbye")
    void offerWaitsForKey() {
        Step offer = offer();
        assertEquals("WaitExten", plan.next(offer).map(Step::app).orElse("nothing"), "after " + offer.where());
        List<Step> one = plan.steps(STATUS, "1");
        assertTrue(one.stream().anyMatch(s -> Dialplan.assignment(s).equals(Optional.of(Map.entry("CALLDESK_CHOICE", "status")))),
            "key 1 sets CALLDESK_CHOICE=status");
        assertTrue(one.stream().anyMatch(s -> s.app().equals("Goto") && plan.target(s, s.data()).context().equals("calldesk-route")),
            "key 1 goes to calldesk-route");
        for (String exten : List.of("i", "t")) {
            assertTrue(plan.steps(STATUS, exten).stream().anyMatch(s -> Dialplan.prompts(s).contains("calldesk/goodbye")),
                "[" + STATUS + "] " + exten + " says goodbye");
        }
    }

    @Test
    @DisplayName("telephony/README.md lists exactly the sound files the dialplan names: ours to record under calldesk/, the rest stock")
    void readmeListsEveryPrompt() throws IOException {
        Map<String, String> listed = readmePrompts();
        assertEquals(new TreeSet<>(plan.prompts()), new TreeSet<>(listed.keySet()),
            "telephony/README.md, \"Named in the dialplan\", against extensions.conf");
        listed.forEach((file, from) -> assertEquals(file.startsWith("calldesk/") ? "record" : "stock", from,
            file + ": calldesk/ prompts are recorded by the operator, everything else is a stock Asterisk sound"));
    }

    /** What can follow a step of the readout, or why the call may end there. */
    private record Flow(List<Step> next, String ends) {
        static Flow to(List<Step> next) {
            return new Flow(next, null);
        }

        static Flow end(String why) {
            return new Flow(List.of(), why);
        }
    }

    private Flow flow(Step step) {
        if (step.app().equals("Hangup")) {
            return Flow.end("hangs up");
        }
        if (FAIL_WITHOUT_SOUND.contains(step.app())) {
            // Followed on as well, so that one run names every such step.
            return new Flow(following(step).next(), "ends the call when a sound file is missing; run it inside TryExec");
        }
        return switch (step.app()) {
            case "Goto" -> jump(step, step.data());
            case "GotoIf", "GotoIfTime" -> {
                List<String> branches = Dialplan.branches(step);
                List<Step> next = new ArrayList<>();
                for (String destination : branches.subList(1, 3)) {
                    Flow f = destination.isEmpty() ? following(step) : jump(step, destination);
                    if (f.ends() != null) {
                        yield f;
                    }
                    next.addAll(f.next());
                }
                yield Flow.to(next);
            }
            case "Gosub" -> {
                String why = subroutineProblem(step);
                yield why == null ? following(step) : Flow.end(why);
            }
            default -> following(step);
        };
    }

    private Flow following(Step step) {
        return plan.next(step).map(n -> Flow.to(List.of(n))).orElse(Flow.end("is the last step: the call ends after it"));
    }

    private Flow jump(Step from, String destination) {
        if (destination.contains("${")) {
            return Flow.end("jumps to a computed place");
        }
        Dialplan.Target target = plan.target(from, destination);
        Optional<Step> to = plan.find(target);
        if (to.isEmpty()) {
            return Flow.end("jumps to " + target + ", which does not exist");
        }
        if (!to.get().equals(offer()) && !(target.context().equals(from.context()) && target.exten().equals(from.exten()))) {
            return Flow.end("leaves the readout for " + to.get().where() + " before the offer");
        }
        return Flow.to(List.of(to.get()));
    }

    /** A Gosub into a context by a computed extension may land in any of its extensions: each must play and return. */
    private String subroutineProblem(Step gosub) {
        List<String> args = gosub.args();
        String context = args.get(0);
        String exten = args.get(1);
        List<String> extens = exten.contains("${") ? plan.extensions(context) : List.of(exten);
        if (extens.isEmpty()) {
            return "calls [" + context + "], which has no extensions";
        }
        for (String e : extens) {
            List<Step> body = plan.steps(context, e);
            for (Step s : body) {
                if (s.app().equals("Hangup") || FAIL_WITHOUT_SOUND.contains(s.app()) || s.app().startsWith("Goto")) {
                    return "calls " + s.where() + ", which may not return";
                }
            }
            if (body.isEmpty() || !body.getLast().app().equals("Return")) {
                return "calls [" + context + "] " + e + ", which does not end with Return()";
            }
        }
        return null;
    }

    private static Step offer() {
        List<Step> offers = plan.steps(STATUS, "s").stream().filter(s -> Dialplan.prompts(s).contains(OFFER_PROMPT)).toList();
        assertEquals(1, offers.size(), "one step of [" + STATUS + "] s plays " + OFFER_PROMPT + ": " + offers);
        return offers.getFirst();
    }

    /** The table under "### Named in the dialplan" in telephony/README.md: file → record | stock. */
    private static Map<String, String> readmePrompts() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(README, StandardCharsets.UTF_8)) {
            if (line.startsWith("#")) {
                inTable = line.strip().equals("### Named in the dialplan");
                continue;
            }
            if (inTable && line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                String file = cells[1].strip();
                files.put(file.substring(1, file.length() - 1), cells[2].strip().split("[ :,]")[0]);
            }
        }
        assertTrue(!files.isEmpty(), "telephony/README.md has a table under \"### Named in the dialplan\"");
        return files;
    }
}

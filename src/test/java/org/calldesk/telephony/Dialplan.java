package org.calldesk.telephony;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code telephony/asterisk/extensions.conf} as steps: what pbx_config would load, with the few applications the
 * tests follow (Goto, GotoIf, Gosub, TryExec, AGI, Set and the prompt players) taken apart.
 */
public final class Dialplan {

    private static final Pattern PRIORITY = Pattern.compile("(\\d+|n)(?:\\((\\w+)\\))?");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?}");
    private static final Pattern QUOTED_FILE = Pattern.compile("'([^']+)'");

    /** One priority of an extension; {@code data} is the application's argument text as written. */
    public record Step(String context, String exten, int priority, String label, String app, String data, int line) {

        public List<String> args() {
            return split(data, ',');
        }

        /** {@code TryExec(App(args))} as the step that runs App(args); any other step as itself. */
        public Step inner() {
            if (!app.equals("TryExec")) {
                return this;
            }
            int open = data.indexOf('(');
            if (open < 0 || !data.endsWith(")")) {
                return new Step(context, exten, priority, label, data.strip(), "", line);
            }
            return new Step(context, exten, priority, label, data.substring(0, open).strip(),
                data.substring(open + 1, data.length() - 1), line);
        }

        public String where() {
            return "[" + context + "] " + exten + "," + priority + (label == null ? "" : "(" + label + ")")
                + " " + app + "(" + data + ") (extensions.conf line " + line + ")";
        }
    }

    /** A place to jump to; {@code label} is a label or a priority number. */
    public record Target(String context, String exten, String label) {}

    /**
     * An {@code AGI(${CALLDESK_AGI}/script?query,args)} step, the script name taken after the last '/', the query
     * (where the secret travels) after the '?'.
     */
    public record Agi(Step step, String script, String query, List<String> args) {}

    private final Map<String, Map<String, List<Step>>> contexts;
    private final Map<String, String> globals;

    private Dialplan(Map<String, Map<String, List<Step>>> contexts, Map<String, String> globals) {
        this.contexts = contexts;
        this.globals = globals;
    }

    public static Dialplan load() throws IOException {
        Map<String, Map<String, List<Step>>> contexts = new LinkedHashMap<>();
        Map<String, String> globals = new LinkedHashMap<>();
        for (AsteriskConf.Section section : AsteriskConf.read("extensions.conf")) {
            if (section.name().equals("globals")) {
                section.lines().forEach(l -> globals.put(l.key(), l.value()));
                continue;
            }
            Map<String, List<Step>> extensions = contexts.computeIfAbsent(section.name(), n -> new LinkedHashMap<>());
            String exten = null;
            int priority = 0;
            for (AsteriskConf.Line line : section.lines()) {
                String rest;
                switch (line.key()) {
                    case "exten" -> {
                        int comma = line.value().indexOf(',');
                        exten = line.value().substring(0, comma).strip();
                        rest = line.value().substring(comma + 1);
                        priority = extensions.containsKey(exten) ? extensions.get(exten).getLast().priority() : 0;
                    }
                    case "same" -> {
                        if (exten == null) {
                            throw new IllegalArgumentException("extensions.conf line " + line.number() + ": 'same' with no extension before it");
                        }
                        rest = line.value();
                    }
                    case "include" -> {
                        continue;
                    }
                    default -> throw new IllegalArgumentException("extensions.conf line " + line.number() + ": unexpected " + line.key());
                }
                int comma = rest.indexOf(',');
                Matcher p = PRIORITY.matcher(rest.substring(0, comma).strip());
                if (!p.matches()) {
                    throw new IllegalArgumentException("extensions.conf line " + line.number() + ": priority " + rest.substring(0, comma));
                }
                priority = p.group(1).equals("n") ? priority + 1 : Integer.parseInt(p.group(1));
                String call = rest.substring(comma + 1).strip();
                int open = call.indexOf('(');
                String app = open < 0 ? call : call.substring(0, open).strip();
                String data = open < 0 ? "" : call.substring(open + 1, call.lastIndexOf(')'));
                extensions.computeIfAbsent(exten, e -> new ArrayList<>())
                    .add(new Step(section.name(), exten, priority, p.group(2), app, data, line.number()));
            }
        }
        return new Dialplan(contexts, globals);
    }

    public Set<String> contexts() {
        return contexts.keySet();
    }

    public Map<String, String> globals() {
        return globals;
    }

    public List<String> extensions(String context) {
        return List.copyOf(contexts.getOrDefault(context, Map.of()).keySet());
    }

    public List<Step> steps(String context, String exten) {
        return contexts.getOrDefault(context, Map.of()).getOrDefault(exten, List.of());
    }

    public List<Step> steps() {
        return contexts.values().stream().flatMap(e -> e.values().stream()).flatMap(List::stream).toList();
    }

    public Optional<Step> next(Step step) {
        List<Step> steps = steps(step.context(), step.exten());
        int at = steps.indexOf(step);
        return at + 1 < steps.size() ? Optional.of(steps.get(at + 1)) : Optional.empty();
    }

    /** A Goto destination as written, {@code [[context,]exten,]label}, seen from the step that jumps. */
    public Target target(Step from, String spec) {
        List<String> parts = split(spec, ',');
        return switch (parts.size()) {
            case 1 -> new Target(from.context(), from.exten(), parts.get(0));
            case 2 -> new Target(from.context(), parts.get(0), parts.get(1));
            case 3 -> new Target(parts.get(0), parts.get(1), parts.get(2));
            default -> throw new IllegalArgumentException("not a Goto destination: " + spec + " at " + from.where());
        };
    }

    public Optional<Step> find(Target target) {
        return steps(target.context(), target.exten()).stream()
            .filter(s -> target.label().equals(s.label()) || target.label().equals(Integer.toString(s.priority())))
            .findFirst();
    }

    /**
     * GotoIf's and GotoIfTime's argument taken apart: condition, destination if true, destination if false; an
     * empty destination means the next priority.
     */
    public static List<String> branches(Step gotoIf) {
        List<String> test = split(gotoIf.data(), '?');
        String condition = test.get(0);
        String destinations = gotoIf.data().substring(condition.length() + 1);
        List<String> either = split(destinations, ':');
        return List.of(condition, either.get(0).strip(), either.size() > 1 ? either.get(1).strip() : "");
    }

    public List<Agi> agiCalls() {
        List<Agi> calls = new ArrayList<>();
        for (Step step : steps()) {
            Step s = step.inner();
            if (s.app().equals("AGI")) {
                List<String> args = s.args();
                String url = args.get(0);
                String path = url.substring(url.lastIndexOf('/') + 1);
                int query = path.indexOf('?');
                calls.add(new Agi(s, query < 0 ? path : path.substring(0, query), query < 0 ? "" : path.substring(query + 1),
                    List.copyOf(args.subList(1, args.size()))));
            }
        }
        return calls;
    }

    /** Every sound file a step names as a literal: the files of Playback and Background, quoted files in a Say format. */
    public static Set<String> prompts(Step step) {
        Step s = step.inner();
        Set<String> files = new LinkedHashSet<>();
        switch (s.app()) {
            case "Playback", "Background" -> split(s.args().get(0), '&').forEach(f -> files.add(f.strip()));
            case "SayUnixTime", "DateTime" -> {
                if (s.args().size() > 2) {
                    Matcher m = QUOTED_FILE.matcher(s.args().get(2));
                    while (m.find()) {
                        files.add(m.group(1));
                    }
                }
            }
            default -> { }
        }
        files.removeIf(f -> f.contains("${"));
        return files;
    }

    public Set<String> prompts() {
        Set<String> files = new LinkedHashSet<>();
        steps().forEach(s -> files.addAll(prompts(s)));
        return files;
    }

    /** Names of the variables a step reads with {@code ${NAME}} (functions such as CALLERID(num) left out). */
    public static Set<String> variablesRead(Step step) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(step.data());
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** {@code Set(NAME=value)}: the variable's name and the value as written, or empty if not a Set of a variable. */
    public static Optional<Map.Entry<String, String>> assignment(Step step) {
        Step s = step.inner();
        int eq = s.data().indexOf('=');
        if (!s.app().equals("Set") || eq < 0 || s.data().substring(0, eq).contains("(")) {
            return Optional.empty();
        }
        return Optional.of(Map.entry(s.data().substring(0, eq).strip(), s.data().substring(eq + 1).strip()));
    }

    /** Splits at {@code separator} outside (), [] and {} — how Asterisk's argument parser sees ${...}, $[...] and nested calls. */
    public static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == separator && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}

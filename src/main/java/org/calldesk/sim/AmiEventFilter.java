package org.calldesk.sim;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One {@code eventfilter} line of a manager.conf user, read and applied as Asterisk 22's manager.c does (22.1 and
 * later: the legacy regular expression and the advanced {@code eventfilter(action(..),name(..),header(..),method(..))}
 * form). Filters narrow broadcast events only; replies to a session's own actions, list items included, are never
 * filtered.
 */
record AmiEventFilter(boolean exclude, String name, String header, Method method, String text, Pattern regex) {

    enum Method { REGEX, EXACT, STARTS_WITH, ENDS_WITH, CONTAINS, NONE }

    /**
     * A filter from its key ({@code eventfilter} or {@code eventfilter(...)}) and value. Throws with manager.c's
     * reason where Asterisk would log the line and drop it.
     */
    static AmiEventFilter parse(String criteria, String value) {
        if (criteria == null || !criteria.startsWith("eventfilter")) {
            throw new IllegalArgumentException("'" + criteria + "' is not an eventfilter");
        }
        String pattern = value == null ? "" : value;
        boolean exclude = false;
        // '!' marks an exclude filter in both forms; an explicit action(...) below overrides it.
        if (pattern.startsWith("!")) {
            exclude = true;
            pattern = pattern.substring(1);
        }
        int open = criteria.indexOf('(');
        if (open < 0) {
            if (pattern.isEmpty()) {
                throw new IllegalArgumentException("'" + criteria + " = " + value
                    + "': Legacy filter with no filter pattern specified");
            }
            return new AmiEventFilter(exclude, null, null, Method.REGEX, pattern, compile(pattern));
        }
        String options = criteria.substring(open + 1).strip();
        if (options.isEmpty() || !options.endsWith(")")) {
            throw new IllegalArgumentException("'" + criteria + " = " + value + "': Filter options not formatted correctly");
        }
        String name = null;
        String header = null;
        Method method = Method.NONE;
        boolean found = false;
        boolean nameOrHeader = false;
        for (String option : options.split("[ ,)]+")) {
            if (option.isEmpty()) {
                continue;
            }
            int paren = option.indexOf('(');
            String arg = paren < 0 ? "" : option.substring(paren + 1).strip();
            if (option.startsWith("action")) {
                exclude = switch (arg) {
                    case "include" -> false;
                    case "exclude" -> true;
                    default -> throw new IllegalArgumentException("'" + criteria + " = " + value
                        + "': 'action' option '" + arg + "' is unknown");
                };
            } else if (option.startsWith("name")) {
                name = required(arg, "name", criteria, value);
                nameOrHeader = true;
            } else if (option.startsWith("header")) {
                String h = required(arg, "header", criteria, value);
                header = h.endsWith(":") ? h : h + ":";
                nameOrHeader = true;
            } else if (option.startsWith("method")) {
                method = switch (required(arg, "method", criteria, value)) {
                    case "regex" -> Method.REGEX;
                    case "exact" -> Method.EXACT;
                    case "starts_with" -> Method.STARTS_WITH;
                    case "ends_with" -> Method.ENDS_WITH;
                    case "contains" -> Method.CONTAINS;
                    case "none" -> Method.NONE;
                    default -> throw new IllegalArgumentException("'" + criteria + " = " + value
                        + "': 'method' option '" + arg + "' is unknown");
                };
            } else {
                throw new IllegalArgumentException("'" + criteria + " = " + value + "': Filter option '" + option
                    + "' is unknown");
            }
            found = true;
        }
        if (!found) {
            throw new IllegalArgumentException("'" + criteria + " = " + value
                + "': No action, name, header, or method option found");
        }
        if (pattern.isEmpty() && method != Method.NONE) {
            throw new IllegalArgumentException("'" + criteria + " = " + value + "': method can't be '"
                + method.name().toLowerCase(Locale.ROOT) + "' with no filter pattern");
        }
        if (!pattern.isEmpty() && method == Method.NONE) {
            throw new IllegalArgumentException("'" + criteria + " = " + value
                + "': method can't be 'none' with a filter pattern");
        }
        if (!nameOrHeader && method == Method.NONE) {
            throw new IllegalArgumentException("'" + criteria + " = " + value
                + "': No name or header option found and no filter pattern");
        }
        return new AmiEventFilter(exclude, name, header, method, pattern,
            method == Method.REGEX ? compile(pattern) : null);
    }

    private static String required(String arg, String option, String criteria, String value) {
        if (arg.isEmpty()) {
            throw new IllegalArgumentException("'" + criteria + " = " + value + "': '" + option
                + "' parameter not formatted correctly");
        }
        return arg;
    }

    private static Pattern compile(String pattern) {
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("Unable to compile regex filter for '" + pattern + "'", e);
        }
    }

    /**
     * manager.c's should_send_event: no filters send everything; include filters alone send what any of them
     * matches; exclude filters alone send what none matches; both send what an include matches and no exclude does.
     * {@code payload} is the whole event as written, asked for only when a filter looks past the name.
     */
    static boolean shouldSend(List<AmiEventFilter> filters, String event, Supplier<String> payload) {
        if (filters.isEmpty()) {
            return true;
        }
        boolean anyInclude = false;
        boolean included = false;
        boolean excluded = false;
        for (AmiEventFilter f : filters) {
            if (f.exclude) {
                excluded = excluded || f.matches(event, payload);
            } else {
                anyInclude = true;
                included = included || f.matches(event, payload);
            }
        }
        return (!anyInclude || included) && !excluded;
    }

    /**
     * Whether an event of this name could be sent under these lines, before it is written: a line that looks past
     * the name is taken to let it through (an include may match it, an exclude may not).
     */
    static boolean mayPass(List<AmiEventFilter> filters, String event) {
        boolean anyInclude = false;
        boolean included = false;
        for (AmiEventFilter f : filters) {
            boolean nameOnly = f.header == null && f.method == Method.NONE;
            boolean named = f.name == null || f.name.equals(event);
            if (f.exclude) {
                if (nameOnly && named) {
                    return false;
                }
            } else {
                anyInclude = true;
                included = included || named;
            }
        }
        return !anyInclude || included;
    }

    /** Whether the event is this filter's, before include or exclude is applied. */
    boolean matches(String event, Supplier<String> payload) {
        if (name != null && !name.equals(event)) {
            return false;
        }
        if (header == null) {
            return method == Method.NONE || test(payload.get());
        }
        String data = payload.get();
        for (String line : data.split("\n")) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (l.startsWith(header)) {
                String v = l.substring(header.length()).stripLeading();
                if (!v.isEmpty() && test(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean test(String data) {
        return switch (method) {
            case REGEX -> regex.matcher(data).find();
            case EXACT -> data.equals(text);
            case STARTS_WITH -> data.startsWith(text);
            case ENDS_WITH -> data.endsWith(text);
            case CONTAINS -> data.contains(text);
            case NONE -> true;
        };
    }
}

package org.calldesk.sim;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A manager.conf user: secret, the classes it may read (events) and write (actions), as bit masks in the order of
 * Asterisk 22's include/asterisk/manager.h so that "all" means what it means there, and its eventfilter lines.
 */
record AmiUser(String name, String secret, int read, int write, List<AmiEventFilter> filters) {
    static final int SYSTEM = 1;
    static final int CALL = 1 << 1;
    static final int COMMAND = 1 << 4;
    static final int AGENT = 1 << 5;
    static final int REPORTING = 1 << 9;
    static final int DIALPLAN = 1 << 11;
    static final int ORIGINATE = 1 << 12;
    static final int SECURITY = 1 << 18;
    static final int ALL = Integer.MAX_VALUE;

    /**
     * The read= and write= lines of the [calldesk] user in telephony/asterisk/manager.conf: the simulator's own user
     * has exactly these rights, so calldesk cannot do against the simulator what the shipped Asterisk would refuse.
     */
    static final String CALLDESK_READ = "call,agent";
    static final String CALLDESK_WRITE = "agent,originate,reporting";
    /**
     * The events the [calldesk] user's eventfilter lines let through (one {@code eventfilter(action(include),name(X)) =}
     * each): the broadcast events calldesk reads. Everything else of call and agent is left at the switch.
     */
    static final List<String> CALLDESK_EVENTS = List.of("QueueCallerJoin", "QueueCallerLeave", "QueueCallerAbandon",
        "AgentCalled", "AgentRingNoAnswer", "AgentConnect", "AgentComplete", "QueueMemberAdded", "QueueMemberRemoved",
        "QueueMemberPause", "QueueMemberStatus", "DialBegin", "DialEnd", "Hangup", "Hold", "Unhold",
        "OriginateResponse");

    private static final Map<String, Integer> NAMES = Map.ofEntries(
        Map.entry("system", SYSTEM), Map.entry("call", CALL), Map.entry("log", 1 << 2), Map.entry("verbose", 1 << 3),
        Map.entry("command", COMMAND), Map.entry("agent", AGENT), Map.entry("user", 1 << 6),
        Map.entry("config", 1 << 7), Map.entry("dtmf", 1 << 8), Map.entry("reporting", REPORTING),
        Map.entry("cdr", 1 << 10), Map.entry("dialplan", DIALPLAN), Map.entry("originate", ORIGINATE),
        Map.entry("agi", 1 << 13), Map.entry("cc", 1 << 15), Map.entry("aoc", 1 << 16), Map.entry("test", 1 << 17),
        Map.entry("security", SECURITY), Map.entry("message", 1 << 30), Map.entry("all", ALL));

    /** Privilege lines seen so far: an event's line is parsed once, not once per event. */
    private static final Map<String, Integer> PRIVILEGES = new ConcurrentHashMap<>();

    static AmiUser calldesk(String name, String secret) {
        List<AmiEventFilter> filters = CALLDESK_EVENTS.stream()
            .map(e -> AmiEventFilter.parse("eventfilter(action(include),name(" + e + "))", "")).toList();
        return new AmiUser(name, secret, classes(CALLDESK_READ), classes(CALLDESK_WRITE), filters);
    }

    /** A user with no eventfilter lines: every event of its read classes. */
    AmiUser(String name, String secret, int read, int write) {
        this(name, secret, read, write, List.of());
    }

    /** "call,agent" to its mask, as manager.c's get_perm: unknown names count for nothing. */
    static int classes(String list) {
        int mask = 0;
        if (list == null) {
            return 0;
        }
        for (String name : list.split(",")) {
            mask |= NAMES.getOrDefault(name.trim().toLowerCase(Locale.ROOT), 0);
        }
        return mask;
    }

    /**
     * The classes of an event from its Privilege line. Every line ends in ",all", which names no class of its own:
     * an event is sent to a session only if the session reads every other class on the line.
     */
    static int category(String privilege) {
        return PRIVILEGES.computeIfAbsent(privilege, p -> classes(p.replace(",all", "")));
    }

    /**
     * An Events or Login "Events:" mask as manager.c's strings_to_mask: digits, a yes/no word, or class names;
     * -1 when empty.
     */
    static int eventMask(String text) {
        if (text == null || text.isBlank()) {
            return -1;
        }
        String t = text.trim();
        if (t.chars().allMatch(Character::isDigit)) {
            return t.length() > 9 ? ALL : Integer.parseInt(t);
        }
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "no", "false", "n", "f", "0", "off" -> 0;
            case "yes", "true", "y", "t", "1", "on" -> ALL;
            default -> classes(t);
        };
    }
}

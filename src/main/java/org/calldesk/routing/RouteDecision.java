package org.calldesk.routing;

import java.util.Objects;

/**
 * Where a call goes and why; becomes the {@code CALLDESK_*} channel variables and the decision log row.
 *
 * @param agent  the account manager's dial string to try before the queue, or null
 * @param reason a sentence for supervisors, e.g. {@code gold tier 20 + repeat caller 5 = 25; account manager agent3 busy}
 */
public record RouteDecision(String queue, int priority, String agent, String greeting, String reason) {

    public static final String DEFAULT_QUEUE = "service";
    public static final String GREETING_VIP = "vip";
    public static final String GREETING_KNOWN = "known";
    public static final String GREETING_DEFAULT = "default";
    public static final String GREETING_AFTER_HOURS = "after_hours";

    public RouteDecision {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(greeting, "greeting");
        Objects.requireNonNull(reason, "reason");
        if (priority < 0) {
            throw new IllegalArgumentException("priority must not be negative: " + priority);
        }
    }

    /**
     * The route taken when the facts cannot be had in time (database or cache slow or down): the call
     * is never dropped, it goes to the service queue at the lowest priority, and the reason says why.
     */
    public static RouteDecision fallback(String why) {
        return fallback(DEFAULT_QUEUE, why);
    }

    static RouteDecision fallback(String queue, String why) {
        return new RouteDecision(queue, 0, null, GREETING_DEFAULT, "default route: " + why);
    }
}

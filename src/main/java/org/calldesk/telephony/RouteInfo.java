package org.calldesk.telephony;

/**
 * What the route script decided for a caller, keyed by the caller channel's Uniqueid.
 *
 * @param customerId null for an unknown caller
 * @param agent      dial string of the account manager to try first, or empty
 */
public record RouteInfo(Long customerId, String tier, int priority, String reason, String queue,
                        String ivr, String agent, String greeting) implements java.io.Serializable {

    public RouteInfo(Long customerId, String tier, int priority, String reason, String queue, String ivr) {
        this(customerId, tier, priority, reason, queue, ivr, "", "");
    }
}

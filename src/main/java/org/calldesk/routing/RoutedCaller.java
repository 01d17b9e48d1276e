package org.calldesk.routing;

import org.calldesk.customers.CustomerCard;

import java.util.List;

/**
 * A routing decision with what was known of the caller when it was made, keyed by the caller channel's
 * Uniqueid: what the screen pop needs to have the card ready before any phone rings.
 *
 * @param customer       null for an unknown caller or when the facts did not come in time
 * @param openComplaints most urgent first; empty when none or unknown
 */
public record RoutedCaller(String uniqueid, String callerNumber, IvrChoice ivr, CustomerCard customer,
                           List<OpenComplaint> openComplaints, RouteDecision decision) {

    public RoutedCaller {
        openComplaints = openComplaints == null ? List.of() : List.copyOf(openComplaints);
    }
}

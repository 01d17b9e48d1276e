package org.calldesk.routing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A routing decision with what was known of the caller when it was made, keyed by the caller channel's
 * Uniqueid: what the screen pop needs to have the card ready before any phone rings.
 *
 * @param customer       the customer's card, or null for an unknown caller or when the facts did not come in time
 * @param openComplaints the caller's open complaints as pop cards (empty when none or unknown)
 */
public record RoutedCaller(String uniqueid, String callerNumber, IvrChoice ivr, JsonObject customer,
                           JsonArray openComplaints, RouteDecision decision) {}
